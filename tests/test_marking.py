"""标注副本：原文件不动；问题格涂色加批注；问题清单全是文字。"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment

from toolkit.findings import Finding
from toolkit.checks.marking import AUTHOR, ERROR_FILL, LIST_HEADERS, LIST_SHEET, WARNING_FILL, write_marked_copy


def _source(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党员名册"
    ws.append(["序号", "姓名", "出生日期", "性别"])
    ws.append([1, "张三", "1985.3", "男"])
    ws.append([2, "李四", "1990-01-01", "未知"])
    ws.append([None, "王五", None, "女"])
    ws["B2"].comment = Comment("用户自己的批注", "张书记")
    other = wb.create_sheet("活动记录 ")  # 标签名末尾有空格
    other.append(["编号", "名称"])
    other.append(["A01", "合并的"])
    other.append([None, None])
    other.merge_cells("B2:B3")
    wb.save(path)
    return path


def _fill(cell) -> str | None:
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    return str(cell.fill.fgColor.rgb)[-6:]


@pytest.fixture
def marked(tmp_path):
    source = _source(tmp_path / "名册.xlsx")
    before = source.read_bytes()
    findings = [
        Finding("cell.date", "无法识别为日期（缺少“日”）。", sheet="党员名册", row=2, column="C", header="出生日期",
                identity="姓名：张三", found="“1985.3”", expected="完整日期，如 1985-03-01", fix="重新输入完整日期"),
        Finding("cell.normalised", "已按日期理解。", sheet="党员名册", row=2, column="C", header="出生日期", found="“1985.3”"),
        Finding("cell.choice", "不是可选的值。", sheet="党员名册", row=3, column="D", header="性别", found="“未知”",
                expected="从下拉列表选择：男、女", fix="从下拉列表选择"),
        Finding("cell.nation", "民族写法不规范。", sheet="党员名册", row=4, column="B", header="姓名"),
        Finding("member.duplicate_name", "=同名党员无法区分", sheet="党员名册", row=3, found="=SUM(A1:A9)",
                expected="=出生日期或身份证号", fix="+补填出生日期"),
        Finding("column.duplicate", "表头“姓名”重复。", sheet="党员名册", header="姓名"),
        Finding("sheet.extra", "“说明”不是标准工作表。", sheet="说明"),
        Finding("narrative.section_missing", "缺少“指导思想”。", expected="至少一段指导思想"),
        Finding("activity.parent_missing", "上级编号不存在。", sheet="活动记录 ", row=3, column="B", header="名称"),
        Finding("sheet.missing", "工作簿中没有“报告正文”工作表。", sheet="报告正文"),
    ]
    target = tmp_path / "名册_标注.xlsx"
    write_marked_copy(source, findings, target)
    return source, before, findings, target


def test_source_is_untouched(marked):
    source, before, _findings, target = marked
    assert source.read_bytes() == before
    assert target.exists()
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(".~")] == []


def test_fills_and_comments(marked):
    _source, _before, _findings, target = marked
    wb = openpyxl.load_workbook(target)
    ws = wb["党员名册"]

    c2 = ws["C2"]  # 一个错误、一个提醒：红色，一条合并的批注
    assert _fill(c2) == ERROR_FILL
    text = c2.comment.text
    assert c2.comment.author == AUTHOR
    assert text.startswith("[错误] 无法识别为日期")
    assert "[提醒] 已按日期理解。" in text
    assert "应填写：完整日期，如 1985-03-01" in text and "修改方法：重新输入完整日期" in text
    assert c2.value == "1985.3"  # 值不动

    assert _fill(ws["D3"]) == ERROR_FILL
    assert _fill(ws["B4"]) == WARNING_FILL
    assert ws["B4"].comment.text.startswith("[提醒] 民族写法不规范")

    # 没有列的行级发现：这一行第一个有内容的格
    assert "=同名党员无法区分" in ws["A3"].comment.text
    assert _fill(ws["A3"]) == ERROR_FILL

    # 只有表头名：标在表头格上，保留用户原来的批注
    assert _fill(ws["B1"]) == ERROR_FILL
    assert "表头“姓名”重复" in ws["B1"].comment.text

    # 没有问题的格不动
    assert _fill(ws["A2"]) is None and ws["A2"].comment is None
    assert ws["B2"].comment.text == "用户自己的批注"


def test_existing_comment_is_kept_in_combined_comment(tmp_path):
    source = _source(tmp_path / "a.xlsx")
    target = tmp_path / "b.xlsx"
    write_marked_copy(source, [Finding("cell.required", "姓名不能为空。", sheet="党员名册", row=2, column="B")], target)
    text = openpyxl.load_workbook(target)["党员名册"]["B2"].comment.text
    assert text.startswith("[错误] 姓名不能为空。") and "用户自己的批注" in text


def test_merged_cell_marks_top_left_and_exact_tab_name(marked):
    _source, _before, _findings, target = marked
    ws = openpyxl.load_workbook(target)["活动记录 "]
    assert _fill(ws["B2"]) == ERROR_FILL
    assert "上级编号不存在" in ws["B2"].comment.text


def test_problem_list(marked):
    _source, _before, findings, target = marked
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[-1] == LIST_SHEET
    ws = wb[LIST_SHEET]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert tuple(rows[0]) == LIST_HEADERS
    assert len(rows) == 1 + len(findings)  # 全部列出，包括落不到格上的
    body = rows[1:]
    by_problem = {r[3]: r for r in body}
    assert by_problem["无法识别为日期（缺少“日”）。"][:3] == ["错误", "党员名册", "C2"]
    assert by_problem["不是可选的值。"][4:6] == ["从下拉列表选择：男、女", "从下拉列表选择"]
    assert by_problem["缺少“指导思想”。"][:3] == ["错误", None, None]
    assert by_problem["=同名党员无法区分"][2] == "第3行"
    assert by_problem["表头“姓名”重复。"][2] == "「姓名」"
    assert body[0][1] is None  # 没有工作表的排在最前
    # 每一格都是文字
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.value is not None:
                assert cell.data_type == "s"
    # 单元格一列链接到问题格
    link = next(r for r in ws.iter_rows(min_row=2) if r[2].value == "C2")[2].hyperlink
    assert link.location == "'党员名册'!C2"


def test_text_starting_with_equals_is_not_a_formula(marked):
    _source, _before, _findings, target = marked
    ws = openpyxl.load_workbook(target)[LIST_SHEET]
    row = next(r for r in ws.iter_rows(min_row=2) if r[3].value == "=同名党员无法区分")
    assert [c.value for c in row[3:7]] == ["=同名党员无法区分", "=出生日期或身份证号", "+补填出生日期", "=SUM(A1:A9)"]
    assert all(c.data_type == "s" for c in row[3:7])
    with zipfile.ZipFile(target) as archive:
        index = openpyxl.load_workbook(target).sheetnames.index(LIST_SHEET) + 1
        xml = archive.read(f"xl/worksheets/sheet{index}.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_same_file_as_target_is_refused(tmp_path):
    source = _source(tmp_path / "a.xlsx")
    before = source.read_bytes()
    with pytest.raises(ValueError):
        write_marked_copy(source, [], source)
    assert source.read_bytes() == before


def test_unreadable_source_gives_value_error_and_no_file(tmp_path):
    source = tmp_path / "坏.xlsx"
    source.write_bytes(b"not a zip at all")
    target = tmp_path / "坏_标注.xlsx"
    with pytest.raises(ValueError):
        write_marked_copy(source, [], target)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["坏.xlsx"]


def _as_xlsm(path: Path) -> Path:
    """把工作簿改成带宏的样子：宏工作簿的内容类型 + 一个 vbaProject.bin。"""
    target = path.with_suffix(".xlsm")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml":
                text = data.decode().replace(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
                text = text.replace("<Default ", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default ', 1)
                data = text.encode()
            dst.writestr(item, data)
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 fake macros")
    return target


def test_xlsm_source_is_saved_without_macros(tmp_path):
    source = _as_xlsm(_source(tmp_path / "带宏.xlsx"))
    before = source.read_bytes()
    target = tmp_path / "标注.xlsx"
    write_marked_copy(source, [Finding("cell.required", "缺少。", sheet="党员名册", row=2, column="B")], target)
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        types = archive.read("[Content_Types].xml").decode()
    assert not any("vbaProject" in n for n in names)
    assert "macroEnabled" not in types
    assert source.read_bytes() == before
    assert openpyxl.load_workbook(target)["党员名册"]["B2"].comment.text.startswith("[错误] 缺少。")


def test_only_one_sheet_selected(marked):
    _source, _before, _findings, target = marked
    wb = openpyxl.load_workbook(target)
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == [wb.active.title]


def test_copy_has_ordinary_permissions(marked):
    import os

    _source, _before, _findings, target = marked
    if os.name == "posix":
        mask = os.umask(0)
        os.umask(mask)
        assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # 不是临时文件的 0600

"""空白模板：由 standard.py 生成；随包分发的文件与代码一致；下拉、格式、说明都在。"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter

from toolkit import standard
from toolkit.workbook import blank as template
from toolkit.standard import CHOICE, DATE, INT, OPTIONAL, REQUIRED

SHIPPED = Path(__file__).resolve().parents[1] / "templates" / "支部工作数据簿.xlsx"
REGENERATE = "python -m toolkit.workbook.blank templates/支部工作数据簿.xlsx"
TABLES = [s for s in standard.SHEETS if s.layout == "table"]


def _reload(wb) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(template.workbook_bytes(wb)))


@pytest.fixture(scope="module")
def book():
    return _reload(template.blank_workbook())


# ---------------------------------------------------------------- 规范化的内容


def _colour(fill) -> str | None:
    if fill is None or fill.fill_type is None:
        return None
    return str(fill.fgColor.rgb)


def canonical(wb) -> dict:
    """工作簿里与用户相关的一切，按“位置 → 值”摊平（zip 时间戳不算）。"""
    out = {"sheets": [(ws.title, ws.sheet_state) for ws in wb.worksheets], "creator": wb.properties.creator}
    for ws in wb.worksheets:
        t = ws.title
        out[(t, "freeze")] = ws.freeze_panes
        out[(t, "merged")] = sorted(str(r) for r in ws.merged_cells.ranges)
        out[(t, "protected")] = bool(ws.protection.sheet)
        for letter, dim in sorted(ws.column_dimensions.items()):
            out[(t, "col", letter)] = (dim.width, dim.number_format, bool(dim.alignment and dim.alignment.wrap_text))
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None and cell.number_format == "General" and not cell.has_style:
                    continue
                out[(t, cell.coordinate)] = (
                    cell.value,
                    cell.data_type,
                    cell.number_format,
                    bool(cell.font and cell.font.b),
                    _colour(cell.fill),
                    bool(cell.alignment and cell.alignment.wrap_text),
                )
        for dv in ws.data_validations.dataValidation:
            out[(t, "dv", str(dv.sqref))] = (
                dv.type,
                dv.formula1,
                dv.promptTitle,
                dv.prompt,
                dv.errorStyle,
                dv.error,
                bool(dv.showDropDown),
                bool(dv.showErrorMessage),
                bool(dv.showInputMessage),
            )
    return out


def test_shipped_template_matches_standard():
    assert SHIPPED.exists(), f"缺少随包分发的模板 {SHIPPED}，请运行：{REGENERATE}"
    shipped = canonical(openpyxl.load_workbook(SHIPPED))
    fresh = canonical(_reload(template.blank_workbook()))
    if shipped != fresh:
        missing = object()
        keys = sorted((k for k in {*shipped, *fresh} if shipped.get(k, missing) != fresh.get(k, missing)), key=str)
        sample = "; ".join(f"{k}: 文件={shipped.get(k)!r} 代码={fresh.get(k)!r}" for k in keys[:5])
        pytest.fail(f"templates/支部工作数据簿.xlsx 与 standard.py 不一致，请运行：{REGENERATE}\n不同之处（前 5 处）：{sample}")


def test_canonical_dump_notices_a_change():
    """上面那条测试能失败：改一格、改一个提示，规范化内容就不同。"""
    wb = _reload(template.blank_workbook())
    before = canonical(wb)
    wb["党员名册"]["B1"].value = "姓 名"
    assert canonical(wb) != before
    wb = _reload(template.blank_workbook())
    wb["党员名册"].data_validations.dataValidation[0].prompt = "改过"
    assert canonical(wb) != before


def test_same_code_gives_same_bytes():
    a = template.workbook_bytes(template.blank_workbook())
    b = template.workbook_bytes(template.blank_workbook())
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as archive:
        assert {i.date_time for i in archive.infolist()} == {template.FIXED_TIME.timetuple()[:6]}
    wb = openpyxl.load_workbook(io.BytesIO(a))
    assert wb.properties.creator == "toolkit"
    assert wb.properties.created == template.FIXED_TIME
    assert wb.properties.modified == template.FIXED_TIME


# ---------------------------------------------------------------- 布局


def test_sheet_order_and_states(book):
    expected = [s.name for s in standard.SHEETS] + [standard.GUIDE_SHEET, standard.CODE_SHEET]
    assert book.sheetnames == expected
    states = {ws.title: ws.sheet_state for ws in book.worksheets}
    assert states.pop(standard.CODE_SHEET) == "hidden"
    assert set(states.values()) == {"visible"}
    assert book.active.title == standard.SHEETS[0].name


def test_code_sheet_hidden(book):
    assert book[standard.CODE_SHEET].sheet_state == "hidden"
    assert book.active.title != standard.CODE_SHEET


def test_branch_info_layout(book):
    spec = standard.BRANCH_INFO
    ws = book[spec.name]
    assert [ws.cell(1, c).value for c in (1, 2, 3)] == [*standard.KEYVALUE_HEADERS, "说明"]
    assert ws.max_row == 1 + len(spec.columns)
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    for row, column in enumerate(spec.columns, start=2):
        assert ws.cell(row, 1).value == column.name
        assert ws.cell(row, 2).value is None
        note = ws.cell(row, 3).value
        assert column.help in note and standard.NEED_WORDS[column.need] in note
        if column.type == DATE:
            assert ws.cell(row, 2).number_format == "yyyy-mm-dd"
        dv = validations[f"B{row}"]
        assert dv.promptTitle == column.name and column.expectation in dv.prompt
        if column.type == CHOICE:
            assert dv.type == "list"
            assert _list_values(book, dv.formula1) == list(column.choices)
    assert ws.freeze_panes == "A2"


@pytest.mark.parametrize("spec", TABLES, ids=lambda s: s.name)
def test_table_headers_and_no_example_rows(book, spec):
    ws = book[spec.name]
    assert [c.value for c in ws[1]] == [c.name for c in spec.columns]
    assert ws.max_row == 1, "模板里不应有示例行"
    assert ws.freeze_panes == "A2"
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        width = ws.column_dimensions[letter].width
        if column.width:
            assert width == column.width
        else:
            assert width >= template.display_width(column.name) + 2
        header = ws.cell(1, index)
        if column.need == OPTIONAL:
            assert not header.font.b
        else:
            assert header.font.b and header.fill.fill_type == "solid"
        if column.need == REQUIRED:
            assert _colour(header.fill).endswith(template.NEED_FILLS[REQUIRED])


def test_display_width_counts_cjk_double():
    assert template.display_width("姓名") == 4
    assert template.display_width("A01") == 3
    assert template.display_width("ｇ") == 2


@pytest.mark.parametrize("spec", TABLES, ids=lambda s: s.name)
def test_column_formats(book, spec):
    ws = book[spec.name]
    for index, column in enumerate(spec.columns, start=1):
        fmt = ws.column_dimensions[get_column_letter(index)].number_format
        if column.sensitive:
            assert fmt == "@", f"{spec.name}·{column.name} 应为文本格式"
        elif column.type == DATE:
            assert fmt == "yyyy-mm-dd"
        elif column.type == INT:
            assert fmt == "0"
        else:
            assert fmt == "General"


def test_sensitive_columns_are_text_in_the_file_itself():
    """Excel 以后在这些列输入的值沿用列格式：<col style> 指向 numFmtId 49（@）。"""
    data = template.workbook_bytes(template.blank_workbook())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("xl/styles.xml").decode()
        xfs = re.findall(r"<xf [^>]*>", styles.split("<cellXfs")[1].split("</cellXfs>")[0])
        sheet_xml = archive.read(f"xl/worksheets/sheet{standard.SHEETS.index(standard.MEMBERS) + 1}.xml").decode()
    cols = {int(m["min"]): m for m in (dict(re.findall(r'(\w+)="([^"]*)"', c)) for c in re.findall(r"<col [^>]*/>", sheet_xml))}
    sensitive = [i for i, c in enumerate(standard.MEMBERS.columns, start=1) if c.sensitive]
    assert sensitive
    for index in sensitive:
        xf = xfs[int(cols[index]["style"])]
        assert 'numFmtId="49"' in xf


# ---------------------------------------------------------------- 下拉列表


def _list_values(wb, formula: str) -> list[str]:
    match = re.fullmatch(r"'?(.+?)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", formula)
    assert match, formula
    sheet, c1, r1, c2, r2 = match.groups()
    assert sheet == standard.CODE_SHEET and c1 == c2
    ws = wb[sheet]
    col = column_index_from_string(c1)
    return [ws.cell(r, col).value for r in range(int(r1), int(r2) + 1)]


def _code_header(wb, formula: str) -> str:
    letter = re.search(r"!\$([A-Z]+)\$", formula).group(1)
    return wb[standard.CODE_SHEET][f"{letter}1"].value


@pytest.mark.parametrize("spec", TABLES, ids=lambda s: s.name)
def test_every_column_has_prompt_and_choice_columns_a_list(book, spec):
    ws = book[spec.name]
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        dv = validations.get(f"{letter}2:{letter}{template.LAST_ROW}")
        assert dv is not None, f"{spec.name}·{column.name} 没有数据验证"
        assert dv.promptTitle == column.name
        assert dv.prompt == template.prompt_text(column)
        assert column.expectation in dv.prompt and len(dv.prompt) <= 255
        assert dv.showInputMessage
        if column.type == CHOICE:
            assert dv.type == "list"
            assert not dv.showDropDown  # True 会隐藏下拉箭头
            assert dv.showErrorMessage and dv.errorStyle in ("stop", "warning")
            assert _list_values(book, dv.formula1) == list(column.choices)
            assert _code_header(book, dv.formula1) == f"{spec.name}·{column.name}"
        else:
            assert dv.type is None  # 只提示，不限制


def test_code_sheet_has_exactly_one_column_per_choice_column(book):
    ws = book[standard.CODE_SHEET]
    headers = [c.value for c in ws[1]]
    expected = [f"{s.name}·{c.name}" for s in standard.SHEETS for c in s.columns if c.type == CHOICE]
    assert headers == expected
    for index, (s, c) in enumerate(((s, c) for s in standard.SHEETS for c in s.columns if c.type == CHOICE), start=1):
        values = [ws.cell(r, index).value for r in range(2, ws.max_row + 1)]
        assert [v for v in values if v is not None] == list(c.choices)


def test_prompt_is_cut_to_255():
    long = standard.Column("长", standard.TEXT, OPTIONAL, "很" * 400)
    assert len(template.prompt_text(long)) == 255


# ---------------------------------------------------------------- 填表说明


def _guide_text(wb) -> str:
    ws = wb[standard.GUIDE_SHEET]
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


def test_guide_explains_every_sheet_column_and_placeholder(book):
    text = _guide_text(book)
    for sheet in standard.SHEETS:
        assert sheet.name in text and sheet.help in text
        for column in sheet.columns:
            assert column.name in text
            assert column.help in text
            assert column.expectation in text
            if column.condition:
                assert column.condition in text
            if column.choices:
                assert "、".join(column.choices) in text
    for p in standard.PLACEHOLDERS:
        assert "{" + p.name + "}" in text
        assert p.meaning in text
    assert "{{" in text
    assert "错误" in text and "提醒" in text


def test_guide_marks_activity_only_placeholders(book):
    ws = book[standard.GUIDE_SHEET]
    rows = {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(1, ws.max_row + 1)}
    for p in standard.PLACEHOLDERS:
        where = rows["{" + p.name + "}"]
        assert ("只在" in where) == (p.scope == "activity")


# ---------------------------------------------------------------- 写出命令


def test_main_writes_and_refuses_foreign_files(tmp_path):
    target = tmp_path / "模板.xlsx"
    assert template.main([str(target)]) == 0
    assert canonical(openpyxl.load_workbook(target)) == canonical(_reload(template.blank_workbook()))
    assert template.main([str(target)]) == 0  # 自己写的可以重写

    foreign = tmp_path / "别人的.xlsx"
    wb = openpyxl.Workbook()
    wb["Sheet"]["A1"] = "重要数据"
    wb.save(foreign)
    before = foreign.read_bytes()
    assert template.main([str(foreign)]) == 1
    assert foreign.read_bytes() == before
    assert template.main(["x.txt"]) == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~")] == []


# ---------------------------------------------------------------- 往返：填好后读取器读得出来


def test_round_trip_through_reader(tmp_path):
    from toolkit.workbook.tables import read_workbook

    path = tmp_path / "填好的.xlsx"
    path.write_bytes(template.workbook_bytes(template.blank_workbook()))
    wb = openpyxl.load_workbook(path)

    info = wb[standard.BRANCH_INFO.name]
    values = {
        "支部名称": "测试系党支部",
        "上级党组织": "院党委",
        "活动名称": "创先争优",
        "报告期开始": dt.datetime(2010, 7, 1),
        "报告期结束": dt.datetime(2011, 1, 7),
    }
    for row in range(2, info.max_row + 1):
        name = info.cell(row, 1).value
        if name in values:
            info.cell(row, 2).value = values[name]

    def fill(sheet: str, rows: list[dict]):
        ws = wb[sheet]
        headers = [c.value for c in ws[1]]
        for r, data in enumerate(rows, start=2):
            for key, value in data.items():
                cell = ws.cell(r, headers.index(key) + 1, value)
                if key in ("身份证号", "联系电话"):
                    cell.number_format = "@"

    fill(
        "党员名册",
        [
            {"姓名": "林海峰", "性别": "男", "人员类别": "教师", "党员类别": "正式党员", "入党日期": dt.datetime(1992, 6, 1), "身份证号": "33010219680302111X"},
            {"姓名": "王晓萌", "性别": "女", "人员类别": "学生", "党员类别": "预备党员", "入党日期": dt.datetime(2010, 6, 15), "联系电话": "13812345678"},
        ],
    )
    fill("活动记录", [{"编号": "A01", "开始日期": dt.datetime(2010, 7, 9), "类型": "党课", "名称": "上党课", "参加范围": "全体党员", "内容": "全支部{党员总数}名党员参加。"}])
    fill("报告正文", [{"章节": "指导思想", "文本": "以科学发展观为指导。"}])
    wb.save(path)

    content = read_workbook(path)
    assert [f.code for f in content.findings] == []  # 填表说明、代码表被忽略，表头全认
    assert set(content.info.items) == {c.name for c in standard.BRANCH_INFO.columns}
    assert content.info.items["支部名称"].cell.value == "测试系党支部"
    members = content.tables["党员名册"]
    assert [r.number for r in members.rows] == [2, 3]
    assert members.rows[0].cells["身份证号"].value == "33010219680302111X"
    assert members.rows[1].cells["联系电话"].value == "13812345678"
    assert len(content.tables["活动记录"].rows) == 1
    assert content.tables["出勤明细"].rows == []


def test_blank_template_reads_without_sheet_problems(tmp_path):
    from toolkit.workbook.tables import read_workbook

    path = tmp_path / "空白.xlsx"
    path.write_bytes(template.workbook_bytes(template.blank_workbook()))
    content = read_workbook(path)
    codes = {f.code for f in content.findings}
    assert not codes & {"sheet.missing", "sheet.extra", "sheet.no_header", "column.missing", "column.extra", "item.missing"}

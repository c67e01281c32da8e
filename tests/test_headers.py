"""表头：两三行的表头（合并的分组标题、上下合并的列名）照样读对；写错一个字的表头按标准列读并提醒一次。

工作簿都由测试现场用 openpyxl 搭出来；两种读法（calamine 快读、lxml 逐格）都要读得一样。
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import openpyxl
import pytest

from tests.hostile_corpus import to_shared_strings
from tests.workbooks import headers_for, small_branch, write_workbook
from toolkit import api
from toolkit.workbook import rows as rows_module

D = dt.date
COUNTS = ("应到人数", "实到人数", "请假人数")


@pytest.fixture(params=["calamine", "lxml"])
def read_path(request, monkeypatch):
    monkeypatch.setattr(rows_module, "USE_CALAMINE", request.param == "calamine")
    return request.param


def findings_of(path):
    return api.validate(path).checked


def codes(checked) -> list[str]:
    return [f.code for f in checked.findings if not f.code.startswith("meetings.")]


def said(checked) -> str:
    return "\n".join(f"{f.problem} {f.expected} {f.fix}" for f in checked.findings)


def counts_of(checked) -> list[tuple]:
    return [(a.code, a.expected, a.present, a.on_leave) for a in checked.branch.activities]


def grouped_headers(ws, headers: list[str], group: str, members: tuple[str, ...], subs: tuple[str, ...] | None = None,
                    top: int = 1, merge_down: bool = True, merge_group: bool = True) -> None:
    """在第 top、top+1 行写两行表头：members 几列在合并的分组标题 group 下面（第二行写 subs），
    其余列名写在第一行并上下合并（merge_down=False 时第二行留空、不合并）。"""
    subs = subs or members
    columns = [headers.index(m) + 1 for m in members]
    for j, header in enumerate(headers, start=1):
        ws.cell(top, j).value = ws.cell(top + 1, j).value = None
        if j in columns:
            ws.cell(top + 1, j).value = subs[columns.index(j)]
            continue
        ws.cell(top, j, header)
        if merge_down:
            ws.merge_cells(start_row=top, start_column=j, end_row=top + 1, end_column=j)
    ws.cell(top, columns[0], group)
    if merge_group:
        ws.merge_cells(start_row=top, start_column=columns[0], end_row=top, end_column=columns[-1])


def two_row_activities(tmp_path: Path, name="两行表头.xlsx", *, subs=None, title=False, shared=True, **kwargs) -> Path:
    """活动记录的表头占两行（“出勤情况”跨应到/实到/请假三列）；title：上面再加一行合并的表名。"""
    path = write_workbook(tmp_path / name, small_branch(), start_row=3 if title else 2)
    wb = openpyxl.load_workbook(path)
    ws = wb["活动记录"]
    top = 2 if title else 1
    if title:
        ws["A1"] = "测试系党支部活动记录表"
        ws.merge_cells("A1:H1")
    grouped_headers(ws, headers_for("活动记录"), "出勤情况", COUNTS, subs, top=top, **kwargs)
    wb.save(path)
    if shared:
        to_shared_strings(path)
    return path


# ---------------------------------------------------------------- 两行、三行的表头


def test_group_title_over_attendance_counts_is_read(tmp_path, read_path):
    checked = findings_of(two_row_activities(tmp_path))
    assert checked.errors == [], said(checked)
    assert codes(checked) == [], said(checked)
    assert counts_of(checked) == [("A01", 5, 4, 1), ("A02", 3, 3, None)]
    assert checked.branch.activities[0].source.row == 3  # 数据从表头最后一行的下一行开始


def test_two_row_header_fills_the_attendance_cells_of_the_report(tmp_path):
    path = two_row_activities(tmp_path)
    report = api.generate_report(path, tmp_path / "报告.docx")
    rows = [[c.text for c in row.cells] for t in docx.Document(str(report.path)).tables for row in t.rows]
    header = next(r for r in rows if "应到" in r and "实到" in r)
    dated = [r for r in rows if r[0] == "2010.7.9" and len(r) == len(header)]
    assert dated and dated[0][header.index("应到")] == "5" and dated[0][header.index("实到")] == "4"
    assert any("出勤率80%" in p.text for p in docx.Document(str(report.path)).paragraphs)


def test_title_row_above_a_two_row_header(tmp_path, read_path):
    checked = findings_of(two_row_activities(tmp_path, title=True))
    assert codes(checked) == [], said(checked)
    assert counts_of(checked) == [("A01", 5, 4, 1), ("A02", 3, 3, None)]
    assert checked.branch.activities[0].source.row == 4


def test_two_row_header_typed_without_merging(tmp_path, read_path):
    """不合并也行：分组标题只写在第一格，其余列名写在第一行、第二行空着。"""
    checked = findings_of(two_row_activities(tmp_path, merge_down=False, merge_group=False))
    assert codes(checked) == [], said(checked)
    assert counts_of(checked) == [("A01", 5, 4, 1), ("A02", 3, 3, None)]
    unread = findings_of(two_row_activities(tmp_path, "不合并2.xlsx", subs=("应到人数", "实到人数", "外出"), merge_down=False, merge_group=False))
    (extra,) = [f for f in unread.findings if f.code == "column.extra"]
    assert "表头占第1-2行，第1行是分组标题「出勤情况」" in extra.problem


def test_sub_headers_that_match_nothing_still_end_the_header(tmp_path, read_path):
    """分组下的列名一个也对不上时，上下合并的列名说明表头占两行：第 2 行不当数据；
    对不上的列说出看到的表头样子，不说“可以不处理”。"""
    path = two_row_activities(tmp_path, subs=("应到人", "参会", "外出"))
    checked = findings_of(path)
    assert [a.code for a in checked.branch.activities] == ["A01", "A02"]
    assert counts_of(checked)[0][1] == 5  # “应到人”按“应到人数”读
    letters = {h: openpyxl.utils.get_column_letter(headers_for("活动记录").index(h) + 1) for h in COUNTS}
    extra = [f for f in checked.findings if f.code == "column.extra"]
    assert len(extra) == 1
    assert f"{letters['实到人数']}列“参会”" in extra[0].problem and f"{letters['请假人数']}列“外出”" in extra[0].problem
    assert "表头占第1-2行" in extra[0].problem and "第1行是合并的分组标题「出勤情况」" in extra[0].problem
    assert "可以不处理" not in said(checked) and "不需要处理" not in said(checked)
    assert "column.unnamed" not in codes(checked)


def test_column_under_a_group_without_its_own_header_names_the_layout(tmp_path, read_path):
    path = two_row_activities(tmp_path, subs=("应到人数", "实到人数", None))
    checked = findings_of(path)
    (unnamed,) = [f for f in checked.findings if f.code == "column.unnamed"]
    assert unnamed.column == openpyxl.utils.get_column_letter(headers_for("活动记录").index("请假人数") + 1)
    assert "表头占第1-2行，第1行是合并的分组标题「出勤情况」" in unnamed.problem
    assert "可以不处理" not in unnamed.fix and "数据不用重填" in unnamed.fix
    assert counts_of(checked)[0][:3] == ("A01", 5, 4)


def test_register_with_two_group_titles(tmp_path, read_path):
    """党员名册：“基本情况”“党籍情况”两个分组，列名在第 2 行，数据里有日期。"""
    path = write_workbook(tmp_path / "名册.xlsx", small_branch(), start_row=2)
    wb = openpyxl.load_workbook(path)
    ws = wb["党员名册"]
    headers = headers_for("党员名册")
    for j, header in enumerate(headers, start=1):
        ws.cell(1, j, None)
        ws.cell(2, j, header)
    ws.cell(1, 2, "基本情况")
    ws.merge_cells(start_row=1, start_column=2, end_row=1, end_column=headers.index("人员类别") + 1)
    first = headers.index("党员类别") + 1
    ws.cell(1, first, "党籍情况")
    ws.merge_cells(start_row=1, start_column=first, end_row=1, end_column=headers.index("党内职务") + 1)
    ws.cell(1, 1, "序号")
    ws.merge_cells("A1:A2")
    ws.cell(2, 1, None)
    wb.save(path)
    checked = findings_of(path)
    assert codes(checked) == [], said(checked)
    assert [m.birth for m in checked.branch.members][:2] == [D(1968, 3, 2), D(1975, 8, 19)]
    assert checked.branch.members[0].source.row == 3


def test_three_row_header(tmp_path, read_path):
    """第 1 行“人数”跨三列，第 2 行“出勤情况”，第 3 行才是列名；其余列名上下合并三行。"""
    path = write_workbook(tmp_path / "三行.xlsx", small_branch(), start_row=3)
    wb = openpyxl.load_workbook(path)
    ws = wb["活动记录"]
    headers = headers_for("活动记录")
    columns = [headers.index(h) + 1 for h in COUNTS]
    for j, header in enumerate(headers, start=1):
        ws.cell(3, j, None)
        if j in columns:
            ws.cell(3, j, header)
            continue
        ws.cell(1, j, header)
        ws.merge_cells(start_row=1, start_column=j, end_row=3, end_column=j)
    for row, text in ((1, "人数"), (2, "出勤情况")):
        ws.cell(row, columns[0], text)
        ws.merge_cells(start_row=row, start_column=columns[0], end_row=row, end_column=columns[-1])
    wb.save(path)
    to_shared_strings(path)
    checked = findings_of(path)
    assert codes(checked) == [], said(checked)
    assert counts_of(checked) == [("A01", 5, 4, 1), ("A02", 3, 3, None)]


def test_merged_extra_header_does_not_swallow_the_first_data_row(tmp_path, read_path):
    """一行表头，多出的“联系方式”跨两列合并：下一行是数据（全是文字也是），不当作表头。"""
    headers = headers_for("出勤明细") + ["联系方式", "微信"]
    path = write_workbook(tmp_path / "出勤.xlsx", small_branch(), headers={"出勤明细": headers})
    wb = openpyxl.load_workbook(path)
    ws = wb["出勤明细"]
    start = len(headers) - 1
    ws.merge_cells(start_row=1, start_column=start, end_row=1, end_column=start + 1)
    ws.cell(2, start, "电话")
    wb.save(path)
    checked = findings_of(path)
    rows = api.validate(path).checked.branch.attendance
    assert len(rows) == 5 and rows[0].source.row == 2


def test_required_column_missing_under_a_two_row_header_points_at_the_unread_column(tmp_path, read_path):
    """“开始日期”列名写成了别的字：缺列的错误先请用户看那一列，不叫人加一列重填。"""
    data = small_branch()
    for row in data["活动记录"]:
        row["举办时间"] = row.pop("开始日期")
    headers = ["举办时间" if h == "开始日期" else h for h in headers_for("活动记录")]
    path = write_workbook(tmp_path / "缺列.xlsx", data, headers={"活动记录": headers})
    checked = findings_of(path)
    (missing,) = [f for f in checked.findings if f.code == "column.missing"]
    assert "B列“举办时间”" in missing.fix and "数据不用重填" in missing.fix
    assert "表头在第1行" in missing.problem


# ---------------------------------------------------------------- 写错一个字的表头


def renamed(data: dict, sheet: str, changes: dict[str, str]) -> list[str]:
    """把 data 里 sheet 的表头按 changes 改名，返回新的表头列表。"""
    for row in data[sheet]:
        for old, new in changes.items():
            if old in row:
                row[new] = row.pop(old)
    return [changes.get(h, h) for h in headers_for(sheet)]


def letter_of(sheet: str, header: str) -> str:
    return openpyxl.utils.get_column_letter(headers_for(sheet).index(header) + 1)


def test_misspelled_optional_header_keeps_the_birth_dates(tmp_path, read_path):
    data = small_branch()
    headers = renamed(data, "党员名册", {"出生日期": "出身日期"})
    checked = findings_of(write_workbook(tmp_path / "出身.xlsx", data, headers={"党员名册": headers}))
    assert checked.branch.members[0].birth == D(1968, 3, 2)
    (note,) = [f for f in checked.findings if f.code == "column.misspelled"]
    letter = letter_of("党员名册", "出生日期")
    assert note.severity == "提醒" and note.problem.startswith(f"{letter}列「出身日期」按「出生日期」读取")
    assert note.column == letter and note.row == 1
    assert "不用改" in note.fix and "重填" not in note.fix and "逐行" not in note.fix
    assert codes(checked) == ["column.misspelled"], said(checked)


def test_misspelled_required_header_is_read_not_retyped(tmp_path, read_path):
    data = small_branch()
    headers = renamed(data, "活动记录", {"开始日期": "开使日期"})
    checked = findings_of(write_workbook(tmp_path / "开使.xlsx", data, headers={"活动记录": headers}))
    assert checked.errors == [], said(checked)
    assert [a.start for a in checked.branch.activities] == [D(2010, 7, 9), D(2010, 9, 1)]
    (note,) = [f for f in checked.findings if f.code == "column.misspelled"]
    assert note.problem.startswith("B列「开使日期」按「开始日期」读取")
    assert "逐行填写" not in said(checked) and "加一列" not in said(checked)


def test_misspellings_of_several_columns_on_several_sheets(tmp_path, read_path):
    """换了一个字、两个字颠倒、少一个字、多一个字；每一列一条提醒，数据都读进来。"""
    data = small_branch()
    wrong = {
        "党员名册": {"性别": "姓别", "入党日期": "入党日其", "出生日期": "出生期日", "联系电话": "联系电"},
        "公开承诺": {"承诺人": "承若人", "承诺事项": "承诺事向"},
        "出勤明细": {"活动编号": "活动编好"},
        "活动记录": {"实到人数": "实到人数数"},
    }
    headers = {sheet: renamed(data, sheet, changes) for sheet, changes in wrong.items()}
    path = write_workbook(tmp_path / "错字.xlsx", data, headers=headers)
    to_shared_strings(path)
    checked = findings_of(path)
    assert checked.errors == [], said(checked)
    notes = sorted((f.sheet, f.header) for f in checked.findings if f.code == "column.misspelled")
    assert notes == sorted((s, typed) for s, changes in wrong.items() for typed in changes.values())
    assert codes(checked).count("column.misspelled") == len(notes) and set(codes(checked)) == {"column.misspelled"}
    member = checked.branch.members[0]
    assert (member.sex, member.joined, member.birth) == ("男", D(1992, 6, 1), D(1968, 3, 2))
    assert member.phone and checked.branch.commitments[0].person == "林海峰"
    assert len(checked.branch.attendance) == 5 and counts_of(checked)[0][2] == 4


@pytest.mark.parametrize(
    "sheet, typed, gone",
    [
        ("活动记录", "未到", ()),  # 与“应到”“实到”都只差一个字
        ("党员名册", "姓别", ("姓名", "性别")),  # 两列都没有时，与“姓名”“性别”都只差一个字
    ],
)
def test_a_header_near_two_columns_is_not_guessed(tmp_path, read_path, sheet, typed, gone):
    headers = [h for h in headers_for(sheet) if h not in gone] + [typed]
    checked = findings_of(write_workbook(tmp_path / "两可.xlsx", small_branch(), headers={sheet: headers}))
    assert "column.misspelled" not in codes(checked)
    (extra,) = [f for f in checked.findings if f.code == "column.extra"]
    assert f"“{typed}”" in extra.problem and "不需要处理" not in extra.fix


def test_a_misspelled_header_never_takes_a_column_that_is_already_there(tmp_path, read_path):
    data = small_branch()
    for row in data["活动记录"]:
        row["开使日期"] = D(2000, 1, 1)
    headers = ["开使日期", *headers_for("活动记录")]
    checked = findings_of(write_workbook(tmp_path / "两个.xlsx", data, headers={"活动记录": headers}))
    assert [a.start for a in checked.branch.activities] == [D(2010, 7, 9), D(2010, 9, 1)]
    assert "column.misspelled" not in codes(checked)
    assert any(f.code == "column.extra" and "A列“开使日期”" in f.problem for f in checked.findings)


def test_two_misspellings_of_one_column_are_not_guessed(tmp_path, read_path):
    data = small_branch()
    headers = renamed(data, "党员名册", {"出生日期": "出身日期"}) + ["出声日期"]
    checked = findings_of(write_workbook(tmp_path / "两个错字.xlsx", data, headers={"党员名册": headers}))
    assert "column.misspelled" not in codes(checked)
    (extra,) = [f for f in checked.findings if f.code == "column.extra"]
    assert "出身日期" in extra.problem and "出声日期" in extra.problem


def test_a_header_that_is_another_standard_name_is_not_reread(tmp_path, read_path):
    """“名称”是活动记录的标准列名，在党员名册里也不改读成“姓名”（别名“名字”只差一个字）。"""
    data = small_branch()
    headers = renamed(data, "党员名册", {"姓名": "名称"})
    checked = findings_of(write_workbook(tmp_path / "名称.xlsx", data, headers={"党员名册": headers}))
    assert "column.misspelled" not in codes(checked)
    assert any(f.code == "column.missing" and f.header == "姓名" for f in checked.findings)


def test_misspelled_sub_header_under_a_group(tmp_path, read_path):
    checked = findings_of(two_row_activities(tmp_path, subs=("应到人数", "实道人数", "请假人数")))
    (note,) = [f for f in checked.findings if f.code == "column.misspelled"]
    assert note.row == 2 and "「实道人数」按「实到人数」读取" in note.problem
    assert counts_of(checked)[0] == ("A01", 5, 4, 1)


def test_misspelled_items_of_the_branch_info_sheet(tmp_path):
    data = small_branch()
    info = data["支部信息"]
    data["支部信息"] = {("支部明称" if k == "支部名称" else "报告期开使" if k == "报告期开始" else k): v for k, v in info.items()}
    checked = findings_of(write_workbook(tmp_path / "支部信息.xlsx", data))
    assert checked.errors == [], said(checked)
    assert checked.branch.info.name == "测试系党支部" and checked.branch.info.period_start == D(2010, 7, 1)
    notes = [f for f in checked.findings if f.code == "item.misspelled"]
    assert [n.problem for n in notes] == ["A2「支部明称」按「支部名称」读取。", "A5「报告期开使」按「报告期开始」读取。"]
    assert all("不用改" in n.fix for n in notes)


@pytest.mark.parametrize("sheet, typed", [("党员名册", "工号"), ("报告正文", "学号"), ("党员名册", "民旅")])
def test_a_two_character_header_is_not_guessed_as_an_optional_column(tmp_path, sheet, typed):
    """“工号”与“序号”只差一个字，但只剩一个字相同：选填的短名字不猜，照原样说它不是标准列。"""
    headers = headers_for(sheet) + [typed]
    checked = findings_of(write_workbook(tmp_path / "短.xlsx", small_branch(), headers={sheet: headers}))
    assert "column.misspelled" not in codes(checked)
    assert any(f.code == "column.extra" and f"“{typed}”" in f.problem for f in checked.findings)


def test_a_longer_alias_with_one_extra_character_is_read(tmp_path):
    """“联系人电话”多一个字：按“联系电话”读，号码照样遮盖。"""
    data = small_branch()
    headers = renamed(data, "党员名册", {"联系电话": "联系人电话"})
    checked = findings_of(write_workbook(tmp_path / "联系人.xlsx", data, headers={"党员名册": headers}))
    (note,) = [f for f in checked.findings if f.code == "column.misspelled"]
    assert "「联系人电话」按「联系电话」读取" in note.problem
    assert checked.branch.members[0].phone


def test_a_header_row_holding_a_date_is_still_the_header(tmp_path, read_path):
    """表头行右边写着填表日期（一个日期格）：它照样是表头，下面的数据一行不少。"""
    path = write_workbook(tmp_path / "表头有日期.xlsx", small_branch())
    wb = openpyxl.load_workbook(path)
    ws = wb["党员名册"]
    far = len(headers_for("党员名册")) + 2
    ws.cell(1, far, D(2011, 1, 7)).number_format = "yyyy-mm-dd"
    wb.save(path)
    checked = findings_of(path)
    assert [m.name for m in checked.branch.members][:1] == ["林海峰"] and len(checked.branch.members) == 5
    assert checked.branch.members[0].source.row == 2


def test_the_two_row_workbooks_really_take_the_fast_path(tmp_path):
    """上面按两种读法各跑一遍：这些工作簿确实走得了 calamine 快读，两种读法才都测到了。"""
    from toolkit.workbook import package

    book = package.open_workbook(two_row_activities(tmp_path))
    sheet = next(s for s in book.sheets if s.name == "活动记录")
    list(rows_module.read_rows(sheet, calamine=True))
    assert sheet.read_by == "calamine"
    assert (1, 1, 2, 1) in sheet.merged_ranges  # 合并单元格也由快读那条路记下

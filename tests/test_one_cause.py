"""一个根因一条发现、合并的发现读得懂、改法不叫人改对的值（issue 11.1、11.4、11.5 和几处措辞）。

工作簿都由测试自己写（tests/workbooks.py），经 api.validate 读回发现，按格数发现的条数。
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.workbooks import small_branch, write_workbook
from toolkit import api
from toolkit.checks.render import render_text, summary_line
from toolkit.findings import Finding
from toolkit.workbook.messages import file_error

D = dt.date
MEETINGS = "meetings."  # 小支部的活动不够“三会一课”：这几条提醒与这里测的无关


def findings_of(tmp_path: Path, data: dict, name: str = "wb") -> list[Finding]:
    path = write_workbook(tmp_path / f"{name}.xlsx", data)
    return [f for f in api.validate(path).findings if not f.code.startswith(MEETINGS)]


def per_cell(findings: list[Finding]) -> Counter:
    return Counter((f.sheet, f.cell) for f in findings if f.cell)


def no_advice_to_change(findings: list[Finding], sheet: str, cell: str) -> None:
    """没有一条发现叫人改这一格（这一格的值是对的）。"""
    bad = [f for f in findings if f.sheet == sheet and f.cell == cell]
    assert not bad, [f.problem + f.fix for f in bad]


# ---------------------------------------------------------------- 措辞


def test_summary_does_not_say_zero_errors():
    warning = Finding("cell.normalised", "已按“汉族”处理。", sheet="党员名册", row=2, column="D", header="民族")
    assert summary_line([warning, warning]) == "检查完成：共 2 个提醒，涉及 1 个工作表。"
    error = Finding("cell.required", "空的。", sheet="党员名册", row=2, column="B", header="姓名")
    assert summary_line([error]) == "检查完成：共 1 个错误，涉及 1 个工作表。"
    assert "0 个" not in render_text([warning], ["党员名册"])


@pytest.mark.parametrize("fix", ["如无不妥，可以不处理；也可以改为全称", "若确是报告期外的活动，可不修改", "不需要处理"])
def test_merged_fix_that_is_a_condition_is_not_prefixed_with_row_by_row(fix):
    rows = [Finding("cell.normalised", "已按“汉族”处理。", sheet="党员名册", row=r, column="D", header="民族", found="汉", fix=fix)
            for r in (2, 3, 4, 5)]
    text = render_text(rows, ["党员名册"])
    assert "共 4 行" in text and "逐行如" not in text and "逐行若" not in text and "逐行不" not in text
    assert f"修改方法：{fix}" in text


def test_merged_fix_that_is_an_action_says_row_by_row():
    rows = [Finding("cell.required", "空的。", sheet="党员名册", row=r, column="C", header="性别", fix="填写性别") for r in (2, 3, 4)]
    assert "修改方法：逐行填写性别。" in render_text(rows, ["党员名册"])


def test_three_placeholders_in_one_cell_are_not_three_rows(tmp_path):
    data = small_branch()
    data["报告正文"][2]["文本"] = "{甲数}、{乙数}和{丙数}。"
    found = [f for f in findings_of(tmp_path, data) if f.code == "text.placeholder_unknown"]
    assert len(found) == 3 and len({f.cell for f in found}) == 1
    text = render_text(found, ["报告正文"])
    assert "共 3 行" not in text and "行，共" not in text
    for token in ("{甲数}", "{乙数}", "{丙数}"):
        assert token in text


def test_blank_template_names_each_empty_info_field(tmp_path):
    path = tmp_path / "空白.xlsx"
    api.new_workbook(path)
    result = api.validate(path)
    info = [f for f in result.findings if f.sheet == "支部信息" and f.code == "cell.required"]
    assert len(info) == 5 and len({f.header for f in info}) == 5
    text = result.text()
    assert "逐行填写支部名称" not in text and "共 5 行" not in text
    for f in info:
        assert f"B列「{f.header}」" in text and f"修改方法：在 {f.cell} 填写{f.header}。" in text


def test_encrypted_file_message_has_no_stray_space():
    message = str(file_error("encrypted"))
    assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", message), message


# ---------------------------------------------------------------- 一个根因一条发现（11.4）

from openpyxl import load_workbook  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402

from tests.workbooks import headers_for  # noqa: E402
from toolkit.branch.figures import branch_figures  # noqa: E402
from toolkit.checks import check_file  # noqa: E402


def letter(sheet: str, header: str) -> str:
    return get_column_letter(headers_for(sheet).index(header) + 1)


def count_cells(data: dict) -> list[str]:
    """活动记录里各项活动的应到、实到、请假人数所在的格：这些数是对的，谁也不该叫人改。"""
    rows = range(2, len(data["活动记录"]) + 2)
    return [f"{letter('活动记录', h)}{r}" for r in rows for h in ("应到人数", "实到人数", "请假人数")]


def assert_counts_untouched(findings, data):
    for c in count_cells(data):
        no_advice_to_change(findings, "活动记录", c)


@pytest.mark.parametrize(
    "extra",
    [
        [{"活动编号": "A01", "姓名": "李四", "状态": "出席"}],
        [{"活动编号": "A02", "姓名": "积极分子王五", "状态": "缺席"}],
        [{"活动编号": "A01", "姓名": "李四", "状态": "请假"}, {"活动编号": "A02", "姓名": "李四", "状态": "出席"}],
    ],
)
def test_a_person_missing_from_the_register_is_one_finding_per_row(tmp_path, extra):
    data = small_branch()
    data["出勤明细"].extend(extra)
    findings = findings_of(tmp_path, data)
    first = len(small_branch()["出勤明细"]) + 2
    name = letter("出勤明细", "姓名")
    assert {f.cell for f in findings} == {f"{name}{first + i}" for i in range(len(extra))}
    assert all(n == 1 for n in per_cell(findings).values())
    assert {f.code for f in findings} == {"attendance.unknown_member"}
    assert_counts_untouched(findings, data)


@pytest.mark.parametrize("blank", [1, 3])
def test_a_blank_name_in_the_register_is_one_finding(tmp_path, blank):
    data = small_branch()
    missing = data["党员名册"][blank]["姓名"]
    data["党员名册"][blank]["姓名"] = None
    findings = findings_of(tmp_path, data)
    assert [(f.sheet, f.cell, f.code) for f in findings] == [("党员名册", f"B{blank + 2}", "cell.required")]
    assert not any("党员名册中没有" in f.problem for f in findings), missing


def test_two_unknown_people_and_one_blank_name_are_each_reported(tmp_path):
    data = small_branch()
    data["党员名册"][1]["姓名"] = None  # 周雨桐
    data["出勤明细"].append({"活动编号": "A02", "姓名": "李四", "状态": "出席"})
    findings = findings_of(tmp_path, data)
    unknown = {f.found for f in findings if "党员名册中没有" in f.problem}
    assert unknown == {"“周雨桐”", "“李四”"}  # 说不清哪一个是空着的那一行：都说


@pytest.mark.parametrize("header", ["姓名", "状态"])
def test_a_blank_cell_in_attendance_is_one_finding(tmp_path, header):
    data = small_branch()
    data["出勤明细"][2][header] = None
    findings = findings_of(tmp_path, data)
    assert [(f.sheet, f.cell) for f in findings] == [("出勤明细", f"{letter('出勤明细', header)}4")]
    assert_counts_untouched(findings, data)


def test_an_attendance_row_without_an_activity_code_stops_every_tally(tmp_path):
    data = small_branch()
    data["出勤明细"][0]["活动编号"] = None
    findings = findings_of(tmp_path, data)
    assert [(f.sheet, f.cell) for f in findings] == [("出勤明细", "A2")]
    assert_counts_untouched(findings, data)


def _formula(path: Path, sheet: str, cell: str, formula: str) -> Path:
    """把一格换成公式：openpyxl 只写公式、不写计算结果，正像没在 Excel 里打开过的文件。"""
    wb = load_workbook(path)
    wb[sheet][cell] = formula
    wb.save(path)
    return path


@pytest.mark.parametrize(
    "header, where, text",
    [
        ("应到人数", "内容", "出勤率{出勤率}。"),
        ("实到人数", "内容", "实到{实到人数}人。"),
        ("应到人数", "正文", "动员大会出勤率{A01.出勤率}。"),
    ],
)
def test_a_formula_without_a_saved_value_is_one_finding(tmp_path, header, where, text):
    data = small_branch()
    if where == "内容":
        data["活动记录"][0]["内容"] = text
    else:
        data["报告正文"][2]["文本"] = text
    path = write_workbook(tmp_path / "wb.xlsx", data)
    cell = f"{letter('活动记录', header)}2"
    _formula(path, "活动记录", cell, "=2+3")
    findings = [f for f in api.validate(path).findings if not f.code.startswith(MEETINGS)]
    assert [(f.sheet, f.cell, f.code) for f in findings] == [("活动记录", cell, "cell.formula_no_value")]


STRAY_ROWS = [
    ({"出生日期": D(1970, 1, 1)}, "出生日期", False),
    ({"序号": 6}, "序号", False),
    ({"备注": "调出"}, "备注", False),
    ({"姓名": "合计", "序号": None}, "姓名", True),
    ({"姓名": "合　计"}, "姓名", True),
    ({"序号": "总 计", "出生日期": None}, "序号", True),
    ({"序号": "小计", "姓名": None}, "序号", True),
    ({"姓名": "填表人：张三", "联系电话": "13812345678"}, "姓名", True),
    ({"姓名": "审核人：李四"}, "姓名", True),
    ({"姓名": "制表：王五 2011年1月7日"}, "姓名", True),
]


@pytest.mark.parametrize("row, header, footer", STRAY_ROWS)
def test_a_row_that_is_not_a_record_is_named_once_and_not_counted(tmp_path, row, header, footer):
    data = small_branch()
    data["党员名册"].append(row)
    path = write_workbook(tmp_path / "wb.xlsx", data)
    checked = check_file(path)
    findings = [f for f in checked.findings if not f.code.startswith(MEETINGS)]
    assert [(f.code, f.sheet, f.row) for f in findings] == [("row.not_record", "党员名册", 7)]
    assert findings[0].header == header and not findings[0].is_error
    assert ("说明行" in findings[0].problem) == footer
    assert "13812345678" not in api.validate(path).text()
    assert branch_figures(checked.branch)["党员总数"] == "5" and len(checked.branch.members) == 5
    assert_counts_untouched(findings, data)


def test_a_lone_name_is_still_a_record_with_its_own_errors(tmp_path):
    data = small_branch()
    data["党员名册"].append({"姓名": "钱六"})
    findings = findings_of(tmp_path, data)
    assert {f.row for f in findings if f.sheet == "党员名册"} == {7}
    assert not any(f.code == "row.not_record" for f in findings)


def test_a_wrong_cell_in_the_register_does_not_change_expected_counts(tmp_path):
    data = small_branch()
    data["党员名册"][4]["入党日期"] = "去年"  # 读不出的入党日期：A01 当天的人数不可知
    findings = findings_of(tmp_path, data)
    assert [(f.sheet, f.cell) for f in findings] == [("党员名册", f"{letter('党员名册', '入党日期')}6")]
    assert_counts_untouched(findings, data)


def test_merged_rows_without_a_column_say_the_row_and_have_no_stray_space():
    rows = [Finding("row.not_record", f"第{r}行不是记录。", sheet="党员名册", row=r, found=f"“{r}”", fix="删除这一行") for r in range(7, 12)]
    text = render_text(rows, ["党员名册"])
    assert "第7行：“7”、第8行：“8”、第9行：“9”等" in text and "问题（以 第7行 为例）" in text
    assert not re.search(r"[\u4e00-\u9fff”] [\u4e00-\u9fff]", text.replace("以 第7行 为例", ""))


@pytest.mark.parametrize("how", ["blank", "formula"])
def test_an_unreadable_activity_code_is_one_finding(tmp_path, how):
    data = small_branch()
    if how == "blank":
        data["活动记录"][0]["编号"] = None
    path = write_workbook(tmp_path / "wb.xlsx", data)
    if how == "formula":
        _formula(path, "活动记录", "A2", '="A"&"01"')
    findings = [f for f in api.validate(path).findings if not f.code.startswith(MEETINGS)]
    assert [(f.sheet, f.cell) for f in findings] == [("活动记录", "A2")]  # 出勤明细里的 A01 不再逐行“没有这项活动”


def test_a_member_left_out_of_the_register_does_not_ask_to_change_a_right_expected_count(tmp_path):
    """名册漏了一人：应到 6 人是对的，明细里也有他。只报明细里那一行，不叫人把应到人数改成名册数出的 5。"""
    data = small_branch()
    data["活动记录"][0]["应到人数"], data["活动记录"][0]["实到人数"] = 6, 5
    data["出勤明细"].append({"活动编号": "A01", "姓名": "孙七", "状态": "出席"})
    findings = findings_of(tmp_path, data)
    assert [(f.sheet, f.code) for f in findings] == [("出勤明细", "attendance.unknown_member")]
    assert_counts_untouched(findings, data)


def test_rows_that_need_different_corrections_are_not_merged(tmp_path):
    """三项活动各差一点：各自该改成的人数不同，不合成一条“逐行把应到人数改为 N”。"""
    data = small_branch()
    for code, scope, expected in (("A03", "全体党员", 4), ("A04", "教师党员", 2), ("A05", "学生党员", 1)):
        data["活动记录"].append({"编号": code, "开始日期": D(2010, 10, 8), "类型": "党课", "名称": "党课",
                              "措施分组": "全面争创，扎实推进", "参加范围": scope, "应到人数": expected, "实到人数": 1,
                              "内容": "讲党课。"})
    path = write_workbook(tmp_path / "wb.xlsx", data)
    result = api.validate(path)
    sizes = [f for f in result.findings if f.code == "activity.group_size"]
    assert [f.row for f in sizes] == [4, 5, 6] and len({f.fix for f in sizes}) == 3
    text = result.text()
    assert "逐行把应到人数" not in text and "共 3 行" not in text
    for f in sizes:
        assert f"在 {f.cell} {f.fix}" in text


@pytest.mark.parametrize(
    "sheet, row, header",
    [
        ("活动记录", {"应到人数": 8}, "应到人数"),  # 表格下面只写了一个总数
        ("活动记录", {"开始日期": D(2010, 12, 1)}, "开始日期"),
        ("活动记录", {"名称": "合计", "应到人数": 8, "实到人数": 7}, "名称"),
        ("出勤明细", {"状态": "出席"}, "状态"),
        ("公开承诺", {"承诺日期": D(2010, 9, 10)}, "承诺日期"),
    ],
)
def test_stray_rows_in_other_sheets_are_named_once_and_not_counted(tmp_path, sheet, row, header):
    data = small_branch()
    data[sheet].append(row)
    path = write_workbook(tmp_path / "wb.xlsx", data)
    checked = check_file(path)
    findings = [f for f in checked.findings if not f.code.startswith(MEETINGS)]
    number = len(small_branch()[sheet]) + 2
    assert [(f.code, f.sheet, f.row, f.header) for f in findings] == [("row.not_record", sheet, number, header)]
    assert len(checked.branch.activities) == 2 and len(checked.branch.attendance) == 5 and len(checked.branch.commitments) == 5
    assert_counts_untouched(findings, small_branch())  # 两项活动的人数都不受影响


@pytest.mark.parametrize("sheet, text", [
    ("党员名册", "支部{党员总数}名党员，其中女党员{女党员数}名。"),
    ("活动记录", "共开展活动{开展活动总数}项，写入报告{活动总数}项。"),
])
def test_an_empty_sheet_is_one_finding_and_the_figures_from_it_are_not_reported_again(tmp_path, sheet, text):
    data = small_branch()
    data[sheet] = []
    data["报告正文"][2]["文本"] = text
    found = findings_of(tmp_path, data)
    errors = [f for f in found if f.is_error]
    assert [f.code for f in errors] == ["sheet.empty"] and errors[0].sheet == sheet, [(f.code, f.problem) for f in errors]
    assert not [f for f in found if f.code == "text.placeholder_unavailable"]


def test_a_figure_without_data_is_still_said_when_its_sheet_is_not_empty(tmp_path):
    data = small_branch()
    for row in data["活动记录"]:
        row["开始日期"] = D(2001, 1, 1)  # 活动都在报告期外：表不空，但{活动总数}背后没有一项
    data["报告正文"][2]["文本"] = "共开展活动{活动总数}项。"
    found = [f for f in findings_of(tmp_path, data) if f.code == "text.placeholder_unavailable"]
    assert len(found) == 1 and "{活动总数}背后没有数据" in found[0].problem


SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "商贸系党支部工作数据簿.xlsx"


def _with_hint_rows(target: Path) -> Path:
    """示例工作簿，表头下面各加一行填写提示（很多单位的表格这样留）。"""
    import openpyxl

    wb = openpyxl.load_workbook(SAMPLE)
    members = wb["党员名册"]
    members.insert_rows(2)
    for col in range(1, members.max_column + 1):
        members.cell(2, col, "（必填）" if col % 2 else "（选填）")
    activities = wb["活动记录"]
    activities.insert_rows(2)
    for col, hint in enumerate(("例：A01", "（必填）", "如：2021-07-01"), start=1):
        activities.cell(2, col, hint)
    wb.save(target)
    return target


def test_a_hint_row_under_the_header_is_named_once_and_changes_no_figure(tmp_path):
    from docx import Document

    hinted = _with_hint_rows(tmp_path / "带提示行.xlsx")
    found = [f for f in api.validate(hinted).findings if not f.code.startswith(MEETINGS)]
    assert [(f.code, f.sheet, f.row) for f in found] == [("row.not_record", "党员名册", 2), ("row.not_record", "活动记录", 2)]
    assert all("填写提示" in f.problem and f.fix.startswith("不需要处理") for f in found)
    texts = []
    for source, name in ((SAMPLE, "原样.docx"), (hinted, "带提示行.docx")):
        out = api.generate_report(source, tmp_path / name).path
        texts.append([p.text for p in Document(str(out)).paragraphs])
    assert texts[0] == texts[1]  # 报告的每一句、每个数字都与没有提示行时相同



def _without_member(name: str) -> dict:
    """名册漏了一人：出勤明细、公开承诺里照样有他。"""
    data = small_branch()
    data["党员名册"] = [m for m in data["党员名册"] if m["姓名"] != name]
    return data


def test_a_member_left_out_of_the_register_asks_for_nothing_in_activities_without_detail(tmp_path):
    """名册漏了教师陈立新：A02（教师党员，应到 3）没有出勤明细，按名册数出 2 人。应到 3 是对的，
    不叫人改；明细和承诺里的陈立新各报一次，改法里说可以在名册里补上他。"""
    findings = findings_of(tmp_path, _without_member("陈立新"))
    assert sorted(f.code for f in findings) == ["attendance.unknown_member", "commitment.unknown_person"]
    assert all("若党员名册漏了这名党员，在名册里补上" in f.fix for f in findings)
    no_advice_to_change(findings, "活动记录", letter("活动记录", "应到人数") + "3")


def test_an_expected_count_off_by_more_than_the_missing_people_is_still_reported(tmp_path):
    data = _without_member("陈立新")
    data["活动记录"][1]["应到人数"] = data["活动记录"][1]["实到人数"] = 5  # 教师党员最多 3 人（名册 2 人，加上漏的 1 人）
    findings = findings_of(tmp_path, data)
    assert [f.code for f in findings if f.sheet == "活动记录"] == ["activity.group_size"]


@pytest.mark.parametrize("year", [2012, 2009])
def test_no_activity_in_the_period_is_one_error_not_a_reminder_per_row(tmp_path, year):
    """活动一项也不在报告期内（常见的是年份填错了）：报告的“具体措施”会是空的，是一条错误；
    不再逐行说“不在报告期内”，也不再逐类说“三会一课没有记录”（由同一个原因而来）。"""
    data = small_branch()
    for a in data["活动记录"]:
        a["开始日期"] = a["开始日期"].replace(year=year)
    path = write_workbook(tmp_path / "wb.xlsx", data)
    findings = api.validate(path).findings
    assert [(f.code, f.sheet, f.column, f.row) for f in findings] == [("activity.none_in_period", "活动记录", letter("活动记录", "开始日期"), None)]
    assert findings[0].is_error and "“具体措施”一节会是空的" in findings[0].problem and "2 项活动" in findings[0].problem
    with pytest.raises(api.ReportRefused):
        api.generate_report(path, tmp_path / "报告.docx")
    assert not (tmp_path / "报告.docx").exists()


def test_one_activity_in_the_period_keeps_the_reminder_for_the_others(tmp_path):
    data = small_branch()
    data["活动记录"][1]["开始日期"] = D(2012, 1, 5)
    codes = [f.code for f in findings_of(tmp_path, data)]
    assert "activity.outside_period" in codes and "activity.none_in_period" not in codes

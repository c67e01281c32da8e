"""报告里的数字有依据、在同一个基数上（issue 11.1、11.7）。

- 必须有记录的表（党员名册、活动记录）一行记录也没有：一条错误，指名这张表，不生成报告；
- 占位符背后一条记录也没有（0 名党员的人数、0 项活动的项数、0 次会议的平均出勤率）：错误报在用它的那一格；
- {活动总数} 与附件统计表的“合计（N项）”一致，{开展活动总数} 连写入报告为“否”的也算；
  测试打开生成的 .docx，把正文里的数字与附件表格逐一对照。
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from tests.workbooks import small_branch, write_workbook
from toolkit import api, standard
from toolkit.api import ReportRefused

D = dt.date
MEETINGS = "meetings."


def validate(tmp_path: Path, data: dict):
    path = write_workbook(tmp_path / "wb.xlsx", data)
    return path, [f for f in api.validate(path).findings if not f.code.startswith(MEETINGS)]


# ---------------------------------------------------------------- 空表（11.1）


@pytest.mark.parametrize(
    "emptied, sheets",
    [
        (("党员名册",), {"党员名册"}),
        (("活动记录",), {"活动记录"}),
        (("党员名册", "活动记录", "出勤明细", "公开承诺"), {"党员名册", "活动记录"}),
    ],
)
def test_an_empty_register_or_activity_sheet_is_one_error_naming_it(tmp_path, emptied, sheets):
    data = small_branch()
    data["报告正文"][2]["文本"] = "全支部党员人人争先。"  # 不用占位符：这里只看空表本身
    for name in emptied:
        data[name] = []
    path, findings = validate(tmp_path, data)
    empty = [f for f in findings if f.code == "sheet.empty"]
    assert {f.sheet for f in empty} == sheets and len(empty) == len(sheets)
    assert all(f.is_error and f"“{f.sheet}”工作表" in f.problem for f in empty)
    # 由空表而来的不再逐行说：名册空了，出勤明细、承诺里的人不再一个个“党员名册中没有”
    assert [f for f in findings if f.code != "sheet.empty"] == []
    with pytest.raises(ReportRefused):
        api.generate_report(path, tmp_path / "报告.docx")
    assert not (tmp_path / "报告.docx").exists()


def test_a_sheet_of_stray_rows_only_is_empty(tmp_path):
    data = small_branch()
    data["党员名册"] = [{"序号": n} for n in range(1, 6)]  # 预先编好序号、没填人的名册
    data["出勤明细"], data["公开承诺"] = [], []
    data["报告正文"][2]["文本"] = "人人争先。"
    _, findings = validate(tmp_path, data)
    assert [f.code for f in findings if f.is_error] == ["sheet.empty"]
    assert [f.row for f in findings if f.code == "row.not_record"] == [2, 3, 4, 5, 6]


# ---------------------------------------------------------------- 背后没有数据的占位符（11.1）


def _no_members_at_period_end(data):
    for m in data["党员名册"]:
        m["入党日期"], m["转正日期"] = D(2011, 3, 1), None
        m["党员类别"] = "预备党员"


def _no_activities_in_period(data):
    for a in data["活动记录"]:
        a["开始日期"] = D(2012, 3, 1)
    data["出勤明细"] = []


def _no_commitments(data):
    data["公开承诺"] = []


@pytest.mark.parametrize(
    "text, emptied, needs",
    [
        ("支部{党员总数}名党员全部参加学习。", _no_members_at_period_end, "党员名册"),
        ("其中{女党员数}名女党员。", _no_members_at_period_end, "党员名册"),
        ("支部开展活动{活动总数}项。", _no_activities_in_period, "活动记录"),
        ("共开展{开展活动总数}项活动。", _no_activities_in_period, "活动记录"),
        ("作出承诺{承诺事项数}项。", _no_commitments, "公开承诺"),
        ("支部委员会平均出勤率{支部委员会平均出勤率}。", lambda data: None, "活动记录"),
    ],
)
def test_a_figure_with_no_data_behind_it_is_an_error_at_its_cell(tmp_path, text, emptied, needs):
    data = small_branch()
    data["报告正文"][2]["文本"] = text
    emptied(data)
    path, findings = validate(tmp_path, data)
    token = re.search(r"\{[^}]+\}", text).group(0)
    at = [f for f in findings if f.sheet == "报告正文" and f.cell == "D4"]
    assert len(at) == 1 and at[0].is_error and at[0].code == "text.placeholder_unavailable"
    assert token in at[0].problem and "没有数据" in at[0].problem and needs in at[0].expected
    with pytest.raises(ReportRefused):
        api.generate_report(path, tmp_path / "报告.docx")


def test_a_zero_that_is_data_is_not_an_error(tmp_path):
    """名册里有人、只是没有女党员：0 是数出来的，照常用。"""
    data = small_branch()
    for m in data["党员名册"]:
        m["性别"] = "男"
        m["身份证号"] = None
    data["报告正文"][2]["文本"] = "支部有女党员{女党员数}名。"
    _, findings = validate(tmp_path, data)
    assert findings == []


# ---------------------------------------------------------------- 同一个基数（11.7）


def _numbers(paragraph: str, pattern: str) -> str:
    return re.search(pattern, paragraph).group(1)


@pytest.mark.parametrize("not_reported", [("A02",), ("A01",), ()])
def test_every_figure_in_the_report_agrees_with_the_attachment_tables(tmp_path, not_reported):
    data = small_branch()
    data["活动记录"].append(
        {"编号": "A03", "开始日期": D(2010, 10, 8), "类型": "党课", "名称": "专题党课", "措施分组": "全面争创，扎实推进",
         "参加范围": "全体党员", "应到人数": 5, "实到人数": 5, "内容": "书记讲党课。"}
    )
    for a in data["活动记录"]:
        if a["编号"] in not_reported:
            a["写入报告"] = "否"
    data["公开承诺"][0]["践诺进度"], data["公开承诺"][0]["兑现日期"] = "已兑现", D(2010, 12, 1)
    data["报告正文"][2]["文本"] = (
        "支部共开展活动{开展活动总数}项，写入本报告{活动总数}项；"
        "党员{党员总数}名，作出承诺{承诺事项数}项，已兑现{已兑现承诺数}项。"
        "党员大会{支部党员大会次数}次，平均出勤率{支部党员大会平均出勤率}。"
    )
    path = write_workbook(tmp_path / "wb.xlsx", data)
    out = api.generate_report(path, tmp_path / "报告.docx").path
    document = docx.Document(out)
    text = "\n".join(p.text for p in document.paragraphs)
    line = next(p for p in text.split("\n") if "写入本报告" in p)
    held, reported = _numbers(line, r"开展活动(\d+)项"), _numbers(line, r"写入本报告(\d+)项")
    members, promised, fulfilled = (_numbers(line, r"党员(\d+)名"), _numbers(line, r"承诺(\d+)项"), _numbers(line, r"已兑现(\d+)项"))

    tables = [[[c.text.replace("\n", "") for c in row.cells] for row in t.rows] for t in document.tables]  # 窄栏在词与词之间换行
    activities = next(t for t in tables if any(re.fullmatch(r"合计（\d+项）", c) for c in t[-1]))
    total = next(c for c in activities[-1] if c.startswith("合计"))
    assert total == f"合计（{reported}项）" and len(activities) - 2 == int(reported)
    assert int(held) == 3 and int(reported) == 3 - len(not_reported)
    commitments = next(t for t in tables if standard.COMMITMENTS.col.progress.name in t[0])
    assert len(commitments) - 1 == int(promised)
    assert sum(standard.Progress.FULFILLED in row for row in commitments[1:]) == int(fulfilled) == 1
    assert int(members) == len(data["党员名册"])
    meetings = next(t for t in tables if t[0][0] == standard.ACTIVITIES.col.type.name and "规定" in t[0])
    general = next(r for r in meetings if r[0] == standard.ActivityType.GENERAL_MEETING)
    header = meetings[0]
    assert f"党员大会{general[header.index('次数')]}次" in line
    assert f"平均出勤率{general[header.index('出勤率')]}。" in line
    for code in not_reported:  # 不写入报告的活动不在附件里
        name = next(a["名称"] for a in data["活动记录"] if a["编号"] == code)
        assert all(name not in c for row in activities for c in row)


def test_the_guide_says_which_activity_count_is_which(tmp_path):
    path = tmp_path / "空白.xlsx"
    api.new_workbook(path)
    ws = load_workbook(path)["填表说明"]
    rows = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r and r[0]}
    held, reported = rows["{开展活动总数}"], rows["{活动总数}"]
    assert "写入报告为“否”的也算" in held
    assert "写入报告为“否”的不算" in reported and "合计" in reported


# ---------------------------------------------------------------- 写报告的上限在检查时就报（11.8）


@pytest.mark.parametrize(
    "item, value, cell, code",
    [
        ("报告标题", "关于" * 150, "B8", "cell.too_long"),
        ("报告标题", "标" * 256, "B8", "cell.too_long"),
        ("支部名称", "很长的支部" * 60, "B2", "cell.too_long"),
        ("活动名称", "创先争优" * 60, "B4", "info.title_too_long"),  # 没填报告标题：按模板写出的标题太长
    ],
)
def test_a_value_the_writer_cannot_hold_is_an_error_at_its_cell(tmp_path, item, value, cell, code):
    data = small_branch()
    data["支部信息"][item] = value
    path, findings = validate(tmp_path, data)
    errors = [f for f in findings if f.is_error]
    assert [(f.sheet, f.cell, f.code) for f in errors] == [("支部信息", cell, code)]
    assert "255" in errors[0].problem
    with pytest.raises(ReportRefused):  # validate 说了错误，generate-report 就不生成：两者一致，没有内部错误
        api.generate_report(path, tmp_path / "报告.docx")


def test_a_title_at_the_limit_is_written_into_the_properties(tmp_path):
    data = small_branch()
    title = "标" * standard.DOCX_PROPERTY_MAX
    data["支部信息"]["报告标题"] = title
    path, findings = validate(tmp_path, data)
    assert findings == []
    out = api.generate_report(path, tmp_path / "报告.docx").path
    assert docx.Document(out).core_properties.title == title


def test_a_rollup_settings_name_over_the_limit_is_refused_at_its_cell(tmp_path):
    from toolkit.errors import RollupError
    from toolkit.rollup.settings import read_settings

    path = tmp_path / "汇总设置.xlsx"
    api.new_rollup_settings(path)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "名称")
    ws.cell(row, 2).value = "中共" * 150
    wb.save(path)
    with pytest.raises(RollupError) as refused:
        read_settings(path)
    assert f"B{row}" in str(refused.value) and "255" in str(refused.value)

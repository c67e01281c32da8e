"""报告里的数字：由数据算出，占位符写错、用错地方时指到单元格。"""

import datetime as dt
from dataclasses import replace

import pytest

from toolkit import standard
from toolkit.branch.figures import activity_figures, branch_figure, branch_figures, fill, format_rate, member_count
from toolkit.checks.placeholders import check_texts
from toolkit.branch.model import Activity, Branch, BranchInfo, Commitment, Member, NarrativeParagraph, Source

D = dt.date


def _source(sheet, row, columns, identity=None):
    letters = {name: chr(ord("A") + i) for i, name in enumerate(columns)}
    return Source(sheet, row, letters, identity)


NARRATIVE_COLUMNS = ("章节", "序号", "小标题", "文本")
ACTIVITY_COLUMNS = ("编号", "开始日期", "结束日期", "类型", "名称", "措施分组", "上级编号", "地点", "参加范围", "应到人数", "实到人数", "请假人数", "内容", "成效", "写入报告")


def _branch(texts=(), activities=()):
    members = [Member(name=f"教师{i}", sex="女" if i % 2 else "男", category="教师", membership="正式党员", joined=D(2000, 1, 1)) for i in range(20)]
    members += [Member(name=f"学生{i}", sex="男", category="学生", membership="预备党员", joined=D(2010, 6, 1)) for i in range(8)]
    members.append(Member(name="新党员", category="学生", membership="预备党员", joined=D(2011, 5, 1)))  # 报告期后才入党：不计
    paragraphs = [
        NarrativeParagraph(section="前言", text=t, source=_source("报告正文", 2 + i, NARRATIVE_COLUMNS, f"章节：前言"))
        for i, t in enumerate(texts)
    ]
    info = BranchInfo(name="商贸系党支部", parent_org="院党委", campaign="创先争优", period_start=D(2010, 7, 1), period_end=D(2011, 1, 7))
    commitments = [Commitment(subject="党员", person="教师1", progress="已兑现"), Commitment(subject="党员", person="教师1", progress="推进中"), Commitment(subject="支部", person="商贸系党支部", progress="推进中")]
    return Branch(info=info, members=tuple(members), activities=tuple(activities), commitments=tuple(commitments), paragraphs=tuple(paragraphs))


def _activity(code, row, content, **kw):
    return Activity(code=code, start=D(2010, 11, 5), name="活动", content=content, source=_source("活动记录", row, ACTIVITY_COLUMNS, f"编号：{code}"), **kw)


@pytest.mark.parametrize("rate, text", [(1, "100%"), (0.75, "75%"), (0.9, "90%"), (13 / 14, "92.9%"), (2 / 3, "66.7%"), (0.0005, "0.1%"), (0, "0%")])
def test_rates(rate, text):
    assert format_rate(rate) == text


def test_branch_figures_count_members_at_period_end():
    figures = branch_figures(_branch())
    assert figures["党员总数"] == "28"
    assert figures["教师党员数"] == "20"
    assert figures["学生党员数"] == "8"
    assert figures["预备党员数"] == "8"
    assert figures["女党员数"] == "10"
    assert figures["承诺党员数"] == "1"
    assert figures["承诺事项数"] == "3"
    assert figures["已兑现承诺数"] == "1"
    assert figures["报告期"] == ""  # 报告期的写法在措辞模板里：写报告的一方给出（见下一个测试）


def test_period_is_written_the_way_the_template_says():
    from toolkit.report.wording import shared_wording

    assert branch_figures(_branch(), period=shared_wording().period)["报告期"] == "2010年7月1日至2011年1月7日"
    assert branch_figures(_branch(), period=lambda a, b: f"{a}—{b}")["报告期"] == "2010年7月1日—2011年1月7日"


def test_fill_replaces_placeholders_and_keeps_literal_braces():
    meet = _activity("A06", 8, "出勤率为{出勤率}", expected=24, present=24)
    match = _activity("A0602", 9, "x", expected=20, present=18)
    branch = _branch(activities=[meet, match])
    text = "全系{教师党员数}名教师党员、{ 学生党员数 }名学生党员；{{原样}}"
    assert fill(text, branch) == "全系20名教师党员、8名学生党员；{原样}"
    assert fill("出勤率为{出勤率}，{A0602.出勤率}的党员参赛", branch, meet) == "出勤率为100%，90%的党员参赛"


def test_sound_texts_have_no_findings():
    meet = _activity("A06", 8, "出勤率为{出勤率}，另有{A0602.出勤率}的党员", expected=24, present=24)
    match = _activity("A0602", 9, "比赛", expected=20, present=18)
    branch = _branch(["全系{教师党员数}名教师党员，全系20名教师党员。"], [meet, match])
    assert check_texts(branch) == []


def test_unknown_placeholder_names_the_cell_and_the_nearest_names():
    [finding] = check_texts(_branch(["全系{教师党员人数}名教师党员"]))
    assert finding.code == "text.placeholder_unknown"
    assert finding.is_error
    assert (finding.sheet, finding.cell) == ("报告正文", "D2")
    assert "{教师党员数}" in finding.problem
    assert finding.found == "“{教师党员人数}”"


def test_activity_figure_outside_an_activity():
    [finding] = check_texts(_branch(["出勤率为{出勤率}"]))
    assert finding.code == "text.placeholder_unavailable"
    assert "{A01.出勤率}" in finding.expected


def test_activity_figure_the_row_does_not_have():
    [finding] = check_texts(_branch(activities=[_activity("A01", 5, "出勤率为{出勤率}")]))
    assert finding.code == "text.placeholder_unavailable"
    assert finding.cell == "M5"
    assert "应到人数和实到人数" in finding.problem


def test_reference_to_a_missing_activity():
    [finding] = check_texts(_branch(["{A99.出勤率}"], [_activity("A09", 5, "x", expected=3, present=3)]))
    assert finding.code == "text.placeholder_unknown"
    assert "A99" in finding.problem and "A09" in finding.problem


def test_stray_brace_is_an_error():
    [finding] = check_texts(_branch(["全系{教师党员数名教师党员"]))
    assert finding.code == "text.placeholder_unknown"
    assert "不成对" in finding.problem


def test_hand_typed_figure_that_contradicts_the_data_is_a_warning():
    [finding] = check_texts(_branch(["全系19名教师党员、8名学生党员均参加"]))
    assert finding.code == "text.figure_contradiction"
    assert not finding.is_error
    assert "19名教师党员" in finding.problem and "20" in finding.problem
    # 说的是一部分人，不是总数：不提醒
    assert check_texts(_branch(["其中5名教师党员参加了比赛"])) == []


# ---------------------------------------------------------------- 数字由声明驱动


def test_every_counting_placeholder_counts_what_its_declaration_says():
    branch = _branch()
    figures = branch_figures(branch)
    at_end = branch.members_on(branch.info.period_end)
    for p in standard.PLACEHOLDERS:
        if p.counts is None:
            continue
        column, value = p.counts
        expected = len(at_end) if not column else sum(1 for m in at_end if getattr(m, column) == value)
        assert figures[p.name] == str(expected), p.name


def test_a_placeholder_added_with_counts_gets_its_figure(monkeypatch):
    members = (
        Member(name="甲", post=standard.Post.GROUP_LEADER, joined=D(2000, 1, 1)),
        Member(name="乙", post=standard.Post.GROUP_LEADER, joined=D(2011, 5, 1)),  # 报告期后才入党：不计
        Member(name="丙", post=standard.Post.NONE, joined=D(2000, 1, 1)),
    )
    branch = Branch(info=BranchInfo(period_start=D(2010, 7, 1), period_end=D(2011, 1, 7)), members=members)
    leaders = standard.Placeholder("党小组长数", "党内职务为党小组长的党员人数", key="group_leaders", counts=("post", standard.Post.GROUP_LEADER))
    assert branch_figure(branch, leaders) == "1"
    monkeypatch.setattr(standard, "PLACEHOLDERS", standard.PLACEHOLDERS + (leaders,))
    assert branch_figures(branch)["党小组长数"] == "1"


def test_a_placeholder_added_with_info_gets_its_figure():
    branch = _branch()
    addressee = standard.Placeholder("主送机关", "支部信息中的主送机关", key="addressee", info="addressee")
    assert branch_figure(replace(branch, info=replace(branch.info, addressee="院党委")), addressee) == "院党委"


def test_member_count_counts_any_member_column():
    branch = _branch()
    assert member_count(branch) == 28
    assert member_count(branch, standard.MEMBERS.col.category, standard.Category.OTHER) == 0
    assert member_count(branch, standard.MEMBERS.col.membership, standard.Membership.PROBATIONARY) == 8


def test_activity_figures_are_the_declared_activity_values():
    activity = _activity("A01", 5, "x", expected=14, present=13, on_leave=1)
    assert activity_figures(activity) == {"应到人数": "14", "实到人数": "13", "请假人数": "1", "出勤率": "92.9%"}
    assert activity_figures(_activity("A02", 6, "x", expected=14)) == {"应到人数": "14"}

"""三会一课和组织生活（issue 15）：规则是数据、对照报告期的月份（季度、年）、发现、数字、附件、汇总。

工作簿都在这里由测试造出来（tests/workbooks.write_workbook）：一个 2021 年的支部，10 名党员分在两个党小组，
会议按月、按季度排开，漏开哪几个月由每个测试自己定。预期的月份都是照着造出来的数据写的，不问工具。
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import docx
import openpyxl
import pytest

from tests.workbooks import write_workbook
from toolkit import api, standard
from toolkit.branch import figures
from toolkit.branch.meetings import add_months, meetings_record, spans_of
from toolkit.standard import ActivityType, Interval, RuleVersion

D = dt.date
ROOT = Path(__file__).resolve().parent.parent
REGULATIONS = "《中国共产党支部工作条例（试行）》"

# ---------------------------------------------------------------- 规则表与原文


KIND_IN_TEXT = {  # 原文里这一类会议的叫法
    ActivityType.GENERAL_MEETING: "党员大会",
    ActivityType.COMMITTEE_MEETING: "委员会",
    ActivityType.GROUP_MEETING: "党小组会",
    ActivityType.PARTY_LECTURE: "党课",
    ActivityType.THEME_DAY: "主题党日",
    ActivityType.LIFE_MEETING: "组织生活会",
    ActivityType.REVIEW: "民主评议党员",
}
NUMERALS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4}


def read_back(wording: str) -> tuple[str, int]:
    """从规定的原话读出间隔和次数：“一般每季度召开1次” → （季度, 1）。"""
    found = re.search(r"每(月|季度|年)\D{0,8}?(\d+|[一两二三四])(?:次|天)", wording)
    assert found, wording
    interval = {"月": Interval.MONTH, "季度": Interval.QUARTER, "年": Interval.YEAR}[found.group(1)]
    times = found.group(2)
    return interval, int(times) if times.isdigit() else NUMERALS[times]


def read_quorum(wording: str) -> tuple[Fraction, bool]:
    """从到会人数的原话读出比例和“超过”与否：“须有半数以上委员到会” → （1/2, False）。"""
    if "半数" in wording:
        share = Fraction(1, 2)
    else:
        found = re.search(r"([一二三四五六七八九十])分之([一二三四五六七八九十])", wording)
        assert found, wording
        digits = "一二三四五六七八九十"
        share = Fraction(digits.index(found.group(2)) + 1, digits.index(found.group(1)) + 1)
    return share, "超过" in wording


def rule_table_drift(rule_sets) -> list[str]:
    """规则表里的数字与所引原文读回的不一致的地方（应为空）。"""
    drift = []
    for rule_set in rule_sets:
        for rule in rule_set.rules:
            where = f"{rule_set.name}·{rule.kind}"
            if rule.wording not in rule.text or KIND_IN_TEXT[rule.kind] not in rule.text:
                drift.append(f"{where}：引的话不在原文里")
            if read_back(rule.wording) != (rule.interval, rule.times):
                drift.append(f"{where}：间隔、次数与“{rule.wording}”不符")
            if (rule.quorum is None) != (not rule.quorum_wording):
                drift.append(f"{where}：到会比例和它的原话要一起有")
            elif rule.quorum is not None:
                if rule.quorum_wording not in rule.text or read_quorum(rule.quorum_wording) != (rule.quorum, rule.quorum_exclusive):
                    drift.append(f"{where}：到会比例与“{rule.quorum_wording}”不符")
            if rule.per_group != (rule.kind == ActivityType.GROUP_MEETING):
                drift.append(f"{where}：只有党小组会按党小组各算")
    return drift


def test_the_rule_table_reads_back_from_the_quoted_text():
    assert rule_table_drift(standard.RULE_SETS) == []
    regulations = standard.rule_set_named(RuleVersion.REGULATIONS_2018)
    assert [r.kind for r in regulations.rules] == list(ActivityType.MEETINGS)  # 2018 年条例管全部七类
    assert regulations.document == REGULATIONS and regulations.since == D(2018, 10, 28)
    earlier = standard.rule_set_named(RuleVersion.BEFORE_2018)
    # 2018 年以前：“三会一课”——党员大会、党课每季度，支委会、党小组会每月；没有主题党日
    assert [(r.kind, r.interval) for r in earlier.rules] == [
        (ActivityType.GENERAL_MEETING, Interval.QUARTER),
        (ActivityType.COMMITTEE_MEETING, Interval.MONTH),
        (ActivityType.GROUP_MEETING, Interval.MONTH),
        (ActivityType.PARTY_LECTURE, Interval.QUARTER),
    ]


def test_a_drifted_rule_table_is_caught():
    """表里的数字改了、原文没改（或反过来），读回的比较就报出来。"""
    regulations = standard.rule_set_named(RuleVersion.REGULATIONS_2018)
    committee = regulations.rule_for(ActivityType.COMMITTEE_MEETING)
    for wrong in (
        replace(committee, interval=Interval.QUARTER),
        replace(committee, times=2),
        replace(committee, quorum=Fraction(2, 3)),
        replace(committee, wording="一般每季度召开1次"),
    ):
        rules = tuple(wrong if r is committee else r for r in regulations.rules)
        assert rule_table_drift([replace(regulations, rules=rules)]) != [], wrong


def test_the_rule_set_in_force_on_the_last_day_of_the_period():
    assert standard.rule_set_in_force(D(2018, 10, 27)).name == RuleVersion.BEFORE_2018
    assert standard.rule_set_in_force(D(2018, 10, 28)).name == RuleVersion.REGULATIONS_2018
    assert standard.rule_set_for(None, D(2011, 1, 7)).name == RuleVersion.BEFORE_2018
    assert standard.rule_set_for(RuleVersion.BEFORE_2018, D(2021, 12, 31)).name == RuleVersion.BEFORE_2018


# ---------------------------------------------------------------- 造一个支部

FIRST, SECOND = "甲党小组", "乙党小组"
MEMBERS = [  # （姓名, 性别, 党内职务, 党小组）
    ("高文", "男", "书记", FIRST), ("韩梅", "女", "组织委员", FIRST), ("唐杰", "男", "无", FIRST),
    ("许莉", "女", "无", FIRST), ("冯涛", "男", "党小组长", FIRST),
    ("邹敏", "女", "宣传委员", SECOND), ("程亮", "男", "党小组长", SECOND), ("蔡琳", "女", "无", SECOND),
    ("潘宇", "男", "无", SECOND), ("丁洁", "女", "无", SECOND),
]
ALL = [m[0] for m in MEMBERS]
COMMITTEE = ["高文", "韩梅", "邹敏"]
GROUPS = {g: [m[0] for m in MEMBERS if m[3] == g] for g in (FIRST, SECOND)}


def month_days(start: D, end: D) -> list[D]:
    """报告期里每个月的 10 日（不在报告期内的月份取报告期内的一天）。"""
    days, day = [], D(start.year, start.month, 10)
    while day <= end:
        days.append(min(max(day, start), end))
        day = add_months(day, 1)
    return days


class Branch:
    """一本工作簿的数据：活动、出勤明细都由 add 记下。"""

    def __init__(self, start=D(2021, 1, 1), end=D(2021, 12, 31), **info):
        self.info = {"支部名称": "测试学院第一党支部", "上级党组织": "学院党委", "活动名称": "党史学习教育",
                     "报告期开始": start, "报告期结束": end, "成文日期": end, **info}
        self.start, self.end = start, end
        self.activities: list[dict] = []
        self.attendance: list[dict] = []
        self.narrative = [{"章节": s, "文本": f"{s}一段。"} for s in ("指导思想", "目标要求", "努力方向")]

    def add(self, kind: str, day: D, people=None, *, absent=(), leave=(), group=None, report="否", scope="其他", code=None, detail=True):
        code = code or f"M{len(self.activities) + 1:03d}"
        row = {"编号": code, "开始日期": day, "类型": kind, "名称": f"{day.month}月{kind}", "参加范围": scope,
               "内容": f"召开{kind}。", "写入报告": report}
        if group:
            row["党小组"] = group
        if people is not None:
            present = [p for p in people if p not in absent and p not in leave]
            row.update({"应到人数": len(people), "实到人数": len(present), "请假人数": len(leave)})
            if detail:
                for p in people:
                    status = "缺席" if p in absent else "请假" if p in leave else "出席"
                    self.attendance.append({"活动编号": code, "姓名": p, "状态": status})
        self.activities.append(row)
        return code

    def monthly(self, kind: str, skip=(), **kw) -> None:
        for day in month_days(self.start, self.end):
            if (day.year, day.month) not in skip and day.month not in skip:
                self.add(kind, day, **kw)

    def write(self, path: Path) -> Path:
        members = [
            {"序号": i, "姓名": name, "性别": sex, "人员类别": "教师", "党员类别": "正式党员", "入党日期": D(2000, 7, 1),
             "转正日期": D(2001, 7, 1), "党内职务": post, "党小组": group}
            for i, (name, sex, post, group) in enumerate(MEMBERS, start=1)
        ]
        data = {"支部信息": self.info, "党员名册": members, "活动记录": self.activities, "出勤明细": self.attendance,
                "公开承诺": [], "报告正文": self.narrative}
        return write_workbook(path, data)


def full_year(**gaps) -> Branch:
    """2021 年全年：按 gaps 漏掉一些月份（季度）的会，其余都开了。"""
    b = Branch()
    b.monthly(ActivityType.COMMITTEE_MEETING, skip=gaps.get("committee", ()), people=COMMITTEE, scope="支委")
    for group, people in GROUPS.items():
        b.monthly(ActivityType.GROUP_MEETING, skip=gaps.get(group, ()), people=people, group=group, scope="党小组")
    b.monthly(ActivityType.THEME_DAY, skip=gaps.get("theme", ()), people=ALL, scope="全体党员")
    for month in (2, 5, 8, 11):
        if month not in gaps.get("general", ()):
            b.add(ActivityType.GENERAL_MEETING, D(2021, month, 20), ALL, scope="全体党员", report="是")
        if month not in gaps.get("lecture", ()):
            b.add(ActivityType.PARTY_LECTURE, D(2021, month, 22), ALL, scope="全体党员", report="是")
    b.add(ActivityType.LIFE_MEETING, D(2021, 12, 20), ALL, scope="全体党员", report="是")
    b.add(ActivityType.REVIEW, D(2021, 12, 21), ALL, scope="全体党员", report="是")
    return b


def checked(b: Branch, tmp_path: Path, name="支部.xlsx"):
    return api.validate(b.write(tmp_path / name)).checked


def said(checked, code="meetings.missing") -> list[str]:
    return [f.problem.split("。")[0] for f in checked.findings if f.code == code]


def missing(kind, months, rule="一般每月召开1次", cited=REGULATIONS) -> str:
    return f"{kind}：{months}没有记录（{cited}：{rule}）"


# ---------------------------------------------------------------- 1. 哪些月份没有记录


def test_a_year_with_known_gaps_names_the_exact_months(tmp_path):
    b = full_year(committee=(5, 7), **{FIRST: (3,), SECOND: (8, 9)}, theme=(2,), general=(8,), lecture=(11,))
    result = checked(b, tmp_path)
    assert result.errors == []
    assert said(result) == [
        missing("支部党员大会", "2021年第三季度", "一般每季度召开1次"),
        missing("支部委员会", "2021年5月、7月"),
        missing(f"党小组会（{FIRST}）", "2021年3月"),
        missing(f"党小组会（{SECOND}）", "2021年8月、9月"),
        missing("党课", "2021年第四季度", "党课一般每季度一次", "“三会一课”制度"),
        missing("主题党日", "2021年2月", "每月相对固定1天开展主题党日"),
    ]
    committee = next(f for f in result.findings if f.problem.startswith("支部委员会："))
    assert "报告期12个月中10个月有记录" in committee.problem and committee.severity == "提醒"
    assert (committee.sheet, committee.column, committee.header) == ("活动记录", "D", "类型")
    assert "规则版本：2018年条例（没有填，按报告期结束那一天施行的规则）" in committee.expected
    group = next(f for f in result.findings if f.problem.startswith(f"党小组会（{SECOND}）"))
    assert f"党小组填“{SECOND}”" in group.fix


def test_a_full_year_has_no_meeting_reminder(tmp_path):
    assert [f.code for f in checked(full_year(), tmp_path).findings] == []


def test_activities_not_in_the_report_still_count_as_held(tmp_path):
    b = full_year(committee=(5,))
    b.add(ActivityType.COMMITTEE_MEETING, D(2021, 5, 28), COMMITTEE, scope="支委", report="否")
    assert said(checked(b, tmp_path)) == []


def test_a_kind_never_held_lists_every_month(tmp_path):
    b = full_year(committee=tuple(range(1, 13)))
    months = "2021年" + "、".join(f"{m}月" for m in range(1, 13))
    assert said(checked(b, tmp_path)) == [missing("支部委员会", months)]


def test_the_group_of_a_meeting_comes_from_its_attendance_when_not_written(tmp_path):
    b = full_year(**{SECOND: (6,)})
    code = b.add(ActivityType.GROUP_MEETING, D(2021, 6, 12), GROUPS[SECOND], scope="党小组")  # 没写党小组
    assert "党小组" not in b.activities[-1] and code
    assert said(checked(b, tmp_path)) == []


def test_a_group_meeting_of_an_unknown_group_is_said_and_not_counted_for_a_group(tmp_path):
    b = full_year(**{FIRST: (4,)})
    b.add(ActivityType.GROUP_MEETING, D(2021, 4, 12), group="丙党小组")  # 名册里没有
    b.add(ActivityType.GROUP_MEETING, D(2021, 4, 13))  # 没写、也没有出勤明细
    result = checked(b, tmp_path)
    assert said(result) == [missing(f"党小组会（{FIRST}）", "2021年4月")]
    unclear = [f for f in result.findings if f.code == "meetings.group_unclear"]
    assert [(f.row, f.header) for f in unclear] == [(len(b.activities), "党小组"), (len(b.activities) + 1, "党小组")]
    assert "“丙党小组”" in unclear[0].problem and f"名册里有：{FIRST}、{SECOND}" in unclear[0].problem
    assert "没有写明是哪个党小组开的" in unclear[1].problem


def test_a_branch_without_groups_is_not_asked_for_group_meetings(tmp_path):
    b = full_year()
    path = b.write(tmp_path / "支部.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book["党员名册"]
    column = [c.value for c in ws[1]].index("党小组") + 1
    for row in range(2, ws.max_row + 1):
        ws.cell(row, column).value = None
    book.save(path)
    result = api.validate(path).checked
    assert [f.code for f in result.findings if f.code.startswith("meetings.")] == []
    record = meetings_record(result.branch)
    assert record.kind(ActivityType.GROUP_MEETING).phrase() == "党员名册里没有划分党小组，不作要求"


# ---------------------------------------------------------------- 报告期的首尾


def test_a_three_month_stage_starting_mid_quarter(tmp_path):
    """2021年2月15日至5月14日：2月、5月各只有半个月（按天数折算，合起来算一个月）；
    第一季度、第二季度各只有一半（合起来算一个季度）；比一年短，组织生活会、民主评议党员不作要求。"""
    start, end = D(2021, 2, 15), D(2021, 5, 14)
    b = Branch(start, end)
    for day in (D(2021, 3, 10), D(2021, 4, 10)):  # 支委会只在两个整月里开
        b.add(ActivityType.COMMITTEE_MEETING, day, COMMITTEE, scope="支委")
    for group, people in GROUPS.items():  # 党小组会三个月都有：首尾两个半月里有一次就够
        for day in (D(2021, 2, 20), D(2021, 3, 10), D(2021, 4, 10)):
            b.add(ActivityType.GROUP_MEETING, day, people, group=group, scope="党小组")
    b.add(ActivityType.GENERAL_MEETING, D(2021, 4, 20), ALL, scope="全体党员", report="是")  # 落在第二季度的那一半
    b.add(ActivityType.THEME_DAY, D(2021, 3, 5), ALL, scope="全体党员")
    result = checked(b, tmp_path)
    assert said(result) == [
        missing("支部委员会", "2021年2月（15日至28日）、5月（1日至14日）"),
        missing("党课", "2021年第一季度（2月15日至3月31日）、第二季度（4月1日至5月14日）", "党课一般每季度一次", "“三会一课”制度"),
        # 4 月整月没有；首尾两个半月合起来该有一次，也没有：两段都列出
        missing("主题党日", "2021年2月（15日至28日）、4月、5月（1日至14日）", "每月相对固定1天开展主题党日"),
    ]
    committee = next(f for f in result.findings if f.problem.startswith("支部委员会："))
    assert "报告期首尾不满一个月的部分按天数折算：报告期折合3个月，其中2个月有记录" in committee.problem
    values = figures.meeting_figures(result.branch)
    assert values["支部党员大会按期情况"] == "1个季度中1个季度有记录（首尾不满一个季度的按天数折算）"
    assert values["党小组会按期情况"] == f"{FIRST}3个月中3个月有记录，{SECOND}3个月中3个月有记录（首尾不满一个月的按天数折算）"
    assert values["组织生活会按期情况"] == "报告期不足一年，不作要求"
    assert values["民主评议党员按期情况"] == "报告期不足一年，不作要求"


def test_a_thirteen_month_stage(tmp_path):
    """2021年1月1日至2022年1月31日：13个整月；2022年第一季度只有1月（约三分之一），按天数折算不作要求；
    2022年只有1月，同样不作要求——但2021年整年没有组织生活会，就要说。"""
    b = Branch(D(2021, 1, 1), D(2022, 1, 31))
    b.monthly(ActivityType.COMMITTEE_MEETING, skip=((2022, 1),), people=COMMITTEE, scope="支委")
    for group, people in GROUPS.items():
        b.monthly(ActivityType.GROUP_MEETING, people=people, group=group, scope="党小组")
    b.monthly(ActivityType.THEME_DAY, people=ALL, scope="全体党员")
    for month in (2, 5, 8, 11):
        b.add(ActivityType.GENERAL_MEETING, D(2021, month, 20), ALL, scope="全体党员")
        b.add(ActivityType.PARTY_LECTURE, D(2021, month, 22), ALL, scope="全体党员")
    b.add(ActivityType.LIFE_MEETING, D(2022, 1, 18), ALL, scope="全体党员")  # 2021 年的组织生活会到次年 1 月才开
    b.add(ActivityType.REVIEW, D(2021, 12, 21), ALL, scope="全体党员")
    result = checked(b, tmp_path)
    assert said(result) == [
        missing("支部委员会", "2022年1月"),
        missing("组织生活会", "2021年", "每年至少召开1次组织生活会"),
    ]
    values = figures.meeting_figures(result.branch)
    assert values["支部委员会按期情况"] == "13个月中12个月有记录"
    assert values["支部委员会次数"] == "12"
    assert values["支部党员大会按期情况"] == "4个季度中4个季度有记录（首尾不满一个季度的按天数折算）"
    assert values["民主评议党员按期情况"] == "1年中1年有记录（首尾不满一年的按天数折算）"


def test_a_thirteen_month_stage_starting_mid_month_splits_both_years():
    """2021年3月15日至2022年4月14日：两个年份都不满，合起来折合一年：一次也没有时两段都列出。"""
    start, end = D(2021, 3, 15), D(2022, 4, 14)
    years = spans_of(start, end, Interval.YEAR)
    assert [(s.start, s.end, s.whole) for s in years] == [(start, D(2021, 12, 31), False), (D(2022, 1, 1), end, False)]
    months = spans_of(start, end, Interval.MONTH)
    assert len(months) == 14 and sum(s.whole for s in months) == 12


def test_a_short_stage_is_not_held_to_a_longer_interval(tmp_path):
    """两个月的阶段：不问每年的组织生活会、民主评议党员，也不问每季度的党员大会、党课；每月的照问。"""
    b = Branch(D(2021, 9, 1), D(2021, 10, 31))
    b.add(ActivityType.COMMITTEE_MEETING, D(2021, 9, 10), COMMITTEE, scope="支委")
    result = checked(b, tmp_path)
    kinds = [p.split("：")[0] for p in said(result)]
    assert kinds == ["支部委员会", f"党小组会（{FIRST}）", f"党小组会（{SECOND}）", "主题党日"]
    assert said(result)[0] == missing("支部委员会", "2021年10月")
    values = figures.meeting_figures(result.branch)
    assert values["支部党员大会按期情况"] == "报告期不足一个季度，不作要求"
    assert values["组织生活会按期情况"] == "报告期不足一年，不作要求"


def test_the_earlier_rules_are_used_when_chosen_or_in_force(tmp_path):
    b = full_year(theme=tuple(range(1, 13)))  # 一次主题党日也没有
    assert said(checked(b, tmp_path))[-1].startswith("主题党日：")
    b.info["规则版本"] = "2018年条例施行前"
    result = checked(b, tmp_path, "旧规则.xlsx")
    assert said(result) == []  # 那时没有主题党日的要求
    assert meetings_record(result.branch).rule_set.name == RuleVersion.BEFORE_2018


# ---------------------------------------------------------------- 2. 出勤


def test_attendance_under_the_quorum_is_a_reminder(tmp_path):
    b = full_year()
    low = b.add(ActivityType.GENERAL_MEETING, D(2021, 6, 1), ALL, absent=ALL[:5], leave=ALL[5:6], scope="全体党员")  # 4/10
    b.add(ActivityType.GENERAL_MEETING, D(2021, 6, 2), ALL, absent=ALL[:5], scope="全体党员")  # 5/10：半数，够了
    b.add(ActivityType.COMMITTEE_MEETING, D(2021, 6, 3), COMMITTEE, absent=COMMITTEE[:2], scope="支委")  # 1/3
    result = checked(b, tmp_path)
    found = [f for f in result.findings if f.code == "meetings.low_attendance"]
    assert [(f.identity, f.header, f.found) for f in found] == [("编号：" + low, "实到人数", "“4”"), (f"编号：M{len(b.activities):03d}", "实到人数", "“1”")]
    assert "不到应到10人的半数（《中国共产党支部工作条例（试行）》第十一条：表决必须有半数以上有表决权的党员到会方可进行）" in found[0].problem
    assert "须有半数以上委员到会方可进行" in found[1].problem


def test_the_earlier_rules_ask_for_more_than_half(tmp_path):
    b = full_year()
    b.info["规则版本"] = "2018年条例施行前"
    b.add(ActivityType.GENERAL_MEETING, D(2021, 6, 2), ALL, absent=ALL[:5], scope="全体党员")  # 5/10：不超过半数
    found = [f for f in checked(b, tmp_path).findings if f.code == "meetings.low_attendance"]
    assert len(found) == 1 and "没有超过应到10人的半数" in found[0].problem


def test_a_member_absent_from_every_meeting_of_a_kind_is_named(tmp_path):
    b = Branch()
    for day in month_days(b.start, b.end):
        for group, people in GROUPS.items():
            absent = ("唐杰",) if group == FIRST else ("潘宇",)
            leave = ("潘宇",) if group == SECOND and day.month == 6 else ()  # 潘宇 6 月请了假：不算无故缺席
            b.add(ActivityType.GROUP_MEETING, day, people, absent=tuple(a for a in absent if a not in leave), leave=leave,
                  group=group, scope="党小组")
    result = checked(b, tmp_path)
    named = [f for f in result.findings if f.code == "meetings.always_absent"]
    assert [(f.sheet, f.identity, f.header) for f in named] == [("党员名册", "姓名：唐杰", "姓名")]
    assert "记了唐杰的12次党小组会" in named[0].problem and "都是“缺席”，没有一次“请假”" in named[0].problem


# ---------------------------------------------------------------- 3. 数字（占位符）和 4. 附件


def with_placeholders(b: Branch) -> Branch:
    b.narrative.append({"章节": "努力方向", "文本": "支委会{支部委员会次数}次，{支部委员会按期情况}，平均出勤率{支部委员会平均出勤率}；"
                        "党小组会{党小组会次数}次，{党小组会按期情况}。"})
    return b


def report_of(b: Branch, tmp_path: Path, name="支部"):
    target = tmp_path / f"{name}.docx"
    result = api.generate_report(b.write(tmp_path / f"{name}.xlsx"), target)
    document = docx.Document(str(target))
    lines = [p.text for p in document.paragraphs if p.text.strip()]
    return document, lines, result


def test_the_report_states_the_figures_and_opens_the_measures_with_the_meetings(tmp_path):
    b = full_year(committee=(5, 7), **{FIRST: (3,), SECOND: (8, 9)})
    b.activities[0]["应到人数"], b.activities[0]["实到人数"] = 3, 2  # 1 月支委会 2/3
    b.attendance[2]["状态"] = "缺席"
    document, lines, _ = report_of(with_placeholders(b), tmp_path)
    text = "".join(lines)
    # 支委会 10 次，实到 2+3×9=29 人次 ÷ 应到 30 人次；党小组会 11+10=21 次
    assert "支委会10次，12个月中10个月有记录，平均出勤率96.7%；" in text
    assert f"党小组会21次，{FIRST}12个月中11个月有记录，{SECOND}12个月中10个月有记录。" in text
    measures = lines.index("三、开展党史学习教育的具体措施")
    assert lines[measures + 1] == (
        "报告期内，测试学院第一党支部按照《中国共产党支部工作条例（试行）》开展组织生活：支部党员大会4次（4个季度中4个季度有记录）、"
        "支部委员会10次（12个月中10个月有记录）、"
        f"党小组会21次（{FIRST}12个月中11个月有记录，{SECOND}12个月中10个月有记录）、党课4次（4个季度中4个季度有记录）、"
        "主题党日12次（12个月中12个月有记录）、组织生活会1次（1年中1年有记录）、民主评议党员1次（1年中1年有记录）。"
        "支部党员大会平均出勤率100%，支部委员会平均出勤率96.7%，党小组会平均出勤率100%，党课平均出勤率100%，"
        "主题党日平均出勤率100%，组织生活会平均出勤率100%，民主评议党员平均出勤率100%。"
    )


def test_the_attachment_has_one_row_per_kind(tmp_path):
    b = full_year(committee=(5, 7), **{FIRST: (3,), SECOND: (8, 9)}, general=(8,))
    document, lines, _ = report_of(b, tmp_path)
    note = lines.index("附件：1.三会一课及组织生活开展情况统计表")
    assert lines[note + 1] == "2.活动开展情况统计表"
    meetings = [[c.text.replace("\n", "") for c in row.cells] for row in document.tables[0].rows]  # 窄栏在词与词之间换行
    assert meetings == [
        ["类型", "规定", "次数", "按期情况", "没有记录的", "出勤率"],
        ["支部党员大会", "一般每季度召开1次", "3", "4个季度中3个季度有记录", "2021年第三季度", "100%"],
        ["支部委员会", "一般每月召开1次", "10", "12个月中10个月有记录", "2021年5月、7月", "100%"],
        ["党小组会", "一般每月召开1次", "21", f"{FIRST}12个月中11个月有记录，{SECOND}12个月中10个月有记录",
         f"{FIRST}：2021年3月；{SECOND}：2021年8月、9月", "100%"],
        ["党课", "党课一般每季度一次", "4", "4个季度中4个季度有记录", "无", "100%"],
        ["主题党日", "每月相对固定1天开展主题党日", "12", "12个月中12个月有记录", "无", "100%"],
        ["组织生活会", "每年至少召开1次组织生活会", "1", "1年中1年有记录", "无", "100%"],
        ["民主评议党员", "一般每年开展1次民主评议党员", "1", "1年中1年有记录", "无", "100%"],
    ]


def test_no_paragraph_or_attachment_when_the_branch_says_no_or_holds_no_meetings(tmp_path):
    b = full_year(committee=(5,))
    b.info["三会一课写入报告"] = "否"
    document, lines, result = report_of(b, tmp_path, "不写")
    assert not any("三会一课" in l or "开展组织生活" in l for l in lines) and len(document.tables) == 1
    assert [f.code for f in result.warnings] == ["meetings.missing"]  # 检查照常提醒
    plain = Branch()
    plain.add(ActivityType.STUDY, D(2021, 3, 1), report="是")
    document, lines, _ = report_of(plain, tmp_path, "没有会议")
    assert not any("三会一课" in l for l in lines)


def test_a_branch_that_writes_the_sentence_itself_gets_it_once(tmp_path):
    b = full_year()
    b.narrative.append({"章节": "前言", "文本": "{三会一课情况}现将有关情况汇报如下："})
    _, lines, _ = report_of(b, tmp_path)
    assert sum("开展组织生活：" in l for l in lines) == 1
    assert lines[1].startswith("报告期内，测试学院第一党支部按照《中国共产党支部工作条例（试行）》开展组织生活：")


def test_an_old_template_without_the_meetings_wording_still_writes_the_report(tmp_path):
    folder = tmp_path / "模板"
    shutil.copytree(ROOT / "templates" / "report", folder)
    wording = folder / "wording.j2"
    text = wording.read_text(encoding="utf-8")
    wording.write_text(text[: text.index("{#- ================================================================ 三会一课")], encoding="utf-8")
    target = tmp_path / "旧模板.docx"
    result = api.generate_report(full_year().write(tmp_path / "支部.xlsx"), target, template_dir=folder)
    document = docx.Document(str(target))
    assert len(document.tables) == 1 and not any("开展组织生活" in p.text for p in document.paragraphs)
    assert any("meetings_title" in n for n in result.notes)


# ---------------------------------------------------------------- 填表说明、支部信息


def test_the_guide_explains_the_rule_version_the_placeholders_and_the_rules(tmp_path):
    path = tmp_path / "空白.xlsx"
    api.new_workbook(path)
    book = openpyxl.load_workbook(path)
    items = [r[0] for r in book["支部信息"].iter_rows(min_row=2, values_only=True)]
    assert items[-2:] == ["规则版本", "三会一课写入报告"]
    guide = [str(c) for row in book["填表说明"].iter_rows(values_only=True) for c in row if c]
    text = "\n".join(guide)
    for p in standard.MEETING_PLACEHOLDERS:
        assert "{" + p.name + "}" in guide and p.meaning in guide
    assert "不填时按报告期结束那一天施行的规则" in text
    assert "五、三会一课和组织生活：对照的规则" in text
    for rule_set in standard.RULE_SETS:
        for rule in rule_set.rules:
            assert rule.text in guide
    assert "2018年条例" in [c for c in book["代码表"].iter_cols(values_only=True) if c[0] == "支部信息·规则版本"][0]


# ---------------------------------------------------------------- 6. 第二本示例


SECOND_SAMPLE = ROOT / "samples" / "经管学院教工第二党支部工作数据簿.xlsx"


def test_the_second_sample_shows_its_reminders_and_its_attachment(tmp_path):
    result = api.validate(SECOND_SAMPLE).checked
    assert result.errors == []
    assert [(f.code, f.problem.split("。")[0]) for f in result.findings] == [
        ("meetings.missing", missing("支部党员大会", "2021年第三季度", "一般每季度召开1次")),
        ("meetings.missing", missing("支部委员会", "2021年5月、7月")),
        ("meetings.missing", missing("党小组会（第一党小组）", "2021年3月")),
        ("meetings.missing", missing("党小组会（第二党小组）", "2021年8月、9月")),
        ("meetings.missing", missing("主题党日", "2021年2月", "每月相对固定1天开展主题党日")),
        ("meetings.low_attendance", "这次支部党员大会到会5人（实到人数），不到应到12人的半数（《中国共产党支部工作条例（试行）》第十一条：表决必须有半数以上有表决权的党员到会方可进行）"),
        ("meetings.always_absent", "报告期内出勤明细记了钱立群的11次党小组会（G101、G102、G104、G105、G106、G107、G108、G109、G110、G111、G112），都是“缺席”，没有一次“请假”"),
    ]
    target = tmp_path / "示例二.docx"
    api.generate_report(SECOND_SAMPLE, target)
    document = docx.Document(str(target))
    lines = [p.text for p in document.paragraphs if p.text.strip()]
    assert "附件：1.三会一课及组织生活开展情况统计表" in lines
    assert [c.text.replace("\n", "") for c in document.tables[0].rows[2].cells][4] == "2021年5月、7月"


def test_the_second_sample_is_what_its_script_builds(tmp_path):
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("build_meetings_sample", ROOT / "scripts" / "build_meetings_sample.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    from toolkit.workbook.blank import workbook_bytes

    assert workbook_bytes(module.build()) == SECOND_SAMPLE.read_bytes(), "运行 python scripts/build_meetings_sample.py"


# ---------------------------------------------------------------- 5. 汇总


def test_the_rollup_has_the_same_columns_per_branch_and_a_committee_sentence(tmp_path):
    folder = tmp_path / "各支部"
    folder.mkdir()
    full_year().write(folder / "全年.xlsx")
    gaps = full_year(committee=(5, 7), **{SECOND: (8, 9)})
    gaps.info["支部名称"] = "测试学院第二党支部"
    gaps.write(folder / "漏开.xlsx")
    out = tmp_path / "输出"
    out.mkdir()
    import subprocess
    import sys

    # 与用户一样用命令行汇总
    run = subprocess.run([sys.executable, "-m", "toolkit", "rollup", str(folder), "--name", "测试学院党委", "-o", str(out), "--quiet"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    summary = next(out.glob("*.xlsx"))
    rows = list(openpyxl.load_workbook(summary)["三会一课"].iter_rows(values_only=True))
    header = rows[0]
    by_name = {r[1]: dict(zip(header, r)) for r in rows[1:]}
    second = by_name["测试学院第二党支部"]
    assert (second["规则版本"], second["支部委员会次数"], second["支部委员会按期情况"], second["支部委员会没有记录的"]) == (
        "2018年条例", 10, "12个月中10个月有记录", "2021年5月、7月")
    assert second["党小组会没有记录的"] == f"{SECOND}：2021年8月、9月"
    assert by_name["测试学院第一党支部"]["支部委员会没有记录的"] is None
    report = docx.Document(str(next(out.glob("*.docx"))))
    text = "".join(p.text for p in report.paragraphs)
    assert "各类会议按期召开的党支部：支部党员大会2个（共2个）、支部委员会1个（共2个）、党小组会1个（共2个）、党课2个（共2个）" in text
    assert "测试学院第二党支部（支部委员会、党小组会）没有按期开展组织生活，测试学院党委将督促其对照规定补齐短板" in text


def test_a_changed_branch_gets_its_own_meeting_record(tmp_path):
    """同一个支部只算一次（检查、数字、报告都用它）；改过的支部（另一个对象）重新算，不拿旧的。"""
    b = Branch(D(2021, 9, 1), D(2021, 10, 31))
    b.add(ActivityType.COMMITTEE_MEETING, D(2021, 9, 10), COMMITTEE, scope="支委")
    branch = checked(b, tmp_path).branch
    record = meetings_record(branch)
    held = {k.kind: len(k.codes) for k in record.kinds}
    assert held[ActivityType.COMMITTEE_MEETING] == 1
    assert meetings_record(branch) is record
    fewer = replace(branch, activities=tuple(a for a in branch.activities if a.type != ActivityType.COMMITTEE_MEETING))
    assert {k.kind: len(k.codes) for k in meetings_record(fewer).kinds}[ActivityType.COMMITTEE_MEETING] == 0
    assert figures.meeting_figures(fewer)["支部委员会次数"] == "0"
    assert figures.meeting_figures(branch)["支部委员会次数"] == "1"

"""报告里的数字：由数据算出，经占位符写进用户的文字。

    branch_figures(branch)          全报告通用的数字（党员总数、教师党员数、报告期、组织生活……）
    meeting_figures(branch)         其中组织生活的（{支部委员会次数}、{三会一课情况}……；怎么数在 meetings.py）
    branch_figure(branch, placeholder)  其中一个
    activity_figures(activity)      一项活动的应到、实到、请假、出勤率
    member_count(branch, column, value)  报告期结束时某一类党员的人数（如人员类别为“其他”的）
    fill(text, branch, activity)    把 {教师党员数}、{出勤率}、{A05.出勤率} 换成数字；{{ 是字面的 {

数字只在这里算一次：报告、检查（checks/placeholders.py）、附件表格都从这里取，所以不会对不上。
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable
from decimal import ROUND_HALF_UP, Decimal

from toolkit import standard
from toolkit.branch.meetings import MeetingsRecord, meetings_record
from toolkit.branch.model import Activity, Branch, Member
from toolkit.standard import Column, Placeholder
from toolkit.text import date_text, name_key

ACTIVITY_FIGURES = tuple(p.name for p in standard.PLACEHOLDERS if p.scope == "activity")
BRANCH_FIGURES = tuple(p.name for p in standard.PLACEHOLDERS if p.scope == "branch")


@lru_cache(maxsize=4096, typed=True)  # 上几级的汇总表有几万个比率，多是少数几个值（100%、92.9%）：Decimal 每次都算慢
def format_rate(rate: float) -> str:
    """百分数，至多一位小数，小数为 0 时不写：100%、75%、92.9%。"""
    value = (Decimal(str(rate)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{value:f}"
    if text.endswith(".0"):
        text = text[:-2]
    return text + "%"


# 报告期的写法（“X至Y”）是措辞，在模板里（common.j2 的 period）：由写报告的一方给出这个函数
PeriodPhrase = Callable[[str, str], str]
# {三会一课情况} 那一段话也是措辞（wording.j2 的 meetings_sentence）：参数是 meetings_context 给的数字
MeetingsPhrase = Callable[[dict], str]
NO_ATTENDANCE = "无出勤记录"  # 一类会议一项也没有填应到、实到人数时，{……平均出勤率} 的值


def branch_figures(
    branch: Branch, *, period: PeriodPhrase | None = None, meetings: MeetingsPhrase | None = None
) -> dict[str, str]:
    """全报告通用的占位符 → 值（文字）。怎么算由 standard.PLACEHOLDERS 的声明决定。

    period：把两个日期写成报告期的函数（措辞模板的 period）；meetings：写 {三会一课情况} 那段话的函数。
    不给时这两个的值是空的：只查占位符写得对不对（checks）时用不着它们。"""
    members = branch.members_on(branch.info.period_end)
    organised = meeting_figures(branch, sentence=meetings)
    return {
        p.name: organised[p.name] if p.meeting else _figure(branch, p, members, period)
        for p in standard.PLACEHOLDERS
        if p.scope == "branch"
    }


def branch_figure(branch: Branch, placeholder: Placeholder, *, period: PeriodPhrase | None = None) -> str:
    """一个全报告通用的占位符的值。"""
    if placeholder.meeting:
        return meeting_figures(branch)[placeholder.name]
    return _figure(branch, placeholder, branch.members_on(branch.info.period_end), period)


def _figure(branch: Branch, placeholder: Placeholder, members: list[Member], period: PeriodPhrase | None) -> str:
    if placeholder.info is not None:
        return str(getattr(branch.info, placeholder.info))  # 支部信息的一项
    if placeholder.counts is not None:
        return str(_count(members, *placeholder.counts))  # 报告期结束时党员名册里的人数
    if placeholder.key == standard.FIGURE.period.key:
        return _period(branch, period)
    return str(_COMPUTED[placeholder.key](branch))


def member_count(branch: Branch, column: Column | None = None, value: str | None = None) -> int:
    """报告期结束时的党员人数；给了列和值时，只数那一列是这个值的（如人员类别为“其他”的）。"""
    return _count(branch.members_on(branch.info.period_end), column.key if column else "", value)


def _count(members: list[Member], column: str, value: str | None) -> int:
    if not column:
        return len(members)  # 全体党员
    return sum(1 for m in members if getattr(m, column) == value)


def _period(branch: Branch, period: PeriodPhrase | None) -> str:
    start, end = branch.info.period_start, branch.info.period_end
    if not (start and end and period):
        return ""
    return period(date_text(start), date_text(end))


def _committed_members(branch: Branch) -> int:
    """作出公开承诺的党员人数，一人多项只算一人。"""
    return len({name_key(c.person) for c in branch.commitments if c.subject == standard.Committer.MEMBER and c.person})


# 不取自支部信息、也不是数人头的数字：占位符的 key → 怎么算
_COMPUTED = {
    "activities": lambda branch: len(reported_activities(branch)),  # 与附件统计表的“合计（N项）”同一基数
    "activities_held": lambda branch: len(branch.activities_in_period()),
    "committed_members": _committed_members,
    "commitments": lambda branch: len(branch.commitments),
    "fulfilled": lambda branch: sum(1 for c in branch.commitments if c.progress == standard.Progress.FULFILLED),
}


def figure_bases(branch: Branch) -> dict[str, int]:
    """全报告通用的数字各由几条记录算出（占位符 → 条数）：党员人数数的是报告期结束时的党员，
    活动总数数的是写入报告的活动，平均出勤率平均的是填了人数的那几次会议……
    一条记录也没有的数字写进报告就成了“支部0名党员全部参加学习”，检查据此报错。
    取自支部信息的、报告期、按期情况不靠记录，不在里面。"""
    members = len(branch.members_on(branch.info.period_end))
    held = len(branch.activities_in_period())
    record = meetings_record(branch)
    bases = {}
    for p in standard.PLACEHOLDERS:
        if p.scope != "branch" or p.info is not None or p.key == standard.FIGURE.period.key:
            continue
        if p.counts is not None:
            bases[p.name] = members
        elif p.meeting is not None:
            base = _meeting_base(record, *p.meeting, held)
            if base is not None:
                bases[p.name] = base
        else:
            bases[p.name] = _BASES[p.key](branch)
    return bases


def _meeting_base(record: MeetingsRecord | None, kind: str, measure: str, held: int) -> int | None:
    if record is None or measure == standard.MeetingMeasure.COVERED:
        return None  # 报告期没填全（另有发现）；按期情况只看报告期
    if measure == standard.MeetingMeasure.RATE:
        return 0 if record.kind(kind).rate is None else record.kind(kind).count
    return held  # 次数、整段话：报告期内的活动


# 各数字的基数（占位符的 key → 由几条记录算出）
_BASES = {
    "activities": lambda branch: len(reported_activities(branch)),
    "activities_held": lambda branch: len(branch.activities_in_period()),
    "committed_members": lambda branch: len(branch.commitments),
    "commitments": lambda branch: len(branch.commitments),
    "fulfilled": lambda branch: len(branch.commitments),
}


# ---------------------------------------------------------------- 组织生活


def meeting_figures(
    branch: Branch, record: MeetingsRecord | None = None, *, sentence: MeetingsPhrase | None = None
) -> dict[str, str]:
    """组织生活的占位符 → 值：各类会议的次数、按期情况、平均出勤率，和 {三会一课情况} 那段话。
    报告期没填全时都是空的（检查已经说了报告期的问题）。"""
    record = meetings_record(branch) if record is None else record
    values = {}
    for p in standard.MEETING_PLACEHOLDERS:
        kind, measure = p.meeting
        values[p.name] = "" if record is None else _meeting_value(record, kind, measure, sentence)
    return values


def _meeting_value(record: MeetingsRecord, kind: str, measure: str, sentence: MeetingsPhrase | None) -> str:
    if measure == standard.MeetingMeasure.SENTENCE:
        return sentence(meetings_context(record)) if sentence else ""
    of_kind = record.kind(kind)
    if measure == standard.MeetingMeasure.COUNT:
        return str(of_kind.count)
    if measure == standard.MeetingMeasure.COVERED:
        return of_kind.phrase()
    return format_rate(of_kind.rate) if of_kind.rate is not None else NO_ATTENDANCE


def meetings_context(record: MeetingsRecord) -> dict:
    """措辞模板（meetings_sentence）用的数字：规则的出处，和规则管着的、或报告期内开过的每一类会议。"""
    kinds = [
        {
            "name": k.kind,
            "count": k.count,
            "required": k.required,
            "covered": k.phrase(note=False),
            "missing": k.missing_text(),
            "rate": format_rate(k.rate) if k.rate is not None else "",
            "rule": k.rule.wording if k.rule else "",
        }
        for k in record.kinds
        if k.rule is not None or k.count
    ]
    return {"document": record.rule_set.document, "version": record.rule_set.name, "kinds": kinds, "prorated": record.prorated()}


def activity_figures(activity: Activity) -> dict[str, str]:
    """这项活动有的数字；没填的（如应到人数）不在里面。数字就是 Activity 上名为占位符 key 的值。"""
    values = {}
    for placeholder in standard.PLACEHOLDERS:
        if placeholder.scope != "activity":
            continue
        value = getattr(activity, placeholder.key)
        if value is not None:
            # 人数是整数；比率（出勤率）印成百分数
            values[placeholder.name] = format_rate(value) if isinstance(value, float) else str(value)
    return values


# ---------------------------------------------------------------- 占位符

# {{ 和 }} 是字面的花括号；{……} 是占位符（不含花括号和换行）
PLACEHOLDER_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]{0,40})\}")


@dataclass(frozen=True)
class PlaceholderUse:
    text: str  # 原样，如 “{教师党员数}”
    name: str  # 去掉空白后的名字，如 “教师党员数” 或 “A05.出勤率”


def placeholders_in(text: str) -> list[PlaceholderUse]:
    uses = []
    for match in PLACEHOLDER_TOKEN.finditer(text):
        if match.group(1) is not None:
            uses.append(PlaceholderUse(match.group(0), re.sub(r"\s", "", match.group(1))))
    return uses


def fill(text: str, branch: Branch, activity: Activity | None = None, *, figures: dict[str, str] | None = None) -> str:
    """换掉占位符。检查已保证每个名字都有值；万一没有，原样保留，绝不猜一个数。"""
    figures = figures if figures is not None else branch_figures(branch)
    own = activity_figures(activity) if activity is not None else {}
    by_code = None

    def replace(match: re.Match) -> str:
        nonlocal by_code
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = re.sub(r"\s", "", match.group(1))
        if name in own:
            return own[name]
        if name in figures:
            return figures[name]
        if "." in name:
            if by_code is None:
                by_code = {a.code: a for a in branch.activities}
            code, _, figure = name.rpartition(".")
            other = by_code.get(code)
            if other is not None:
                return activity_figures(other).get(figure, token)
        return token

    return PLACEHOLDER_TOKEN.sub(replace, text)


# ---------------------------------------------------------------- 出勤合计


@dataclass(frozen=True)
class AttendanceTotal:
    """有应到、实到人数的活动合在一起：实到人次 ÷ 应到人次。

    支部报告附件“活动开展情况统计表”的合计行、汇总表里各支部的出勤率都取这里，
    所以党委汇总的数字与支部自己的报告一字不差。
    """

    activities: int  # 计入的活动项数（填了应到和实到人数的）
    expected: int  # 应到人次
    present: int  # 实到人次

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None


def reported_activities(branch: Branch) -> list[Activity]:
    """报告期内、写入报告的活动：报告的“具体措施”和附件统计表印的就是这些。"""
    return [a for a in branch.activities_in_period() if a.reported]


def attendance_total(activities) -> AttendanceTotal:
    counted = [a for a in activities if a.expected and a.present is not None]
    return AttendanceTotal(len(counted), sum(a.expected for a in counted), sum(a.present for a in counted))

"""报告里的数字：由数据算出，经占位符写进用户的文字。

    branch_figures(branch)          全报告通用的数字（党员总数、教师党员数、报告期……）
    activity_figures(activity)      一项活动的应到、实到、请假、出勤率
    fill(text, branch, activity)    把 {教师党员数}、{出勤率}、{A05.出勤率} 换成数字；{{ 是字面的 {

数字只在这里算一次：报告、检查（checks/placeholders.py）、附件表格都从这里取，所以不会对不上。
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from toolkit import standard
from toolkit.branch.model import Activity, Branch
from toolkit.text import date_text, name_key

ACTIVITY_FIGURES = tuple(p.name for p in standard.PLACEHOLDERS if p.scope == "activity")
BRANCH_FIGURES = tuple(p.name for p in standard.PLACEHOLDERS if p.scope == "branch")

# 按人员类别统计的占位符 → 人员类别
_BY_CATEGORY = {
    "教师党员数": "教师",
    "管理人员党员数": "管理人员",
    "学生党员数": "学生",
    "职工党员数": "职工",
    "离退休党员数": "离退休",
}


def format_rate(rate: float) -> str:
    """百分数，至多一位小数，小数为 0 时不写：100%、75%、92.9%。"""
    value = (Decimal(str(rate)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{value:f}"
    if text.endswith(".0"):
        text = text[:-2]
    return text + "%"


def branch_figures(branch: Branch) -> dict[str, str]:
    info = branch.info
    members = branch.members_on(info.period_end)
    committed = {name_key(c.person) for c in branch.commitments if c.subject == "党员" and c.person}
    values: dict[str, object] = {
        "支部名称": info.name,
        "上级党组织": info.parent_org,
        "活动名称": info.campaign,
        "报告期": _period(branch),
        "党员总数": len(members),
        "正式党员数": sum(1 for m in members if m.membership == "正式党员"),
        "预备党员数": sum(1 for m in members if m.membership == "预备党员"),
        "女党员数": sum(1 for m in members if m.sex == "女"),
        "活动总数": len(branch.activities_in_period()),
        "承诺党员数": len(committed),
        "承诺事项数": len(branch.commitments),
        "已兑现承诺数": sum(1 for c in branch.commitments if c.progress == "已兑现"),
    }
    for name, category in _BY_CATEGORY.items():
        values[name] = sum(1 for m in members if m.category == category)
    return {k: str(v) for k, v in values.items()}


def _period(branch: Branch) -> str:
    start, end = branch.info.period_start, branch.info.period_end
    if not (start and end):
        return ""
    return f"{date_text(start)}至{date_text(end)}"


def activity_figures(activity: Activity) -> dict[str, str]:
    """这项活动有的数字；没填的（如应到人数）不在里面。"""
    values = {}
    if activity.expected is not None:
        values["应到人数"] = str(activity.expected)
    if activity.present is not None:
        values["实到人数"] = str(activity.present)
    if activity.on_leave is not None:
        values["请假人数"] = str(activity.on_leave)
    if activity.attendance_rate is not None:
        values["出勤率"] = format_rate(activity.attendance_rate)
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

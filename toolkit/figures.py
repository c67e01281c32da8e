"""报告里的数字：由数据算出，经占位符写进用户的文字。

    branch_figures(branch)          全报告通用的数字（党员总数、教师党员数、报告期……）
    activity_figures(activity)      一项活动的应到、实到、请假、出勤率
    fill(text, branch, activity)    把 {教师党员数}、{出勤率}、{A05.出勤率} 换成数字；{{ 是字面的 {
    check_texts(branch)             占位符写错、用错地方、手写的数字与数据不符 → 发现

数字只在这里算一次：报告、检查、附件表格都从这里取，所以不会对不上。
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from toolkit import standard
from toolkit.findings import Finding
from toolkit.model import Activity, Branch
from toolkit.typography import date_text
from toolkit.values import name_key

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
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]{0,40})\}")


@dataclass(frozen=True)
class PlaceholderUse:
    text: str  # 原样，如 “{教师党员数}”
    name: str  # 去掉空白后的名字，如 “教师党员数” 或 “A05.出勤率”


def placeholders_in(text: str) -> list[PlaceholderUse]:
    uses = []
    for match in _TOKEN.finditer(text):
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

    return _TOKEN.sub(replace, text)


# ---------------------------------------------------------------- 检查


def check_texts(branch: Branch) -> list[Finding]:
    """每一处可以写占位符的文字：名字要存在、要用在对的地方、所指的数字要有。"""
    figures = branch_figures(branch)
    by_code = {a.code: a for a in branch.activities if a.code}
    findings: list[Finding] = []
    for owner, column, text, activity in _narrative_cells(branch):
        for use in placeholders_in(text):
            problem = _placeholder_problem(use, activity, figures, by_code)
            if problem is not None:
                code, message, expected = problem
                findings.append(_finding(code, owner, column, use.text, message, expected))
        findings.extend(_contradictions(owner, column, text, figures))
        stray = _stray_brace(text)
        if stray:
            findings.append(
                _finding(
                    "text.placeholder_unknown",
                    owner,
                    column,
                    stray,
                    "文字里有一个不成对的花括号，无法判断是不是占位符。",
                    "占位符写成 {教师党员数} 这样；要印出花括号本身，请写两个：{{ 或 }}",
                )
            )
    return findings


def _narrative_cells(branch: Branch):
    for paragraph in branch.paragraphs:
        if paragraph.text:
            yield paragraph, "文本", paragraph.text, None
    for activity in branch.activities:
        if activity.name:
            yield activity, "名称", activity.name, activity
        if activity.content:
            yield activity, "内容", activity.content, activity
        if activity.outcome:
            yield activity, "成效", activity.outcome, activity


def _all_names() -> list[str]:
    return list(standard.PLACEHOLDER_NAMES)


def _nearest(name: str) -> str:
    # 相似度打平时，开头相同的优先：写 {党员人数} 的人想的是 {党员总数}，不是 {女党员数}
    def score(candidate: str) -> float:
        prefix = len(os.path.commonprefix([name, candidate]))
        return difflib.SequenceMatcher(None, name, candidate).ratio() + 0.05 * prefix

    scored = [(score(n), i, n) for i, n in enumerate(_all_names())]
    close = [n for s, i, n in sorted(scored, key=lambda t: (-t[0], t[1])) if s >= 0.3][:3]
    if not close:
        close = [n for n in _all_names() if set(n) & set(name)][:3]
    return "、".join("{" + n + "}" for n in close)


def _placeholder_problem(use: PlaceholderUse, activity: Activity | None, figures: dict, by_code: dict):
    name = use.name
    if name in figures:
        return None
    if name in ACTIVITY_FIGURES:
        if activity is None:
            return (
                "text.placeholder_unavailable",
                f"{use.text}是某一项活动的数字，只能写在“活动记录”的内容或成效里。",
                f"在这里请写明是哪项活动，如 {{A01.{name}}}（A01 换成活动的编号）",
            )
        if name not in activity_figures(activity):
            return (
                "text.placeholder_unavailable",
                f"这项活动没有填写算出{use.text}所需的人数（{_needs(name)}）。",
                f"先在这一行填好{_needs(name)}，或者删去{use.text}",
            )
        return None
    if "." in name:
        code, _, figure = name.rpartition(".")
        other = by_code.get(code)
        if other is None:
            codes = difflib.get_close_matches(code, list(by_code), n=3, cutoff=0.5)
            hint = f"，相近的编号：{'、'.join(codes)}" if codes else ""
            return (
                "text.placeholder_unknown",
                f"{use.text}里的活动编号“{code}”在活动记录中不存在{hint}。",
                "活动记录里已有的编号，如 {A01.出勤率}",
            )
        if figure not in ACTIVITY_FIGURES:
            return (
                "text.placeholder_unknown",
                f"{use.text}里的“{figure}”不是活动的数字。",
                "活动的数字只有：" + "、".join(ACTIVITY_FIGURES),
            )
        if figure not in activity_figures(other):
            return (
                "text.placeholder_unavailable",
                f"活动 {code}（{other.source.sheet + ' 第' + str(other.source.row) + '行' if other.source else ''}）没有填写算出“{figure}”所需的人数（{_needs(figure)}）。",
                f"在活动 {code} 那一行填好{_needs(figure)}",
            )
        return None
    nearest = _nearest(name)
    return (
        "text.placeholder_unknown",
        f"没有叫{use.text}的数字。" + (f"相近的有：{nearest}。" if nearest else ""),
        "“填表说明”里列出的占位符名称；要印出花括号本身，请写两个：{{ 或 }}",
    )


def _needs(figure: str) -> str:
    return {"应到人数": "应到人数", "实到人数": "实到人数", "请假人数": "请假人数", "出勤率": "应到人数和实到人数"}.get(figure, figure)


def _stray_brace(text: str) -> str | None:
    rest = _TOKEN.sub("", text)
    for ch in "{}":
        at = rest.find(ch)
        if at != -1:
            return rest[max(0, at - 6) : at + 7]
    return None


# 手写的数字明确说的是某个算得出的数：“全系20名教师党员”“支部现有党员28名”。
# 只认带“全系、共有、现有……”的说法：“其中5名教师党员参加了比赛”说的不是总数，不该提醒。
_WHOLE = r"(?:全系|全院|全校|全所|全处|全部门|全支部|全体|支部共有|共有|现有|共)"
_GROUPS = {
    "教师党员": "教师党员数",
    "学生党员": "学生党员数",
    "管理人员党员": "管理人员党员数",
    "职工党员": "职工党员数",
    "离退休党员": "离退休党员数",
    "预备党员": "预备党员数",
    "正式党员": "正式党员数",
    "女党员": "女党员数",
    "党员": "党员总数",
}
_STATED = [
    (re.compile(rf"{_WHOLE}\s*(\d+)\s*名\s*{group}"), name) for group, name in _GROUPS.items()
] + [
    (re.compile(rf"{_WHOLE}\s*{group}\s*(\d+)\s*名"), name) for group, name in _GROUPS.items()
]


def _contradictions(owner, column: str, text: str, figures: dict) -> list[Finding]:
    findings = []
    plain = _TOKEN.sub("", text)
    for pattern, name in _STATED:
        for match in pattern.finditer(plain):
            stated = match.group(1)
            if stated != figures.get(name):
                findings.append(
                    _finding(
                        "text.figure_contradiction",
                        owner,
                        column,
                        match.group(0),
                        f"文字里手写的“{match.group(0)}”与数据算出的{name} {figures.get(name)} 不一致。",
                        f"用占位符 {{{name}}} 代替手写的数字，报告里就总是和数据一致",
                    )
                )
    return findings


def _finding(code: str, owner, column: str, found: str, problem: str, expected: str) -> Finding:
    source = owner.source
    return Finding(
        code,
        problem,
        sheet=source.sheet if source else None,
        row=source.row if source else None,
        column=source.letter(column) if source else None,
        header=column,
        identity=source.identity if source else None,
        found=f"“{found}”",
        expected=expected,
        fix=f"改正{column}里的这一处",
    )


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

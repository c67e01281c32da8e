"""占位符的检查：名字要存在、要用在对的地方、所指的数字要有；手写的数字与数据不符要提醒。

    check_texts(branch, reported=()) -> list[Finding]

reported 是已经报过的发现：一个数字所依据的哪一格已经报了错，就不再为这个数字另说一条
（一个根因只报一次）。
"""

from __future__ import annotations

import os
import re
from functools import cache
from typing import Iterable

from toolkit import standard
from toolkit.branch.figures import (
    ACTIVITY_FIGURES,
    PLACEHOLDER_TOKEN,
    PlaceholderUse,
    activity_figures,
    branch_figures,
    figure_bases,
    placeholders_in,
)
from toolkit.branch.model import Activity, Branch
from toolkit.findings import Finding


def check_texts(branch: Branch, reported: Iterable[Finding] = ()) -> list[Finding]:
    """每一处可以写占位符的文字：名字要存在、要用在对的地方、所指的数字要有。"""
    figures = branch_figures(branch)
    empty = {name for name, n in figure_bases(branch).items() if n == 0}  # 背后一条记录也没有的数字
    by_code = {a.code: a for a in branch.activities if a.code}
    failed = _Failed(reported)
    counts_doubtful = failed.members_doubtful(branch)
    findings: list[Finding] = []
    for owner, column, text, activity in _narrative_cells(branch):
        for use in placeholders_in(text):
            if failed.behind(use, activity, by_code):
                continue
            problem = _placeholder_problem(use, activity, figures, by_code)
            if problem is None and use.name in empty and not _sheet_reported_empty(use, branch, failed):
                problem = _without_data(use)
            if problem is not None:
                code, message, expected = problem
                findings.append(_finding(code, owner, column, use.text, message, expected))
        if not counts_doubtful:
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


class _Failed:
    """已经报了错的格：(表, 行, 列字母)。"""

    def __init__(self, reported: Iterable[Finding]):
        reported = list(reported)
        self.sheet_empty = any(f.code == "sheet.empty" for f in reported)  # 有整张表是空的（已报一次）
        self.cells = {(f.sheet, f.row, f.column) for f in reported if f.is_error and f.row and f.column}
        self.rows = {(sheet, row) for sheet, row, _ in self.cells}

    def behind(self, use: PlaceholderUse, activity: Activity | None, by_code: dict) -> bool:
        """这个活动数字所需的哪一格（如应到人数）已经报了错：不再说“没有填写算出……所需的人数”。"""
        name = use.name
        if "." in name:
            code, _, name = name.rpartition(".")
            activity = by_code.get(code)
        placeholder = _ACTIVITY_PLACEHOLDERS.get(name)
        if activity is None or placeholder is None or activity.source is None:
            return False
        src = activity.source
        return any((src.sheet, src.row, src.letter(c)) in self.cells for c in placeholder.needed_columns)

    def members_doubtful(self, branch: Branch) -> bool:
        """党员名册有一行报了错：算出的人数不可信，手写的人数与它不符也不提醒。"""
        return any(m.source is not None and (m.source.sheet, m.source.row) in self.rows for m in branch.members)


_ACTIVITY_PLACEHOLDERS = {p.name: p for p in standard.PLACEHOLDERS if p.scope == "activity"}


def _narrative_cells(branch: Branch):
    """（记录, 列, 文字, 活动）：standard.NARRATIVE_COLUMNS 声明的每一格，按表、行、列的顺序。"""
    records = {standard.NARRATIVE.name: branch.paragraphs, standard.ACTIVITIES.name: branch.activities}
    for sheet, columns in _columns_by_sheet():
        for record in records[sheet.name]:
            activity = record if sheet is standard.ACTIVITIES else None
            for column in columns:
                text = getattr(record, column.key)
                if text:
                    yield record, column, text, activity


def _columns_by_sheet() -> list[tuple[standard.Sheet, list[standard.Column]]]:
    grouped: dict[str, tuple[standard.Sheet, list[standard.Column]]] = {}
    for sheet, column in standard.NARRATIVE_COLUMNS:
        grouped.setdefault(sheet.name, (sheet, []))[1].append(column)
    return list(grouped.values())


def _all_names() -> list[str]:
    return list(standard.PLACEHOLDER_NAMES)


def _nearest(name: str) -> str:
    # 相似度打平时，开头相同的优先：写 {党员人数} 的人想的是 {党员总数}，不是 {女党员数}
    def score(candidate: str) -> float:
        prefix = len(os.path.commonprefix([name, candidate]))
        import difflib  # 只有名字写错、要猜用户想写的是哪个时才用得上

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
            import difflib

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
                f"活动 {code}{f'（{other.source.sheet}第{other.source.row}行）' if other.source else ''}没有填写算出“{figure}”所需的人数（{_needs(figure)}）。",
                f"在活动 {code} 那一行填好{_needs(figure)}",
            )
        return None
    nearest = _nearest(name)
    return (
        "text.placeholder_unknown",
        f"没有叫{use.text}的数字。" + (f"相近的有：{nearest}。" if nearest else ""),
        "“填表说明”里列出的占位符名称；要印出花括号本身，请写两个：{{ 或 }}",
    )


# 数字背后没有记录时：缺的是什么、到哪里去填（占位符 → 两句话）；数人头的、组织生活的另写
_EMPTY_BASE = {
    standard.FIGURE.activities.name: (
        "报告期内写入报告的活动（开始日期在报告期内、写入报告不是“否”的）",
        f"在{standard.ACTIVITIES.name}里填好报告期内的活动",
    ),
    standard.FIGURE.activities_held.name: ("报告期内的活动", f"在{standard.ACTIVITIES.name}里填好报告期内的活动"),
    **{
        p.name: (standard.COMMITMENTS.name, f"在{standard.COMMITMENTS.name}里填好承诺")
        for p in (standard.FIGURE.committed_members, standard.FIGURE.commitments, standard.FIGURE.fulfilled)
    },
}


def _sheet_reported_empty(use: PlaceholderUse, branch: Branch, failed) -> bool:
    """数字所依据的整张表是空的、已经报过一次（sheet.empty）：由它而来的“背后没有数据”不再说（一个原因一条）。"""
    if not failed.sheet_empty:
        return False
    placeholder = next(p for p in standard.PLACEHOLDERS if p.name == use.name)
    if placeholder.counts is not None:
        return not branch.members
    about_activities = placeholder.meeting is not None or use.name in (standard.FIGURE.activities.name, standard.FIGURE.activities_held.name)
    return about_activities and not branch.activities


def _without_data(use: PlaceholderUse):
    """全报告通用的数字一条记录也没有：印出来就是“支部0名党员全部参加学习”，不生成报告。"""
    placeholder = next(p for p in standard.PLACEHOLDERS if p.name == use.name)
    if placeholder.meeting is not None:
        kind, measure = placeholder.meeting
        if measure == standard.MeetingMeasure.RATE:
            behind = f"报告期内类型为“{kind}”、填了应到和实到人数的活动"
            fill = f"在{standard.ACTIVITIES.name}里填好这类会议的应到、实到人数"
        else:
            behind, fill = _EMPTY_BASE[standard.FIGURE.activities_held.name]
    elif placeholder.counts is not None:
        behind = "报告期结束时的党员（入党日期不晚于报告期结束的）"
        fill = f"在{standard.MEMBERS.name}里逐行填好党员"
    else:
        behind, fill = _EMPTY_BASE[use.name]
    return (
        "text.placeholder_unavailable",
        f"{use.text}背后没有数据：{behind}一条也没有，报告里会印出一个没有依据的数字。",
        f"先{fill}，或者删去{use.text}",
    )


_NEEDS = {p.name: "和".join(c.name for c in p.needed_columns) for p in standard.PLACEHOLDERS if p.needs}


def _needs(figure: str) -> str:
    """算出这个活动数字要填的列：“应到人数和实到人数”。"""
    return _NEEDS.get(figure, figure)


def _stray_brace(text: str) -> str | None:
    rest = PLACEHOLDER_TOKEN.sub("", text)
    for ch in "{}":
        at = rest.find(ch)
        if at != -1:
            return rest[max(0, at - 6) : at + 7]
    return None


# 手写的数字明确说的是某个算得出的数：“全系20名教师党员”“支部现有党员28名”。
# 只认带“全系、共有、现有……”的说法：“其中5名教师党员参加了比赛”说的不是总数，不该提醒。
_WHOLE = r"(?:全系|全院|全校|全所|全处|全部门|全支部|全体|支部共有|共有|现有|共)"
# 手写的说法 → 占位符：“教师党员”→“教师党员数”（standard 里每个数人头的占位符都声明了它的说法）
_PHRASES = {p.phrase: p.name for p in standard.PLACEHOLDERS if p.phrase}
# 两种说法：“共有 20 名教师党员”“共有教师党员 20 名”；找的顺序（先第一种的各个说法，再第二种的）就是发现的顺序
_STATED = [(r"{whole}\s*(\d+)\s*名\s*{phrase}", phrase, name) for phrase, name in _PHRASES.items()] + [
    (r"{whole}\s*{phrase}\s*(\d+)\s*名", phrase, name) for phrase, name in _PHRASES.items()
]


@cache
def _stated(shape: str, phrase: str) -> re.Pattern:
    """一种说法的正则：文字里有这个说法时才编译（十几个正则，多数工作簿只用到一两个）。"""
    return re.compile(shape.format(whole=_WHOLE, phrase=phrase))


def _contradictions(owner, column: standard.Column, text: str, figures: dict) -> list[Finding]:
    findings = []
    plain = PLACEHOLDER_TOKEN.sub("", text)
    for shape, phrase, name in _STATED:
        if phrase not in plain:
            continue
        for match in _stated(shape, phrase).finditer(plain):
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


def _finding(code: str, owner, column: standard.Column, found: str, problem: str, expected: str) -> Finding:
    source = owner.source
    return Finding(
        code,
        problem,
        sheet=source.sheet if source else None,
        row=source.row if source else None,
        column=source.letter(column) if source else None,
        header=column.name,
        identity=source.identity if source else None,
        found=f"“{found}”",
        expected=expected,
        fix=f"改正{column.name}里的这一处",
    )

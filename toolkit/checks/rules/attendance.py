"""出勤明细的规则：活动和党员要对得上、每项活动每人一行、明细的人数与活动记录一致。"""

from __future__ import annotations

from collections import defaultdict

from toolkit import standard
from toolkit.branch.model import Activity, Attendance, Member, Source
from toolkit.checks.rules.common import Say, at, cell, has, rule, spelling, who
from toolkit.checks.rules.context import Context
from toolkit.findings import Finding, row_ranges
from toolkit.standard import Column, Status

R = standard.ATTENDANCE.col
A = standard.ACTIVITIES.col

ROWS_LISTED = 30  # 行号太散（多于这么多段）时不列出


def check(ctx: Context) -> None:
    """每一行：活动和党员对得上、不重复；然后每项活动的明细合起来比人数。"""
    seen: dict[tuple[str, str], Attendance] = {}
    counted: dict[str, list[Attendance]] = defaultdict(list)
    doubtful: set[str] = set()  # 明细里有一行报了错的活动：合起来的人数不可信，不再拿它去比
    unknown_names = ctx.names_of_blank_members
    for r in ctx.branch.attendance:  # 十万行的表也只走一遍：每一步先问最便宜的
        src = r.source
        if src is None:
            continue
        if ctx.row_failed(src):
            doubtful.add(r.activity_code or "")  # 这一行读取时有一格报了错（姓名空着、状态认不出……）
        if r.activity_code and r.activity_code not in ctx.by_code:
            # 活动记录是空的（已报一次）、或有一行编号空着（多半就是它，那一格已报）：不再逐行说
            if ctx.branch.activities and r.activity_code not in ctx.codes_of_blank_activities:
                ctx.add(unknown_activity(ctx, r, src))
            doubtful.add("")
        member, exact = ctx.find_member(r.name) if r.name else (None, True)
        if r.activity_code and r.name:
            person = ctx.key(member.name if member is not None else r.name)
            twin = seen.setdefault((r.activity_code, person), r)
            if twin is not r:
                ctx.add(duplicate(r, src, twin))
                doubtful.add(r.activity_code)
                continue  # 重复行不再计数，也不再提写法，免得一个原因报几次
        if r.name and not exact and has(src, R.name):
            if member is None:
                doubtful.add(r.activity_code or "")
                if unknown_names is not None and ctx.key(r.name) in unknown_names:
                    continue  # 党员名册里有姓名空着或读不出的行：多半就是这个人，名册那一格已经报过
            ctx.add(member_problem(r, src, member))
        if r.activity_code:
            counted[r.activity_code].append(r)
    tally(ctx, counted, doubtful)


def tally(ctx: Context, counted: dict[str, list[Attendance]], doubtful: set[str] = frozenset()) -> None:
    """每项活动的明细合起来，与活动记录里的人数比。明细里有一行已经报了错（对不上名册、重复、
    读不出），合起来的数就不可信，不比：否则会叫人把活动记录里对的人数改成错的。
    有一行不知道属于哪项活动（编号空着、读不出或对不上），哪一项都不比。"""
    if "" in doubtful:
        return
    for code, group in counted.items():
        if code in ctx.repeated_codes or code in doubtful:
            continue  # 编号重复：分不清明细属于哪一行，先报重复
        activity = ctx.by_code.get(code)
        if activity is not None and activity.source is not None:
            ctx.add(present_mismatch(activity, group))
            ctx.add(expected_mismatch(activity, group))


# ---------------------------------------------------------------- 每一行


@rule("attendance.unknown_activity", R.activity_code)
def unknown_activity(ctx: Context, r: Attendance, src: Source) -> Say | None:
    if not r.activity_code or r.activity_code in ctx.by_code:
        return None
    near = ctx.near_code(r.activity_code)
    hint = f"活动记录中有“{near}”，是否指它？" if near else ""
    return Say(
        r.activity_code,
        f"活动记录中没有编号为“{r.activity_code}”的活动。{hint}",
        "活动记录中某项活动的编号",
        f"改为“{near}”" if near else "改成活动记录中的编号，或先在活动记录中补上这项活动",
    )


def duplicate(r: Attendance, src: Source, twin: Attendance) -> Finding | None:
    if not has(src, R.name):
        return None
    return at(
        "attendance.duplicate", src, R.name, r.name,
        f"活动“{r.activity_code}”中“{r.name}”已经在{who(twin.source)}出现过，同一人只能记一行。",
        "每项活动每人一行",
        f"删除这一行（若这一行的状态才对，先把第 {twin.source.row} 行的状态改过来）",
    )


def member_problem(r: Attendance, src: Source, member: Member | None) -> Finding:
    """姓名没有原样对上党员名册：找不到，或只靠姓名键对上（写法不同）。"""
    if member is None:
        return unknown_member(r, src)
    return at("attendance.name_spelling", src, R.name, *spelling(r.name, member))


def unknown_member(r: Attendance, src: Source) -> Finding:
    return at(
        "attendance.unknown_member", src, R.name, r.name,
        f"党员名册中没有“{r.name}”。",
        "党员名册中的姓名，写法一致",
        "改成党员名册中的写法；若党员名册漏了这名党员，在名册里补上；若此人不是本支部党员（如入党积极分子），删除这一行",
    )


# ---------------------------------------------------------------- 一项活动的明细合起来


def present_mismatch(a: Activity, group: list[Attendance]) -> Finding | None:
    """明细里“出席”的行数等于实到人数（有一行的状态不知道时不比）。"""
    if not all(r.status is not None for r in group) or not has(group[0].source, R.status):
        return None
    present = sum(1 for r in group if r.status == Status.PRESENT)
    sheet = group[0].source.sheet
    return _count_differs(
        "attendance.present_mismatch", a, A.present, group, present,
        f"其中有 {present} 行“出席”",
        f"改正实到人数，或补全、改正{sheet}中“{a.code}”的记录（以签到情况为准）",
    )


def expected_mismatch(a: Activity, group: list[Attendance]) -> Finding | None:
    """明细的行数（出席、请假、缺席）等于应到人数。"""
    rows, sheet = len(group), group[0].source.sheet
    return _count_differs(
        "attendance.expected_mismatch", a, A.expected, group, rows,
        f"共 {rows} 人（出席、请假、缺席合计）",
        f"改正应到人数，或在{sheet}中补全“{a.code}”每位应到党员的记录",
    )


def _count_differs(code: str, a: Activity, column: Column, group: list[Attendance], counted: int, said: str, fix: str):
    """活动记录里 column 那一格的人数与明细数出的 counted 不一致。said：明细说了什么。"""
    src, value = a.source, getattr(a, column.key)
    if value is None or counted == value or not has(src, column):
        return None
    sheet = group[0].source.sheet
    ranges = row_ranges([r.source.row for r in group])
    where = f"{sheet}{ranges}" if len(ranges) <= ROWS_LISTED else f"{sheet}中"
    return at(
        code, src, column, value,
        f"{where}记录“{a.code}”的出勤，{said}，而{src.sheet} {cell(src, column)} 的{column.name}是 {value}。",
        f"{counted}（与{sheet}一致）",
        fix,
    )

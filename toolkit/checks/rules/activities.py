"""活动记录的规则：编号不重复、日期在报告期内、人数说得通、应到人数等于参加范围的人数、
文体娱乐活动不算组织生活、上级编号存在且不绕圈。"""

from __future__ import annotations

from toolkit import standard
from toolkit.branch.model import Activity, Source
from toolkit.checks.rules.common import Say, at, cell, day, has, not_earlier, rule, who
from toolkit.checks.rules.context import Context
from toolkit.findings import Finding
from toolkit.standard import ActivityType

A = standard.ACTIVITIES.col

# 名称或内容里出现这些词，多半是文体娱乐活动，不宜算作组织生活
LEISURE_WORDS = (
    "运动会", "田径", "球赛", "比赛", "联欢", "晚会", "聚餐", "聚会", "游览", "旅游", "郊游",
    "春游", "秋游", "踏青", "采摘", "农家乐", "野炊", "烧烤", "拓展训练", "素质拓展", "拓展活动",
    "团建", "K歌", "卡拉OK", "舞会", "拔河", "篮球", "足球", "排球", "羽毛球", "乒乓球", "趣味赛",
)


def check(ctx: Context) -> None:
    none_in_period = no_activity_in_period(ctx)
    # 一项也不在报告期内：多半是报告期（或年份）填错了，一条说清；不再逐行说“不在报告期内”，
    # 也不按（可能填错的）日期数当天的党员去比应到人数
    derived = (outside_period, group_size) if none_in_period else ()
    ctx.each(ctx.branch.activities, tuple(r for r in EACH_ACTIVITY if r not in derived))
    ctx.add(none_in_period)
    for loop in parent_cycles(ctx):
        ctx.add(parent_cycle(ctx, loop))


def no_activity_in_period(ctx: Context) -> Finding | None:
    """填了开始日期的活动一项也不在报告期内：报告的“具体措施”会是空的、活动总数写成 0——这样的报告交不上去，是错误。"""
    start, end = ctx.period_start, ctx.period_end
    dated = [a for a in ctx.branch.activities if a.start and a.source is not None]
    if not (dated and start and end) or any(start <= a.start <= end for a in dated):
        return None
    first, last = min(a.start for a in dated), max(a.start for a in dated)
    span = f"开始日期都是{day(first)}" if first == last else f"开始日期在{day(first)}至{day(last)}之间"
    src = dated[0].source
    return Finding(
        "activity.none_in_period",
        f"活动记录里的 {len(dated)} 项活动（{span}）都不在报告期（{day(start)}至{day(end)}）内："
        "报告的“具体措施”一节会是空的，活动总数会写成 0。",
        sheet=src.sheet,
        column=src.letter(A.start),
        header=A.start.name,
        expected="报告期内的活动；报告期是“支部信息”的报告期开始、报告期结束",
        fix="先核对“支部信息”的报告期开始、报告期结束（常见的是年份填错了），再核对各项活动的开始日期",
    )


# ---------------------------------------------------------------- 编号、日期


@rule("activity.duplicate_code", A.code)
def duplicate_code(ctx: Context, a: Activity, src: Source) -> Say | None:
    first = ctx.by_code.get(a.code)
    if first is None or first is a:
        return None
    return Say(
        a.code,
        f"编号“{a.code}”与{who(first.source)}重复；出勤明细和上级编号靠编号找活动，编号不能重复。",
        "本表内没有用过的编号，如 " + _free_code(ctx, a.code),
        "给这一行换一个新编号（出勤明细中属于这一行的记录也要一起改）",
    )


def _free_code(ctx: Context, code: str) -> str:
    """给重复的编号建议一个没用过的写法。"""
    n = 2
    while f"{code}-{n}" in ctx.by_code:
        n += 1
    return f"{code}-{n}"


@rule("activity.outside_period", A.start)
def outside_period(ctx: Context, a: Activity, src: Source) -> Say | None:
    start, end = ctx.period_start, ctx.period_end
    if not (a.start and start and end) or start <= a.start <= end:
        return None
    return Say(
        a.start,
        f"开始日期不在报告期（{day(start)}至{day(end)}）内，这项活动不写入报告，也不计入活动总数。",
        f"{day(start)}至{day(end)}之间的日期",
        "改正开始日期（若填错了）；确是报告期外的活动，可不修改",
    )


end_before_start = not_earlier("activity.end_before_start", A.end, A.start, "；一天内结束的活动可不填")


@rule("activity.parent_missing", A.parent_code)
def parent_missing(ctx: Context, a: Activity, src: Source) -> Say | None:
    if not a.parent_code or a.parent_code in ctx.by_code or a.parent_code in ctx.codes_of_blank_activities:
        return None  # 对得上；或编号空着的那一行多半就是它（那一格已经报过）
    near = ctx.near_code(a.parent_code)
    return Say(
        a.parent_code,
        f"活动记录中没有编号为“{a.parent_code}”的活动。" + (f"有“{near}”，是否指它？" if near else ""),
        "本表中另一项活动的编号；不是分项的留空",
        f"改为“{near}”" if near else "改成上级活动的编号，或清空这一格",
    )


# ---------------------------------------------------------------- 人数


@rule("activity.present_over_expected", A.present, A.expected)
def present_over_expected(ctx: Context, a: Activity, src: Source) -> Say | None:
    if a.expected is None or a.present is None or a.present <= a.expected:
        return None
    expected = cell(src, A.expected)
    return Say(
        a.present,
        f"实到人数 {a.present} 多于应到人数 {a.expected}（{expected}）。",
        f"0 到 {a.expected} 之间的整数",
        f"核对签到情况，改正实到人数或 {expected} 的应到人数",
    )


@rule("activity.attendance_sum", A.on_leave, A.present, A.expected)
def attendance_sum(ctx: Context, a: Activity, src: Source) -> Say | None:
    """实到不多于应到（多了由上一条报），而实到加请假多于应到。"""
    if a.expected is None or a.present is None or a.on_leave is None:
        return None
    if a.present > a.expected or a.present + a.on_leave <= a.expected:
        return None
    expected, present, on_leave = cell(src, A.expected), cell(src, A.present), cell(src, A.on_leave)
    return Say(
        a.on_leave,
        f"实到 {a.present} 人（{present}）加请假 {a.on_leave} 人，"
        f"共 {a.present + a.on_leave} 人，多于应到人数 {a.expected}（{expected}）。",
        f"不超过 {a.expected - a.present} 的整数（应到 {a.expected} 减实到 {a.present}）",
        f"在 {expected}、{present}、{on_leave} 中改正填错的一格（以签到和请假情况为准）",
    )


@rule("activity.group_size", A.expected, A.scope)
def group_size(ctx: Context, a: Activity, src: Source) -> Say | None:
    """参加范围指一组党员时（standard.MEMBER_GROUPS），应到人数应等于这一组在活动当天的人数。"""
    group = standard.member_group(a.scope) if a.scope else None
    if group is None or a.expected is None or a.start is None or not ctx.group_sizes.can_count(group):
        return None
    if ctx.group_doubtful(group) or a.code in ctx.activities_with_strangers:
        return None  # 名册里有一格读不出、或这项活动的明细里有名册中没有的人：数出的人数不可信（那一格已经报过）
    size = ctx.group_sizes.size(group, a.start)
    if size == a.expected:
        return None
    if size < a.expected <= size + len(ctx.strangers):
        return None  # 少的几个人，可能就是明细、承诺里有、名册里漏了的那几位（已各报一次）：补上名册，人数也就对了
    scope = cell(src, A.scope)
    return Say(
        a.expected,
        f"参加范围是“{a.scope}”（{scope}），按党员名册，{group.described()}"
        f"入党日期不晚于活动开始日期（{day(a.start)}）的党员共 {size} 人，与应到人数 {a.expected} 不一致。",
        f"{size}（“{a.scope}”在活动当天的人数）",
        f"把应到人数改为 {size}；若参加的不只是这部分党员，把 {scope} 的参加范围改为实际范围（如“其他”）",
    )


@rule("activity.leisure_as_party_life", A.type)
def leisure_as_party_life(ctx: Context, a: Activity, src: Source) -> Say | None:
    """主题党日和“三会一课”（ActivityType.PARTY_LIFE）的名称、内容里有文体娱乐的词：提醒一次。"""
    if a.type not in ActivityType.PARTY_LIFE:
        return None
    for column in (A.name, A.content):
        text = getattr(a, column.key)
        word = _leisure_word(text) if text and has(src, column) else None
        if word:
            return Say(
                a.type,
                f"类型是“{a.type}”，但{column.name}（{cell(src, column)}）中有“{word}”，看起来是文体娱乐活动；"
                "上级要求这类活动不算作主题党日或“三会一课”。",
                "文体、联欢、参观游览类活动选“群团活动”",
                "把类型改为“群团活动”；若确是党的组织生活，可不修改",
            )
    return None


def _leisure_word(text: str) -> str | None:
    upper = text.upper()
    return next((w for w in LEISURE_WORDS if w.upper() in upper), None)


# 每一行按这个顺序查
EACH_ACTIVITY = (
    duplicate_code,
    outside_period,
    end_before_start,
    parent_missing,
    present_over_expected,
    attendance_sum,
    group_size,
    leisure_as_party_life,
)


# ---------------------------------------------------------------- 上级编号不能绕成圈


def parent_cycles(ctx: Context) -> list[list[str]]:
    """上级编号绕成的圈，每个圈一次（编号按上级的方向排）。"""
    parent = {
        code: a.parent_code
        for code, a in ctx.by_code.items()
        if a.parent_code and a.parent_code in ctx.by_code and has(a.source, A.parent_code)
    }
    loops = []
    state: dict[str, int] = {}  # 1 正在走，2 走完
    for begin in parent:
        path: list[str] = []
        code = begin
        while code in parent and state.get(code) is None:
            state[code] = 1
            path.append(code)
            code = parent[code]
        if code in parent and state.get(code) == 1:
            loops.append(path[path.index(code):])
        for c in path:
            state[c] = 2
    return loops


def parent_cycle(ctx: Context, loop: list[str]) -> Finding:
    """报在圈里最靠前的一行。"""
    rows = [ctx.by_code[c] for c in loop]
    head = min(rows, key=lambda a: a.source.row)
    if len(loop) == 1:
        problem = f"上级编号填的是本行自己的编号“{head.code}”。"
        fix = "清空上级编号，或改成它所属的上级活动的编号"
    else:
        i = loop.index(head.code)
        chain = " → ".join(loop[i:] + loop[:i] + [head.code])
        where = "、".join(str(a.source.row) for a in sorted(rows, key=lambda a: a.source.row))
        problem = f"上级编号绕成了一个圈：{chain}（箭头指向上级，第 {where} 行），报告无法排出哪项在上、哪项在下。"
        fix = f"在第 {where} 行中找出最上一级的活动，清空它的上级编号，其余各行只填直属上级的编号"
    return at(
        "activity.parent_cycle", head.source, A.parent_code, head.parent_code,
        problem, "上一级活动的编号；最上一级的活动留空", fix,
    )

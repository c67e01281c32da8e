"""公开承诺的规则：承诺人对得上、日期的先后、践诺进度与兑现日期、备注说得通。"""

from __future__ import annotations

import datetime as dt

from toolkit import standard
from toolkit.branch.model import Commitment, Member, Source
from toolkit.checks.rules.common import RowRule, Say, cell, day, has, not_earlier, rule, spelling
from toolkit.checks.rules.context import Context
from toolkit.standard import Column, Committer, Progress

C = standard.COMMITMENTS.col
INFO = standard.BRANCH_INFO.col
M = standard.MEMBERS.col


def check(ctx: Context) -> None:
    ctx.each(ctx.branch.commitments, EACH_COMMITMENT)


# ---------------------------------------------------------------- 承诺人


@rule("commitment.unknown_person", C.person)
def unknown_person(ctx: Context, c: Commitment, src: Source) -> Say | None:
    """承诺主体是支部时，承诺人是支部名称；是党员时，承诺人在党员名册里。"""
    if not c.person:
        return None
    branch_name = ctx.info.name
    same_as_branch = bool(branch_name) and ctx.key(c.person) == ctx.key(branch_name)
    if c.subject == Committer.BRANCH and branch_name and not same_as_branch:
        return Say(
            c.person,
            f"承诺主体是“支部”，承诺人应是支部名称“{branch_name}”。",
            f"支部名称：{branch_name}",
            f"改为“{branch_name}”；若这是党员个人的承诺，把承诺主体改为“党员”",
        )
    if c.subject != Committer.MEMBER or ctx.find_member(c.person)[0] is not None:
        return None
    if same_as_branch:
        problem, fix = "承诺人是支部名称，承诺主体却是“党员”。", "把承诺主体改为“支部”"
    elif ctx.names_of_blank_members is not None and ctx.key(c.person) in ctx.names_of_blank_members:
        return None  # 党员名册里有姓名空着或读不出的行，多半就是此人：名册那一格已经报过
    else:
        problem = f"党员名册中没有“{c.person}”。"
        fix = "改成党员名册中的写法；若党员名册漏了这名党员，在名册里补上；若是支部的承诺，承诺主体选“支部”、承诺人填支部名称"
    return Say(c.person, problem, "党员名册中的姓名，写法一致", fix)


@rule("commitment.name_spelling", C.person)
def name_spelling(ctx: Context, c: Commitment, src: Source) -> Say | None:
    """承诺人只靠姓名键对上党员名册：提醒写法，按同一人处理。"""
    if not c.person or c.subject != Committer.MEMBER:
        return None
    member, exact = ctx.find_member(c.person)
    return None if member is None or exact else spelling(c.person, member)


def committed_member(ctx: Context, c: Commitment, src: Source) -> Member | None:
    """承诺人是名册中的党员时，同名的几位中入党最早的一位：只在确实早于所有人时才报。"""
    if not c.person or not has(src, C.person) or c.subject != Committer.MEMBER:
        return None
    member, _ = ctx.find_member(c.person)
    if member is None:
        return None
    same = ctx.by_key.get(ctx.key(member.name), [member])
    known = [m for m in same if m.joined]
    return min(known, key=lambda m: m.joined) if known else member


@rule("commitment.before_joining", C.date)
def before_joining(ctx: Context, c: Commitment, src: Source) -> Say | None:
    member = committed_member(ctx, c, src)
    if member is None or not (member.joined and c.date) or c.date >= member.joined:
        return None
    msrc = member.source
    where = f"（{msrc.sheet} {cell(msrc, M.joined)}）" if has(msrc, M.joined) else ""
    return Say(
        c.date,
        f"承诺日期早于{member.name}的入党日期 {day(member.joined)}{where}：入党之前还不能以党员身份承诺。",
        f"不早于 {day(member.joined)} 的日期",
        "核对后改正承诺日期，或改正党员名册中的入党日期",
    )


# ---------------------------------------------------------------- 日期与践诺进度


def _deadline_wrong(c: Commitment) -> bool:
    return bool(c.date and c.deadline and c.deadline < c.date)


deadline_before_date = not_earlier("commitment.deadline_before_date", C.deadline, C.date)


def _required(code: str, column: Column, problem: str, expected: str, fix: str) -> RowRule:
    """条件必填（standard 里这一列的 required_when）：践诺进度是那个值，这一格却空着。
    problem 里的 {progress} 换成践诺进度那一格，{value} 换成那个值。"""

    @rule(code, column)
    def check(ctx: Context, c: Commitment, src: Source) -> Say | None:
        if not ctx.required_but_blank(c, src, column):
            return None
        return Say(None, problem.format(progress=cell(src, C.progress), value=column.required_when[1]), expected, fix)

    return check


fulfilled_without_date = _required(
    "commitment.fulfilled_without_date", C.fulfilled_on,
    "践诺进度是“{value}”（{progress}），兑现日期却是空的。",
    "承诺兑现的日期，不晚于成文日期",
    "填写兑现日期；若还没有兑现，把践诺进度改为“推进中”",
)
unfulfilled_without_reason = _required(
    "commitment.unfulfilled_without_reason", C.note,
    "践诺进度是“{value}”（{progress}），备注中要写明没有兑现的原因，这一格是空的。",
    "未兑现的原因，如：因工作调动未能完成",
    "写明未兑现的原因",
)


def _fulfilment_limit(ctx: Context) -> tuple[dt.date | None, Column]:
    """兑现日期的上限：成文日期；没填或填错时用报告期结束（报告期也填错时不查）。"""
    if ctx.info.written_on and ctx.written_ok:
        return ctx.info.written_on, INFO.written_on
    return ctx.period_end, INFO.period_end


@rule("commitment.fulfilled_after_writing", C.fulfilled_on)
def fulfilled_after_writing(ctx: Context, c: Commitment, src: Source) -> Say | None:
    limit, item = _fulfilment_limit(ctx)
    if not (c.fulfilled_on and limit) or c.fulfilled_on <= limit:
        return None
    s = ctx.info_item(item)
    where = f"{s.sheet} {cell(s, item)}：" if has(s, item) else ""
    return Say(
        c.fulfilled_on,
        f"兑现日期晚于{item.name}（{where}{day(limit)}）：报告写成时还不能说它已兑现。",
        f"不晚于 {day(limit)} 的日期",
        "改正兑现日期；若到成文时还没有兑现，把践诺进度改为“推进中”并清空兑现日期",
    )


@rule("commitment.overdue", C.progress, C.deadline)
def overdue(ctx: Context, c: Commitment, src: Source) -> Say | None:
    end = ctx.period_end
    if not (c.deadline and end and c.progress) or c.deadline >= end:
        return None
    if c.progress == Progress.FULFILLED or _deadline_wrong(c):
        return None
    return Say(
        c.progress,
        f"完成时限（{cell(src, C.deadline)}：{day(c.deadline)}）在报告期结束（{day(end)}）前已过，"
        f"践诺进度还是“{c.progress}”。",
        "按实际情况选择：已兑现（并填兑现日期）或未兑现（并在备注写明原因）",
        "核对践诺情况，更新践诺进度",
    )


# 每一行按这个顺序查
EACH_COMMITMENT = (
    unknown_person,
    name_spelling,
    before_joining,
    deadline_before_date,
    fulfilled_without_date,
    fulfilled_after_writing,
    unfulfilled_without_reason,
    overdue,
)

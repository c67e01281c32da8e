"""党员名册的规则：转正日期与预备期、入党年龄、身份证号与本行一致、电话、同名、书记只一名。"""

from __future__ import annotations

from toolkit import standard
from toolkit.branch.model import Member, Source
from toolkit.checks.rules.common import RowRule, Say, add_years, at, cell, day, has, rule, who
from toolkit.checks.rules.context import Context
from toolkit.checks.values import id_birth_date, id_sex, phone_is_valid
from toolkit.findings import Finding
from toolkit.standard import Column, Membership, Post

M = standard.MEMBERS.col


def check(ctx: Context) -> None:
    ctx.each(ctx.branch.members, EACH_MEMBER)
    for m, twin in ctx.twins:
        ctx.add(duplicate_name(m, twin))
    ctx.add(secretary_count(ctx))


# ---------------------------------------------------------------- 转正日期：正式党员必填、预备党员留空，预备期一到两年


@rule("member.confirmed_missing", M.confirmed)
def confirmed_missing(ctx: Context, m: Member, src: Source) -> Say | None:
    if not ctx.required_but_blank(m, src, M.confirmed):  # 正式党员必填
        return None
    return Say(
        None,
        "正式党员必须填写转正日期，这一格是空的。",
        "转正日期，通常是入党日期后一年" + (f"，如 {day(add_years(m.joined, 1))}" if m.joined else ""),
        "填写转正日期；若还未转正，把党员类别改为“预备党员”",
    )


@rule("member.confirmed_when_probationary", M.confirmed)
def confirmed_when_probationary(ctx: Context, m: Member, src: Source) -> Say | None:
    if m.membership != Membership.PROBATIONARY or not m.confirmed:
        return None
    return Say(
        m.confirmed,
        "党员类别是“预备党员”，却填了转正日期。",
        "预备党员留空；已转正的，党员类别选“正式党员”",
        "清空转正日期；若已转正，把党员类别改为“正式党员”",
    )


@rule("member.probation_length", M.confirmed, M.joined)
def probation_length(ctx: Context, m: Member, src: Source) -> Say | None:
    if m.membership == Membership.PROBATIONARY or not (m.confirmed and m.joined):
        return None
    one, two = add_years(m.joined, 1), add_years(m.joined, 2)
    if one <= m.confirmed <= two:
        return None
    joined = cell(src, M.joined)
    if m.confirmed < m.joined:
        why = f"转正日期早于入党日期（{joined}：{day(m.joined)}）"
    elif m.confirmed < one:
        why = f"预备期不满一年（入党日期 {joined} 是 {day(m.joined)}，满一年是 {day(one)}）"
    else:
        why = f"预备期超过两年（入党日期 {joined} 是 {day(m.joined)}，预备期最长到 {day(two)}）"
    return Say(
        m.confirmed,
        why + "。",
        f"{day(one)} 至 {day(two)} 之间的日期（预备期一年，最长两年）",
        f"核对转正材料，改正转正日期或 {joined} 的入党日期",
    )


# ---------------------------------------------------------------- 入党


@rule("member.join_age", M.joined, M.birth)
def join_age(ctx: Context, m: Member, src: Source) -> Say | None:
    if not (m.birth and m.joined) or m.joined >= add_years(m.birth, 18):
        return None
    adult, birth = add_years(m.birth, 18), cell(src, M.birth)
    return Say(
        m.joined,
        f"入党日期（{day(m.joined)}）时未满 18 周岁：出生日期（{birth}）是 {day(m.birth)}，年满 18 周岁是 {day(adult)}。",
        f"不早于 {day(adult)} 的日期",
        f"核对入党材料，改正入党日期或 {birth} 的出生日期",
    )


@rule("member.probation_due", M.membership)
def probation_due(ctx: Context, m: Member, src: Source) -> Say | None:
    end = ctx.period_end
    if m.membership != Membership.PROBATIONARY or not (m.joined and end) or add_years(m.joined, 1) > end:
        return None
    return Say(
        m.membership,
        f"入党日期是 {day(m.joined)}，到 {day(add_years(m.joined, 1))} 预备期已满一年，"
        f"报告期结束（{day(end)}）时仍是预备党员，应按期讨论转正。",
        "已转正的填“正式党员”，并填写转正日期",
        "把党员类别改为“正式党员”并填写转正日期（已转正的）；延长了预备期或尚待讨论的，可不修改",
    )


@rule("member.joined_after_period", M.joined)
def joined_after_period(ctx: Context, m: Member, src: Source) -> Say | None:
    end = ctx.period_end
    if not (m.joined and end) or m.joined <= end:
        return None
    return Say(
        m.joined,
        f"入党日期晚于报告期结束（{day(end)}），这名党员不计入本报告的党员人数。",
        f"不晚于 {day(end)} 的日期（若确是报告期后入党，可不修改）",
        "核对入党日期；确是报告期后入党的可不修改",
    )


# ---------------------------------------------------------------- 身份证号与本行一致（消息里不写出号码中的数字）、电话


# 身份证号里读得出的：列 key → 怎么读
_ID_READS = {M.birth.key: id_birth_date, M.sex.key: id_sex}


def _id_agrees(code: str, column: Column, problem: str, show=str) -> RowRule:
    """身份证号里读出的（出生日期、性别）与本行 column 那一格一致。
    problem 里的 {says} 是号码说的，{own} 是本行填的（按 show 写出），{cell} 是那一格。"""

    @rule(code, M.id_number, column)
    def check(ctx: Context, m: Member, src: Source) -> Say | None:
        own = getattr(m, column.key)
        facts = _read_id(m.id_number) if own else None
        if facts is None or facts[column.key] == own:
            return None
        there = cell(src, column)
        return Say(
            m.id_number,
            problem.format(says=facts[column.key], own=show(own), cell=there),
            f"与证件一致的身份证号和{column.name}",
            f"对照证件，改正身份证号或 {there} 的{column.name}",
        )

    return check


def _read_id(id_number: str | None) -> dict | None:
    """号码里的出生日期和性别；号码不完整或有一项读不出时为 None（两项都不比）。"""
    if not id_number or len(id_number) != 18:
        return None
    try:
        return {key: read(id_number) for key, read in _ID_READS.items()}
    except ValueError:
        return None


id_birth_mismatch = _id_agrees(
    "member.id_birth_mismatch", M.birth,
    "身份证号中的出生日期（第 7–14 位）与本行出生日期（{cell}：{own}）不一致。",
    show=day,
)
id_sex_mismatch = _id_agrees(
    "member.id_sex_mismatch", M.sex,
    "身份证号第 17 位表示性别为“{says}”，本行性别（{cell}）填的是“{own}”。",
)


@rule("cell.phone_invalid", M.phone)
def phone_invalid(ctx: Context, m: Member, src: Source) -> Say | None:
    if not m.phone or phone_is_valid(m.phone):
        return None
    return Say(
        m.phone,
        "联系电话既不像 11 位手机号，也不像固定电话，可能少了或多了数字。",
        M.phone.expectation,
        "核对后重新输入；没有电话的可以留空",
    )


# 每一行按这个顺序查
EACH_MEMBER = (
    confirmed_missing,
    confirmed_when_probationary,
    probation_length,
    join_age,
    probation_due,
    id_birth_mismatch,
    id_sex_mismatch,
    phone_invalid,
    joined_after_period,
)


# ---------------------------------------------------------------- 跨行：同名、书记


def duplicate_name(m: Member, twin: Member) -> Finding:
    if m.birth and twin.birth and m.id_number and twin.id_number:
        same = "出生日期和身份证号也都相同"
    elif m.birth and twin.birth:
        same = "出生日期相同，身份证号又没有两人都填"
    elif m.id_number and twin.id_number:
        same = "身份证号相同，出生日期又没有两人都填"
    else:
        same = "出生日期、身份证号也没有哪一项是两人都填了的"
    return at(
        "member.duplicate_name", m.source, M.name, m.name,
        f"与第 {twin.source.row} 行的“{twin.name}”同名，{same}，无法分清是一人还是两人。",
        "同名的两名党员，出生日期或身份证号至少一项不同",
        "删除这一行（同一人重复录入时）；若是两人，填写各自的出生日期或身份证号",
    )


def secretary_count(ctx: Context) -> Finding | None:
    secretaries = [
        m for m in ctx.branch.members if m.source is not None and m.post == Post.SECRETARY and has(m.source, M.post)
    ]
    if len(secretaries) < 2:
        return None
    rows = "、".join(who(s.source) for s in secretaries)
    second = secretaries[1]
    return at(
        "member.secretary_count", second.source, M.post, second.post,
        f"党内职务填“书记”的有 {len(secretaries)} 人：{rows}；一个支部只能有一名书记。",
        "一名书记；其他人按实际职务选择，如副书记",
        f"在第 {'、'.join(str(s.source.row) for s in secretaries)} 行中只保留一名“书记”，其余的从下拉列表改选实际职务（如副书记）",
    )

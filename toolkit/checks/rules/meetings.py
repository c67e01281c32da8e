"""组织生活的规则（“三会一课”等）：对照支部信息“规则版本”选的那套规则（standard.RULE_SETS），
报告期里哪些月份（季度、年）没有某类会议的记录、哪次会议到会人数不够、哪位党员每次都无故缺席。

    check_meetings(branch) -> list[Finding]      都是“提醒”：报告照常生成

怎么数（首尾不满的月份按天数折算、报告期比间隔短的不作要求、党小组会每个党小组各算）在
branch/meetings.py；这里只把数出来的说给用户听。它看的是整个报告期，不是某一行，所以不在
rules/__init__.py 的 SHEETS 里（那些规则逐表、逐行地查），而由 checks/__init__.py 在它们之后调用。
活动记录里有开始日期或类型读不出的行时，不说哪个月没开会（那一行可能就是那次会）：先改正错误。
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from toolkit import standard
from toolkit.branch.meetings import SHORTER_THAN, Coverage, MeetingsRecord, meetings_record, span_list
from toolkit.branch.model import Activity, Branch, Member, Source
from toolkit.checks.rules.common import at, has
from toolkit.findings import Finding
from toolkit.standard import Interval, MeetingRule, Status
from toolkit.text import name_key

A = standard.ACTIVITIES.col
M = standard.MEMBERS.col
TYPE_WORD = A.type.name  # 类型
GROUP_WORD = M.party_group.name  # 党小组
DIGITS = "〇一二三四五六七八九十"


def check_meetings(branch: Branch) -> list[Finding]:
    record = meetings_record(branch)
    if record is None:
        return []  # 报告期没填全或填反：支部信息的规则已经说了
    findings: list[Finding] = []
    settled = all(a.start is not None and a.type is not None for a in branch.activities)
    if settled:
        findings += [missing(branch, record, c) for k in record.ruled for c in k.coverages if c.missing]
    findings += unclear_groups(branch, record)
    findings += low_attendance(branch, record)
    if settled:
        findings += always_absent(branch, record)
    return findings


# ---------------------------------------------------------------- 哪些月份没有记录


def _activity_sheet(branch: Branch) -> tuple[str, str | None]:
    """活动记录在用户文件里的标签名，和“类型”那一列的字母（没有活动时不知道字母）。"""
    src = next((a.source for a in branch.activities if a.source is not None), None)
    if src is None:
        return standard.ACTIVITIES.name, None
    return src.sheet, src.letter(A.type)


def rule_version_said(record: MeetingsRecord) -> str:
    """“规则版本：2018年条例”，没填时说明是按报告期结束那一天推定的。"""
    said = f"{standard.BRANCH_INFO.col.rule_version.name}：{record.rule_set.name}"
    return said if record.chosen else said + "（没有填，按报告期结束那一天施行的规则）"


def missing(branch: Branch, record: MeetingsRecord, coverage: Coverage) -> Finding:
    """支部委员会：2021年5月、7月没有记录（《中国共产党支部工作条例（试行）》：一般每月召开1次）。"""
    rule = coverage.rule
    label = f"{rule.kind}（{coverage.group}）" if coverage.group else rule.kind
    unit = Interval.UNITS[rule.interval]
    base = f"报告期{coverage.due}{unit}中{coverage.on_time}{unit}有记录"
    if coverage.prorated:
        base = (f"报告期首尾不满{SHORTER_THAN[rule.interval]}的部分按天数折算：报告期折合{coverage.due}{unit}，"
                f"其中{coverage.on_time}{unit}有记录")
    sheet, letter = _activity_sheet(branch)
    group = f"，{GROUP_WORD}填“{coverage.group}”" if coverage.group else ""
    return Finding(
        "meetings.missing",
        f"{label}：{span_list(coverage.missing)}没有记录（{rule.cited}：{rule.wording}）。{base}。",
        sheet=sheet,
        column=letter,
        header=TYPE_WORD,
        expected=f"每{rule.interval}至少{rule.times}次{label}的记录；{rule_version_said(record)}",
        fix=f"在{sheet}里补上漏记的会议（{TYPE_WORD}选“{rule.kind}”{group}；不写进报告正文的，"
        f"{A.in_report.name}填“{standard.InReport.NO}”）；确实没有召开的，可不修改，报告照常生成",
    )


# ---------------------------------------------------------------- 看不出是哪个党小组开的党小组会


def unclear_groups(branch: Branch, record: MeetingsRecord) -> list[Finding]:
    """党小组会写的党小组名册里没有，或没写、出勤明细里也看不出：这次会不计入哪个党小组的按期情况。"""
    if not record.groups or not record.unassigned:
        return []
    codes = set(record.unassigned)
    named = "、".join(record.groups)
    findings, seen = [], set()
    for a in branch.activities:
        if a.code in codes and a.code not in seen and a.source is not None:
            seen.add(a.code)
            findings.append(_unclear_group(a, a.source, named))
    return [f for f in findings if f is not None]


def _unclear_group(a: Activity, src: Source, named: str) -> Finding | None:
    column = A.party_group if has(src, A.party_group) else A.type
    if not has(src, column):
        return None
    if a.party_group:
        problem = f"{GROUP_WORD}写的是“{a.party_group}”，{standard.MEMBERS.name}里没有这个{GROUP_WORD}（名册里有：{named}）。"
    else:
        problem = f"这次{a.type}没有写明是哪个{GROUP_WORD}开的，{standard.ATTENDANCE.name}里也看不出（名册里有：{named}）。"
    return at(
        "meetings.group_unclear", src, column, getattr(a, column.key),
        problem + f"它只计入{a.type}的次数，不计入哪个{GROUP_WORD}按期召开的月份。",
        f"{standard.MEMBERS.name}里的{GROUP_WORD}名称之一：{named}",
        f"在这一行的“{A.party_group.name}”一列填上开会的{GROUP_WORD}"
        + ("" if has(src, A.party_group) else f"（{standard.ACTIVITIES.name}里没有这一列时，在表头后面加一列“{A.party_group.name}”）"),
    )


# ---------------------------------------------------------------- 到会人数不够


def quorum_words(rule: MeetingRule) -> str:
    """“半数”“三分之二”。"""
    q = rule.quorum
    if q == Fraction(1, 2):
        return "半数"
    return f"{DIGITS[q.denominator]}分之{DIGITS[q.numerator]}" if q.denominator <= 10 else f"{q.numerator}/{q.denominator}"


def below_quorum(rule: MeetingRule, expected: int, present: int) -> bool:
    """实到人数不够规定的比例：“以上”含本数，“超过”不含。"""
    need, have = expected * rule.quorum.numerator, present * rule.quorum.denominator
    return have <= need if rule.quorum_exclusive else have < need


def low_attendance(branch: Branch, record: MeetingsRecord) -> list[Finding]:
    findings = []
    for a in branch.activities_in_period():
        rule = record.rule_set.rule_for(a.type) if a.type else None
        if rule is None or rule.quorum is None or not a.expected or a.present is None or a.source is None:
            continue
        if not has(a.source, A.present, A.expected) or not below_quorum(rule, a.expected, a.present):
            continue
        words = quorum_words(rule)
        short = f"没有超过应到{a.expected}人的{words}" if rule.quorum_exclusive else f"不到应到{a.expected}人的{words}"
        findings.append(at(
            "meetings.low_attendance", a.source, A.present, a.present,
            f"这次{a.type}到会{a.present}人（{A.present.name}），{short}（{rule.cited}{rule.article}：{rule.quorum_wording}）。",
            f"{'超过' if rule.quorum_exclusive else '不少于'}应到人数的{words}",
            f"核对{A.present.name}是否填对；到会确实不足的，按规定这次会议（表决）不能进行，应另行召开",
        ))
    return findings


# ---------------------------------------------------------------- 每次都无故缺席的党员


def always_absent(branch: Branch, record: MeetingsRecord) -> list[Finding]:
    """规则管着的一类会议，出勤明细记了某人的每一次都是“缺席”、没有一次“请假”：按姓名提醒。"""
    kind_of = {}
    for a in branch.activities_in_period():
        if a.type and record.rule_set.rule_for(a.type) is not None:
            kind_of.setdefault(a.code, a.type)
    # （姓名, 会议）→ 缺席的各次；有一次不是缺席的记进 present，不再提。十万行只记缺席的那些
    absent: dict[tuple[str, str], list[str]] = defaultdict(list)
    present: set[tuple[str, str]] = set()
    for r in branch.attendance:
        kind = kind_of.get(r.activity_code)
        if kind and r.name:
            if r.status == Status.ABSENT:
                absent[(name_key(r.name), kind)].append(r.activity_code)
            else:
                present.add((name_key(r.name), kind))
    members = {name_key(m.name): m for m in branch.members if m.name}
    findings = []
    for (key, kind), codes in absent.items():
        member = members.get(key)
        if member is None or (key, kind) in present:
            continue
        finding = _absent(member, kind, codes)
        if finding is not None:
            findings.append(finding)
    return findings


def _absent(member: Member, kind: str, codes: list[str]) -> Finding | None:
    src = member.source
    if src is None or not has(src, M.name):
        return None
    listed = "、".join(dict.fromkeys(codes))
    said = f"都是“{Status.ABSENT}”，没有一次“{Status.ON_LEAVE}”" if len(codes) > 1 else f"是“{Status.ABSENT}”，没有“{Status.ON_LEAVE}”"
    return at(
        "meetings.always_absent", src, M.name, member.name,
        f"报告期内{standard.ATTENDANCE.name}记了{member.name}的{len(codes)}次{kind}（{listed}），{said}。",
        f"按时参加{kind}；不能参加的，事先请假，在{standard.ATTENDANCE.name}里记“{Status.ON_LEAVE}”",
        f"核对{standard.ATTENDANCE.name}（其实请了假的，把状态改为“{Status.ON_LEAVE}”）；确实无故缺席的，可不修改",
    )

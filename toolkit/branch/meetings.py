"""组织生活（“三会一课”等）对照规则：报告期里每类会议开了几次、应开的月份（季度、年）里哪些没有记录、出勤如何。

    meetings_record(branch) -> MeetingsRecord | None     报告期的起止没填全或填反时为 None
    meeting_groups(branch, groups) -> {编号: 党小组}      每次党小组会是哪个党小组开的

规则是数据（standard.RULE_SETS，支部信息的“规则版本”选一套）；这里只按规则数：
- 报告期按日历切成月、季度、年（Span）。首尾不满的一段，按在报告期内的天数折算（weight）。
- 报告期比规定的间隔短（如 2 个月的阶段对“每年至少1次”），这条规定不作要求。
- 应召开的个数 = 各段折算之和，四舍五入（至少 1 个）。整段没有记录的一定列出；首尾不满的段，
  只在按期召开的个数凑不够应召开的个数时才列出（它们之中开一次就够）。
- 写入报告为“否”的活动照样算开过；分项也算；只看开始日期落在哪一段。
数字怎么印成占位符的值（次数、百分数）在 figures.py。
"""

from __future__ import annotations

import bisect
import datetime as dt
import weakref
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from toolkit import standard
from toolkit.branch.model import Activity, Branch
from toolkit.standard import ActivityType, Interval, MeetingRule, RuleSet
from toolkit.text import name_key

GROUP = standard.MEMBERS.col.party_group.name  # 党小组
# 报告期比规定的间隔短时的说法
SHORTER_THAN = {Interval.MONTH: "一个月", Interval.QUARTER: "一个季度", Interval.YEAR: "一年"}
QUARTER_NAMES = "一二三四"
NOT_REQUIRED = "不作要求"


# ---------------------------------------------------------------- 报告期里的一段（一个月、季度、年）


def add_months(day: dt.date, months: int) -> dt.date:
    """几个月之后的同一天；没有这一天（如 1月31日加1个月）时取那个月的最后一天。"""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def interval_start(day: dt.date, interval: str) -> dt.date:
    """这一天所在的月、季度、年的第一天。"""
    if interval == Interval.YEAR:
        return dt.date(day.year, 1, 1)
    if interval == Interval.QUARTER:
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return dt.date(day.year, day.month, 1)


@dataclass(frozen=True)
class Span:
    """报告期里的一个月（季度、年）：first–last 是整段，start–end 是在报告期内的部分。"""

    interval: str
    first: dt.date
    last: dt.date
    start: dt.date
    end: dt.date

    @property
    def whole(self) -> bool:
        return self.start == self.first and self.end == self.last

    @property
    def weight(self) -> float:
        """在报告期内的天数 ÷ 整段的天数。"""
        return ((self.end - self.start).days + 1) / ((self.last - self.first).days + 1)

    def name(self, year: bool = True) -> str:
        """2021年5月、2021年第二季度、2021年；year=False 时不写年（列举同一年的第二项起）。"""
        head = f"{self.first.year}年" if year or self.interval == Interval.YEAR else ""
        if self.interval == Interval.MONTH:
            head += f"{self.first.month}月"
        elif self.interval == Interval.QUARTER:
            head += f"第{QUARTER_NAMES[(self.first.month - 1) // 3]}季度"
        return head + ("" if self.whole else f"（{self.part()}）")

    def part(self) -> str:
        """不满的一段在报告期内的部分：16日至31日、5月16日至6月30日。"""
        if self.interval == Interval.MONTH:
            return f"{self.start.day}日至{self.end.day}日"
        return f"{self.start.month}月{self.start.day}日至{self.end.month}月{self.end.day}日"


def spans_of(start: dt.date, end: dt.date, interval: str) -> tuple[Span, ...]:
    """报告期按日历切成的段，首尾可能不满。"""
    months = Interval.MONTHS[interval]
    spans, first = [], interval_start(start, interval)
    while first <= end:
        following = add_months(first, months)
        last = following - dt.timedelta(days=1)
        spans.append(Span(interval, first, last, max(first, start), min(last, end)))
        first = following
    return tuple(spans)


def span_list(spans) -> str:
    """“2021年5月、7月、2022年1月”：同一年的第二项起不再写年。"""
    names, year = [], None
    for span in spans:
        names.append(span.name(year=span.first.year != year))
        year = span.first.year
    return "、".join(names)


def long_enough(start: dt.date, end: dt.date, rule: MeetingRule) -> bool:
    """报告期不比规定的间隔短：从开始那天起满一个间隔（月、季度、年）时，还在报告期内。"""
    return add_months(start, rule.months) - dt.timedelta(days=1) <= end


# ---------------------------------------------------------------- 一条规定的对照


@dataclass(frozen=True)
class Coverage:
    """一条规定（党小组会：一个党小组的）在报告期里的对照。"""

    rule: MeetingRule
    group: str | None  # 党小组会：哪个党小组；其余为 None
    spans: tuple[Span, ...]
    held: tuple[int, ...]  # 每一段开了几次
    required: bool  # 报告期够长：这条规定要求了

    @property
    def count(self) -> int:
        return sum(self.held)

    @property
    def due(self) -> int:
        """应召开的段数：各段折算之和，四舍五入，至少 1；不作要求时为 0。"""
        if not self.required:
            return 0
        total = Decimal(str(round(sum(s.weight for s in self.spans), 6)))
        return max(1, int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP)))

    def _met(self) -> list[bool]:
        return [n >= self.rule.times for n in self.held]

    @property
    def _from_partial(self) -> int:
        """应召开的个数里，要由首尾不满的段凑的几个（整段的之外）。"""
        return max(0, self.due - sum(1 for s in self.spans if s.whole))

    @property
    def on_time(self) -> int:
        """应召开的段里有记录的：整段有记录的，加上首尾不满的段凑上的（最多凑到该凑的个数）。"""
        if not self.required:
            return 0
        met = self._met()
        whole = sum(m for s, m in zip(self.spans, met) if s.whole)
        partial = sum(m for s, m in zip(self.spans, met) if not s.whole)
        return whole + min(partial, self._from_partial)

    @property
    def missing(self) -> tuple[Span, ...]:
        """没有记录的段：整段的都算；首尾不满的，只在它们该凑的个数没凑够时算。"""
        if not self.required:
            return ()
        met = self._met()
        partial = sum(m for s, m in zip(self.spans, met) if not s.whole)
        short = partial < self._from_partial
        return tuple(s for s, m in zip(self.spans, met) if not m and (s.whole or short))

    @property
    def prorated(self) -> bool:
        """有首尾不满的段（说明里要讲清按天数折算）。"""
        return any(not s.whole for s in self.spans)

    def phrase(self, note: bool = True) -> str:
        """“12个月中11个月有记录”；首尾有不满的段时说明按天数折算（note=False 时不说）；不作要求时说为什么。"""
        if not self.required:
            return f"报告期不足{SHORTER_THAN[self.rule.interval]}，{NOT_REQUIRED}"
        unit = Interval.UNITS[self.rule.interval]
        said = f"{self.due}{unit}中{self.on_time}{unit}有记录"
        return said + self.proration_note() if note else said

    def proration_note(self) -> str:
        """“（首尾不满一个月的按天数折算）”；没有不满的段时为空。"""
        return f"（首尾不满{SHORTER_THAN[self.rule.interval]}的按天数折算）" if self.prorated and self.required else ""


# ---------------------------------------------------------------- 一类会议


@dataclass(frozen=True)
class KindRecord:
    """一类会议在报告期里的情况。"""

    kind: str
    rule: MeetingRule | None  # 这套规则里没有这一类时为 None
    codes: tuple[str, ...]  # 报告期内这一类活动的编号
    coverages: tuple[Coverage, ...]  # 一条；党小组会每个党小组一条；规则没有这一类或没划分党小组时为空
    counted: int  # 填了应到、实到人数的项数
    expected: int  # 应到人次
    present: int  # 实到人次
    no_groups: bool = False  # 党小组会，而党员名册里没有划分党小组

    @property
    def count(self) -> int:
        return len(self.codes)

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None

    @property
    def required(self) -> bool:
        return any(c.required for c in self.coverages)

    @property
    def missing(self) -> bool:
        return any(c.missing for c in self.coverages)

    def phrase(self, note: bool = True) -> str:
        """按期情况：“12个月中11个月有记录”；党小组会每个党小组一句；不作要求时说为什么。
        note：首尾有不满的段时，说明按天数折算。"""
        if self.rule is None:
            return NOT_REQUIRED
        if self.no_groups:
            return f"{standard.MEMBERS.name}里没有划分{GROUP}，{NOT_REQUIRED}"
        if len(self.coverages) == 1 and self.coverages[0].group is None:
            return self.coverages[0].phrase(note)
        said = "，".join(f"{c.group}{c.phrase(note=False)}" for c in self.coverages)
        return said + (self.coverages[0].proration_note() if note else "")

    def missing_text(self) -> str:
        """没有记录的月份（季度、年）：“2021年5月、7月”；党小组会写明哪个党小组。"""
        parts = []
        for c in self.coverages:
            if c.missing:
                parts.append(f"{c.group}：{span_list(c.missing)}" if c.group else span_list(c.missing))
        return "；".join(parts)


@dataclass(frozen=True)
class MeetingsRecord:
    """一个支部报告期里的组织生活：按哪套规则、各类会议的情况。"""

    rule_set: RuleSet
    chosen: bool  # 规则版本是支部填的（False：按报告期结束那一天推定的）
    start: dt.date
    end: dt.date
    groups: tuple[str, ...]  # 党员名册里的党小组
    kinds: tuple[KindRecord, ...]  # 按 ActivityType.MEETINGS 的顺序
    unassigned: tuple[str, ...] = ()  # 看不出是哪个党小组开的党小组会（编号）

    def kind(self, kind: str) -> KindRecord:
        return next(k for k in self.kinds if k.kind == kind)

    @property
    def holds_meetings(self) -> bool:
        """报告期内有没有这几类会议的记录（报告的统计表和那一段话只在有时才写）。"""
        return any(k.count for k in self.kinds)

    def prorated(self) -> str:
        """“一个月、一个季度”：规则要求了的各类会议里，首尾有不满的段的间隔；都是整段时为空。"""
        intervals = {c.rule.interval for k in self.kinds for c in k.coverages if c.required and c.prorated}
        return "、".join(SHORTER_THAN[i] for i in Interval.ALL if i in intervals)

    @property
    def ruled(self) -> tuple[KindRecord, ...]:
        """这套规则管着的几类（统计表一类一行）。"""
        return tuple(k for k in self.kinds if k.rule is not None)


# ---------------------------------------------------------------- 算


def register_groups(branch: Branch) -> dict[str, str]:
    """党员名册里的党小组（报告期结束时的党员）：姓名键 → 名册里的写法，按第一次出现的先后。"""
    groups: dict[str, str] = {}
    for m in branch.members_on(branch.info.period_end):
        if m.party_group:
            groups.setdefault(name_key(m.party_group), m.party_group)
    return groups


def meeting_groups(branch: Branch, groups: dict[str, str], activities=None) -> dict[str, str | None]:
    """每次党小组会（编号）是哪个党小组开的：活动记录填了的按填的；没填的看出勤明细里的人都在哪个党小组；
    名册只有一个党小组时就是它；都看不出时为 None。写的党小组名册里没有时，照写的记（检查会提醒）。"""
    meetings = [a for a in (activities if activities is not None else branch.activities) if a.type == ActivityType.GROUP_MEETING]
    if not meetings:
        return {}
    member_group = {name_key(m.name): m.party_group for m in branch.members if m.party_group}
    attended: dict[str, set[str]] = defaultdict(set)
    for r in branch.attendance:
        group = member_group.get(name_key(r.name))
        if group:
            attended[r.activity_code].add(name_key(group))
    only = next(iter(groups.values())) if len(groups) == 1 else None
    result: dict[str, str | None] = {}
    for a in meetings:
        if a.party_group:
            result[a.code] = groups.get(name_key(a.party_group), a.party_group)
        elif len(attended.get(a.code, ())) == 1:
            key = next(iter(attended[a.code]))
            result[a.code] = groups.get(key)
        else:
            result[a.code] = only
    return result


def _coverage(rule: MeetingRule, group: str | None, activities: list[Activity], start: dt.date, end: dt.date) -> Coverage:
    spans = spans_of(start, end, rule.interval)
    starts = [s.start for s in spans]
    held = [0] * len(spans)
    for a in activities:  # 都在报告期内：落在开始日期不晚于它的最后一段
        held[bisect.bisect_right(starts, a.start) - 1] += 1
    return Coverage(rule, group, spans, tuple(held), long_enough(start, end, rule))


def _kind_record(kind: str, rule: MeetingRule | None, activities: list[Activity], groups: dict[str, str], of_group, start, end) -> KindRecord:
    with_counts = [a for a in activities if a.expected and a.present is not None]
    coverages: tuple[Coverage, ...] = ()
    no_groups = False
    if rule is not None and rule.per_group:
        no_groups = not groups
        coverages = tuple(
            _coverage(rule, name, [a for a in activities if of_group.get(a.code) == name], start, end) for name in groups.values()
        )
    elif rule is not None:
        coverages = (_coverage(rule, None, activities, start, end),)
    return KindRecord(
        kind, rule, tuple(a.code for a in activities), coverages,
        len(with_counts), sum(a.expected for a in with_counts), sum(a.present for a in with_counts), no_groups,
    )


# 同一个支部对象只算一次：检查、数字、报告、汇总都要它（一万人的名册上每算一遍要近半秒），支部模型又不可变。
# 键是 id(branch)；弱引用在支部对象释放时删掉这一项，所以 id 不会认错人
_RECORDS: dict[int, tuple[weakref.ref, MeetingsRecord | None]] = {}


def meetings_record(branch: Branch) -> MeetingsRecord | None:
    """按支部信息的规则版本（没填时按报告期结束那一天施行的规则），对照报告期里的各类会议。"""
    key = id(branch)
    hit = _RECORDS.get(key)
    if hit is not None and hit[0]() is branch:
        return hit[1]
    record = _record(branch)

    def forget(ref: weakref.ref, key: int = key) -> None:
        if _RECORDS.get(key, (None,))[0] is ref:
            del _RECORDS[key]

    _RECORDS[key] = (weakref.ref(branch, forget), record)
    return record


def _record(branch: Branch) -> MeetingsRecord | None:
    info = branch.info
    start, end = info.period_start, info.period_end
    if not (start and end) or end < start:
        return None
    rule_set = standard.rule_set_for(info.rule_version, end)
    in_period = [a for a in branch.activities_in_period() if a.type in ActivityType.MEETINGS]
    by_kind: dict[str, list[Activity]] = defaultdict(list)
    for a in in_period:
        by_kind[a.type].append(a)
    groups = register_groups(branch)
    of_group = meeting_groups(branch, groups, by_kind.get(ActivityType.GROUP_MEETING, []))
    kinds = tuple(
        _kind_record(kind, rule_set.rule_for(kind), by_kind.get(kind, []), groups, of_group, start, end)
        for kind in ActivityType.MEETINGS
    )
    known = set(groups.values())
    unassigned = tuple(code for code, group in of_group.items() if group not in known)
    return MeetingsRecord(rule_set, bool(info.rule_version), start, end, tuple(groups.values()), kinds, unassigned)

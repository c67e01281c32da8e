"""各表的规则共用的上下文：一次检查里大家都要查的东西。

上下文（Context）里有：支部本身；按姓名、按编号建好的索引；读取时已经报过错的格；报告期
（起止填反时当作不知道）；同名分不清的党员；参加范围各组的人数；发现的清单。
各表的规则只读它、往里添发现。
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from typing import Iterable, Mapping

from toolkit import standard
from toolkit.branch.model import Activity, Branch, BranchInfo, Member, Source
from toolkit.checks.rules.common import RowRule, at, code_fold, has
from toolkit.checks.rules.groups import GroupSizes
from toolkit.findings import CATALOGUE, ERROR, Finding
from toolkit.standard import Column
from toolkit.text import name_key

MEMBERS = standard.MEMBERS.col


class Context:
    """一次检查（一个支部）的上下文。"""

    def __init__(self, branch: Branch, reported: Iterable[Finding], section_titles: Mapping[str, str] | None = None):
        self.branch = branch
        self.info: BranchInfo = branch.info
        self.section_titles = section_titles  # 章节 → 报告里印出的标题；None：不知道用的是哪套模板
        self.findings: list[Finding] = []
        # 读取时已报错的格：(表, 行, 列字母)
        self.failed = {
            (f.sheet, f.row, f.column) for f in reported if f.row and f.column and CATALOGUE.get(f.code) == ERROR
        }
        self.failed_rows = {(sheet, row) for sheet, row, _ in self.failed}
        self._doubtful_groups: dict[str, bool] = {}
        self._set_period(branch.info)
        self._index_members(branch.members)
        self._index_activities(branch.activities)

    def _set_period(self, info: BranchInfo) -> None:
        # 报告期的起止填反了：凡是要用报告期的规则都跳过（否则每行都会报）
        self.period_ok = not (info.period_start and info.period_end and info.period_end < info.period_start)
        self.period_start = info.period_start if self.period_ok else None
        self.period_end = info.period_end if self.period_ok else None
        self.written_ok = not (info.written_on and info.period_end and info.written_on < info.period_end)

    def _index_members(self, members: tuple[Member, ...]) -> None:
        """党员：按原样姓名、按姓名键。"""
        self.by_name: dict[str, Member] = {}
        self.by_key: dict[str, list[Member]] = defaultdict(list)
        self._keys: dict[str, str] = {}
        for m in members:
            if m.name:
                self.by_name.setdefault(m.name, m)
                self.by_key[self.key(m.name)].append(m)

    def _index_activities(self, activities: tuple[Activity, ...]) -> None:
        """活动：按编号（重复的取第一行）。"""
        self.by_code: dict[str, Activity] = {}
        self.repeated_codes: set[str] = set()
        for a in activities:
            if a.code:
                if a.code in self.by_code:
                    self.repeated_codes.add(a.code)
                self.by_code.setdefault(a.code, a)
        self._folds: dict[str, str] | None = None

    # ------------------------------------------------------------ 添发现

    def add(self, finding: Finding | None) -> None:
        if finding is not None:
            self.findings.append(finding)

    def each(self, records: Iterable, rules: tuple[RowRule, ...]) -> None:
        """每一行（有位置的）按顺序过一遍这些规则。一张表的行共用一份列字母：
        文件里缺了哪一列、哪些规则不说话，每张表只问一次。"""
        findings = self.findings
        applicable: dict[int, list[RowRule]] = {}
        for record in records:
            src = record.source
            if src is None:
                continue
            here = applicable.get(id(src.letters))
            if here is None:
                here = applicable[id(src.letters)] = [r for r in rules if r.applies(src)]
            for r in here:
                said = r.check(self, record, src)
                if said is not None:
                    findings.append(at(r.code, src, r.column, *said))

    # ------------------------------------------------------------ 查

    def key(self, name: str) -> str:
        k = self._keys.get(name)
        if k is None:
            k = self._keys[name] = name_key(name)
        return k

    def unknown(self, src: Source, column: Column) -> bool:
        """这一格读取时已报过错：值不可知。"""
        return (src.sheet, src.row, src.letter(column)) in self.failed

    def row_failed(self, src: Source, *columns: Column) -> bool:
        """这一行读取时有一格报过错（给了列时，只看这几列）：由它算出的数不可信。"""
        if not columns:
            return (src.sheet, src.row) in self.failed_rows
        return any(self.unknown(src, c) for c in columns)

    def group_doubtful(self, group: standard.MemberGroup) -> bool:
        """这一组的人数不可信：名册里有一行的入党日期或据以分组的那一格读取时报过错。"""
        doubtful = self._doubtful_groups.get(group.scope)
        if doubtful is None:
            columns = (MEMBERS.joined,) + ((group.member_column,) if group.member_column is not None else ())
            doubtful = any(m.source is not None and self.row_failed(m.source, *columns) for m in self.branch.members)
            self._doubtful_groups[group.scope] = doubtful
        return doubtful

    @cached_property
    def members_without_name(self) -> int:
        """党员名册里姓名空着或读不出的行数。"""
        return sum(1 for m in self.branch.members if not m.name and m.source is not None and has(m.source, MEMBERS.name))

    @cached_property
    def names_of_blank_members(self) -> set[str] | None:
        """名册里有姓名空着或读不出的行时，出勤明细、公开承诺里对不上名册的姓名（姓名键）：不多于那么多人，
        就都算作那几行（一个根因只报一次）；多于那么多人说不清是谁，为 None，照常逐个报。"""
        blank = self.members_without_name
        if not blank and self.branch.members:
            return None
        names = self.strangers
        if not self.branch.members:
            return names  # 名册是空的（已报一次）：谁都对不上，不再逐个说
        return names if len(names) <= blank else None

    @cached_property
    def strangers(self) -> set[str]:
        """出勤明细、党员个人的公开承诺里写着、党员名册中却找不到的姓名（姓名键）：每个都已报过一次。
        名册也许漏了这几个人，按名册数出的人数就会少这么多。"""
        names = {self.key(r.name) for r in self.branch.attendance if r.name and self.find_member(r.name)[0] is None}
        names |= {self.key(c.person) for c in self.branch.commitments
                  if c.person and c.subject == standard.Committer.MEMBER and self.find_member(c.person)[0] is None}
        return names

    @cached_property
    def activities_with_strangers(self) -> set[str]:
        """出勤明细里有党员名册中找不到的人的活动（编号）：名册也许漏了人，按名册数出的人数不能拿来叫人改应到人数。"""
        return {
            r.activity_code for r in self.branch.attendance if r.activity_code and r.name and self.find_member(r.name)[0] is None
        }

    @cached_property
    def codes_of_blank_activities(self) -> set[str]:
        """活动记录里有编号空着或读不出的行时，出勤明细、上级编号里对不上的编号：不多于那么多行，
        就都算作那几行（那一格已经报过）；多于那么多，或没有这样的行，为空集，照常逐个报。"""
        A = standard.ACTIVITIES.col
        blank = sum(1 for a in self.branch.activities if not a.code and a.source is not None and has(a.source, A.code))
        if not blank:
            return set()
        codes = {r.activity_code for r in self.branch.attendance if r.activity_code and r.activity_code not in self.by_code}
        codes |= {a.parent_code for a in self.branch.activities if a.parent_code and a.parent_code not in self.by_code}
        return codes if len(codes) <= blank else set()

    def blank(self, src: Source | None, column: Column, value) -> bool:
        """这一格确实空着（有这一列、没报过错、值为空）。"""
        return has(src, column) and not self.unknown(src, column) and (value is None or value == "")

    def required_but_blank(self, record, src: Source, column: Column) -> bool:
        """条件必填（column.required_when）：条件成立，这一格却确实空着。"""
        other, value = column.required_when
        return getattr(record, other) == value and self.blank(src, column, getattr(record, column.key))

    def printed_titles(self) -> Mapping[str, str]:
        """按模板印出的标题（章节 → 标题；“报告标题”→ 没填报告标题时的标题）。不知道用哪套模板时是空的。"""
        titles = self.section_titles
        if callable(titles):  # 要用时才按模板写出标题：多数工作簿用不着，不必为它编译模板
            titles = self.section_titles = titles(self.info)
        return titles or {}

    def info_item(self, column: Column) -> Source | None:
        """支部信息中这一项的位置。"""
        return self.info.sources.get(column.name)

    def find_member(self, name: str) -> tuple[Member | None, bool]:
        """（党员, 是否原样一致）。只靠姓名键对上的，第二项为 False。"""
        m = self.by_name.get(name)
        if m is not None:
            return m, True
        same = self.by_key.get(self.key(name))
        return (same[0], False) if same else (None, False)

    def near_code(self, code: str) -> str | None:
        """只差大小写、全角半角或空格的编号：“a01”→“A01”。"""
        if self._folds is None:
            self._folds = {}
            for c in self.by_code:
                self._folds.setdefault(code_fold(c), c)
        return self._folds.get(code_fold(code))

    @cached_property
    def twins(self) -> list[tuple[Member, Member]]:
        """同名又分不清是一人还是两人的党员：（这一位, 前面的那一位）。"""
        return [pair for group in self.by_key.values() if len(group) > 1 for pair in self._twins_among(group)]

    def _twins_among(self, group: list[Member]) -> list[tuple[Member, Member]]:
        """同名的须能用出生日期或身份证号区分：只要有一项两人都填了且不同，就算区分开。"""
        by_pair: dict = {}
        by_birth: dict = {}
        by_id: dict = {}
        first: Member | None = None
        pairs = []
        for m in group:
            src = m.source
            if src is None or not has(src, MEMBERS.name):
                continue
            if self.unknown(src, MEMBERS.birth) or self.unknown(src, MEMBERS.id_number):
                continue  # 出生日期或身份证号读不出，无从比较
            b, i = m.birth, m.id_number
            # 找一个前面的、区分不开的同名者（空值与任何值都区分不开）
            if b is not None and i is not None:
                twin = by_pair.get((b, i)) or by_pair.get((b, None)) or by_pair.get((None, i)) or by_pair.get((None, None))
            elif b is not None:
                twin = by_birth.get(b) or by_birth.get(None)
            elif i is not None:
                twin = by_id.get(i) or by_id.get(None)
            else:
                twin = first
            if twin is not None:
                pairs.append((m, twin))
            by_pair.setdefault((b, i), m)
            by_birth.setdefault(b, m)
            by_id.setdefault(i, m)
            first = first or m
        return pairs

    @cached_property
    def group_sizes(self) -> GroupSizes:
        """参加范围中各组的人数；报了“同名无法区分”的行不算。"""
        repeated = {id(m) for m, _ in self.twins}
        return GroupSizes(tuple(m for m in self.branch.members if id(m) not in repeated))

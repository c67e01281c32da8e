"""支部的模型：检查通过后，报告所依据的事实。

每个对象都记得自己来自哪张表的哪一行（Source），这样后面的规则和占位符
出了问题，消息仍能指到用户的单元格。字段名就是 standard.py 里各列的 key
（Member.joined 是 MEMBERS.col.joined，“入党日期”）；列名、类型、规则只在 standard.py 中声明，
tests/test_architecture.py 核对两边一致。每行一个的对象（各表的行、Source）不带 __dict__（slots）：
十五万人的名册有上百万个，省下的内存以百 MB 计。
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field, fields
from typing import Any, Mapping

from toolkit import standard
from toolkit.standard import Column, InReport, Sheet
from toolkit.text import name_key


@dataclass(frozen=True, slots=True)
class Source:
    """一条记录在用户文件中的位置。"""

    sheet: str  # 标签上的名字
    row: int
    letters: Mapping[str, str]  # 列名 → 列字母（只含文件里有的列）
    identity: str | None = None  # 如“姓名：张三”

    def letter(self, column: Column | str) -> str | None:
        return self.letters.get(column.name if isinstance(column, Column) else column)


@dataclass(frozen=True)
class BranchInfo:
    """“支部信息”表：支部名称、报告期、报告标题等（sources 记着每一项在表里的位置）。"""

    name: str = ""
    parent_org: str = ""
    addressee: str | None = None
    campaign: str = ""
    title: str | None = None
    subtitle: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    written_on: dt.date | None = None
    date_style: str = standard.BRANCH_INFO.col.date_style.default
    font_scheme: str = standard.BRANCH_INFO.col.font_scheme.default
    rule_version: str | None = None  # 规则版本；None：按报告期结束那一天施行的规则（standard.rule_set_for）
    meetings_in_report: str = standard.BRANCH_INFO.col.meetings_in_report.default
    sources: Mapping[str, Source] = field(default_factory=dict)  # 项目 → 位置

    @property
    def report_date(self) -> dt.date | None:
        return self.written_on or self.period_end


@dataclass(frozen=True, slots=True)
class Member:
    """党员名册的一行。"""

    name: str = ""
    sex: str | None = None
    ethnicity: str | None = None
    birth: dt.date | None = None
    education: str | None = None
    category: str | None = None  # 教师 / 管理人员 / 学生 …
    membership: str | None = None  # 正式党员 / 预备党员
    joined: dt.date | None = None
    confirmed: dt.date | None = None
    post: str | None = None
    party_group: str | None = None
    id_number: str | None = None
    phone: str | None = None
    note: str | None = None
    number: int | None = None
    source: Source | None = None

    @property
    def key(self) -> str:
        return name_key(self.name)

    def is_member_on(self, day: dt.date | None) -> bool:
        return day is None or self.joined is None or self.joined <= day


@dataclass(frozen=True, slots=True)
class Activity:
    """活动记录的一行。"""

    code: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    type: str | None = None
    name: str = ""
    group: str | None = None
    parent_code: str | None = None
    place: str | None = None
    scope: str | None = None
    expected: int | None = None
    present: int | None = None
    on_leave: int | None = None
    content: str = ""
    outcome: str | None = None
    in_report: str = standard.ACTIVITIES.col.in_report.default
    party_group: str | None = None  # 党小组会：召开会议的党小组
    source: Source | None = None

    @property
    def reported(self) -> bool:
        return self.in_report != InReport.NO

    @property
    def attendance_rate(self) -> float | None:
        if self.expected and self.present is not None:
            return self.present / self.expected
        return None


@dataclass(frozen=True, slots=True)
class Attendance:
    """出勤明细的一行：一名党员在一项活动里的出勤。"""

    activity_code: str = ""
    name: str = ""
    status: str | None = None
    note: str | None = None
    source: Source | None = None


@dataclass(frozen=True, slots=True)
class Commitment:
    """公开承诺的一行。"""

    subject: str | None = None  # 支部 / 党员
    person: str = ""
    date: dt.date | None = None
    matter: str = ""
    deadline: dt.date | None = None
    progress: str | None = None
    fulfilled_on: dt.date | None = None
    publicity: str | None = None
    note: str | None = None
    source: Source | None = None


@dataclass(frozen=True, slots=True)
class NarrativeParagraph:
    """报告正文的一段（报告文字表的一行）。"""

    section: str | None = None
    order: int | None = None
    subheading: str | None = None
    text: str = ""
    source: Source | None = None


@dataclass(frozen=True)
class Branch:
    """一个支部：支部信息和各表的行，报告和规则都只看它。"""

    info: BranchInfo
    members: tuple[Member, ...] = ()
    activities: tuple[Activity, ...] = ()
    attendance: tuple[Attendance, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    paragraphs: tuple[NarrativeParagraph, ...] = ()

    def members_on(self, day: dt.date | None) -> list[Member]:
        return [m for m in self.members if m.is_member_on(day)]

    def activities_in_period(self) -> list[Activity]:
        start, end = self.info.period_start, self.info.period_end
        return [a for a in self.activities if a.start and start and end and start <= a.start <= end]


# 每张表一行对应的模型类；“支部信息”整张表是一个 BranchInfo
MODEL_OF: dict[str, type] = {
    standard.BRANCH_INFO.name: BranchInfo,
    standard.MEMBERS.name: Member,
    standard.ACTIVITIES.name: Activity,
    standard.ATTENDANCE.name: Attendance,
    standard.COMMITMENTS.name: Commitment,
    standard.NARRATIVE.name: NarrativeParagraph,
}
ROW_MODELS = {name: model for name, model in MODEL_OF.items() if name != standard.BRANCH_INFO.name}
SHEET_OF: dict[type, Sheet] = {model: standard.sheet_named(name) for name, model in MODEL_OF.items()}


@functools.cache
def column_fields(model: type) -> dict[str, str]:
    """列名 → 字段名（即列的 key）。"""
    return {c.name: c.key for c in SHEET_OF[model].columns}


@functools.cache
def _has_source(model: type) -> bool:
    return "source" in {f.name for f in fields(model)}


def from_values(model: type, values: Mapping[str, Any], source: Source | None = None):
    """按列名把一行已换成正确类型的值装进模型对象；空值用字段默认值。"""
    kwargs = {}
    for column, attr in column_fields(model).items():
        value = values.get(column)
        if value is not None:
            kwargs[attr] = value
    if source is not None and _has_source(model):
        kwargs["source"] = source
    return model(**kwargs)

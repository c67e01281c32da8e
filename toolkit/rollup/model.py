"""汇总的模型：一本工作簿的汇总行（BranchSummary）、党委自己的信息（Committee）、合计（CommitteeTotals）、
一次汇总的全部结果（Rollup）和命令行给的设置（RollupOptions）。只有数据，不读文件、不写文件。
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import NamedTuple

from toolkit import standard
from toolkit.branch.figures import AttendanceTotal
from toolkit.branch.meetings import MeetingsRecord
from toolkit.findings import Finding

CATEGORIES = standard.Category.ALL
ACTIVITY_TYPES = standard.ActivityType.ALL
SETTINGS = standard.ROLLUP_SETTINGS

SUMMARY_SHEET = "支部汇总"  # 汇总表的第一张表：再次汇总同一文件夹时认出它
METADATA_SHEET = "元数据"  # 汇总表里隐藏、保护的一张表：上一级汇总时按它认出汇总表、取回各支部的数字

# 状态：计入 / 有错误 / 无法读取 / 重复 / 其他报告期
COUNTED, HAS_ERRORS, UNREADABLE, DUPLICATE, OTHER_PERIOD = "计入", "有错误", "无法读取", "重复", "其他报告期"


# ---------------------------------------------------------------- 一个支部


@dataclass(frozen=True)
class MeetingKind:
    """一类会议对照规则的结果（汇总只要这几项；能写进元数据，上一级照样用）。"""

    kind: str
    count: int
    ruled: bool  # 规则管着这一类
    required: bool  # 报告期够长，要求召开
    missing: bool  # 应开的月份（季度、年）有没有记录的
    phrase: str  # 按期情况：“12个月中10个月有记录”
    missing_text: str  # 没有记录的：“2021年5月、7月”
    expected: int
    present: int

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None


@dataclass(frozen=True)
class MeetingsBrief:
    """一个支部的三会一课：按哪套规则，各类会议的情况（与它报告里的统计表同一份结果）。"""

    rule_version: str
    kinds: tuple[MeetingKind, ...]

    def kind(self, kind: str) -> MeetingKind:
        """这一类会议；没有记下的（规则里没有这一类）当作不作要求、没有开过。"""
        for k in self.kinds:
            if k.kind == kind:
                return k
        return MeetingKind(kind, 0, False, False, False, "", "", 0, 0)


def meetings_brief(record: MeetingsRecord | None) -> MeetingsBrief | None:
    if record is None:
        return None
    kinds = tuple(
        MeetingKind(k.kind, k.count, k.rule is not None, k.required, k.missing, k.phrase(), k.missing_text(), k.expected, k.present)
        for k in record.kinds
    )
    return MeetingsBrief(record.rule_set.name, kinds)


@dataclass(frozen=True)
class BranchFigures:
    """一个支部报告里的数字，都由 figures 的函数算出；合计（CommitteeTotals）也是这几项。"""

    members: int
    formal: int
    probationary: int
    women: int
    by_category: tuple[tuple[str, int], ...]  # 人员类别 → 人数，按标准的顺序，含 0
    activities: int  # 报告期内开展的活动（{活动总数}，含写入报告为“否”的）
    by_type: tuple[tuple[str, int], ...]  # 活动类型 → 项数（报告期内开展的），按标准的顺序，含 0
    attendance: AttendanceTotal  # 报告附件“活动开展情况统计表”合计行的出勤
    commitments: int
    fulfilled: int
    committed_members: int
    reported: int = 0  # 写入报告的活动：报告附件“活动开展情况统计表”合计行的项数
    meetings: MeetingsBrief | None = None  # 三会一课和组织生活对照规则的结果（与支部报告的统计表同一份）

    def to_json(self) -> dict:
        """写进元数据的样子：只有数字和文字。"""
        data = {f.name: getattr(self, f.name) for f in fields(BranchFigures)}
        data["by_category"], data["by_type"] = dict(self.by_category), dict(self.by_type)
        a = self.attendance
        data["attendance"] = [a.activities, a.expected, a.present]
        data["meetings"] = None if self.meetings is None else {
            "rule_version": self.meetings.rule_version, "kinds": [dict(vars(k)) for k in self.meetings.kinds]}
        return data

    @classmethod
    def from_json(cls, data: dict) -> "BranchFigures":
        """元数据里的一行 → 数字。格式不对时抛出 KeyError、TypeError 或 ValueError。"""
        meetings = data.get("meetings")
        brief = None if not meetings else MeetingsBrief(
            str(meetings["rule_version"]), tuple([MeetingKind(**k) for k in meetings["kinds"]]))
        plain = {k: int(data[k]) for k in ("members", "formal", "probationary", "women", "activities",
                                           "commitments", "fulfilled", "committed_members", "reported")}
        return cls(
            **plain,
            by_category=tuple([(c, int(data["by_category"].get(c, 0))) for c in CATEGORIES]),
            by_type=tuple([(t, int(data["by_type"].get(t, 0))) for t in ACTIVITY_TYPES]),
            attendance=AttendanceTotal(*[int(n) for n in data["attendance"]]),
            meetings=brief,
        )


@dataclass
class BranchSummary:
    """汇总表里的一行：一本工作簿，和它检查、计数的结果。"""

    file: str  # 相对于汇总的文件夹，用 / 分隔
    name: str = ""  # 支部名称（读得出时）
    parent_org: str = ""
    campaign: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    report_date: dt.date | None = None  # 成文日期（不填时为报告期结束）
    figures: BranchFigures | None = None  # 没有错误时才有
    findings: tuple[Finding, ...] = ()
    unreadable: str | None = None  # 文件本身读不了时的说明
    unreadable_kind: str | None = None
    highlights: tuple[str, ...] = ()  # 报告里的前几项活动名称（已填好数字、改好标点）
    reported_activities: int = 0
    report: bytes | None = None  # --each：这个支部自己的报告（.docx 字节）
    report_stem: str = ""  # 这份报告默认的文件名（不含 .docx）
    report_problem: str | None = None
    skip_reason: str | None = None  # 其实不是支部工作簿（汇总表、汇总设置）
    status: str = ""
    note: str = ""  # 重复时为什么计入或不计入
    path: tuple[str, ...] = ()  # 在汇总的党组织之下的位置：直属支部是（支部名称,），下级党委的支部是（下级党委, …, 支部名称）
    via: str = ""  # 来自哪一本下级党委的汇总表（直属支部为空）
    remarks: list[str] = field(default_factory=list)  # 汇总时的提醒：报告期不一致、同一支部报了两级……
    unread_summary: bool = False  # 不是支部工作簿，在工作进程里没有读它的元数据：由主进程读（可能是汇总表）

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error) + (1 if self.unreadable else 0)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if not f.is_error) + len(self.remarks)

    @property
    def usable(self) -> bool:
        return self.figures is not None

    @property
    def counted(self) -> bool:
        return self.status == COUNTED

    @property
    def failed(self) -> bool:
        return self.status in (HAS_ERRORS, UNREADABLE)


@dataclass
class Subordinate:
    """下级党委（党总支）用本工具写出的汇总表：按它的元数据认出，取回它计入的每个支部的数字。"""

    file: str  # 相对于汇总的文件夹
    name: str
    campaign: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    report_date: dt.date | None = None
    branches: list[BranchSummary] = field(default_factory=list)  # 它计入的各支部；path 从它下面算起
    remarks: list[str] = field(default_factory=list)  # 提醒：手改过的格、报告期不一致、支部重复……
    units: list[tuple[str, BranchFigures]] = field(default_factory=list)  # 它自己的直属单位（名称, 数字）：报告里它的那张附表
    status: str = COUNTED
    note: str = ""  # 没有计入时的原因
    edited: bool = False  # 写出后数字被手改过（或元数据对不上）：仍按元数据计入
    _totals: tuple = field(default=(), repr=False, compare=False)  # (计入的各支部, 它们的合计)：报告、汇总表要用好几次

    @property
    def counted(self) -> bool:
        return self.status == COUNTED

    @property
    def counted_branches(self) -> list[BranchSummary]:
        return [b for b in self.branches if b.counted]

    @property
    def figures(self) -> "CommitteeTotals":
        """这个下级党委的合计：它计入的各支部之和（在本级又查出重复的，已除去）。"""
        counted = self.counted_branches
        if not self._totals or len(self._totals[0]) != len(counted) or any(a is not b for a, b in zip(self._totals[0], counted)):
            self._totals = (counted, add_up(counted))
        return self._totals[1]

    @property
    def warnings(self) -> int:
        return len(self.remarks)


@dataclass(frozen=True)
class Skipped:
    file: str
    reason: str


# ---------------------------------------------------------------- 党委的设置和合计


@dataclass(frozen=True)
class Committee:
    """汇总的党组织（党总支、院党委）自己的信息：来自选项、汇总设置，或各支部的一致填写。"""

    name: str
    title: str | None = None  # None：按模板的默认标题
    addressee: str | None = None
    campaign: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    written_on: dt.date | None = None
    date_style: str = SETTINGS.col.date_style.default
    font_scheme: str = SETTINGS.col.font_scheme.default
    notes: tuple[str, ...] = ()  # 哪一项从哪里来（不是用户直接写的时）

    @property
    def report_date(self) -> dt.date:
        return self.written_on or self.period_end or dt.date.today()


@dataclass(frozen=True)
class CommitteeTotals(BranchFigures):
    """计入的各支部数字之和：与一个支部同样的几项（比率由人次重新算，从不平均），加上支部个数和提醒数。"""

    branches: int = 0
    warnings: int = 0


class Newest(NamedTuple):
    """同一个单位的几份材料里计入哪一份：成文日期最新的；日期相同（tie）时取文件排在前面的。"""

    winner: object
    others: list
    tie: bool


def newest(group: list) -> Newest:
    """group 已按文件排序，每份有 report_date（没填的算最早）。支部工作簿、下级的汇总表重报时都按它定。"""
    latest_day = max(u.report_date or dt.date.min for u in group)
    latest = [u for u in group if (u.report_date or dt.date.min) == latest_day]
    winner = latest[0]
    return Newest(winner, [u for u in group if u is not winner], len(latest) > 1)


def add_up(branches: list[BranchSummary], warnings: int | None = None) -> CommitteeTotals:
    figs = [b.figures for b in branches if b.figures is not None]

    def total(attr: str) -> int:
        return sum(getattr(f, attr) for f in figs)

    def by(attr: str, names) -> tuple[tuple[str, int], ...]:
        sums = dict.fromkeys(names, 0)
        for f in figs:
            for name, n in getattr(f, attr):
                sums[name] = sums.get(name, 0) + n
        return tuple((name, sums[name]) for name in names)

    attendance = AttendanceTotal(
        sum(f.attendance.activities for f in figs),
        sum(f.attendance.expected for f in figs),
        sum(f.attendance.present for f in figs),
    )
    counts = ("members", "formal", "probationary", "women", "activities", "commitments", "fulfilled", "committed_members", "reported")
    return CommitteeTotals(
        **{attr: total(attr) for attr in counts},
        by_category=by("by_category", CATEGORIES),
        by_type=by("by_type", ACTIVITY_TYPES),
        attendance=attendance,
        branches=len(figs),
        warnings=sum(b.warnings for b in branches) if warnings is None else warnings,
    )


@dataclass
class Rollup:
    """一次汇总的全部结果。"""

    folder: Path
    committee: Committee
    branches: list[BranchSummary]  # 按文件排序，含有错误、读不了、重复的
    skipped: list[Skipped]
    settings_file: Path | None = None
    summary_path: Path | None = None
    report_path: Path | None = None
    report_withheld: str = ""  # 没有写汇总报告的原因（一个也没有计入时：报告的数字会全是 0）
    each_paths: list[Path] = field(default_factory=list)
    each_dir: Path | None = None
    subordinates: list[Subordinate] = field(default_factory=list)  # 下级党委的汇总表，按文件排序

    @property
    def counted(self) -> list[BranchSummary]:
        return [b for b in self.branches if b.counted]

    @property
    def failed(self) -> list[BranchSummary]:
        return [b for b in self.branches if b.failed]

    @property
    def duplicates(self) -> list[BranchSummary]:
        return [b for b in self.branches if b.status == DUPLICATE]

    @property
    def counted_subordinates(self) -> list[Subordinate]:
        return [s for s in self.subordinates if s.counted]

    @property
    def left_out_subordinates(self) -> list[Subordinate]:
        return [s for s in self.subordinates if not s.counted]

    @property
    def every_counted(self) -> list[BranchSummary]:
        """计入的每个支部：直属的，和计入的下级党委汇总表里的（重复的只算一次）。"""
        return [*self.counted, *(b for s in self.counted_subordinates for b in s.counted_branches)]

    @property
    def totals(self) -> CommitteeTotals:
        """合计：各直属单位（直属支部、下级党委）之和，也就是计入的每个支部之和。"""
        warnings = sum(b.warnings for b in self.counted) + sum(s.warnings for s in self.counted_subordinates)
        return add_up(self.every_counted, warnings)


# ---------------------------------------------------------------- 命令行给的设置


@dataclass
class RollupOptions:
    """命令行给的党委设置；没给的为 None，从汇总设置或各支部取。字段名就是汇总设置各项的 key。"""

    name: str | None = None
    title: str | None = None
    addressee: str | None = None
    campaign: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    written_on: dt.date | None = None
    date_style: str | None = None
    font_scheme: str | None = None
    settings: Path | None = None

    def given(self, key: str):
        """汇总设置的这一项（key）在命令行给了的值；没给（或给了空的）为 None。"""
        value = getattr(self, key)
        return None if value == "" else value

    def given_items(self) -> frozenset[str]:
        """命令行已经给了的汇总设置项目（用户看到的名字，如“名称”）。"""
        return frozenset(c.name for c in SETTINGS.columns if self.given(c.key) is not None)


@dataclass
class RollupOutputs:
    """汇总写出什么、写到哪里。"""

    out_dir: Path | None = None  # 汇总表和汇总报告所在的文件夹；默认当前文件夹
    summary: Path | None = None  # 汇总表的文件名；默认 {名称}{活动名称}各党支部工作汇总表.xlsx
    report: Path | None = None  # 汇总报告的文件名；默认 {名称}{活动名称}阶段性工作情况汇报.docx
    each: Path | None = None  # 各支部自己的报告写进这个文件夹（不给就不写）
    force: bool = False  # 已存在时覆盖
    template_dir: Path | None = None  # 改过的措辞模板

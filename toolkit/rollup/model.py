"""汇总的模型：一本工作簿的汇总行（BranchSummary）、党委自己的信息（Committee）、合计（CommitteeTotals）、
一次汇总的全部结果（Rollup）和命令行给的设置（RollupOptions）。只有数据，不读文件、不写文件。
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from toolkit import standard
from toolkit.branch.figures import AttendanceTotal
from toolkit.branch.meetings import MeetingsRecord
from toolkit.findings import Finding

CATEGORIES = standard.Category.ALL
ACTIVITY_TYPES = standard.ActivityType.ALL
SETTINGS = standard.ROLLUP_SETTINGS

SUMMARY_SHEET = "支部汇总"  # 汇总表的第一张表：再次汇总同一文件夹时认出它，不当作支部

# 状态：计入 / 有错误 / 无法读取 / 重复
COUNTED, HAS_ERRORS, UNREADABLE, DUPLICATE = "计入", "有错误", "无法读取", "重复"


# ---------------------------------------------------------------- 一个支部


@dataclass(frozen=True)
class BranchFigures:
    """一个支部报告里的数字，都由 figures 的函数算出。"""

    members: int
    formal: int
    probationary: int
    women: int
    by_category: tuple[tuple[str, int], ...]  # 人员类别 → 人数，按标准的顺序，含 0
    activities: int  # 报告期内的活动（{活动总数}）
    by_type: tuple[tuple[str, int], ...]  # 活动类型 → 项数，按标准的顺序，含 0
    attendance: AttendanceTotal  # 报告附件“活动开展情况统计表”合计行的出勤
    commitments: int
    fulfilled: int
    committed_members: int
    meetings: MeetingsRecord | None = None  # 三会一课和组织生活对照规则的结果（与支部报告的统计表同一份）


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

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error) + (1 if self.unreadable else 0)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if not f.is_error)

    @property
    def usable(self) -> bool:
        return self.figures is not None

    @property
    def counted(self) -> bool:
        return self.status == COUNTED

    @property
    def failed(self) -> bool:
        return self.status in (HAS_ERRORS, UNREADABLE)


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
class CommitteeTotals:
    """计入的各支部数字之和。"""

    branches: int
    members: int
    formal: int
    probationary: int
    women: int
    by_category: tuple[tuple[str, int], ...]
    activities: int
    by_type: tuple[tuple[str, int], ...]
    attendance: AttendanceTotal
    commitments: int
    fulfilled: int
    committed_members: int
    warnings: int


def add_up(branches: list[BranchSummary]) -> CommitteeTotals:
    figs = [b.figures for b in branches if b.figures is not None]

    def total(attr: str) -> int:
        return sum(getattr(f, attr) for f in figs)

    def by(attr: str, names) -> tuple[tuple[str, int], ...]:
        return tuple((name, sum(dict(getattr(f, attr))[name] for f in figs)) for name in names)

    attendance = AttendanceTotal(
        sum(f.attendance.activities for f in figs),
        sum(f.attendance.expected for f in figs),
        sum(f.attendance.present for f in figs),
    )
    return CommitteeTotals(
        branches=len(figs),
        members=total("members"),
        formal=total("formal"),
        probationary=total("probationary"),
        women=total("women"),
        by_category=by("by_category", CATEGORIES),
        activities=total("activities"),
        by_type=by("by_type", ACTIVITY_TYPES),
        attendance=attendance,
        commitments=total("commitments"),
        fulfilled=total("fulfilled"),
        committed_members=total("committed_members"),
        warnings=sum(b.warnings for b in branches),
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
    each_paths: list[Path] = field(default_factory=list)
    each_dir: Path | None = None

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
    def totals(self) -> CommitteeTotals:
        return add_up(self.counted)


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

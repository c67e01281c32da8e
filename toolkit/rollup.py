"""党委（党总支）汇总：一个文件夹里各支部的工作数据簿 → 汇总表、汇总报告，以及（可选）各支部自己的报告。

    rollup_folder(folder, options, ...) -> Rollup

- 每本工作簿用 api.validate 检查，与 toolkit validate 一模一样；数字用 figures 里与支部报告
  同一套函数算出，所以汇总表上每个支部的数字就是它自己报告里的数字，合计就是这些数字之和。
- 两个核并行检查（ProcessPoolExecutor，2 个进程）；只有几本时串行，省下开进程的时间。
  结果按文件的相对路径排序：同一个文件夹，每次的输出完全相同。
- 一本坏了不影响其他：读不了、有错误的工作簿列在汇总表里，不计入合计。
- 同一个支部名称有两本时只计入成文日期较新的一本，并说明为什么。
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from toolkit import standard
from toolkit.figures import AttendanceTotal
from toolkit.findings import Finding

# 按扩展名看像工作簿的文件：都要读一读（旧版 .xls、.csv 读不了，作为“无法读取”的支部列出来）
WORKBOOK_SUFFIXES = frozenset((".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods", ".et", ".ett", ".csv"))
SETTINGS_FILE = f"{standard.ROLLUP_SETTINGS.name}.xlsx"  # 放在文件夹里就自动使用
SUMMARY_SHEET = "支部汇总"  # 汇总表的第一张表：再次汇总同一文件夹时认出它，不当作支部
CATEGORIES = standard.MEMBERS.column("人员类别").choices
ACTIVITY_TYPES = standard.ACTIVITIES.column("类型").choices
HIGHLIGHTS = 4  # 汇总报告里每个支部列出的主要活动项数
WORKERS = 2
PARALLEL_FROM = 6  # 少于这么多本时串行：开两个进程的时间比省下的还多

# 状态：计入 / 有错误 / 无法读取 / 重复
COUNTED, HAS_ERRORS, UNREADABLE, DUPLICATE = "计入", "有错误", "无法读取", "重复"


class RollupError(Exception):
    """命令用错了（文件夹不存在、里面没有工作簿、汇总设置有误）：消息是给用户看的中文。"""


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
    date_style: str = "阿拉伯数字"
    font_scheme: str = "gb2312"
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


# ---------------------------------------------------------------- 找工作簿


def find_workbooks(folder: Path, exclude: set[Path]) -> tuple[list[Path], list[Skipped]]:
    """文件夹和子文件夹里像工作簿的文件（按相对路径排序），以及跳过的文件和跳过的原因。"""
    found: list[Path] = []
    skipped: list[Skipped] = []
    excluded = {p.resolve() for p in exclude}
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        for d in sorted(dirs):
            if d == "__MACOSX" or d.startswith("."):
                skipped.append(Skipped(relative_name(here / d, folder) + "/", "macOS 或版本管理留下的隐藏文件夹，不是支部的材料"))
        # 解压 macOS 打的包会多出 __MACOSX（里面是同名的“._”附属文件）；点开头的是隐藏文件夹
        dirs[:] = sorted(d for d in dirs if (here / d).resolve() not in excluded and d != "__MACOSX" and not d.startswith("."))
        for name in sorted(files):
            path = here / name
            if path.resolve() in excluded:
                continue
            relative = relative_name(path, folder)
            suffix = path.suffix.lower()
            if name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#")):
                skipped.append(Skipped(relative, "Excel/WPS 打开工作簿时留下的临时锁定文件，不是工作簿"))
            elif name.startswith("._"):
                skipped.append(Skipped(relative, "macOS 拷贝时留下的附属文件（以“._”开头），不是工作簿"))
            elif name.startswith(".~toolkit-"):
                skipped.append(Skipped(relative, "本工具写文件时的临时文件（上次被打断时留下的），可以删除"))
            elif suffix in WORKBOOK_SUFFIXES:
                found.append(path)
            else:
                kind = f"扩展名 {suffix}" if suffix else "没有扩展名"
                skipped.append(Skipped(relative, f"不是工作簿（{kind}）"))
    found.sort(key=lambda p: relative_name(p, folder))
    skipped.sort(key=lambda s: s.file)
    return found, skipped


def relative_name(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.as_posix()


# ---------------------------------------------------------------- 检查一本（在工作进程里）


def summarise_workbook(path: str, folder: str, build_report: bool = False, template_dir: str | None = None) -> BranchSummary:
    """检查一本工作簿、算出它的数字；要时顺便生成它自己的报告。任何问题都记在结果里，从不抛出。"""
    from toolkit import api
    from toolkit.xlsx import WorkbookFileError

    summary = BranchSummary(relative_name(Path(path), Path(folder)))
    try:
        checked = api.validate(path)
    except WorkbookFileError as error:
        summary.unreadable, summary.unreadable_kind = error.message, error.kind
        return summary
    except Exception as error:  # noqa: BLE001  读取器没料到的文件：记下，接着汇总别的支部
        summary.unreadable = f"读取时遇到了没有预料到的问题（{type(error).__name__}）。请用 Excel 或 WPS 打开后另存一份再试；仍不行请把这份工作簿发给维护人员。"
        summary.unreadable_kind = "internal"
        return summary

    summary.findings = tuple(checked.findings)
    if checked.branch is None:
        extra = {f.sheet for f in checked.findings if f.code == "sheet.extra"}
        if SUMMARY_SHEET in extra:
            summary.skip_reason = "本工具写出的汇总表，不是支部工作簿"
        elif standard.ROLLUP_SETTINGS.name in extra:
            summary.skip_reason = "汇总设置工作簿（要使用它，请加 --settings 指定）"
        return summary

    branch = checked.branch
    info = branch.info
    summary.name = info.name or ""
    summary.parent_org = info.parent_org or ""
    summary.campaign = info.campaign or ""
    summary.period_start, summary.period_end = info.period_start, info.period_end
    summary.report_date = info.report_date
    if checked.errors:
        return summary

    try:
        summary.figures = branch_figures_of(branch)
        summary.highlights, summary.reported_activities = _highlights(branch)
    except Exception as error:  # noqa: BLE001
        summary.figures = None
        summary.unreadable = f"算数字时遇到了没有预料到的问题（{type(error).__name__}: {error}）。请把这份工作簿发给维护人员。"
        summary.unreadable_kind = "internal"
        return summary
    if build_report:
        summary.report_stem = api.default_report_path(Path(path), branch).stem
        try:
            summary.report = api.build_report(branch, template_dir=template_dir)[0]
        except Exception as error:  # noqa: BLE001  一份报告没写成，不影响汇总
            summary.report_problem = str(error) or type(error).__name__
    return summary


def branch_figures_of(branch) -> BranchFigures:
    """支部报告里的数字：占位符的值（figures.branch_figures）和附件统计表的合计（figures.attendance_total）。"""
    from toolkit import figures

    values = {k: v for k, v in figures.branch_figures(branch).items()}
    count = lambda name: int(values[name])  # noqa: E731
    named = {"教师": "教师党员数", "管理人员": "管理人员党员数", "学生": "学生党员数", "职工": "职工党员数", "离退休": "离退休党员数"}
    by_category = {c: count(n) for c, n in named.items()}
    # “其他”没有占位符：党员总数里除去有名目的五类，就是它（人员类别是必填项，不会有没填的）
    by_category["其他"] = count("党员总数") - sum(by_category.values())
    in_period = branch.activities_in_period()  # 与 {活动总数} 同一个函数
    by_type = {t: 0 for t in ACTIVITY_TYPES}
    for activity in in_period:
        by_type[activity.type] = by_type.get(activity.type, 0) + 1
    return BranchFigures(
        members=count("党员总数"),
        formal=count("正式党员数"),
        probationary=count("预备党员数"),
        women=count("女党员数"),
        by_category=tuple((c, by_category.get(c, 0)) for c in CATEGORIES),
        activities=count("活动总数"),
        by_type=tuple((t, by_type[t]) for t in ACTIVITY_TYPES),
        attendance=figures.attendance_total(figures.reported_activities(branch)),
        commitments=count("承诺事项数"),
        fulfilled=count("已兑现承诺数"),
        committed_members=count("承诺党员数"),
    )


def _highlights(branch) -> tuple[tuple[str, ...], int]:
    """报告里前几项活动的名称，写法与支部报告相同：先填数字，再改标点。"""
    from toolkit import figures
    from toolkit.typography import normalise_punctuation

    reported = figures.reported_activities(branch)
    top = [a for a in reported if not a.parent_code] or reported
    names = []
    for activity in top[:HIGHLIGHTS]:
        text, _ = normalise_punctuation(figures.fill(activity.name, branch, activity))
        names.append(text.rstrip("。.；;，,"))
    return tuple(n for n in names if n), len(top)


# ---------------------------------------------------------------- 并行


def _quiet_worker() -> None:
    # Ctrl+C 送给整个进程组：工作进程不理它，由主进程收拾（不给用户看工作进程的报错堆栈）
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def check_branches(
    paths: list[Path],
    folder: Path,
    *,
    build_reports: bool = False,
    template_dir: Path | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> list[BranchSummary]:
    """逐本检查，两个核并行；结果按文件排序（与完成的先后无关）。"""
    from functools import partial

    work = partial(summarise_workbook, folder=str(folder), build_report=build_reports, template_dir=str(template_dir) if template_dir else None)
    tick = progress or (lambda n: None)
    results: dict[str, BranchSummary] = {}
    workers = min(WORKERS if workers is None else workers, os.cpu_count() or 1)
    if workers >= 2 and len(paths) >= PARALLEL_FROM:
        from concurrent.futures import ProcessPoolExecutor, as_completed
        from concurrent.futures.process import BrokenProcessPool

        try:
            with ProcessPoolExecutor(max_workers=workers, initializer=_quiet_worker) as pool:
                futures = {pool.submit(work, str(p)): p for p in paths}
                try:
                    for future in as_completed(futures):
                        summary = future.result()
                        results[summary.file] = summary
                        tick(1)
                except BaseException:
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
        except BrokenProcessPool:
            pass  # 工作进程意外退出（如内存不够）：剩下的在本进程里逐本检查
    for path in paths:
        name = relative_name(path, folder)
        if name not in results:
            results[name] = work(str(path))
            tick(1)
    return [results[k] for k in sorted(results)]


# ---------------------------------------------------------------- 同名支部


def settle_duplicates(branches: list[BranchSummary]) -> None:
    """给每本定下状态：同一支部名称有几本可用的，只计入成文日期最新的一本。"""
    from toolkit.typography import date_text
    from toolkit.values import name_key

    for b in branches:
        b.status = UNREADABLE if b.unreadable else HAS_ERRORS if b.figures is None else COUNTED
    groups: dict[str, list[BranchSummary]] = {}
    for b in branches:
        if b.name:
            groups.setdefault(name_key(b.name), []).append(b)

    def day(b: BranchSummary) -> str:
        return date_text(b.report_date) if b.report_date else "未填"

    for group in groups.values():
        usable = [b for b in group if b.usable]
        if len(usable) > 1:
            newest = max(b.report_date or dt.date.min for b in usable)
            latest = [b for b in usable if (b.report_date or dt.date.min) == newest]
            winner = latest[0]  # 已按文件排序：成文日期相同时取排在前面的一本
            tie = len(latest) > 1
            others = [b for b in usable if b is not winner]
            for b in others:
                b.status = DUPLICATE
                if tie:
                    b.note = (
                        f"与 {winner.file} 都是“{b.name}”，成文日期相同（{day(b)}），无法判断哪本较新："
                        f"暂按文件名计入 {winner.file}，这一本未计入。请核对后只留一本。"
                    )
                else:
                    b.note = (
                        f"与 {winner.file} 都是“{b.name}”：计入成文日期较新的 {winner.file}（{day(winner)}），"
                        f"这一本（{day(b)}）未计入。"
                    )
            names = "、".join(b.file for b in others)
            winner.note = (
                f"“{winner.name}”另有 {names}：成文日期相同，暂按文件名计入这一本，请核对。"
                if tie
                else f"“{winner.name}”另有 {names}：这一本成文日期较新（{day(winner)}），计入这一本。"
            )
        counted = next((b for b in group if b.counted), None)
        for b in group:
            if b.failed and counted is not None:
                newer = b.report_date and counted.report_date and b.report_date > counted.report_date
                b.note = (
                    f"同名的 {counted.file} 已计入；这一本成文日期较新（{day(b)}），但有错误，改正后请重新汇总。"
                    if newer
                    else f"同名的 {counted.file} 已计入。"
                )


# ---------------------------------------------------------------- 文件名


_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10)), "COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³"}
_FORBIDDEN = set('\\/:*?"<>|')
NAME_BYTES = 180  # 文件名（不含扩展名）的上限：多数文件系统限 255 字节，留出“（2）”和扩展名


def safe_file_name(text: str, fallback: str = "未命名支部") -> str:
    """由支部名称得出在 Windows、macOS、Linux 上都能用的文件名（不含扩展名）。"""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join("_" if ch in _FORBIDDEN or ord(ch) < 32 or ord(ch) == 127 else ch for ch in text)
    text = text.strip(" .\u3000\t")  # Windows 会悄悄去掉末尾的点和空格；开头的点在 Linux 上是隐藏文件
    while len(text.encode("utf-8")) > NAME_BYTES:
        text = text[:-1]
    text = text.rstrip(" .") or fallback
    if text.split(".")[0].strip().upper() in _RESERVED:
        text = "_" + text  # CON、NUL、COM1 之类是 Windows 的设备名，不能作文件名
    return text


def distinct_names(stems: list[str]) -> list[str]:
    """同名（不分大小写）的，第二个起加“（2）”“（3）”。"""
    seen: set[str] = set()
    result = []
    for stem in stems:
        candidate, n = stem, 1
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{stem}（{n}）"
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


# ---------------------------------------------------------------- 汇总


@dataclass
class RollupOptions:
    """命令行给的党委设置；没给的为 None，从汇总设置或各支部取。"""

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

    def by_item(self) -> dict[str, object]:
        """汇总设置的项目 → 选项的值。"""
        return {
            "名称": self.name, "报告标题": self.title, "主送机关": self.addressee, "活动名称": self.campaign,
            "报告期开始": self.period_start, "报告期结束": self.period_end, "成文日期": self.written_on,
            "日期写法": self.date_style, "字体方案": self.font_scheme,
        }


def rollup_folder(
    folder,
    options: RollupOptions | None = None,
    *,
    out_dir=None,
    summary=None,
    report=None,
    each=None,
    force: bool = False,
    template_dir=None,
    progress_start: Callable[[int], Callable[[int], None]] | None = None,
) -> Rollup:
    """汇总 folder 里的全部支部工作簿，写出汇总表和汇总报告（each 给定时还写各支部的报告）。

    命令用错时抛出 RollupError；写不了时抛出 output.OutputError（这两种情况什么都不写）；
    模板有误时抛出 wording.WordingError。要写的文件有一个已存在（且没有 force），就一个也不写。
    """
    from toolkit import rollup_settings
    from toolkit.output import check_target

    options = options or RollupOptions()
    folder = Path(folder)
    if not folder.exists():
        raise RollupError(f"找不到文件夹“{folder}”。请检查路径是否写对。")
    if not folder.is_dir():
        raise RollupError(f"“{folder}”是一个文件，不是文件夹。请指定各支部工作簿所在的文件夹。")
    out_dir = Path(out_dir) if out_dir else Path(".")
    if not out_dir.is_dir():
        raise RollupError(f"输出文件夹“{out_dir}”不存在。请先建好它，或换一个（-o）。")
    for target in (summary, report):
        if target is not None:
            check_target(Path(target), force=force)
    each_dir = Path(each) if each is not None else None
    if each_dir is not None:
        if each_dir.exists() and not each_dir.is_dir():
            raise RollupError(f"“{each_dir}”是一个文件，不是文件夹。--each 要给一个放各支部报告的文件夹。")
        if not each_dir.exists() and not (each_dir.parent if str(each_dir.parent) else Path(".")).is_dir():
            raise RollupError(f"“{each_dir}”的上一级文件夹不存在。请先建好，或换一个位置。")

    # 模板先试一遍：有误就在做事之前告诉用户
    from toolkit.rollup_report import load_wording

    load_wording({}, template_dir)
    if each_dir is not None:
        from toolkit.wording import Wording

        Wording({"支部名称": "", "上级党组织": "", "活动名称": ""}, Path(template_dir) if template_dir else None)

    settings_file = Path(options.settings) if options.settings else None
    if settings_file is None and (folder / SETTINGS_FILE).is_file():
        settings_file = folder / SETTINGS_FILE
    given = frozenset(item for item, value in options.by_item().items() if value not in (None, ""))
    sheet_values = rollup_settings.read_settings(settings_file, given) if settings_file else {}

    exclude = {p for p in (summary, report, each_dir, settings_file) if p is not None}
    paths, skipped = find_workbooks(folder, {Path(p) for p in exclude})
    if not paths:
        raise RollupError(f"文件夹“{folder}”（含子文件夹）里没有找到工作簿（.xlsx）。请确认各支部的工作簿已放进这个文件夹。")

    # 命令入口为“一条命令读一本”关掉了垃圾回收（entry._no_collector）；汇总几百本时要把它打开，
    # 否则每本留下的循环引用越积越多（300 本可达 800 MB）。工作进程由此 fork，也随之打开。
    import gc

    gc.enable()
    tick = progress_start(len(paths)) if progress_start else None
    branches = check_branches(paths, folder, build_reports=each_dir is not None, template_dir=template_dir, progress=tick)
    for b in [b for b in branches if b.skip_reason]:
        skipped.append(Skipped(b.file, b.skip_reason))
    skipped.sort(key=lambda s: s.file)
    branches = [b for b in branches if not b.skip_reason]
    settle_duplicates(branches)
    committee = rollup_settings.settle_committee(options, sheet_values, [b for b in branches if b.counted])
    result = Rollup(folder, committee, branches, skipped, settings_file)
    write_outputs(result, out_dir=out_dir, summary=summary, report=report, each_dir=each_dir, force=force, template_dir=template_dir)
    return result


def write_outputs(result: Rollup, *, out_dir: Path, summary, report, each_dir: Path | None, force: bool, template_dir) -> None:
    """先把每个文件都做好、每个位置都查过，再一个个写出：有一个写不了，就一个也不写。"""
    from toolkit.output import OutputError, check_target, write_atomically
    from toolkit.rollup_report import build_committee_report
    from toolkit.rollup_summary import summary_bytes

    c = result.committee
    stem = safe_file_name(f"{c.name}{c.campaign}", "党委")
    summary_path = Path(summary) if summary else out_dir / f"{stem}各党支部工作汇总表.xlsx"
    report_path = Path(report) if report else out_dir / f"{stem}阶段性工作情况汇报.docx"
    if summary_path.resolve() == report_path.resolve():
        raise OutputError("汇总表和汇总报告不能写到同一个文件。请换一个文件名。")
    planned: list[tuple[Path, bytes]] = [
        (summary_path, summary_bytes(result)),
        (report_path, build_committee_report(result, template_dir)),
    ]
    each_paths: list[Path] = []
    if each_dir is not None:
        written = [b for b in result.counted if b.report is not None]
        stems = distinct_names([safe_file_name(b.report_stem or b.name) for b in written])
        each_paths = [each_dir / f"{s}.docx" for s in stems]
        planned += [(p, b.report) for p, b in zip(each_paths, written)]
    for path, _ in planned:
        if each_dir is not None and path.parent == each_dir and not each_dir.exists():
            continue  # 文件夹还没建：里面自然没有同名文件
        check_target(path, force=force)
    if each_dir is not None and not each_dir.exists():
        try:
            each_dir.mkdir()
        except OSError as error:
            raise OutputError(f"无法建立文件夹“{each_dir}”：{error.strerror or error}。") from error
    for path, data in planned:
        write_atomically(path, data, force=force)
    result.summary_path, result.report_path = summary_path, report_path
    result.each_paths, result.each_dir = each_paths, each_dir

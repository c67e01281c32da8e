"""收齐各支部的工作簿：找文件、逐本检查并算出数字（两个核并行）、定下同名支部计入哪一本。

- 每本工作簿与 toolkit validate 一样检查；数字用 branch.figures 里与支部报告同一套函数算出，
  所以汇总表上每个支部的数字就是它自己报告里的数字，合计就是这些数字之和。
- 两个核并行检查（ProcessPoolExecutor，2 个进程）；只有几本时串行，省下开进程的时间。
  结果按文件的相对路径排序：同一个文件夹，每次的输出完全相同。
- 一本坏了不影响其他：读不了、有错误的工作簿列在汇总表里，不计入合计。
- 同一个支部名称有两本时只计入成文日期较新的一本，并说明为什么。
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import Callable, NamedTuple

from toolkit import standard
from toolkit.branch import figures
from toolkit.branch.meetings import meetings_record
from toolkit.checks import check_file
from toolkit.errors import WorkbookFileError
from toolkit.report.build import build_report, default_report_name, section_titles
from toolkit.report.typography import normalise_punctuation
from toolkit.report.wording import shared_wording
from toolkit.text import date_text, name_key
from toolkit.workbook.identify import read_workbook_input
from toolkit.rollup.model import (
    ACTIVITY_TYPES,
    CATEGORIES,
    COUNTED,
    DUPLICATE,
    HAS_ERRORS,
    METADATA_SHEET,
    SUMMARY_SHEET,
    UNREADABLE,
    BranchFigures,
    BranchSummary,
    Skipped,
    Subordinate,
    meetings_brief,
    newest,
)
from toolkit.rollup.levels import read_summary

# 按扩展名看像工作簿的文件：都要读一读（旧版 .xls、.csv 读不了，作为“无法读取”的支部列出来）
WORKBOOK_SUFFIXES = frozenset((".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods", ".et", ".ett", ".csv"))
HIGHLIGHTS = 4  # 汇总报告里每个支部列出的主要活动项数
WORKERS = 2
PARALLEL_FROM = 6  # 少于这么多本时串行：开两个进程的时间比省下的还多
# 人员类别 → 数这一类党员的占位符（“教师” → “教师党员数”），取自标准里占位符的声明
CATEGORY_PLACEHOLDERS = {
    p.counts[1]: p.name for p in standard.PLACEHOLDERS if p.counts and p.counts[0] == standard.MEMBERS.col.category.key
}


# ---------------------------------------------------------------- 找工作簿


class Found(NamedTuple):
    """文件夹里找到的：像工作簿的文件（按相对路径排序），和跳过的文件（各有原因）。"""

    workbooks: list[Path]
    skipped: list[Skipped]


def find_workbooks(folder: Path, exclude: set[Path]) -> Found:
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
    return Found(found, skipped)


def relative_name(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.as_posix()


# ---------------------------------------------------------------- 检查一本（在工作进程里）


def summarise_workbook(
    path: str, folder: str, with_report: bool = False, template_dir: str | None = None, read_summaries: bool = True
) -> BranchSummary | Subordinate:
    """检查一本工作簿、算出它的数字；要时顺便生成它自己的报告。下级党组织的汇总表读回它的元数据
    （read_summaries 为假时不读，标上 unread_summary，由调用的一方读）。任何问题都记在结果里，从不抛出。"""
    summary = BranchSummary(relative_name(Path(path), Path(folder)))
    try:
        source = read_workbook_input(Path(path))  # 一次读进字节：检查和（是汇总表时）读元数据都用这一份
        checked = check_file(source, section_titles(template_dir))
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
        subordinate = _as_summary(source, summary.file) if read_summaries else None
        if subordinate is not None:
            return subordinate
        summary.unread_summary = not read_summaries
        summary.skip_reason = _not_a_branch(source, extra) or None
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
        # 全部数字只算一次（报告期按模板的写法）：汇总的各项数字和报告里前几项活动的名称都取这一份
        values = figures.branch_figures(branch, period=shared_wording(template_dir).period)
        reported = figures.reported_activities(branch)
        summary.figures = branch_figures_of(branch, values, reported)
        summary.highlights, summary.reported_activities = _highlights(branch, values, reported)
    except Exception as error:  # noqa: BLE001
        summary.figures = None
        summary.unreadable = f"算数字时遇到了没有预料到的问题（{type(error).__name__}: {error}）。请把这份工作簿发给维护人员。"
        summary.unreadable_kind = "internal"
        return summary
    if with_report:
        summary.report_stem = Path(default_report_name(branch, template_dir)).stem
        try:
            summary.report = build_report(branch, template_dir=template_dir).data
        except Exception as error:  # noqa: BLE001  一份报告没写成，不影响汇总
            summary.report_problem = str(error) or type(error).__name__
    return summary


def _not_a_branch(source, extra: set[str]) -> str:
    """读不成支部工作簿、又不是认得出的汇总表：是本工具写的别的工作簿时说它是什么（跳过）；都不是时为空（照常报错误）。
    extra 是不是标准表的工作表名（隐藏的不在里面）。"""
    if _looks_like_summary(source):  # 有元数据表，却认不出来：被改动过（它隐藏、保护着，是上一级核对数字用的）
        return (
            "本工具写出的汇总表，但隐藏的“元数据”表被改动过，认不出其中的各支部和它们的数字；"
            "请报送单位重新汇总后再报送（“元数据”表是上一级核对数字用的，请不要改动）"
        )
    if SUMMARY_SHEET in extra:
        return "本工具写出的汇总表，但没有隐藏的“元数据”表（旧版写出的，或被删掉了），认不出其中的各支部；请报送单位用新版重新汇总后再报送"
    if standard.ROLLUP_SETTINGS.name in extra:
        return "汇总设置工作簿（要使用它，请加 --settings 指定）"
    return ""


def read_unread_summary(path: str, summary: BranchSummary) -> BranchSummary | Subordinate:
    """工作进程没有读的（summarise_workbook 的 read_summaries）：是汇总表时读回它，不是时原样返回。"""
    if not summary.unread_summary:
        return summary
    summary.unread_summary = False
    return _as_summary(path, summary.file) or summary


def _as_summary(path, file: str) -> Subordinate | None:
    """本工具写出的汇总表（按隐藏的元数据认）→ 下级党组织；不是时为 None。path 也可以是已读进来的 InputFile。"""
    try:
        return read_summary(path, file)
    except WorkbookFileError:
        return None


def branch_figures_of(branch, values: dict[str, str] | None = None, reported=None) -> BranchFigures:
    """支部报告里的数字：占位符的值（figures.branch_figures，已算好的可由 values 给）和附件统计表的合计（figures.attendance_total）。"""
    values = values if values is not None else figures.branch_figures(branch)
    count = lambda name: int(values[name])  # noqa: E731
    by_category = {category: count(name) for category, name in CATEGORY_PLACEHOLDERS.items()}
    # “其他”没有占位符：党员总数里除去有名目的五类，就是它（人员类别是必填项，不会有没填的）
    by_category[standard.Category.OTHER] = count("党员总数") - sum(by_category.values())
    in_period = branch.activities_in_period()  # 与 {开展活动总数} 同一个函数（{活动总数} 只数写入报告的）
    reported = reported if reported is not None else figures.reported_activities(branch)  # 与报告附件的统计表、{活动总数} 同一个函数
    by_type = {t: 0 for t in ACTIVITY_TYPES}
    for activity in in_period:
        by_type[activity.type] = by_type.get(activity.type, 0) + 1
    return BranchFigures(
        members=count("党员总数"),
        formal=count("正式党员数"),
        probationary=count("预备党员数"),
        women=count("女党员数"),
        by_category=tuple((c, by_category.get(c, 0)) for c in CATEGORIES),
        activities=count(standard.FIGURE.activities_held.name),
        by_type=tuple((t, by_type[t]) for t in ACTIVITY_TYPES),
        attendance=figures.attendance_total(reported),
        commitments=count("承诺事项数"),
        fulfilled=count("已兑现承诺数"),
        committed_members=count("承诺党员数"),
        reported=len(reported),  # 报告附件“活动开展情况统计表”的合计（N项）：同一个函数
        meetings=meetings_brief(meetings_record(branch)),  # 三会一课：与支部报告的统计表同一个函数
    )


def _highlights(branch, values: dict[str, str], reported) -> tuple[tuple[str, ...], int]:
    """报告里前几项活动的名称，写法与支部报告相同：先填数字（values：报告期按模板的写法），再改标点。"""
    top = [a for a in reported if not a.parent_code] or reported
    names = []
    for activity in top[:HIGHLIGHTS]:
        text, _ = normalise_punctuation(figures.fill(activity.name, branch, activity, figures=values))
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
) -> list[BranchSummary | Subordinate]:
    """逐本检查，两个核并行；结果按文件排序（与完成的先后无关）。"""
    from functools import partial

    work = partial(summarise_workbook, folder=str(folder), with_report=build_reports, template_dir=str(template_dir) if template_dir else None)
    tick = progress or (lambda n: None)
    results: dict[str, BranchSummary | Subordinate] = {}
    workers = min(WORKERS if workers is None else workers, os.cpu_count() or 1)
    if workers >= 2 and _enough_branches(paths):
        from concurrent.futures import ProcessPoolExecutor, as_completed
        from concurrent.futures.process import BrokenProcessPool

        try:
            with ProcessPoolExecutor(max_workers=workers, initializer=_quiet_worker) as pool:
                # 汇总表由主进程读（工作进程接着检查别的）：它的几千个支部的数字传回来比读一遍还费事
                futures = {pool.submit(work, str(p), read_summaries=False): p for p in paths}
                try:
                    for future in as_completed(futures):
                        summary = read_unread_summary(str(futures[future]), future.result())
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


def _enough_branches(paths: list[Path]) -> bool:
    """有没有 PARALLEL_FROM 本以上不像汇总表的：汇总表由主进程读，只有它们时开进程是白费。
    只看到够数为止（一个支部的文件夹只看前几本）；只定串行还是并行，结果都一样。"""
    seen = 0
    for path in paths:
        seen += not _looks_like_summary(path)
        if seen >= PARALLEL_FROM:
            return True
    return False


def _looks_like_summary(path) -> bool:
    """工作簿里有一张叫“元数据”的表（本工具写出的汇总表都有）：只看 xl/workbook.xml，不读表。
    path 也可以是已读进来的 InputFile（用它的字节）。"""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(path.data) if hasattr(path, "data") else path) as zf:
            return f'name="{METADATA_SHEET}"'.encode() in zf.read("xl/workbook.xml")
    except Exception:  # noqa: BLE001  读不了的留给检查去说
        return False


# ---------------------------------------------------------------- 同名支部


def settle_duplicates(branches: list[BranchSummary]) -> None:
    """给每本定下状态：同一支部名称有几本可用的，只计入成文日期最新的一本。"""
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
            winner, others, tie = newest(usable)
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

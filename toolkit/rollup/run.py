"""一次汇总：rollup_folder(folder, options) → Rollup，并写出汇总表、汇总报告（和各支部的报告）。"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from toolkit import standard
from toolkit.errors import OutputError, RollupError
from toolkit.files import check_suffix, check_target, identity_of, write_atomically
from toolkit.privacy import mask_package
from toolkit.report.build import branch_wording
from toolkit.rollup.collect import check_branches, distinct_names, find_workbooks, safe_file_name, settle_duplicates
from toolkit.rollup.levels import settle_levels, settle_periods
from toolkit.rollup.model import BranchSummary, Rollup, RollupOptions, RollupOutputs, Skipped, Subordinate
from toolkit.rollup.report import build_committee_report, load_wording, report_file_name, summary_file_name
from toolkit.rollup.settings import read_settings, settle_committee
from toolkit.rollup.summary import summary_bytes
from toolkit.text import name_key

SETTINGS_FILE = f"{standard.ROLLUP_SETTINGS.name}.xlsx"  # 放在文件夹里就自动使用


def rollup_folder(
    folder,
    options: RollupOptions | None = None,
    outputs: RollupOutputs | None = None,
    *,
    progress_start: Callable[[int], Callable[[int], None]] | None = None,
) -> Rollup:
    """汇总 folder 里的全部支部工作簿，写出汇总表和汇总报告（outputs.each 给定时还写各支部的报告）。

    命令用错时抛出 RollupError；写不了时抛出 OutputError（这两种情况什么都不写）；
    模板有误时抛出 WordingError。要写的文件有一个已存在（且没有 force），就一个也不写。
    progress_start(总本数) 返回每检查完一本调用一次的函数（进度条）。
    """
    options = options or RollupOptions()
    outputs = outputs or RollupOutputs()
    folder = branches_folder(folder)
    places = check_places(outputs)
    try_templates(outputs)
    settings_file = settings_file_for(folder, options)
    sheet_values = read_settings(settings_file, options.given_items()) if settings_file else {}
    branches, subordinates, skipped = check_folder(folder, outputs, places, settings_file, progress_start)
    committee = settle_committee(options, sheet_values, [*(b for b in branches if b.counted), *subordinates])
    own = [s for s in subordinates if name_key(s.name) == name_key(committee.name)]
    skipped = sorted([*skipped, *(Skipped(s.file, "本级以前写出的汇总表（党组织名称与本次相同），不再计入") for s in own)], key=lambda s: s.file)
    subordinates = [s for s in subordinates if s not in own]
    result = Rollup(folder, committee, branches, skipped, settings_file, subordinates=subordinates)
    settle_periods(result)
    settle_levels(result)
    write_outputs(result, places, outputs)
    return result


@dataclass(frozen=True)
class Places:
    """写到哪里：已经查过的输出文件夹，和 --each 的文件夹（没有为 None）。"""

    out_dir: Path
    each_dir: Path | None


def branches_folder(folder) -> Path:
    """各支部工作簿所在的文件夹：要存在，要是文件夹。"""
    folder = Path(folder)
    if not folder.exists():
        raise RollupError(f"找不到文件夹“{folder}”。请检查路径是否写对。")
    if not folder.is_dir():
        raise RollupError(f"“{folder}”是一个文件，不是文件夹。请指定各支部工作簿所在的文件夹。")
    return folder


def check_places(outputs: RollupOutputs) -> Places:
    """做事之前先查要写的位置：输出文件夹在不在，指定的文件名能不能写，--each 的文件夹建不建得了。"""
    out_dir = Path(outputs.out_dir) if outputs.out_dir else Path(".")
    if not out_dir.is_dir():
        raise RollupError(f"输出文件夹“{out_dir}”不存在。请先建好它，或换一个（-o）。")
    for target, option, suffix, what in ((outputs.summary, "--summary", ".xlsx", "汇总表是 Excel 文件"), (outputs.report, "--report", ".docx", "汇总报告是 Word 文件")):
        if target is not None:
            check_target(Path(target), force=outputs.force, option=option)
            check_suffix(target, suffix, what, option)
    each_dir = Path(outputs.each) if outputs.each is not None else None
    if each_dir is not None:
        if each_dir.exists() and not each_dir.is_dir():
            raise RollupError(f"“{each_dir}”是一个文件，不是文件夹。--each 要给一个放各支部报告的文件夹。")
        if not each_dir.exists() and not (each_dir.parent if str(each_dir.parent) else Path(".")).is_dir():
            raise RollupError(f"“{each_dir}”的上一级文件夹不存在。请先建好，或换一个位置。")
    return Places(out_dir, each_dir)


def try_templates(outputs: RollupOutputs) -> None:
    """模板先试一遍：有误就在检查各支部之前告诉用户。"""
    load_wording(None, outputs.template_dir)
    if outputs.each is not None:
        branch_wording(None, outputs.template_dir)


def settings_file_for(folder: Path, options: RollupOptions) -> Path | None:
    """--settings 给的汇总设置；没给时用文件夹里的“汇总设置.xlsx”（有的话）。"""
    if options.settings:
        return Path(options.settings)
    return folder / SETTINGS_FILE if (folder / SETTINGS_FILE).is_file() else None


def check_folder(folder: Path, outputs: RollupOutputs, places: Places, settings_file: Path | None, progress_start) -> tuple[list[BranchSummary], list[Subordinate], list[Skipped]]:
    """找出并检查文件夹里的每本工作簿：支部工作簿、下级党组织的汇总表；别的（汇总设置、旧版汇总表）归入跳过的文件。"""
    exclude = {Path(p) for p in (outputs.summary, outputs.report, places.each_dir, settings_file) if p is not None}
    found = find_workbooks(folder, exclude)
    if not found.workbooks:
        raise RollupError(f"文件夹“{folder}”（含子文件夹）里没有找到工作簿（.xlsx）。请确认各支部的工作簿已放进这个文件夹。")
    tick = progress_start(len(found.workbooks)) if progress_start else None
    checked = check_branches(found.workbooks, folder, build_reports=places.each_dir is not None, template_dir=outputs.template_dir, progress=tick)
    subordinates = [s for s in checked if isinstance(s, Subordinate)]
    checked = [b for b in checked if not isinstance(b, Subordinate)]
    skipped = sorted([*found.skipped, *(Skipped(b.file, b.skip_reason) for b in checked if b.skip_reason)], key=lambda s: s.file)
    branches = [b for b in checked if not b.skip_reason]
    settle_duplicates(branches)
    return branches, subordinates, skipped


NOTHING_COUNTED = (
    "这次没有一本支部工作簿、一本下级汇总表计入，报告里的数字会全是 0，所以没有写汇总报告。"
    "汇总表里列出了每个文件没有计入的原因；改正后请重新汇总。"
)


def write_outputs(result: Rollup, places: Places, outputs: RollupOutputs) -> None:
    """先把每个文件都做好、每个位置都查过，再一个个写出：有一个写不了，就一个也不写。"""
    summary, report, out_dir, each_dir, force = outputs.summary, outputs.report, places.out_dir, places.each_dir, outputs.force
    c = result.committee
    stem = safe_file_name(f"{c.name}{c.campaign}", "党委")
    summary_path = Path(summary) if summary else out_dir / summary_file_name(stem, outputs.template_dir)
    report_path = Path(report) if report else out_dir / report_file_name(stem, outputs.template_dir)
    if summary_path.resolve() == report_path.resolve() or (identity_of(summary_path) or 0) == identity_of(report_path):
        raise OutputError("汇总表和汇总报告不能写到同一个文件。请换一个文件名。")
    planned: list[tuple[Path, bytes]] = [(summary_path, mask_package(summary_bytes(result, outputs.template_dir)))]  # 每个文件都按内容遮盖身份证号、手机号
    if result.counted or result.counted_subordinates:
        planned.append((report_path, mask_package(build_committee_report(result, outputs.template_dir))))
    else:  # 一个也没有计入：报告会写“所属0个党支部……党员0名”，没有一个数字有依据。汇总表照写：它列出每个文件没有计入的原因
        report_path = None
        result.report_withheld = NOTHING_COUNTED
    each_paths: list[Path] = []
    if each_dir is not None:
        written = [b for b in result.counted if b.report is not None]
        stems = distinct_names([safe_file_name(b.report_stem or b.name) for b in written])
        each_paths = [each_dir / f"{s}.docx" for s in stems]
        planned += [(p, mask_package(b.report)) for p, b in zip(each_paths, written)]
    inputs = read_inputs(result)
    for path, _ in planned:
        if each_dir is not None and path.parent == each_dir and not each_dir.exists():
            continue  # 文件夹还没建：里面自然没有同名文件
        check_target(path, force=force, inputs=inputs, option=_option_for(path, outputs))
    if each_dir is not None and not each_dir.exists():
        try:
            each_dir.mkdir()
        except OSError as error:
            raise OutputError(f"无法建立文件夹“{each_dir}”：{error.strerror or error}。") from error
    for path, data in planned:
        write_atomically(path, data, force=force, inputs=inputs, option=_option_for(path, outputs))
    result.summary_path, result.report_path = summary_path, report_path
    result.each_paths, result.each_dir = each_paths, each_dir


def read_inputs(result: Rollup) -> list[Path]:
    """这次汇总读过的文件（各支部的工作簿、汇总设置）：哪个也不能被输出替换掉。本工具上次写的汇总表不算。"""
    inputs = [result.folder / b.file for b in result.branches]
    return inputs + ([result.settings_file] if result.settings_file else [])


def _option_for(path: Path, outputs: RollupOutputs) -> str:
    """消息里让用户改哪个选项。"""
    if outputs.summary and Path(outputs.summary) == path:
        return "--summary"
    if outputs.report and Path(outputs.report) == path:
        return "--report"
    return "--each" if outputs.each and path.parent == Path(outputs.each) else "-o"

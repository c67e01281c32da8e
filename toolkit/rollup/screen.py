"""汇总做完后在屏幕上说的话：汇总了几本、合计多少，哪些没有计入、为什么，写出了哪些文件。

    screen_text(rollup) -> str

文件名和工具的话只在这里和汇总表的“问题清单”里说，不写进汇总报告。
给用户复制的命令（toolkit validate …）里的路径一律加引号（text.command_line）：文件名是各支部起的。
"""

from __future__ import annotations

from toolkit.branch.figures import format_rate
from toolkit.findings import counts_text
from toolkit.rollup.model import OTHER_PERIOD, BranchSummary, Rollup
from toolkit.text import command_line


def screen_text(rollup: Rollup) -> str:
    return "\n".join(
        [*_overview(rollup), *_subordinates(rollup), *_failed(rollup), *_duplicates(rollup), *_reminders(rollup),
         *_skipped(rollup), "", *_written(rollup)]
    )


def _overview(rollup: Rollup) -> list[str]:
    counted, failed, duplicates, t = rollup.counted, rollup.failed, rollup.duplicates, rollup.totals
    rate = f"，出勤率 {format_rate(t.attendance.rate)}" if t.attendance.rate is not None else ""
    subs = rollup.subordinates
    inner = f"，另有下级党组织的汇总表 {len(subs)} 本（计入 {len(rollup.counted_subordinates)} 本）" if subs else ""
    return [
        f"已汇总“{rollup.folder}”：共 {len(rollup.branches)} 本工作簿{inner}，计入 {t.branches if subs else len(counted)} 个支部"
        + (f"，{len(failed)} 本有错误或读不了" if failed else "")
        + (f"，{len(duplicates)} 本重复" if duplicates else "")
        + "。",
        f"合计：党员 {t.members} 名（正式 {t.formal}、预备 {t.probationary}），活动 {t.activities} 项{rate}，"
        f"公开承诺 {t.commitments} 项（已兑现 {t.fulfilled} 项）。",
        *(f"说明：{note}" for note in rollup.committee.notes),
    ]


def _who(b: BranchSummary) -> str:
    return f"{b.name}（{b.file}）" if b.name else b.file


def _failed(rollup: Rollup) -> list[str]:
    if not rollup.failed:
        return []
    lines = ["", "没有计入的支部（改正后重新汇总）："]
    for b in rollup.failed:
        if b.unreadable:
            lines.append(f"  [无法读取] {_who(b)}：{b.unreadable}")
        else:
            check = command_line("toolkit", "validate", rollup.folder / b.file)
            lines.append(f"  [有错误] {_who(b)}：{counts_text(b.errors, b.warnings)}，详见汇总表“问题清单”，或运行 {check}")
        if b.note:
            lines.append(f"    {b.note}")
    return lines


def _subordinates(rollup: Rollup) -> list[str]:
    if not rollup.subordinates:
        return []
    lines = ["", "下级党组织的汇总表："]
    for s in rollup.subordinates:
        if s.counted:
            lines.append(f"  [计入] {s.name}（{s.file}）：{len(s.counted_branches)} 个党支部，党员 {s.figures.members} 名")
        else:
            lines.append(f"  [{s.status}，未计入] {s.name}（{s.file}）：{s.note}")
    return lines


def _duplicates(rollup: Rollup) -> list[str]:
    left_out = [b for b in rollup.branches if b.status == OTHER_PERIOD]
    if not rollup.duplicates and not left_out:
        return []
    heading = "重复或不属于本报告期的支部：" if left_out else "重复的支部："
    return ["", heading, *(f"  [{b.status}] {b.file}：{b.note}" for b in [*rollup.duplicates, *left_out])]


def _reminders(rollup: Rollup) -> list[str]:
    said = [(u.file, text) for u in [*rollup.branches, *rollup.subordinates] for text in u.remarks]
    if not said:
        return []
    return ["", "提醒（已计入，请核对）：", *(f"  [提醒] {file}：{text}" for file, text in said)]


def _skipped(rollup: Rollup) -> list[str]:
    if not rollup.skipped:
        return []
    return ["", "跳过的文件：", *(f"  {s.file}：{s.reason}" for s in rollup.skipped)]


def _written(rollup: Rollup) -> list[str]:
    lines = [f"已写出汇总表：{rollup.summary_path}"]
    if rollup.report_path is not None:
        lines.append(f"已写出汇总报告：{rollup.report_path}")
    if rollup.each_dir is not None:
        lines.append(f"已写出各支部的报告 {len(rollup.each_paths)} 份：{rollup.each_dir}")
        lines += [f"  [没有生成] {b.name}（{b.file}）：{b.report_problem}" for b in rollup.counted if b.report_problem]
    return lines

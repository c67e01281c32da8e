"""toolkit rollup：党委（党总支）汇总各支部的工作数据簿；toolkit new-rollup-settings：空白的汇总设置。

这里只负责参数、输出和退出码；做事的是 toolkit.api.rollup（toolkit.rollup.run.rollup_folder）。
退出码：0 全部支部都计入；1 有支部的工作簿有错误或读不了（汇总表和报告照样写出）；2 命令用错或写不了。
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from toolkit.cli.common import CONTEXT, EXIT_ERRORS, EXIT_OK, fail, say


class _Day(click.ParamType):
    name = "date"

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value
        from toolkit.rollup.settings import parse_option_date

        try:
            return parse_option_date(value)
        except ValueError as problem:
            self.fail(str(problem), param, ctx)


DAY = _Day()


@click.command("rollup", context_settings=CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="汇总表和汇总报告保存到哪个文件夹。默认：当前文件夹。")
@click.option("--summary", type=click.Path(dir_okay=False, path_type=Path), help="汇总表（.xlsx）的文件名。默认：{名称}{活动名称}各党支部工作汇总表.xlsx。")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), help="汇总报告（.docx）的文件名。默认：{名称}{活动名称}阶段性工作情况汇报.docx。")
@click.option("--each", "each_dir", type=click.Path(path_type=Path), help="同时把每个计入的支部自己的报告写进这个文件夹（文件名取自支部名称）。")
@click.option("--force", is_flag=True, help="要写的文件已存在时覆盖它们。")
@click.option("--settings", type=click.Path(dir_okay=False, path_type=Path), help="汇总设置工作簿（toolkit new-rollup-settings 写出）。默认：文件夹里的“汇总设置.xlsx”（有的话）。")
@click.option("--name", help="汇总的党组织名称，如：中共××学院委员会。默认：汇总设置的“名称”，或各支部一致填写的上级党组织。")
@click.option("--title", help="汇总报告的标题。默认：{名称}开展{活动名称}活动阶段性工作情况。")
@click.option("--addressee", help="主送机关，印在标题下方。")
@click.option("--campaign", help="活动名称。默认：各支部一致填写的活动名称。")
@click.option("--start", "period_start", type=DAY, help="报告期开始，如 2010-07-01。默认：各支部最早的报告期开始。")
@click.option("--end", "period_end", type=DAY, help="报告期结束。默认：各支部最晚的报告期结束。")
@click.option("--date", "written_on", type=DAY, help="成文日期（落款）。默认：报告期结束。")
@click.option("--date-style", type=click.Choice(["阿拉伯数字", "汉字"]), help="落款日期的写法。默认：阿拉伯数字。")
@click.option("--fonts", type=click.Choice(["gb2312", "windows"]), help="汇总报告的字体方案。默认：gb2312。")
@click.option("--template", "template_dir", type=click.Path(file_okay=False, path_type=Path), help="用改过的措辞模板文件夹（复制 templates/report 后修改 rollup.j2）。")
@click.option("-q", "--quiet", is_flag=True, help="不显示进度条。")
def rollup(folder, out_dir, summary, report, each_dir, force, settings, name, title, addressee, campaign,
           period_start, period_end, written_on, date_style, fonts, template_dir, quiet):
    """汇总文件夹 FOLDER（含子文件夹）里各支部的工作数据簿：写出汇总表和汇总报告。"""
    from toolkit import api
    from toolkit.errors import OutputError, RollupError, WordingError
    from toolkit.rollup.model import RollupOptions, RollupOutputs

    options = RollupOptions(name, title, addressee, campaign, period_start, period_end, written_on, date_style, fonts, settings)
    outputs = RollupOutputs(out_dir, summary, report, each_dir, force, template_dir)
    bar = None

    def start_progress(total: int):
        nonlocal bar
        if quiet:
            return None
        bar = click.progressbar(length=total, label="检查各支部的工作簿", file=sys.stderr, show_pos=True, show_eta=False)
        bar.__enter__()
        return bar.update

    try:
        result = api.rollup(folder, options, outputs, progress_start=start_progress)
    except RollupError as error:
        fail(f"[无法汇总] {error}")
    except OutputError as error:
        fail(f"[无法写入] {error}")
    except WordingError as error:
        fail(f"[模板有误] {error}")
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    _tell(result)
    raise SystemExit(EXIT_ERRORS if result.failed else EXIT_OK)


def _tell(result) -> None:
    from toolkit.branch.figures import format_rate

    counted, failed, duplicates = result.counted, result.failed, result.duplicates
    t = result.totals
    say(f"已汇总“{result.folder}”：共 {len(result.branches)} 本工作簿，计入 {len(counted)} 个支部"
         + (f"，{len(failed)} 本有错误或读不了" if failed else "")
         + (f"，{len(duplicates)} 本重复" if duplicates else "") + "。")
    rate = f"，出勤率 {format_rate(t.attendance.rate)}" if t.attendance.rate is not None else ""
    say(f"合计：党员 {t.members} 名（正式 {t.formal}、预备 {t.probationary}），活动 {t.activities} 项{rate}，"
         f"公开承诺 {t.commitments} 项（已兑现 {t.fulfilled} 项）。")
    for note in result.committee.notes:
        say(f"说明：{note}")
    if failed:
        say("\n没有计入的支部（改正后重新汇总）：")
        for b in failed:
            who = f"{b.name}（{b.file}）" if b.name else b.file
            if b.unreadable:
                say(f"  [无法读取] {who}：{b.unreadable}")
            else:
                say(f"  [有错误] {who}：{b.errors} 个错误、{b.warnings} 个提醒，详见汇总表“问题清单”，或运行 toolkit validate \"{result.folder / b.file}\"")
            if b.note:
                say(f"    {b.note}")
    if duplicates:
        say("\n重复的支部：")
        for b in duplicates:
            say(f"  [重复] {b.file}：{b.note}")
    if result.skipped:
        say("\n跳过的文件：")
        for s in result.skipped:
            say(f"  {s.file}：{s.reason}")
    say("")
    say(f"已写出汇总表：{result.summary_path}")
    say(f"已写出汇总报告：{result.report_path}")
    if result.each_dir is not None:
        say(f"已写出各支部的报告 {len(result.each_paths)} 份：{result.each_dir}")
        for b in result.counted:
            if b.report_problem:
                say(f"  [没有生成] {b.name}（{b.file}）：{b.report_problem}")


@click.command("new-rollup-settings", context_settings=CONTEXT)
@click.argument("path", default="汇总设置.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="文件已存在时覆盖它。")
def new_rollup_settings(path: Path, force: bool):
    """写出空白的汇总设置工作簿 PATH（默认：汇总设置.xlsx）：党委的名称、报告标题、报告期、成文日期。"""
    from toolkit import api
    from toolkit.errors import OutputError

    try:
        api.new_rollup_settings(path, force=force)
    except OutputError as error:
        fail(f"[无法写入] {error}")
    say(f"已生成空白的汇总设置：{path}")
    say("填好后放进各支部工作簿所在的文件夹（文件名“汇总设置.xlsx”），或汇总时用 --settings 指定。")


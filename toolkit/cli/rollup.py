"""toolkit rollup：党委（党总支）汇总各支部的工作数据簿；toolkit new-rollup-settings：空白的汇总设置。

这里只负责参数、进度条和退出码；做事、说什么话的是 toolkit.api.rollup（toolkit.rollup.run.rollup_folder）。
退出码：0 全部支部都计入；1 有支部的工作簿有错误或读不了（汇总表和报告照样写出）；2 命令用错或写不了。
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from toolkit import standard
from toolkit.cli.chinese import Argument, Command
from toolkit.cli.common import FilePath, CONTEXT, EXIT_ERRORS, EXIT_OK, finish


class _Day(click.ParamType):
    """命令行里的日期：写法与工作簿里的一样，由库来认。"""

    name = "年月日"

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value
        from toolkit import api

        try:
            return api.option_date(value)
        except ValueError as problem:
            self.fail(str(problem), param, ctx)


DAY = _Day()
FILE = FilePath(dir_okay=False, path_type=Path)
FOLDER = FilePath(file_okay=False, path_type=Path)


@click.command("rollup", cls=Command, context_settings=CONTEXT)
@click.argument("folder", cls=Argument, metavar="文件夹", type=FilePath(path_type=Path))
@click.option("-o", "--output", "out_dir", metavar="文件夹", type=FOLDER, help="汇总表和汇总报告保存到哪个文件夹。默认：当前文件夹。")
@click.option("--summary", metavar="文件", type=FILE, help="汇总表（.xlsx）的文件名。默认：{名称}{活动名称}各党支部工作汇总表.xlsx。")
@click.option("--report", metavar="文件", type=FILE, help="汇总报告（.docx）的文件名。默认：{名称}{活动名称}阶段性工作情况汇报.docx。")
@click.option("--each", "each_dir", metavar="文件夹", type=FilePath(path_type=Path), help="同时把每个计入的支部自己的报告写进这个文件夹（文件名取自支部名称）。")
@click.option("--force", is_flag=True, help="要写的文件已存在时覆盖它们。")
@click.option("--settings", metavar="文件", type=FILE, help="汇总设置工作簿（toolkit new-rollup-settings 写出）。默认：文件夹里的“汇总设置.xlsx”（有的话）。")
@click.option("--name", metavar="全称", help="汇总的党组织名称，如：中共××学院委员会。默认：汇总设置的“名称”，或各支部一致填写的上级党组织。")
@click.option("--title", metavar="标题", help="汇总报告的标题。默认：{名称}开展{活动名称}活动阶段性工作情况。")
@click.option("--addressee", metavar="机关", help="主送机关，印在标题下方。")
@click.option("--campaign", metavar="活动", help="活动名称。默认：各支部一致填写的活动名称。")
@click.option("--start", "period_start", metavar="年月日", type=DAY, help="报告期开始，如 2010-07-01。默认：各支部最早的报告期开始。")
@click.option("--end", "period_end", metavar="年月日", type=DAY, help="报告期结束。默认：各支部最晚的报告期结束。")
@click.option("--date", "written_on", metavar="年月日", type=DAY, help="成文日期（落款）。默认：报告期结束。")
@click.option("--date-style", type=click.Choice(standard.DateStyle.ALL), help="落款日期的写法。默认：阿拉伯数字。")
@click.option("--fonts", "font_scheme", type=click.Choice(standard.FontScheme.ALL), help="汇总报告的字体方案。默认：gb2312。")
@click.option("--template", "template_dir", metavar="文件夹", type=FOLDER, help="用改过的措辞模板文件夹（复制 templates/report 后修改 rollup.j2）。")
@click.option("-q", "--quiet", is_flag=True, help="不显示进度条。")
def rollup(folder, out_dir, summary, report, each_dir, force, settings, quiet, template_dir, **committee):
    """汇总文件夹（含子文件夹）里各支部的工作数据簿：写出汇总表和汇总报告。"""
    from toolkit import api

    options = api.RollupOptions(settings=settings, **committee)  # --name、--title……：党委自己的设置，名字与 RollupOptions 的字段相同
    outputs = api.RollupOutputs(out_dir, summary, report, each_dir, force, template_dir)
    with _progress(quiet) as start_progress:
        result = api.rollup(folder, options, outputs, progress_start=start_progress)
    finish(result, EXIT_ERRORS if result.failed else EXIT_OK)


@contextmanager
def _progress(quiet: bool):
    """进度条（印在标准错误上）：给库一个“开始”函数，它说总本数，拿回每检查完一本调用一次的函数。"""
    bars = []

    def start(total: int):
        bar = click.progressbar(length=total, label="检查各支部的工作簿", file=sys.stderr, show_pos=True, show_eta=False)
        bars.append(bar)
        bar.__enter__()
        return bar.update

    try:
        yield None if quiet else start
    finally:
        for bar in bars:
            bar.__exit__(None, None, None)


@click.command("new-rollup-settings", cls=Command, context_settings=CONTEXT)
@click.argument("path", cls=Argument, metavar="文件", default="汇总设置.xlsx", type=FILE)
@click.option("--force", is_flag=True, help="文件已存在时覆盖它。")
def new_rollup_settings(path: Path, force: bool):
    """写出空白的汇总设置工作簿（默认：汇总设置.xlsx）：党委的名称、报告标题、报告期、成文日期。"""
    from toolkit import api

    finish(api.new_rollup_settings(path, force=force))

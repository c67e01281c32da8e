"""toolkit rollup：党委（党总支）汇总各支部的工作数据簿；toolkit new-rollup-settings：空白的汇总设置。

这里只负责参数、进度条和退出码；做事、说什么话的是 toolkit.api.rollup（toolkit.rollup.run.rollup_folder）。
退出码：0 全部支部都计入；1 有支部的工作簿有错误或读不了（汇总表和报告照样写出）；2 命令用错或写不了。
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

from toolkit.cli.common import EXIT_ERRORS, EXIT_OK, finish
from toolkit.cli.parser import ANY_PATH, FILE, FOLDER, Argument, Option, command
from toolkit.cli.report import font_schemes


def day(text: str):
    """命令行里的日期：写法与工作簿里的一样，由库来认（写错时库的 ValueError 说明怎么写）。"""
    from toolkit import api

    return api.option_date(text)


def date_styles() -> tuple[str, ...]:
    from toolkit import standard

    return standard.DateStyle.ALL


@command(
    "rollup",
    Argument("folder", "文件夹", kind=ANY_PATH),
    Option("-o", "--output", dest="out_dir", metavar="文件夹", kind=FOLDER, help="汇总表和汇总报告保存到哪个文件夹。默认：当前文件夹。"),
    Option("--summary", metavar="文件", kind=FILE, help="汇总表（.xlsx）的文件名。默认：{名称}{活动名称}各党支部工作汇总表.xlsx。"),
    Option("--report", metavar="文件", kind=FILE, help="汇总报告（.docx）的文件名。默认：{名称}{活动名称}阶段性工作情况汇报.docx。"),
    Option("--each", dest="each_dir", metavar="文件夹", kind=ANY_PATH, help="同时把每个计入的支部自己的报告写进这个文件夹（文件名取自支部名称）。"),
    Option("--force", flag=True, help="要写的文件已存在时覆盖它们。"),
    Option("--settings", metavar="文件", kind=FILE, help="汇总设置工作簿（toolkit new-rollup-settings 写出）。默认：文件夹里的“汇总设置.xlsx”（有的话）。"),
    Option("--name", metavar="全称", help="汇总的党组织名称，如：中共××学院委员会。默认：汇总设置的“名称”，或各支部一致填写的上级党组织。"),
    Option("--title", metavar="标题", help="汇总报告的标题。默认：{名称}开展{活动名称}活动阶段性工作情况。"),
    Option("--addressee", metavar="机关", help="主送机关，印在标题下方。"),
    Option("--campaign", metavar="活动", help="活动名称。默认：各支部一致填写的活动名称。"),
    Option("--start", dest="period_start", metavar="年月日", convert=day, help="报告期开始，如 2010-07-01。默认：各支部最早的报告期开始。"),
    Option("--end", dest="period_end", metavar="年月日", convert=day, help="报告期结束。默认：各支部最晚的报告期结束。"),
    Option("--date", dest="written_on", metavar="年月日", convert=day, help="成文日期（落款）。默认：报告期结束。"),
    Option("--date-style", metavar="写法", choices=date_styles, help="落款日期的写法：阿拉伯数字（2011年1月7日）或汉字（二〇一一年一月七日）。默认：阿拉伯数字。"),
    Option("--fonts", dest="font_scheme", metavar="方案", choices=font_schemes, help="汇总报告的字体方案：gb2312（仿宋_GB2312 等）或 windows（只用 Windows 自带的字体）。默认：gb2312。"),
    Option("--template", dest="template_dir", metavar="文件夹", kind=FOLDER, help="用改过的措辞模板文件夹（复制 templates/report 后修改 rollup.j2）。"),
    Option("-q", "--quiet", flag=True, help="不显示进度条。"),
)
def rollup(folder, out_dir, summary, report, each_dir, force, settings, quiet, template_dir, **committee):
    """汇总文件夹（含子文件夹）里各支部的工作数据簿：写出汇总表和汇总报告。"""
    from toolkit import api

    options = api.RollupOptions(settings=settings, **committee)  # --name、--title……：党委自己的设置，名字与 RollupOptions 的字段相同
    outputs = api.RollupOutputs(out_dir, summary, report, each_dir, force, template_dir)
    with _progress(quiet) as start_progress:
        result = api.rollup(folder, options, outputs, progress_start=start_progress)
    finish(result, EXIT_ERRORS if result.failed else EXIT_OK)


class ProgressBar:
    """标准错误上的进度条：在终端里是一行不断刷新的“[#####-----]  120/300”；不在终端里（重定向到文件、
    被别的程序调用）只印一次标题，不留一堆回车。"""

    WIDTH = 36

    def __init__(self, label: str, total: int, stream=None):
        self.label, self.total, self.done = label, max(total, 0), 0
        self.stream = stream or sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        if self.live:
            self._draw()
        else:
            self._write(f"{label}\n")

    def update(self, steps: int = 1) -> None:
        self.done = min(self.done + steps, self.total) if self.total else self.done + steps
        if self.live:
            self._draw()

    def close(self) -> None:
        if self.live:
            self._write("\n")

    def _draw(self) -> None:
        filled = self.WIDTH * self.done // self.total if self.total else 0
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self._write(f"\r{self.label}  [{bar}]  {self.done}/{self.total}")

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # 标准错误已关（被别的程序调用时）：进度条不要紧，汇总照常做完
            pass


@contextmanager
def _progress(quiet: bool):
    """进度条（印在标准错误上）：给库一个“开始”函数，它说总本数，拿回每检查完一本调用一次的函数。"""
    bars: list[ProgressBar] = []

    def start(total: int):
        bar = ProgressBar("检查各支部的工作簿", total)
        bars.append(bar)
        return bar.update

    try:
        yield None if quiet else start
    finally:
        for bar in bars:
            bar.close()


@command(
    "new-rollup-settings",
    Argument("path", "文件", kind=FILE, default="汇总设置.xlsx"),
    Option("--force", flag=True, help="文件已存在时覆盖它。"),
)
def new_rollup_settings(path, force: bool):
    """写出空白的汇总设置工作簿（默认：汇总设置.xlsx）：党委的名称、报告标题、报告期、成文日期。"""
    from toolkit import api

    finish(api.new_rollup_settings(path, force=force))

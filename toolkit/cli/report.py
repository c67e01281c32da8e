"""generate-report：把检查通过的工作簿生成阶段性工作情况汇报（.docx，可选 PDF）。"""

from __future__ import annotations

from pathlib import Path

import click

from toolkit import standard
from toolkit.cli.chinese import Argument, Command
from toolkit.cli.common import FilePath, CONTEXT, EXIT_ERRORS, fail, finish, say


@click.command("generate-report", cls=Command, context_settings=CONTEXT)
@click.argument("workbook", cls=Argument, metavar="工作簿", type=FilePath(path_type=Path))
@click.option("-o", "--output", metavar="文件", type=FilePath(path_type=Path), help="报告保存到哪里。默认：工作簿旁边的“{支部名称}{活动名称}阶段性工作情况汇报.docx”。")
@click.option("--force", is_flag=True, help="报告文件已存在时覆盖它。")
@click.option("--fonts", type=click.Choice(standard.FontScheme.ALL), help="字体方案：gb2312（仿宋_GB2312 等）或 windows（只用 Windows 自带的字体：宋体、黑体、楷体、仿宋）。默认按工作簿“支部信息”的“字体方案”。")
@click.option("--template", "template_dir", metavar="文件夹", type=FilePath(path_type=Path), help="用改过的措辞模板文件夹（复制 templates/report 后修改）。")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 生成 PDF。")
def generate_report(workbook: Path, output: Path | None, force: bool, fonts: str | None, template_dir: Path | None, pdf: bool):
    """检查工作簿，没有错误就生成阶段性工作情况汇报（.docx）。"""
    from toolkit import api

    try:
        result = api.generate_report(workbook, output, force=force, fonts=fonts, template_dir=template_dir, pdf=pdf)
    except api.UnreadableWorkbook as problem:
        fail(problem.text())
    except api.ReportRefused as problem:
        say(problem.text())
        raise SystemExit(EXIT_ERRORS)
    finish(result)

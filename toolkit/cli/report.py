"""generate-report：把检查通过的工作簿生成阶段性工作情况汇报（.docx，可选 PDF）。"""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.cli.common import CONTEXT, EXIT_ERRORS, fail, say


@click.command("generate-report", context_settings=CONTEXT)
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="报告保存到哪里。默认：工作簿旁边的“{支部名称}{活动名称}阶段性工作情况汇报.docx”。")
@click.option("--force", is_flag=True, help="报告文件已存在时覆盖它。")
@click.option("--fonts", type=click.Choice(["gb2312", "windows"]), help="字体方案：gb2312（仿宋_GB2312 等）或 windows（Windows 自带的仿宋、楷体）。默认按工作簿“支部信息”的“字体方案”。")
@click.option("--template", "template_dir", type=click.Path(path_type=Path), help="用改过的措辞模板文件夹（复制 templates/report 后修改）。")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 生成 PDF。")
def generate_report(workbook: Path, output: Path | None, force: bool, fonts: str | None, template_dir: Path | None, pdf: bool):
    """检查工作簿 WORKBOOK，没有错误就生成阶段性工作情况汇报（.docx）。"""
    from toolkit import api
    from toolkit.checks import sheet_order
    from toolkit.checks.render import render_text, render_warnings_after_report
    from toolkit.errors import OutputError, WordingError, WorkbookFileError, WorkbookHasErrors

    try:
        result = api.generate_report(workbook, output, force=force, fonts=fonts, template_dir=template_dir, pdf=pdf)
    except WorkbookFileError as error:
        fail(f"文件：{workbook}\n[无法读取] {error.message}")
    except WorkbookHasErrors as problem:
        say(f"文件：{workbook}")
        say(render_text(problem.checked.findings, sheet_order()))
        say("\n工作簿有错误，没有生成报告。改正上面的错误后再运行一次。")
        raise SystemExit(EXIT_ERRORS)
    except OutputError as error:
        fail(f"[无法写入] {error}")
    except WordingError as error:
        fail(f"[模板有误] {error}")

    say(f"已生成报告：{result.path}")
    if result.pdf_path:
        say(f"已生成 PDF：{result.pdf_path}")
    for note in result.notes:
        say(f"说明：{note}")
    if result.warnings:
        say("")
        say(render_warnings_after_report(result.warnings, sheet_order()))
    if result.pdf_problem:
        fail(f"\n[没有生成 PDF] {result.pdf_problem}")
    raise SystemExit(0)


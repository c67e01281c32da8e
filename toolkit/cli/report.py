"""generate-report：把检查通过的工作簿生成阶段性工作情况汇报（.docx，可选 PDF）。"""

from __future__ import annotations

from toolkit.cli.common import EXIT_ERRORS, fail, finish, say
from toolkit.cli.parser import ANY_PATH, Argument, Option, command


def font_schemes() -> tuple[str, ...]:
    """字体方案的可选值（标准里声明）：解析到 --fonts 时才加载标准，看帮助不必等它（说明里写着可选值）。"""
    from toolkit import standard

    return standard.FontScheme.ALL


@command(
    "generate-report",
    Argument("workbook", "工作簿", kind=ANY_PATH),
    Option("-o", "--output", metavar="文件", kind=ANY_PATH, help="报告保存到哪里。默认：工作簿旁边的“{支部名称}{活动名称}阶段性工作情况汇报.docx”。"),
    Option("--force", flag=True, help="报告文件已存在时覆盖它。"),
    Option("--fonts", metavar="方案", choices=font_schemes, help="字体方案：gb2312（仿宋_GB2312 等）或 windows（只用 Windows 自带的字体：宋体、黑体、楷体、仿宋）。默认按工作簿“支部信息”的“字体方案”。"),
    Option("--template", dest="template_dir", metavar="文件夹", kind=ANY_PATH, help="用改过的措辞模板文件夹（复制 templates/report 后修改）。"),
    Option("--pdf", flag=True, help="同时用 LibreOffice 生成 PDF。"),
)
def generate_report(workbook, output, force: bool, fonts: str | None, template_dir, pdf: bool):
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

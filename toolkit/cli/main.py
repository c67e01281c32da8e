"""命令行：toolkit new-workbook / validate / generate-report / rollup / new-rollup-settings。

每个命令只解析参数、调用 toolkit.api 的一个函数、印出它返回的结果（见 cli/workbook.py、
cli/report.py、cli/rollup.py）；进程启动时的中断和垃圾回收的安排在 cli/entry.py。
"""

from __future__ import annotations

import click

from toolkit.cli.chinese import Group
from toolkit.cli.common import CONTEXT, run
from toolkit.cli.report import generate_report
from toolkit.cli.rollup import new_rollup_settings, rollup
from toolkit.cli.serve import serve
from toolkit.cli.workbook import new_workbook, validate


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(package_name="toolkit", message="toolkit %(version)s")
def toolkit():
    """党支部工作数据簿工具：生成空白工作簿、检查工作簿、生成阶段性工作情况汇报、汇总各支部。"""


for _command in (new_workbook, validate, generate_report, rollup, new_rollup_settings):
    toolkit.add_command(_command)
toolkit.add_command(serve)  # 网页（toolkit.web）：Flask 和 waitress 只在运行 serve 时才加载


def main(args=None) -> None:
    run(toolkit, args)


def generate_report_main(args=None) -> None:
    run(generate_report, args)

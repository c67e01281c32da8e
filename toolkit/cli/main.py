"""命令行：toolkit new-workbook / validate / generate-report / rollup / new-rollup-settings / serve。

每个命令只解析参数、调用 toolkit.api 的一个函数、印出它返回的结果（见 cli/workbook.py、
cli/report.py、cli/rollup.py）；解析和帮助在 cli/parser.py；进程启动时的中断和垃圾回收的安排在 cli/entry.py。
"""

from __future__ import annotations

from toolkit.cli.common import run
from toolkit.cli.parser import Group
from toolkit.cli.report import generate_report
from toolkit.cli.rollup import new_rollup_settings, rollup
from toolkit.cli.serve import serve
from toolkit.cli.workbook import new_workbook, validate

def installed_version() -> str:
    """装着的版本号（pyproject.toml 的 version）：只在 --version 时才去查。"""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("toolkit")
    except PackageNotFoundError:  # 没有安装、直接从源码树运行
        return "（未安装，从源码运行）"


# 网页（toolkit.web）：Flask 和 waitress 只在运行 serve 时才加载
toolkit = Group(
    "toolkit",
    "党支部工作数据簿工具：生成空白工作簿、检查工作簿、生成阶段性工作情况汇报、汇总各支部。",
    [new_workbook, validate, generate_report, rollup, new_rollup_settings, serve],
    version=installed_version,
)


def main(args=None) -> None:
    run(toolkit, args)


def generate_report_main(args=None) -> None:
    run(generate_report, args)

"""toolkit new-workbook：空白的标准工作簿；toolkit validate：检查工作簿。"""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.cli.chinese import Argument, Command
from toolkit.cli.common import FilePath, CONTEXT, EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, fail, finish, say

FORMATS = ("text", "json")


@click.command("new-workbook", cls=Command, context_settings=CONTEXT)
@click.argument("path", cls=Argument, metavar="文件", default="支部工作数据簿.xlsx", type=FilePath(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="文件已存在时覆盖它。")
def new_workbook(path: Path, force: bool):
    """写出空白的标准工作簿（默认：支部工作数据簿.xlsx），带下拉列表和填表说明。"""
    from toolkit import api

    finish(api.new_workbook(path, force=force))


@click.command("validate", cls=Command, context_settings=CONTEXT)
@click.argument("workbook", cls=Argument, metavar="工作簿", type=FilePath(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="text 给人看，json 给程序用。")
@click.option("--mark", "mark", metavar="文件", type=FilePath(dir_okay=False, path_type=Path), help="另存一份副本，把有问题的单元格涂色并加批注。原文件不动。")
@click.option("--force", is_flag=True, help="--mark 的副本已存在时覆盖它。")
def validate(workbook: Path, fmt: str, mark: Path | None, force: bool):
    """检查工作簿，一次列出全部错误和提醒。"""
    from toolkit import api

    as_json = fmt == "json"
    try:
        result = api.validate(workbook, mark=mark, force=force)
    except api.UnreadableWorkbook as problem:
        if as_json:  # 给程序用：读不了也照样是 JSON，印在标准输出上
            say(problem.json())
            raise SystemExit(EXIT_UNREADABLE)
        fail(problem.text())
    finish(result, EXIT_ERRORS if result.errors else EXIT_OK, as_json=as_json)

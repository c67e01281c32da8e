"""toolkit new-workbook：空白的标准工作簿；toolkit validate：检查工作簿。"""

from __future__ import annotations

from toolkit.cli.common import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, fail, finish, say
from toolkit.cli.parser import ANY_PATH, FILE, Argument, Option, command

FORMATS = ("text", "json")
FORCE = "文件已存在时覆盖它。"


@command(
    "new-workbook",
    Argument("path", "文件", kind=FILE, default="支部工作数据簿.xlsx"),
    Option("--force", flag=True, help=FORCE),
)
def new_workbook(path, force: bool):
    """写出空白的标准工作簿（默认：支部工作数据簿.xlsx），带下拉列表和填表说明。"""
    from toolkit import api

    finish(api.new_workbook(path, force=force))


@command(
    "validate",
    Argument("workbook", "工作簿", kind=ANY_PATH),
    Option("--format", dest="fmt", choices=FORMATS, default="text", show_default=True, help="text 给人看，json 给程序用。"),
    Option("--mark", metavar="文件", kind=FILE, help="另存一份副本，把有问题的单元格涂色并加批注。原文件不动。"),
    Option("--force", flag=True, help="--mark 的副本已存在时覆盖它。"),
)
def validate(workbook, fmt: str, mark, force: bool):
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

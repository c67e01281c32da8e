"""toolkit new-workbook：空白的标准工作簿；toolkit validate：检查工作簿。"""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.cli.common import CONTEXT, EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, fail, quote, read_failure, say


@click.command("new-workbook", context_settings=CONTEXT)
@click.argument("path", default="支部工作数据簿.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="文件已存在时覆盖它。")
def new_workbook(path: Path, force: bool):
    """写出空白的标准工作簿 PATH（默认：支部工作数据簿.xlsx），带下拉列表和填表说明。"""
    from toolkit import api
    from toolkit.errors import OutputError

    try:
        api.new_workbook(path, force=force)
    except OutputError as error:
        fail(f"[无法写入] {error}")
    say(f"已生成空白工作簿：{path}")
    say("请按“填表说明”工作表填写，然后运行：toolkit validate " + quote(path))


@click.command("validate", context_settings=CONTEXT)
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="text 给人看，json 给程序用。")
@click.option("--mark", "mark", type=click.Path(dir_okay=False, path_type=Path), help="另存一份副本，把有问题的单元格涂色并加批注。原文件不动。")
@click.option("--force", is_flag=True, help="--mark 的副本已存在时覆盖它。")
def validate(workbook: Path, fmt: str, mark: Path | None, force: bool):
    """检查工作簿 WORKBOOK，一次列出全部错误和提醒。"""
    from toolkit import api
    from toolkit.checks import sheet_order
    from toolkit.checks.render import render_json, render_text
    from toolkit.errors import WorkbookFileError

    try:
        result = api.validate(workbook, mark=mark, force=force)
    except WorkbookFileError as error:
        if fmt == "json":
            import json

            say(json.dumps({"file": str(workbook), "unreadable": error.kind, "message": error.message}, ensure_ascii=False, indent=2))
            raise SystemExit(EXIT_UNREADABLE)
        read_failure(error, workbook)
        return

    if fmt == "json":
        say(render_json(result.findings, sheet_order(), file=str(workbook)))
    else:
        say(f"文件：{workbook}")
        say(render_text(result.findings, sheet_order()))
        if result.marked_copy is not None:
            say(f"\n已另存标注副本：{result.marked_copy}（有问题的单元格已涂色并加了批注；身份证号、联系电话已遮盖，请在原文件里修改）")
    if result.mark_problem:
        fail(f"[无法写入] {result.mark_problem}")
    raise SystemExit(EXIT_ERRORS if result.errors else EXIT_OK)

"""命令行：toolkit new-workbook / toolkit validate / generate-report / toolkit rollup。

这里只负责参数、输出和退出码；做事的是 toolkit.api。重的库（openpyxl、python-docx）
在命令里面才导入，看帮助不必等它们加载。

退出码：0 没有错误（可以有提醒）；1 工作簿有错误；2 文件读不了、写不了或命令用错；130 被中断。
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from toolkit.entry import EXIT_INTERRUPTED, INTERRUPTED

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _say(text: str = "", *, err: bool = False) -> None:
    click.echo(text, err=err)


def _fail(message: str, code: int = EXIT_UNREADABLE) -> None:
    _say(message, err=True)
    raise SystemExit(code)


def _read_failure(error, path=None) -> None:
    where = f"文件：{path}\n" if path is not None else ""  # 和检查结果一样先说是哪个文件
    _fail(f"{where}[无法读取] {error.message}")


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="toolkit", message="toolkit %(version)s")
def toolkit():
    """党支部工作数据簿工具：生成空白工作簿、检查工作簿、生成阶段性工作情况汇报、汇总各支部。"""


@toolkit.command("new-workbook", context_settings=CONTEXT)
@click.argument("path", default="支部工作数据簿.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="文件已存在时覆盖它。")
def new_workbook_command(path: Path, force: bool):
    """写出空白的标准工作簿 PATH（默认：支部工作数据簿.xlsx），带下拉列表和填表说明。"""
    from toolkit import api
    from toolkit.output import OutputError

    try:
        api.new_workbook(path, force=force)
    except OutputError as error:
        _fail(f"[无法写入] {error}")
    _say(f"已生成空白工作簿：{path}")
    _say("请按“填表说明”工作表填写，然后运行：toolkit validate " + _quote(path))


@toolkit.command("validate", context_settings=CONTEXT)
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="text 给人看，json 给程序用。")
@click.option("--mark", "mark", type=click.Path(dir_okay=False, path_type=Path), help="另存一份副本，把有问题的单元格涂色并加批注。原文件不动。")
@click.option("--force", is_flag=True, help="--mark 的副本已存在时覆盖它。")
def validate_command(workbook: Path, fmt: str, mark: Path | None, force: bool):
    """检查工作簿 WORKBOOK，一次列出全部错误和提醒。"""
    from toolkit import api
    from toolkit.checks import sheet_order
    from toolkit.findings import render_json, render_text
    from toolkit.xlsx import WorkbookFileError

    try:
        checked = api.validate(workbook)
    except WorkbookFileError as error:
        if fmt == "json":
            import json

            _say(json.dumps({"file": str(workbook), "unreadable": error.kind, "message": error.message}, ensure_ascii=False, indent=2))
            raise SystemExit(EXIT_UNREADABLE)
        _read_failure(error, workbook)
        return

    if fmt == "json":
        _say(render_json(checked.findings, sheet_order(), file=str(workbook)))
    else:
        _say(f"文件：{workbook}")
        _say(render_text(checked.findings, sheet_order()))
    if mark is not None:
        _write_mark(workbook, checked.findings, mark, force, quiet=fmt == "json")
    raise SystemExit(EXIT_ERRORS if checked.errors else EXIT_OK)


def _write_mark(workbook: Path, findings, mark: Path, force: bool, *, quiet: bool) -> None:
    from toolkit import api
    from toolkit.output import OutputError

    try:
        if mark.resolve() == workbook.resolve():
            raise OutputError("标注副本不能和原文件同名：本工具从不修改原文件。请换一个文件名。")
        api.mark_copy(workbook, findings, mark, force=force)
    except OutputError as error:
        _fail(f"[无法写入] {error}")
    if not quiet:
        _say(f"\n已另存标注副本：{mark}（有问题的单元格已涂色并加了批注；身份证号、联系电话已遮盖，请在原文件里修改）")


def _quote(path: Path) -> str:
    text = str(path)
    return f'"{text}"' if " " in text else text


# ---------------------------------------------------------------- 入口


def _run(command, args=None) -> None:
    """以中文说明用法错误，并兜住意外：用户永远看不到 Python 的报错堆栈。"""
    _utf8_output()
    _interrupt_on_sigterm()
    try:
        command.main(args=args, standalone_mode=False, prog_name=None)
    except click.exceptions.Exit as done:
        raise SystemExit(done.exit_code)
    except click.exceptions.Abort:  # click 把 Ctrl+C（和下面的 SIGTERM）变成 Abort
        _fail(INTERRUPTED, EXIT_INTERRUPTED)
    except click.exceptions.UsageError as error:
        hint = f"运行 {error.ctx.command_path} --help 查看用法。" if error.ctx else ""
        _fail(f"[用法有误] {_usage_in_chinese(error)} {hint}".rstrip(), EXIT_UNREADABLE)
    except click.exceptions.ClickException as error:
        _fail(f"[出错] {error.format_message()}", EXIT_UNREADABLE)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        _fail(INTERRUPTED, EXIT_INTERRUPTED)
    except Exception as error:  # 兜底：不是用户的错，也不给用户看堆栈
        _fail(
            "[内部错误] 本工具遇到了一个没有预料到的问题（不是您的操作问题）："
            f"{type(error).__name__}: {error}\n请把这段话和工作簿发给维护人员。",
            EXIT_UNREADABLE,
        )


def _interrupt_on_sigterm() -> None:
    """命令开始做事后，Ctrl+C 和 SIGTERM 都变成 KeyboardInterrupt：先删掉临时文件再退出。"""

    def stop(signum, frame):
        raise KeyboardInterrupt

    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            signal.signal(signum, stop)
        except (ValueError, OSError):  # 不在主线程
            pass

    # 信号恰好落在导入机制的弱引用回调里时，Python 把这个 KeyboardInterrupt 当作
    # “Exception ignored”打印堆栈后丢掉。不打印，把中断重新发给自己，落到正常代码里再处理。
    default_hook = sys.unraisablehook

    def redeliver(unraisable):
        if issubclass(unraisable.exc_type, KeyboardInterrupt) and hasattr(signal, "raise_signal"):
            signal.raise_signal(signal.SIGINT)
        else:
            default_hook(unraisable)

    sys.unraisablehook = redeliver


def _usage_in_chinese(error) -> str:
    message = error.format_message()
    for english, chinese in (
        ("Missing argument", "缺少参数"),
        ("No such option", "没有这个选项"),
        ("Invalid value for", "参数的值不对："),
        ("No such command", "没有这个子命令"),
        ("Got unexpected extra argument", "多了参数"),
        ("Option", "选项"),
        ("requires an argument", "需要一个值"),
        ("does not exist", "不存在"),
    ):
        message = message.replace(english, chinese)
    return message


def _utf8_output() -> None:
    # Windows 下重定向到文件时控制台编码可能是 GBK：遇到编不了的字符用 ? 代替，而不是崩溃
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass


def main(args=None) -> None:
    _run(toolkit, args)


def generate_report_main(args=None) -> None:
    _run(_generate_report, args)


# toolkit generate-report 与 generate-report 是同一个命令（放在最后导入：cli_report 要用上面的名字）
from toolkit.cli_report import generate_report as _generate_report  # noqa: E402

toolkit.add_command(_generate_report)

# 党委（党总支）汇总：toolkit rollup、toolkit new-rollup-settings
from toolkit.cli_rollup import new_rollup_settings as _new_rollup_settings, rollup as _rollup  # noqa: E402

toolkit.add_command(_rollup)
toolkit.add_command(_new_rollup_settings)

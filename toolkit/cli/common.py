"""命令行各命令共用的：退出码、向用户说话、把用法错误和意外讲成中文。

这里只负责参数、输出和退出码；做事的是 toolkit.api。重的库（openpyxl、python-docx）
在命令里面才导入，看帮助不必等它们加载。

退出码：0 没有错误（可以有提醒）；1 工作簿有错误；2 文件读不了、写不了或命令用错；130 被中断。
"""

from __future__ import annotations

import sys

import click

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT，命令行的惯例
INTERRUPTED = "[已中断] 命令被中断：没有留下写了一半的文件，原有的文件没有改动。"

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def say(text: str = "", *, err: bool = False) -> None:
    click.echo(text, err=err)


def fail(message: str, code: int = EXIT_UNREADABLE) -> None:
    say(message, err=True)
    raise SystemExit(code)


def read_failure(error, path=None) -> None:
    where = f"文件：{path}\n" if path is not None else ""  # 和检查结果一样先说是哪个文件
    fail(f"{where}[无法读取] {error.message}")


def quote(path) -> str:
    text = str(path)
    return f'"{text}"' if " " in text else text


def run(command, args=None) -> None:
    """以中文说明用法错误，并兜住意外：用户永远看不到 Python 的报错堆栈。"""
    _utf8_output()
    try:
        command.main(args=args, standalone_mode=False, prog_name=None)
    except click.exceptions.Exit as done:
        raise SystemExit(done.exit_code)
    except click.exceptions.Abort:  # click 把 Ctrl+C（和 SIGTERM）变成 Abort
        fail(INTERRUPTED, EXIT_INTERRUPTED)
    except click.exceptions.UsageError as error:
        hint = f"运行 {error.ctx.command_path} --help 查看用法。" if error.ctx else ""
        fail(f"[用法有误] {_usage_in_chinese(error)} {hint}".rstrip(), EXIT_UNREADABLE)
    except click.exceptions.ClickException as error:
        fail(f"[出错] {error.format_message()}", EXIT_UNREADABLE)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        fail(INTERRUPTED, EXIT_INTERRUPTED)
    except Exception as error:  # 兜底：不是用户的错，也不给用户看堆栈
        fail(
            "[内部错误] 本工具遇到了一个没有预料到的问题（不是您的操作问题）："
            f"{type(error).__name__}: {error}\n请把这段话和工作簿发给维护人员。",
            EXIT_UNREADABLE,
        )


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

"""命令行各命令共用的：退出码、向用户说话、把用法错误和意外讲成中文。

这里只负责参数、输出和退出码；做事、说什么话的是 toolkit.api。重的库（openpyxl、python-docx）
在命令里面才导入，看帮助不必等它们加载。解析命令行和帮助的版式在 cli/parser.py、cli/helptext.py。

退出码：0 没有错误（可以有提醒）；1 工作簿有错误；2 文件读不了、写不了或命令用错；130 被中断。
"""

from __future__ import annotations

import sys

from toolkit.cli.parser import HelpShown, NoCommand, UsageProblem, program_name
from toolkit.errors import OutputError, RollupError, ToolkitError, WordingError, WorkbookFileError

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT，命令行的惯例
INTERRUPTED = "[已中断] 命令被中断：没有留下写了一半的文件，原有的文件没有改动。"

# 库抛出的、用户能照着改的问题：印成“[无法写入] ……”，退出码 2
LABELS = ((OutputError, "无法写入"), (WordingError, "模板有误"), (RollupError, "无法汇总"), (WorkbookFileError, "无法读取"))


def say(text: str = "", *, err: bool = False) -> None:
    """向用户说的每一句话都经过这里：像身份证号、手机号的号码一律遮盖（用法错误里照抄的参数也算）。"""
    # LANG=C 下命令行里的中文文件名是“代用字符”：还原成 UTF-8 的字再印，而不是一串“?”
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if sum(ch.isdigit() for ch in text) >= 11:  # 够得上一个号码才加载库（被中断时说的话不必等它）
        from toolkit.api import masked

        text = masked(text)
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n")
    stream.flush()


def fail(message: str, code: int = EXIT_UNREADABLE) -> None:
    say(message, err=True)
    raise SystemExit(code)


def finish(result, code: int = EXIT_OK, *, as_json: bool = False) -> None:
    """印出库给的结果（text()，或 json()）；要做却没做成的事（如 PDF）印在标准错误上，退出码 2。"""
    say(result.json() if as_json else result.text())
    problem = result.unfinished()
    if problem:
        fail(problem)
    raise SystemExit(code)


def run(command, args=None) -> None:
    """以中文说明用法错误，并兜住意外：用户永远看不到 Python 的报错堆栈。command 是 cli.parser 的 Group 或 Command。"""
    _utf8_output()
    library = sys.modules.get("toolkit.api")  # 已经加载过（同一进程里的又一次命令）：从头记写好的文件
    if library is not None:
        library.begin_command()
    prog = program_name(command.name)
    try:
        command.main(sys.argv[1:] if args is None else list(args), prog)
        raise SystemExit(EXIT_OK)
    except HelpShown as shown:
        sys.stdout.write(shown.text)
        sys.stdout.flush()
        raise SystemExit(EXIT_OK)
    except NoCommand as nothing:  # 只打了 toolkit：印出帮助
        fail(nothing.text.rstrip("\n"), EXIT_UNREADABLE)
    except UsageProblem as problem:
        fail(f"[用法有误] {problem.message}运行 {problem.command_path or prog} --help 查看用法。", EXIT_UNREADABLE)
    except ToolkitError as error:
        fail(f"[{_label(error)}] {error}", EXIT_UNREADABLE)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        fail(_interrupted(), EXIT_INTERRUPTED)
    except Exception as error:  # 兜底：不是用户的错，也不给用户看堆栈
        fail(
            "[内部错误] 本工具遇到了一个没有预料到的问题（不是您的操作问题）："
            f"{type(error).__name__}: {error}\n请把这段话和工作簿发给维护人员。",
            EXIT_UNREADABLE,
        )


def _interrupted() -> str:
    """被中断时说的话：库加载了（可能写过文件）就照库记下的实情说；还没加载，就什么也没写。"""
    library = sys.modules.get("toolkit.api")
    return library.interruption() if library is not None else INTERRUPTED


def _label(error: ToolkitError) -> str:
    return next((label for kind, label in LABELS if isinstance(error, kind)), "出错")


def _utf8_output() -> None:
    # 标准输出写不了中文（LANG=C、PYTHONIOENCODING=ascii/latin-1）：一律改写 UTF-8，JSON 也不会变成一串“?”。
    # 写得了中文的编码（如 Windows 重定向到文件时的 GBK）照旧，遇到个别编不了的字用 ? 代替，而不是崩溃。
    for stream in (sys.stdout, sys.stderr):
        try:
            "汉字的输出".encode(stream.encoding or "ascii")
            stream.reconfigure(errors="replace")
        except (UnicodeEncodeError, LookupError):
            _reconfigure(stream, encoding="utf-8", errors="replace")
        except (AttributeError, ValueError):
            pass


def _reconfigure(stream, **how) -> None:
    try:
        stream.reconfigure(**how)
    except (AttributeError, ValueError):
        pass

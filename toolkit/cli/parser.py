"""命令行的解析：本工具自己的，每一句话（帮助、用法错误）都是中文。

为什么不用 click：光是 import click 就要约 28 毫秒 CPU，比 Python 自己启动（约 10 毫秒）还多，
看一眼帮助、检查一本 28 人的工作簿都要等它；它的英文还得逐句翻译、随版本跟着补。本工具的命令只有
几个，参数也只有文件、文件夹、开关、可选值和日期：这里按 POSIX 和 GNU 的惯例（--名字=值、-o 值、
-o值、-qo 值、“--”之后都是参数）解析它们，只用 Python 启动时已经加载的标准库。

    @command("validate", Argument("workbook", "工作簿", kind=ANY_PATH), Option("--force", flag=True, help="…"))
    def validate(workbook, force): ...

命令的说明取自函数的文档字符串；每个参数、选项的占位词（工作簿、文件夹、日期……）由命令写明。
用法错误抛 UsageProblem（由 cli.common.run 印成“[用法有误] ……”，退出码 2）。
"""

from __future__ import annotations

import os
import sys

from toolkit.cli import helptext

REQUIRED = object()  # 参数没有默认值：必须给
FILE, FOLDER, ANY_PATH = "文件", "文件夹", "路径"  # 路径参数要的是什么（已存在时查它是不是）
HELP_NAMES = ("-h", "--help")


class UsageProblem(Exception):
    """命令用错了：message 是给用户的一句中文；command_path 用来提示“运行 … --help 查看用法”。"""

    def __init__(self, message: str, command_path: str = ""):
        super().__init__(message)
        self.message, self.command_path = message, command_path


class HelpShown(Exception):
    """用户要看帮助（或版本号）：text 印在标准输出上，退出码 0。"""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


class Argument:
    """位置参数：dest 是函数的参数名，metavar 是用法里的中文写法（工作簿、文件夹）。"""

    def __init__(self, dest: str, metavar: str, *, kind: str | None = None, default=REQUIRED):
        self.dest, self.metavar, self.kind, self.default = dest, metavar, kind, default

    @property
    def label(self) -> str:
        return f"参数“{self.metavar}”"

    def take(self, value: str):
        return _path(value, self.kind, self.label, self.metavar) if self.kind else value


class Option:
    """选项：names 如 ("-o", "--output")；flag 是开关（不跟值）；choices 是可选值（或给出可选值的函数：
    解析到这个选项时才去取，看帮助不必加载标准的声明：这时要写 metavar，说明里写出可选值）；convert 把写的字变成值，不认识时抛 ValueError
    （它的话原样给用户看，要说出写的是什么）。"""

    def __init__(self, *names: str, dest: str | None = None, metavar: str = "", help: str = "", flag: bool = False,
                 choices=None, kind: str | None = None, convert=None, default=None, show_default: bool = False):
        self.names, self.metavar, self.help, self.flag = names, metavar, help, flag
        self.dest = dest or "_".join(names[-1].lstrip("-").split("-"))
        self.choices_from, self.kind, self.convert, self.show_default = choices, kind, convert, show_default
        self.default = False if flag and default is None else default

    @property
    def choices(self) -> tuple[str, ...] | None:
        return self.choices_from() if callable(self.choices_from) else self.choices_from

    def take(self, value: str, typed: str):
        label = f"选项 {typed}"
        choices = self.choices
        if choices is not None and value not in choices:
            raise UsageProblem(f"{label} 的值“{value}”不是可选的值，可选：{'、'.join(choices)}。")
        if self.kind:
            return _path(value, self.kind, label, self.metavar)
        if self.convert is not None:
            try:
                return self.convert(value)
            except ValueError as problem:
                raise UsageProblem(f"{label} 的值不对：{problem}") from None
        return value

    def help_row(self) -> tuple[str, str]:
        """帮助里的一行。写了占位词的可选值选项用占位词（可选值写在说明里：看帮助不必加载标准的声明），
        没写的列出可选值：[text|json]。"""
        shown = ", ".join(self.names)
        metavar = self.metavar
        if not metavar and self.choices_from is not None:
            metavar = f"[{'|'.join(self.choices)}]"
        text = self.help
        if self.show_default and self.default is not None:
            text = f"{text}  [默认：{self.default}]"
        return (f"{shown} {metavar}" if metavar and not self.flag else shown, text)


def integer(value: str) -> int:
    """整数（端口号这类）。"""
    try:
        return int(value.strip())
    except ValueError:
        raise ValueError(f"“{value}”不是整数。") from None


def _path(value: str, kind: str, label: str, what: str):
    """路径：空的不行；已经存在的，要文件的不能是文件夹，要文件夹的不能是文件（不存在的交给库去说）。"""
    from pathlib import Path

    if not value:
        raise UsageProblem(f"{_spaced(label)}是空的：请写上{what}的名字。")
    try:
        is_dir, is_file = os.path.isdir(value), os.path.isfile(value)
    except (OSError, ValueError, UnicodeError):  # 只认 ASCII 文件名的环境里的中文名：查不了，原样交给库
        is_dir = is_file = False
    if kind == FILE and is_dir:
        raise UsageProblem(f"{_spaced(label)}的值不对：“{value}”是一个文件夹，这里要的是文件。")
    if kind == FOLDER and is_file:
        raise UsageProblem(f"{_spaced(label)}的值不对：“{value}”是一个文件，这里要的是文件夹。")
    return Path(value)


def _spaced(label: str) -> str:
    """“选项 --mark”后面接汉字时空一格，“参数“文件””不用。"""
    return label if label.endswith("”") else label + " "


def _did_you_mean(typed: str, possible) -> str:
    """拼错时的建议（difflib 只在拼错时才加载）：长选项只和长选项比，短的只和短的比。"""
    from difflib import get_close_matches

    if typed.startswith("-"):
        possible = [name for name in possible if name.startswith("--") == typed.startswith("--")]
    close = get_close_matches(typed, sorted(possible))
    if not close:
        return ""
    if len(close) == 1:
        return f"您是不是要输入“{close[0]}”？"
    return f"您是不是要输入其中之一：{'、'.join(f'“{c}”' for c in close)}？"


class Command:
    """一个命令：参数、选项、要调用的函数。main() 解析命令行、调用函数；帮助和用法错误以异常告诉调用者。"""

    def __init__(self, name: str, action, params: tuple):
        self.name, self.action = name, action
        self.description = (action.__doc__ or "").strip()
        self.arguments = [p for p in params if isinstance(p, Argument)]
        self.options = [p for p in params if isinstance(p, Option)]
        self.by_name = {name: option for option in self.options for name in option.names}

    @property
    def summary(self) -> str:
        """在“命令：”表里的一句话：说明的第一段。"""
        return "".join(self.description.split("\n\n", 1)[0].splitlines())

    def main(self, args: list[str], prog: str):
        values = self.parse(args, prog)
        return self.action(**values)

    def parse(self, args: list[str], prog: str) -> dict:
        try:
            typed, positionals = self._read(list(args), prog)
            return self._values(typed, positionals)
        except UsageProblem as problem:
            problem.command_path = problem.command_path or prog
            raise

    def help(self, prog: str) -> str:
        usage = " ".join((prog, "[选项]", *(a.metavar for a in self.arguments)))
        rows = [o.help_row() for o in self.options] + [("-h, --help", "显示这份说明后退出。")]
        return helptext.page(usage, self.description, [("选项", rows)])

    def _read(self, args: list[str], prog: str) -> tuple[list[tuple[Option, str, str | None]], list[str]]:
        """按出现的先后拆成（选项, 写法, 值）和位置参数；-h/--help 出现在哪里都是看帮助。"""
        typed: list[tuple[Option, str, str | None]] = []
        positionals: list[str] = []
        while args:
            arg = args.pop(0)
            if arg == "--":
                positionals += args
                break
            if arg in HELP_NAMES:
                raise HelpShown(self.help(prog))
            if arg.startswith("--"):
                typed.append(self._long(arg, args))
            elif arg.startswith("-") and arg != "-":
                typed += self._short(arg, args, prog)
            else:
                positionals.append(arg)
        return typed, positionals

    def _option(self, name: str) -> Option:
        option = self.by_name.get(name)
        if option is None:
            raise UsageProblem(f"没有这个选项：{name}。{_did_you_mean(name, [*self.by_name, *HELP_NAMES])}")
        return option

    def _long(self, arg: str, rest: list[str]) -> tuple[Option, str, str | None]:
        name, equals, attached = arg.partition("=")
        option = self._option(name)
        if option.flag:
            if equals:
                raise UsageProblem(f"选项 {name} 后面不用跟值。")
            return (option, name, None)
        return (option, name, attached if equals else self._next_value(name, rest))

    def _short(self, arg: str, rest: list[str], prog: str) -> list[tuple[Option, str, str | None]]:
        """-q、-o 值、-o值、-qo 值：开关可以连写，要值的选项取它后面的字（或下一个参数）。"""
        found = []
        for at in range(1, len(arg)):
            name = "-" + arg[at]
            if name in HELP_NAMES:
                raise HelpShown(self.help(prog))
            option = self._option(name)
            if option.flag:
                found.append((option, name, None))
                continue
            found.append((option, name, arg[at + 1 :] or self._next_value(name, rest)))
            break
        return found

    def _next_value(self, name: str, rest: list[str]) -> str:
        # 后面没有了，或后面是本命令的一个选项（-o --force）：是忘了写值，不把选项名当文件名
        if not rest or rest[0] in self.by_name or rest[0] in HELP_NAMES:
            raise UsageProblem(f"选项 {name} 后面要跟一个值。")
        return rest.pop(0)

    def _values(self, typed, positionals: list[str]) -> dict:
        values = {}
        for argument in self.arguments:
            if positionals:
                values[argument.dest] = argument.take(positionals.pop(0))
            elif argument.default is REQUIRED:
                raise UsageProblem(f"缺少参数“{argument.metavar}”。")
            else:
                values[argument.dest] = argument.take(argument.default)
        if positionals:
            raise UsageProblem(f"多了参数（{' '.join(positionals)}）。")
        for option in self.options:
            values[option.dest] = option.default
        for option, name, value in typed:  # 同一个选项写了两次：以后写的为准（与常见的命令行工具一样）
            values[option.dest] = True if option.flag else option.take(value, name)
        return values


class Group:
    """toolkit 这一组命令：toolkit [选项] 命令 [参数]...；--version 印版本号（version() 给出）。"""

    def __init__(self, name: str, description: str, commands: list[Command], version):
        self.name, self.description, self.version = name, description.strip(), version
        self.commands = {command.name: command for command in commands}

    def main(self, args: list[str], prog: str):
        args = list(args)
        while args and args[0].startswith("-"):
            arg = args.pop(0)
            if arg in HELP_NAMES:
                raise HelpShown(self.help(prog))
            if arg == "--version":
                raise HelpShown(f"{self.name} {self.version()}\n")
            if arg == "--":
                break
            raise UsageProblem(f"没有这个选项：{arg}。{_did_you_mean(arg, ['--version', *HELP_NAMES])}", prog)
        if not args:
            raise NoCommand(self.help(prog))
        name = args.pop(0)
        command = self.commands.get(name)
        if command is None:
            raise UsageProblem(f"没有这个子命令：{name}。{_did_you_mean(name, self.commands)}", prog)
        return command.main(args, f"{prog} {name}")

    def help(self, prog: str) -> str:
        rows = [("--version", "显示版本号后退出。"), ("-h, --help", "显示这份说明后退出。")]
        commands = [(name, self.commands[name].summary) for name in sorted(self.commands)]
        return helptext.page(f"{prog} [选项] 命令 [参数]...", self.description, [("选项", rows), ("命令", commands)])


class NoCommand(Exception):
    """只打了 toolkit、没有说做什么：印出帮助（在标准错误上），退出码 2。"""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


def command(name: str, *params):
    """把一个函数声明成命令：@command("validate", Argument(...), Option(...))。"""

    def declare(action) -> Command:
        return Command(name, action, params)

    return declare


def program_name(default: str) -> str:
    """用法里怎样称呼本工具：用 python -m toolkit 运行的就这样写（照着抄能用），否则用命令自己的名字。"""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    return "python -m toolkit" if spec is not None and spec.name == "toolkit.__main__" else default

"""让 click 说中文：它自己的每一句话（用法、帮助、用法错误）都换成中文，用户看不到一个英文词。

click 把要给人看的话都交给 gettext（每个模块 `from gettext import gettext as _`、`ngettext`）。
这里是这些话的中文译文（MESSAGES、PLURALS，按 click 的原文查），install() 把 click 各模块里的
`_`、`ngettext` 换成查这份译文的函数：这就是 gettext 的翻译钩子，与用户电脑的语言设置无关
（Windows 上的 Python 多半读不到中文的语言设置）。click 升级后多出来没有译文的话，
tests/test_chinese_cli.py 会指出来。

gettext 管不到的几处由这里的类补上：用法一行的“[选项]”“命令 [参数]...”、小标题后的全角冒号
（ChineseFormatter），参数在消息里的写法（Argument）。每个参数、选项的占位词（工作簿、文件夹、日期……）
由各命令自己用中文写明（metavar）。
"""

from __future__ import annotations

import gettext
import importlib
import re
import sys
import unicodedata

import click

# click 的原文 → 中文。有些原文带 {name!r}：译文里用 {name}（同一个名字），不再套英文的引号。
MESSAGES = {
    # 用法和帮助
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示这份说明后退出。",
    "Show the version and exit.": "显示版本号后退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（视情况而定）",
    "deprecated": "已停用",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    # 用法错误
    "Error: {message}": "出错：{message}",
    "Try '{command} {option}' for help.": "运行 {command} {option} 查看用法。",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有这个子命令：{name}。",
    "No such option {name!r}.": "没有这个选项：{name}。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "Option {name!r} does not take a value.": "选项 {name} 后面不用跟值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name} 要 {nargs} 个值。",
    "Invalid start character for option ({option})": "选项的第一个字符不对（{option}）",
    "Value must be an iterable.": "这里要的是一组值。",
    "Aborted!": "已中止。",
    "unknown error": "未知的错误",
    "Could not open file {filename!r}: {message}": "打不开文件“{filename}”：{message}",
    # 值的类型
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "“{filename}”是一个文件，这里要的是文件夹。",
    "{name} {filename!r} is a directory.": "“{filename}”是一个文件夹，这里要的是文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”读不了（没有权限）。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”写不了（没有权限）。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不能运行。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在 {range} 之内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是“是”或“否”。可以写：{states}",
    "{value!r} is not a valid UUID.": "“{value}”不是有效的 UUID。",
    "Choice({choices})": "可选值（{choices}）",
    # 交互（本工具不用，译出以防万一）
    "Do you want to continue?": "要继续吗？",
    "Confirm the action without prompting.": "不再询问，直接确认。",
    "Repeat for confirmation": "再输入一次以确认",
    "Error: The two entered values do not match.": "出错：两次输入的不一样。",
    "Error: invalid input": "出错：输入的不对",
    "Press any key to continue...": "按任意键继续……",
    "Unknown color {colour!r}": "不认识的颜色：{colour}",
    "d": "天",
    "{editor}: Editing failed": "{editor}：没有编辑成功",
    "{editor}: Editing failed: {e}": "{editor}：没有编辑成功：{e}",
    "Unknown standard stream '{name}'": "没有叫“{name}”的标准流",
    "Windows error: {error}": "Windows 出错：{error}",
    "Couldn't detect Bash version, shell completion is not supported.": "看不出 Bash 的版本，不能自动补全命令。",
    "Shell completion is not supported for Bash versions older than 4.4.": "Bash 4.4 以前的版本不能自动补全命令。",
    # 写命令的人用错了 click（用户见不到；也译出，免得万一漏出英文）
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": "提醒：命令“{name}”已停用。{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": "提醒：“{name}”已停用。{extra_message}",
    "Could not determine name for option with declarations {decls!r}": "定不出选项的名字：{decls}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? Did you mean to pass '--{name}'?":
        "没有写选项却给了名字（{name}）。是要声明一个参数，还是要写 --{name}？",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.": "参数只能有一个写法，却有 {length} 个：{decls}。",
    "Name '{name}' defined twice": "名字“{name}”写了两次",
    "Boolean option {decl!r} cannot use the same flag for true/false.": "开关选项 {decl} 的“是”和“否”不能用同一个写法。",
}

# 有单复数之分的原文：（单数, 复数）→（中文, 中文）。中文不分单复数，两句常常一样。
PLURALS = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("您是不是要输入 {possibility}？", "（您是不是要输入其中之一：{possibilities}？）"),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("多了参数（{args}）。", "多了参数（{args}）。"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("选项 {name} 后面要跟一个值。", "选项 {name} 后面要跟 {nargs} 个值。"),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("“{value}”不是可选的值，只能是 {choice}。", "“{value}”不是可选的值，可选：{choices}。"),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        ("“{value}”不合格式 {format}。", "“{value}”不合其中任何一种格式：{formats}。"),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("要 {nargs} 个值，只给了 1 个。", "要 {nargs} 个值，却给了 {len} 个。"),
    ("{len_type} values are required, but {len_value} was given.", "{len_type} values are required, but {len_value} were given."):
        ("要 {len_type} 个值，却给了 {len_value} 个。", "要 {len_type} 个值，却给了 {len_value} 个。"),
}

# click 用到时才导入的模块：先导入好，好让它们也用上译文
LATER_MODULES = ("click._termui_impl", "click.shell_completion")


class ChineseTranslations(gettext.NullTranslations):
    """gettext 的译文对象：按 click 的原文查中文；查不到的原样给出（测试会指出来）。"""

    def gettext(self, message: str) -> str:
        return MESSAGES.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        one, many = PLURALS.get((singular, plural), (singular, plural))
        return one if n == 1 else many


TRANSLATIONS = ChineseTranslations()


def install() -> None:
    """把 click 各模块里的 gettext、ngettext 换成中文译文（只换 click 自己的，不动别的库）。"""
    for name in LATER_MODULES:
        importlib.import_module(name)
    for name, module in list(sys.modules.items()):
        if name != "click" and not name.startswith("click."):
            continue
        if getattr(module, "_", None) is gettext.gettext:
            setattr(module, "_", TRANSLATIONS.gettext)
        if getattr(module, "ngettext", None) is gettext.ngettext:
            setattr(module, "ngettext", TRANSLATIONS.ngettext)


# 不放在行首的标点（跟着前一个字）和不放在行尾的标点（跟着后一个字）
CLOSING = set("，。、；：？！）》」』”’…%,.;:?!)]")
OPENING = set("（《「『“‘([")


def display_width(text: str) -> int:
    """在终端里占几格：汉字和全角标点两格，其余一格。"""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pieces(text: str) -> list[str]:
    """折行时不拆开的小段：一个汉字，一个占位符（{名称}），或一个拉丁词、数字、选项名（--force、2010-07-01），
    带着它前后的标点。"""
    pieces: list[str] = []
    for word in re.findall(r"\s+|\{[^{}\s]*\}|[^\s\u2e80-\uffef]+|[\u2e80-\uffef]", text):
        glued = pieces and (word[0] in CLOSING or pieces[-1][-1] in OPENING) and not word.isspace() and not pieces[-1].isspace()
        if glued:
            pieces[-1] += word
        else:
            pieces.append(word)
    return pieces


def wrap(text: str, width: int) -> list[str]:
    """按显示宽度折行：汉字之间都可以断开，拉丁词不拆开，行首不放逗号句号、行尾不放左括号。"""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for piece in _pieces(paragraph):
            if line and display_width(line + piece.rstrip()) > width:
                lines.append(line.rstrip())
                line = "" if piece.isspace() else piece
            else:
                line += piece
        lines.append(line.rstrip())
    return lines


class ChineseFormatter(click.HelpFormatter):
    """帮助的版式：“用法：”后面不空格，小标题用全角冒号（选项：、命令：），汉字按两格宽对齐、折行。"""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, TRANSLATIONS.gettext("Usage:") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for line in wrap(text, self.width - self.current_indent):
            self.write(f"{indent}{line}\n" if line else "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((display_width(first) for first, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(f"{indent}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(second, max(self.width - first_col - self.current_indent, 10))
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first_col + self.current_indent) + line + "\n")


class ChineseContext(click.Context):
    formatter_class = ChineseFormatter


class Command(click.Command):
    """本工具的命令：用法一行写“[选项]”。"""

    context_class = ChineseContext

    def __init__(self, *args, options_metavar: str = "[选项]", **kwargs):
        super().__init__(*args, options_metavar=options_metavar, **kwargs)


class Group(click.Group):
    """toolkit 这一组命令：用法一行写“[选项] 命令 [参数]...”。"""

    context_class = ChineseContext
    command_class = Command

    def __init__(self, *args, options_metavar: str = "[选项]", subcommand_metavar: str = "命令 [参数]...", **kwargs):
        super().__init__(*args, options_metavar=options_metavar, subcommand_metavar=subcommand_metavar, **kwargs)


class Argument(click.Argument):
    """参数在消息里写作“工作簿”（中文引号），不是 click 的 'WORKBOOK'。"""

    def get_error_hint(self, ctx) -> str:
        return f"“{self.metavar or self.human_readable_name}”"


def usage_problem(error: click.UsageError) -> str:
    """用法错误的那一句话。缺了参数时 click 在句末写英文句点（不经 gettext），这一种由这里说。"""
    if isinstance(error, click.MissingParameter) and error.param is not None:
        what = MESSAGES["Missing option" if isinstance(error.param, click.Option) else "Missing argument"]
        return f"{what}{error.param.get_error_hint(error.ctx)}。"
    return error.format_message()

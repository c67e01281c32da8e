"""帮助的版式：“用法：”一行、说明文字、“选项：”“命令：”两栏表；汉字按两格宽对齐、折行。

只用标准库里 Python 启动时已经加载的部分（不导入 re、shutil 等）：看帮助的那一下只花在印字上。
"""

from __future__ import annotations

import os
import unicodedata

MAX_WIDTH = 100  # 再宽的终端，一行也不超过这么宽（读起来吃力）
MIN_WIDTH = 50
COLUMN_MAX = 30  # 两栏表左栏最宽这么多格；更长的选项名另起一行写说明
COLUMN_GAP = 2

# 不放在行首的标点（跟着前一个字）和不放在行尾的标点（跟着后一个字）
CLOSING = set("，。、；：？！）》」』”’…%,.;:?!)]")
OPENING = set("（《「『“‘([")


def terminal_width() -> int:
    """帮助按终端的宽度折行（COLUMNS 优先，和 shell 的约定一样）；不在终端里时按 80 格。"""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        try:
            columns = os.get_terminal_size().columns
        except (OSError, ValueError):
            columns = 80
    return max(min(columns, MAX_WIDTH) - 2, MIN_WIDTH)


def display_width(text: str) -> int:
    """在终端里占几格：汉字和全角标点两格，其余一格。"""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _is_wide(ch: str) -> bool:
    return "\u2e80" <= ch <= "\uffef"


def _placeholder_end(text: str, start: int) -> int:
    """text[start] 是“{”：到配对的“}”之后的位置；中间有空白或又一个“{”时不算占位符（0）。"""
    end = text.find("}", start)
    inner = text[start + 1 : end]
    return 0 if end == -1 or "{" in inner or any(c.isspace() for c in inner) else end + 1


def _words(text: str) -> list[str]:
    """折行的最小单位：一段空白、一个占位符（{名称}）、一个汉字，或一个拉丁词、数字、选项名（--force、2010-07-01）。"""
    words: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            end = i + 1
            while end < len(text) and text[end].isspace():
                end += 1
        elif ch == "{" and _placeholder_end(text, i):
            end = _placeholder_end(text, i)
        elif _is_wide(ch):
            end = i + 1
        else:
            end = i + 1
            while end < len(text) and not text[end].isspace() and not _is_wide(text[end]):
                end += 1
        words.append(text[i:end])
        i = end
    return words


def _pieces(text: str) -> list[str]:
    """折行时不拆开的小段：一个词，带着它前后的标点。"""
    pieces: list[str] = []
    for word in _words(text):
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


def text_block(text: str, width: int, indent: int = 2) -> list[str]:
    """说明文字：缩进两格，按宽度折行；段与段之间空一行。"""
    pad = " " * indent
    return [f"{pad}{line}" if line else "" for line in wrap(text.strip(), width - indent)]


def two_columns(rows: list[tuple[str, str]], width: int, indent: int = 2) -> list[str]:
    """左栏（选项名、命令名）和右栏（说明）：右栏对齐、按宽度折行；左栏太长时说明另起一行。"""
    first = min(max((display_width(left) for left, _ in rows), default=0), COLUMN_MAX) + COLUMN_GAP
    pad = " " * indent
    lines: list[str] = []
    for left, right in rows:
        if not right:
            lines.append(f"{pad}{left}")
            continue
        wrapped = wrap(right, max(width - first - indent, 10))
        if display_width(left) <= first - COLUMN_GAP:
            lines.append(f"{pad}{left}{' ' * (first - display_width(left))}{wrapped[0]}")
        else:
            lines.extend((f"{pad}{left}", f"{' ' * (first + indent)}{wrapped[0]}"))
        lines.extend(f"{' ' * (first + indent)}{line}" for line in wrapped[1:])
    return lines


def page(usage: str, description: str, sections: list[tuple[str, list[tuple[str, str]]]], width: int | None = None) -> str:
    """一个命令的整份帮助：用法、说明，再是各个两栏表（小标题用全角冒号）。"""
    width = width or terminal_width()
    lines = [f"用法：{usage}", ""]
    if description.strip():
        lines += [*text_block(description, width), ""]
    for heading, rows in sections:
        if rows:
            lines += [f"{heading}：", *two_columns(rows, width), ""]
    return "\n".join(lines).rstrip("\n") + "\n"

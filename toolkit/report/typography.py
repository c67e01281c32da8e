"""报告正文的字面规矩：夹在汉字之间的半角标点改全角（日期的两种写法见 toolkit.text.date_text）。"""

from __future__ import annotations

import re
from functools import cache

# 汉字和全角标点：CJK 统一表意文字（含扩展 A）、兼容表意文字、CJK 符号和标点、全角形式，以及中文里的引号、省略号、破折号。
# 逐字比码位，不写成正则的字符类：这样大的类编译一次要一两毫秒，生成一份报告要编译三次
_CJK_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF), (0x3000, 0x303F), (0xFF00, 0xFFEF))
_CJK_MARKS = frozenset("“”‘’…—")
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}


def is_cjk(ch: str) -> bool:
    """汉字或全角标点（一个字符）。"""
    code = ord(ch)
    return any(low <= code <= high for low, high in _CJK_RANGES) or ch in _CJK_MARKS


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    """用到时才编译（只检查工作簿时用不到）。"""
    return re.compile(r"[,:;?!]"), re.compile(r"\(([^()]*)\)")


def normalise_punctuation(text: str) -> tuple[str, int]:
    """返回（改好的文字, 改了几处）。"""
    punct_re, parens_re = _patterns()
    count = 0

    def punct(match: re.Match) -> str:
        """前面或后面挨着汉字（或全角标点）的 , : ; ? !；数字之间的（13:41、1,000）不动。"""
        nonlocal count
        start, end = match.span()
        source = match.string
        if (start and is_cjk(source[start - 1])) or (end < len(source) and is_cjk(source[end])):
            count += 1
            return _HALF_TO_FULL[match.group(0)]
        return match.group(0)

    text = punct_re.sub(punct, text)

    def parens(match: re.Match) -> str:
        """括号：里面或外面挨着汉字的一对半角括号。"""
        nonlocal count
        inner = match.group(1)
        start, end = match.span()
        before = match.string[start - 1] if start else ""
        after = match.string[end] if end < len(match.string) else ""
        if any(map(is_cjk, inner)) or (before and is_cjk(before)) or (after and is_cjk(after)):
            count += 1
            return f"（{inner}）"
        return match.group(0)

    text = parens_re.sub(parens, text)
    return text, count

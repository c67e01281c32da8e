"""报告正文的字面规矩：夹在汉字之间的半角标点改全角（日期的两种写法见 toolkit.text.date_text）。"""

from __future__ import annotations

import re
from functools import cache

_CJK = r"\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’…—"
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """用到时才编译（汉字的字符类很大，编译要几毫秒；只检查工作簿时用不到）。"""
    return (
        # 前面或后面挨着汉字（或全角标点）的 , : ; ? !；数字之间的（13:41、1,000）不动
        re.compile(rf"(?<=[{_CJK}])[,:;?!]|[,:;?!](?=[{_CJK}])"),
        # 括号：里面或外面挨着汉字的一对半角括号
        re.compile(rf"\(([^()]*)\)"),
        re.compile(rf"[{_CJK}]"),
    )


def normalise_punctuation(text: str) -> tuple[str, int]:
    """返回（改好的文字, 改了几处）。"""
    punct_re, parens_re, has_cjk = _patterns()
    count = 0

    def punct(match: re.Match) -> str:
        nonlocal count
        count += 1
        return _HALF_TO_FULL[match.group(0)]

    text = punct_re.sub(punct, text)

    def parens(match: re.Match) -> str:
        nonlocal count
        inner = match.group(1)
        start, end = match.span()
        before = match.string[start - 1] if start else ""
        after = match.string[end] if end < len(match.string) else ""
        if has_cjk.search(inner) or has_cjk.match(before or " ") or has_cjk.match(after or " "):
            count += 1
            return f"（{inner}）"
        return match.group(0)

    text = parens_re.sub(parens, text)
    return text, count

"""报告正文的字面规矩：夹在汉字之间的半角标点改全角、日期的两种写法。"""

from __future__ import annotations

import datetime as dt
import re

_CJK = r"\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’…—"
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}

# 前面或后面挨着汉字（或全角标点）的 , : ; ? !；数字之间的（13:41、1,000）不动
_PUNCT = re.compile(rf"(?<=[{_CJK}])[,:;?!]|[,:;?!](?=[{_CJK}])")
# 括号：里面或外面挨着汉字的一对半角括号
_PARENS = re.compile(rf"\(([^()]*)\)")
_HAS_CJK = re.compile(rf"[{_CJK}]")


def normalise_punctuation(text: str) -> tuple[str, int]:
    """返回（改好的文字, 改了几处）。"""
    count = 0

    def punct(match: re.Match) -> str:
        nonlocal count
        count += 1
        return _HALF_TO_FULL[match.group(0)]

    text = _PUNCT.sub(punct, text)

    def parens(match: re.Match) -> str:
        nonlocal count
        inner = match.group(1)
        start, end = match.span()
        before = match.string[start - 1] if start else ""
        after = match.string[end] if end < len(match.string) else ""
        if _HAS_CJK.search(inner) or _HAS_CJK.match(before or " ") or _HAS_CJK.match(after or " "):
            count += 1
            return f"（{inner}）"
        return match.group(0)

    text = _PARENS.sub(parens, text)
    return text, count


_DIGITS = "〇一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1–31：一、十、十一、二十一、三十一。"""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def date_text(day: dt.date, style: str = "阿拉伯数字") -> str:
    """2011年1月7日（不补零），或 二〇一一年一月七日。"""
    if style == "汉字":
        year = "".join(_DIGITS[int(d)] for d in str(day.year))
        return f"{year}年{_chinese_number(day.month)}月{_chinese_number(day.day)}日"
    return f"{day.year}年{day.month}月{day.day}日"

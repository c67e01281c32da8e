"""遮盖身份证号、手机号：看内容，不看列名。任何输出（消息、JSON、标注副本、报告、汇总表）都经过这里。

每一类号码遮成固定的样子，留下的数字不多于固定的几位：
    18 位身份证号   110105********1234     （前 6 位是地区码，后 4 位；标准的写法）
    15 位旧身份证号 110105******123
    11 位手机号     138****5678
    固定电话       010-****78             （只在“联系电话”列里：文字里的办公电话不遮）
    其他（像号码却不完整、放错了列）  12****34，不论多长都是这个样子：不露出长度，至多露出 4 位数字

文字里的号码可以写成带空格、短横、+86、全角数字的样子（138 1234 5678、138-1234-5678、+86 13812345678、
１３８１２３４５６７８），都认得出来、原样位置上遮掉。
"""

from __future__ import annotations

import re

from toolkit.text import value_text

ID = "id"  # 身份证号列（standard.Column.sensitive）
PHONE = "phone"  # 联系电话列

_FULL_WIDTH = str.maketrans("０１２３４５６７８９ＸｘＸ", "0123456789XxX")
_DIGIT = "[0-9０-９]"
_SEPARATOR = r"[ \u00a0\u3000\-‐‑–—－]"
# 一串数字（中间可以有一个空格或短横），前面可以有 +86 / 0086 / 86-，末尾可以是 X（身份证号的校验位）
_NUMBER = re.compile(
    rf"(?<![0-9０-９A-Za-z])"
    rf"(?:(?:\+|＋|00)?86{_SEPARATOR}?)?"
    rf"{_DIGIT}(?:{_SEPARATOR}?{_DIGIT}){{6,}}(?:{_SEPARATOR}?[XxＸｘ])?"
    rf"(?![0-9０-９A-Za-z])"
)
_MOBILE = re.compile(r"1[3-9]\d{9}")
_ID18 = re.compile(r"\d{17}[\dX]")
_ID15 = re.compile(r"\d{15}")
# 固定电话：区号 010、020–029 是 3 位，其余 4 位；本地号码 7–8 位
_LANDLINE = re.compile(r"(0[12]\d|0[3-9]\d{2})?[2-9]\d{6,7}")


def _digits(text: str) -> str:
    """只留数字（和末尾的 X），去掉 +86 前缀和分隔符。"""
    plain = text.translate(_FULL_WIDTH).upper()
    plain = re.sub(r"^(?:\+|00)?86(?=[\s\-‐‑–—－\u00a0\u3000]?1[3-9])", "", plain)
    return re.sub(r"[^0-9X]", "", plain)


def _other(digits: str) -> str:
    """说不清是哪一类的号码：固定的样子，只露头两位和末两位。"""
    if len(digits) < 8:
        return "****"
    return digits[:2] + "****" + digits[-2:]


def mask_id(text: str) -> str:
    """身份证号列里的值：18 位 110105********1234，15 位 110105******123，手机号 138****5678，其他 12****34。"""
    digits = _digits(text)
    if _ID18.fullmatch(digits):
        return digits[:6] + "*" * 8 + digits[-4:]
    if _ID15.fullmatch(digits):
        return digits[:6] + "*" * 6 + digits[-3:]
    if _MOBILE.fullmatch(digits):
        return digits[:3] + "****" + digits[-4:]
    return _other(digits)


def mask_phone(text: str) -> str:
    """联系电话列里的值：手机号 138****5678，固定电话 010-****78，其他 12****34。"""
    digits = _digits(text)
    if _MOBILE.fullmatch(digits):
        return digits[:3] + "****" + digits[-4:]
    if _ID18.fullmatch(digits) or _ID15.fullmatch(digits):
        return mask_id(digits)
    landline = _LANDLINE.fullmatch(digits)
    if landline:
        area = landline.group(1)
        return (f"{area}-" if area else "") + "****" + digits[-2:]
    return _other(digits)


def _mask_found(match: re.Match) -> str:
    found = match.group(0)
    digits = _digits(found)
    if _ID18.fullmatch(digits) or _ID15.fullmatch(digits) or _MOBILE.fullmatch(digits):
        return mask_id(digits)
    if digits.startswith("0") and _LANDLINE.fullmatch(digits):
        return found  # 带区号的办公电话
    if 11 <= len(digits) <= 18:
        return _other(digits)  # 像号码而不完整：少一位、多一位的手机号或身份证号
    return found  # 短的数字串（日期、金额、办公电话）照原样


def mask_text(text: str) -> str:
    """文字里凡是像身份证号、手机号的，都遮掉；别的字一个不动。"""
    if not text or sum(ch.isdigit() for ch in text) < 11:
        return text
    return _NUMBER.sub(_mask_found, text)


def mask(value, sensitive: str | None = None) -> str:
    """一格的值的文字：身份证号、联系电话列按列遮；别的列按内容遮。"""
    text = value_text(value)
    if sensitive == ID:
        return mask_id(text)
    if sensitive == PHONE:
        return mask_phone(text)
    return mask_text(text)


def has_sensitive_number(text: str) -> bool:
    """文字里有没有像身份证号、手机号的号码（要遮的）。"""
    return bool(text) and mask_text(text) != text

"""遮盖身份证号、联系电话：任何输出里都只留前后几位。"""

from __future__ import annotations

import re

from toolkit.text import value_text


def mask_id(text: str) -> str:
    """110105********1234：只留前 6 位和后 4 位。"""
    s = re.sub(r"\s", "", text)
    if len(s) <= 8:
        return "*" * len(s)
    return s[:6] + "*" * (len(s) - 10 if len(s) > 10 else 4) + s[-4:]


def mask_phone(text: str) -> str:
    """138****5678；固定电话留区号和后 2 位。"""
    s = re.sub(r"\s", "", text)
    digits = re.sub(r"\D", "", s)
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + "****" + digits[-4:]
    if len(s) <= 4:
        return "*" * len(s)
    return s[:3] + "*" * (len(s) - 5) + s[-2:]


def mask(value, sensitive: str | None) -> str:
    text = value_text(value)
    if sensitive == "id":
        return mask_id(text)
    if sensitive == "phone":
        return mask_phone(text)
    return text

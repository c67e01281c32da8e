"""单元格的值：认日期、数字、可选值和身份证号，把“填写的是”讲清楚。

用户交来的值五花八门（全角数字、2010.11.5、带空格的姓名、被 Excel 改成 1.1E+17 的身份证号），
这里把没有歧义的统一过来；有歧义或认不出的，抛出 ValueProblem，由 checks 变成一条发现。
"""

from __future__ import annotations

import datetime as dt
import math
import operator
import re
from typing import Mapping

from toolkit.privacy import mask
from toolkit.standard import Sex
from toolkit.text import CONTROL_CHARACTERS, LazyPattern, clean_text, header_key, value_text


class ValueProblem(Exception):
    """一个值读不成它该有的样子。文字都是给用户看的中文。"""

    def __init__(self, code: str, problem: str, expected: str = "", fix: str = ""):
        super().__init__(problem)
        self.code = code
        self.problem = problem
        self.expected = expected
        self.fix = fix


_ID_SPACES = re.compile(r"[\s\u3000]")
_ID_SCIENTIFIC = re.compile(r"\d(\.\d+)?E\+?\d+")
_ID_SHAPE = re.compile(r"\d{17}[\dX]")
_PHONE_NOISE = re.compile(r"[\s\u3000()（）]")


# ---------------------------------------------------------------- “填写的是”

_VISIBLE_NAMES = {
    "\u3000": "全角空格",
    "\xa0": "不换行空格",
    "\u200b": "零宽空格",
    "\ufeff": "BOM",
    "\t": "制表符",
}


def describe_found(value, sensitive: str | None = None) -> str:
    """“填写的是：”后面的话：加引号，遮盖敏感信息，点明看不见的字符。"""
    if value is None:
        return "（空白）"
    if isinstance(value, str):
        if not clean_text(value):
            return "（空白）" if not value else f"“{value}”（只有空格）"
        notes = []
        if value != value.rstrip(" \u3000"):
            notes.append("末尾有空格")
        if value != value.lstrip(" \u3000"):
            notes.append("开头有空格")
        hidden = sorted({_VISIBLE_NAMES.get(ch, "") for ch in value if ch in _VISIBLE_NAMES or CONTROL_CHARACTERS.match(ch)} - {""})
        if any(CONTROL_CHARACTERS.match(ch) for ch in value):
            hidden.append("控制字符")
        if hidden:
            notes.append("含不可见字符：" + "、".join(hidden))
        shown = mask(clean_text(value), sensitive)
        if len(shown) > 40:
            shown = shown[:40] + "……"
        return f"“{shown}”" + (f"（{'，'.join(notes)}）" if notes else "")
    if sensitive == "id" and isinstance(value, float):
        return f"“{value:.5E}”（数字）"  # Excel 里看到的样子；后几位已经丢了，没有可遮盖的
    shown = mask(value, sensitive)
    return f"“{shown}”"


# ---------------------------------------------------------------- 文字值


def parse_text(raw) -> str:
    """文字列：数字写成不带 .0 的样子，日期写成 2010-11-05。"""
    text = clean_text(value_text(raw))
    return text


# ---------------------------------------------------------------- 可选值


def parse_choice(raw, choices: tuple[str, ...], aliases: Mapping[str, str]) -> tuple[str, str | None]:
    """返回（标准值, 说明）。说明不为空时，表示做了一次没有歧义的统一，要告诉用户。"""
    text = clean_text(value_text(raw))
    if text in choices:
        return text, None
    key = header_key(text)
    for choice in choices:
        if header_key(choice) == key:
            return choice, None  # 只差空格、全角半角：不值得提醒
    for alias, target in aliases.items():
        if header_key(alias) == key:
            return target, f"“{text}”已按“{target}”处理。"
    raise ValueProblem(
        "choice",
        f"“{text[:30]}”不是可选的值。",
        "从下拉列表选择：" + "、".join(choices),
        "从下拉列表重新选择",
    )


# ---------------------------------------------------------------- 数字


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")


def parse_int(raw) -> int:
    """整数：5、5.0、“5”、“ 5 ”、“５”、“1,000”、“5人”都是 5；274.65999999999997 不是整数。"""
    if isinstance(raw, bool):
        raise ValueProblem("int", "这里应是一个数，填的是逻辑值。", fix="改为输入数字")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if math.isfinite(raw) and abs(raw - round(raw)) < 1e-6:
            return int(round(raw))
        raise ValueProblem("int", "这里应是整数（人数），填的是小数。", fix="改为整数")
    if isinstance(raw, (dt.date, dt.time)):
        raise ValueProblem("int", "这里应是整数，这一格却是日期格式。", fix="把单元格格式设为“常规”或“数值”，再输入整数")
    text = clean_text(str(raw)).translate(_FULLWIDTH_DIGITS)
    text = re.sub(r"[\s\u3000]", "", text)
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    text = re.sub(r"(人|名|次|个|项)$", "", text)
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?\d+\.0*", text):
        return int(float(text))
    raise ValueProblem("int", "无法识别为整数。", fix="只填阿拉伯数字，如 28")


# ---------------------------------------------------------------- 日期

_EXCEL_EPOCH_1900 = dt.date(1899, 12, 30)
_EXCEL_EPOCH_1904 = dt.date(1904, 1, 1)

_YMD = LazyPattern(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_COMPACT = LazyPattern(r"^(\d{4})(\d{2})(\d{2})$")
_YM = LazyPattern(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_DMY = LazyPattern(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def _make_date(year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise ValueProblem("date", f"月份“{month}”不存在。", fix="改成正确的日期")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem("date", f"{year}年{month}月没有{day}日。", fix="改成正确的日期") from None


def _from_serial(number: float, date1904: bool) -> dt.date:
    whole = int(number)
    if date1904:
        return _EXCEL_EPOCH_1904 + dt.timedelta(days=whole)
    if whole < 60:  # Excel 把 1900 年当成闰年：60 之前差一天
        whole += 1
    return _EXCEL_EPOCH_1900 + dt.timedelta(days=whole)


YEARS = (1900, 2100)  # 报告里的日期只会在这之间；9999-12-31（“长期”）、0001-01-01 之类不是真的日期


def parse_date(raw, *, date1904: bool = False) -> dt.date:
    """日期：Excel 日期、序列号、2010-11-05、2010/11/5、2010.11.5、2010年11月5日、20101105。"""
    day = _parse_date(raw, date1904)
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise ValueProblem(
            "date",
            f"{day.year} 年不像是真实的日期（应在 {YEARS[0]}–{YEARS[1]} 年之间）。",
            fix="改成正确的日期；没有期限的请留空",
        )
    return day


def _parse_date(raw, date1904: bool) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, bool) or isinstance(raw, dt.time):
        raise ValueProblem("date", "无法识别为日期。")
    if isinstance(raw, (int, float)):
        if isinstance(raw, int) and 19000101 <= raw <= 21001231:
            return _compact(str(raw))
        if 1 <= raw < 2958466:  # 没设日期格式的日期（Excel 的序列号）
            day = _from_serial(raw, date1904)
            if 1900 <= day.year <= 2100:
                return day
        raise ValueProblem("date", "这是一个数字，不是日期。")
    text = clean_text(str(raw)).translate(_FULLWIDTH_DIGITS)
    text = text.replace("／", "/").replace("－", "-")
    match = _YMD.match(text)
    if match:
        return _make_date(*(int(g) for g in match.groups()))
    match = _COMPACT.match(text)
    if match:
        return _compact(text)
    if _YM.match(text) or re.fullmatch(r"\d{4}", text):
        missing = "月和日" if re.fullmatch(r"\d{4}", text) else "日"
        raise ValueProblem("date", f"无法识别为日期（缺少“{missing}”）。", fix="重新输入完整日期")
    if _DMY.match(text):
        raise ValueProblem("date", "无法确定是“日/月/年”还是“月/日/年”。", fix="按“年-月-日”的顺序重新输入")
    raise ValueProblem("date", "无法识别为日期。", fix="重新输入完整日期")


def _compact(text: str) -> dt.date:
    match = _COMPACT.match(text)
    assert match
    return _make_date(*(int(g) for g in match.groups()))


# ---------------------------------------------------------------- 身份证号（GB 11643）

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    return _ID_CHECK[sum(map(operator.mul, map(int, first17), _ID_WEIGHTS)) % 11]  # 名册每人一次：不用生成器


_ID_FIX_TEXT = "把这一列的单元格格式设为“文本”（右键 → 设置单元格格式 → 文本），再重新输入完整的身份证号"


def parse_id_number(raw) -> str:
    """18 位身份证号，末位 X 大写。被 Excel 存成数字的，后几位已丢失：直说，不猜。"""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raise ValueProblem(
            "id.scientific",
            "身份证号被 Excel 存成了数字（显示为 1.1E+17 这样的科学计数），后几位已经丢失，无法恢复。",
            "18 位身份证号（以文本格式保存）",
            _ID_FIX_TEXT,
        )
    text = _ID_SPACES.sub("", clean_text(str(raw))).translate(_FULLWIDTH_DIGITS).upper()
    text = text.replace("Ｘ", "X")
    if _ID_SCIENTIFIC.fullmatch(text):
        raise ValueProblem(
            "id.scientific",
            "身份证号显示成了科学计数（如 1.1E+17），后几位已经丢失，无法恢复。",
            "18 位身份证号（以文本格式保存）",
            _ID_FIX_TEXT,
        )
    if not _ID_SHAPE.fullmatch(text):
        length = len(text)
        raise ValueProblem(
            "id.invalid",
            f"身份证号应为 18 位（最后一位可以是 X），这里是 {length} 位。" if length != 18 else "身份证号只能由数字组成，最后一位可以是 X。",
            "18 位身份证号（以文本格式保存）",
            "核对后重新输入",
        )
    if id_check_digit(text[:17]) != text[17]:
        raise ValueProblem("id.invalid", "身份证号的校验位（最后一位）不对，号码中可能有输错的数字。", "18 位身份证号（以文本格式保存）", "核对证件后重新输入")
    try:
        dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise ValueProblem("id.invalid", "身份证号里的出生日期（第 7–14 位）不是真实的日期。", "18 位身份证号（以文本格式保存）", "核对证件后重新输入") from None
    return text


def id_birth_date(id_number: str) -> dt.date:
    return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def id_sex(id_number: str) -> str:
    return Sex.MALE if int(id_number[16]) % 2 == 1 else Sex.FEMALE


# ---------------------------------------------------------------- 电话

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = LazyPattern(r"^(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6})?$")


def phone_is_valid(text: str) -> bool:
    s = _PHONE_NOISE.sub("", text).translate(_FULLWIDTH_DIGITS)
    if s.startswith("+86"):
        s = s[3:]
    return bool(_MOBILE.match(s) or _LANDLINE.match(s))

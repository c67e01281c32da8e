"""单元格这一层：一格读出来是什么（Cell），以及把 XML 里的原文变成值的规则。

    Cell(value, kind)              kind：value / date / formula_no_value / error / picture
    Row                            读出的一行：(行号, 是否隐藏, {列号: Cell})，两种读法给出的都是它
    EMPTY、EMPTY_RESULT、NO_VALUE、PICTURE、TRUE、FALSE   几种反复出现的格，各读法共用同一个对象
    number_cell(text, date_kind, date1904)   数字原文 → Cell（日期格式的换算成日期时间）
    serial_to_datetime、iso_cell   Excel 序列号、t="d" 的 ISO 文字 → 日期时间
    format_kind(code)、builtin_kind(fmt_id)   数字格式是不是日期：0 不是 / 1 日期 / 2 纯时间
    unescape(text)                 Excel 的 _xHHHH_ 转义
    column_letter、column_index、parse_range   列字母、单元格位置、合并范围

这里不碰压缩包，也不碰 XML 树：只认原文。
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from toolkit.text import LazyPattern

__all__ = [
    "Cell",
    "Row",
    "EMPTY",
    "EMPTY_RESULT",
    "NO_VALUE",
    "PICTURE",
    "TRUE",
    "FALSE",
    "DATE_TIME",
    "PURE_TIME",
    "QUOTED",
    "number_cell",
    "serial_to_datetime",
    "iso_cell",
    "format_kind",
    "builtin_kind",
    "unescape",
    "column_letter",
    "column_index",
    "known_columns",
    "parse_range",
]


@dataclass(frozen=True, slots=True)
class Cell:
    """一个单元格读出的值和它是哪一种（值、日期、没有缓存值的公式、错误值、图片）。"""

    value: str | int | float | bool | _dt.datetime | _dt.time | None
    kind: str = "value"  # value / date / formula_no_value / error / picture


Row = tuple[int, bool, dict[int, Cell]]  # 读出的一行：(Excel 行号, 是否隐藏, {列号: Cell})，只含有内容的格

EMPTY = Cell("")  # 空的共享字符串：不算内容
EMPTY_RESULT = Cell("")  # 公式算出来的空文字：算内容（有公式）
NO_VALUE = Cell(None, "formula_no_value")
PICTURE = Cell(None, "picture")
TRUE = Cell(True)
FALSE = Cell(False)


# ---------------------------------------------------------------- 文字


_ESCAPE = LazyPattern(r"_x([0-9A-Fa-f]{4})_")
_SURROGATE = LazyPattern("[\ud800-\udfff]")


def unescape(text: str) -> str:
    """Excel 的 _xHHHH_ 转义：_x000D_ → 回车；_x005F_x000D_ → 字面的 _x000D_。"""
    if "_x" not in text:
        return text
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    if _SURROGATE.search(text):  # 用两个转义写的补充平面字符
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


# ---------------------------------------------------------------- 数字和日期


def _number(text: str):
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return None
    if value.is_integer() and "e" not in text and "E" not in text and abs(value) < 2**53:
        return int(value)
    return value


def number_cell(text: str, date_kind: int, date1904: bool) -> Cell | None:
    """数字原文 → Cell；date_kind 是这一格样式的 format_kind。不是数字时返回 None（交给慢路径）。"""
    value = _number(text)
    if value is None:
        return None
    if date_kind:
        moment = serial_to_datetime(value, date1904, date_kind == PURE_TIME)
        if moment is not None:
            return Cell(moment, "date")
    return Cell(value)


_EPOCH_1900 = _dt.datetime(1899, 12, 30)
_EPOCH_1904 = _dt.datetime(1904, 1, 1)
_MS_PER_DAY = 86_400_000


def serial_to_datetime(serial: float, date1904: bool, pure_time: bool):
    """Excel 序列号 → datetime（纯时间格式且小于 1 → time）。超出范围返回 None。"""
    if serial < 0 or serial >= 2_958_466 or isinstance(serial, bool):
        return None
    if pure_time and serial < 1:
        ms = min(round(serial * _MS_PER_DAY), _MS_PER_DAY - 1)
        seconds, ms = divmod(ms, 1000)
        return _dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60, ms * 1000)
    if date1904:
        base = _EPOCH_1904
    else:
        base = _EPOCH_1900
        if serial < 60:  # Lotus 的 1900-02-29：60 之前的序列号整体偏一天
            serial += 1
    try:
        return base + _dt.timedelta(milliseconds=round(serial * _MS_PER_DAY))
    except OverflowError:
        return None


def iso_cell(text: str) -> Cell:
    """t="d" 单元格：ISO 8601 文字。"""
    raw = text.strip()
    try:
        moment = _dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            moment = moment.replace(tzinfo=None)
        return Cell(moment, "date")
    except ValueError:
        pass
    try:
        return Cell(_dt.time.fromisoformat(raw), "date")
    except ValueError:
        return Cell(raw)


# ---------------------------------------------------------------- 数字格式：是不是日期


DATE_TIME = 1  # 日期（或日期时间）
PURE_TIME = 2  # 纯时间

# 内置数字格式：日期（含中文区域的 27–36、50–58）与纯时间
_BUILTIN_DATES = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_BUILTIN_TIMES = {18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47, 55, 56}


def builtin_kind(fmt_id: int) -> int:
    """内置格式号：0 不是日期；DATE_TIME；PURE_TIME。"""
    if fmt_id in _BUILTIN_TIMES:
        return PURE_TIME
    return DATE_TIME if fmt_id in _BUILTIN_DATES else 0


QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.')  # 格式里照原样显示的部分：引号里的文字、转义的字符、占位和填充
_BRACKET = re.compile(r"\[([^\]]*)\]")
_ELAPSED = LazyPattern(r"^(h+|m+|s+)$", re.IGNORECASE)


def format_kind(code: str) -> int:
    """自定义格式：0 不是日期；DATE_TIME 日期（或日期时间）；PURE_TIME 纯时间。"""
    if not code:
        return 0
    section = code.split(";")[0]  # 正数部分决定显示
    section = QUOTED.sub("", section)
    elapsed = bool(any(_ELAPSED.match(m) for m in _BRACKET.findall(section)))
    section = _BRACKET.sub("", section).lower()
    if section.strip() in ("general", "@", ""):
        return PURE_TIME if elapsed else 0
    has_time = elapsed
    for marker in ("am/pm", "a/p", "上午/下午"):
        if marker in section:
            has_time = True
            section = section.replace(marker, "")
    has_date = any(ch in section for ch in "yd年月日") or ("m" in section and not _minutes_only(section))
    has_time = has_time or any(ch in section for ch in "hs时分秒")
    if has_date:
        return DATE_TIME
    return PURE_TIME if has_time else 0


def _minutes_only(section: str) -> bool:
    """格式里的每个 m 都紧挨着 h 或 s（是“分”不是“月”）。"""
    for match in re.finditer(r"m+", section):
        before = section[: match.start()].rstrip(" :.")[-1:]
        after = section[match.end() :].lstrip(" :.")[:1]
        if before not in ("h",) and after not in ("s",):
            return False
    return True


# ---------------------------------------------------------------- 位置


MAX_COLUMN = 16_384  # Excel 一行最多 16,384 列（XFD）
_COLUMNS: dict[str, int] = {}  # 见过的列字母 → 列号（读行时每一格都要查）


def column_letter(index: int) -> str:
    """1 → "A"，27 → "AA"。"""
    if index < 1:
        raise ValueError(f"列号从 1 开始：{index}")
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _letters_index(letters: str) -> int:
    index = 0
    for ch in letters:
        if not "A" <= ch <= "Z":
            return 0
        index = index * 26 + ord(ch) - 64
    return index if 0 < index <= MAX_COLUMN else 0


def known_columns() -> dict[str, int]:
    """见过的列字母 → 列号：读行的热循环先查它（只读），查不到再调 column_index。"""
    return _COLUMNS


def column_index(ref: str) -> int:
    """单元格位置（"AB12"）的列号；认不出是 0。"""
    letters = ref.rstrip("0123456789")
    index = _letters_index(letters.upper())
    if index and len(_COLUMNS) < 20_000:
        _COLUMNS[letters] = index
    return index


def _parse_ref(ref: str) -> tuple[int, int] | None:
    ref = ref.replace("$", "").strip().upper()
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters) :]
    col = _letters_index(letters)
    if not col or not digits.isdigit():
        return None
    return int(digits), col


def parse_range(ref: str | None) -> tuple[int, int, int, int] | None:
    """"B2:C5" → (最小行, 最小列, 最大行, 最大列)；单独一格也行。认不出返回 None。"""
    if not ref:
        return None
    first, _, last = ref.partition(":")
    a = _parse_ref(first)
    b = _parse_ref(last) if last else a
    if a is None or b is None:
        return None
    return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])

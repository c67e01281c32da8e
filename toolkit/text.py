"""文字的基本功：清理用户的文字、比较表头和人名用的键、值的文字形式、日期的中文写法。

读取（workbook）、检查（checks）、模型（branch）、报告（report）都用它们，所以放在最底层。
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from toolkit.standard import DateStyle


class LazyPattern:
    """正则，第一次用到时才编译（re.compile 的参数一样）：只在少见的文字上才用得到的正则，
    不必让每条命令在导入时都编译一遍。用到以后，取 match、sub 等就是编译好的正则的方法，一样快。"""

    def __init__(self, pattern, flags: int = 0):
        self.source = (pattern, flags)

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = self.__dict__.get("compiled")
        if compiled is None:
            compiled = self.__dict__["compiled"] = re.compile(*self.source)
        value = self.__dict__[name] = getattr(compiled, name)
        return value


# 看不见却会让“张三”≠“张三”的字符
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# 控制字符（保留换行和制表）：python-docx 和 openpyxl 都会因它们出错
CONTROL_CHARACTERS = LazyPattern(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACES = str.maketrans({"\xa0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " "})


# 需要清理的字符；没有它们的文字（绝大多数）只去首尾空白
_NEEDS_CLEANING = re.compile("[\x00-\x08\x0b-\x1f\x7f\xa0\u00ad\u2002\u2003\u2009\u200b-\u200d\u202f\u2060\ufeff\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """去掉不可见字符和控制字符，统一换行，去掉首尾空白（含全角空格）。"""
    if _NEEDS_CLEANING.search(text) is None:
        return text.strip(" \t\n\u3000")
    text = text.translate(_INVISIBLE).translate(_SPACES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = CONTROL_CHARACTERS.sub("", text)
    return text.strip(" \t\n\u3000")


# 见过的表头、表名 → 键：每本工作簿的表头都是那几十个写法，汇总几千本时每个要算上千次。有上限
_HEADER_KEYS: dict[str, str] = {}
HEADER_KEYS_LIMIT = 20_000


def header_key(text: str) -> str:
    """比较表头、工作表名用的键：全角变半角，去掉一切空白和换行、必填星号、末尾冒号。"""
    if text.__class__ is str:  # 只记文字（与 name_key 同理）
        key = _HEADER_KEYS.get(text)
        if key is not None:
            return key
    key = unicodedata.normalize("NFKC", clean_text(str(text)))
    key = _WHITESPACE.sub("", key)
    key = key.strip("*＊:：").lower()
    if text.__class__ is str and len(_HEADER_KEYS) < HEADER_KEYS_LIMIT:
        _HEADER_KEYS[text] = key
    return key


# 每名党员、每行出勤都要用：预先编译（re 模块的缓存查找在十几万次调用时也看得出来）
_WHITESPACE = re.compile(r"\s+")
_MIDDLE_DOTS = re.compile(r"[·•・‧∙．.]")


# 见过的人名 → 键：名册、出勤、承诺里同一个名字要比上十几万次。有上限，十几万人的名册也只占几十 MB
_NAME_KEYS: dict[str, str] = {}
NAME_KEYS_LIMIT = 200_000


def name_key(name: str) -> str:
    """比较人名用的键：“张 三”“张　三”“张三”是同一个人；间隔号统一。"""
    if name.__class__ is str:  # 只记文字：1、1.0、True 作字典的键是同一个，文字形式却不同
        key = _NAME_KEYS.get(name)
        if key is not None:
            return key
    text = unicodedata.normalize("NFKC", clean_text(str(name)))
    text = _WHITESPACE.sub("", text)
    key = _MIDDLE_DOTS.sub("·", text)
    if name.__class__ is str and len(_NAME_KEYS) < NAME_KEYS_LIMIT:
        _NAME_KEYS[name] = key
    return key


def has_inner_space(text: str) -> bool:
    return bool(re.search(r"[\s\u3000]", text.strip()))


def value_text(value) -> str:
    """值的文字形式（不加引号、不说明）。"""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value) if abs(value) >= 1e15 else f"{value:.15g}"
    return str(value)



_DIGITS = "〇一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1–31：一、十、十一、二十一、三十一。"""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def date_text(day: dt.date, style: str = DateStyle.ARABIC) -> str:
    """2011年1月7日（不补零），或 二〇一一年一月七日。"""
    if style == DateStyle.CHINESE:
        year = "".join(_DIGITS[int(d)] for d in str(day.year))
        return f"{year}年{_chinese_number(day.month)}月{_chinese_number(day.day)}日"
    return f"{day.year}年{day.month}月{day.day}日"


# openpyxl 写不进单元格的字符（XML 1.0 不允许的控制字符）
_CELL_ILLEGAL = LazyPattern(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CELL_LIMIT = 32_767  # Excel 一格的字数上限


def cell_text(text) -> str:
    """写进工作簿（标注副本、汇总表）的文字：去掉 XML 不允许的控制字符，不超过一格的上限。"""
    text = _CELL_ILLEGAL.sub("", str(text))
    return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - 1] + "…"


def command_line(*words) -> str:
    """印给用户复制粘贴的一条命令：每个词按 shell 的规矩加单引号（shlex.quote）。

    文件名由各支部自己起，可能带空格、$(…)、反引号：加了引号，粘贴进终端也只是文字，不会被执行。
    """
    import shlex

    return " ".join(shlex.quote(str(word)) for word in words)

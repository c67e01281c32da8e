"""快读（python-calamine）：一张工作表的单元格值交给 Rust 写的读取器，比逐格解析 XML 快几倍。

    read_rows(sheet)   与 rows_lxml.stream_rows 一样的行，逐行给出；一开始就能看出不能保证逐格相同时返回 None。
                       读到一半才拿不准（如某一格是带时刻的日期）时给出一个 None：之前给出的行两边相同，
                       之后的由 rows.py 改用 lxml 接着读

calamine 读不出本工具要区分的几种情况：公式没有计算结果、公式出错都读成空白，
隐藏行、WPS 图片、_xHHHH_ 转义、日期格式它自有一套判断。所以只在确知结果与
rows_lxml 逐格相同时才用它：

- 整本书：压缩包已由 package 查过（文件类型、大小、压缩比）；calamine 读的是同一份内存里的字节。
  部件都在 calamine 认定的位置；共享字符串里没有转义和注音；每个单元格样式的数字格式，
  两边对“是不是日期”的看法一定相同（用 package 解析过的同一份 NumberFormats）；不是 1904 日期系统。
- 每张表：先把 XML 解压出来按字节查一遍（不解析），有公式、错误值、隐藏行、转义、
  注释、带前缀的命名空间、指数写法的数字……任何一样就不用；单元格的位置范围有界
  （calamine 按矩形整块分配内存）。
- 读出的值：只有文字、数字、逻辑值、整天的日期；遇到带时刻的日期、时长等拿不准的值，
  整张表改走 lxml。

不满足时返回 None，由 rows.py 改用 lxml 逐格解析：结果永远以 lxml 那条路为准。
与 rows_lxml.py 是同一层的两种读法，都只用 package、parts、cells 的公开接口。
已知的边界：sheetData 里的 XML 是否完整合法不再由 libxml2 逐字检查（calamine 自己也检查结束标签）；
单元格引用的行号与所在 <row> 的行号不一致的文件（Excel/WPS/LibreOffice/openpyxl 都不会写出）两边读法不同。
"""

from __future__ import annotations

import datetime as dt
import io
import re
import weakref
from typing import Iterator

from lxml import etree

from toolkit.text import LazyPattern
from toolkit.workbook.cells import FALSE, QUOTED, TRUE, Cell, Row, format_kind
from toolkit.workbook.package import XlsxBook, XlsxSheet
from toolkit.workbook.parts import MAIN, MAX_PART, PARSER_OPTIONS

__all__ = ["read_rows"]

FAST_PART = MAX_PART  # 单个部件的上限之内都可以交给 calamine：它逐行读，占的内存与单元格数成正比
# calamine 按“最大行 × 最大列”的矩形分配内存：矩形不超过这么多格，或不超过实有单元格数的 FAST_DENSITY 倍
# （内存与文件里真有的单元格成正比，不会被远处的一格放大），才交给它；否则逐格解析
FAST_CELLS = 4_000_000
FAST_DENSITY = 2
_NS = MAIN.encode()

# 一出现就可能是 calamine 读不一样的写法。以 < 开头的几种合成一个正则、扫一遍（只在 < 处试）：
# 公式 <f；富文本 <r>（一格里可以层层嵌套，lxml 超过 256 层就拒绝，calamine 照读）；注释、CDATA <!；
# 处理指令 <?；没写位置的单元格（<c 后面不是 r="：calamine 按矩形整块分配内存，位置要先查清）
_ANGLE_SUSPECTS = re.compile(rb'<(?:f|r>|!|\?|c(?! r="))')
# 其余的各查一遍，但先用单个字节排除（memchr 很快）：一个写法的每个字节都在，才查这个写法
_SUSPECTS = (  # （单个字节, 写法）：写法是原样的字节，bytes.find 找（不必为它们编译正则）
    (b"e", b'"e"'),  # 错误值 t="e"（等号两边有空格也认得）
    # 指数写法的整数（1E+5）在 xlsx 里是小数，calamine 看不出。小写 e 只出自 Python（openpyxl），
    # 那时数值已 ≥ 1e16，_cells 对 ≥ 1e15 的整数一律不用 calamine
    (b"E+", b"E+"),
    (b"E-", b"E-"),
    (b"hP", b"rPh"),  # 注音
    (b"_x", b"_x"),  # 转义
    (b"'", b"'"),  # 单引号的属性
    (b"\r", b"\r"),
    (b"SPMGID", b"DISPIMG"),  # WPS 图片；列字母里常见的字母放在后面查
    (b"mnlx", b"xmlns"),  # 表里另声明命名空间
)
# 隐藏行；LibreOffice 每行都写 hidden="false"
_HIDDEN = LazyPattern(rb'hidden(?!="false"|="0")')
_SHEET_PART = re.compile(r"xl/worksheets/[A-Za-z0-9_]+\.xml")
_CELL_REF = re.compile(rb'([A-Z]{1,3})(\d{1,7})"')
_FIRST_DATE = dt.date(1900, 3, 1)  # 更早的序列号有 1900 年闰日的差别
_DATE_CODE = set("ymd-/. 年月日")
_NUMBER_CODE = set("0#?,.%+-() e")
_NUMBER_BUILTINS = set(range(0, 14)) | set(range(37, 45)) | {48, 49}
_DATE_BUILTINS = {14, 15, 16, 17}

# 每本书判断一次：能整本交给 calamine 时是打开的 CalamineWorkbook，否则 None。书不用了，这份也跟着释放
_BOOKS: "weakref.WeakKeyDictionary[XlsxBook, object]" = weakref.WeakKeyDictionary()


def read_rows(sheet: XlsxSheet) -> Iterator[Row | None] | None:
    """像 rows_lxml.stream_rows 一样逐行读出整张表；不能保证相同时返回 None（读到一半才看出来时给出 None）。"""
    book = sheet.book
    calamine = None if sheet.guessed else _calamine_book(book)
    if calamine is None:
        return None
    part = sheet.part
    if book.stored_name(part) != part or not _SHEET_PART.fullmatch(part):
        return None  # calamine 自己按关系找部件：只用两边不会找岔的常规位置
    if calamine.sheet_names.count(sheet.name) != 1:
        return None
    data = book.part_bytes(part, limit=FAST_PART)
    region = _plain_sheet_data(data) if data is not None else None
    if region is None:
        return None
    start, end = region
    try:
        root = etree.fromstring(data[:start] + data[end:], etree.XMLParser(**PARSER_OPTIONS))
    except etree.XMLSyntaxError:
        return None
    del data  # 解压出的字节查完了：calamine 读表时不再同时占着这一份
    values = _values(calamine, sheet.name)
    if values is None:
        return None
    sheet.note_tail(root)  # 合并单元格、筛选在 sheetData 之后
    return _cells(values)


def _values(calamine, name: str):
    """calamine 这张表的（逐行的值, 应有的行数, 最左一列左边的列号）；读不了时 None。

    用 iter_rows 而不是 to_python：一次只有一行变成 Python 的值，内存里不会同时有全部行的两份。
    iter_rows 从第 1 行给起，每行从最左有值的一列给起（见 tests/test_fast_read.py 的 offset）。
    """
    try:
        sheet = calamine.get_sheet_by_name(name)
        (first_row, first_col), height = sheet.start or (0, 0), sheet.height
        return sheet.iter_rows(), first_row + height if height else 0, first_col
    except BaseException as error:  # noqa: BLE001  calamine 的任何问题（含 Rust 的 panic）都改走 lxml
        if isinstance(error, (KeyboardInterrupt, SystemExit)):
            raise
        return None


# ---------------------------------------------------------------- 整本书


def _calamine_book(book: XlsxBook):
    if book not in _BOOKS:
        _BOOKS[book] = _open_calamine(book) if _book_plain(book) else None
    return _BOOKS[book]


def _book_plain(book: XlsxBook) -> bool:
    if book.date1904 or book.main_part != "xl/workbook.xml":
        return False
    # calamine 按固定的位置找共享字符串和样式
    shared = book.shared_strings_part
    for part, where in ((shared, "xl/sharedStrings.xml"), (book.styles_part, "xl/styles.xml")):
        if part is not None and (part != where or book.stored_name(part) != part):
            return False
    if shared is None and book.has_part("xl/sharedStrings.xml"):
        return False
    if shared is not None and not _strings_plain(book.part_bytes(shared, limit=FAST_PART)):
        return False
    return _styles_agree(book)


def _strings_plain(data: bytes | None) -> bool:
    """共享字符串里没有转义、注音、回车、注释、处理指令（calamine 的读法与 lxml 不同）。"""
    if data is None:
        return False
    if data.startswith(b"<?xml"):
        data = data[data.find(b"?>") + 2 :].lstrip(b"\r\n")  # XML 声明本身不算
    return not any(mark in data for mark in (b"_x", b"rPh", b"\r", b"<!", b"<?"))


def _styles_agree(book: XlsxBook) -> bool:
    """每个单元格样式：两边对“是不是日期”的看法一定相同。用的是打开书时解析过的那份数字格式。"""
    formats = book.number_formats
    if not formats.plain:
        return False
    for fmt_id in formats.cell_formats:
        if fmt_id in formats.codes:
            if not _code_agrees(formats.codes[fmt_id]):
                return False
        elif fmt_id not in _NUMBER_BUILTINS and fmt_id not in _DATE_BUILTINS:
            return False
    return True


def _code_agrees(code: str) -> bool:
    """自定义格式：只认纯数字格式和只有年月日的日期格式。"""
    first = QUOTED.sub("", code.split(";")[0]).lower().strip()
    if first in ("general", "@", ""):
        return True
    if "[" in first:
        return False
    kind = format_kind(code)
    chars = set(first)
    if kind == 0:
        return chars <= _NUMBER_CODE
    return kind == 1 and chars <= _DATE_CODE and bool(chars & set("ymd"))


def _open_calamine(book: XlsxBook):
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        return None
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(book.data))  # 与 package 查过的是同一份字节
    except BaseException as error:  # noqa: BLE001
        if isinstance(error, (KeyboardInterrupt, SystemExit)):
            raise
        return None


# ---------------------------------------------------------------- 每张表


def _plain_sheet_data(data: bytes) -> tuple[int, int] | None:
    """<sheetData> 的起止位置；里面有 calamine 读不一样的写法时返回 None。"""
    start = data.find(b"<sheetData")
    if start < 0:
        return None
    head = data[:start]
    if head.count(_NS) != 1 or b'xmlns="' + _NS + b'"' not in head:
        return None  # 表里的元素可能带前缀：字节查找会漏掉
    if b"<!" in head or b"<row" in head:
        return None  # 注释里也可能写着 <sheetData；表格之外的行逐格解析也会读到
    if data.startswith(b"<sheetData/>", start):
        end = start + 12
    else:
        end = data.find(b"</sheetData>", start)
        if end < 0:
            return None
        end += 12
    if data.find(b"<sheetData", end) >= 0 or data.find(b"<row", end) >= 0 or data.find(_NS, end) >= 0:
        return None
    if end - start == 12:
        return start, end
    inside, stop = start + 10, end - 12  # 不含 sheetData 自己的标签（“sheetData”里就有 h、D）
    find = data.find
    if _ANGLE_SUSPECTS.search(data, inside, stop) or (find(b"h", inside, stop) >= 0 and _HIDDEN.search(data, inside, stop)):
        return None
    for gate, mark in _SUSPECTS:
        if all(find(byte, inside, stop) >= 0 for byte in gate) and find(mark, inside, stop) >= 0:
            return None
    if not _bounded(data, inside, stop):
        return None
    return start, end


def _bounded(data: bytes, start: int, end: int) -> bool:
    """最大行 × 最大列的矩形不大（FAST_CELLS），或与实有的单元格数相称（FAST_DENSITY）。
    每个单元格都写了位置（<c 后面就是 r="）已由 _ANGLE_SUSPECTS 查过。"""
    last = data.rfind(b'<c r="', start, end)
    if last < 0:
        return True  # 没有单元格
    cells = None  # 实有的单元格数：矩形大过 FAST_CELLS 时才数（又要扫一遍）
    match = _CELL_REF.match(data, last + 6)
    if match is None:
        return False
    letters, digits = match.groups()
    letters = _wider(letters, _first_row_end(data, start, end))  # 表头行往往最宽：先按它和最后一格里靠右的算
    if len(letters) > 2:
        return False
    at = start
    while True:  # 每找到更靠右的一列，从那一格接着往后查：前面的格都不超过它，整张表只扫一遍
        area = int(digits) * _letters_number(letters)
        if area > FAST_CELLS:
            cells = data.count(b'<c r="', start, end) if cells is None else cells
            if area > FAST_DENSITY * cells:
                return False
        found = _beyond(letters, digits).search(data, at, end)
        if found is None:
            return True  # 没有哪一格在这一行之下、这一列之右
        if found.lastindex is None:
            return False  # 列字母更长或行号更大：不再细查，逐格解析
        letters, at = found.group(1), found.start()  # 同样长、更靠右的一列（最多 702 列，每次至少右移一列）


def _first_row_end(data: bytes, start: int, end: int) -> bytes:
    """第一个 <row> 里最后一格的列字母；找不到时为空。"""
    close = data.find(b"</row>", start, end)
    last = data.rfind(b'<c r="', start, close) if close > 0 else -1
    match = _CELL_REF.match(data, last + 6) if last >= 0 else None
    return match.group(1) if match else b""


def _wider(a: bytes, b: bytes) -> bytes:
    return a if (len(a), a) >= (len(b), b) else b


def _letters_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


def _beyond(letters: bytes, digits: bytes) -> re.Pattern:
    """找超出（最后一行, 最右一列）的单元格的正则：列字母更长、行号更大（第 1 组为空），
    或同样长而更靠右的列字母（第 1 组是这一列）。只以 r=" 开头、按位分叉，比逐个候选快得多。"""
    bigger = _bigger(digits)
    later = _later(letters)
    pattern = rb'r="(?:[A-Z]{%d}|[A-Z]{1,%d}(?:\d{%d}%s)%s)' % (
        len(letters) + 1,
        len(letters),
        len(digits) + 1,
        b'|(?:' + bigger + b')"' if bigger else b"",
        b"|(" + later + b")\\d" if later else b"",
    )
    return re.compile(pattern)


def _later(letters: bytes) -> bytes:
    """同样长、比 letters 靠右的列字母的正则；letters 已是最右（Z、ZZ）时为空。"""
    if not letters:
        return b""
    first, rest = letters[0], len(letters) - 1
    options = [b"[%c-Z][A-Z]{%d}" % (first + 1, rest)] if first < 90 else []
    tail = _later(letters[1:])
    if tail:
        options.append(b"%c(?:%s)" % (first, tail))
    return b"|".join(options)


def _bigger(digits: bytes) -> bytes:
    """同样位数、比 digits 大的数的正则（不含引号）；digits 已是最大时为空。"""
    if not digits:
        return b""
    first, rest = digits[0] - 48, len(digits) - 1
    options = [rb"[%d-9]\d{%d}" % (first + 1, rest)] if first < 9 else []
    tail = _bigger(digits[1:])
    if tail:
        options.append(b"%d(?:%s)" % (first, tail))
    return b"|".join(options)


def _cells(read) -> Iterator[Row | None]:
    """calamine 的值 → 与 rows_lxml 相同的（行号, 隐藏, {列号: Cell}），逐行给出（全部行不同时留在内存里）。
    一格拿不准、calamine 读到一半出错、行数与它报的范围不符：给出 None 就停（rows.py 从这里改用 lxml）。"""
    values, height, first_col = read
    texts: dict[str, Cell] = {}
    numbers: dict[float, Cell] = {}
    days: dict[dt.date, Cell] = {}
    number = 0
    try:
        for number, row in enumerate(values, start=1):
            cells = _row_cells(row, first_col, texts, numbers, days)
            if cells is None:
                break
            if cells:
                yield number, False, cells
        else:
            if number == height:
                return
    except BaseException as error:  # noqa: BLE001  calamine 逐行给值时出的任何问题
        if isinstance(error, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
    yield None


def _row_cells(row: list, col: int, texts: dict, numbers: dict, days: dict) -> dict[int, Cell] | None:
    """一行的值 → {列号: Cell}（同样的值共用一个 Cell；col 是第一个值左边那一列）；有一格拿不准就是 None。
    每格都走这里，写成一整段。"""
    cells = {}
    for value in row:
        col += 1
        kind = value.__class__
        if kind is str:
            if not value:
                continue  # 空白，或空的文字：两边都不算内容
            cell = texts.get(value)
            if cell is None:
                cell = texts[value] = Cell(value)
        elif kind is float or kind is int:
            cell = numbers.get(value)
            if cell is None:
                cell = _number_cell(value)
                if cell is None:
                    return None
                numbers[value] = cell
        elif kind is bool:
            cell = TRUE if value else FALSE
        elif kind is dt.date:
            cell = days.get(value)
            if cell is None:
                if value < _FIRST_DATE:
                    return None
                cell = days[value] = Cell(dt.datetime(value.year, value.month, value.day), "date")
        else:
            return None  # 带时刻的日期、纯时间、时长：换算细节不同，不冒险
        cells[col] = cell
    return cells


def _number_cell(value: int | float) -> Cell | None:
    """calamine 给的数 → 与 lxml 读原文相同的 Cell；拿不准（非数、无穷、原文写法看不出）时 None。"""
    if value != value or value in (float("inf"), float("-inf")):
        return None
    if value.__class__ is float and value.is_integer():
        if abs(value) >= 1e15:
            return None  # 原文可能是整数或指数写法，calamine 都给小数
        return Cell(int(value))
    if value.__class__ is int and abs(value) >= 2**53:
        return None
    return Cell(value)

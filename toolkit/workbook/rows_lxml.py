"""逐格读行（lxml）：用 iterparse 流式解析工作表的 XML，什么样的工作表都读，结果是两种读法的标准。

    stream_rows(sheet)   逐行给出 (行号, 是否隐藏, {列号: Cell})，只含有内容的行；读完后记下合并单元格和筛选

时间与 XML 的实际大小成正比，内存不随行数增长（读过一批单元格就删掉已读完的行）。
与 rows_calamine.py 是同一层的两种读法，由 rows.py 挑选；两者都只用 package、parts、cells 的公开接口。
"""

from __future__ import annotations

import weakref
from typing import Iterator

from lxml import etree

from toolkit.errors import WorkbookFileError
from toolkit.workbook.cells import (
    EMPTY,
    EMPTY_RESULT,
    FALSE,
    MAX_COLUMN,
    NO_VALUE,
    PICTURE,
    TRUE,
    Cell,
    Row,
    column_index,
    iso_cell,
    known_columns,
    number_cell,
    unescape,
)
from toolkit.workbook.messages import file_error
from toolkit.workbook.package import XlsxBook, XlsxSheet
from toolkit.workbook.parts import PARSER_OPTIONS, RELEASE_CELLS, main_tag, release_read_rows, rich_text, stream_failure

__all__ = ["stream_rows"]

_ROW, _V, _F, _IS = main_tag("row"), main_tag("v"), main_tag("f"), main_tag("is")
_DIGITS = "0123456789"
_get = etree._Element.get  # 不经属性查找，热循环里快一些
_KNOWN_COLUMNS = known_columns()  # 见过的列字母 → 列号（同一个字典，读时不变）

# 每本书一份：共享字符串 → Cell（用到时才建，各张表共用）。书不用了，这份也跟着释放
_STRING_CELLS: "weakref.WeakKeyDictionary[XlsxBook, list[Cell | None]]" = weakref.WeakKeyDictionary()


def stream_rows(sheet: XlsxSheet) -> Iterator[Row]:
    """逐行读出工作表里有内容的行；XML 有任何问题都变成一句中文说明（WorkbookFileError）。"""
    stream = sheet.book.open_part(sheet.part)
    events = etree.iterparse(stream, events=("end",), tag=_ROW, **PARSER_OPTIONS)
    try:
        yield from _rows(events, _CellReader(sheet.book), sheet.name)
        stream.finish()
        root = events.root
    except WorkbookFileError:
        raise
    except Exception as error:  # noqa: BLE001  任何解析问题都变成一句中文说明
        raise stream_failure(stream, error, f"工作表“{sheet.name}”") from None
    sheet.note_tail(root)  # 合并单元格和筛选在 sheetData 之后：行都删掉了，剩下的树很小


def _rows(events, reader: "_CellReader", sheet_name: str) -> Iterator[Row]:
    """每个 <row>：行号（没写就接着上一行）、有内容的格；读过一批单元格就释放已读完的行。"""
    row_cells = reader.row_cells
    number = 0
    done = 0  # 自上次释放以来读过的单元格数（加行数）
    for _event, row in events:
        ref = _get(row, "r")
        number = int(ref) if ref is not None and ref.isdigit() else number + 1
        cells, last_column = row_cells(row)
        if last_column > MAX_COLUMN:
            raise file_error("too_wide", where=f"工作表“{sheet_name}”第 {number} 行")
        # 按单元格数攒一批再删，删的只是当前行和它之前的行
        done += len(row) + 1
        if done >= RELEASE_CELLS:
            release_read_rows(row)
            done = 0
        if cells:
            yield number, _get(row, "hidden") in ("1", "true"), cells


class _CellReader:
    """一张表的单元格怎么读：书的共享字符串、日期样式，以及这张表里见过的原文 → Cell（同样的值共用一个 Cell）。"""

    def __init__(self, book: XlsxBook):
        self.strings = book.shared_strings
        self.string_cells = _STRING_CELLS.get(book)
        if self.string_cells is None:
            self.string_cells = _STRING_CELLS[book] = [None] * len(self.strings)
        self.string_count = len(self.strings)
        self.date_styles = book.date_styles
        self.date1904 = book.date1904
        self.numbers: tuple[dict, dict, dict] = ({}, {}, {})  # 数字 / 日期时间 / 纯时间：原文 → Cell
        self.texts: dict[str, Cell] = {}

    def row_cells(self, row) -> tuple[dict[int, Cell], int]:
        """一行里有内容的格 {列号: Cell}，和最后一格的列号。热循环：最常见的数字、共享字符串、简单的内联字符串
        在这里直接取（见过的原文查缓存），别的才调用方法——每格多调用一次函数，大表就要慢上几个百分点。"""
        get, known, date_styles, numbers, texts = _get, _KNOWN_COLUMNS, self.date_styles, self.numbers, self.texts
        string_cells, string_count = self.string_cells, self.string_count
        cells: dict[int, Cell] = {}
        column = 0
        for element in row:
            ref = get(element, "r")  # 没写位置的格接着上一格；位置认不出的也是
            column = column + 1 if ref is None else known.get(ref.rstrip(_DIGITS)) or column_index(ref) or column + 1
            children = len(element)
            if children != 1:
                cell = self.general_cell(element, get(element, "t")) if children else None  # 没有子元素：只有格式
            elif (cell_type := get(element, "t")) is None or cell_type == "n":
                value = element[0].text
                kind = date_styles.get(get(element, "s"), 0) if date_styles else 0
                cell = numbers[kind].get(value) or self.new_number(element, cell_type, value, kind)
            elif cell_type == "s":
                value = element[0].text
                position = int(value) if value and value.isdigit() else string_count
                if position >= string_count:  # 不是序号，或指向不存在的共享字符串
                    cell = self.general_cell(element, cell_type)
                elif (cell := string_cells[position] or self.new_string(position)) is EMPTY:
                    continue
            elif cell_type == "inlineStr" and len(inline := element[0]) and not len(first := inline[0]):  # <is><t>…</t></is>
                if not (text := first.text):
                    continue
                cell = texts.get(text) or self.text_cell(text)
            else:
                cell = self.general_cell(element, cell_type)
            if cell is not None:
                cells[column] = cell
        return cells, column

    def new_number(self, element, cell_type: str | None, value: str | None, kind: int) -> Cell | None:
        """这张表里头一回见到的数字原文；不是数字的交给 general_cell。"""
        cell = number_cell(value, kind, self.date1904) if value else None
        if cell is None:
            return self.general_cell(element, cell_type)
        self.numbers[kind][value] = cell
        return cell

    def new_string(self, position: int) -> Cell:
        """头一回用到的共享字符串：建一个 Cell，各张表共用；空的是 EMPTY（不算内容）。"""
        text = self.strings[position]
        cell = self.string_cells[position] = Cell(text) if text else EMPTY
        return cell

    def text_cell(self, text: str) -> Cell:
        cell = self.texts.get(text)
        if cell is None:
            cell = self.texts[text] = Cell(unescape(text))
        return cell

    def general_cell(self, element, cell_type: str | None) -> Cell | None:
        """逐个看子元素的慢路径。返回 None 表示没有内容（只有格式）。"""
        value = formula = inline = None
        for child in element:
            tag = child.tag
            if tag == _V:
                value = child.text or ""
            elif tag == _F:
                formula = child.text or ""
            elif tag == _IS:
                inline = rich_text(child)
        if formula is not None:
            if "DISPIMG" in formula.upper():
                return PICTURE
            if value is None or (value == "" and cell_type != "str"):
                return NO_VALUE
        elif value is None and inline is None:
            return None
        has_formula = formula is not None
        if cell_type is None or cell_type == "n":
            return self.number_or_text(element, value, has_formula)
        if cell_type == "s":
            return self.shared_string(value, has_formula)
        if cell_type == "inlineStr" or cell_type == "str":
            return self.written_text(cell_type, inline if inline is not None else value or "", has_formula)
        return _other_cell(cell_type, value, inline)

    def number_or_text(self, element, value: str | None, has_formula: bool) -> Cell | None:
        """数字类型的格：认不出数字就按文字。"""
        if not value:
            return NO_VALUE if has_formula else None
        kind = self.date_styles.get(element.get("s"), 0) if self.date_styles else 0
        cell = self.numbers[kind].get(value)
        if cell is None:
            cell = number_cell(value, kind, self.date1904) or Cell(unescape(value.strip()))
            self.numbers[kind][value] = cell
        return cell

    def shared_string(self, value: str | None, has_formula: bool) -> Cell | None:
        try:
            text = self.strings[int(value)]  # 已解码
        except (TypeError, ValueError, IndexError):
            return None  # 指向不存在的共享字符串：当作空
        if not text:
            return EMPTY_RESULT if has_formula else None
        return Cell(text)

    def written_text(self, cell_type: str, text: str, has_formula: bool) -> Cell | None:
        """内联字符串、公式算出的文字。"""
        if not text:
            return EMPTY_RESULT if has_formula else None
        if cell_type == "str" and text.startswith("=DISPIMG("):  # WPS 图片，公式丢了也认得出
            return PICTURE
        return self.text_cell(text)


def _other_cell(cell_type: str, value: str | None, inline: str | None) -> Cell | None:
    """逻辑值、错误值、ISO 日期，以及认不出的类型（按文字）。"""
    if cell_type == "b":
        if value in ("1", "true", "TRUE"):
            return TRUE
        if value in ("0", "false", "FALSE"):
            return FALSE
        return Cell(value) if value else None
    if cell_type == "e":
        return Cell(value or "#VALUE!", "error")
    if cell_type == "d":
        return iso_cell(value) if value else None
    text = inline if inline is not None else value  # 未知类型：按文字
    return Cell(unescape(text)) if text else None

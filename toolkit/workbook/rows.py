"""读一张工作表的行：能保证结果逐格相同时用 calamine（快几倍），否则用 lxml 逐格解析。

    read_rows(sheet, calamine=None)   → 逐行 (行号, 是否隐藏, {列号: Cell})，只含有内容的行；
                                        每次调用都从头读一遍。读后 sheet.read_by 记着用的是哪种读法
                                        （calamine 读到一半拿不准、后面改用 lxml 的，记作 lxml）
    TableRows(sheet)                  同样的行，给读数据区用：calamine 一直读着时，raw() 从当前位置起给出原值
    USE_CALAMINE                      calamine 参数不给时的默认：False 就只用 lxml

两种读法（rows_calamine.py、rows_lxml.py）是同一层的两个模块，互不导入；这里在它们之上挑一个。
"""

from __future__ import annotations

from typing import Iterator

from toolkit.workbook import rows_calamine, rows_lxml
from toolkit.workbook.cells import Row
from toolkit.workbook.package import XlsxSheet

__all__ = ["Row", "TableRows", "USE_CALAMINE", "read_rows"]

USE_CALAMINE = True


def read_rows(sheet: XlsxSheet, calamine: bool | None = None) -> Iterator[Row]:
    """sheet 的行；calamine=False 只用 lxml（不给时看 USE_CALAMINE）。"""
    if USE_CALAMINE if calamine is None else calamine:
        rows = rows_calamine.read_rows(sheet)
        if rows is not None:
            sheet.read_by = "calamine"
            return _with_fallback(rows, sheet)
    sheet.read_by = "lxml"
    return rows_lxml.stream_rows(sheet)


def _with_fallback(rows: Iterator[Row | None], sheet: XlsxSheet) -> Iterator[Row]:
    """calamine 的行；它半路给出 None 时，已给出的行两边逐格相同，其后的行改由 lxml 从头读、跳过已给出的。"""
    last = 0
    for row in rows:
        if row is None:
            sheet.read_by = "lxml"
            for item in rows_lxml.stream_rows(sheet):
                if item[0] > last:
                    yield item
            return
        last = row[0]
        yield row


class TableRows:
    """一张表的行（与 read_rows 相同，逐行迭代）。表头找到以后，calamine 若一直读着，raw() 给出它从当前位置起的
    原值，由读的一方只按标准列取（不先把每格做成 {列号: Cell}）；原值里有拿不准的，after(行号) 给出 lxml 读的其后各行。"""

    def __init__(self, sheet: XlsxSheet):
        self.sheet = sheet
        self.stream = rows_calamine.open_rows(sheet) if USE_CALAMINE else None
        if self.stream is None:
            sheet.read_by = "lxml"
            self.rows = rows_lxml.stream_rows(sheet)
        else:
            sheet.read_by = "calamine"
            self.rows = _with_fallback(self.stream.rows(), sheet)

    def __iter__(self) -> Iterator[Row]:
        return self.rows

    def raw(self) -> "rows_calamine.CalamineRows | None":
        """calamine 还在读（没有改用 lxml）时的 CalamineRows，否则 None。"""
        return self.stream if self.stream is not None and self.sheet.read_by == "calamine" else None

    def after(self, last: int) -> Iterator[Row]:
        """改用 lxml：第 last 行之后的各行。"""
        self.sheet.read_by = "lxml"
        return (item for item in rows_lxml.stream_rows(self.sheet) if item[0] > last)

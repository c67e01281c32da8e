"""读一张工作表的行：能保证结果逐格相同时用 calamine（快几倍），否则用 lxml 逐格解析。

    read_rows(sheet, calamine=None)   → 逐行 (行号, 是否隐藏, {列号: Cell})，只含有内容的行；
                                        每次调用都从头读一遍。读后 sheet.read_by 记着用的是哪种读法
                                        （calamine 读到一半拿不准、后面改用 lxml 的，记作 lxml）
    USE_CALAMINE                      calamine 参数不给时的默认：False 就只用 lxml

两种读法（rows_calamine.py、rows_lxml.py）是同一层的两个模块，互不导入；这里在它们之上挑一个。
"""

from __future__ import annotations

from typing import Iterator

from toolkit.workbook import rows_calamine, rows_lxml
from toolkit.workbook.cells import Row
from toolkit.workbook.package import XlsxSheet

__all__ = ["Row", "USE_CALAMINE", "read_rows"]

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

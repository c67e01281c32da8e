"""最底层：先认出文件到底是什么，再从 .xlsx/.xlsm 的压缩包里流式读出单元格。

- 打开任何库之前先看字节：空文件、~$ 锁定文件、旧版 .xls、加密工作簿、Word、网页、
  XML 2003、PDF、CSV/文本、.ods、.xlsb、Strict Open XML、不完整的压缩包……
  每一种都给一句用户能照着做的中文说明（WorkbookFileError）。
- 读取用 lxml iterparse 流式解析，不用 openpyxl；时间与 XML 的实际大小成正比。
- 只读不写：输入文件以只读方式打开一次，读进内存后立即关闭。
- 有界：压缩包目录里声明的解压大小、压缩比先查一遍，解压时再按字节数设上限；
  任何带 DOCTYPE/实体声明的 XML 一律拒绝。
"""

from __future__ import annotations

import codecs
import datetime as _dt
import io
import os
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from lxml import etree

from toolkit.errors import WorkbookFileError

__all__ = ["WorkbookFileError", "Cell", "XlsxSheet", "XlsxBook", "column_letter", "open_workbook"]

# ---------------------------------------------------------------- 上限

MAX_FILE = 256 * 1024 * 1024  # 输入文件本身（压缩后）
MAX_PART = 256 * 1024 * 1024  # 单个部件解压后
MAX_TOTAL = 512 * 1024 * 1024  # 全部部件解压后合计
MAX_RATIO = 500  # 单个部件的压缩比（deflate 理论上限约 1032）
RATIO_MIN_SIZE = 8 * 1024 * 1024  # 小部件不看压缩比
MAX_ENTRIES = 20_000  # 压缩包里的文件数
PROLOG_LIMIT = 1024 * 1024  # XML 声明、注释等前导内容的上限
CHUNK = 256 * 1024
MAX_COLUMNS = 16_384  # Excel 一行最多 16,384 列（XFD）
MAX_TAGS_AT_ONCE = 400_000  # 两个 <row>（或 <si>）之间最多这么多个标签：解析器一次要留在内存里的就这么多
MAX_TAGS_WHOLE = 1_000_000  # 整个读进内存的部件（workbook.xml、styles.xml、关系……）最多这么多个标签
RELEASE_CELLS = 4096  # 读过这么多个单元格（而不是这么多行）就释放一次：很宽的行也不会攒在内存里

# ---------------------------------------------------------------- 命名空间

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_STRICT_MARK = "purl.oclc.org/ooxml"

_N = "{%s}" % _MAIN
_ROW, _V, _F, _T, _R, _IS, _SI = (_N + x for x in ("row", "v", "f", "t", "r", "is", "si"))
_AUTOFILTER = _N + "autoFilter"
_RID = "{%s}id" % _REL_NS


# ---------------------------------------------------------------- 公共接口


@dataclass(frozen=True)
class Cell:
    value: str | int | float | bool | _dt.datetime | _dt.time | None
    kind: str = "value"  # value / date / formula_no_value / error / picture


def column_letter(index: int) -> str:
    """1 → "A"，27 → "AA"。"""
    if index < 1:
        raise ValueError(f"列号从 1 开始：{index}")
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class XlsxSheet:
    """一个工作表。rows() 每次调用都从头流式读一遍。"""

    def __init__(self, book: "XlsxBook", name: str, hidden: bool, part: str):
        self.name = name
        self.hidden = hidden
        self._book = book
        self._part = part
        self._merged: list[tuple[int, int, int, int]] | None = None
        self._autofilter: bool | None = None
        self.guessed = False  # 工作表的部件是按 sheetId 猜出来的（关系里没有）
        self.read_by = ""  # 上次 rows() 用的读法：calamine / lxml

    def __repr__(self) -> str:
        return f"XlsxSheet({self.name!r}, hidden={self.hidden})"

    @property
    def merged_ranges(self) -> list[tuple[int, int, int, int]]:
        if self._merged is None:
            self._scan_tail()
        return list(self._merged)

    @property
    def has_autofilter(self) -> bool:
        if self._autofilter is None:
            self._scan_tail()
        return self._autofilter

    def rows(self) -> Iterator[tuple[int, bool, dict[int, Cell]]]:
        return self._book._rows(self)

    # 合并单元格和筛选在 sheetData 之后：读完一遍 rows() 时顺便记下；没读完就单独扫一遍
    def _scan_tail(self) -> None:
        self._book._scan_tail(self)

    def _finish(self, merged: list, autofilter: bool, table_ids: list[str]) -> None:
        if not autofilter and table_ids:
            autofilter = self._book._tables_have_filter(self._part, table_ids)
        self._merged = merged
        self._autofilter = autofilter


def _release_rows_up_to(row) -> None:
    """删掉已读完的行（当前行和它之前的），流式读取的内存才不随行数增长。"""
    parent = row.getparent()
    if parent is not None:
        del parent[: parent.index(row) + 1]


class XlsxBook:
    use_calamine = True  # 能保证结果一样时，单元格的值交给 python-calamine 读（见 xlsx_fast）；False 只用 lxml

    def __init__(self, path: Path, data: bytes, zf: zipfile.ZipFile, names: dict[str, str]):
        self.path = path
        self.sheets: list[XlsxSheet] = []
        self.date1904 = False
        self.has_macros = False
        self._data = data  # 整个文件在内存里，原文件已关闭
        self._zip = zf
        self._names = names  # 小写部件名 → 压缩包里的原名
        self._strings: list[str] = []
        self._string_cells: list[Cell | None] = []
        self._date_styles: dict[str, int] = {}  # 样式序号（原文字符串）→ 1 日期时间 / 2 纯时间
        self._main_part = self._shared_part = self._styles_part = None
        self._fast: dict | None = None  # xlsx_fast 对整本书的判断，第一次用时算

    def __repr__(self) -> str:
        return f"XlsxBook({str(self.path)!r}, sheets={[s.name for s in self.sheets]})"

    # ------------------------------------------------------------ 流式读行

    def _rows(self, sheet: XlsxSheet) -> Iterator[tuple[int, bool, dict[int, Cell]]]:
        if self.use_calamine:
            from toolkit.workbook.fast import read_rows

            rows = read_rows(self, sheet)
            if rows is not None:
                sheet.read_by = "calamine"
                return iter(rows)
        sheet.read_by = "lxml"
        return self._stream_rows(sheet)

    def _stream_rows(self, sheet: XlsxSheet) -> Iterator[tuple[int, bool, dict[int, Cell]]]:
        # 只对 <row> 取事件，行内的单元格直接按位置取（比逐个元素取事件快得多）。
        # 快速路径只处理最常见的三种单元格：数字、共享字符串、简单的内联字符串；
        # 其余（公式、富文本、错误、布尔……）交给 _general_cell 按标签逐个看。
        stream = self._open_part(sheet._part)
        events = etree.iterparse(stream, events=("end",), tag=_ROW, **_PARSER_OPTIONS)
        get = etree._Element.get
        strings = self._strings
        string_cells = self._string_cells
        n_strings = len(strings)
        date_styles = self._date_styles
        date1904 = self.date1904
        col_of = _COLUMN_CACHE
        caches: tuple[dict, dict, dict] = ({}, {}, {})  # 数字 / 日期时间 / 纯时间：原文 → Cell
        numbers = caches[0]
        texts: dict[str, Cell] = {}

        row_number = 0
        done = 0  # 自上次释放以来读过的单元格数（加行数）

        try:
            for _event, row in events:
                ref = get(row, "r")
                if ref is not None and ref.isdigit():
                    row_number = int(ref)
                else:
                    row_number += 1
                cells: dict[int, Cell] = {}
                col = 0
                for c in row:
                    ref = get(c, "r")
                    if ref is None:
                        col += 1
                    else:
                        index = col_of.get(ref.rstrip("0123456789"))
                        if index is None:
                            index = _column_index(ref)
                        col = index or col + 1
                    n = len(c)
                    if n == 1:
                        t = get(c, "t")
                        x = c[0]
                        if t is None or t == "n":
                            v = x.text
                            if v:
                                kind = date_styles.get(get(c, "s"), 0) if date_styles else 0
                                cache = caches[kind]
                                cell = cache.get(v)
                                if cell is None:
                                    cell = _number_cell(v, kind, date1904)
                                if cell is not None:
                                    cells[col] = cache[v] = cell
                                    continue
                        elif t == "s":
                            v = x.text
                            if v and v.isdigit():
                                i = int(v)
                                if i < n_strings:
                                    cell = string_cells[i]
                                    if cell is None:
                                        text = strings[i]
                                        cell = string_cells[i] = Cell(text) if text else _EMPTY
                                    if cell is not _EMPTY:
                                        cells[col] = cell
                                    continue
                        elif t == "inlineStr":
                            y = x[0] if len(x) else None
                            if y is not None and not len(y):  # <is><t>…</t></is>
                                text = y.text
                                if text:
                                    cell = texts.get(text)
                                    if cell is None:
                                        cell = texts[text] = Cell(_unescape(text))
                                    cells[col] = cell
                                continue
                    elif not n:
                        continue  # 只有格式
                    else:
                        t = get(c, "t")
                    cell = self._general_cell(c, t, texts, caches)
                    if cell is not None:
                        cells[col] = cell
                if col > MAX_COLUMNS:
                    raise _error("too_wide", where=f"工作表“{sheet.name}”第 {row_number} 行")

                # 释放已读完的行（按单元格数攒一批再删，删的只是当前行和它之前的行）
                done += len(row) + 1
                if done >= RELEASE_CELLS:
                    _release_rows_up_to(row)
                    done = 0
                if cells:
                    yield row_number, get(row, "hidden") in ("1", "true"), cells
            stream.finish()
            root = events.root
        except WorkbookFileError:
            raise
        except Exception as error:  # noqa: BLE001  任何解析问题都变成一句中文说明
            raise _stream_failure(stream, error, f"工作表“{sheet.name}”") from None
        self._finish_sheet(sheet, root)

    def _finish_sheet(self, sheet: XlsxSheet, root) -> None:
        """sheetData 之后的合并单元格、筛选、表格：行都删掉了，剩下的树很小。"""
        merged = []
        for el in root.iterfind(f"{_N}mergeCells/{_N}mergeCell"):
            box = _parse_range(el.get("ref"))
            if box is not None:
                merged.append(box)
        autofilter = root.find(_AUTOFILTER) is not None
        table_ids = [el.get(_RID) for el in root.iterfind(f"{_N}tableParts/{_N}tablePart") if el.get(_RID)]
        sheet._finish(merged, autofilter, table_ids)

    def _general_cell(self, c, t: str | None, texts: dict, caches: tuple) -> Cell | None:
        """逐个看子元素的慢路径。返回 None 表示没有内容（只有格式）。"""
        v = formula = None
        inline = None
        for child in c:
            tag = child.tag
            if tag == _V:
                v = child.text or ""
            elif tag == _F:
                formula = child.text or ""
            elif tag == _IS:
                inline = _rich_text(child)
        if formula is not None:
            if "DISPIMG" in formula.upper():
                return _PICTURE
            if v is None or (v == "" and t != "str"):
                return _NO_VALUE
        elif v is None and inline is None:
            return None
        if t is None or t == "n":
            if not v:
                return _NO_VALUE if formula is not None else None
            kind = self._date_styles.get(c.get("s"), 0) if self._date_styles else 0
            cell = caches[kind].get(v)
            if cell is None:
                cell = _number_cell(v, kind, self.date1904) or Cell(_unescape(v.strip()))
                caches[kind][v] = cell
            return cell
        if t == "s":
            try:
                text = self._strings[int(v)]  # 已解码
            except (TypeError, ValueError, IndexError):
                return None  # 指向不存在的共享字符串：当作空
            if not text:
                return _EMPTY_RESULT if formula is not None else None
            return Cell(text)
        if t == "inlineStr" or t == "str":
            text = inline if inline is not None else v or ""
            if not text:
                return _EMPTY_RESULT if formula is not None else None
            if t == "str" and text.startswith("=DISPIMG("):  # WPS 图片，公式丢了也认得出
                return _PICTURE
            cell = texts.get(text)
            if cell is None:
                cell = texts[text] = Cell(_unescape(text))
            return cell
        if t == "b":
            if v in ("1", "true", "TRUE"):
                return _TRUE
            if v in ("0", "false", "FALSE"):
                return _FALSE
            return Cell(v) if v else None
        if t == "e":
            return Cell(v or "#VALUE!", "error")
        if t == "d":
            return _iso_cell(v) if v else None
        text = inline if inline is not None else v  # 未知类型：按文字
        return Cell(_unescape(text)) if text else None

    def _scan_tail(self, sheet: XlsxSheet) -> None:
        stream = self._open_part(sheet._part)
        try:
            events = etree.iterparse(stream, events=("end",), tag=_ROW, **_PARSER_OPTIONS)
            done = 0
            for _event, row in events:
                done += len(row) + 1
                if done >= RELEASE_CELLS:
                    _release_rows_up_to(row)
                    done = 0
            stream.finish()
            root = events.root
        except WorkbookFileError:
            raise
        except Exception as error:  # noqa: BLE001
            raise _stream_failure(stream, error, f"工作表“{sheet.name}”") from None
        self._finish_sheet(sheet, root)

    def _tables_have_filter(self, sheet_part: str, table_ids: list[str]) -> bool:
        """工作表里插入的“表格”（Ctrl+T）自带筛选，筛选信息在表格部件里。"""
        try:
            rels = self._relationships(sheet_part)
        except WorkbookFileError:
            return False
        for rid in table_ids:
            rel = rels.get(rid)
            if rel is None or rel[1] not in self._names:
                continue
            try:
                root = self._parse_small(rel[1])
            except WorkbookFileError:
                continue
            if root.find(_AUTOFILTER) is not None:
                return True
        return False

    # ------------------------------------------------------------ 部件

    def _open_part(self, part: str, *, whole: bool = False) -> "_PartStream":
        name = self._names.get(part.lower())
        if name is None:
            raise WorkbookFileError(
                "corrupt",
                f"工作簿的内容不完整：缺少部件“{part}”，文件可能已损坏。"
                "请用 Excel 或 WPS 打开，如能打开，另存为“Excel 工作簿(*.xlsx)”后再试；打不开就请重新获取文件。",
            )
        try:
            raw = self._zip.open(name)
        except RuntimeError:  # 压缩包条目加了密码
            raise _error("zip_encrypted") from None
        except NotImplementedError:
            raise _error("corrupt_zip") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
            raise _error("truncated") from None
        return _PartStream(raw, part, whole=whole)

    def _parse_small(self, part: str):
        stream = self._open_part(part, whole=True)
        try:
            root = etree.parse(stream, etree.XMLParser(**_PARSER_OPTIONS)).getroot()
            stream.finish()
            return root
        except WorkbookFileError:
            raise
        except Exception as error:  # noqa: BLE001
            raise _stream_failure(stream, error, f"部件“{part}”") from None

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """部件的关系：Id → (类型, 目标部件的规范名)。没有关系文件时为空。"""
        folder, base = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", base + ".rels")
        if rels_part.lower() not in self._names:
            return {}
        root = self._parse_small(rels_part)
        result = {}
        for rel in root.iter("{%s}Relationship" % _PKG_REL):
            rid, kind, target = rel.get("Id"), rel.get("Type") or "", rel.get("Target") or ""
            if not rid or rel.get("TargetMode") == "External":
                continue
            result[rid] = (kind, _resolve_target(folder, target))
        return result

    def _load_shared_strings(self, part: str) -> None:
        stream = self._open_part(part)
        strings: list[str] = []
        append = strings.append
        done = 0
        try:
            for _event, si in etree.iterparse(stream, events=("end",), tag=_SI, **_PARSER_OPTIONS):
                if len(si) == 1 and not len(si[0]):
                    text = si[0].text or ""  # 最常见：<si><t>文字</t></si>
                else:
                    text = _rich_text(si)
                append(_unescape(text) if "_x" in text else text)
                done += len(si) + 1
                if done >= RELEASE_CELLS:
                    parent = si.getparent()
                    if parent is not None:
                        del parent[: parent.index(si) + 1]
                    done = 0
            stream.finish()
        except WorkbookFileError:
            raise
        except Exception as error:  # noqa: BLE001
            raise _stream_failure(stream, error, "共享字符串") from None
        self._strings = strings
        self._string_cells = [None] * len(strings)

    def _load_styles(self, part: str) -> None:
        root = self._parse_small(part)
        formats: dict[int, str] = {}
        numfmts = root.find(_N + "numFmts")
        if numfmts is not None:
            for fmt in numfmts.iter(_N + "numFmt"):
                try:
                    formats[int(fmt.get("numFmtId"))] = fmt.get("formatCode") or ""
                except (TypeError, ValueError):
                    continue
        xfs = root.find(_N + "cellXfs")
        if xfs is None:
            return
        kinds: dict[int, int] = {}
        for index, xf in enumerate(xfs.iterfind(_N + "xf")):
            try:
                fmt_id = int(xf.get("numFmtId") or 0)
            except ValueError:
                continue
            if fmt_id not in kinds:
                kinds[fmt_id] = _format_kind(formats[fmt_id]) if fmt_id in formats else _builtin_kind(fmt_id)
            if kinds[fmt_id]:
                self._date_styles[str(index)] = kinds[fmt_id]
        if "0" in self._date_styles:  # 没有 s 属性的单元格用 0 号样式
            self._date_styles[None] = self._date_styles["0"]


# ---------------------------------------------------------------- 打开


def open_workbook(path) -> XlsxBook:
    """认出文件类型并打开 .xlsx/.xlsm；读不了时抛出 WorkbookFileError。原文件只读。"""
    p = Path(os.fspath(path))
    label = p.name or str(p)
    try:
        st = p.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise _error("not_found", name=label) from None
    except PermissionError:
        raise _error("permission", name=label) from None
    except (OSError, ValueError):
        raise _error("not_found", name=label) from None
    if p.is_dir():
        raise _error("directory", name=label)
    if st.st_size == 0:
        raise _error("empty")
    try:
        with open(p, "rb") as f:
            head = f.read(65536)
            if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
                if st.st_size > MAX_FILE:
                    raise _error("too_large")
                data = head + f.read(MAX_FILE + 1 - len(head))
                if len(data) > MAX_FILE:
                    raise _error("too_large")
            else:
                data = None
                kind = _classify_other(p, f, head, st.st_size)
                if kind is not None:
                    raise _error(kind, name=label)
                # 认不出：最后试一下是不是前面多了东西的压缩包
                if st.st_size <= MAX_FILE:
                    f.seek(0)
                    candidate = f.read()
                    if zipfile.is_zipfile(io.BytesIO(candidate)):
                        data = candidate
                if data is None:
                    raise _error("unreadable")
    except PermissionError:
        raise _error("permission", name=label) from None
    except IsADirectoryError:
        raise _error("directory", name=label) from None
    except WorkbookFileError:
        raise
    except OSError:
        raise _error("permission", name=label) from None
    return _open_zip(p, data)


def _open_zip(path: Path, data: bytes) -> XlsxBook:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except Exception:  # noqa: BLE001  目录读不出来：文件被截断或损坏
        raise _error("truncated") from None
    if len(infos) > MAX_ENTRIES:
        raise _error("too_large")
    names: dict[str, str] = {}
    total = 0
    for info in infos:
        names.setdefault(info.filename.lower().lstrip("/"), info.filename)
        if info.is_dir():
            continue
        size = info.file_size
        total += size
        if size > MAX_PART or total > MAX_TOTAL:
            raise _error("too_large")
        if size > RATIO_MIN_SIZE and size > MAX_RATIO * max(info.compress_size, 1):
            raise _error("too_large")

    book = XlsxBook(path, data, zf, names)

    # OpenDocument：mimetype 写在第一个条目里
    if "mimetype" in names:
        try:
            with zf.open(names["mimetype"]) as f:
                mimetype = f.read(200).decode("ascii", "replace").strip()
        except Exception:  # noqa: BLE001
            mimetype = ""
        if "opendocument.spreadsheet" in mimetype:
            raise _error("ods")
        if "opendocument" in mimetype:
            raise _error("odf")
    if "content.xml" in names and "meta-inf/manifest.xml" in names:
        raise _error("ods")

    main = _main_part(book)
    if main is None or main.lower() not in names:
        main = next((n for n in _MAIN_PARTS if n in names), None)
        if main is None:
            raise _error("not_zip")
    lower = main.lower()
    if lower.endswith(".bin"):
        raise _error("xlsb")
    if lower.startswith("word/"):
        raise _error("docx")
    if lower.startswith("ppt/"):
        raise _error("pptx")

    root = book._parse_small(main)
    if _STRICT_MARK in (etree.QName(root).namespace or "") or root.get("conformance") == "strict":
        raise _error("strict")
    if etree.QName(root).localname != "workbook" or etree.QName(root).namespace != _MAIN:
        if lower.startswith("word/") or "word/document.xml" in names:
            raise _error("docx")
        raise _error("not_zip")

    pr = root.find(_N + "workbookPr")
    book.date1904 = pr is not None and pr.get("date1904") in ("1", "true")

    rels = book._relationships(main)
    folder = posixpath.dirname(main)
    shared = styles = None
    for kind, target in rels.values():
        if _STRICT_MARK in kind:
            raise _error("strict")
        if kind.endswith("/sharedStrings"):
            shared = target
        elif kind.endswith("/styles"):
            styles = target
    if shared is None and posixpath.join(folder, "sharedStrings.xml").lower() in names:
        shared = posixpath.join(folder, "sharedStrings.xml")
    if styles is None and posixpath.join(folder, "styles.xml").lower() in names:
        styles = posixpath.join(folder, "styles.xml")

    sheets_el = root.find(_N + "sheets")
    guessed: set[str] = set()
    for el in sheets_el.iterfind(_N + "sheet") if sheets_el is not None else ():
        name = el.get("name") or ""
        rel = rels.get(el.get(_RID) or "")
        if rel is None:
            fallback = posixpath.join(folder, "worksheets", f"sheet{el.get('sheetId')}.xml")
            if fallback.lower() not in names:
                continue
            rel = (_MAIN + "/worksheet", fallback)
            guessed.add(fallback)  # 别的读取器未必这样猜：不交给 calamine
        kind, target = rel
        if not kind.endswith("/worksheet"):
            continue  # 图表页、对话框页、宏表不是数据
        if target.lower() not in names:
            raise WorkbookFileError(
                "corrupt",
                f"工作表“{name}”的内容在文件里找不到，文件可能已损坏。"
                "请用 Excel 或 WPS 打开，如能打开，另存为“Excel 工作簿(*.xlsx)”后再试；打不开就请重新获取文件。",
            )
        hidden = el.get("state") in ("hidden", "veryHidden")
        book.sheets.append(XlsxSheet(book, name, hidden, target))
        book.sheets[-1].guessed = target in guessed
    if not book.sheets:
        raise _error("no_sheets")

    book.has_macros = (
        path.suffix.lower() in (".xlsm", ".xltm")
        or any(n.endswith("vbaproject.bin") for n in names)
        or any(kind.endswith("/vbaProject") for kind, _ in rels.values())
    )
    book._main_part, book._shared_part, book._styles_part = main, shared, styles
    if shared:
        book._load_shared_strings(shared)
    if styles:
        book._load_styles(styles)
    return book


_MAIN_PARTS = ("xl/workbook.xml", "xl/workbook.bin", "word/document.xml", "ppt/presentation.xml")


def _main_part(book: XlsxBook) -> str | None:
    """_rels/.rels 里的 officeDocument 目标；Strict 格式在这里就能认出。"""
    if "_rels/.rels" not in book._names:
        return None
    root = book._parse_small("_rels/.rels")
    for rel in root.iter("{%s}Relationship" % _PKG_REL):
        kind = rel.get("Type") or ""
        if kind.endswith("/officeDocument"):
            if _STRICT_MARK in kind:
                target = _resolve_target("", rel.get("Target") or "")
                if target.lower().endswith(".xml") and not target.lower().startswith(("word/", "ppt/")):
                    raise _error("strict")
            return _resolve_target("", rel.get("Target") or "")
    return None


def _resolve_target(folder: str, target: str) -> str:
    target = target.replace("\\", "/")
    if target.startswith("/"):
        path = target.lstrip("/")
    else:
        path = posixpath.join(folder, target)
    path = posixpath.normpath(path)
    return "" if path == "." else path.lstrip("/")


# ---------------------------------------------------------------- 认文件


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _classify_other(path: Path, f, head: bytes, size: int) -> str | None:
    """不是压缩包的文件：认出是什么。认不出返回 None。"""
    name = path.name
    if head.startswith(_OLE_MAGIC):
        return _classify_ole(f, size)
    if (name.startswith("~$") and size <= 4096) or (name.startswith(".~lock.") and name.endswith("#")):
        return "lockfile"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")):
        return "image"
    if head.startswith((b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b")):
        return "archive"
    text = _decode_text(head)
    if text is None:
        return None
    return _classify_text(text)


def _decode_text(head: bytes) -> str | None:
    """把文件开头当文字解码（UTF-8、UTF-16、GB18030）；像二进制就返回 None。"""
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        encodings = ["utf-16"]
    elif head.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    else:
        sample = head[:4096]
        zeros_odd = sample[1::2].count(0)
        if sample and zeros_odd > len(sample) // 4 and sample[0::2].count(0) < len(sample) // 16:
            encodings = ["utf-16-le"]
        else:
            encodings = ["utf-8", "gb18030"]
    for encoding in encodings:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            text = decoder.decode(head, final=False)  # 结尾截断的半个字不算错
        except UnicodeDecodeError:
            continue
        sample = text[:8192]
        if not sample:
            return None
        controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f\v")
        if controls > max(2, len(sample) // 200):
            return None
        return text
    return None


_HTML_MARKS = ("<html", "<!doctype html", "<table", "<head", "<meta", "<body", "<style", "<div", "<tr")


def _classify_text(text: str) -> str:
    s = text.lstrip("\ufeff \t\r\n").lower()
    start = s[:8192]
    if start.startswith("<"):
        if "<html" not in start and (
            "urn:schemas-microsoft-com:office:spreadsheet" in start or 'progid="excel.sheet"' in start
        ):
            return "xml2003"
        if any(mark in start for mark in _HTML_MARKS):
            return "html"
        if "urn:schemas-microsoft-com:office:word" in start or 'progid="word.document"' in start:
            return "word_doc"
        return "xml"
    if start.startswith("mime-version:") or "content-type: multipart/related" in start[:2000]:
        return "html"  # “单个文件网页”(.mht)
    lines = [line for line in s.splitlines()[:50] if line.strip()]
    if lines and sum(1 for line in lines if "," in line or "\t" in line) >= max(1, len(lines) // 2):
        return "csv"
    return "text"


_OLE_NAMES = ("EncryptedPackage", "EncryptionInfo", "WordDocument", "Workbook", "Book", "PowerPoint Document")


def _classify_ole(f, size: int) -> str:
    names = _ole_directory(f, size)
    if not names:
        # 目录读不出来（或是残缺的文件头）：在内容里找 UTF-16LE 的流名
        f.seek(0)
        blob = f.read(min(size, 64 * 1024 * 1024))
        names = {n for n in _OLE_NAMES if n.encode("utf-16-le") in blob}
    if names & {"EncryptedPackage", "EncryptionInfo"}:
        return "encrypted"
    if "WordDocument" in names:
        return "word_doc"
    if names & {"Workbook", "Book"}:
        return "xls"
    if "PowerPoint Document" in names:
        return "ppt"
    return "ole"


def _ole_directory(f, size: int) -> set[str]:
    """读复合文档（OLE2）的目录，返回其中的流名。格式不对时返回空集合。"""
    try:
        f.seek(0)
        header = f.read(512)
        shift = struct.unpack_from("<H", header, 30)[0]
        if shift not in (9, 12):
            return set()
        sector = 1 << shift
        n_fat, first_dir = struct.unpack_from("<II", header, 44)
        first_difat, n_difat = struct.unpack_from("<II", header, 68)
        max_sectors = size // sector + 1

        def read_sector(number: int) -> bytes:
            if number >= max_sectors:
                raise ValueError
            f.seek((number + 1) * sector)
            data = f.read(sector)
            if len(data) < sector:
                raise ValueError
            return data

        fat_sectors = [s for s in struct.unpack_from("<109I", header, 76) if s < 0xFFFFFFFA]
        next_difat, hops = first_difat, 0
        while next_difat < 0xFFFFFFFA and hops < min(n_difat, 10_000):
            block = struct.unpack(f"<{sector // 4}I", read_sector(next_difat))
            fat_sectors.extend(s for s in block[:-1] if s < 0xFFFFFFFA)
            next_difat = block[-1]
            hops += 1
        fat_sectors = fat_sectors[: max(n_fat, 0) or len(fat_sectors)]
        fat: list[int] = []
        for s in fat_sectors[:20_000]:
            fat.extend(struct.unpack(f"<{sector // 4}I", read_sector(s)))

        names: set[str] = set()
        current, seen = first_dir, set()
        while current < 0xFFFFFFFA and current not in seen and len(seen) < 50_000:
            seen.add(current)
            block = read_sector(current)
            for offset in range(0, sector, 128):
                length = struct.unpack_from("<H", block, offset + 64)[0]
                kind = block[offset + 66]
                if kind in (1, 2, 5) and 2 <= length <= 64:
                    names.add(block[offset : offset + length - 2].decode("utf-16-le", "replace"))
            current = fat[current] if current < len(fat) else 0xFFFFFFFE
        return names
    except (struct.error, ValueError, IndexError, OSError):
        return set()


# ---------------------------------------------------------------- 解压与 XML 安全


_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, collect_ids=False)


class _PartStream:
    """压缩包里一个部件的只读流：限制解压字节数，拒绝 DOCTYPE，解压错误记下来。"""

    def __init__(self, raw, part: str, *, whole: bool = False):
        self._raw = raw
        self._whole = whole  # 整个部件读进内存（不是按行流式读）
        self.part = part
        self.count = 0
        self.error: WorkbookFileError | None = None
        self.crowded = False  # 出错的原因是一处标签太密集（见 _watch）
        self._tags = 0  # 上一个 <row>/<si> 之后的标签数
        self._pending = self._read_raw(CHUNK)
        while True:
            verdict = _prolog_verdict(self._pending)
            if verdict == "ok":
                break
            if verdict == "entities":
                raise _error("entities")
            # 前导内容还没读完
            more = self._read_raw(CHUNK)
            if not more or len(self._pending) > PROLOG_LIMIT:
                if not more and self._pending.strip() == b"":
                    break  # 空部件：交给解析器报错
                raise _error("corrupt_xml", part=part)
            self._pending += more

    def _read_raw(self, n: int) -> bytes:
        try:
            data = self._raw.read(n)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
            raise _error("truncated") from None
        self.count += len(data)
        if self.count > MAX_PART:
            raise _error("too_large")
        self._watch(data)
        return data

    def _watch(self, data: bytes) -> None:
        """解析器只在 </row>（共享字符串是 </si>）处释放内存：两处之间的标签太多（一行几十万格）就拒绝。

        数的是“<”，按字节数，不解析；各种前缀（<x:row）也认。压缩比和解压大小的上限管不到这种文件：
        几 MB 的文件就能在一行里塞进上百万个单元格，解析器会把它们全留在内存里。"""
        if self._whole:
            self._tags += data.count(b"<")
            limit = MAX_TAGS_WHOLE
        else:
            last = max(data.rfind(b"<row"), data.rfind(b":row"), data.rfind(b"<si"), data.rfind(b":si"))
            self._tags = data.count(b"<", last) if last >= 0 else self._tags + data.count(b"<")
            limit = MAX_TAGS_AT_ONCE
        if self._tags > limit:
            if self._whole:
                raise _error("too_large")
            self.crowded = True
            raise _error("too_wide", where=f"部件“{self.part}”")

    def read(self, n: int = -1) -> bytes:
        if self.error is not None:
            return b""
        if self._pending:
            data, self._pending = self._pending, b""
            return data
        try:
            return self._read_raw(CHUNK if n is None or n < 0 else n)
        except WorkbookFileError as error:
            self.error = error
            return b""

    def finish(self) -> None:
        """解析结束后调用：读取途中出过错就抛出来。"""
        if self.error is not None:
            raise self.error


def _stream_failure(stream, error: Exception, where: str) -> WorkbookFileError:
    if isinstance(stream, _PartStream) and stream.error is not None:
        if stream.crowded:
            return _error("too_wide", where=where)  # 说工作表的名字，而不是部件名
        return stream.error
    if isinstance(error, (zipfile.BadZipFile, zlib.error, EOFError)):
        return _error("truncated")
    if isinstance(error, MemoryError):
        return _error("too_large")
    return WorkbookFileError(
        "corrupt",
        f"工作簿的内容已损坏（{where}的数据格式不正确），本工具读不了。"
        "请用 Excel 或 WPS 打开，如能打开，另存为“Excel 工作簿(*.xlsx)”后再试；打不开就请重新获取文件。",
    )


def _prolog_verdict(data: bytes) -> str:
    """看 XML 根元素之前的内容：ok / entities（有 DOCTYPE 等声明）/ more（还没看完）。"""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (len(data) > 1 and 0 in data[:2]):
        text = data.decode("utf-16" if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-16-le", "ignore")
        text = text.lstrip("\ufeff")
        data = text.encode("utf-8", "ignore")
    elif data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    pos, n = 0, len(data)
    while True:
        while pos < n and data[pos] in b" \t\r\n":
            pos += 1
        if pos >= n:
            return "more"
        if data[pos] != 0x3C:  # '<'
            return "ok"  # 不是 XML：让解析器报错
        if data.startswith(b"<?", pos):
            end = data.find(b"?>", pos + 2)
            if end < 0:
                return "more"
            pos = end + 2
        elif data.startswith(b"<!--", pos):
            end = data.find(b"-->", pos + 4)
            if end < 0:
                return "more"
            pos = end + 3
        elif data.startswith(b"<!", pos):
            return "entities"  # <!DOCTYPE …> / <!ENTITY …>
        elif pos + 1 >= n:
            return "more"
        else:
            return "ok"


# ---------------------------------------------------------------- 值


_EMPTY = Cell("")  # 空的共享字符串：不算内容
_EMPTY_RESULT = Cell("")  # 公式算出来的空文字：算内容（有公式）
_NO_VALUE = Cell(None, "formula_no_value")
_PICTURE = Cell(None, "picture")
_TRUE = Cell(True)
_FALSE = Cell(False)

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _rich_text(element) -> str:
    """<si>/<is> 的文字：直接的 <t> 加上各个 <r> 里的 <t>；<rPh>（注音）不算。"""
    parts = []
    for child in element:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _R:
            for sub in child:
                if sub.tag == _T:
                    parts.append(sub.text or "")
    return "".join(parts)


def _unescape(text: str) -> str:
    """Excel 的 _xHHHH_ 转义：_x000D_ → 回车；_x005F_x000D_ → 字面的 _x000D_。"""
    if "_x" not in text:
        return text
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    if _SURROGATE.search(text):  # 用两个转义写的补充平面字符
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


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


def _number_cell(text: str, date_kind: int, date1904: bool) -> Cell:
    value = _number(text)
    if value is None:
        return None  # 不是数字：交给慢路径
    if date_kind:
        moment = _serial_to_datetime(value, date1904, date_kind == 2)
        if moment is not None:
            return Cell(moment, "date")
    return Cell(value)


_EPOCH_1900 = _dt.datetime(1899, 12, 30)
_EPOCH_1904 = _dt.datetime(1904, 1, 1)
_MS_PER_DAY = 86_400_000


def _serial_to_datetime(serial: float, date1904: bool, pure_time: bool):
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


def _iso_cell(text: str) -> Cell:
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


# 内置数字格式：日期（含中文区域的 27–36、50–58）与纯时间
_BUILTIN_DATES = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_BUILTIN_TIMES = {18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47, 55, 56}


def _builtin_kind(fmt_id: int) -> int:
    if fmt_id in _BUILTIN_TIMES:
        return 2
    return 1 if fmt_id in _BUILTIN_DATES else 0


_QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.')
_BRACKET = re.compile(r"\[([^\]]*)\]")
_ELAPSED = re.compile(r"^(h+|m+|s+)$", re.IGNORECASE)


def _format_kind(code: str) -> int:
    """自定义格式：0 不是日期；1 日期（或日期时间）；2 纯时间。"""
    if not code:
        return 0
    section = code.split(";")[0]  # 正数部分决定显示
    section = _QUOTED.sub("", section)
    elapsed = bool(any(_ELAPSED.match(m) for m in _BRACKET.findall(section)))
    section = _BRACKET.sub("", section).lower()
    if section.strip() in ("general", "@", ""):
        return 2 if elapsed else 0
    has_time = elapsed
    for marker in ("am/pm", "a/p", "上午/下午"):
        if marker in section:
            has_time = True
            section = section.replace(marker, "")
    has_date = any(ch in section for ch in "yd年月日") or ("m" in section and not _minutes_only(section))
    has_time = has_time or any(ch in section for ch in "hs时分秒")
    if has_date:
        return 1
    return 2 if has_time else 0


def _minutes_only(section: str) -> bool:
    """格式里的每个 m 都紧挨着 h 或 s（是“分”不是“月”）。"""
    for match in re.finditer(r"m+", section):
        before = section[: match.start()].rstrip(" :.")[-1:]
        after = section[match.end() :].lstrip(" :.")[:1]
        if before not in ("h",) and after not in ("s",):
            return False
    return True


# ---------------------------------------------------------------- 位置


_COLUMN_CACHE: dict[str, int] = {}  # 列字母 → 列号


def _letters_index(letters: str) -> int:
    index = 0
    for ch in letters:
        if not "A" <= ch <= "Z":
            return 0
        index = index * 26 + ord(ch) - 64
    return index if 0 < index <= 16384 else 0


def _column_index(ref: str) -> int:
    letters = ref.rstrip("0123456789")
    index = _letters_index(letters.upper())
    if index and len(_COLUMN_CACHE) < 20_000:
        _COLUMN_CACHE[letters] = index
    return index


def _parse_ref(ref: str) -> tuple[int, int] | None:
    ref = ref.replace("$", "").strip().upper()
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters) :]
    col = _letters_index(letters)
    if not col or not digits.isdigit():
        return None
    return int(digits), col


def _parse_range(ref: str | None) -> tuple[int, int, int, int] | None:
    if not ref:
        return None
    first, _, last = ref.partition(":")
    a = _parse_ref(first)
    b = _parse_ref(last) if last else a
    if a is None or b is None:
        return None
    return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])


# ---------------------------------------------------------------- 给用户的话

_RESAVE = "请用 Excel 或 WPS 打开，选择“另存为”→“Excel 工作簿(*.xlsx)”，再用新文件运行本工具。"
_WRONG_FILE = "请确认选对了文件：本工具读取的是填好的标准工作簿（.xlsx），可以用 toolkit new-workbook 生成空白模板。"

_MESSAGES = {
    "not_found": "找不到文件“{name}”。请检查文件名和所在文件夹是否写对（可以把文件直接拖进命令行窗口，自动填入完整路径）。",
    "directory": "“{name}”是一个文件夹，不是工作簿文件。请指定文件夹里的那个 .xlsx 文件。",
    "permission": "无法打开文件“{name}”：没有读取权限，或文件正被其他程序独占。请关闭正在使用它的程序，或把文件复制到自己的文件夹后再试。",
    "empty": "这个文件是空的（0 字节），里面没有任何内容，可能是保存或拷贝时出了问题。请重新获取文件，或在 Excel/WPS 里重新保存后再试。",
    "lockfile": "“{name}”是 Excel/WPS 打开工作簿时自动生成的临时锁定文件（文件名以 ~$ 开头），不是工作簿本身。"
    "请选择去掉“~$”的那个同名文件；工作簿关闭后，这个临时文件可以删除。",
    "xls": "这是旧版 Excel 97-2003 工作簿（.xls）。" + _RESAVE,
    "encrypted": "这个文件设置了打开密码（已加密），本工具无法读取，也不会尝试猜测密码。"
    "请在 Excel 中打开后 文件→信息→保护工作簿→用密码进行加密，清空密码并保存"
    "（WPS：文件→文档加密→密码加密，清空打开密码），再用这个文件运行本工具。",
    "zip_encrypted": "文件里的内容被压缩软件加了密码，本工具无法读取。请用 Excel 或 WPS 打开后另存为“Excel 工作簿(*.xlsx)”，再用新文件运行本工具。",
    "word_doc": "这是 Word 文档（.doc），不是 Excel 工作簿。" + _WRONG_FILE,
    "docx": "这是 Word 文档（.docx），不是 Excel 工作簿。" + _WRONG_FILE,
    "rtf": "这是 RTF 格式的文档（Word 可以打开），不是 Excel 工作簿。" + _WRONG_FILE,
    "ppt": "这是 PowerPoint 演示文稿（.ppt），不是 Excel 工作簿。" + _WRONG_FILE,
    "pptx": "这是 PowerPoint 演示文稿（.pptx），不是 Excel 工作簿。" + _WRONG_FILE,
    "ole": "这是旧版 Office/WPS 格式的文件，但不是 Excel 工作簿。如果它是表格，" + _RESAVE,
    "html": "这是网页格式（HTML）的文件，只是扩展名像 Excel，常见于从网站或业务系统“导出Excel”得到的文件。" + _RESAVE,
    "xml2003": "这是“XML 电子表格 2003”格式的文件，不是 .xlsx 工作簿。" + _RESAVE,
    "xml": "这是一个 XML 文本文件，不是 Excel 工作簿。" + _WRONG_FILE,
    "csv": "这是 CSV 纯文本文件（用逗号或制表符分隔），不是 Excel 工作簿。" + _RESAVE
    + "打开时请留意：身份证号等长数字可能被 Excel 改成 1.1E+17 这样的科学计数法，请把这些列设为“文本”后重新输入。",
    "text": "这是纯文本文件，不是 Excel 工作簿。" + _WRONG_FILE,
    "pdf": "这是 PDF 文件，不是 Excel 工作簿。PDF 里的表格无法直接读取，" + _WRONG_FILE,
    "image": "这是一张图片，不是 Excel 工作簿。" + _WRONG_FILE,
    "archive": "这是一个压缩包（RAR/7z/gz），不是 Excel 工作簿。请先解压，再选择其中的 .xlsx 文件。",
    "ods": "这是 OpenDocument 电子表格（.ods，LibreOffice/WPS 使用的另一种格式）。"
    "请用 Excel、WPS 或 LibreOffice 打开，选择“另存为”→“Excel 工作簿(*.xlsx)”，再用新文件运行本工具。",
    "odf": "这是 OpenDocument 文档（LibreOffice 的文字或演示文件），不是 Excel 工作簿。" + _WRONG_FILE,
    "xlsb": "这是 Excel 二进制工作簿（.xlsb），本工具读不了这种格式。" + _RESAVE,
    "strict": "这是“Strict Open XML 电子表格”格式的工作簿，本工具读不了这种格式。"
    "请在 Excel 中另存为“Excel 工作簿(*.xlsx)”，再用新文件运行本工具。",
    "truncated": "文件不完整，可能下载或拷贝时中断了，请重新获取（重新下载，或从原处再拷贝一次）。"
    "如果它在 Excel/WPS 里还能打开，也可以另存一份再试。",
    "corrupt_zip": "文件使用了本工具不支持的压缩方式，可能不是由 Excel/WPS 保存的。" + _RESAVE,
    "corrupt_xml": "工作簿里的部件“{part}”内容已损坏，本工具读不了。"
    "请用 Excel 或 WPS 打开，如能打开，另存为“Excel 工作簿(*.xlsx)”后再试；打不开就请重新获取文件。",
    "not_zip": "这是一个压缩包（zip），但里面没有 Excel 工作簿的内容。如果需要的工作簿在压缩包里，请先解压；" + _WRONG_FILE,
    "too_large": "这个文件解压后的内容大得异常（超过一份支部工作簿应有的大小，也可能是损坏的文件或“压缩炸弹”），本工具拒绝读取。"
    "请确认选对了文件；如确是工作簿，请删除多余的工作表和格式，另存后再试。",
    "entities": "文件里含有不安全的 XML 内容（实体声明），本工具拒绝读取。正常由 Excel/WPS 保存的工作簿不会有这种内容；"
    "请确认文件来源可靠，用 Excel 或 WPS 打开后另存为“Excel 工作簿(*.xlsx)”再试。",
    "too_wide": "{where}里的单元格远远超过 Excel 一行 16,384 列的上限，不是 Excel/WPS 正常保存的文件（可能已损坏，或是被人为构造的），本工具拒绝读取。"
    "请确认文件来源可靠；如确是工作簿，请用 Excel 或 WPS 打开，删除多余的列后另存为“Excel 工作簿(*.xlsx)”再试。",
    "no_sheets": "这个工作簿里没有可读取的工作表（可能只有图表页）。" + _WRONG_FILE,
    "unreadable": "无法识别这个文件的格式，它不是 Excel 工作簿（.xlsx）。如果它能用 Excel 或 WPS 打开，"
    "请选择“另存为”→“Excel 工作簿(*.xlsx)”，再用新文件运行本工具。",
}

# 细分的代码归到对外公布的代码下
_KIND_OF = {"corrupt_zip": "corrupt", "corrupt_xml": "corrupt", "too_wide": "too_large"}


def _error(kind: str, **fields) -> WorkbookFileError:
    message = _MESSAGES[kind].format(**{"name": "", "part": "", "where": "文件", **fields})
    return WorkbookFileError(_KIND_OF.get(kind, kind), message)

"""压缩包这一层：把 .xlsx/.xlsm 打开成一本书（XlsxBook）和它的工作表（XlsxSheet），不读单元格。

    open_workbook(path)   认文件（identify）→ 查压缩包的目录（条目数、解压大小、压缩比）→ 找到主部件、
                          工作表、共享字符串、样式 → XlsxBook；读不了时抛出 WorkbookFileError
    XlsxBook              部件（open_part / parse_part / part_bytes / relationships / has_part / stored_name）、
                          整个文件的字节（data）、共享字符串、数字格式与日期样式、主部件等部件名
    XlsxSheet             名字、是否隐藏、部件名、合并单元格、有没有筛选
    NumberFormats         styles.xml 里决定“是不是日期”的部分：每本书只解析一次，两种读法共用

只读不写：输入文件以只读方式打开一次，读进内存后立即关闭。每个部件怎么安全地解压、解析在 parts.py；
单元格一行一行怎么读在 rows.py（以及它挑选的 rows_lxml.py、rows_calamine.py）。
"""

from __future__ import annotations

import io
import os
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from toolkit.errors import WorkbookFileError
from toolkit.files import InputFile
from toolkit.workbook import identify
from toolkit.workbook.cells import builtin_kind, format_kind, parse_range, unescape
from toolkit.workbook.messages import file_error
from toolkit.workbook.parts import (
    CHUNK,
    MAIN,
    MAX_PART,
    PARSER_OPTIONS,
    PKG_REL,
    REL_NS,
    RELEASE_CELLS,
    STRICT_MARK,
    PartStream,
    main_tag,
    release_read_rows,
    rich_text,
    stream_failure,
)

__all__ = ["XlsxSheet", "XlsxBook", "NumberFormats", "open_workbook"]

# ---------------------------------------------------------------- 上限

MAX_TOTAL = 512 * 1024 * 1024  # 全部部件解压后合计
MAX_RATIO = 500  # 单个部件的压缩比（deflate 理论上限约 1032）
RATIO_MIN_SIZE = 8 * 1024 * 1024  # 小部件不看压缩比
MAX_ENTRIES = 20_000  # 压缩包里的文件数
# 共享字符串（各单元格里不重复的文字）：一个 15 万党员的党委工作簿约 30 多万条、几百万字。
# 上限处的文件读一遍约几秒、一两百 MB；再多就拒绝（读到上限就停，不把千万条都读进内存）
MAX_SHARED_STRINGS = 500_000
MAX_SHARED_TEXT = 16_000_000  # 全部共享字符串合计的字数

# ---------------------------------------------------------------- 标签

_ROW, _SI, _SHEET, _SHEETS = main_tag("row"), main_tag("si"), main_tag("sheet"), main_tag("sheets")
_NUM_FMTS, _NUM_FMT, _CELL_XFS, _XF = main_tag("numFmts"), main_tag("numFmt"), main_tag("cellXfs"), main_tag("xf")
_AUTOFILTER = main_tag("autoFilter")
_MERGED = f"{main_tag('mergeCells')}/{main_tag('mergeCell')}"
_TABLE_PARTS = f"{main_tag('tableParts')}/{main_tag('tablePart')}"
_RELATIONSHIP = "{%s}Relationship" % PKG_REL
_RID = "{%s}id" % REL_NS


# ---------------------------------------------------------------- 数字格式


@dataclass(frozen=True)
class NumberFormats:
    """styles.xml 里与“是不是日期”有关的部分。

    codes          自定义格式：numFmtId → formatCode（第一处 <numFmts> 里的，格式号读不出的跳过）
    cell_formats   单元格样式（第一处 <cellXfs> 的顺序）各用哪个 numFmtId；读不出是 None
    plain          numFmts、cellXfs 各只写了一处、格式直接列在下面、格式号都读得出：别的读取器也会读成这样
    """

    codes: dict[int, str]
    cell_formats: tuple[int | None, ...]
    plain: bool

    @classmethod
    def from_styles(cls, root) -> "NumberFormats":
        section = root.find(_NUM_FMTS)
        listed = list(section.iter(_NUM_FMT)) if section is not None else []
        codes: dict[int, str] = {}
        unreadable = False
        for fmt in listed:
            try:
                codes[int(fmt.get("numFmtId"))] = fmt.get("formatCode") or ""
            except (TypeError, ValueError):
                unreadable = True
        xfs = root.find(_CELL_XFS)
        cell_formats = tuple(_format_id(xf) for xf in xfs.iterfind(_XF)) if xfs is not None else ()
        plain = (
            not unreadable
            and None not in cell_formats
            and len(root.findall(_NUM_FMTS)) <= 1
            and len(root.findall(_CELL_XFS)) <= 1
            and (section is None or len(section.findall(_NUM_FMT)) == len(listed))
        )
        return cls(codes, cell_formats, plain)

    def date_styles(self) -> dict[str | None, int]:
        """样式序号（单元格 s 属性的原文）→ 1 日期时间 / 2 纯时间；不是日期的样式不列。None 是不写 s 的单元格。"""
        kinds: dict[int, int] = {}
        styles: dict[str | None, int] = {}
        for index, fmt_id in enumerate(self.cell_formats):
            if fmt_id is None:
                continue
            if fmt_id not in kinds:
                kinds[fmt_id] = format_kind(self.codes[fmt_id]) if fmt_id in self.codes else builtin_kind(fmt_id)
            if kinds[fmt_id]:
                styles[str(index)] = kinds[fmt_id]
        if "0" in styles:  # 没有 s 属性的单元格用 0 号样式
            styles[None] = styles["0"]
        return styles


NO_FORMATS = NumberFormats({}, (), True)  # 没有 styles.xml 的书


def _format_id(xf) -> int | None:
    try:
        return int(xf.get("numFmtId") or 0)
    except ValueError:
        return None


# ---------------------------------------------------------------- 工作表


class XlsxSheet:
    """一个工作表：名字、是否隐藏、所在部件。单元格由 rows.read_rows(sheet) 读。"""

    def __init__(self, book: "XlsxBook", name: str, hidden: bool, part: str, *, guessed: bool = False):
        self.name = name
        self.hidden = hidden
        self.book = book
        self.part = part  # 压缩包里的部件名（规范写法）
        self.guessed = guessed  # 工作表的部件是按 sheetId 猜出来的（关系里没有）
        self.read_by = ""  # 上次读行用的读法：calamine / lxml（rows.read_rows 记下）
        self._merged: list[tuple[int, int, int, int]] | None = None
        self._autofilter: bool | None = None

    def __repr__(self) -> str:
        return f"XlsxSheet({self.name!r}, hidden={self.hidden})"

    @property
    def merged_ranges(self) -> list[tuple[int, int, int, int]]:
        """合并单元格：(最小行, 最小列, 最大行, 最大列)。"""
        if self._merged is None:
            self.book._scan_tail(self)
        return list(self._merged)

    @property
    def has_autofilter(self) -> bool:
        """工作表（或其中插入的“表格”）设置了筛选。"""
        if self._autofilter is None:
            self.book._scan_tail(self)
        return self._autofilter

    def note_tail(self, root) -> None:
        """sheetData 之后的合并单元格、筛选、表格：读完行后剩下的树（行都删掉了，很小）交给这里记下。"""
        merged = [box for el in root.iterfind(_MERGED) if (box := parse_range(el.get("ref"))) is not None]
        autofilter = root.find(_AUTOFILTER) is not None
        table_ids = [el.get(_RID) for el in root.iterfind(_TABLE_PARTS) if el.get(_RID)]
        if not autofilter and table_ids:
            autofilter = self.book._tables_have_filter(self.part, table_ids)
        self._merged = merged
        self._autofilter = autofilter


# ---------------------------------------------------------------- 书


class XlsxBook:
    """打开的一本书。整个文件在内存里（data），原文件已关闭。

    path、data、sheets、date1904、has_macros
    main_part、shared_strings_part、styles_part   部件名；没有的是 None
    shared_strings                                已解码（_xHHHH_ 已还原）的共享字符串
    number_formats、date_styles                   见 NumberFormats
    """

    def __init__(self, path: Path, data: bytes, zf: zipfile.ZipFile, names: dict[str, str]):
        self.path = path
        self.data = data
        self.sheets: list[XlsxSheet] = []
        self.date1904 = False
        self.has_macros = False
        self.main_part: str | None = None
        self.shared_strings_part: str | None = None
        self.styles_part: str | None = None
        self.shared_strings: list[str] = []
        self.number_formats = NO_FORMATS
        self.date_styles: dict[str | None, int] = {}
        self._zip = zf
        self._names = names  # 小写部件名 → 压缩包里的原名

    def __repr__(self) -> str:
        return f"XlsxBook({str(self.path)!r}, sheets={[s.name for s in self.sheets]})"

    # ------------------------------------------------------------ 部件

    def has_part(self, part: str) -> bool:
        """压缩包里有这个部件（不分大小写）。"""
        return part.lower() in self._names

    def stored_name(self, part: str) -> str | None:
        """部件在压缩包里的原名（大小写照原样）；没有时为 None。"""
        return self._names.get(part.lower())

    def open_part(self, part: str, *, whole: bool = False) -> PartStream:
        """部件的只读流（有上限，见 parts.PartStream）；whole：整个读进内存的小部件，标签总数另有上限。"""
        name = self.stored_name(part)
        if name is None:
            raise file_error("missing_part", part=part)
        try:
            raw = self._zip.open(name)
        except RuntimeError:  # 压缩包条目加了密码
            raise file_error("zip_encrypted") from None
        except NotImplementedError:
            raise file_error("corrupt_zip") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
            raise file_error("truncated") from None
        return PartStream(raw, part, whole=whole)

    def parse_part(self, part: str):
        """把一个小部件（workbook.xml、styles.xml、关系……）整个解析成树，返回根元素。"""
        stream = self.open_part(part, whole=True)
        try:
            root = etree.parse(stream, etree.XMLParser(**PARSER_OPTIONS)).getroot()
            stream.finish()
            return root
        except WorkbookFileError:
            raise
        except Exception as error:  # noqa: BLE001  任何解析问题都变成一句中文说明
            raise stream_failure(stream, error, f"部件“{part}”") from None

    def part_bytes(self, part: str, *, limit: int) -> bytes | None:
        """解压一个部件的全部字节；解压出错或超过 limit 字节时返回 None（不说明原因）。"""
        try:
            stream = self.open_part(part)
        except WorkbookFileError:
            return None
        chunks = []
        size = 0
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
        if stream.error is not None:
            return None
        return b"".join(chunks)

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """部件的关系：Id → (类型, 目标部件的规范名)。没有关系文件时为空。"""
        folder, base = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has_part(rels_part):
            return {}
        root = self.parse_part(rels_part)
        result = {}
        for rel in root.iter(_RELATIONSHIP):
            rid, kind, target = rel.get("Id"), rel.get("Type") or "", rel.get("Target") or ""
            if not rid or rel.get("TargetMode") == "External":
                continue
            result[rid] = (kind, _resolve_target(folder, target))
        return result

    # ------------------------------------------------------------ 工作表的尾部

    def _scan_tail(self, sheet: XlsxSheet) -> None:
        """还没读过行的工作表：流式扫一遍（每读一批行就删掉），只为 sheetData 之后的合并单元格和筛选。"""
        stream = self.open_part(sheet.part)
        try:
            events = etree.iterparse(stream, events=("end",), tag=_ROW, **PARSER_OPTIONS)
            done = 0
            for _event, row in events:
                done += len(row) + 1
                if done >= RELEASE_CELLS:
                    release_read_rows(row)
                    done = 0
            stream.finish()
            root = events.root
        except WorkbookFileError:
            raise
        except Exception as error:  # noqa: BLE001
            raise stream_failure(stream, error, f"工作表“{sheet.name}”") from None
        sheet.note_tail(root)

    def _tables_have_filter(self, sheet_part: str, table_ids: list[str]) -> bool:
        """工作表里插入的“表格”（Ctrl+T）自带筛选，筛选信息在表格部件里。"""
        try:
            rels = self.relationships(sheet_part)
        except WorkbookFileError:
            return False
        for rid in table_ids:
            rel = rels.get(rid)
            if rel is None or not self.has_part(rel[1]):
                continue
            try:
                root = self.parse_part(rel[1])
            except WorkbookFileError:
                continue
            if root.find(_AUTOFILTER) is not None:
                return True
        return False

    # ------------------------------------------------------------ 共享字符串和样式

    def _load_shared_strings(self, part: str) -> None:
        stream = self.open_part(part)
        strings: list[str] = []
        append = strings.append
        done = 0
        chars = 0
        try:
            for _event, si in etree.iterparse(stream, events=("end",), tag=_SI, **PARSER_OPTIONS):
                if len(si) == 1 and not len(si[0]):
                    text = si[0].text or ""  # 最常见：<si><t>文字</t></si>
                else:
                    text = rich_text(si)
                append(unescape(text) if "_x" in text else text)
                chars += len(text)
                done += len(si) + 1
                if done >= RELEASE_CELLS:
                    release_read_rows(si)
                    done = 0
                    _check_strings(len(strings), chars)
            stream.finish()
            _check_strings(len(strings), chars)
        except WorkbookFileError:
            raise
        except Exception as error:  # noqa: BLE001
            raise stream_failure(stream, error, "共享字符串（单元格里的文字）", crowded="too_deep") from None
        self.shared_strings = strings

    def _load_styles(self, part: str) -> None:
        self.number_formats = NumberFormats.from_styles(self.parse_part(part))
        self.date_styles = self.number_formats.date_styles()


def _check_strings(count: int, chars: int) -> None:
    """共享字符串的条数、合计字数超过上限就拒绝（读到一半就停）。"""
    if count > MAX_SHARED_STRINGS:
        raise file_error("too_many_strings", where=f"{MAX_SHARED_STRINGS:,}")
    if chars > MAX_SHARED_TEXT:
        raise file_error("too_much_text", where=f"{MAX_SHARED_TEXT:,}")


# ---------------------------------------------------------------- 打开


def open_workbook(path) -> XlsxBook:
    """认出文件类型并打开 .xlsx/.xlsm；读不了时抛出 WorkbookFileError。原文件只读。
    path 也可以是已经读进来的 files.InputFile：那就用它的字节，不再读磁盘。"""
    if isinstance(path, InputFile):
        return open_package(path.path, path.data)
    path = Path(os.fspath(path))
    return open_package(path, identify.read_workbook_bytes(path))


def open_package(path: Path, data: bytes) -> XlsxBook:
    """内存里的压缩包 → XlsxBook。path 只用来认 .xlsm 和给人看。"""
    zf, names = _open_archive(data)
    book = XlsxBook(path, data, zf, names)
    _refuse_opendocument(zf, names)
    main = _find_main_part(book)
    root = _workbook_root(book, main)
    pr = root.find(main_tag("workbookPr"))
    book.date1904 = pr is not None and pr.get("date1904") in ("1", "true")
    rels = book.relationships(main)
    shared, styles = _shared_and_styles(book, main, rels)
    book.sheets = _list_sheets(book, root, rels, posixpath.dirname(main))
    if not book.sheets:
        raise file_error("no_sheets")
    book.has_macros = _has_macros(path, names, rels)
    book.main_part, book.shared_strings_part, book.styles_part = main, shared, styles
    if shared:
        book._load_shared_strings(shared)
    if styles:
        book._load_styles(styles)
    return book


def _open_archive(data: bytes) -> tuple[zipfile.ZipFile, dict[str, str]]:
    """读压缩包的目录并查上限：条目数、每个部件和合计的解压大小、压缩比。返回（压缩包, 小写名 → 原名）。"""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except Exception:  # noqa: BLE001  目录读不出来：文件被截断或损坏
        raise file_error("truncated") from None
    if len(infos) > MAX_ENTRIES:
        raise file_error("too_large")
    names: dict[str, str] = {}
    total = 0
    for info in infos:
        names.setdefault(info.filename.lower().lstrip("/"), info.filename)
        if info.is_dir():
            continue
        size = info.file_size
        total += size
        if size > MAX_PART or total > MAX_TOTAL:
            raise file_error("too_large")
        if size > RATIO_MIN_SIZE and size > MAX_RATIO * max(info.compress_size, 1):
            raise file_error("too_large")
    return zf, names


def _refuse_opendocument(zf: zipfile.ZipFile, names: dict[str, str]) -> None:
    mimetype = ""
    if "mimetype" in names:
        try:
            with zf.open(names["mimetype"]) as f:
                mimetype = f.read(200).decode("ascii", "replace").strip()
        except Exception:  # noqa: BLE001
            mimetype = ""
    kind = identify.opendocument_kind(mimetype, names)
    if kind is not None:
        raise file_error(kind)


def _find_main_part(book: XlsxBook) -> str:
    """主部件（xl/workbook.xml）；是 .xlsb、Word、PowerPoint 或根本没有时说清楚。"""
    main = _office_document(book)
    if main is None or not book.has_part(main):
        main = next((n for n in identify.MAIN_PART_GUESSES if book.has_part(n)), None)
        if main is None:
            raise file_error("not_zip")
    kind = identify.office_kind(main.lower())
    if kind is not None:
        raise file_error(kind)
    return main


def _office_document(book: XlsxBook) -> str | None:
    """_rels/.rels 里的 officeDocument 目标；Strict 格式在这里就能认出。"""
    if not book.has_part("_rels/.rels"):
        return None
    root = book.parse_part("_rels/.rels")
    for rel in root.iter(_RELATIONSHIP):
        kind = rel.get("Type") or ""
        if kind.endswith("/officeDocument"):
            target = _resolve_target("", rel.get("Target") or "")
            if STRICT_MARK in kind and target.lower().endswith(".xml") and not target.lower().startswith(("word/", "ppt/")):
                raise file_error("strict")
            return target
    return None


def _workbook_root(book: XlsxBook, main: str):
    """解析主部件：必须是 SpreadsheetML 的 <workbook>（Strict 格式、Word 文档另有说明）。"""
    root = book.parse_part(main)
    name = etree.QName(root)
    if STRICT_MARK in (name.namespace or "") or root.get("conformance") == "strict":
        raise file_error("strict")
    if name.localname != "workbook" or name.namespace != MAIN:
        if main.lower().startswith("word/") or book.has_part("word/document.xml"):
            raise file_error("docx")
        raise file_error("not_zip")
    return root


def _shared_and_styles(book: XlsxBook, main: str, rels: dict) -> tuple[str | None, str | None]:
    """共享字符串和样式的部件名：按关系找，关系里没有就看主部件旁边的常规位置。"""
    folder = posixpath.dirname(main)
    shared = styles = None
    for kind, target in rels.values():
        if STRICT_MARK in kind:
            raise file_error("strict")
        if kind.endswith("/sharedStrings"):
            shared = target
        elif kind.endswith("/styles"):
            styles = target
    if shared is None and book.has_part(posixpath.join(folder, "sharedStrings.xml")):
        shared = posixpath.join(folder, "sharedStrings.xml")
    if styles is None and book.has_part(posixpath.join(folder, "styles.xml")):
        styles = posixpath.join(folder, "styles.xml")
    return shared, styles


def _list_sheets(book: XlsxBook, root, rels: dict, folder: str) -> list[XlsxSheet]:
    """<sheets> 里的每个工作表（图表页、对话框页、宏表不算）。"""
    sheets = []
    guessed: set[str] = set()  # 按 sheetId 猜出来的部件
    listed = root.find(_SHEETS)
    for el in listed.iterfind(_SHEET) if listed is not None else ():
        name = el.get("name") or ""
        rel = rels.get(el.get(_RID) or "")
        if rel is None:
            rel = _guess_sheet_part(book, el, folder)
            if rel is None:
                continue
            guessed.add(rel[1])
        kind, target = rel
        if not kind.endswith("/worksheet"):
            continue  # 图表页、对话框页、宏表不是数据
        if not book.has_part(target):
            raise file_error("missing_sheet", name=name)
        hidden = el.get("state") in ("hidden", "veryHidden")
        sheets.append(XlsxSheet(book, name, hidden, target, guessed=target in guessed))
    return sheets


def _guess_sheet_part(book: XlsxBook, el, folder: str) -> tuple[str, str] | None:
    """关系里没有的工作表：按 sheetId 猜 worksheets/sheetN.xml（别的读取器未必这样猜：不交给 calamine）。"""
    fallback = posixpath.join(folder, "worksheets", f"sheet{el.get('sheetId')}.xml")
    if not book.has_part(fallback):
        return None
    return MAIN + "/worksheet", fallback


def _has_macros(path: Path, names: dict[str, str], rels: dict) -> bool:
    return (
        path.suffix.lower() in (".xlsm", ".xltm")
        or any(n.endswith("vbaproject.bin") for n in names)
        or any(kind.endswith("/vbaProject") for kind, _ in rels.values())
    )


def _resolve_target(folder: str, target: str) -> str:
    target = target.replace("\\", "/")
    if target.startswith("/"):
        path = target.lstrip("/")
    else:
        path = posixpath.join(folder, target)
    path = posixpath.normpath(path)
    return "" if path == "." else path.lstrip("/")

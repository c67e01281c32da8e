"""压缩包里的一个部件：有上限地解压，安全地解析 XML。

    PartStream(raw, part)      部件的只读流：解压字节数有上限；前导里有 DOCTYPE/实体声明就拒绝；
                               两个 <row>（或 <si>）之间的标签太多就拒绝；解压出错先记下，解析完由 finish() 抛出
    PARSER_OPTIONS             lxml 解析器的选项：不解析实体、不联网、不加载 DTD
    stream_failure(stream, error, where)   解析途中的任何问题 → 一句中文说明（WorkbookFileError）
    release_read_rows(row)     流式解析时删掉已读完的行，内存才不随行数增长
    rich_text(element)         <si>/<is> 里的文字
    MAIN、main_tag(name)…      SpreadsheetML 的命名空间和标签名

只管一个部件的字节和 XML；压缩包整体的上限、部件之间的关系在 package.py。
"""

from __future__ import annotations

import codecs
import zipfile
import zlib

from toolkit.errors import WorkbookFileError
from toolkit.workbook.messages import file_error

__all__ = [
    "MAX_PART",
    "CHUNK",
    "RELEASE_CELLS",
    "PARSER_OPTIONS",
    "PartStream",
    "stream_failure",
    "release_read_rows",
    "rich_text",
    "MAIN",
    "REL_NS",
    "PKG_REL",
    "STRICT_MARK",
    "main_tag",
]

# ---------------------------------------------------------------- 上限

MAX_PART = 256 * 1024 * 1024  # 单个部件解压后
PROLOG_LIMIT = 1024 * 1024  # XML 声明、注释等前导内容的上限
CHUNK = 256 * 1024
MAX_TAGS_AT_ONCE = 400_000  # 两个 <row>（或 <si>）之间最多这么多个标签：解析器一次要留在内存里的就这么多
MAX_TAGS_WHOLE = 1_000_000  # 整个读进内存的部件（workbook.xml、styles.xml、关系……）最多这么多个标签
RELEASE_CELLS = 4096  # 读过这么多个单元格（而不是这么多行）就释放一次：很宽的行也不会攒在内存里

# ---------------------------------------------------------------- 命名空间

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
STRICT_MARK = "purl.oclc.org/ooxml"  # Strict Open XML 的命名空间都在这个网址下


def main_tag(name: str) -> str:
    """SpreadsheetML 命名空间里的标签名，lxml 的写法：{…/main}row。"""
    return "{%s}%s" % (MAIN, name)


_T, _R = main_tag("t"), main_tag("r")

PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, collect_ids=False)


# ---------------------------------------------------------------- 部件的流


class PartStream:
    """压缩包里一个部件的只读流：限制解压字节数，拒绝 DOCTYPE，解压错误记下来。"""

    def __init__(self, raw, part: str, *, whole: bool = False):
        self._raw = raw
        self._whole = whole  # 整个部件读进内存（不是按行流式读）
        self.part = part
        self.count = 0
        self.error: WorkbookFileError | None = None
        self.crowded = False  # 出错的原因是一处标签太密集（见 _watch）
        self._tags = 0  # 上一个 <row>/<si> 之后的标签数
        self._in_strings = False  # 最近看到的是 <si>（共享字符串）而不是 <row>
        try:
            self._pending = self._read_past_prolog()
        except WorkbookFileError as error:
            if not self.crowded:
                raise
            # 第一块里就太密：和读到一半时一样记下来，由 stream_failure 说出工作表的名字
            self.error, self._pending = error, b""

    def _read_past_prolog(self) -> bytes:
        """读到根元素为止（前导内容有上限），有 DOCTYPE/实体声明就拒绝。"""
        pending = self._read_raw(CHUNK)
        while True:
            verdict = _prolog_verdict(pending)
            if verdict == "ok":
                return pending
            if verdict == "entities":
                raise file_error("entities")
            # 前导内容还没读完
            more = self._read_raw(CHUNK)
            if not more or len(pending) > PROLOG_LIMIT:
                if not more and pending.strip() == b"":
                    return pending  # 空部件：交给解析器报错
                raise file_error("corrupt_xml", part=self.part)
            pending += more

    def _read_raw(self, n: int) -> bytes:
        try:
            data = self._raw.read(n)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
            raise file_error("truncated") from None
        self.count += len(data)
        if self.count > MAX_PART:
            raise file_error("too_large")
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
            row = max(data.rfind(b"<row"), data.rfind(b":row"))
            si = max(data.rfind(b"<si"), data.rfind(b":si"))
            last = max(row, si)
            if last >= 0:
                self._in_strings = si > row
            self._tags = data.count(b"<", last) if last >= 0 else self._tags + data.count(b"<")
            limit = MAX_TAGS_AT_ONCE
        if self._tags > limit:
            if self._whole:
                raise file_error("too_large")
            self.crowded = True
            if self._in_strings:  # 共享字符串里一格文字的标签太多：层层嵌套或拆成很多片段，不是“列太多”
                raise file_error("too_deep", where="共享字符串（单元格里的文字）")
            raise file_error("too_wide", where=f"部件“{self.part}”")

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


def stream_failure(stream, error: Exception, where: str, *, crowded: str = "too_wide") -> WorkbookFileError:
    """解析 stream 时出了 error：给用户的一句话。where 说出在哪里（如“工作表“党员名册””）。
    crowded：两个 <row>/<si> 之间标签太多时的说法；工作表是一行太宽（too_wide），共享字符串是一格文字里标签太多（too_deep）。"""
    if isinstance(stream, PartStream) and stream.error is not None:
        if stream.crowded:
            return file_error(crowded, where=where)  # 说工作表的名字，而不是部件名
        return stream.error
    if "Excessive depth" in str(error):  # libxml2：元素嵌套超过 256 层
        return file_error("too_deep", where=where)
    if isinstance(error, (zipfile.BadZipFile, zlib.error, EOFError)):
        return file_error("truncated")
    if isinstance(error, MemoryError):
        return file_error("too_large")
    return file_error("corrupt_data", where=where)


def _prolog_verdict(data: bytes) -> str:
    """看 XML 根元素之前的内容：ok / entities（有 DOCTYPE 等声明）/ more（还没看完）。"""
    data = _as_utf8(data)
    pos, size = 0, len(data)
    while True:
        while pos < size and data[pos] in b" \t\r\n":
            pos += 1
        if pos >= size:
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
        elif pos + 1 >= size:
            return "more"
        else:
            return "ok"


def _as_utf8(data: bytes) -> bytes:
    """前导内容按 UTF-8 看：UTF-16 的转过来，去掉 BOM。"""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (len(data) > 1 and 0 in data[:2]):
        text = data.decode("utf-16" if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-16-le", "ignore")
        return text.lstrip("\ufeff").encode("utf-8", "ignore")
    if data.startswith(codecs.BOM_UTF8):
        return data[3:]
    return data


# ---------------------------------------------------------------- 解析出来的树


def release_read_rows(row) -> None:
    """删掉已读完的行（当前行和它之前的），流式读取的内存才不随行数增长。"""
    parent = row.getparent()
    if parent is not None:
        del parent[: parent.index(row) + 1]


def rich_text(element) -> str:
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

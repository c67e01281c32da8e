"""认文件：打开任何库之前先看字节，认出用户交来的到底是什么。

    read_workbook_bytes(path)   读进整个文件（只读，读完即关）；不是压缩包的文件认出是什么，
                                抛出对应的 WorkbookFileError：空文件、~$ 锁定文件、旧版 .xls、加密工作簿、
                                Word、网页、XML 2003、PDF、CSV/文本、图片、压缩包……
    opendocument_kind(…)        压缩包里是 .ods 或别的 OpenDocument 时的代码
    office_kind(main_part)      压缩包的主部件是 .xlsb、Word、PowerPoint 时的代码
    MAIN_PART_GUESSES           没有 _rels/.rels 时依次找的主部件

代码对应的话在 messages.py；压缩包本身怎么打开在 package.py。
"""

from __future__ import annotations

import codecs
import io
import stat
import struct
import zipfile
from pathlib import Path

from toolkit.errors import WorkbookFileError
from toolkit.files import InputFile, read_input
from toolkit.workbook.messages import file_error

__all__ = ["MAX_FILE", "MAIN_PART_GUESSES", "read_workbook_bytes", "read_workbook_input", "opendocument_kind", "office_kind"]

MAX_FILE = 256 * 1024 * 1024  # 输入文件本身（压缩后）
_HEAD = 65536  # 先看文件开头这么多字节
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

MAIN_PART_GUESSES = ("xl/workbook.xml", "xl/workbook.bin", "word/document.xml", "ppt/presentation.xml")


# ---------------------------------------------------------------- 读进文件


def read_workbook_bytes(path: Path) -> bytes:
    """整个文件的字节（应是压缩包）；读不了或不是压缩包时抛出 WorkbookFileError。"""
    return read_workbook_input(path).data


def read_workbook_input(path: Path) -> InputFile:
    """读进整个文件一次（字节、哈希、是哪个文件）：之后的每一遍都用这份字节。读不了时抛出 WorkbookFileError。"""
    path = Path(path)
    label = path.name or str(path)
    size = _size_of(path, label)
    try:
        return read_input(path, lambda p, f: _zip_bytes(p, f, size, label))
    except PermissionError:
        raise file_error("permission", name=label) from None
    except IsADirectoryError:
        raise file_error("directory", name=label) from None
    except WorkbookFileError:
        raise
    except OSError:
        raise file_error("permission", name=label) from None


def _size_of(path: Path, label: str) -> int:
    """文件的字节数；不存在、是文件夹、是空文件时说清楚。"""
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise file_error("not_found", name=label) from None
    except PermissionError:
        raise file_error("permission", name=label) from None
    except (OSError, ValueError):
        raise file_error("not_found", name=label) from None
    if path.is_dir():
        raise file_error("directory", name=label)
    # 管道和设备的“大小”是 0：先说清它们不是文件，也不去打开（打开管道会一直等着）
    if stat.S_ISFIFO(st.st_mode):
        raise file_error("pipe", name=label)
    if not stat.S_ISREG(st.st_mode):
        raise file_error("device", name=label)
    if st.st_size == 0:
        raise file_error("empty")
    return st.st_size


def _zip_bytes(path: Path, f, size: int, label: str) -> bytes:
    head = f.read(_HEAD)
    if head[:4] in _ZIP_MAGIC:
        if size > MAX_FILE:
            raise file_error("too_large")
        data = head + f.read(MAX_FILE + 1 - len(head))
        if len(data) > MAX_FILE:
            raise file_error("too_large")
        return data
    kind = _classify_other(path, f, head, size)
    if kind is not None:
        raise file_error(kind, name=label)
    # 认不出：最后试一下是不是前面多了东西的压缩包
    if size <= MAX_FILE:
        f.seek(0)
        candidate = f.read()
        if zipfile.is_zipfile(io.BytesIO(candidate)):
            return candidate
    raise file_error("unreadable")


# ---------------------------------------------------------------- 压缩包里装的是别的文档


def opendocument_kind(mimetype: str, names) -> str | None:
    """OpenDocument：mimetype 写在第一个条目里；没写的看有没有 content.xml 和清单。names 是小写的部件名。"""
    if "opendocument.spreadsheet" in mimetype:
        return "ods"
    if "opendocument" in mimetype:
        return "odf"
    if "content.xml" in names and "meta-inf/manifest.xml" in names:
        return "ods"
    return None


def office_kind(main_part: str) -> str | None:
    """主部件（小写）说明这是 .xlsb、Word 或 PowerPoint 时的代码。"""
    if main_part.endswith(".bin"):
        return "xlsb"
    if main_part.startswith("word/"):
        return "docx"
    if main_part.startswith("ppt/"):
        return "pptx"
    return None


# ---------------------------------------------------------------- 不是压缩包的文件


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
    for encoding in _text_encodings(head):
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


def _text_encodings(head: bytes) -> list[str]:
    """按 BOM 和零字节的位置猜，依次试的编码。"""
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        return ["utf-16"]
    if head.startswith(codecs.BOM_UTF8):
        return ["utf-8-sig"]
    sample = head[:4096]
    zeros_odd = sample[1::2].count(0)
    if sample and zeros_odd > len(sample) // 4 and sample[0::2].count(0) < len(sample) // 16:
        return ["utf-16-le"]
    return ["utf-8", "gb18030"]


_HTML_MARKS = ("<html", "<!doctype html", "<table", "<head", "<meta", "<body", "<style", "<div", "<tr")


def _classify_text(text: str) -> str:
    s = text.lstrip("\ufeff \t\r\n").lower()
    start = s[:8192]
    if start.startswith("<"):
        return _classify_markup(start)
    if start.startswith("mime-version:") or "content-type: multipart/related" in start[:2000]:
        return "html"  # “单个文件网页”(.mht)
    lines = [line for line in s.splitlines()[:50] if line.strip()]
    if lines and sum(1 for line in lines if "," in line or "\t" in line) >= max(1, len(lines) // 2):
        return "csv"
    return "text"


def _classify_markup(start: str) -> str:
    """以“<”开头的文字（已转小写）：XML 电子表格 2003、网页、Word 的 XML，或别的 XML。"""
    if "<html" not in start and ("urn:schemas-microsoft-com:office:spreadsheet" in start or 'progid="excel.sheet"' in start):
        return "xml2003"
    if any(mark in start for mark in _HTML_MARKS):
        return "html"
    if "urn:schemas-microsoft-com:office:word" in start or 'progid="word.document"' in start:
        return "word_doc"
    return "xml"


# ---------------------------------------------------------------- 复合文档（OLE2）：.xls、.doc、加密的工作簿


_OLE_NAMES = ("EncryptedPackage", "EncryptionInfo", "WordDocument", "Workbook", "Book", "PowerPoint Document")
_END_OF_CHAIN = 0xFFFFFFFA  # 这个数及以上的扇区号都是“没有下一个”之类的标记


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


class _Sectors:
    """复合文档按扇区读：扇区号超出文件、读不满一个扇区都是格式不对（ValueError）。"""

    def __init__(self, f, size: int, sector: int):
        self.f = f
        self.size = sector
        self.limit = size // sector + 1

    def read(self, number: int) -> bytes:
        if number >= self.limit:
            raise ValueError
        self.f.seek((number + 1) * self.size)
        data = self.f.read(self.size)
        if len(data) < self.size:
            raise ValueError
        return data

    def numbers(self, number: int) -> tuple[int, ...]:
        """一个扇区当作一串扇区号读。"""
        return struct.unpack(f"<{self.size // 4}I", self.read(number))


def _ole_directory(f, size: int) -> set[str]:
    """读复合文档（OLE2）的目录，返回其中的流名。格式不对时返回空集合。"""
    try:
        f.seek(0)
        header = f.read(512)
        shift = struct.unpack_from("<H", header, 30)[0]
        if shift not in (9, 12):
            return set()
        sectors = _Sectors(f, size, 1 << shift)
        first_dir = struct.unpack_from("<I", header, 48)[0]
        return _directory_names(sectors, _allocation_table(sectors, header), first_dir)
    except (struct.error, ValueError, IndexError, OSError):
        return set()


def _allocation_table(sectors: _Sectors, header: bytes) -> list[int]:
    """扇区分配表（FAT）：前 109 个 FAT 扇区号在文件头里，其余的在 DIFAT 扇区链上。"""
    fat_count = struct.unpack_from("<I", header, 44)[0]
    first_difat, difat_count = struct.unpack_from("<II", header, 68)
    fat_sectors = [s for s in struct.unpack_from("<109I", header, 76) if s < _END_OF_CHAIN]
    next_difat, hops = first_difat, 0
    while next_difat < _END_OF_CHAIN and hops < min(difat_count, 10_000):
        block = sectors.numbers(next_difat)
        fat_sectors.extend(s for s in block[:-1] if s < _END_OF_CHAIN)
        next_difat = block[-1]
        hops += 1
    fat_sectors = fat_sectors[: max(fat_count, 0) or len(fat_sectors)]
    fat: list[int] = []
    for s in fat_sectors[:20_000]:
        fat.extend(sectors.numbers(s))
    return fat


def _directory_names(sectors: _Sectors, fat: list[int], first: int) -> set[str]:
    """沿目录扇区链读出每个存储、流的名字（每项 128 字节，名字是 UTF-16LE）。"""
    names: set[str] = set()
    current, seen = first, set()
    while current < _END_OF_CHAIN and current not in seen and len(seen) < 50_000:
        seen.add(current)
        block = sectors.read(current)
        for offset in range(0, sectors.size, 128):
            length = struct.unpack_from("<H", block, offset + 64)[0]
            kind = block[offset + 66]
            if kind in (1, 2, 5) and 2 <= length <= 64:
                names.add(block[offset : offset + length - 2].decode("utf-16-le", "replace"))
        current = fat[current] if current < len(fat) else 0xFFFFFFFE
    return names

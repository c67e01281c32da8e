"""坏文件、恶意文件的语料：测试时现场生成，仓库里不放任何二进制文件。

    build_corpus(folder) -> list[Case]     在 folder 下每个案例一个子文件夹，返回带预期结果的案例
    python tests/hostile_corpus.py 输出文件夹   手工生成一份，并列出每个案例的预期

覆盖 ../shared/spec/reading-and-validation.md 里“Bad input a reader must survive”的 1–14 条，
外加：实体炸弹与外部实体（XXE）、解压到约 1 GB 的压缩包（只花几毫秒造出来：同一段
deflate 块重复一千次）、格式刷到第 1,048,576 行、带 vbaProject.bin 的 .xlsm、设置了打开密码的
工作簿（手写的 OLE2 复合文档，含 EncryptionInfo/EncryptedPackage 流）、LibreOffice 写出的 .xls、
32,767 字的单元格、_xHHHH_ 转义与控制字符、以 = + - @ 开头的文字、一张表写“张　三”另一张写“张三”。

每个案例带着用户需要的结果：toolkit validate 与 generate-report 的退出码，消息里必须出现的
文字（文件、工作表、单元格），生成报告时报告里必须出现的文字。
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402
from lxml import etree  # noqa: E402

from tests.workbooks import headers_for, id_number, small_branch, write_workbook  # noqa: E402

D = dt.date
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS = f'xmlns="{MAIN_NS}"'


@dataclass
class Case:
    name: str  # 子文件夹名，也是 pytest 里的案例名
    item: str  # 对应坏输入清单的第几条（或 extra）
    about: str  # 一句话说明
    filename: str  # 输入文件名
    validate: int  # toolkit validate 的退出码
    generate: int  # generate-report 的退出码
    words: tuple[str, ...] = ()  # validate 的输出（stdout+stderr）必须含有
    gen_words: tuple[str, ...] | None = None  # generate-report 的输出必须含有；None 表示同 words
    report_words: tuple[str, ...] = ()  # 生成的报告必须含有（段落文字）
    absent: tuple[str, ...] = ()  # 任何输出（含报告）都不许出现
    output: str = "new"  # 输出位置：new / exists / exists-force / folder / missing-folder / readonly / spaces
    builder: Callable[[Path], None] | None = field(default=None, repr=False)
    path: Path | None = None
    skip: str | None = None  # 造不出来时的原因

    @property
    def expected_gen_words(self) -> tuple[str, ...]:
        return self.words if self.gen_words is None else self.gen_words


# ---------------------------------------------------------------- 小工具


def letter(sheet: str, header: str) -> str:
    """标准表头在 write_workbook 写出的表里是第几列（字母）。"""
    return openpyxl.utils.get_column_letter(headers_for(sheet).index(header) + 1)


def good(path: Path, data: dict | None = None, *, shared: bool = True, **kwargs) -> Path:
    """一本正确的小支部。shared：像 Excel 那样把文字放进共享字符串（openpyxl 写的是内联字符串）。"""
    write_workbook(path, data or small_branch(), **kwargs)
    if shared:
        to_shared_strings(path)
    return path


def to_shared_strings(path: Path) -> None:
    """把各工作表里的内联字符串改成 Excel 的写法：xl/sharedStrings.xml + t="s"。"""
    parts = read_parts(path)
    if "xl/sharedStrings.xml" in parts:
        return
    strings: list[str] = []
    index: dict[str, int] = {}
    n = f"{{{MAIN_NS}}}"
    for name in [k for k in parts if k.startswith("xl/worksheets/sheet")]:
        root = etree.fromstring(parts[name])
        for c in root.iter(n + "c"):
            if c.get("t") != "inlineStr":
                continue
            text = "".join(c.itertext())
            if text not in index:
                index[text] = len(strings)
                strings.append(text)
            for child in list(c):
                c.remove(child)
            c.set("t", "s")
            etree.SubElement(c, n + "v").text = str(index[text])
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    sst = etree.Element(n + "sst", nsmap={None: MAIN_NS}, count=str(len(strings)), uniqueCount=str(len(strings)))
    for text in strings:
        t = etree.SubElement(etree.SubElement(sst, n + "si"), n + "t")
        t.text = text
        if text != text.strip():
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    parts["xl/sharedStrings.xml"] = etree.tostring(sst, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    write_parts(path, parts)


def read_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def write_parts(path: Path, parts: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def sheet_part(parts: dict[str, bytes], title: str) -> str:
    """工作表标签名 → 压缩包里的部件名。"""
    root = etree.fromstring(parts["xl/workbook.xml"])
    rels = etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels}
    for sheet in root.iter(f"{{{MAIN_NS}}}sheet"):
        if sheet.get("name") == title:
            rid = sheet.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            target = targets[rid].lstrip("/")
            return target if target.startswith("xl/") else "xl/" + target
    raise KeyError(title)


def patch(path: Path, edits: dict[str, Callable[[bytes], bytes] | bytes | None], add: dict[str, bytes] | None = None) -> None:
    """改写压缩包里的部件：值是函数（旧内容 → 新内容）、新内容，或 None（删除）。键可以写工作表名“sheet:党员名册”。"""
    parts = read_parts(path)
    for key, edit in edits.items():
        name = sheet_part(parts, key[6:]) if key.startswith("sheet:") else key
        if edit is None:
            del parts[name]
        elif callable(edit):
            parts[name] = edit(parts[name])
        else:
            parts[name] = edit
    parts.update(add or {})
    write_parts(path, parts)


def edit_workbook(path: Path, change: Callable[[openpyxl.Workbook], None]) -> None:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    to_shared_strings(path)


def inline_cells(cells: dict[str, str]) -> Callable[[bytes], bytes]:
    """把工作表里的若干格换成原样的 XML（<c r="…" …>…</c>）。"""

    def change(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        for ref, raw in cells.items():
            pattern = re.compile(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', re.S)
            if pattern.search(text):
                text = pattern.sub(lambda _m: raw, text, count=1)
            else:
                raise KeyError(ref)
        return text.encode("utf-8")

    return change


def narrative_row(data: dict, section: str) -> int:
    """报告正文里某一章节第一段所在的 Excel 行号。"""
    for i, row in enumerate(data["报告正文"], start=2):
        if row["章节"] == section:
            return i
    raise KeyError(section)


# ---------------------------------------------------------------- 手写的 OLE2 复合文档（CFB v3）

_FREE, _END, _FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_NOSTREAM = 0xFFFFFFFF


def cfb(streams: dict[str, bytes]) -> bytes:
    """最小而完整的复合文档：扇区 512 字节；小于 4096 字节的流放在迷你流里（与 Office 写的一样）。

    streams 的键是路径，如 "EncryptionInfo"、"\\x06DataSpaces/Version"；中间的存储自动建出。"""
    sector = 512
    # 目录树
    nodes = [{"name": "Root Entry", "type": 5, "children": [], "data": b""}]
    index = {"": 0}
    for path, data in streams.items():
        parts = path.split("/")
        parent = ""
        for depth, part in enumerate(parts):
            key = "/".join(parts[: depth + 1])
            if key not in index:
                is_stream = depth == len(parts) - 1
                index[key] = len(nodes)
                nodes.append({"name": part, "type": 2 if is_stream else 1, "children": [], "data": data if is_stream else b""})
                nodes[index[parent]]["children"].append(index[key])
            parent = key

    def order(i):
        name = nodes[i]["name"]
        return (len(name), name.upper())

    # 每个存储的孩子排好序，串成右兄弟链（全黑的退化红黑树，读取器照样能走完）
    left = {i: _NOSTREAM for i in range(len(nodes))}
    right = dict(left)
    child = dict(left)
    for i, node in enumerate(nodes):
        kids = sorted(node["children"], key=order)
        if kids:
            child[i] = kids[0]
            for a, b in zip(kids, kids[1:]):
                right[a] = b

    # 迷你流与普通流
    mini = bytearray()
    minifat: list[int] = []
    big: list[tuple[int, bytes]] = []
    start = {}
    for i, node in enumerate(nodes):
        data = node["data"]
        if node["type"] != 2:
            continue
        if len(data) < 4096:
            first = len(mini) // 64
            count = max(1, -(-len(data) // 64)) if data else 0
            start[i] = first if data else _END
            for k in range(count):
                minifat.append(first + k + 1 if k < count - 1 else _END)
            mini += data + b"\0" * (count * 64 - len(data))
        else:
            big.append((i, data))

    def sectors(n_bytes):
        return -(-n_bytes // sector)

    n_dir = sectors(len(nodes) * 128)
    n_minifat = sectors(len(minifat) * 4) if minifat else 0
    n_mini = sectors(len(mini)) if mini else 0
    n_big = sum(sectors(len(d)) for _, d in big)
    body = n_dir + n_minifat + n_mini + n_big
    n_fat = 1
    while n_fat * (sector // 4) < body + n_fat:
        n_fat += 1
    fat = [_FATSECT] * n_fat
    payload = bytearray()

    def chain(data: bytes) -> int:
        first = len(fat)
        count = sectors(len(data))
        for k in range(count):
            fat.append(first + k + 1 if k < count - 1 else _END)
        payload.extend(data + b"\0" * (count * sector - len(data)))
        return first

    dir_first = len(fat)
    fat.extend([0] * n_dir)  # 先占位，目录最后写
    payload.extend(b"\0" * (n_dir * sector))
    for k in range(n_dir):
        fat[dir_first + k] = dir_first + k + 1 if k < n_dir - 1 else _END
    minifat_first = chain(b"".join(struct.pack("<I", v) for v in minifat)) if minifat else _END
    mini_first = chain(bytes(mini)) if mini else _END
    for i, data in big:
        start[i] = chain(data)
    fat.extend([_FREE] * (n_fat * (sector // 4) - len(fat)))

    directory = bytearray()
    for i, node in enumerate(nodes):
        name = node["name"].encode("utf-16-le") + b"\0\0"
        entry = bytearray(128)
        entry[: len(name)] = name
        struct.pack_into("<HBB", entry, 64, len(name), node["type"], 1)
        struct.pack_into("<III", entry, 68, left[i], right[i], child[i])
        if node["type"] == 5:
            struct.pack_into("<IQ", entry, 116, mini_first, len(mini))
        elif node["type"] == 2:
            struct.pack_into("<IQ", entry, 116, start.get(i, _END), len(node["data"]))
        directory += entry
    while len(directory) < n_dir * sector:
        empty = bytearray(128)
        struct.pack_into("<III", empty, 68, _NOSTREAM, _NOSTREAM, _NOSTREAM)
        directory += empty
    payload[0 : n_dir * sector] = directory  # 目录是 FAT 之后的第一批扇区

    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, n_fat, dir_first, 0, 4096, minifat_first, n_minifat, _END, 0)
    difat = list(range(n_fat)) + [_FREE] * (109 - n_fat)
    struct.pack_into("<109I", header, 76, *difat)
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat)
    return bytes(header) + fat_bytes + bytes(payload)


def _pseudo_random(n: int, seed: bytes) -> bytes:
    out = bytearray()
    counter = 0
    while len(out) < n:
        out += hashlib.sha512(seed + counter.to_bytes(8, "little")).digest()
        counter += 1
    return bytes(out[:n])


_AGILE_INFO = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" '
    'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
    '<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" '
    'cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="q5o/BXyPZ1mxdh8mPQlHKw=="/>'
    '<dataIntegrity encryptedHmacKey="Xz8bU0f5m1nRkV3hB8a1V9Y2c6p0dYw0Sx2I5mK2xgqv3ZP9UUMvUuS1xg0r2JVh7uQz9gQmBcJwPc1s3Z1Gxw==" '
    'encryptedHmacValue="lQ1mB0x4Sg7aQ8n5U3JpDk1R9zZ8Wc2hG5eT0yV6rX4pN1oK7iJ3uH9gF2dS8aL5qW0eR6tY4uI1oP7aS3dF9g=="/>'
    '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
    '<p:encryptedKey spinCount="100000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
    'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="yA2nW3ht5U8+bHqGJd0L0w==" '
    'encryptedVerifierHashInput="Uv0pM0Vd2C0GgxO1w8VhTA==" '
    'encryptedVerifierHashValue="d0vP5oW1kJ2yR8nQ4cH7tE3uI9aS6fG1zX5bN0mL2qW8eR4tY7uI3oP1aS9dF6gH2jK5lZ8xC0vB3nM7qW4eRw==" '
    'encryptedKeyValue="7Hq3mV9cX2bN5zL8kJ1gF4dS6aP0oI3uY7tR2eW9qZ="/></keyEncryptor></keyEncryptors></encryption>'
)


def encrypted_workbook(plain: bytes) -> bytes:
    """Excel“用密码进行加密”后的样子：OLE2 容器，EncryptionInfo（Agile 4.4）+ EncryptedPackage + \\x06DataSpaces。"""
    info = struct.pack("<HHI", 4, 4, 0x40) + _AGILE_INFO.encode("utf-8")
    package = struct.pack("<Q", len(plain)) + _pseudo_random(-(-len(plain) // 16) * 16, b"xlsx")

    def utf16(text: str) -> bytes:
        raw = text.encode("utf-16-le")
        return struct.pack("<I", len(raw)) + raw + b"\0" * (-len(raw) % 4)

    version = utf16("Microsoft.Container.DataSpaces") + struct.pack("<HHHHHH", 1, 0, 1, 0, 1, 0)
    space_map = struct.pack("<II", 8, 1) + struct.pack("<II", 1, 0) + utf16("EncryptedPackage") + utf16("StrongEncryptionDataSpace")
    space_info = struct.pack("<II", 8, 1) + utf16("StrongEncryptionTransform")
    primary = struct.pack("<I", 1) + utf16("{FF9A3F03-56EF-4613-BDD5-5A41C1D07246}") + utf16("Microsoft.Container.EncryptionTransform")
    return cfb(
        {
            "\x06DataSpaces/Version": version,
            "\x06DataSpaces/DataSpaceMap": space_map,
            "\x06DataSpaces/DataSpaceInfo/StrongEncryptionDataSpace": space_info,
            "\x06DataSpaces/TransformInfo/StrongEncryptionTransform/\x06Primary": primary,
            "EncryptionInfo": info,
            "EncryptedPackage": package,
        }
    )


def biff_workbook() -> bytes:
    """旧版 .xls 的骨架：OLE2 里一个 Workbook 流，以 BIFF8 的 BOF 记录开头。"""
    bof = struct.pack("<HHHHII", 0x0809, 16, 0x0600, 0x0005, 0x0DBB, 0x07CC) + b"\0" * 4
    eof = struct.pack("<HH", 0x000A, 0)
    return cfb({"Workbook": (bof + eof) * 300, "\x05SummaryInformation": b"\xfe\xff" + b"\0" * 46})


def word97_document() -> bytes:
    return cfb({"WordDocument": b"\xec\xa5\xc1\x00" + b"\0" * 5000, "1Table": b"\0" * 600, "\x05SummaryInformation": b"\xfe\xff" + b"\0" * 46})


# ---------------------------------------------------------------- 手写的压缩包（用来造炸弹和说谎的目录）


def raw_zip(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """entries: (名字, 已压缩的数据, crc32, 声明的解压大小, 压缩方式 0/8)。"""
    out = bytearray()
    central = bytearray()
    for name, data, crc, size, method in entries:
        raw_name = name.encode("utf-8")
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x0800, method, 0, 0x21, crc, len(data), size, len(raw_name), 0)
        out += raw_name + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x0800, method, 0, 0x21, crc, len(data), size, len(raw_name), 0, 0, 0, 0, 0, offset
        )
        central += raw_name
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0)
    return bytes(out)


def _deflate(data: bytes, final: bool = True) -> bytes:
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    return co.compress(data) + co.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def rezip_raw(parts: dict[str, bytes], override: dict[str, tuple[bytes, int, int]] | None = None) -> bytes:
    """按部件重新打包；override 里给出（压缩数据, crc, 声明大小）的部件原样写入。"""
    entries = []
    for name, data in parts.items():
        if override and name in override:
            compressed, crc, size = override[name]
            entries.append((name, compressed, crc, size, 8))
        else:
            entries.append((name, _deflate(data), zlib.crc32(data), len(data), 8))
    return raw_zip(entries)


def gigabyte_sheet(target_bytes: int = 1 << 30) -> tuple[bytes, int, int]:
    """一个解压后约 1 GB 的工作表：同一段 1 MB 的行压缩一次（FULL_FLUSH 后各段互不依赖），重复一千多次。"""
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}><sheetData>'.encode()
    row = b'<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></is></c></row>'
    chunk = row * ((1 << 20) // len(row))
    tail = b"</sheetData></worksheet>"
    repeats = target_bytes // len(chunk)
    block = _deflate(chunk, final=False)
    compressed = _deflate(head, final=False) + block * repeats + _deflate(tail)
    crc = zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return compressed, crc, len(head) + len(chunk) * repeats + len(tail)


# ---------------------------------------------------------------- 案例的构造函数


def build_xls_by_libreoffice(path: Path) -> str | None:
    """用 LibreOffice 把一本正确的工作簿另存为 .xls。做不到时返回原因。"""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return "没有安装 LibreOffice（soffice），造不出 LibreOffice 写的 .xls"
    with tempfile.TemporaryDirectory(prefix="corpus-xls-") as work:
        work = Path(work)
        source = good(work / "工作簿.xlsx")
        try:
            subprocess.run(
                [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--convert-to", "xls", "--outdir", str(work), str(source)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"LibreOffice 转换失败：{error}"
        produced = work / "工作簿.xls"
        if not produced.is_file() or produced.read_bytes()[:8] != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            return "LibreOffice 没有写出 .xls（可能没装 Calc 组件：libreoffice-calc-nogui）"
        shutil.copyfile(produced, path)
    return None


def _html_export(path: Path) -> None:
    rows = "".join(f"<tr><td>{m['姓名']}</td><td>{m['性别']}</td></tr>" for m in small_branch()["党员名册"])
    path.write_text(
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">'
        '<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>'
        f"<body><table><tr><td>姓名</td><td>性别</td></tr>{rows}</table></body></html>",
        encoding="utf-8",
    )


def _xml2003(path: Path) -> None:
    path.write_text(
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        '<Worksheet ss:Name="党员名册"><Table><Row><Cell><Data ss:Type="String">姓名</Data></Cell></Row>'
        '<Row><Cell><Data ss:Type="String">林海峰</Data></Cell></Row></Table></Worksheet></Workbook>',
        encoding="utf-8",
    )


def _csv(path: Path) -> None:
    lines = ["姓名,性别,身份证号,联系电话"] + [f"{m['姓名']},{m['性别']},{m['身份证号']},{m['联系电话']}" for m in small_branch()["党员名册"]]
    path.write_bytes("\n".join(lines).encode("gb18030"))


def _docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("商贸系党支部党员名册（请勿改扩展名）")
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())


def _truncated(path: Path) -> None:
    good(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 3 // 5])


def _lock_file(path: Path) -> None:
    user = "周雨桐".encode("utf-16-le")
    path.write_bytes(bytes([len("周雨桐")]) + b"\0" + user + b"\x20\x00" * (54 - len("周雨桐")) + b"\0" * 52)


def _folder(path: Path) -> None:
    path.mkdir()
    good(path / "里面的工作簿.xlsx")


def _pdf(path: Path) -> None:
    path.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _ods(path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
        zf.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
    path.write_bytes(buffer.getvalue())


def _strict(path: Path) -> None:
    good(path)
    strict = {
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    }
    parts = read_parts(path)
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")):
            for a, b in strict.items():
                data = data.replace(a, b)
            parts[name] = data
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"<workbook ", b'<workbook conformance="strict" ', 1)
    write_parts(path, parts)


def _garbage(path: Path) -> None:
    path.write_bytes(_pseudo_random(20_000, b"garbage"))


def _encrypted(path: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        plain = good(Path(work) / "p.xlsx").read_bytes()
    path.write_bytes(encrypted_workbook(plain))


def _sheet_protected(path: Path) -> None:
    good(path)

    def protect(wb):
        for ws in wb.worksheets:
            ws.protection.sheet = True
            ws.protection.password = "123456"
        wb.security = openpyxl.workbook.protection.WorkbookProtection(workbookPassword="123456", lockStructure=True)

    edit_workbook(path, protect)


def _xlsm(path: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        plain = good(Path(work) / "p.xlsx")
        parts = read_parts(plain)
    vba = cfb({"VBA/dir": b"\x01" * 200, "VBA/Module1": b"Attribute VB_Name = \"Module1\"\r\nSub Auto_Open()\r\n Shell \"calc.exe\"\r\nEnd Sub\r\n" * 40, "PROJECT": b'ID="{00000000-0000-0000-0000-000000000000}"\r\nModule=Module1\r\n'})
    parts["xl/vbaProject.bin"] = vba
    parts["[Content_Types].xml"] = (
        parts["[Content_Types].xml"]
        .replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
        .replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
    )
    write_parts(path, parts)


def _bomb_doctype() -> str:
    entities = ['<!ENTITY lol0 "lollollollollollollollollollol">']
    for i in range(1, 10):
        entities.append(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">')
    return "<!DOCTYPE worksheet [" + "".join(entities) + "]>"


def _sheet_with_doctype(doctype: str, entity: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
        f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>章节</t></is></c>'
        f'<c r="B1" t="inlineStr"><is><t>文本</t></is></c></row>'
        f'<row r="2"><c r="A2" t="inlineStr"><is><t>前言</t></is></c><c r="B2" t="inlineStr"><is><t>{entity}</t></is></c></row>'
        f"</sheetData></worksheet>"
    ).encode("utf-8")


def _entity_bomb(path: Path) -> None:
    good(path)
    patch(path, {"sheet:报告正文": _sheet_with_doctype(_bomb_doctype(), "&lol9;")})


def _xxe(path: Path) -> None:
    good(path)
    doctype = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    patch(path, {"sheet:报告正文": _sheet_with_doctype(doctype, "&xxe;")})


def _xxe_shared_strings(path: Path) -> None:
    good(path)

    def change(xml: bytes) -> bytes:
        head, _, rest = xml.partition(b"?>")
        return head + b'?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]>' + rest.replace(b"<t>", b"<t>&xxe;", 1)

    patch(path, {"xl/sharedStrings.xml": change})


def _utf16_doctype(path: Path) -> None:
    good(path)
    xml = _sheet_with_doctype(_bomb_doctype(), "&lol9;").decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    patch(path, {"sheet:报告正文": b"\xff\xfe" + xml.encode("utf-16-le")})


def _zip_bomb(path: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        parts = read_parts(good(Path(work) / "p.xlsx"))
    part = sheet_part(parts, "党员名册")
    path.write_bytes(rezip_raw(parts, {part: gigabyte_sheet()}))


def _zip_declared_huge(path: Path) -> None:
    """目录里声明解压后 3 GB（实际很小）：只看目录就该拒绝。"""
    with tempfile.TemporaryDirectory() as work:
        parts = read_parts(good(Path(work) / "p.xlsx"))
    part = sheet_part(parts, "党员名册")
    data = parts[part]
    path.write_bytes(rezip_raw(parts, {part: (_deflate(data), zlib.crc32(data), 3 << 30)}))


def _zip_declared_small(path: Path) -> None:
    """目录里声明 100 KB，数据实际解压到 1 GB：读到声明的大小就停，不会真的解压 1 GB。"""
    with tempfile.TemporaryDirectory() as work:
        parts = read_parts(good(Path(work) / "p.xlsx"))
    part = sheet_part(parts, "党员名册")
    compressed, crc, _size = gigabyte_sheet()
    path.write_bytes(rezip_raw(parts, {part: (compressed, crc, 100_000)}))


def _many_entries(path: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        parts = read_parts(good(Path(work) / "p.xlsx"))
    entries = [(name, _deflate(data), zlib.crc32(data), len(data), 8) for name, data in parts.items()]
    entries += [(f"xl/media/image{i}.png", b"", 0, 0, 0) for i in range(25_000)]
    path.write_bytes(raw_zip(entries))


def _renamed_sheets(path: Path) -> None:
    good(path)

    def change(wb):
        wb["党员名册"].title = "党员花名册 "
        wb["活动记录"].title = " 活动记录"
        wb["报告正文"].title = "报告正文　"
        wb.move_sheet("报告正文　", offset=-5)
        wb.move_sheet("公开承诺", offset=-3)
        helper = wb.create_sheet("辅助计算", 1)
        helper["A1"] = "下拉列表来源"
        helper["A2"] = "教师"
        helper.sheet_state = "hidden"
        very = wb.create_sheet("数据源")
        very["A1"] = "=1+1"
        very.sheet_state = "veryHidden"
        wb.active = 2

    edit_workbook(path, change)


def _title_rows_column_b(path: Path) -> None:
    good(path, start_row=4, start_col=2)

    def change(wb):
        for ws in wb.worksheets[1:]:
            ws["B1"] = f"商贸系党支部{ws.title}"
            ws.merge_cells("B1:H1")
            ws["B2"] = "（2010年下半年）"

    edit_workbook(path, change)


def _messy_headers(path: Path) -> None:
    headers = headers_for("党员名册")
    renamed = {"姓名": "姓　名", "出生日期": " 出生\n日期 ", "身份证号": "公民身份号码", "联系电话": "手机号", "入党日期": "入党时间（年-月-日）", "性别": "性别*"}
    messy = [renamed.get(h, h) for h in headers]
    messy = messy[::-1] + ["籍贯", "微信号"]
    data = small_branch()
    data["党员名册"] = [{**{renamed.get(k, k): v for k, v in row.items()}, "籍贯": "浙江杭州", "微信号": "wx_demo"} for row in data["党员名册"]]
    good(path, data, headers={"党员名册": messy})


def _duplicate_header(path: Path) -> None:
    good(path, headers={"党员名册": headers_for("党员名册") + ["姓名"]})


def _blank_header(path: Path) -> None:
    good(path)

    def change(wb):
        ws = wb["活动记录"]
        col = len(headers_for("活动记录")) + 2
        for row in range(2, 4):
            ws.cell(row, col, "没有表头的一列")

    edit_workbook(path, change)


def _blank_rows_and_totals(path: Path) -> None:
    good(path)

    def change(wb):
        ws = wb["党员名册"]
        ws.insert_rows(4, 2)
        ws.cell(4, 2, "   ")
        ws.cell(5, 3, "\u3000")
        last = ws.max_row
        ws.cell(last + 1, 1, "合计")
        ws.cell(last + 1, 2, "5人")
        ws.cell(last + 3, 1, "填表人：周雨桐")
        ws.cell(last + 4, 1, "填表日期：2011年1月7日")
        ws2 = wb["活动记录"]
        ws2.cell(ws2.max_row + 1, 1, "合计")
        ws2.cell(ws2.max_row, 9, 8)

    edit_workbook(path, change)


def _formatted_to_last_row(path: Path) -> None:
    """从第 7 行到第 1,048,576 行每一行都刷了格式（Excel 整列/整行设格式后常见）。"""
    good(path)

    def change(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        text = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:O1048576"/>', text)
        filler = "".join(f'<row r="{n}" s="0" customFormat="1" ht="15"/>' for n in range(7, 1_048_577))
        text = text.replace("</sheetData>", filler + "</sheetData>")
        return text.encode("utf-8")

    patch(path, {"sheet:党员名册": change})


def _last_cell_only(path: Path) -> None:
    good(path)

    def change(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        text = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', text)
        text = text.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576" s="0"/><c r="O1048576"><v></v></c></row></sheetData>')
        return text.encode("utf-8")

    patch(path, {"sheet:活动记录": change})


def _merged_in_data(path: Path) -> None:
    data = small_branch()
    for row in data["党员名册"][1:3]:
        row["人员类别"] = None
    good(path, data)
    col = letter("党员名册", "人员类别")
    edit_workbook(path, lambda wb: wb["党员名册"].merge_cells(f"{col}2:{col}4"))


def _hidden_rows_filter(path: Path) -> None:
    good(path)

    def change(wb):
        ws = wb["党员名册"]
        ws.row_dimensions[3].hidden = True
        ws.row_dimensions[5].hidden = True
        ws.auto_filter.ref = f"A1:{letter('党员名册', '联系电话')}{ws.max_row}"

    edit_workbook(path, change)


def _dates_every_form(path: Path) -> None:
    data = small_branch()
    forms = [24899, "1975/8/19", "1980年1月5日", "1989.4.11", "１９９０年９月３０日"]  # 24899 是 1968-03-02 的序列号
    for row, text in zip(data["党员名册"], forms):
        row["出生日期"] = text
    data["党员名册"][0]["入党日期"] = "19920601"
    data["党员名册"][1]["入党日期"] = "2000-07-01 00:00:00"
    good(path, data)


def _partial_date(path: Path) -> None:
    data = small_branch()
    data["党员名册"][2]["出生日期"] = "1985.3"
    good(path, data)


def _impossible_date(path: Path) -> None:
    data = small_branch()
    data["活动记录"][1]["开始日期"] = "2010-02-30"
    good(path, data)


def _date_9999(path: Path) -> None:
    """“长期”写成 9999-12-31（真的日期格式）、出生日期写成 0001-01-01 的文字。"""
    data = small_branch()
    data["公开承诺"][0]["完成时限"] = dt.datetime(9999, 12, 31)
    data["党员名册"][4]["出生日期"] = "0001-01-01"
    good(path, data)


def _date1904(path: Path) -> None:
    good(path)

    def change(wb):
        from openpyxl.utils.datetime import CALENDAR_MAC_1904

        wb.epoch = CALENDAR_MAC_1904

    edit_workbook(path, change)


def _id_as_number(path: Path) -> None:
    data = small_branch()
    data["党员名册"][1]["身份证号"] = float(data["党员名册"][1]["身份证号"][:17] + "0")
    good(path, data)


def _numbers_as_text(path: Path) -> None:
    data = small_branch()
    data["活动记录"][0]["应到人数"] = " 5 "
    data["活动记录"][0]["实到人数"] = "４"
    data["活动记录"][0]["请假人数"] = 0.9999999999999999
    data["活动记录"][1]["应到人数"] = "3人"
    data["活动记录"][1]["实到人数"] = 2.9999999999999996
    data["党员名册"][0]["备注"] = 274.65999999999997
    data["党员名册"][0]["序号"] = "1,000"
    good(path, data)


def _formula_no_value(path: Path) -> None:
    good(path)
    col = letter("活动记录", "应到人数")
    patch(path, {"sheet:活动记录": inline_cells({f"{col}2": f'<c r="{col}2"><f>SUM(B9:B12)</f></c>'})})


def _formula_errors(path: Path) -> None:
    good(path)
    col = letter("活动记录", "实到人数")
    col2 = letter("党员名册", "入党日期")
    patch(
        path,
        {
            "sheet:活动记录": inline_cells({f"{col}3": f'<c r="{col}3" t="e"><f>VLOOKUP(A3,出勤明细!A:C,3,0)</f><v>#N/A</v></c>'}),
            "sheet:党员名册": inline_cells({f"{col2}4": f'<c r="{col2}4" t="e"><f>#REF!+1</f><v>#REF!</v></c>'}),
        },
    )


def _dispimg(path: Path) -> None:
    good(path)
    col = letter("党员名册", "姓名")
    patch(path, {"sheet:党员名册": inline_cells({f"{col}3": f'<c r="{col}3" t="str"><f>_xlfn.DISPIMG("ID_4F1A0C8E",1)</f><v>=DISPIMG("ID_4F1A0C8E",1)</v></c>'})})


def _invisible(path: Path) -> None:
    data = small_branch()
    data["党员名册"][0]["姓名"] = "\ufeff林海峰\u200b"
    data["党员名册"][1]["性别"] = "女\xa0"
    data["党员名册"][2]["人员类别"] = "\u3000教师\u3000"
    data["出勤明细"][3]["姓名"] = "王晓萌\u200b"
    data["公开承诺"][1]["承诺人"] = "周雨桐\xa0"
    data["活动记录"][0]["编号"] = "A01\u200b"
    good(path, data)


def _full_width_space_name(path: Path) -> None:
    data = small_branch()
    data["党员名册"][2]["姓名"] = "陈\u3000立新"
    for sheet, key in (("出勤明细", "姓名"), ("公开承诺", "承诺人")):
        for row in data[sheet]:
            if row[key] == "陈立新":
                row[key] = "陈立新"
    data["党员名册"][3]["姓名"] = "王晓萌"
    for row in data["出勤明细"]:
        if row["姓名"] == "王晓萌":
            row["姓名"] = "王 晓萌"
    good(path, data)


CONTROL_TEXT = "以科学发展观为指导\x01\x02，坚持\x07\x0b\x0c\x1f\x7f“五个好”\ufffe目标。"
CONTROL_CLEAN = "以科学发展观为指导，坚持“五个好”目标。"


def _control_chars(path: Path) -> None:
    good(path)
    row = narrative_row(small_branch(), "指导思想")
    col = letter("报告正文", "文本")
    col2 = letter("活动记录", "内容")
    escaped = "".join(f"_x{ord(ch):04X}_" if ch < " " or ch in "\x7f\ufffe" else ch for ch in CONTROL_TEXT)
    patch(
        path,
        {
            "sheet:报告正文": inline_cells({f"{col}{row}": f'<c r="{col}{row}" t="inlineStr"><is><t>{escaped}</t></is></c>'}),
            "sheet:活动记录": inline_cells({f"{col2}3": f'<c r="{col2}3" t="inlineStr"><is><t>组织重温\x09入党誓词_x0008_。</t></is></c>'}),
        },
    )


def _x_escapes(path: Path) -> None:
    good(path)
    row = narrative_row(small_branch(), "目标要求")
    col = letter("报告正文", "文本")
    col2 = letter("活动记录", "内容")

    def shared(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        text = text.replace("以科学发展观为指导。", "以科学发展观_x000D__x000A_为指导_x005F_x0041_，字面写法_x005f_x000d_保留。", 1)
        return text.encode("utf-8")

    patch(
        path,
        {
            "xl/sharedStrings.xml": shared,
            "sheet:报告正文": inline_cells({f"{col}{row}": f'<c r="{col}{row}" t="inlineStr"><is><r><t>全支部{{党员总数}}名党员_x0009_人人</t></r><r><t>争先_xD83D__xDE00_。</t></r></is></c>'}),
            "sheet:活动记录": inline_cells({f"{col2}3": f'<c r="{col2}3" t="inlineStr"><is><t>组织全体教师党员_x000B_重温入党誓词_x0000_。</t></is></c>'}),
        },
    )


LONG_TEXT = ("全体党员坚持学习，" * 3700)[:32_766] + "。"  # 恰好 32,767 字


def _text_at_limit(path: Path) -> None:
    data = small_branch()
    data["报告正文"].append({"章节": "努力方向", "文本": LONG_TEXT})
    data["活动记录"][1]["内容"] = LONG_TEXT
    good(path, data)


FORMULA_LIKE = ("=HYPERLINK(\"http://127.0.0.1/\",\"点我\")全体党员", "+1名预备党员按期转正", "-坚持“三会一课”制度", "@张三同志带头承诺")


def _formula_like_text(path: Path) -> None:
    data = small_branch()
    for text, section in zip(FORMULA_LIKE, ("指导思想", "目标要求", "努力方向", "前言")):
        data["报告正文"].append({"章节": section, "文本": text})
    data["活动记录"][1]["内容"] = "=SUM(A1:A9)组织全体教师党员重温入党誓词。"
    good(path, data)


def _template_syntax_in_text(path: Path) -> None:
    data = small_branch()
    data["报告正文"].append({"章节": "努力方向", "文本": "{{{{ 7*7 }}}}与{{% for x in range(3) %}}x{{% endfor %}}都照原样印出。"})
    data["报告正文"].append({"章节": "努力方向", "文本": "单层{{ 7*7 }}是字面的花括号。"})
    data["支部信息"]["活动名称"] = "创先争优{{ cycler.__init__.__globals__ }}"
    good(path, data)


def _template_syntax_error(path: Path) -> None:
    data = small_branch()
    data["报告正文"].append({"章节": "努力方向", "文本": "{% for x in range(3) %}{{ x }}{% endfor %}"})
    good(path, data)


def _bad_id_phone(path: Path) -> None:
    data = small_branch()
    members = data["党员名册"]
    real = members[0]["身份证号"]
    members[0]["身份证号"] = real[:17] + ("0" if real[17] != "0" else "1")  # 校验位错
    members[1]["身份证号"] = id_number(D(1976, 8, 19), "女", seq=20)  # 出生日期对不上
    members[2]["身份证号"] = id_number(D(1980, 1, 5), "女", seq=21)  # 性别对不上
    members[3]["联系电话"] = "138123456789"  # 12 位
    members[4]["联系电话"] = "1381234567"  # 10 位
    good(path, data)


def _corrupt_sheet_xml(path: Path) -> None:
    good(path)
    patch(path, {"sheet:党员名册": lambda xml: xml[: len(xml) // 2]})


def _missing_sheet_part(path: Path) -> None:
    good(path)
    parts = read_parts(path)
    patch(path, {sheet_part(parts, "活动记录"): None})


def _one_huge_row(path: Path) -> None:
    """一行里十六万个单元格（超出 Excel 的 16,384 列）：数字各不相同，压缩比不高，躲得过压缩比检查。"""
    good(path)
    import random

    rng = random.Random(4)
    cells = "".join(f"<c><v>{rng.randrange(10**9)}</v></c>" for _ in range(160_000))

    def change(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", f'<row r="40">{cells}</row></sheetData>'.encode())

    patch(path, {"sheet:出勤明细": change})


def _wide_row_within_limit(path: Path) -> None:
    """Excel 允许的最宽的一行：E1…XFD1 之外的数据，读得动，提醒一次。"""
    good(path)
    cells = "".join(f'<c r="{openpyxl.utils.get_column_letter(i)}3"><v>{i}</v></c>' for i in range(5, 16_385))

    def change(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        return re.sub(r'(<row r="3"[^>]*>.*?)(</row>)', lambda m: m.group(1) + cells + m.group(2), text, count=1, flags=re.S).encode("utf-8")

    patch(path, {"sheet:出勤明细": change})


def typeset(text: str) -> str:
    """报告里印出的样子：夹在汉字之间的半角标点改全角（toolkit.report.typography 的规矩）。"""
    from toolkit.report.typography import normalise_punctuation

    return normalise_punctuation(text)[0]


def _huge_shared_string(path: Path) -> None:
    good(path)

    def change(xml: bytes) -> bytes:
        return xml.replace("以科学发展观为指导。".encode(), ("很长的文字" * 2_500_000).encode("utf-8"), 1)

    patch(path, {"xl/sharedStrings.xml": change})


def _deep_nesting(path: Path) -> None:
    good(path)
    nested = "<r>" * 5000 + "</r>" * 5000

    def change(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", f'<row r="30"><c r="A30" t="inlineStr"><is>{nested}</is></c></row></sheetData>'.encode())

    patch(path, {"sheet:报告正文": change})


def _many_shared_strings(path: Path, count: int = 600_000) -> None:
    """共享字符串比上限（50 万条）多 10 万条：每条都不一样，压缩后只有 1 MB 多。"""
    good(path)

    def change(xml: bytes) -> bytes:
        head, _, _ = xml.rpartition(b"</sst>")
        return head + b"".join(b"<si><t>%d</t></si>" % i for i in range(count)) + b"</sst>"

    patch(path, {"xl/sharedStrings.xml": change})


def many_sheets(path: Path, count: int = 15_000) -> None:
    """除了标准表，再加 count 张只有一格的工作表（每加一张都查一遍已有表的做法，时间按表数的平方涨）。"""
    good(path)
    parts = read_parts(path)
    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    body = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'.encode()
    sheets, rels, types = [], [], []
    for i in range(count):
        sheets.append(f'<sheet xmlns:r="{rel_ns}" name="备用{i}" sheetId="{1000 + i}" r:id="rMany{i}"/>')
        rels.append(f'<Relationship Id="rMany{i}" Type="{rel_ns}/worksheet" Target="worksheets/many{i}.xml"/>')
        types.append(f'<Override PartName="/xl/worksheets/many{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
        parts[f"xl/worksheets/many{i}.xml"] = body
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"</sheets>", "".join(sheets).encode() + b"</sheets>")
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", "".join(rels).encode() + b"</Relationships>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", "".join(types).encode() + b"</Types>")
    write_parts(path, parts)


def _chinese_paths(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    good(path)


# ---------------------------------------------------------------- 清单

_NOT_XLSX = ("[无法读取]",)


def cases() -> list[Case]:
    """全部案例（还没造文件）。"""
    m_birth = letter("党员名册", "出生日期")
    m_id = letter("党员名册", "身份证号")
    m_join = letter("党员名册", "入党日期")
    m_name = letter("党员名册", "姓名")
    a_start = letter("活动记录", "开始日期")
    a_expected = letter("活动记录", "应到人数")
    a_present = letter("活动记录", "实到人数")
    c = Case
    return [
        # 1. 不是 .xlsx 的文件
        c("xls-by-hand", "1", "旧版 .xls（OLE2 + BIFF8 Workbook 流），扩展名 .xlsx", "交来的.xlsx", 2, 2, ("[无法读取]", "97-2003", "交来的.xlsx"), builder=lambda p: p.write_bytes(biff_workbook())),
        c("xls-libreoffice", "1", "LibreOffice 另存的 .xls", "支部工作数据簿.xls", 2, 2, ("[无法读取]", "97-2003", "支部工作数据簿.xls")),
        c("xls-libreoffice-renamed", "1", "LibreOffice 另存的 .xls 改名为 .xlsx", "改了名的.xlsx", 2, 2, ("[无法读取]", "97-2003", "改了名的.xlsx")),
        c("html-export", "1", "业务系统“导出Excel”得到的网页", "导出数据.xls", 2, 2, ("[无法读取]", "网页", "导出数据.xls"), builder=_html_export),
        c("xml-2003", "1", "XML 电子表格 2003", "名册.xml.xls", 2, 2, ("[无法读取]", "XML 电子表格 2003"), builder=_xml2003),
        c("csv-renamed", "1", "GB18030 编码的 CSV 改名 .xlsx（含身份证号和手机号）", "名册.xlsx", 2, 2, ("[无法读取]", "CSV", "名册.xlsx"), builder=_csv),
        c("docx-renamed", "1", "Word 文档改名 .xlsx", "名册（Word）.xlsx", 2, 2, ("[无法读取]", "Word", "名册（Word）.xlsx"), builder=_docx),
        c("doc97-renamed", "1", "旧版 Word .doc 改名 .xlsx", "材料.xlsx", 2, 2, ("[无法读取]", "Word"), builder=lambda p: p.write_bytes(word97_document())),
        c("zero-bytes", "1", "0 字节的文件", "空的.xlsx", 2, 2, ("[无法读取]", "0 字节", "空的.xlsx"), builder=lambda p: p.write_bytes(b"")),
        c("truncated", "1", "下载中断：只有前 60% 的字节", "下载一半.xlsx", 2, 2, ("[无法读取]", "不完整", "下载一半.xlsx"), builder=_truncated),
        c("lock-file", "1", "Excel 的 ~$ 锁定文件", "~$支部工作数据簿.xlsx", 2, 2, ("[无法读取]", "锁定文件"), builder=_lock_file),
        c("folder", "1", "给的是一个文件夹", "工作簿文件夹.xlsx", 2, 2, ("[无法读取]", "文件夹"), builder=_folder),
        c("pdf-renamed", "1", "PDF 改名 .xlsx", "扫描件.xlsx", 2, 2, ("[无法读取]", "PDF"), builder=_pdf),
        c("ods", "1", "OpenDocument 电子表格", "名册.ods", 2, 2, ("[无法读取]", "OpenDocument"), builder=_ods),
        c("strict-ooxml", "1", "Strict Open XML 工作簿", "严格格式.xlsx", 2, 2, ("[无法读取]", "Strict"), builder=_strict),
        c("garbage", "1", "随机的二进制字节", "乱码.xlsx", 2, 2, ("[无法读取]", "无法识别"), builder=_garbage),
        # 2. 密码
        c("encrypted", "2", "设置了打开密码（OLE2：EncryptionInfo + EncryptedPackage + \\x06DataSpaces）", "加密的.xlsx", 2, 2, ("[无法读取]", "密码", "不会尝试猜测", "加密的.xlsx"), builder=_encrypted),
        c("sheet-protected", "2", "工作表保护和工作簿结构保护（有保护密码，没有打开密码）", "保护了的.xlsx", 0, 0, ("共 3 个提醒",), gen_words=("已生成报告",), builder=_sheet_protected),
        # 3. 宏
        c("xlsm-vba", "3", ".xlsm，带 vbaProject.bin（Auto_Open 宏）", "带宏的.xlsm", 0, 0, ("宏", "不会运行"), report_words=("全支部5名党员人人争先。",), builder=_xlsm),
        # 4. 炸弹
        c("entity-bomb", "4", "工作表 XML 里的实体炸弹（十亿笑）", "实体炸弹.xlsx", 2, 2, ("[无法读取]", "实体"), absent=("lollol",), builder=_entity_bomb),
        c("xxe-sheet", "4", "工作表 XML 里的外部实体 file:///etc/passwd", "外部实体.xlsx", 2, 2, ("[无法读取]", "实体"), absent=("root:",), builder=_xxe),
        c("xxe-shared-strings", "4", "共享字符串里的外部实体（网络地址）", "外部实体2.xlsx", 2, 2, ("[无法读取]", "实体"), builder=_xxe_shared_strings),
        c("entity-bomb-utf16", "4", "UTF-16 编码、带 DOCTYPE 的工作表", "实体炸弹16.xlsx", 2, 2, ("[无法读取]", "实体"), builder=_utf16_doctype),
        c("zip-bomb-1gb", "4", "党员名册解压后约 1 GB（3.7 MB 的文件）", "压缩炸弹.xlsx", 2, 2, ("[无法读取]", "大得异常"), builder=_zip_bomb),
        c("zip-declared-huge", "4", "压缩包目录声明解压后 3 GB", "声明很大.xlsx", 2, 2, ("[无法读取]", "大得异常"), builder=_zip_declared_huge),
        c("zip-declared-small", "4", "目录声明 100 KB、数据能解压到 1 GB", "声明很小.xlsx", 2, 2, ("[无法读取]",), builder=_zip_declared_small),
        c("zip-many-entries", "4", "压缩包里有 25,000 个文件", "很多文件.xlsx", 2, 2, ("[无法读取]", "大得异常"), builder=_many_entries),
        # 5. 工作表改名、换序、隐藏
        c("sheets-renamed", "5", "标签改名（别名、首尾空格、全角空格）、换序、隐藏的辅助表", "改了标签.xlsx", 0, 0, (), gen_words=("已生成报告",), report_words=("全支部5名党员人人争先。",), builder=_renamed_sheets),
        # 6. 表头
        c("title-rows-column-b", "6", "合并的标题行、表头上方的空行、数据从 B 列开始", "有标题行.xlsx", 0, 0, (), gen_words=("已生成报告",), builder=_title_rows_column_b),
        c("messy-headers", "6", "表头有空格、全角、换行、别名、星号，列序颠倒，多了列", "表头乱.xlsx", 0, 0, ("不是标准列", "籍贯", "微信号"), builder=_messy_headers),
        c("duplicate-header", "6", "“姓名”出现两次", "重复表头.xlsx", 1, 1, ("党员名册", "出现了两次", "姓名"), gen_words=("党员名册", "出现了两次", "没有生成报告"), builder=_duplicate_header),
        c("blank-header", "6", "有数据却没有表头的一列", "空表头.xlsx", 0, 0, ("活动记录", "没有表头"), builder=_blank_header),
        # 7. 空行、合计、格式到最后一行
        c("blank-rows-totals", "7", "数据中间的空行、只有空格的行、合计行、填表人行", "有合计.xlsx", 0, 0, (), gen_words=("已生成报告",), report_words=("全支部5名党员人人争先。",), builder=_blank_rows_and_totals),
        c("formatted-to-last-row", "7", "党员名册从第 7 行到第 1,048,576 行都刷了格式", "格式到底.xlsx", 0, 0, (), gen_words=("已生成报告",), report_words=("全支部5名党员人人争先。",), builder=_formatted_to_last_row),
        c("last-cell-only", "7", "活动记录的 XFD1048576 有格式、O1048576 是空值", "最后一格.xlsx", 0, 0, (), gen_words=("已生成报告",), builder=_last_cell_only),
        # 8. 合并单元格、隐藏行、筛选
        c("merged-in-data", "8", "人员类别三行合并成一格", "合并单元格.xlsx", 0, 0, (), gen_words=("已生成报告",), report_words=("全支部5名党员人人争先。",), builder=_merged_in_data),
        c("hidden-rows-filter", "8", "设了筛选，隐藏了两行", "隐藏行.xlsx", 0, 0, ("[提醒] 党员名册", "第3、5行", "隐藏", "筛选"), builder=_hidden_rows_filter),
        # 9. 日期
        c("dates-every-form", "9", "日期写成序列号、2010/8/19、年月日、点号、全角数字、20101105", "各种日期.xlsx", 0, 0, (), gen_words=("已生成报告",), builder=_dates_every_form),
        c("partial-date", "9", "出生日期写成 1985.3", "日期不全.xlsx", 1, 1, ("[错误] 党员名册 · 第4行（姓名：陈立新）", f"{m_birth}列「出生日期」", "1985.3", "缺少“日”", f"{m_birth}4"), builder=_partial_date),
        c("impossible-date", "9", "开始日期 2010-02-30", "没有的日期.xlsx", 1, 1, ("[错误] 活动记录 · 第3行（编号：A02）", f"{a_start}列「开始日期」", "没有30日", f"{a_start}3"), builder=_impossible_date),
        c("date-9999", "9", "完成时限 9999-12-31（“长期”），出生日期 0001-01-01", "长期.xlsx", 1, 1, ("[错误] 公开承诺 · 第2行", f"{letter('公开承诺', '完成时限')}2", "9999 年不像是真实的日期", "党员名册 · 第6行（姓名：赵一鸣）", f"{m_birth}6"), builder=_date_9999),
        c("date1904", "9", "1904 日期系统（Mac 版 Excel）", "1904.xlsx", 0, 0, (), gen_words=("已生成报告",), report_words=("2011年1月7日",), builder=_date1904),
        # 10. 数字
        c("id-as-number", "10", "身份证号存成了数字（1.1E+17）", "身份证成数字.xlsx", 1, 1, ("[错误] 党员名册 · 第3行（姓名：周雨桐）", f"{m_id}列「身份证号」", "无法恢复", "文本", f"{m_id}3"), builder=_id_as_number),
        c("numbers-as-text", "10", "人数写成“ 5 ”、全角“４”、“3人”、浮点噪声 2.9999999999999996；备注 274.65999999999997", "文字数字.xlsx", 0, 0, (), gen_words=("已生成报告",), report_words=("出勤率80%",), builder=_numbers_as_text),
        # 11. 公式
        c("formula-no-value", "11", "程序写的公式，没有计算结果", "公式没算.xlsx", 1, 1, ("[错误] 活动记录 · 第2行（编号：A01）", f"{a_expected}列「应到人数」", "公式", "保存", f"{a_expected}2"), builder=_formula_no_value),
        c("formula-errors", "11", "公式结果是 #N/A 和 #REF!", "公式出错.xlsx", 1, 1, ("活动记录 · 第3行（编号：A02）", f"{a_present}列「实到人数」", "#N/A", "党员名册 · 第4行（姓名：陈立新）", f"{m_join}列「入党日期」", "#REF!"), builder=_formula_errors),
        c("wps-dispimg", "11", "WPS 单元格图片 =DISPIMG(...)", "单元格图片.xlsx", 1, 1, ("[错误] 党员名册 · 第3行", f"{m_name}列「姓名」", "图片", f"{m_name}3"), builder=_dispimg),
        # 12. 看不见的字符、同一个人两种写法
        c("invisible-chars", "12", "\\ufeff、\\u200b、\\xa0、\\u3000 藏在姓名、性别、编号里", "看不见的字符.xlsx", 0, 0, (), gen_words=("已生成报告",), report_words=("出勤率80%",), builder=_invisible),
        c("full-width-space-name", "12", "名册写“陈　立新”（全角空格），出勤和承诺写“陈立新”；名册“王晓萌”，出勤“王 晓萌”", "姓名空格.xlsx", 0, 0, ("陈　立新",), gen_words=("已生成报告",), builder=_full_width_space_name),
        # 13. 控制字符、转义、长文字、公式字符
        c("control-chars", "13", "报告正文和活动内容里的控制字符（_x0001_ 等转义和原样的制表符）", "控制字符.xlsx", 0, 0, (), gen_words=("已生成报告",), report_words=(CONTROL_CLEAN, "组织重温\t入党誓词。"), builder=_control_chars),
        c("x-escapes", "13", "_x000D_、_x0009_、_x005F_ 转义、代理对 _xD83D__xDE00_", "转义.xlsx", 0, 0, (), gen_words=("已生成报告",), report_words=("以科学发展观\n为指导_x0041_，字面写法_x000d_保留。", "全支部5名党员\t人人争先😀。", "组织全体教师党员重温入党誓词。"), builder=_x_escapes),
        c("text-at-32767", "13", "报告正文和活动内容各有一段 32,767 字", "很长的段落.xlsx", 0, 0, (), gen_words=("已生成报告",), report_words=(LONG_TEXT,), builder=_text_at_limit),
        c("formula-like-text", "13", "以 = + - @ 开头的文字", "等号开头.xlsx", 0, 0, (), gen_words=("已生成报告",), report_words=tuple(typeset(t) for t in (*FORMULA_LIKE, "=SUM(A1:A9)组织全体教师党员重温入党誓词。")), builder=_formula_like_text),
        c("template-syntax-in-text", "13", "文字里的 {{{{ 7*7 }}}}、{{% for %}}、活动名称里的 {{ cycler… }}：照原样印出，不执行", "模板语法.xlsx", 0, 0, (), gen_words=("已生成报告",), report_words=("{{ 7*7 }}与{% for x in range(3) %}x{% endfor %}都照原样印出。", "单层{ 7*7 }是字面的花括号。", "开展创先争优{{ cycler.__init__.__globals__ }}活动。"), absent=("49", "xxx", "<function"), builder=_template_syntax_in_text),
        c("template-syntax-error", "13", "文字里没转义的 {% for %}：指出是写错的占位符，不执行", "模板语法错.xlsx", 1, 1, ("报告正文", "花括号"), absent=("012",), builder=_template_syntax_error),
        # 14. 输出位置
        c("output-exists", "14", "报告文件已经存在（不加 --force）", "工作簿.xlsx", 0, 2, (), gen_words=("[无法写入]", "已经存在", "--force", "报告.docx"), output="exists", builder=good),
        c("output-exists-force", "14", "报告文件已经存在，加 --force 覆盖", "工作簿.xlsx", 0, 0, (), gen_words=("已生成报告",), output="exists-force", builder=good),
        c("output-is-folder", "14", "-o 指向一个文件夹", "工作簿.xlsx", 0, 2, (), gen_words=("[无法写入]", "文件夹", "报告.docx"), output="folder", builder=good),
        c("output-missing-folder", "14", "-o 指向不存在的文件夹", "工作簿.xlsx", 0, 2, (), gen_words=("[无法写入]", "不存在", "没有的文件夹"), output="missing-folder", builder=good),
        c("output-readonly-folder", "14", "-o 指向没有写权限的文件夹", "工作簿.xlsx", 0, 2, (), gen_words=("[无法写入]", "权限"), output="readonly", builder=good),
        c("chinese-spaces-paths", "14", "输入和输出的路径里有汉字、空格、全角括号", "2011年 工作/支部 工作数据簿（定稿）.xlsx", 0, 0, ("2011年 工作",), gen_words=("已生成报告", "报告 （定稿）.docx"), output="spaces", builder=_chinese_paths),
        # 其他：敏感信息、损坏的部件、超大的行
        c("bad-id-and-phone", "extra", "身份证号校验位错、出生日期和性别对不上，手机号 12 位和 10 位", "证件号码错.xlsx", 1, 1, ("[错误] 党员名册 · 第2行（姓名：林海峰）", f"{m_id}列「身份证号」", "********", "****"), builder=_bad_id_phone),
        c("corrupt-sheet-xml", "extra", "党员名册的 XML 只有前一半", "工作表坏了.xlsx", 2, 2, ("[无法读取]", "党员名册", "损坏"), builder=_corrupt_sheet_xml),
        c("missing-sheet-part", "extra", "workbook.xml 列出的活动记录部件不在压缩包里", "少了部件.xlsx", 2, 2, ("[无法读取]", "活动记录"), builder=_missing_sheet_part),
        c("one-huge-row", "extra", "出勤明细的一行里有 16 万个单元格", "超宽的行.xlsx", 2, 2, ("[无法读取]", "出勤明细", "16,384"), builder=_one_huge_row),
        c("wide-row-within-limit", "extra", "出勤明细的一行从 E 列到 XFD 列（16,380 格）都有数据，没有表头", "很宽的行.xlsx", 0, 0, ("出勤明细", "等 16380 列", "没有表头"), builder=_wide_row_within_limit),
        c("huge-shared-string", "extra", "一个 3,750 万字节的共享字符串（Excel 一格最多 32,767 字）", "超长字符串.xlsx", 2, 2, ("[无法读取]", "大得异常"), builder=_huge_shared_string),
        c("deep-nesting", "extra", "工作表里嵌套 5,000 层的元素", "嵌套.xlsx", 2, 2, ("[无法读取]", "报告正文"), builder=_deep_nesting),
        # 资源上限（SECURITY.md 的表）
        c("many-shared-strings", "extra", "60 万条互不相同的共享字符串（上限 50 万条）", "很多文字.xlsx", 2, 2, ("[无法读取]", "共享字符串", "500,000 条"), builder=_many_shared_strings),
        c("many-sheets", "extra", "15,000 张只有一格的工作表", "很多表.xlsx", 0, 0, ("等 15,000 张工作表不是标准工作表",), gen_words=("已生成报告",), report_words=("全支部5名党员人人争先。",), builder=many_sheets),
    ]


def _xls_libreoffice(case: Case, folder: Path, shared: dict) -> None:
    if "xls" not in shared:
        work = folder.parent / "_xls"
        work.mkdir(exist_ok=True)
        produced = work / "libreoffice.xls"
        shared["xls"] = (build_xls_by_libreoffice(produced), produced)
    reason, produced = shared["xls"]
    if reason:
        case.skip = reason
        return
    shutil.copyfile(produced, case.path)


def build_corpus(folder) -> list[Case]:
    """在 folder 下造出全部案例：folder/案例名/文件名。返回带 path（或 skip 原因）的案例。"""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    shared: dict = {}
    built = []
    for case in cases():
        case_dir = folder / case.name
        if case_dir.exists():
            shutil.rmtree(case_dir)
        case_dir.mkdir()
        case.path = case_dir / case.filename
        case.path.parent.mkdir(parents=True, exist_ok=True)
        if case.name.startswith("xls-libreoffice"):
            _xls_libreoffice(case, case_dir, shared)
        elif case.output == "readonly" and os.geteuid() == 0:
            case.skip = "以 root 运行：root 不受文件夹权限限制，测不出“没有写权限”"
        else:
            case.builder(case.path)
        built.append(case)
    shutil.rmtree(folder / "_xls", ignore_errors=True)
    return built


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("用法：python tests/hostile_corpus.py 输出文件夹", file=sys.stderr)
        return 2
    built = build_corpus(Path(argv[0]))
    for case in built:
        status = f"跳过：{case.skip}" if case.skip else f"validate→{case.validate}  generate-report→{case.generate}"
        print(f"{case.name:28} [{case.item:>5}] {status}  {case.about}")
        if not case.skip:
            print(f"{'':36}{case.path}")
    print(f"共 {len(built)} 个案例，跳过 {sum(1 for c in built if c.skip)} 个。")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

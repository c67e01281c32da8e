"""收下上传的文件：起安全的文件名，解开 .zip（有上限，不许跳出文件夹），都放进这次上传自己的文件夹。

文件名保留用户的写法（汉字、空格、括号都留着）：库的消息里提到文件名时，说的就是用户的那个文件。
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from toolkit.web import messages

MB = 1024 * 1024
MAX_UPLOAD = 200 * MB  # 一次上传（一个请求）的上限
MAX_FILES = 500  # 党委一次上传的文件数（含 .zip 里的）
MAX_UNZIPPED = 512 * MB  # .zip 解开后合计
MAX_MEMBER = 256 * MB  # .zip 里的一个文件解开后（与读工作簿的上限相同）
MAX_ZIP_ENTRIES = 2000  # .zip 目录里的条目（含文件夹和跳过的文件）
MAX_TEMPLATE = 1 * MB  # 措辞模板里的一个 .j2
TEMPLATE_SUFFIX = ".j2"
NAME_LIMIT = 120  # 一段文件名最多这么多字
CHUNK = 256 * 1024

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


class UploadRefused(Exception):
    """上传的东西不收：消息是给用户看的中文，status 是 HTTP 状态码。"""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def safe_part(name: str, fallback: str = "未命名") -> str:
    """文件名里的一段：去掉路径符号、控制字符和首尾的点与空格，留下汉字和用户的写法。"""
    name = unicodedata.normalize("NFC", name or "")
    name = _UNSAFE.sub("_", name).strip(" .")
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = "_" + name
    if len(name) > NAME_LIMIT:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: NAME_LIMIT - len(suffix) - 1] + dot + suffix) if dot and len(suffix) <= 8 else name[:NAME_LIMIT]
    return name or fallback


def safe_relative(name: str) -> PurePosixPath | None:
    """上传时带的相对路径（选文件夹、.zip 里的路径）→ 安全的相对路径；试图跳出文件夹的返回 None。"""
    parts = [p for p in re.split(r"[\\/]+", name or "") if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts) or re.match(r"^[A-Za-z]:$", parts[0]):
        return None
    return PurePosixPath(*[safe_part(p) for p in parts])


def unique(path: Path) -> Path:
    """同名时在后面加（2）（3）……：两个文件夹里各有一本“工作簿.xlsx”时都留下。"""
    if not path.exists():
        return path
    for n in range(2, MAX_FILES + 2):
        candidate = path.with_name(f"{path.stem}（{n}）{path.suffix}")
        if not candidate.exists():
            return candidate
    raise UploadRefused(messages.TOO_MANY_FILES.format(limit=MAX_FILES))


def save_stream(stream, target: Path, limit: int = MAX_UPLOAD) -> Path:
    """把上传的文件流写到 target（只有本人能读写）；超过 limit 就停下并删掉。"""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    written = 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), stat.S_IRUSR | stat.S_IWUSR)
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                written += len(chunk)
                if written > limit:
                    raise UploadRefused(messages.TOO_LARGE.format(limit=limit // MB), 413)
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


# ---------------------------------------------------------------- .zip


@dataclass(frozen=True)
class Unpacked:
    files: int
    skipped: tuple[str, ...]  # 不收的条目（试图跳出文件夹的路径等），页面上列出来


def member_name(info: zipfile.ZipInfo) -> str:
    """Windows 的“发送到压缩文件夹”用 GBK 写文件名，又不标 UTF-8：按 GBK 再认一次。"""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def open_zip(path: Path) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadRefused(messages.BAD_ZIP.format(name=path.name)) from None
    if len(archive.infolist()) > MAX_ZIP_ENTRIES:
        archive.close()
        raise UploadRefused(messages.ZIP_TOO_BIG.format(name=path.name), 413)
    return archive


def unpack_zip(path: Path, folder: Path, *, keep=lambda rel: True, max_files: int = MAX_FILES) -> Unpacked:
    """解开 .zip 到 folder：按目录声明的大小先查一遍，解压时再按字节数数着（压缩炸弹在这里停下）。"""
    skipped: list[str] = []
    count = total = 0
    with open_zip(path) as archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if sum(m.file_size for m in members) > MAX_UNZIPPED or any(m.file_size > MAX_MEMBER for m in members):
            raise UploadRefused(messages.ZIP_TOO_BIG.format(name=path.name), 413)
        for info in members:
            name = member_name(info)
            rel = safe_relative(name)
            if rel is None or info.flag_bits & 0x1:
                skipped.append(name)
                continue
            if not keep(rel):
                continue
            count += 1
            if count > max_files:
                raise UploadRefused(messages.TOO_MANY_FILES.format(limit=max_files), 413)
            total += _extract(archive, info, unique(folder / Path(*rel.parts)), MAX_UNZIPPED - total, path.name)
    return Unpacked(count, tuple(skipped))


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, room: int, zip_name: str) -> int:
    limit = min(room, MAX_MEMBER)
    try:
        with archive.open(info) as stream:
            return len_of(save_stream(stream, target, limit))
    except UploadRefused:
        raise UploadRefused(messages.ZIP_TOO_BIG.format(name=zip_name), 413) from None
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError):
        raise UploadRefused(messages.BAD_ZIP.format(name=zip_name)) from None


def len_of(path: Path) -> int:
    return path.stat().st_size


def unpack_template(path: Path, folder: Path) -> Path:
    """措辞模板的 .zip：只取 .j2 文件（可以在一个子文件夹里），放进 folder；没有 .j2 时说清楚。"""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    with open_zip(path) as archive:
        wanted = [m for m in archive.infolist() if not m.is_dir() and member_name(m).lower().endswith(TEMPLATE_SUFFIX)]
        if not wanted:
            raise UploadRefused(messages.TEMPLATE_EMPTY.format(name=path.name))
        for info in wanted:
            if info.file_size > MAX_TEMPLATE:
                raise UploadRefused(messages.TEMPLATE_TOO_BIG.format(name=member_name(info)), 413)
            # 模板按文件名互相引用：只留文件名，放在同一层（与 templates/report 一样）
            target = folder / safe_part(PurePosixPath(member_name(info).replace("\\", "/")).name)
            if target.exists():
                continue  # 两个文件夹里有同名的模板：用排在前面的一份
            _extract(archive, info, target, MAX_TEMPLATE, path.name)
    return folder


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)

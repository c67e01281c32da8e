"""安全写出：不覆盖（除非用户要求）、不留半个文件、不写到输入上。

先写到同一文件夹里的临时文件，写完、落盘后再一次性换到目标名：
中途出错、断电或被打断，目标位置要么是原来的文件，要么是完整的新文件。

    InputFile / read_input(path, read)   输入只读一次：字节、哈希、是哪个文件（设备号 + 节点号）
    check_target(path, force=, inputs=, option=)   动手之前看目标能不能写
    check_suffix(path, suffix, what, option)       用户给的文件名的扩展名对不对（.docx、.xlsx）
    write_atomically(path, data, force=, inputs=, option=)
    written_files() / forget_written()   这次命令已经完整写好的文件（被中断时照实告诉用户）

不论 --force 怎么说，都不写：和某个输入是同一个文件（硬链接、指向它的符号链接都算）的目标；
已存在却不是普通文件的目标（命名管道、设备、文件夹）。指向不存在之处的符号链接，没有 --force 也不写。
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from toolkit.errors import OutputError

TEMP_PREFIX, TEMP_SUFFIX = ".~toolkit-", ".tmp"
# 本工具自己的临时文件：tempfile 的 8 位随机名。被 kill -9 留下的，过了这么久就清掉（还在写的不会这么久）
_OUR_TEMP = re.compile(r"^\.~toolkit-[A-Za-z0-9_]{8}\.tmp$")
STALE_AFTER_SECONDS = 3600

Identity = tuple[int, int]  # (st_dev, st_ino)：同一个文件，不论叫什么名字


@dataclass(frozen=True)
class InputFile:
    """读进来的输入：每一遍（检查、副本、遮盖、报告）都用这同一份字节，不再去读磁盘上的文件。"""

    path: Path
    data: bytes = field(repr=False)
    identity: Identity | None = None

    @property
    def digest(self) -> str:
        import hashlib  # 只有要印出哈希时才加载（约 2 毫秒）

        return hashlib.sha256(self.data).hexdigest()


def read_input(path, read: Callable[[Path, object], bytes]) -> InputFile:
    """打开一次，记下是哪个文件，读进字节（read(path, 打开的文件) 负责认文件和上限）。"""
    path = Path(path)
    with open(path, "rb") as f:
        st = os.fstat(f.fileno())
        return InputFile(path, read(path, f), (st.st_dev, st.st_ino))


def os_path(path) -> str | bytes:
    """交给操作系统的文件名。LANG=C 之类的环境里 Python 以为文件名只能是 ASCII：中文名照 UTF-8 的字节交过去，
    而不是在 UnicodeEncodeError 上失败（Windows 上文件名总是 Unicode，原样交）。"""
    text = os.fspath(path)
    try:
        os.fsencode(text)
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape")


def identity_of(path) -> Identity | None:
    """这个名字现在指向的文件（跟着符号链接走）；不存在时 None。"""
    try:
        st = os.stat(os_path(path))
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def _identities(inputs: Iterable) -> set[Identity]:
    found: set[Identity] = set()
    for item in inputs or ():
        if isinstance(item, InputFile):
            if item.identity:
                found.add(item.identity)
            item = item.path
        if isinstance(item, tuple):
            found.add(item)
            continue
        now = identity_of(item)
        if now:
            found.add(now)
    return found


_KINDS = (
    (stat.S_ISDIR, "一个文件夹"),
    (stat.S_ISFIFO, "一个命名管道（FIFO）"),
    (stat.S_ISCHR, "一个字符设备"),
    (stat.S_ISBLK, "一个块设备"),
    (stat.S_ISSOCK, "一个套接字"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "一个特殊文件")


def check_target(path: Path, *, force: bool, inputs: Iterable = (), option: str = "-o") -> None:
    """动手之前先看目标能不能写，好在做完工作之前就告诉用户。option 是用户用来给这个文件名的选项。"""
    path = Path(path)
    try:
        link = os.lstat(os_path(path))
    except (OSError, ValueError):
        link = None
    if link is not None:
        _check_existing(path, link, force=force, inputs=inputs, option=option)
    parent = path.parent if str(path.parent) else Path(".")
    if not os.path.isdir(os_path(parent)):
        raise OutputError(f"文件夹“{parent}”不存在。请先建好这个文件夹，或换一个位置{_by(option)}。")
    if not os.access(os_path(parent), os.W_OK):
        raise OutputError(f"没有在文件夹“{parent}”中写文件的权限。请换一个位置{_by(option)}。")


def _check_existing(path: Path, link: os.stat_result, *, force: bool, inputs: Iterable, option: str) -> None:
    try:
        st = os.stat(os_path(path))
    except (OSError, ValueError):
        st = None
    if st is None:  # 符号链接指向不存在的地方
        if not force:
            raise OutputError(
                f"“{path}”是一个符号链接，指向的文件不存在。本工具不会替换它。请换一个文件名{_by(option)}，或加 --force 替换这个链接。"
            )
        return
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"“{path}”是一个文件夹。请写上文件名，例如 {path / '报告.docx'}{_by(option)}。")
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"“{path}”是{_kind(st.st_mode)}，不是普通文件，本工具不往里写（加 --force 也不写）。请换一个文件名{_by(option)}。")
    if (st.st_dev, st.st_ino) in _identities(inputs):
        raise OutputError(
            f"“{path}”就是要读取的那个文件（或是它的链接）：本工具从不修改输入的文件（加 --force 也不会）。请换一个文件名{_by(option)}。"
        )
    if not force:
        raise OutputError(f"“{path}”已经存在，本工具不会覆盖它。换一个文件名{_by(option)}，或加 --force 覆盖。")


def check_suffix(path, suffix: str, what: str, option: str = "-o") -> None:
    """用户自己给的文件名要有对的扩展名：Windows 按扩展名决定用什么程序打开，
    叫“报告.txt”“报告”的 Word 文件双击打不开，叫“副本.xlsm”的 .xlsx 文件 Excel 会说格式不对。不改用户的名字，说清怎么写。"""
    path = Path(path)
    if path.suffix.lower() == suffix:
        return
    ending = path.suffix[1:]
    # “2011.12阶段汇报”里的点不是扩展名：建议在后面加上；像扩展名的（txt、xlsm）才换掉
    replace = bool(ending) and len(ending) <= 5 and ending.isascii() and ending.isalnum()
    fixed = path.name[: -len(path.suffix)] + suffix if replace else path.name + suffix
    said = f"“{path.name}”的扩展名是 {path.suffix}" if replace else f"“{path.name}”没有 {suffix} 扩展名"
    raise OutputError(f"{said}：{what}，文件名要以 {suffix} 结尾（Windows 按扩展名决定用哪个程序打开它），例如“{fixed}”{_by(option)}。")


def _by(option: str) -> str:
    """“请换一个文件名（-o）”：说出用户是用哪个选项给的这个文件名；命令的参数本身就是文件名时不说。"""
    return f"（{option}）" if option else ""


def usual_mode(path: Path) -> int:
    """临时文件是 0600；换名前改成普通文件的权限（已有文件沿用它的权限）。"""
    try:
        return os.stat(os_path(path)).st_mode & 0o777
    except (OSError, ValueError):
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


# ---------------------------------------------------------------- 中断


_WRITTEN: list[Path] = []
_REMEMBERED = 1000  # 一次命令写的文件远少于此（汇总的 --each 也是几百个）


def written_files() -> tuple[Path, ...]:
    """这次命令里已经完整写好（换到了目标名）的文件。"""
    return tuple(_WRITTEN)


def forget_written() -> None:
    """一次命令开始：从头记。"""
    _WRITTEN.clear()


@contextlib.contextmanager
def interrupts_held():
    """这一段里收到 Ctrl+C、SIGTERM，先记下，做完这一段再照原来的处理办：
    换名和“记下已写好”之间不会被打断，中断时说的话与磁盘上的情形一致。只有主线程能装信号处理。"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    old = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            old[signum] = signal.signal(signum, lambda number, frame: caught.append(number))
        except (ValueError, OSError):
            pass
    try:
        yield
    finally:
        for signum, handler in old.items():
            signal.signal(signum, handler)
        if caught:
            _deliver(caught[0], old.get(caught[0]))


def _deliver(signum: int, handler) -> None:
    if callable(handler):
        handler(signum, None)
    elif handler == signal.SIG_DFL:
        signal.raise_signal(signum)


# ---------------------------------------------------------------- 写出


def write_atomically(path, data: bytes, *, force: bool = False, inputs: Iterable = (), option: str = "-o") -> Path:
    path = Path(path)
    check_target(path, force=force, inputs=inputs, option=option)
    parent = path.parent if str(path.parent) else Path(".")
    sweep_stale_temporaries(parent)
    temp_name = None
    try:
        with interrupts_held():  # 建好临时文件就记下它的名字：被打断也删得掉
            fd, temp_name = _temporary(parent)
        with open(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, usual_mode(path))
        with interrupts_held():
            check_target(path, force=force, inputs=inputs, option=option)  # 这段时间里别人放了个同名文件、管道
            os.replace(temp_name, os_path(path))
            temp_name = None
            _WRITTEN.append(path)
            del _WRITTEN[:-_REMEMBERED]  # 网页一直开着时不越记越多
    except OutputError:
        raise
    except OSError as error:
        raise OutputError(describe_os_error(error, path, option)) from error
    finally:
        if temp_name is not None:
            with interrupts_held():
                _remove(temp_name)
    return path


def _temporary(parent: Path):
    """同一文件夹里的临时文件（文件名是 ASCII 的，文件夹名照 os_path 交给系统）。"""
    import tempfile  # 只在真要写文件时才加载（检查一本工作簿用不着）

    folder = os_path(parent)
    if isinstance(folder, bytes):
        return tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX.encode(), suffix=TEMP_SUFFIX.encode())
    return tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)


def _remove(name) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def sweep_stale_temporaries(folder: Path, now: float | None = None) -> list[str]:
    """删掉这个文件夹里本工具自己留下的、早已没人在写的临时文件（kill -9 之后）；只认名字和年龄，别的文件不碰。"""
    removed: list[str] = []
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(os_path(folder)))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name if isinstance(entry.name, str) else entry.name.decode("utf-8", "surrogateescape")
        if not _OUR_TEMP.match(name):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode) and now - st.st_mtime > STALE_AFTER_SECONDS and st.st_uid == _uid():
            _remove(entry.path)
            removed.append(name)
    return removed


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else 0


def describe_os_error(error: OSError, path: Path, option: str = "-o") -> str:
    if error.errno == errno.ENOSPC:
        return f"磁盘空间不足，“{path}”没有写成（原来的文件没有变动）。请清理磁盘后再试。"
    if isinstance(error, PermissionError):
        return (
            f"无法写入“{path}”：文件可能正在被 Word/WPS/Excel 打开，或者没有写入权限。"
            f"请关闭该文件后再试，或换一个文件名{_by(option)}。"
        )
    if isinstance(error, IsADirectoryError):
        return f"“{path}”是一个文件夹。请写上文件名{_by(option)}。"
    if isinstance(error, FileNotFoundError):
        return f"“{path.parent}”文件夹不存在。"
    return f"无法写入“{path}”：{error.strerror or error}。"

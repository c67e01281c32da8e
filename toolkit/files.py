"""安全写出：不覆盖（除非用户要求）、不留半个文件。

先写到同一文件夹里的临时文件，写完、落盘后再一次性换到目标名：
中途出错、断电或被打断，目标位置要么是原来的文件，要么是完整的新文件。
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from toolkit.errors import OutputError


def check_target(path: Path, *, force: bool) -> None:
    """动手之前先看目标能不能写，好在做完工作之前就告诉用户。"""
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"“{path}”是一个文件夹。请写上文件名，例如 {path / '报告.docx'}。")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"文件夹“{parent}”不存在。请先建好这个文件夹，或换一个位置。")
    if path.exists() and not force:
        raise OutputError(f"“{path}”已经存在，本工具不会覆盖它。换一个文件名（-o），或加 --force 覆盖。")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"没有在文件夹“{parent}”中写文件的权限。请换一个位置（-o）。")


def usual_mode(path: Path) -> int:
    """临时文件是 0600；换名前改成普通文件的权限（已有文件沿用它的权限）。"""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomically(path, data: bytes, *, force: bool = False) -> Path:
    path = Path(path)
    check_target(path, force=force)
    parent = path.parent if str(path.parent) else Path(".")
    handle = None
    temp_name = None
    try:
        handle = tempfile.NamedTemporaryFile(dir=parent, prefix=".~toolkit-", suffix=".tmp", delete=False)
        temp_name = handle.name
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
        os.chmod(handle.name, usual_mode(path))
        handle.close()
        handle = None
        if path.exists() and not force:  # 这段时间里别人放了个同名文件
            raise OutputError(f"“{path}”已经存在，本工具不会覆盖它。换一个文件名（-o），或加 --force 覆盖。")
        os.replace(temp_name, path)
        temp_name = None
    except OutputError:
        raise
    except OSError as error:
        raise OutputError(describe_os_error(error, path)) from error
    finally:
        if handle is not None:
            handle.close()
        if temp_name is not None:
            try:
                os.unlink(temp_name)
            except OSError:
                pass
    return path


def describe_os_error(error: OSError, path: Path) -> str:
    if error.errno == errno.ENOSPC:
        return f"磁盘空间不足，“{path}”没有写成（原来的文件没有变动）。请清理磁盘后再试。"
    if isinstance(error, PermissionError):
        return (
            f"无法写入“{path}”：文件可能正在被 Word/WPS 打开，或者没有写入权限。"
            "请关闭该文件后再试，或换一个文件名（-o）。"
        )
    if isinstance(error, IsADirectoryError):
        return f"“{path}”是一个文件夹。请写上文件名。"
    if isinstance(error, FileNotFoundError):
        return f"“{path.parent}”文件夹不存在。"
    return f"无法写入“{path}”：{error.strerror or error}。"

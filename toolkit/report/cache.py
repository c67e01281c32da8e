"""本机每个用户一个的缓存文件夹：只放由本工具自己的代码和模板算出来的东西（编译好的措辞模板、.docx 的骨架），
从不放工作簿里的数据。每次启动都要重做一遍的准备工作（约几十毫秒）存下来，下次直接用。

    folder(种类, 指纹…)  缓存文件夹里的一个子文件夹，名字带上指纹：代码、版本一变，用的就是新的子文件夹
    read(path) / write(path, data)  读不了、写不了都只当没有缓存（只读的家目录、磁盘满了，照样生成报告）

新建一个子文件夹时，同一种只留最近用过的 KEEP 个旧的，其余删掉（升级几次后不会越积越多）。

设了环境变量 TOOLKIT_NO_CACHE 时不用缓存。缓存的位置：XDG_CACHE_HOME（没有时 ~/.cache）下的 toolkit，
Windows 上是 LOCALAPPDATA 下的 toolkit。文件夹只许本人读写：别人能写的文件夹不用（里面的东西会被当作代码加载）。
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

DISABLE = "TOOLKIT_NO_CACHE"
APP = "toolkit"


def fingerprint(*parts: bytes | str) -> str:
    import hashlib  # 只在建缓存文件夹时才用得上（看帮助不必等它）

    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:20]


def _base() -> Path | None:
    if os.environ.get(DISABLE):
        return None
    if os.name == "nt":
        root = os.environ.get("LOCALAPPDATA")
    else:
        root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / APP if root and os.path.isabs(root) else None


def folder(kind: str, *parts: bytes | str) -> Path | None:
    """缓存里 kind-指纹 这个子文件夹（没有就建，只许本人读写）；用不了时为 None。"""
    base = _base()
    if base is None:
        return None
    path = base / f"{kind}-{fingerprint(*parts)}"
    try:
        new = not path.is_dir()
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not all(_private(p) for p in (base, path)):
            return None
    except OSError:
        return None
    if new:
        _prune(base, kind, path)
    return path


KEEP = 3  # 每一种留几个旧的子文件夹：装了两个版本轮流用时不必每次重建


def _prune(base: Path, kind: str, current: Path) -> None:
    """新建了一个子文件夹（升级了、改了代码）时，删掉同一种里最旧的，只留 KEEP 个：缓存不会越积越多。"""
    import re
    import shutil

    name = re.compile(re.escape(kind) + r"-[0-9a-f]{20}")
    try:
        old = [entry for entry in os.scandir(base) if name.fullmatch(entry.name) and entry.path != str(current)]
        old = [entry for entry in old if entry.is_dir(follow_symlinks=False)]
        old.sort(key=lambda entry: entry.stat(follow_symlinks=False).st_mtime, reverse=True)
    except OSError:
        return
    for entry in old[KEEP:]:
        shutil.rmtree(entry.path, ignore_errors=True)


def _private(path: Path) -> bool:
    """是本人的文件夹、不是链接，别人写不了。"""
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def write(path: Path, data: bytes) -> None:
    """先写临时文件再改名：同时运行的另一个进程读到的不是写了一半的文件。写不了就算了。"""
    import tempfile  # 只在头一次（缓存里还没有时）才用得上

    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except OSError:
        try:
            os.unlink(temp)
        except OSError:
            pass

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
    import hashlib  # 只在建缓存文件夹时才用得上（--help 不必等它）

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
    return _folder(kind, lambda: fingerprint(*parts))


def _folder(kind: str, named) -> Path | None:
    """named()：子文件夹名字里的指纹（20 位十六进制）。"""
    base = _base()
    if base is None:
        return None
    path = base / f"{kind}-{named()}"
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


# ---------------------------------------------------------------- @dataclass 生成的方法

_CODE_MOST = 300  # 一个模块的文件里多于这么多段时只留这次用到的（改了代码、升级几次以后不会越积越多）


class CompiledOnce:
    """@dataclass 每建一个类，都把生成的 __init__、__repr__、__eq__…… 的源码当场编译一遍：一次检查要建约 40 个类，
    编译约 20 毫秒，是导入时最大的一笔。编译好的代码按源码原样存进缓存，下次直接取出来用——
    同样的源码编译出的就是同样的代码，类一字不差。代替 dataclasses 模块里的 exec（它只用 exec 执行这些源码）。
    每个模块一个文件，建那个模块的第一个类时才读：一条命令只读它用到的模块的。"""

    def __init__(self):
        self.where: Path | None = None  # 缓存里放这些文件的文件夹；用不了时为 None
        self.opened = False
        self.codes: dict[str, dict] = {}  # 模块 → {源码: 编译好的代码}
        self.used: dict[str, set[str]] = {}  # 模块 → 这次用到的源码
        self.added: set[str] = set()  # 这次新编译了代码的模块：退出时写回

    def __call__(self, source, globals=None, locals=None):
        # globals 是建类的那个模块的：只存本工具自己的类（把本工具当库用的程序，它的类不进这个缓存）
        module = globals.get("__name__") if globals is not None else None
        if type(source) is str and isinstance(module, str) and module.split(".")[0] == APP:
            source = self.compiled(source, module)
        return exec(source, globals, locals)

    def compiled(self, source: str, module: str):
        codes = self.codes.get(module)
        if codes is None:
            codes = self.codes[module] = self._stored(module)
            self.used[module] = set()
        self.used[module].add(source)
        code = codes.get(source)
        if type(code) is not _CodeType:
            code = codes[source] = compile(source, "<string>", "exec", dont_inherit=True)
            if not self.added and self.where is not None:
                import atexit

                atexit.register(self.store)
            self.added.add(module)
        return code

    def _stored(self, module: str) -> dict:
        import marshal

        if not self.opened:
            self.opened = True
            self.where = _folder("dataclasses", _python_build)
        data = read(self.where / f"{module}.marshal") if self.where else None
        head = _python_header()
        if not data or not data.startswith(head):  # 编译好的代码只给编译它的那个 Python 用
            return {}
        try:
            codes = marshal.loads(data[len(head):])
        except (ValueError, EOFError, TypeError):  # 坏了的缓存文件：当作没有
            return {}
        return codes if type(codes) is dict else {}

    def store(self) -> None:
        import marshal

        if self.where is None:
            return
        for module in sorted(self.added):
            codes, used = self.codes[module], self.used[module]
            kept = codes if len(codes) <= _CODE_MOST else {s: codes[s] for s in used if s in codes}
            write(self.where / f"{module}.marshal", _python_header() + marshal.dumps(kept))


def _python_build() -> str:
    """这个 Python 的指纹（20 位十六进制）：不必为它加载 hashlib（约 2 毫秒，--help 也要建类）。"""
    import sys
    import zlib

    build = f"{sys.version}|{sys.implementation.cache_tag}".encode("utf-8", "replace")
    return f"{sys.hexversion:08x}{zlib.crc32(build):08x}{zlib.crc32(build[::-1]) & 0xFFFF:04x}"


def _python_header() -> bytes:
    import sys

    return f"{sys.version}|{sys.implementation.cache_tag}\n".encode("utf-8", "replace")


_CodeType = type(compile("", "<string>", "exec"))


def compile_dataclasses_once() -> None:
    """从这以后建的 @dataclass 类用缓存里编译好的方法（见 CompiledOnce）。设了 TOOLKIT_NO_CACHE 时照旧每次编译。"""
    import dataclasses

    if not isinstance(vars(dataclasses).get("exec"), CompiledOnce):
        dataclasses.exec = CompiledOnce()

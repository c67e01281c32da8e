"""措辞模板的沙箱：用户改过的模板（--template 文件夹）读不出文件夹以外的东西，也跑不垮本工具。

    template_folder  只读模板文件夹里的普通文件：每个路径都解析到真实位置，出了文件夹的真实位置
                     （notes.j2 → /etc/shadow 的链接、etc → /etc 的文件夹链接）、不是普通文件（FIFO、设备）都不读
    environment()    Jinja2 的 ImmutableSandboxedEnvironment，再加上预算：
                     range() 最多 MAX_RANGE 个数；循环的圈数和调用的次数合计最多 MAX_STEPS；
                     写出的文字合计最多 MAX_OUTPUT 个字；一个值（拼接、乘法、过滤器的结果）最多 MAX_TEXT 个字；
                     模板运行的时间合计最多 MAX_SECONDS 秒
    Budget           一份报告的预算：Wording 每次进入模板时 with budget: … 装上

预算用完抛出 BudgetExceeded（中文说明用完了哪一项），由 wording.py 连同模板的文件名、行号讲给用户。
"""

from __future__ import annotations

import contextvars
import os
import stat
import time
from pathlib import Path

MAX_RANGE = 10_000  # 一个 range() 的数：报告里要数的东西（党员、活动）远少于此
MAX_STEPS = 300_000  # 循环圈数 + 调用次数：一份报告实际用几千
MAX_OUTPUT = 1_000_000  # 模板写出的字数合计：一份报告约两万字
MAX_TEXT = 200_000  # 一个值的字数
MAX_SECONDS = 5.0  # 模板运行的时间合计
MAX_TEMPLATE_FILE = 1_000_000  # 一个模板文件的字节数
MAX_POWER_BITS = 100_000  # a ** b 结果的二进制位数

_CURRENT: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("toolkit_template_budget", default=None)

STEP_FILTER = "toolkit_counted_loop"  # 编译时套在每个 for 循环的对象外面
TEXT_FILTER = "toolkit_counted_text"  # 编译时套在每个 ~ 拼接外面


class BudgetExceeded(Exception):
    """模板用完了预算：str() 是给用户看的中文。"""


class OutsideFolder(Exception):
    """模板要读的文件不在模板文件夹里，或者不是普通文件：str() 是给用户看的中文。"""


class Budget:
    """一份报告的模板预算（时间、步数、写出的字数）。可以多次 with：时间只算在模板里的时候。"""

    def __init__(self):
        self.steps = 0
        self.output = 0
        self.seconds = 0.0
        self._started = None
        self._token = None

    def __enter__(self):
        self._token = _CURRENT.set(self)
        self._started = time.monotonic()
        return self

    def __exit__(self, *exc):
        self.seconds += time.monotonic() - self._started
        _CURRENT.reset(self._token)
        return False

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > MAX_STEPS:
            raise BudgetExceeded(f"循环和调用合计超过 {MAX_STEPS:,} 次（可能是循环套得太多层或宏反复调用自己）")
        if self.seconds + time.monotonic() - self._started > MAX_SECONDS:
            raise BudgetExceeded(f"模板运行超过 {MAX_SECONDS:g} 秒")

    def write(self, size: int) -> None:
        self.output += size
        if self.output > MAX_OUTPUT:
            raise BudgetExceeded(f"写出的文字合计超过 {MAX_OUTPUT:,} 个字")
        self.step()


def _step(count: int = 1) -> None:
    budget = _CURRENT.get()
    if budget is not None:
        budget.step(count)


def _text(value):
    """一个值不超过 MAX_TEXT 个字（字符串、列表都算长度）。"""
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_TEXT:
        raise BudgetExceeded(f"一个值超过 {MAX_TEXT:,} 个字")
    return value


# ---------------------------------------------------------------- 只读文件夹里的普通文件


def template_folder(folders):
    """Jinja2 的 loader：依次在几个文件夹里找模板，只读每个文件夹真实位置之内的普通文件。"""
    from jinja2 import BaseLoader

    class _Loader(BaseLoader):
        def get_source(self, environment, template):
            return read_template(folders, template)

    return _Loader()


def read_template(folders, name: str):
    """返回 (内容, 文件名, 是否没改过)。找不到抛出 TemplateNotFound，出了文件夹或不是普通文件抛出 OutsideFolder。"""
    from jinja2 import TemplateNotFound

    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts or Path(name).is_absolute():
        raise TemplateNotFound(name)
    for folder in folders:
        root = Path(folder).resolve()
        candidate = Path(folder).joinpath(*parts)
        if not os.path.lexists(candidate):
            continue
        real = candidate.resolve()
        if real != root and root not in real.parents:
            raise OutsideFolder(f"“{name}”是指向模板文件夹以外（{real}）的链接，不读。模板只能读模板文件夹里的文件")
        return _read_regular(real, name)
    raise TemplateNotFound(name)


def _read_regular(real: Path, name: str):
    try:
        before = os.stat(real)
    except OSError as error:
        raise OutsideFolder(f"读不了“{name}”（{error.strerror}）") from error
    if not stat.S_ISREG(before.st_mode):
        raise OutsideFolder(f"“{name}”不是普通文件（可能是管道、设备或文件夹），不读")
    if before.st_size > MAX_TEMPLATE_FILE:
        raise OutsideFolder(f"“{name}”有 {before.st_size:,} 字节，模板文件最多 {MAX_TEMPLATE_FILE:,} 字节")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(real, flags)
    except OSError as error:
        raise OutsideFolder(f"读不了“{name}”（{error.strerror}）") from error
    with os.fdopen(fd, "rb") as handle:
        opened = os.fstat(handle.fileno())
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (before.st_dev, before.st_ino):
            raise OutsideFolder(f"“{name}”在读的时候被换成了别的东西，不读")
        data = handle.read(MAX_TEMPLATE_FILE + 1)
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise OutsideFolder(f"“{name}”不是 UTF-8 编码的文字（请用记事本“另存为”UTF-8）") from error
    mtime = before.st_mtime_ns
    return source, str(real), lambda: _unchanged(real, mtime)


def _unchanged(real: Path, mtime: int) -> bool:
    try:
        return os.stat(real).st_mtime_ns == mtime
    except OSError:
        return False


# ---------------------------------------------------------------- 带预算的沙箱


def environment(folders, cache_compiled: bool = False):
    """一组文件夹的沙箱环境（先找前面的文件夹）。cache_compiled：编译好的模板存进本机缓存。
    只用于安装时带的模板：用户自己的模板（--template、网页上传的）里是用户写的字，不放进缓存，缓存也不会越积越多。"""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class _Budgeted(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset(("*", "**", "+", "%"))
        code_generator_class = _code_generator()

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805  与 Jinja2 的写法一致
            _step()
            _check_method(__obj, args)
            return _text(super().call(__context, __obj, *args, **kwargs))

        def call_binop(self, context, operator, left, right):
            _step()
            _check_binop(operator, left, right)
            return _text(super().call_binop(context, operator, left, right))

    env = _Budgeted(
        loader=template_folder(list(folders)),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        finalize=_written,
        bytecode_cache=compiled_templates() if cache_compiled else None,
    )
    env.globals.pop("lipsum", None)  # 随机的长篇拉丁文：措辞用不上，还能写出任意多的字
    env.globals["range"] = counted_range
    env.filters = {name: _checked_filter(name, f) for name, f in env.filters.items()}
    env.filters[STEP_FILTER] = _counted_loop
    env.filters[TEXT_FILTER] = _text
    return env


def compiled_templates():
    """编译好的模板存在本机的缓存里（cache.py），下次启动不必再编译（约 20 毫秒）。
    按模板的内容认：改过的模板重新编译。编译的方法（这个文件、Jinja2 的版本）一变，换一个缓存文件夹。"""
    import jinja2
    from jinja2.bccache import FileSystemBytecodeCache

    from toolkit.report import cache

    where = cache.folder("templates", Path(__file__).read_bytes(), jinja2.__version__)
    if where is None:
        return None

    class _Quiet(FileSystemBytecodeCache):
        """读不了、写不了缓存都照常编译。"""

        def load_bytecode(self, bucket):
            try:
                super().load_bytecode(bucket)
            except Exception:  # 坏了的缓存文件：当作没有
                bucket.reset()

        def dump_bytecode(self, bucket):
            try:
                super().dump_bytecode(bucket)
            except Exception:  # 只读的家目录、磁盘满了
                pass

    return _Quiet(str(where), "%s.cache")


def counted_range(*args):
    """模板里的 range()：最多 MAX_RANGE 个数。"""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        shown = ", ".join(str(a) for a in args)
        raise BudgetExceeded(f"range({shown}) 有 {len(numbers):,} 个数，模板里的 range() 最多 {MAX_RANGE:,} 个")
    return numbers


def _written(value):
    """每个 {{ … }} 写出的值：算进写出的字数。"""
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    budget = _CURRENT.get()
    if budget is not None:
        budget.write(len(text))
    return text


def _counted_loop(iterable, cost=1):
    """for 循环的每一圈算一步；cost 是循环体里固定文字的字数，算进写出的字数。"""
    budget = _CURRENT.get()
    for item in iterable:
        if budget is not None:
            budget.write(cost)
        yield item


def _check_binop(operator: str, left, right) -> None:
    sized = (str, list, tuple)
    if operator == "*":
        for a, b in ((left, right), (right, left)):
            if isinstance(a, sized) and isinstance(b, int) and len(a) * max(b, 0) > MAX_TEXT:
                raise BudgetExceeded(f"乘出来的值超过 {MAX_TEXT:,} 个字")
    elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
        if max(abs(left).bit_length(), 1) * right > MAX_POWER_BITS and abs(left) > 1:
            raise BudgetExceeded("乘方的结果太大")


def _check_method(obj, args) -> None:
    """字符串的方法（center、ljust、zfill、join、replace……）：先估一估结果多长，太长不做。"""
    owner = getattr(obj, "__self__", None)
    if isinstance(owner, str):
        _check_sizes(owner, args, getattr(obj, "__name__", ""))


_SIZE_ARGUMENTS = {"center": 0, "ljust": 0, "rjust": 0, "zfill": 0, "expandtabs": 0, "indent": 0, "wordwrap": 0, "truncate": 0}


def _check_sizes(value, args, name: str) -> None:
    for a in args:
        if isinstance(a, int) and not isinstance(a, bool) and a > MAX_TEXT:
            raise BudgetExceeded(f"{name} 的参数 {a:,} 太大（最多 {MAX_TEXT:,}）")
    if name == "join" and args:
        glue, parts = (value, args[0]) if isinstance(value, str) else (args[0], value)
        if isinstance(glue, str) and hasattr(parts, "__len__") and len(glue) * len(parts) > MAX_TEXT:
            raise BudgetExceeded(f"连接出来的值超过 {MAX_TEXT:,} 个字")
    if name == "replace" and len(args) >= 2 and isinstance(value, str):
        old, new = str(args[0]), str(args[1])
        times = value.count(old) if old else len(value) + 1
        if times * len(new) > MAX_TEXT:
            raise BudgetExceeded(f"替换出来的值超过 {MAX_TEXT:,} 个字")


def _checked_filter(name: str, function):
    """过滤器：参数里的数不超过 MAX_TEXT，结果不超过 MAX_TEXT 个字。"""
    from functools import wraps

    passes = getattr(function, "jinja_pass_arg", None) is not None  # 收 context/environment 的过滤器，值是第二个参数

    @wraps(function)
    def checked(*args, **kwargs):
        value, rest = (args[1], args[2:]) if passes and len(args) > 1 else ((args[0], args[1:]) if args else (None, ()))
        _step()
        _check_sizes(value, (*rest, *kwargs.values()), name)
        return _text(function(*args, **kwargs))

    return checked


def _code_generator():
    """编译时给每个 for 循环套上计圈的过滤器、给每个 ~ 拼接套上计字数的过滤器。"""
    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator
    from jinja2.visitor import NodeTransformer

    class _Count(NodeTransformer):
        def visit_For(self, node):
            self.generic_visit(node)
            cost = max(1, _static_size(node.body) + _static_size(node.else_))
            node.iter = nodes.Filter(node.iter, STEP_FILTER, [nodes.Const(cost)], [], None, None, lineno=node.lineno)
            return node

        def visit_Concat(self, node):
            self.generic_visit(node)
            return nodes.Filter(node, TEXT_FILTER, [], [], None, None, lineno=node.lineno)

    def _static_size(body) -> int:
        size = 0
        for item in body:
            if isinstance(item, nodes.TemplateData):
                size += len(item.data)
            elif not isinstance(item, (nodes.For, nodes.Macro, nodes.CallBlock)):
                size += _static_size(list(item.iter_child_nodes()))
        return size

    class _Generator(CodeGenerator):
        def visit_Template(self, node, frame=None):
            return super().visit_Template(_Count().visit(node), frame)

    return _Generator

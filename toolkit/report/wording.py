"""报告的固定措辞：从 Jinja2 模板 templates/report/*.j2 取。

    wording.j2   支部报告的措辞
    rollup.j2    党委汇总报告的措辞
    common.j2    两种报告共用的措辞：附件标识、附件说明的开头、报告期、输出文件名

Wording(context, 文件夹, 模板名) 按名字取宏：先找这份报告自己的模板，再找 common.j2；
shared_wording(文件夹) 只取 common.j2（不属于哪一份报告的措辞，如文件名）。

模板在沙箱（sandbox.py）里渲染：用户改过的模板（--template 文件夹）读不了文件夹以外的文件、
导入不了模块、碰不到 Python 内部，时间、循环、写出的字数都有预算。工作簿里的文字只作为数据传进来，从不当作模板编译。
模板运行时出的任何错（1/0、range 太大、宏反复调用自己、没有的属性）都是 WordingError：说明哪个文件第几行、出了什么错。
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from toolkit.errors import WordingError
from toolkit.privacy import mask_text
from toolkit.report import sandbox

TEMPLATE_NAME = "wording.j2"
COMMON_TEMPLATE = "common.j2"
_MISSING = object()


def default_template_dir() -> Path:
    """安装后在包里（toolkit/templates/report），开发时在仓库根目录的 templates/report。"""
    package = Path(__file__).resolve().parent.parent  # toolkit/
    for candidate in (package / "templates" / "report", package.parent / "templates" / "report"):
        if (candidate / TEMPLATE_NAME).is_file():
            return candidate
    raise WordingError("找不到报告措辞模板 wording.j2：安装可能不完整，请重新安装本工具。")


@lru_cache(maxsize=16)
def _environment(directory: str):
    """一个模板文件夹一个沙箱环境（sandbox.py）：编译过的模板留着再用（文件改了，Jinja2 按修改时间重新编译）。

    先找用户的文件夹，再找安装时带的：以前复制的模板文件夹里没有 common.j2，照样能用。
    """
    installed = str(default_template_dir())
    return sandbox.environment(dict.fromkeys((directory, installed)), cache_compiled=directory == installed)


# 安装时带的 wording.j2 写出的报告标题（宏 title）= 支部名称 + “开展” + 活动名称 +（“活动”）+ “阶段性工作情况”：
# 比用到的变量合起来至多多出这么多字。只对下面指纹的那一版模板成立（tests/test_wording.py 核对）；
# 模板一改、指纹对不上，就照常按模板写出来数。
INSTALLED_TITLE_EXTRA = 11
INSTALLED_TITLE_TEMPLATES = "bce40152143d-4787efb0703"  # wording.j2 和 common.j2 的指纹


def installed_templates_fingerprint() -> str | None:
    """安装时带的 wording.j2、common.j2 的指纹（只为认出改没改过：CRC-32 和长度就够，不必加载 hashlib）；
    找不到或读不了时为 None。"""
    import zlib

    try:
        directory = default_template_dir()
        parts = [(directory / name).read_bytes() for name in (TEMPLATE_NAME, COMMON_TEMPLATE)]
    except (WordingError, OSError):
        return None
    return "-".join(f"{zlib.crc32(data):08x}{len(data):x}" for data in parts)


@lru_cache(maxsize=1)
def _installed_title_known() -> bool:
    return installed_templates_fingerprint() == INSTALLED_TITLE_TEMPLATES


def installed_title_at_most(context: dict) -> int | None:
    """安装时带的模板按 context 写出的报告标题最多几个字，不必加载 Jinja2；模板不是核对过的那一版时为 None。"""
    if not _installed_title_known():
        return None
    return sum(len("" if value is None else str(value)) for value in context.values()) + INSTALLED_TITLE_EXTRA


class MissingWording(WordingError):
    """模板里没有要的宏或变量（旧版模板可能没有新加的部分，调用的地方可以不写那一部分）。"""


class Wording:
    """模板里的宏和变量，按名字取：wording.section_title("指导思想")。这份报告的模板里没有的，到 common.j2 里找。

    一份报告一个预算（sandbox.Budget）：每次进入模板（编译、取宏、调用宏）都算在里面。
    """

    def __init__(self, context: dict, directory: Path | None = None, template_name: str = TEMPLATE_NAME):
        self._user = directory is not None
        directory = _folder(Path(directory), template_name) if directory else default_template_dir()
        self._template = directory / template_name
        self._budget = sandbox.Budget()
        env = _environment(str(directory))
        self._modules = [self._module(env, name, context, directory) for name in dict.fromkeys((template_name, COMMON_TEMPLATE))]

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        for module, template in self._modules:
            item = getattr(module, name, _MISSING)
            if item is not _MISSING:
                break
        else:
            raise MissingWording(f"措辞模板 {self._template} 里缺少“{name}”。请对照原模板补上。")
        if not callable(item):
            return item

        def call(*args):
            return self._run(lambda: str(item(*args)).strip(), template)

        return call

    def _module(self, env, name: str, context: dict, directory: Path):
        """编译一份模板、填上变量：返回（模块, 模板文件）。写法有误时说清楚是哪一份。"""
        template = self._run(lambda: env.get_template(name), directory / name)
        module = self._run(lambda: template.make_module(vars=dict(context)), Path(template.filename or directory / name))
        return module, Path(template.filename or directory / name)

    def _run(self, work, template: Path):
        """在预算里做一件模板的事；出了错讲成“措辞模板 文件 第几行：出了什么错”。"""
        from jinja2 import TemplateError

        try:
            with self._budget:
                return work()
        except WordingError:
            raise
        except (TemplateError, sandbox.BudgetExceeded, sandbox.OutsideFolder, RecursionError, MemoryError) as error:
            raise WordingError(describe(error, template)) from None
        except Exception as error:  # 用户模板里的运算出错（1/0、类型不对……）；安装时带的模板出错是本工具的错
            if not self._user:
                raise
            raise WordingError(describe(error, template)) from None


def _folder(directory: Path, template_name: str) -> Path:
    """--template 应当是放着 wording.j2 的文件夹；给了文件、或不存在时说清楚。"""
    if directory.is_file():
        raise WordingError(
            f"“{directory}”是一个文件，--template 要的是放着它的文件夹（如“{directory.parent}”）。"
            "请复制 templates/report 整个文件夹，改好里面的文件后，把这个文件夹交给 --template。"
        )
    if not directory.is_dir():
        raise WordingError(f"找不到模板文件夹“{directory}”。请复制 templates/report 整个文件夹再修改，把这个文件夹交给 --template。")
    if template_name != COMMON_TEMPLATE and not os.path.lexists(directory / template_name):  # common.j2 可以用安装时带的
        raise WordingError(f"模板文件夹“{directory}”里没有 {template_name}。请复制 templates/report 整个文件夹再修改。")
    return directory


def shared_wording(directory: Path | None = None) -> Wording:
    """只有 common.j2 的措辞（两种报告共用的那些）。"""
    return Wording({}, directory, COMMON_TEMPLATE)


_BRIEF = 60  # 出错说明里引用模板内容最多几个字：被 include 的文件内容不能整段印到屏幕上


def describe(error: BaseException, template: Path) -> str:
    """“措辞模板 文件 第 N 行：……”。文件和行号取自出错时正在运行的那一行模板（包括 include、import 进来的）。"""
    where, line = _where(error, template)
    at = f"措辞模板 {where}" + (f" 第 {line} 行" if line else "")
    return f"{at}{_what(error)}"


def _where(error: BaseException, template: Path) -> tuple[Path, int | None]:
    from jinja2 import TemplateSyntaxError

    if isinstance(error, TemplateSyntaxError):
        return Path(error.filename or template), error.lineno
    where, line = template, None
    tb = error.__traceback__
    while tb is not None:  # 最里面的那一层模板
        compiled = tb.tb_frame.f_globals.get("__jinja_template__")
        if compiled is not None:
            where, line = Path(compiled.filename or template), compiled.get_corresponding_lineno(tb.tb_lineno)
        tb = tb.tb_next
    return where, line


def _brief(text: object) -> str:
    text = mask_text(" ".join(str(text).split()))
    return text if len(text) <= _BRIEF else text[:_BRIEF] + "……"


def _what(error: BaseException) -> str:
    import re

    from jinja2.exceptions import SecurityError, TemplateNotFound, TemplateSyntaxError, UndefinedError

    if isinstance(error, (sandbox.BudgetExceeded, sandbox.OutsideFolder)):
        return f"：{error}。"
    if isinstance(error, TemplateSyntaxError):
        return f"写法有误：{syntax_problem(error.message or '')}。"
    if isinstance(error, SecurityError):
        found = re.search(r"attribute '([^']+)'", str(error))
        what = f"“{_brief(found.group(1))}”" if found else ""
        return f"试图访问不允许的内容{what}。模板只能使用措辞和给定的变量，不能读文件、导入模块或碰 Python 内部。"
    if isinstance(error, UndefinedError):
        return _undefined(error.message or "")
    if isinstance(error, TemplateNotFound):
        return f"引用了找不到的模板文件“{_brief(error.name)}”。模板只能引用自己文件夹里的文件（如 include、import 同一文件夹里的 .j2）。"
    if isinstance(error, RecursionError):
        return "：宏调用自己的层数太多（递归太深），停不下来。请给递归加上停止的条件。"
    if isinstance(error, MemoryError):
        return "：占用的内存太多，没有做完。"
    return f"：{_ARITHMETIC.get(type(error).__name__, '运算或调用出错，做不下去')}。请对照原模板检查这一行。"


_TOKENS = {
    "end of print statement": "}}", "end of statement block": "%}", "end of template": "模板结尾",
    "name": "变量名或宏名", "in": "in", "string": "带引号的文字", "integer": "数",
}

# Jinja2 说的写法错误 → 中文（认不出的只说“写法有误”，不把英文原话印给用户）
_SYNTAX = (
    (r"Unexpected end of template\. Jinja was looking for the following tags: '([^']+)'", "模板到结尾还缺“{% {0} %}”"),
    (r"Unexpected end of template", "模板没写完就结束了（缺少配对的结束标签）"),
    (r"Encountered unknown tag '([^']+)'", "不认识的标签“{0}”（或者它前面缺少配对的开始标签）"),
    (r"expected token '([^']+)', got '([^']+)'", "这里应当是“{0}”，写的却是“{1}”"),
    (r"Expected an expression, got '([^']+)'", "这里缺一个值或变量，写的却是“{0}”"),
    (r"unexpected char '(.+)' at \d+", "这里不该有“{0}”（引号是否配对？）"),
    (r"unexpected '([^']+)'", "这里不该有“{0}”"),
    (r"No filter named '([^']+)'", "没有名为“{0}”的过滤器"),
    (r"No test named '([^']+)'", "没有名为“{0}”的判断（is 后面的词）"),
)


def syntax_problem(message: str) -> str:
    """Jinja2 的写法错误讲成中文。"""
    import re

    for pattern, chinese in _SYNTAX:
        found = re.match(pattern, message)
        if found:
            for number, group in enumerate(found.groups()):
                chinese = chinese.replace(f"{{{number}}}", _brief(_TOKENS.get(group, group)))
            return chinese
    return "请对照原模板检查这一行的 {{ }}、{% %} 是否写全、是否配对"


_ARITHMETIC = {
    "ZeroDivisionError": "除数是零",
    "OverflowError": "数太大，算不出来",
    "TypeError": "值的类型不对，做不了这样的运算或调用（例如文字和数相加）",
    "ValueError": "值不合适，做不了这样的运算或调用",
    "KeyError": "取的项不存在",
    "IndexError": "取的位置超出了范围",
}


def _undefined(message: str) -> str:
    import re

    named = re.match(r"'(.+)' is undefined$", message)
    if named:
        return f"：用到了不存在的变量“{_brief(named.group(1))}”。"
    member = re.match(r"'?(.+?)'? has no (?:attribute|element) (.+)$", message)
    if member:
        return f"：用到了不存在的属性或项“{_brief(member.group(2).strip(chr(39)))}”。"
    return f"：用到了不存在的变量或属性（{_brief(message)}）。"

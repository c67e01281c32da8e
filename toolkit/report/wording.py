"""报告的固定措辞：从 Jinja2 模板 templates/report/*.j2 取。

    wording.j2   支部报告的措辞
    rollup.j2    党委汇总报告的措辞
    common.j2    两种报告共用的措辞：附件标识、附件说明的开头、报告期、输出文件名

Wording(context, 文件夹, 模板名) 按名字取宏：先找这份报告自己的模板，再找 common.j2；
shared_wording(文件夹) 只取 common.j2（不属于哪一份报告的措辞，如文件名）。

模板在沙箱（ImmutableSandboxedEnvironment）里渲染：用户改过的模板（--template 文件夹）
读不了文件、导入不了模块、碰不到 Python 内部。工作簿里的文字只作为数据传进来，从不当作模板编译。
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from toolkit.errors import WordingError

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
    """一个模板文件夹一个沙箱环境：编译过的模板留着再用（文件改了，Jinja2 按修改时间重新编译）。

    先找用户的文件夹，再找安装时带的：以前复制的模板文件夹里没有 common.j2，照样能用。
    """
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    search = dict.fromkeys((directory, str(default_template_dir())))
    return ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(list(search)),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
    )


class Wording:
    """模板里的宏和变量，按名字取：wording.section_title("指导思想")。这份报告的模板里没有的，到 common.j2 里找。"""

    def __init__(self, context: dict, directory: Path | None = None, template_name: str = TEMPLATE_NAME):
        from jinja2 import TemplateError

        directory = Path(directory) if directory else default_template_dir()
        if template_name != COMMON_TEMPLATE and not (directory / template_name).is_file():  # common.j2 可以用安装时带的
            raise WordingError(f"模板文件夹“{directory}”里没有 {template_name}。请复制 templates/report 整个文件夹再修改。")
        self._errors = (TemplateError,)
        self._template = directory / template_name
        env = _environment(str(directory))
        self._modules = [_module(env, name, context, directory) for name in dict.fromkeys((template_name, COMMON_TEMPLATE))]

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        for module, template in self._modules:
            item = getattr(module, name, _MISSING)
            if item is not _MISSING:
                break
        else:
            raise WordingError(f"措辞模板 {self._template} 里缺少“{name}”。请对照原模板补上。")
        if not callable(item):
            return item

        def call(*args):
            try:
                return str(item(*args)).strip()
            except self._errors as error:
                raise WordingError(_describe(error, template)) from error

        return call


def shared_wording(directory: Path | None = None) -> Wording:
    """只有 common.j2 的措辞（两种报告共用的那些）。"""
    return Wording({}, directory, COMMON_TEMPLATE)


def _module(env, name: str, context: dict, directory: Path):
    """编译一份模板、填上变量：返回（模块, 模板文件）。写法有误时说清楚是哪一份。"""
    from jinja2 import TemplateError

    try:
        template = env.get_template(name)
        return template.make_module(vars=dict(context)), Path(template.filename or directory / name)
    except TemplateError as error:
        raise WordingError(_describe(error, Path(getattr(error, "filename", None) or directory / name))) from error


def _describe(error, template: Path) -> str:
    from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError

    where = f"{template}"
    if isinstance(error, TemplateSyntaxError):
        return f"措辞模板 {where} 第 {error.lineno} 行写法有误：{error.message}。"
    if isinstance(error, SecurityError):
        import re

        found = re.search(r"attribute '([^']+)'", str(error))
        what = f"“{found.group(1)}”" if found else f"（{error}）"
        return f"措辞模板 {where} 试图访问不允许的内容{what}。模板只能使用措辞和给定的变量，不能读文件、导入模块或碰 Python 内部。"
    if isinstance(error, UndefinedError):
        return f"措辞模板 {where} 用到了不存在的变量：{error.message}。"
    from jinja2.exceptions import TemplateNotFound

    if isinstance(error, TemplateNotFound):
        return f"措辞模板 {where} 引用了找不到的模板文件“{error.name}”。模板只能引用自己文件夹里的文件（如 include、import 同一文件夹里的 .j2）。"
    return f"措辞模板 {where} 无法使用：{error}。"

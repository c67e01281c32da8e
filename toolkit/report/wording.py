"""报告的固定措辞：从 Jinja2 模板 templates/report/wording.j2 取。

模板在沙箱（ImmutableSandboxedEnvironment）里渲染：用户改过的模板（--template 文件夹）
读不了文件、导入不了模块、碰不到 Python 内部。工作簿里的文字只作为数据传进来，从不当作模板编译。
"""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import WordingError

TEMPLATE_NAME = "wording.j2"


def default_template_dir() -> Path:
    """安装后在包里（toolkit/templates/report），开发时在仓库根目录的 templates/report。"""
    package = Path(__file__).resolve().parent.parent  # toolkit/
    for candidate in (package / "templates" / "report", package.parent / "templates" / "report"):
        if (candidate / TEMPLATE_NAME).is_file():
            return candidate
    raise WordingError("找不到报告措辞模板 wording.j2：安装可能不完整，请重新安装本工具。")


class Wording:
    """wording.j2 里的宏和变量，按名字取：wording.section_title("指导思想")。"""

    def __init__(self, context: dict, directory: Path | None = None, template_name: str = TEMPLATE_NAME):
        from jinja2 import FileSystemLoader, StrictUndefined, TemplateError
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        directory = Path(directory) if directory else default_template_dir()
        if not (directory / template_name).is_file():
            raise WordingError(f"模板文件夹“{directory}”里没有 {template_name}。请复制 templates/report 整个文件夹再修改。")
        self._errors = (TemplateError,)
        env = ImmutableSandboxedEnvironment(
            loader=FileSystemLoader(str(directory)),
            undefined=StrictUndefined,
            autoescape=False,
            keep_trailing_newline=False,
        )
        try:
            self._module = env.get_template(template_name).make_module(vars=dict(context))
        except TemplateError as error:
            raise WordingError(_describe(error, directory / template_name)) from error
        self._directory = directory
        self._template = directory / template_name

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            item = getattr(self._module, name)
        except AttributeError:
            raise WordingError(f"措辞模板 {self._template} 里缺少“{name}”。请对照原模板补上。") from None
        if not callable(item):
            return item

        def call(*args):
            try:
                return str(item(*args)).strip()
            except self._errors as error:
                raise WordingError(_describe(error, self._template)) from error

        return call


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

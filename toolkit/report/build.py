"""一个支部的报告：支部模型 → 组织好的报告（StageReport）→ .docx 的字节。

    build_report(branch, fonts=None, template_dir=None) -> BuiltReport
    default_report_name(branch, template_dir=None) -> str   报告默认的文件名（不含文件夹；措辞在 common.j2）
    branch_wording(branch, template_dir=None) -> Wording     wording.j2 的措辞；branch 为 None 时只为先试一遍模板
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from toolkit import standard
from toolkit.branch.model import Branch, BranchInfo
from toolkit.privacy import has_sensitive_number, mask_package, mask_text
from toolkit.report.wording import Wording, installed_title_at_most, shared_wording

if TYPE_CHECKING:  # 检查工作簿（validate）只要各部分的标题，不必加载组织报告的几个模块
    from toolkit.report.document import StageReport
    from toolkit.style import StyleProfile


@dataclass(frozen=True)
class BuiltReport:
    """写好的一份报告：.docx 的字节、组织好的报告、要告诉用户的话。"""

    data: bytes  # .docx 的字节：同样的输入给出一模一样的字节
    report: StageReport
    notes: tuple[str, ...]  # 生成时做了什么（如改了几处标点），告诉用户
    style: StyleProfile | None = None  # 用的版面方案（--pdf 时核对本机有没有它的字体）


def branch_context(info: BranchInfo | None) -> dict:
    """wording.j2 的变量：声明里取自支部信息的占位符（{支部名称} 等），值取自 info；info 为 None 时都是空的。"""
    return {p.name: getattr(info, p.info) if info else "" for p in standard.PLACEHOLDERS if p.info}


def branch_wording(branch: Branch | None, template_dir=None) -> Wording:
    return Wording(branch_context(branch.info if branch else None), Path(template_dir) if template_dir else None)


def build_report(branch: Branch, *, fonts: str | None = None, template_dir=None) -> BuiltReport:
    from toolkit.report.compose import compose_report
    from toolkit.report.docx import write_docx  # python-docx 只在真要写报告时才加载
    from toolkit.style import profile

    style = profile(fonts or branch.info.font_scheme or standard.FontScheme.GB2312)
    composed = compose_report(branch, branch_wording(branch, template_dir), style)
    report = masked_report(composed.report, style.title_max_chars)
    data = mask_package(write_docx(report, style))  # 页眉页脚、文件属性：最后一道关
    return BuiltReport(data, report, tuple(composed.notes), style)


def masked_report(report: StageReport, title_width: int) -> StageReport:
    """报告里每一处文字都按内容遮盖身份证号、手机号（正文、标题、附件表格、文件属性）。
    标题按遮过的整句重新断行：号码不会被断成两半而躲过遮盖。"""
    from toolkit.report.titles import break_title

    title = "".join(report.title)
    masked = _masked(report, {})
    if has_sensitive_number(title):
        masked = replace(masked, title=tuple(break_title(mask_text(title), title_width)))
    return masked


def _masked(value, done: dict[str, str]):
    """done：已遮过的文字（附件表里同样的名称、日期、类型一再出现，每种只遮一次）。"""
    if isinstance(value, str):
        if value not in done:
            done[value] = mask_text(value)
        return done[value]
    if isinstance(value, tuple):
        return tuple(_masked(v, done) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _masked(getattr(value, f.name), done) for f in fields(value) if f.init})
    return value


def section_titles(template_dir=None) -> Callable[[BranchInfo], PrintedTitles]:
    """检查时说到报告的某一部分，用这套模板印出的标题（“开展创先争优活动的目标要求”）；
    “报告标题”一项是支部信息没填报告标题时按模板写出的标题（检查它写不写得进 Word 文件属性）。"""

    def titles(info: BranchInfo) -> PrintedTitles:
        return PrintedTitles(branch_context(info), Path(template_dir) if template_dir else None)

    return titles


_TITLED = (*standard.Section.BODY, standard.BRANCH_INFO.col.title.name)  # 有哪几项：不必写出来就知道


class PrintedTitles(Mapping):
    """章节 → 按模板印出的标题。用到时才按模板写出来（多数工作簿一个也用不着，不必为它加载 Jinja2、编译模板）。"""

    def __init__(self, context: dict, directory: Path | None):
        self._context, self._directory = context, directory
        self._titles: dict[str, str] | None = None

    def _written(self) -> dict[str, str]:
        if self._titles is None:
            wording = Wording(self._context, self._directory)
            titles = {section: wording.section_title(section) for section in standard.Section.BODY}
            titles[standard.BRANCH_INFO.col.title.name] = wording.title()
            self._titles = titles
        return self._titles

    def __getitem__(self, key: str) -> str:
        if key not in _TITLED:
            raise KeyError(key)
        return self._written()[key]

    def __iter__(self):
        return iter(_TITLED)

    def __len__(self) -> int:
        return len(_TITLED)

    def longest(self, key: str) -> int:
        """这一项最多几个字：安装时带的模板写出的报告标题不必写出来就知道（wording.installed_title_at_most），
        别的照常按模板写出来数。"""
        if key == standard.BRANCH_INFO.col.title.name and self._directory is None:
            bound = installed_title_at_most(self._context)
            if bound is not None:
                return bound
        return len(self[key])


_UNSAFE_IN_NAME = str.maketrans({c: "_" for c in '\\/:*?"<>|\0'})


def default_report_name(branch: Branch, template_dir=None) -> str:
    """“{支部名称}{活动名称}阶段性工作情况汇报.docx”：写法取自措辞模板（common.j2 的 report_file_name）。"""
    wording = shared_wording(Path(template_dir) if template_dir else None)
    info = branch.info
    name = _file_safe(wording.report_file_name(f"{info.name}{info.campaign}")) or _file_safe(wording.report_file_name(""))
    return name[:120] + ".docx"


def _file_safe(name: str) -> str:
    return name.translate(_UNSAFE_IN_NAME).strip(" .")

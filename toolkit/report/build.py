"""一个支部的报告：支部模型 → 组织好的报告（StageReport）→ .docx 的字节。

    build_report(branch, fonts=None, template_dir=None) -> BuiltReport
    default_report_name(branch) -> str      报告默认的文件名（不含文件夹）
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.branch.model import Branch
from toolkit.report.compose import compose_report
from toolkit.report.document import StageReport
from toolkit.report.wording import Wording
from toolkit.style import profile


@dataclass(frozen=True)
class BuiltReport:
    data: bytes  # .docx 的字节：同样的输入给出一模一样的字节
    report: StageReport
    notes: tuple[str, ...]  # 生成时做了什么（如改了几处标点），告诉用户


def branch_wording(branch: Branch, template_dir=None) -> Wording:
    info = branch.info
    return Wording(
        {"支部名称": info.name, "上级党组织": info.parent_org, "活动名称": info.campaign},
        Path(template_dir) if template_dir else None,
    )


def build_report(branch: Branch, *, fonts: str | None = None, template_dir=None) -> BuiltReport:
    from toolkit.report.docx import write_docx  # python-docx 只在真要写报告时才加载

    composed = compose_report(branch, branch_wording(branch, template_dir))
    data = write_docx(composed.report, profile(fonts or branch.info.font_scheme or "gb2312"))
    return BuiltReport(data, composed.report, tuple(composed.notes))


_UNSAFE_IN_NAME = str.maketrans({c: "_" for c in '\\/:*?"<>|\0'})


def default_report_name(branch: Branch) -> str:
    """“{支部名称}{活动名称}阶段性工作情况汇报.docx”。"""
    info = branch.info
    name = f"{info.name}{info.campaign}阶段性工作情况汇报".translate(_UNSAFE_IN_NAME).strip(" .") or "阶段性工作情况汇报"
    return name[:120] + ".docx"

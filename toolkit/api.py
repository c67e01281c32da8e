"""库的入口：命令行的每个子命令只是这里一个函数的外壳（网页也调这些函数）。

    validate(path, mark=None)          读取并检查工作簿 → Validation（checked + 标注副本的位置）
    generate_report(path, output=None) 读取 → 检查 → 模型 → 组织报告 → 写出 .docx（可选 PDF）→ GeneratedReport
    new_workbook(path)                 写出空白的标准工作簿 → Path
    new_rollup_settings(path)          写出空白的“汇总设置”工作簿（党委汇总用）→ Path
    rollup(folder, options, outputs)   党委汇总一个文件夹里的各支部工作簿 → Rollup

读不了的文件抛出 errors.WorkbookFileError，写不了抛出 errors.OutputError，模板有误抛出 errors.WordingError，
汇总的命令用错抛出 errors.RollupError，工作簿有错误（不生成报告）抛出 errors.WorkbookHasErrors：
消息都是给用户看的中文。重的库（python-docx、openpyxl）只在用到的函数里加载：检查一本工作簿不必等它们。
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.checks import Checked, check_file
from toolkit.errors import WorkbookHasErrors
from toolkit.findings import Finding

__all__ = [
    "Validation",
    "GeneratedReport",
    "WorkbookHasErrors",
    "validate",
    "generate_report",
    "new_workbook",
    "new_rollup_settings",
    "rollup",
]


@dataclass(frozen=True)
class Validation:
    """toolkit validate 的结果。"""

    path: Path
    checked: Checked
    marked_copy: Path | None = None  # --mark 写出的标注副本
    mark_problem: str | None = None  # 要了标注副本却没能写出时的原因（检查结果照常有效）

    @property
    def findings(self) -> list[Finding]:
        return self.checked.findings

    @property
    def errors(self) -> list[Finding]:
        return self.checked.errors


@dataclass(frozen=True)
class GeneratedReport:
    """generate-report 的结果。"""

    path: Path
    pdf_path: Path | None
    notes: tuple[str, ...]  # 生成时做了什么（如改了几处标点）
    warnings: tuple[Finding, ...]  # 工作簿里的提醒：报告照常生成，请核对
    pdf_problem: str | None = None  # 要了 PDF 却没能生成时的原因（.docx 已写好）


def validate(path, *, mark=None, force: bool = False) -> Validation:
    """读取并检查一个工作簿；给了 mark 就另存一份标出问题的副本（原文件不动）。"""
    path = Path(path)
    checked = check_file(path)
    if mark is None:
        return Validation(path, checked)
    from toolkit.checks.marking import mark_copy
    from toolkit.errors import OutputError

    try:
        return Validation(path, checked, mark_copy(path, checked.findings, Path(mark), force=force))
    except OutputError as problem:
        return Validation(path, checked, mark_problem=str(problem))


def generate_report(workbook, output=None, *, force: bool = False, fonts: str | None = None, template_dir=None, pdf: bool = False,
                    date_style: str | None = None) -> GeneratedReport:
    """读取、检查、生成。工作簿有错误时抛出 WorkbookHasErrors，不写任何文件。date_style 替换“支部信息”的日期写法（网页的选项）。"""
    from toolkit.files import check_target, write_atomically
    from toolkit.report.build import build_report, default_report_name

    workbook = Path(workbook)
    checked = check_file(workbook)
    if checked.branch is None or checked.errors:
        raise WorkbookHasErrors(checked)
    target = Path(output) if output else workbook.with_name(default_report_name(checked.branch))
    check_target(target, force=force)
    branch = checked.branch
    if date_style:
        from dataclasses import replace

        branch = replace(branch, info=replace(branch.info, date_style=date_style))
    built = build_report(branch, fonts=fonts, template_dir=template_dir)
    write_atomically(target, built.data, force=force)
    pdf_path = pdf_problem = None
    if pdf:
        from toolkit.errors import OutputError
        from toolkit.report.pdf import PdfUnavailable, convert_to_pdf

        try:
            pdf_path = convert_to_pdf(target, force=force)
        except (PdfUnavailable, OutputError) as problem:
            pdf_problem = str(problem)
    return GeneratedReport(target, pdf_path, built.notes, tuple(checked.warnings), pdf_problem)


def new_workbook(path, *, force: bool = False) -> Path:
    """写出空白工作簿；已存在且没有 force 时抛出 OutputError。"""
    from toolkit.files import check_target, write_atomically
    from toolkit.workbook.blank import blank_workbook, workbook_bytes

    check_target(Path(path), force=force)
    return write_atomically(path, workbook_bytes(blank_workbook()), force=force)


def new_rollup_settings(path, *, force: bool = False) -> Path:
    """写出空白的汇总设置工作簿；已存在且没有 force 时抛出 OutputError。"""
    from toolkit.files import check_target, write_atomically
    from toolkit.workbook.blank import rollup_settings_workbook, workbook_bytes

    check_target(Path(path), force=force)
    return write_atomically(path, workbook_bytes(rollup_settings_workbook()), force=force)


def rollup(folder, options=None, outputs=None, *, progress_start=None):
    """党委汇总：见 toolkit.rollup.run.rollup_folder。"""
    from toolkit.rollup.run import rollup_folder

    return rollup_folder(folder, options, outputs, progress_start=progress_start)

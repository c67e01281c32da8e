"""库的入口：命令行的每个子命令只是这里一个函数的外壳（网页也调这些函数）。

    validate(path, mark=None)          读取并检查工作簿 → Validation（checked + 标注副本的位置）
    generate_report(path, output=None) 读取 → 检查 → 模型 → 组织报告 → 写出 .docx（可选 PDF）→ GeneratedReport
    new_workbook(path)                 写出空白的标准工作簿 → BlankWorkbook
    new_rollup_settings(path)          写出空白的“汇总设置”工作簿（党委汇总用）→ BlankWorkbook
    rollup(folder, options, outputs)   党委汇总一个文件夹里的各支部工作簿 → RollupResult
    option_date(text)                  命令行里写的日期（与工作簿里的写法一样）→ datetime.date

每个结果的 text() 就是命令印在屏幕上的话（Validation 还有 json()）；unfinished() 是要做却没做成的事
（标注副本、PDF 没写出），没有时为 None。命令行原样印出它们，不改一个字。

读不了的文件抛出 UnreadableWorkbook（errors.WorkbookFileError 的一种，也有 text()、json()），
工作簿有错误（不生成报告）抛出 ReportRefused（errors.WorkbookHasErrors 的一种，也有 text()），
写不了抛出 errors.OutputError，模板有误抛出 errors.WordingError，汇总的命令用错抛出 errors.RollupError：
消息都是给用户看的中文。重的库（python-docx、openpyxl）只在用到的函数里加载：检查一本工作簿不必等它们。
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.checks import Checked, check_file, sheet_order
from toolkit.checks.render import render_json, render_text, render_warnings_after_report
from toolkit.errors import WorkbookFileError, WorkbookHasErrors
from toolkit.findings import Finding
from toolkit.text import command_line

if TYPE_CHECKING:  # 汇总的数据类用到时才加载（检查一本工作簿不必等它们），见下面的 __getattr__
    from toolkit.rollup.model import Rollup, RollupOptions, RollupOutputs

__all__ = [
    "Validation",
    "GeneratedReport",
    "BlankWorkbook",
    "RollupResult",
    "RollupOptions",
    "RollupOutputs",
    "UnreadableWorkbook",
    "ReportRefused",
    "WorkbookHasErrors",
    "validate",
    "generate_report",
    "new_workbook",
    "new_rollup_settings",
    "rollup",
    "option_date",
]


# ---------------------------------------------------------------- 结果


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

    def text(self) -> str:
        """给人看：哪个文件，摘要一行，每一条错误和提醒；写了标注副本时说在哪里。"""
        lines = [f"文件：{self.path}", render_text(self.findings, sheet_order())]
        if self.marked_copy is not None:
            lines.append(
                f"\n已另存标注副本：{self.marked_copy}（有问题的单元格已涂色并加了批注；身份证号、联系电话已遮盖，请在原文件里修改）"
            )
        return "\n".join(lines)

    def json(self) -> str:
        """给程序用：同样的结果。"""
        return render_json(self.findings, sheet_order(), file=str(self.path))

    def unfinished(self) -> str | None:
        return f"[无法写入] {self.mark_problem}" if self.mark_problem else None


@dataclass(frozen=True)
class GeneratedReport:
    """generate-report 的结果。"""

    path: Path
    pdf_path: Path | None
    notes: tuple[str, ...]  # 生成时做了什么（如改了几处标点）
    warnings: tuple[Finding, ...]  # 工作簿里的提醒：报告照常生成，请核对
    pdf_problem: str | None = None  # 要了 PDF 却没能生成时的原因（.docx 已写好）

    def text(self) -> str:
        lines = [f"已生成报告：{self.path}"]
        if self.pdf_path:
            lines.append(f"已生成 PDF：{self.pdf_path}")
        lines += [f"说明：{note}" for note in self.notes]
        if self.warnings:
            lines += ["", render_warnings_after_report(list(self.warnings), sheet_order())]
        return "\n".join(lines)

    def unfinished(self) -> str | None:
        return f"\n[没有生成 PDF] {self.pdf_problem}" if self.pdf_problem else None


@dataclass(frozen=True)
class BlankWorkbook:
    """new-workbook、new-rollup-settings 的结果：写出的空白工作簿，和接下来怎么用它。"""

    path: Path
    what: str  # “空白工作簿”“空白的汇总设置”
    next_step: str

    def text(self) -> str:
        return f"已生成{self.what}：{self.path}\n{self.next_step}"

    def unfinished(self) -> None:
        return None


@dataclass(frozen=True)
class RollupResult:
    """toolkit rollup 的结果：这次汇总（rollup.model.Rollup），和屏幕上要说的话。"""

    rollup: Rollup

    @property
    def failed(self) -> bool:
        """有支部的工作簿有错误或读不了（汇总表和报告照样写出了）。"""
        return bool(self.rollup.failed)

    def text(self) -> str:
        from toolkit.rollup.screen import screen_text

        return screen_text(self.rollup)

    def unfinished(self) -> None:
        return None


class UnreadableWorkbook(WorkbookFileError):
    """这个文件本身读不了：和检查结果一样，先说是哪个文件。"""

    def __init__(self, path: Path, error: WorkbookFileError):
        super().__init__(error.kind, error.message)
        self.path = path

    def text(self) -> str:
        return f"文件：{self.path}\n[无法读取] {self.message}"

    def json(self) -> str:
        return json.dumps({"file": str(self.path), "unreadable": self.kind, "message": self.message}, ensure_ascii=False, indent=2)


class ReportRefused(WorkbookHasErrors):
    """工作簿有错误，没有生成报告：列出全部发现，说怎么办。"""

    def __init__(self, path: Path, checked: Checked):
        super().__init__(checked)
        self.path = path

    def text(self) -> str:
        return (
            f"文件：{self.path}\n{render_text(self.checked.findings, sheet_order())}\n"
            "\n工作簿有错误，没有生成报告。改正上面的错误后再运行一次。"
        )


# ---------------------------------------------------------------- 函数


def _check(path: Path, template_dir=None) -> Checked:
    """检查一本工作簿；说到报告的哪一部分时，用的是这套模板（template_dir，默认是自带的）印出的标题。"""
    from toolkit.report.build import section_titles

    try:
        return check_file(path, section_titles(template_dir))
    except WorkbookFileError as error:
        raise UnreadableWorkbook(path, error) from error


def validate(path, *, mark=None, force: bool = False, template_dir=None) -> Validation:
    """读取并检查一个工作簿；给了 mark 就另存一份标出问题的副本（原文件不动）。"""
    path = Path(path)
    checked = _check(path, template_dir)
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
    """读取、检查、生成。工作簿有错误时抛出 ReportRefused（WorkbookHasErrors），不写任何文件。
    date_style 替换“支部信息”的日期写法（网页的选项）。"""
    from toolkit.files import check_target, write_atomically
    from toolkit.report.build import build_report, default_report_name

    workbook = Path(workbook)
    checked = _check(workbook, template_dir)
    if checked.branch is None or checked.errors:
        raise ReportRefused(workbook, checked)
    target = Path(output) if output else workbook.with_name(default_report_name(checked.branch, template_dir))
    check_target(target, force=force)
    branch = checked.branch
    if date_style:
        from dataclasses import replace

        branch = replace(branch, info=replace(branch.info, date_style=date_style))
    built = build_report(branch, fonts=fonts, template_dir=template_dir)
    write_atomically(target, built.data, force=force)
    pdf_path, pdf_problem = _pdf(target, force) if pdf else (None, None)
    return GeneratedReport(target, pdf_path, built.notes, tuple(checked.warnings), pdf_problem)


def _pdf(target: Path, force: bool) -> tuple[Path | None, str | None]:
    """（PDF 的位置, 没能生成的原因）：两者有一个是 None。"""
    from toolkit.errors import OutputError
    from toolkit.report.pdf import PdfUnavailable, convert_to_pdf

    try:
        return convert_to_pdf(target, force=force), None
    except (PdfUnavailable, OutputError) as problem:
        return None, str(problem)


def new_workbook(path, *, force: bool = False) -> BlankWorkbook:
    """写出空白工作簿；已存在且没有 force 时抛出 OutputError。"""
    from toolkit.files import check_target, write_atomically
    from toolkit.workbook.blank import blank_workbook, workbook_bytes

    check_target(Path(path), force=force)
    written = write_atomically(path, workbook_bytes(blank_workbook()), force=force)
    return BlankWorkbook(written, "空白工作簿", "请按“填表说明”工作表填写，然后运行：" + command_line("toolkit", "validate", written))


def new_rollup_settings(path, *, force: bool = False) -> BlankWorkbook:
    """写出空白的汇总设置工作簿；已存在且没有 force 时抛出 OutputError。"""
    from toolkit.files import check_target, write_atomically
    from toolkit.rollup.run import SETTINGS_FILE
    from toolkit.workbook.blank import rollup_settings_workbook, workbook_bytes

    check_target(Path(path), force=force)
    written = write_atomically(path, workbook_bytes(rollup_settings_workbook()), force=force)
    return BlankWorkbook(
        written, "空白的汇总设置", f"填好后放进各支部工作簿所在的文件夹（文件名“{SETTINGS_FILE}”），或汇总时用 --settings 指定。"
    )


def __getattr__(name: str):
    """api.RollupOptions、api.RollupOutputs：第一次用到时才从 rollup.model 取。"""
    if name in ("Rollup", "RollupOptions", "RollupOutputs"):
        from toolkit.rollup import model

        return getattr(model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def rollup(folder, options: RollupOptions | None = None, outputs: RollupOutputs | None = None, *, progress_start=None) -> RollupResult:
    """党委汇总：见 toolkit.rollup.run.rollup_folder。"""
    from toolkit.rollup.run import rollup_folder

    return RollupResult(rollup_folder(folder, options, outputs, progress_start=progress_start))


def option_date(text: str) -> dt.date:
    """命令行里的日期：与工作簿里一样的写法都认（2011-01-07、2011年1月7日……）；写错时抛出 ValueError（中文说明）。"""
    from toolkit.rollup.settings import parse_option_date

    return parse_option_date(text)

"""库的入口：命令行的每个子命令只是这里一个函数的外壳。

    validate(path)              读取并检查工作簿 → Checked（branch + findings）
    new_workbook(path)          写出空白的标准工作簿
    mark_copy(path, findings, target)  写出一份标出问题单元格的副本
    generate_report(path, ...)  读取 → 检查 → 模型 → 组织报告 → 写出 .docx（可选 PDF）
    new_rollup_settings(path)   写出空白的“汇总设置”工作簿（党委汇总用）
    rollup.rollup_folder(folder, ...)  党委汇总一个文件夹里的各支部工作簿（见 toolkit/rollup.py）
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.checks import Checked, check_workbook
from toolkit.reader import read_workbook


def validate(path) -> Checked:
    """读取并检查一个工作簿。文件本身读不了时抛出 xlsx.WorkbookFileError。"""
    return check_workbook(read_workbook(Path(path)))


def new_workbook(path, *, force: bool = False) -> Path:
    """写出空白工作簿；已存在且没有 force 时抛出 output.OutputError。"""
    from toolkit.output import check_target, write_atomically
    from toolkit.template import blank_workbook, workbook_bytes

    check_target(Path(path), force=force)
    return write_atomically(path, workbook_bytes(blank_workbook()), force=force)


def new_rollup_settings(path, *, force: bool = False) -> Path:
    """写出空白的汇总设置工作簿；已存在且没有 force 时抛出 output.OutputError。"""
    from toolkit.output import check_target, write_atomically
    from toolkit.template import rollup_settings_workbook, workbook_bytes

    check_target(Path(path), force=force)
    return write_atomically(path, workbook_bytes(rollup_settings_workbook()), force=force)


def mark_copy(source, findings, target, *, force: bool = False) -> Path:
    """另存一份标出问题的副本；原文件不动。"""
    from toolkit.marking import write_marked_copy
    from toolkit.output import OutputError, check_target

    target = Path(target)
    check_target(target, force=force)
    try:
        write_marked_copy(Path(source), findings, target)
    except OutputError:
        raise
    except (ValueError, OSError) as error:
        raise OutputError(f"标注副本“{target}”没有写成：{error}") from error
    return target


# ---------------------------------------------------------------- 报告


class WorkbookHasErrors(Exception):
    """工作簿有错误，不生成报告。checked 里是全部发现。"""

    def __init__(self, checked: Checked):
        super().__init__("工作簿有错误")
        self.checked = checked


@dataclass
class GeneratedReport:
    path: Path
    pdf_path: Path | None
    notes: list[str]  # 生成时做了什么（如改了几处标点）
    warnings: list  # 工作簿里的提醒（Finding）
    pdf_problem: str | None = None  # 要了 PDF 却没能生成时的原因（.docx 已写好）


def build_report(branch, *, fonts: str | None = None, template_dir=None):
    """支部模型 → (.docx 的字节, 组织好的报告, 说明)。同样的输入给出一模一样的字节。"""
    from toolkit.compose import compose_report
    from toolkit.docx_writer import write_docx
    from toolkit.style import profile
    from toolkit.wording import Wording

    info = branch.info
    wording = Wording(
        {"支部名称": info.name, "上级党组织": info.parent_org, "活动名称": info.campaign},
        Path(template_dir) if template_dir else None,
    )
    composed = compose_report(branch, wording)
    data = write_docx(composed.report, profile(fonts or info.font_scheme or "gb2312"))
    return data, composed.report, composed.notes


_UNSAFE_IN_NAME = str.maketrans({c: "_" for c in '\\/:*?"<>|\0'})


def default_report_path(workbook: Path, branch) -> Path:
    """默认：工作簿旁边的“{支部名称}{活动名称}阶段性工作情况汇报.docx”。"""
    info = branch.info
    name = f"{info.name}{info.campaign}阶段性工作情况汇报".translate(_UNSAFE_IN_NAME).strip(" .") or "阶段性工作情况汇报"
    return Path(workbook).with_name(name[:120] + ".docx")


def generate_report(workbook, output=None, *, force: bool = False, fonts: str | None = None, template_dir=None, pdf: bool = False) -> GeneratedReport:
    """读取、检查、生成。工作簿有错误时抛出 WorkbookHasErrors，不写任何文件。"""
    from toolkit.output import check_target, write_atomically

    workbook = Path(workbook)
    checked = validate(workbook)
    if checked.branch is None or checked.errors:
        raise WorkbookHasErrors(checked)
    target = Path(output) if output else default_report_path(workbook, checked.branch)
    check_target(target, force=force)
    data, _report, notes = build_report(checked.branch, fonts=fonts, template_dir=template_dir)
    write_atomically(target, data, force=force)
    pdf_path = pdf_problem = None
    if pdf:
        from toolkit.output import OutputError
        from toolkit.pdf import PdfUnavailable, convert_to_pdf

        try:
            pdf_path = convert_to_pdf(target, force=force)
        except (PdfUnavailable, OutputError) as problem:
            pdf_problem = str(problem)
    return GeneratedReport(target, pdf_path, notes, checked.warnings, pdf_problem)

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.checks import Checked, check_workbook, sheet_order
from toolkit.checks.render import render_json, render_text, render_warnings_after_report
from toolkit.errors import WorkbookFileError, WorkbookHasErrors
from toolkit.files import InputFile
from toolkit.findings import Finding
from toolkit.privacy import mask_text
from toolkit.text import command_line
from toolkit.workbook.tables import WorkbookContent

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
    "masked",
    "begin_command",
    "interruption",
]

INTERRUPTED = "[已中断] 命令被中断：没有留下写了一半的文件，原有的文件没有改动。"


# ---------------------------------------------------------------- 结果


@dataclass(frozen=True)
class Validation:
    """toolkit validate 的结果。"""

    path: Path
    checked: Checked
    marked_copy: Path | None = None  # --mark 写出的标注副本
    mark_problem: str | None = None  # 要了标注副本却没能写出时的原因（检查结果照常有效）
    source: InputFile | None = field(default=None, repr=False, compare=False)  # 读进来的那份字节：检查和副本都出自它

    @property
    def digest(self) -> str | None:
        """读进来的那份字节的 SHA-256（只有 JSON 里有：要印出时才算，给人看的结果不必加载 hashlib）。"""
        return self.source.digest if self.source is not None else None

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
        return mask_text("\n".join(lines))

    def json(self) -> str:
        """给程序用：同样的结果（和读进来的那份字节的 SHA-256）。"""
        text = render_json(self.findings, sheet_order(), file=str(self.path))
        digest = self.digest
        if digest:
            import json

            payload = json.loads(text)
            payload["sha256"] = digest
            text = json.dumps(payload, ensure_ascii=False, indent=2)
        return mask_text(text)

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
        return mask_text("\n".join(lines))

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

        return mask_text(screen_text(self.rollup))

    def unfinished(self) -> str | None:
        """一个也没有计入、没有写汇总报告时：说为什么（退出码 2）。"""
        return f"[没有写汇总报告] {self.rollup.report_withheld}" if self.rollup.report_withheld else None


class UnreadableWorkbook(WorkbookFileError):
    """这个文件本身读不了：和检查结果一样，先说是哪个文件。"""

    def __init__(self, path: Path, error: WorkbookFileError):
        super().__init__(error.kind, error.message)
        self.path = path

    def text(self) -> str:
        return mask_text(f"文件：{self.path}\n[无法读取] {self.message}")

    def json(self) -> str:
        import json

        return mask_text(json.dumps({"file": str(self.path), "unreadable": self.kind, "message": self.message}, ensure_ascii=False, indent=2))


class ReportRefused(WorkbookHasErrors):
    """工作簿有错误，没有生成报告：列出全部发现，说怎么办。"""

    def __init__(self, path: Path, checked: Checked):
        super().__init__(checked)
        self.path = path

    def text(self) -> str:
        return mask_text(
            f"文件：{self.path}\n{render_text(self.checked.findings, sheet_order())}\n"
            "\n工作簿有错误，没有生成报告。改正上面的错误后再运行一次。"
        )


# ---------------------------------------------------------------- 函数


def _read(path: Path) -> InputFile:
    """读进输入的字节，只此一次：检查、标注副本、遮盖、报告都用这一份（读的时候别人在存盘也不会前后不一）。"""
    from toolkit.workbook.identify import read_workbook_input

    try:
        return read_workbook_input(path)
    except WorkbookFileError as error:
        raise UnreadableWorkbook(path, error) from error


def _check(source: InputFile, template_dir=None, *, release_rows: bool = False) -> tuple[Checked, WorkbookContent]:
    """检查一本工作簿；说到报告的哪一部分时，用的是这套模板（template_dir，默认是自带的）印出的标题。
    release_rows：之后用不到读出的行（不做标注副本）时，边装模型边放掉它们，十几万人的名册内存少一截。"""
    from toolkit.report.build import section_titles
    from toolkit.workbook.tables import read_workbook

    try:
        content = read_workbook(source)
    except WorkbookFileError as error:
        raise UnreadableWorkbook(source.path, error) from error
    return check_workbook(content, section_titles(template_dir), release_rows=release_rows), content


def validate(path, *, mark=None, force: bool = False, template_dir=None) -> Validation:
    """读取并检查一个工作簿；给了 mark 就另存一份标出问题的副本（原文件不动）。"""
    path = Path(path)
    source = _read(path)
    checked, content = _check(source, template_dir, release_rows=mark is None)
    if mark is None:
        return Validation(path, checked, source=source)
    from toolkit.checks.marking import mark_copy
    from toolkit.errors import OutputError

    try:
        copy = mark_copy(source, checked.findings, Path(mark), force=force, content=content)
        return Validation(path, checked, copy, source=source)
    except OutputError as problem:
        return Validation(path, checked, mark_problem=str(problem), source=source)


def generate_report(workbook, output=None, *, force: bool = False, fonts: str | None = None, template_dir=None, pdf: bool = False,
                    date_style: str | None = None) -> GeneratedReport:
    """读取、检查、生成。工作簿有错误时抛出 ReportRefused（WorkbookHasErrors），不写任何文件。
    date_style 替换“支部信息”的日期写法（网页的选项）。"""
    from toolkit.files import check_suffix, check_target, write_atomically
    from toolkit.report.build import build_report, default_report_name

    workbook = Path(workbook)
    source = _read(workbook)
    checked, _ = _check(source, template_dir, release_rows=True)
    if checked.branch is None or checked.errors:
        raise ReportRefused(workbook, checked)
    target = Path(output) if output else workbook.with_name(default_report_name(checked.branch, template_dir))
    check_target(target, force=force, inputs=(source,))
    if output:  # 默认的文件名本来就以 .docx 结尾
        check_suffix(target, ".docx", "报告是 Word 文件")
    if pdf:
        check_target(target.with_suffix(".pdf"), force=force, inputs=(source,), option="--pdf")
    branch = checked.branch
    if date_style:
        from dataclasses import replace

        branch = replace(branch, info=replace(branch.info, date_style=date_style))
    built = build_report(branch, fonts=fonts, template_dir=template_dir)
    write_atomically(target, built.data, force=force, inputs=(source,))
    pdf_path, pdf_problem, pdf_notes = _pdf(target, force, source, built.style) if pdf else (None, None, ())
    return GeneratedReport(target, pdf_path, built.notes + pdf_notes, tuple(checked.warnings), pdf_problem)


def _pdf(target: Path, force: bool, source: InputFile, style) -> tuple[Path | None, str | None, tuple[str, ...]]:
    """（PDF 的位置, 没能生成的原因, 说明）：前两者有一个是 None；说明里是本机缺的字体、PDF 里换成了什么。"""
    from toolkit.errors import OutputError
    from toolkit.report.pdf import PdfUnavailable, convert_to_pdf, fallback_advice, font_fallbacks

    try:
        made = convert_to_pdf(target, force=force, inputs=(source,))
    except (PdfUnavailable, OutputError) as problem:
        return None, str(problem), ()
    advice = fallback_advice(style, font_fallbacks(style)) if style is not None else None
    return made, None, (advice,) if advice else ()


def new_workbook(path, *, force: bool = False) -> BlankWorkbook:
    """写出空白工作簿；已存在且没有 force 时抛出 OutputError。"""
    from toolkit.files import check_suffix, check_target, write_atomically
    from toolkit.workbook.blank import blank_workbook, workbook_bytes

    check_target(Path(path), force=force, option="")
    check_suffix(path, ".xlsx", "工作簿是 Excel 文件", option="")
    written = write_atomically(path, workbook_bytes(blank_workbook()), force=force, option="")
    return BlankWorkbook(written, "空白工作簿", "请按“填表说明”工作表填写，然后运行：" + command_line("toolkit", "validate", written))


def new_rollup_settings(path, *, force: bool = False) -> BlankWorkbook:
    """写出空白的汇总设置工作簿；已存在且没有 force 时抛出 OutputError。"""
    from toolkit.files import check_suffix, check_target, write_atomically
    from toolkit.rollup.run import SETTINGS_FILE
    from toolkit.workbook.blank import rollup_settings_workbook, workbook_bytes

    check_target(Path(path), force=force, option="")
    check_suffix(path, ".xlsx", "汇总设置是 Excel 文件", option="")
    written = write_atomically(path, workbook_bytes(rollup_settings_workbook()), force=force, option="")
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


def begin_command() -> None:
    """一次命令开始：从头记这次写好了哪些文件（被中断时照实说）。"""
    from toolkit.files import forget_written

    forget_written()


def interruption() -> str:
    """被中断时说的话，照磁盘上的实情：换名已经完成的文件是完整的新文件，别的都没有动。"""
    from toolkit.files import written_files

    done = written_files()
    if not done:
        return INTERRUPTED
    names = "、".join(f"“{p}”" for p in done[:3]) + (f"等 {len(done)} 个文件" if len(done) > 3 else "")
    return f"[已中断] 命令被中断：{names}已经完整写好（是新的文件）；没有留下写了一半的文件，别的文件没有改动。"


def masked(text: str) -> str:
    """印给用户看的任何一句话：像身份证号、手机号的号码一律遮盖（命令行的每一句都经过这里）。"""
    return mask_text(text)


def option_date(text: str) -> dt.date:
    """命令行里的日期：与工作簿里一样的写法都认（2011-01-07、2011年1月7日……）；写错时抛出 ValueError（中文说明）。"""
    from toolkit.rollup.settings import parse_option_date

    return parse_option_date(text)

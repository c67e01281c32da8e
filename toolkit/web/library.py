"""网页用到的库函数，只在这一个模块里调用：网页其余部分只认这里的函数和数据类。

    blank_workbook()                          空白工作簿的字节（与 toolkit new-workbook 写出的一样）
    check_branch(path, marked)                检查一本工作簿 → BranchCheck（validate 的原话，按工作表分组，受影响的行）
    make_report(path, …)                      生成报告 → ReportMade（.docx；有 LibreOffice 时再做 PDF 和第一页的图片）
    run_rollup(folder, out, settings, …)      党委汇总 → CommitteeResult（表格的每一行、合计、说明、写出的文件）

大多只用 toolkit.api、toolkit.errors、toolkit.checks.render、toolkit.rollup.model；
另外几个公开的小函数（工作表顺序、读出单元格、遮盖、比例的写法）也只在这里导入，库改名时只改这一个文件。
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from toolkit import api, standard
from toolkit.checks import sheet_order
from toolkit.checks.render import render_text
from toolkit.errors import OutputError, RollupError, WordingError, WorkbookFileError
from toolkit.findings import ERROR, WARNING, Finding
from toolkit.rollup.model import COUNTED, RollupOptions, RollupOutputs

__all__ = [
    "ERROR", "WARNING", "COUNTED", "WorkbookFileError", "OutputError", "RollupError", "WordingError",
    "Block", "SheetGroup", "Grid", "GridRow", "GridCell", "BranchCheck", "ReportMade", "CommitteeRow", "CommitteeResult",
    "blank_workbook", "check_branch", "mark_branch", "make_pdf", "make_report", "run_rollup", "libreoffice_present", "parse_day",
]

BLANK_NAME = "支部工作数据簿.xlsx"  # 与 toolkit new-workbook 的默认文件名相同
WHOLE_FILE = "整个文件"  # validate 对不在某张表上的发现的说法
GRID_ROWS = 20  # 每张表最多列出这么多受影响的行（网页上只是“小表格”，全部问题在上面的清单里）
GRID_TEXT = 24  # 表格里一格最多显示这么多字
PREVIEW_DPI = 60  # 第一页图片的分辨率：约 500 像素宽，看得清版式
PREVIEW_SECONDS = 60


# ---------------------------------------------------------------- 空白工作簿


def blank_workbook(folder: Path) -> bytes:
    """与 toolkit new-workbook 同一个函数写出，再读回字节（写在网页自己的临时文件夹里）。"""
    path = Path(folder) / BLANK_NAME
    api.new_workbook(path, force=True)
    try:
        return path.read_bytes()
    finally:
        path.unlink(missing_ok=True)


# ---------------------------------------------------------------- 检查结果：validate 的原话


@dataclass(frozen=True)
class Block:
    """validate 印出的一条（同一规则的多行合成的一组也是一条）。"""

    severity: str  # 错误 / 提醒
    place: str  # “党员名册 · 第15行（姓名：张三）· E列「出生日期」”
    sheet: str  # 所在的工作表；不在某张表上时为“整个文件”
    lines: tuple[tuple[str, str], ...]  # （“填写的是”, “…”）（“问题”, “…”）……，原话
    cells: tuple[str, ...] = ()  # 涉及的单元格，如 ("E15",)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


@dataclass(frozen=True)
class SheetGroup:
    sheet: str
    blocks: tuple[Block, ...]
    errors: int  # 这张表上的发现条数（合成一条的多行各算一个，与摘要一行的算法相同）
    warnings: int


@dataclass(frozen=True)
class GridCell:
    text: str
    severity: str | None = None  # 这一格有问题时：错误 / 提醒
    note: str = ""  # 这一格的发现，validate 的原话（悬停或获得焦点时显示）
    ref: str = ""  # 单元格地址，如 E15


@dataclass(frozen=True)
class GridRow:
    number: int
    cells: tuple[GridCell, ...]
    severity: str | None = None  # 整行的问题（没有指到某一列时）
    note: str = ""


@dataclass(frozen=True)
class Grid:
    """一张表里受影响的行：表头是文件里的列字母和表头原文。"""

    sheet: str
    headers: tuple[tuple[str, str], ...]  # (列字母, 表头)
    rows: tuple[GridRow, ...]
    more: int = 0  # 没有列出的受影响行数


@dataclass(frozen=True)
class BranchCheck:
    file_name: str
    summary: str  # 摘要一行，validate 的原话
    groups: tuple[SheetGroup, ...]
    grids: tuple[Grid, ...]
    errors: int
    warnings: int
    text: str  # toolkit validate 印出的全文（“文件：”一行起）


def check_branch(path: Path) -> BranchCheck:
    """检查一本工作簿（不做标注副本：它慢，另外一步 mark_branch）。读不了时抛出 WorkbookFileError。"""
    path = Path(path)
    findings = list(api.validate(path).findings)
    text = render_text(findings, sheet_order())
    blocks = parse_blocks(text, {f.sheet for f in findings if f.sheet})
    return BranchCheck(
        file_name=path.name,
        summary=text.splitlines()[0],
        groups=group_by_sheet(blocks, findings),
        grids=affected_rows(path, findings),
        errors=sum(1 for f in findings if f.is_error),
        warnings=sum(1 for f in findings if not f.is_error),
        text=f"文件：{path.name}\n{text}",
    )


def mark_branch(path: Path, marked: Path) -> tuple[Path | None, str | None]:
    """validate --mark：另存标注副本（有问题的格涂色、加批注，身份证号和电话已遮盖）→（副本, 没做成的原因）。"""
    try:
        done = api.validate(path, mark=marked, force=True)
    except WorkbookFileError as error:
        return None, error.message
    return done.marked_copy, done.mark_problem


_BLOCK_START = re.compile(rf"^\[({ERROR}|{WARNING})\] (.*)$")
_FIELD = re.compile(r"^  ([^：]{1,20})：(.*)$")
_PLACE_CELL = re.compile(r"第(\d+)行.*?· ([A-Z]{1,3})列")


def parse_blocks(text: str, sheets: set[str]) -> list[Block]:
    """把 render_text 的文字分回一条条：每条以“[错误] 位置”开头，下面是“  名目：内容”。"""
    blocks: list[Block] = []
    head: tuple[str, str] | None = None
    lines: list[list[str]] = []
    for line in text.splitlines()[1:]:
        start = _BLOCK_START.match(line)
        field_line = _FIELD.match(line)
        if start:
            if head:
                blocks.append(_block(head, lines, sheets))
            head, lines = (start.group(1), start.group(2)), []
        elif head and field_line:
            lines.append([field_line.group(1), field_line.group(2)])
        elif head and line.strip() and lines:
            lines[-1][1] += "\n" + line.strip()  # 原值里带换行时
    if head:
        blocks.append(_block(head, lines, sheets))
    return blocks


def _block(head: tuple[str, str], lines: list[list[str]], sheets: set[str]) -> Block:
    severity, place = head
    first = place.split(" · ", 1)[0]
    sheet = first if first in sheets else WHOLE_FILE
    cells = []
    single = _PLACE_CELL.search(place)
    if single and "，共" not in place:
        cells.append(f"{single.group(2)}{single.group(1)}")
    return Block(severity, place, sheet, tuple((k, v) for k, v in lines), tuple(cells))


def group_by_sheet(blocks: list[Block], findings: list[Finding]) -> tuple[SheetGroup, ...]:
    """保持 validate 的顺序（先整个文件，再按标准里工作表的顺序），每张表一组。"""
    order: dict[str, list[Block]] = {}
    for b in blocks:
        order.setdefault(b.sheet, []).append(b)

    def count(sheet: str, errors: bool) -> int:
        return sum(1 for f in findings if (f.sheet or WHOLE_FILE) == sheet and f.is_error == errors)

    return tuple(SheetGroup(sheet, tuple(items), count(sheet, True), count(sheet, False)) for sheet, items in order.items())


# ---------------------------------------------------------------- 受影响的行


def affected_rows(path: Path, findings: list[Finding]) -> tuple[Grid, ...]:
    """每张表受影响的行，原样列出各列（身份证号、联系电话已遮盖），有问题的格标出来。"""
    placed = [f for f in findings if f.sheet and f.row]
    if not placed:
        return ()
    from toolkit.workbook.tables import read_workbook

    content = read_workbook(path)
    grids = []
    for sheet in dict.fromkeys(f.sheet for f in sorted(placed, key=_order_key())):
        mine = [f for f in placed if f.sheet == sheet]
        grid = _info_grid(content.info, mine) if content.info and content.info.title == sheet else None
        table = next((t for t in content.tables.values() if t.title == sheet), None)
        if grid is None and table is not None:
            grid = _table_grid(table, mine)
        if grid is not None:
            grids.append(grid)
    return tuple(grids)


def _order_key():
    from toolkit.findings import finding_order

    return finding_order(sheet_order())


def _notes(findings: list[Finding]) -> dict[tuple[int, str | None], tuple[str, str]]:
    """(行, 列字母) → (级别, validate 对这一条的原话)；一格有几条时，错误在前，合在一起。"""
    by_place: dict[tuple[int, str | None], list[Finding]] = {}
    for f in findings:
        by_place.setdefault((f.row, f.column), []).append(f)
    notes = {}
    for place, items in by_place.items():
        items.sort(key=lambda f: not f.is_error)
        words = render_text(items, sheet_order()).split("\n", 1)[1].strip()
        notes[place] = (items[0].severity, words)
    return notes


def _shown(value, sensitive: str | None) -> str:
    from toolkit.privacy import mask

    text = mask(value, sensitive) if value is not None else ""
    text = " ".join(text.split())
    return text if len(text) <= GRID_TEXT else text[: GRID_TEXT - 1] + "…"


def _table_grid(table, findings: list[Finding]) -> Grid:
    places = sorted(table.columns.values(), key=lambda p: p.index)
    sensitive = {c.name: c.sensitive for c in table.spec.columns}
    notes = _notes(findings)
    numbers = sorted({f.row for f in findings})
    rows_by_number = {r.number: r for r in (*table.rows, *table.not_records)}  # 合计、填表人行也照原样显示
    rows = []
    for number in numbers[:GRID_ROWS]:
        row = rows_by_number.get(number)
        cells = []
        for p in places:
            cell = row.cells.get(p.name) if row else None
            severity, note = notes.get((number, p.letter), (None, ""))
            cells.append(GridCell(_shown(cell.value if cell else None, sensitive.get(p.name)), severity, note, f"{p.letter}{number}"))
        row_severity, row_note = notes.get((number, None), (None, ""))
        rows.append(GridRow(number, tuple(cells), row_severity, row_note))
    extra = _unplaced_columns(findings, places)
    headers = tuple((p.letter, p.header) for p in places) + extra
    if extra:
        rows = [_with_extra(r, extra, notes) for r in rows]
    return Grid(table.title, headers, tuple(rows), max(0, len(numbers) - GRID_ROWS))


def _unplaced_columns(findings: list[Finding], places) -> tuple[tuple[str, str], ...]:
    """发现指到的、却不是标准列的列（如多出的列）：也放进表格，好让那一格能标出来。"""
    known = {p.letter for p in places}
    extra = {f.column: f.header or "" for f in findings if f.column and f.column not in known}
    return tuple(sorted(extra.items(), key=lambda kv: (len(kv[0]), kv[0])))


def _with_extra(row: GridRow, extra, notes) -> GridRow:
    cells = list(row.cells)
    for letter, _ in extra:
        severity, note = notes.get((row.number, letter), (None, ""))
        cells.append(GridCell("", severity, note, f"{letter}{row.number}"))
    return GridRow(row.number, tuple(cells), row.severity, row.note)


def _info_grid(info, findings: list[Finding]) -> Grid:
    """支部信息是“项目 | 内容”两列：列出有问题的项目。"""
    notes = _notes(findings)
    items = sorted(info.items.values(), key=lambda i: i.row)
    wanted = {f.row for f in findings}
    rows = []
    for item in [i for i in items if i.row in wanted][:GRID_ROWS]:
        severity, note = notes.get((item.row, item.letter), notes.get((item.row, None), (None, "")))
        value = _shown(item.cell.value if item.cell else None, None)
        rows.append(GridRow(item.row, (GridCell(item.name), GridCell(value, severity, note, f"{item.letter}{item.row}"))))
    return Grid(info.title, (("", standard.KEYVALUE_HEADERS[0]), ("", standard.KEYVALUE_HEADERS[1])), tuple(rows))


# ---------------------------------------------------------------- 报告


@dataclass
class ReportMade:
    docx: Path | None = None
    pdf: Path | None = None
    picture: bytes | None = None  # 第一页的 PNG
    notes: tuple[str, ...] = ()  # 生成时做了什么（与 generate-report 印的“说明：”相同）
    problem: str | None = None  # 没有生成报告的原因（已是给用户看的话）
    pdf_problem: str | None = None  # 没有 PDF 的原因（如没有 LibreOffice：说明怎么装）
    picture_problem: str | None = None


def make_report(path: Path, *, fonts: str | None, date_style: str | None, template_dir: Path | None) -> ReportMade:
    """先写 .docx（马上可以下载），PDF 和第一页的图片另外一步（make_pdf），它们要等 LibreOffice。"""
    made = ReportMade()
    try:
        # 不给文件名：用 generate-report 默认的“{支部名称}{活动名称}阶段性工作情况汇报.docx”，写在工作簿旁边
        # （工作簿是网页临时文件夹里收下的那一份，不是用户的原件）
        result = api.generate_report(path, None, force=True, fonts=fonts, date_style=date_style, template_dir=template_dir)
    except WordingError as error:
        made.problem = f"[模板有误] {error}"
    except OutputError as error:
        made.problem = f"[无法写入] {error}"
    except WorkbookFileError as error:
        made.problem = f"[无法读取] {error.message}"
    except api.WorkbookHasErrors:
        made.problem = "工作簿有错误，没有生成报告。改正上面的错误后再上传一次。"
    else:
        made.docx, made.notes = result.path, tuple(result.notes)
    return made


def make_pdf(path: Path, folder: Path, made: ReportMade, *, fonts: str | None, date_style: str | None, template_dir: Path | None) -> None:
    """用 generate-report --pdf 的同一条路生成 PDF，再用 pdftoppm 画出第一页。"""
    target = Path(folder) / "pdf" / (made.docx.name if made.docx else "报告.docx")
    target.parent.mkdir(mode=0o700, exist_ok=True)
    try:
        result = api.generate_report(path, target, force=True, fonts=fonts, date_style=date_style, template_dir=template_dir, pdf=True)
    except (WordingError, OutputError, WorkbookFileError, api.WorkbookHasErrors) as error:
        made.pdf_problem = str(error)
        return
    finally:
        target.unlink(missing_ok=True)
    if result.pdf_path is None:
        made.pdf_problem = result.pdf_problem
        made.picture_problem = result.pdf_problem
        return
    made.pdf = result.pdf_path
    made.picture, made.picture_problem = first_page(result.pdf_path)


PDFTOPPM_MISSING = (
    "没有找到 pdftoppm（poppler），所以没有画出第一页的图片；PDF 已经生成，可以下载后查看。"
    "Debian/Ubuntu：sudo apt-get install poppler-utils。"
)


def first_page(pdf: Path) -> tuple[bytes | None, str | None]:
    tool = shutil.which("pdftoppm")
    if tool is None:
        return None, PDFTOPPM_MISSING
    stem = pdf.with_name("第一页")
    try:
        subprocess.run(
            [tool, "-png", "-r", str(PREVIEW_DPI), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=PREVIEW_SECONDS,
        )
        picture = stem.with_suffix(".png")
        data = picture.read_bytes()
        picture.unlink()
        return data, None
    except (OSError, subprocess.SubprocessError):
        return None, "没能画出报告第一页的图片；PDF 和 .docx 不受影响，可以下载后查看。"


# ---------------------------------------------------------------- 党委汇总


@dataclass(frozen=True)
class CommitteeRow:
    file: str
    name: str
    status: str  # 计入 / 有错误 / 无法读取 / 重复：汇总表里的原话
    members: str
    activities: str
    rate: str
    commitments: str
    errors: int
    warnings: int
    note: str  # 读不了的原因、重复的说明
    counted: bool
    findings: str = ""  # 这一本的检查结果，validate 的原话


@dataclass
class CommitteeResult:
    committee: str
    headline: str  # “已汇总：共 6 本工作簿，计入 3 个支部……”
    totals: str  # “合计：党员 104 名……”
    rows: list[CommitteeRow]
    notes: list[str]
    skipped: list[tuple[str, str]]
    summary: Path | None = None
    report: Path | None = None
    each: list[Path] = field(default_factory=list)
    each_problems: list[str] = field(default_factory=list)


# 网页上填的汇总设置 → RollupOptions 的字段
SETTING_FIELDS = ("name", "title", "addressee", "campaign", "period_start", "period_end", "written_on", "date_style", "font_scheme")


def run_rollup(
    folder: Path,
    out_dir: Path,
    settings: dict[str, object],
    *,
    each_dir: Path | None,
    template_dir: Path | None,
    progress_start: Callable[[int], Callable[[int], None]] | None,
) -> CommitteeResult:
    """与 toolkit rollup 相同：命令用错抛出 RollupError，写不了抛出 OutputError，模板有误抛出 WordingError。"""
    options = RollupOptions(**{k: settings.get(k) or None for k in SETTING_FIELDS})
    outputs = RollupOutputs(out_dir=out_dir, each=each_dir, force=True, template_dir=template_dir)
    try:
        result = api.rollup(folder, options, outputs, progress_start=progress_start).rollup
    except RollupError as error:
        raise RollupError(page_words(str(error))) from None
    return _committee_result(result)


# 汇总的消息说的是命令行的选项；网页上说页面上的那一栏
_SETTINGS = standard.ROLLUP_SETTINGS.col
OPTION_FIELDS = {
    "--name": _SETTINGS.name.name, "--title": _SETTINGS.title.name, "--addressee": _SETTINGS.addressee.name,
    "--campaign": _SETTINGS.campaign.name, "--start": _SETTINGS.period_start.name, "--end": _SETTINGS.period_end.name,
    "--date-style": "落款日期的写法", "--date": _SETTINGS.written_on.name, "--fonts": _SETTINGS.font_scheme.name,
    "--template": "措辞模板", "--settings": "汇总设置.xlsx", "--each": "同时生成各支部的报告",
}
_OPTION = re.compile("|".join(sorted(map(re.escape, OPTION_FIELDS), key=len, reverse=True)))


def page_words(message: str) -> str:
    """“请用 --name 写明，如 --name 中共××学院委员会” → “请在页面上的“名称”一栏写明，如 中共××学院委员会”。"""
    message = re.sub(rf"如 ({_OPTION.pattern}) ", "如 ", message)
    message = re.sub(rf"用 ({_OPTION.pattern}) ?", lambda m: f"在页面上的“{OPTION_FIELDS[m.group(1)]}”一栏", message)
    return _OPTION.sub(lambda m: f"页面上的“{OPTION_FIELDS[m.group(0)]}”一栏", message)


def _committee_result(result) -> CommitteeResult:
    from toolkit.branch.figures import format_rate

    counted, failed, duplicates = result.counted, result.failed, result.duplicates
    t = result.totals
    subs = result.subordinates
    inner = f"，另有下级党组织的汇总表 {len(subs)} 本（计入 {len(result.counted_subordinates)} 本）" if subs else ""
    headline = (
        f"已汇总：共 {len(result.branches)} 本工作簿{inner}，计入 {t.branches if subs else len(counted)} 个支部"
        + (f"，{len(failed)} 本有错误或读不了" if failed else "")
        + (f"，{len(duplicates)} 本重复" if duplicates else "") + "。"
    )
    rate = f"，出勤率 {format_rate(t.attendance.rate)}" if t.attendance.rate is not None else ""
    totals = (f"合计：党员 {t.members} 名（正式 {t.formal}、预备 {t.probationary}），活动 {t.activities} 项{rate}，"
              f"公开承诺 {t.commitments} 项（已兑现 {t.fulfilled} 项）。")
    rows = sorted([*(_committee_row(b, format_rate) for b in result.branches),
                   *(_subordinate_row(s, format_rate) for s in subs)], key=lambda r: r.file)
    notes = [page_words(n) for n in result.committee.notes]
    problems = [f"[没有生成] {b.name}（{b.file}）：{b.report_problem}" for b in counted if b.report_problem]
    if result.report_withheld:  # 一个也没有计入：报告的数字会全是 0
        problems.insert(0, f"[没有写汇总报告] {page_words(result.report_withheld)}")
    return CommitteeResult(
        result.committee.name, headline, totals, rows, notes,
        [(s.file, s.reason) for s in result.skipped], result.summary_path, result.report_path,
        list(result.each_paths), problems,
    )


def _committee_row(b, format_rate) -> CommitteeRow:
    f = b.figures
    rate = format_rate(f.attendance.rate) if f and f.attendance.rate is not None else "—"
    words = render_text(list(b.findings), sheet_order()) if b.findings else ""
    return CommitteeRow(
        file=b.file, name=b.name or "—", status=b.status,
        members=str(f.members) if f else "—", activities=str(f.activities) if f else "—", rate=rate,
        commitments=f"{f.commitments}（已兑现 {f.fulfilled}）" if f else "—",
        errors=b.errors, warnings=b.warnings, note=b.unreadable or b.note or "",
        counted=b.status == COUNTED, findings=words,
    )


def _subordinate_row(s, format_rate) -> CommitteeRow:
    """下级党组织的汇总表一行：它计入的各支部之和；提醒（手改过的格、报告期不一致……）写在说明里。"""
    f = s.figures if s.counted else None
    rate = format_rate(f.attendance.rate) if f and f.attendance.rate is not None else "—"
    return CommitteeRow(
        file=s.file, name=f"{s.name}（下级党组织，{len(s.counted_branches)} 个党支部）", status=s.status,
        members=str(f.members) if f else "—", activities=str(f.activities) if f else "—", rate=rate,
        commitments=f"{f.commitments}（已兑现 {f.fulfilled}）" if f else "—",
        errors=0, warnings=s.warnings, note=" ".join([s.note, *s.remarks] if s.note else s.remarks),
        counted=s.counted,
    )


def parse_day(text: str) -> dt.date | None:
    """网页上的日期框给的是 2010-07-01。"""
    text = (text or "").strip()
    return dt.date.fromisoformat(text) if text else None


def libreoffice_present() -> bool:
    """有 LibreOffice 才做 PDF 和第一页的图片（找法与 generate-report --pdf 相同）。"""
    from toolkit.report.pdf import find_soffice

    return find_soffice() is not None

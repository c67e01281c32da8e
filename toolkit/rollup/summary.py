"""汇总表（.xlsx）：每个直属单位（直属支部、下级党组织）一行、合计一行；明细（每个支部一行，写明路径）；
全部问题；三会一课；汇总的说明；隐藏、保护的元数据（上一级汇总时用，见 levels.py）。
每张表都设好打印：横向、一页宽，每页印表头和名称一栏。

    summary_bytes(rollup, template_dir=None) -> bytes     报告期的写法取自措辞模板（common.j2）

用户的文字（支部名称、文件名、问题）一律存为文字，以“=”开头也不当公式（与 checks/marking.py 同一做法）；
数字存为数字，好让党委的同志自己再加一加。敏感信息在发现里已经遮盖。
同样的汇总给出同样的字节（template.workbook_bytes 固定了时间戳）。
"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from lxml import etree
from openpyxl.cell import WriteOnlyCell
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet

from toolkit import standard
from toolkit.branch.figures import format_rate
from toolkit.checks import sheet_order
from toolkit.checks.marking import ERROR_FILL, WARNING_FILL
from toolkit.findings import ERROR, WARNING, finding_order
from toolkit.rollup.columns import FIGURE_HEADERS, HELD, RATE, REPORTED, figure_cells
from toolkit.rollup.levels import DETAIL_SHEET, FILE, PATH, SEPARATOR, UNIT_NAME, FigureRow, metadata_rows
from toolkit.rollup.model import (
    COUNTED,
    DUPLICATE,
    METADATA_SHEET,
    OTHER_PERIOD,
    SUMMARY_SHEET,
    BranchSummary,
    Rollup,
    Subordinate,
)
from toolkit.rollup.report import committee_period
from toolkit.text import cell_text, date_text

FINDINGS_SHEET = "问题清单"
NOTES_SHEET = "说明"
MEETINGS_SHEET = "三会一课"
HEADER_FILL = "EDEDED"
TOTAL_FILL = "DDEBF7"
STATUS_FILLS = {COUNTED: None, DUPLICATE: "E7E6E6", OTHER_PERIOD: "E7E6E6"}

# 表头里与标准的名字同字的词，取自标准（标准里的名字只在 standard.py 写一次）
BRANCH_NAME = standard.BRANCH_INFO.col.name.name  # 支部名称
STATUS = standard.ATTENDANCE.col.status.name  # “状态”：这里是一本工作簿计入与否（计入、有错误……）
DIRECT, SUBORDINATE = "直属党支部", "下级党组织"

SUMMARY_LEAD = ((standard.MEMBERS.col.number.name, 6), (UNIT_NAME, 26), ("类别", 10), ("所含党支部", 8), (FILE, 30), (STATUS, 10))
SUMMARY_HEADERS = (*SUMMARY_LEAD, *FIGURE_HEADERS, ("错误", 6), ("提醒", 6), ("说明", 60))
DETAIL_LEAD = ((standard.MEMBERS.col.number.name, 6), (BRANCH_NAME, 26), (PATH, 44), (FILE, 30), (STATUS, 10))
DETAIL_HEADERS = (*DETAIL_LEAD, *FIGURE_HEADERS, ("说明", 50))
FINDINGS_HEADERS = (
    ("文件", 30), (BRANCH_NAME, 22), ("工作表", 12), ("单元格", 10), ("级别", 6), ("代码", 26),
    ("问题", 60), ("填写的是", 24), ("应填写", 40), ("修改方法", 40),
)


# 样式只做一份、每格共用：一万多格各做一个 Font、PatternFill 是汇总表写得慢的一个原因
BOLD = Font(bold=True)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_FILLS: dict[str, PatternFill] = {}


def _solid(color: str) -> PatternFill:
    if color not in _FILLS:
        _FILLS[color] = PatternFill(fill_type="solid", start_color=color, end_color=color)
    return _FILLS[color]


class SheetText:
    """一张表的各行（sheetData），由这里写成 XML 文字：openpyxl 逐格写出上面几级的二十多万格要好几秒。
    表头之上、表尾的部分（冻结、列宽、打印的设置、筛选、保护）和样式表仍由 openpyxl 写，
    写好的各行在保存时整块放进这张表（_RowsAsText）。文字都转义过，XML 不允许的字符都去掉了。

    append(值, 样式)：文字就是文字（以“=”开头也不当公式），整数、小数是数字，None 和空文字是空格子；
    样式是 style() 给的编号，按栏对齐，没有的栏不带样式。"""

    def __init__(self, ws):
        self.ws = ws
        self.parts: list[str] = []
        self.row = 0
        self.styles: dict[tuple, int | None] = {(False, None, None): None}

    def style(self, *, bold: bool = False, fill: str | None = None, alignment: Alignment | None = None) -> int | None:
        """这种样式在工作簿样式表里的编号（同样的样式只登记一次）；不带样式为 None。"""
        key = (bold, fill, alignment)
        if key not in self.styles:
            cell = WriteOnlyCell(self.ws)
            if bold:
                cell.font = BOLD
            if fill:
                cell.fill = _solid(fill)
            if alignment:
                cell.alignment = alignment
            self.styles[key] = cell.style_id
        return self.styles[key]

    def append(self, values, styles=()) -> None:
        self.row += 1
        row = str(self.row)
        styles = (*styles, *(None,) * (len(values) - len(styles)))
        letters = _LETTERS if len(values) <= len(_LETTERS) else [get_column_letter(n) for n in range(1, len(values) + 1)]
        cells = []
        for letter, value, style in zip(letters, values, styles):  # 二十多万格：这个循环要尽量少做事
            where = f'<c r="{letter}{row}"' if style is None else f'<c r="{letter}{row}" s="{style}"'
            kind = type(value)
            if value is None or value == "":
                if style is not None:
                    cells.append(where + "/>")
            elif kind is str:
                value = cell_text(value)
                space = ' xml:space="preserve"' if value != value.strip() else ""
                cells.append(f'{where} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>')
            else:
                number = str(value) if kind is int and -_EXACT < value < _EXACT else safe_string(value)  # 与 openpyxl 的 %.16g 相同
                cells.append(f'{where} t="n"><v>{number}</v></c>')
        if cells:  # 空行不写（行号照样往下数）
            self.parts.append(f'<row r="{row}">{"".join(cells)}</row>')

    def close(self) -> None:
        """把写好的各行交给 openpyxl：这张表保存时用它们。"""
        data = _xml_bytes("<sheetData>" + "".join(self.parts) + "</sheetData>")
        self.parts = []
        writer = _RowsAsText(self.ws, data)
        writer.write_top()
        self.ws._writer = writer  # write_only 的表保存时由它写出（表的 close 里调用 write_rows、close）


_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")  # XML 1.0 不允许的字符里 cell_text 没去掉的几个


def _xml_bytes(text: str) -> bytes:
    """去掉 _NOT_XML 的字符，编成 UTF-8。几乎总是一个也没有：先用 in 和 encode（单独的代理码位编不成 UTF-8）看，
    都在 C 里，省下逐字走一遍正则（上几级的表有几 MB）。"""
    if "\ufffe" not in text and "\uffff" not in text:
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:
            pass
    return _NOT_XML.sub("", text).encode("utf-8")
_PLACE = b"<sheetData/>"


class _RowsAsText(WorksheetWriter):
    """openpyxl 写这张表时在各行的位置先写一个空的 sheetData，写完后换成已写好的文字（不再逐格经过 lxml）。"""

    def __init__(self, ws, sheet_data: bytes):
        super().__init__(ws)
        self.sheet_data: bytes | None = sheet_data

    def write_rows(self):
        xf = self.xf.send(True)
        xf.write(etree.Element("sheetData"))
        self.xf.send(None)

    def close(self):
        super().close()
        if self.sheet_data is None:
            return
        part = Path(self.out)
        head, found, tail = part.read_bytes().partition(_PLACE)  # sheetData 之前只有本工具写的设置，没有用户的文字
        if not found:
            raise RuntimeError("openpyxl 写出的表里找不到 sheetData")
        part.write_bytes(head + self.sheet_data + tail)
        self.sheet_data = None


_LETTERS = tuple(get_column_letter(n) for n in range(1, 101))  # 最宽的表几十栏
_EXACT = 10**15  # 这么大以内的整数，str 与 openpyxl 的 "%.16g" 写法相同


def _escape(text: str) -> str:
    # 回车写成字符引用：解析时才不被当成换行。str.replace 比 translate 快得多（文字多是汉字）
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _headers(ws, headers, title: str, *, frozen: str = "C2") -> SheetText:
    """表头一行，和打印的设置：横向、一页宽；每页都印表头和前两栏（序号、名称），页眉是表名，页脚是页码。
    写在表头之上的（冻结、列宽、打印的设置）要在第一行写出之前定下：write_only 的表写出的行不能再改。"""
    for col, (_, width) in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = frozen
    setup = ws.page_setup
    setup.orientation, setup.paperSize = "landscape", Worksheet.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0  # 一页宽，页数不限
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    if frozen != "A2":
        ws.print_title_cols = "A:B"
    ws.oddHeader.center.text = title
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet = SheetText(ws)
    sheet.append([text for text, _ in headers], [sheet.style(bold=True, fill=HEADER_FILL, alignment=HEADER_ALIGNMENT)] * len(headers))
    return sheet


def status_text(unit) -> str:
    return unit.status if unit.status == COUNTED else f"{unit.status}，未计入"


def _explain(b: BranchSummary) -> str:
    parts = []
    if b.unreadable:
        parts.append(b.unreadable)
    elif b.figures is None:
        parts.append(f"有 {b.errors} 个错误，见“{FINDINGS_SHEET}”；改正后重新汇总。")
    parts += [b.note, *b.remarks] if b.note else b.remarks
    if b.report_problem:
        parts.append(f"这个支部的报告没有生成：{b.report_problem}")
    return " ".join(parts)


def units(rollup: Rollup) -> list:
    """支部汇总的各行：直属支部的工作簿和下级党委的汇总表，按文件排序。"""
    return sorted([*rollup.branches, *rollup.subordinates], key=lambda u: u.file)


def _unit_values(number: int, unit) -> tuple[list, object]:
    """一行的值，和这一行的数字（有错误、读不了的为 None）。"""
    if isinstance(unit, Subordinate):
        figures = unit.figures if unit.counted else None
        explain = " ".join([unit.note, *unit.remarks] if unit.note else unit.remarks)
        values = [number, unit.name, SUBORDINATE, len(unit.counted_branches), unit.file, status_text(unit),
                  *figure_cells(figures), 0, unit.warnings, explain]
        return values, figures
    values = [number, unit.name or "（读不出支部名称）", DIRECT, 1 if unit.counted else 0, unit.file, status_text(unit),
              *figure_cells(unit.figures), unit.errors, unit.warnings, _explain(unit)]
    return values, unit.figures


def _summary_sheet(ws, rollup: Rollup, rows: list[FigureRow]) -> None:
    sheet = _headers(ws, SUMMARY_HEADERS, f"{rollup.committee.name}所属党组织工作汇总表")
    first = len(SUMMARY_LEAD) + 1
    row = 1
    for number, unit in enumerate(units(rollup), start=1):
        row += 1
        values, figures = _unit_values(number, unit)
        failed = getattr(unit, "failed", False)
        fill = ERROR_FILL if failed else STATUS_FILLS.get(unit.status)
        sheet.append(values, [sheet.style(fill=fill)] * len(SUMMARY_LEAD))
        if figures is not None:
            rows.append(FigureRow(SUMMARY_SHEET, row, first, (unit.name,), unit.file, unit.counted, figures,
                                  unit.period_start, unit.period_end, unit.report_date))
    totals = rollup.totals
    row += 1
    left_out = len(units(rollup)) - len(rollup.counted) - len(rollup.counted_subordinates)
    values = [
        None, f"合计（计入 {totals.branches} 个党支部）", "", totals.branches, "", "", *figure_cells(totals), 0, totals.warnings,
        f"只合计状态为“{COUNTED}”的单位；另有 {left_out} 份材料未计入，原因见各行“说明”。" if left_out else "全部材料都已计入。",
    ]
    sheet.append(values, [sheet.style(bold=True, fill=TOTAL_FILL)] * len(values))
    rows.append(FigureRow(SUMMARY_SHEET, row, first, (), "", True, totals))
    ws.auto_filter.ref = f"A1:{get_column_letter(len(SUMMARY_HEADERS))}{max(row - 1, 1)}"
    sheet.close()


def every_branch(rollup: Rollup) -> list[BranchSummary]:
    """明细的各行：直属支部（含没有计入的），和下级党委汇总表里的每个支部，按单位的顺序。"""
    listed: list[BranchSummary] = []
    for unit in units(rollup):
        listed += unit.branches if isinstance(unit, Subordinate) else [unit]
    return listed


def branch_path(rollup: Rollup, b: BranchSummary) -> tuple[str, ...]:
    return (rollup.committee.name, *(b.path or (b.name or b.file,)))


def _detail_sheet(ws, rollup: Rollup, rows: list[FigureRow]) -> None:
    """明细：每个支部一行，写明它在哪一级党组织之下（校党委 / 经管学院党委 / 会计系党支部）。"""
    sheet = _headers(ws, DETAIL_HEADERS, f"{rollup.committee.name}所属党支部明细表")
    first = len(DETAIL_LEAD) + 1
    for row, b in enumerate(every_branch(rollup), start=2):
        path = branch_path(rollup, b)
        sub = next((s for s in rollup.subordinates if s.file == b.via), None) if b.via else None
        status = sub.status if sub is not None and not sub.counted else b.status
        counted = status == COUNTED
        values = [row - 1, b.name or "（读不出支部名称）", SEPARATOR.join(path), b.via or b.file,
                  status if status == COUNTED else f"{status}，未计入", *figure_cells(b.figures), _explain(b)]
        fill = ERROR_FILL if b.failed else STATUS_FILLS.get(status)
        sheet.append(values, [sheet.style(fill=fill)] * len(DETAIL_LEAD))
        if b.figures is not None:
            rows.append(FigureRow(DETAIL_SHEET, row, first, path,
                                  b.via or b.file, counted, b.figures, b.period_start, b.period_end, b.report_date))
    sheet.close()


def _findings_sheet(ws, rollup: Rollup) -> None:
    """问题清单：每本工作簿的每条发现，和汇总时的提醒（报告期不一致、报了两级、汇总表被手改过……）。"""
    sheet = _headers(ws, FINDINGS_HEADERS, f"{rollup.committee.name}汇总的问题清单", frozen="A2")
    order = finding_order(sheet_order())
    lines: list[tuple] = []
    for unit in units(rollup):
        if isinstance(unit, Subordinate):
            lines += [(unit.file, unit.name, "", "", WARNING, "rollup.reminder", text, "", "", "") for text in unit.remarks]
            if not unit.counted:
                lines.append((unit.file, unit.name, "", "", WARNING, "rollup.left_out", unit.note, "", "", ""))
            continue
        b = unit
        if b.unreadable:
            lines.append((b.file, b.name, "", "", ERROR, f"file.{b.unreadable_kind or 'unreadable'}", b.unreadable, "", "", ""))
        for f in sorted(b.findings, key=order):
            lines.append((b.file, b.name, f.sheet or "", f.cell or (f"第{f.row}行" if f.row else ""), f.severity, f.code,
                          f.problem, "" if f.found is None else f.found, f.expected, f.fix))
        if b.status in (DUPLICATE, OTHER_PERIOD) and b.note:
            lines.append((b.file, b.name, "", "", WARNING, "rollup.left_out", b.note, "", "", ""))
        lines += [(b.file, b.name, "", "", WARNING, "rollup.reminder", text, "", "", "") for text in b.remarks]
    for values in lines:
        fill = ERROR_FILL if values[4] == ERROR else WARNING_FILL
        sheet.append(values, (None, None, None, None, sheet.style(fill=fill)))
    if lines:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(FINDINGS_HEADERS))}{len(lines) + 1}"
    sheet.close()


def _notes_sheet(ws, rollup: Rollup, template_dir=None) -> None:
    c = rollup.committee
    lines: list[tuple[str, str]] = [
        ("汇总的党组织", c.name),
        (standard.BRANCH_INFO.col.campaign.name, c.campaign or "（各支部不一致，未写）"),
        ("报告期", committee_period(c, template_dir) or "（未定）"),
        (standard.ROLLUP_SETTINGS.col.written_on.name, date_text(c.report_date, c.date_style)),
        ("汇总的文件夹", str(rollup.folder)),
        (standard.ROLLUP_SETTINGS.name, str(rollup.settings_file) if rollup.settings_file else "（没有使用汇总设置工作簿）"),
        ("材料", f"支部工作簿 {len(rollup.branches)} 本：计入 {len(rollup.counted)} 本，有错误或读不了 {len(rollup.failed)} 本，"
                 f"重复或不属于本报告期 {len(rollup.branches) - len(rollup.counted) - len(rollup.failed)} 本；"
                 f"下级党组织的汇总表 {len(rollup.subordinates)} 本：计入 {len(rollup.counted_subordinates)} 本。"),
        ("数字的来历", "每个支部的数字与它自己用 generate-report 生成的报告相同；下级党组织的数字是它汇总表里计入的各支部之和；"
                     "合计只加“计入”的单位，同一个支部只算一次。"),
        (HELD, "报告期内开展的全部活动，含“写入报告”为“否”的，即报告里的 {活动总数}；按类型的各栏也按这个数。"),
        (REPORTED, "报告附件“活动开展情况统计表”列出的活动（报告期内、写入报告的），即统计表合计行的项数。"),
        (RATE, "写入报告、填了应到和实到人数的各项活动，实到人次之和 ÷ 应到人次之和（见“应到人次”“实到人次”两栏）。"
               "合计行也由人次之和重新算出。"),
        (DETAIL_SHEET, "每个支部一行，写明它所在的党组织（本级 / 下级党组织 / 支部）。"),
    ]
    lines += [("说明", note) for note in c.notes]
    lines += [("重复", b.note) for b in rollup.duplicates]
    lines += [("跳过的文件", f"{s.file}：{s.reason}") for s in rollup.skipped]
    sheet = _headers(ws, tuple(zip(standard.KEYVALUE_HEADERS, (18, 100))), f"{c.name}汇总的说明", frozen="A2")
    for key, value in lines:
        sheet.append((key, value), (sheet.style(bold=True), sheet.style(alignment=WRAP_TOP)))
    sheet.close()


# ---------------------------------------------------------------- 三会一课（issue 15）：每个支部一行，与它报告里的统计表同样的几栏

MEETING_MEASURES = (("次数", 7), ("按期情况", 24), ("没有记录的", 24), ("出勤率（实到÷应到人次）", 11))


def meetings_headers() -> tuple[tuple[str, int], ...]:
    return (
        (standard.MEMBERS.col.number.name, 6), (BRANCH_NAME, 26), (PATH, 30), (STATUS, 10),
        (standard.BRANCH_INFO.col.rule_version.name, 16),
        *((f"{kind}{measure}", width) for kind in standard.ActivityType.MEETINGS for measure, width in MEETING_MEASURES),
    )


def meeting_cells(record) -> list:
    """一个支部的各类会议：次数、按期情况、没有记录的月份（季度、年）、出勤率；规则没有这一类的，后三栏写“不作要求”。"""
    cells: list = [record.rule_version]
    for kind in record.kinds:
        rate = format_rate(kind.rate) if kind.rate is not None else ""
        cells += [kind.count, kind.phrase, kind.missing_text if kind.ruled else "", rate]
    return cells


def _meetings_sheet(ws, rollup: Rollup) -> None:
    """“三会一课”表：有数字的支部（计入的、重复的）每个一行。"""
    headers = meetings_headers()
    sheet = _headers(ws, headers, f"{rollup.committee.name}所属党支部三会一课情况")
    row = 1
    for number, b in enumerate(every_branch(rollup), start=1):
        if b.figures is None or b.figures.meetings is None:
            continue
        row += 1
        values = [number, b.name, SEPARATOR.join(branch_path(rollup, b)), status_text(b), *meeting_cells(b.figures.meetings)]
        fill = STATUS_FILLS.get(b.status)
        lead, wrap_lead, wrap = sheet.style(fill=fill), sheet.style(fill=fill, alignment=WRAP_TOP), sheet.style(alignment=WRAP_TOP)
        long = [isinstance(value, str) and len(value) > 12 for value in values]  # 长的文字折行、顶端对齐
        sheet.append(values, [(wrap_lead if long[col] else lead) if col < 4 else (wrap if long[col] else None) for col in range(len(values))])
    if row > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{row}"
    sheet.close()


def _metadata_sheet(ws, rollup: Rollup, rows: list[FigureRow]) -> None:
    """元数据：隐藏、保护；上一级汇总时按它认出这本汇总表、取回各支部的数字、核对有没有被手改。"""
    sheet = SheetText(ws)
    for values in metadata_rows(rollup, rows):
        sheet.append(values)
    sheet.close()
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def summary_workbook(rollup: Rollup, template_dir=None) -> Workbook:
    wb = Workbook(write_only=True)  # 逐行写出：上面几级的“明细”“三会一课”有成千上万行
    rows: list[FigureRow] = []
    _summary_sheet(wb.create_sheet(SUMMARY_SHEET), rollup, rows)
    _detail_sheet(wb.create_sheet(DETAIL_SHEET), rollup, rows)
    _findings_sheet(wb.create_sheet(FINDINGS_SHEET), rollup)
    _meetings_sheet(wb.create_sheet(MEETINGS_SHEET), rollup)
    _notes_sheet(wb.create_sheet(NOTES_SHEET), rollup, template_dir)
    _metadata_sheet(wb.create_sheet(METADATA_SHEET), rollup, rows)
    from toolkit.workbook.blank import CREATOR, FIXED_TIME

    props = wb.properties
    props.creator = props.lastModifiedBy = CREATOR
    props.title = f"{rollup.committee.name}所属党组织工作汇总表"
    props.created = props.modified = FIXED_TIME
    return wb


def summary_bytes(rollup: Rollup, template_dir=None) -> bytes:
    from toolkit.workbook.blank import workbook_bytes

    return workbook_bytes(summary_workbook(rollup, template_dir))

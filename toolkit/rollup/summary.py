"""汇总表（.xlsx）：每个支部一行、合计一行；全部支部的全部问题；汇总的说明。

    summary_bytes(rollup, template_dir=None) -> bytes     报告期的写法取自措辞模板（common.j2）

用户的文字（支部名称、文件名、问题）一律存为文字，以“=”开头也不当公式（与 checks/marking.py 同一做法）；
数字存为数字，好让党委的同志自己再加一加。敏感信息在发现里已经遮盖。
同样的汇总给出同样的字节（template.workbook_bytes 固定了时间戳）。
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from toolkit import standard
from toolkit.branch.figures import format_rate
from toolkit.checks import sheet_order
from toolkit.checks.marking import ERROR_FILL, WARNING_FILL
from toolkit.findings import ERROR, finding_order
from toolkit.rollup.report import committee_period
from toolkit.text import cell_text, date_text
from toolkit.rollup.model import (
    ACTIVITY_TYPES,
    CATEGORIES,
    COUNTED,
    DUPLICATE,
    SUMMARY_SHEET,
    BranchSummary,
    Rollup,
)

FINDINGS_SHEET = "问题清单"
NOTES_SHEET = "说明"
MEETINGS_SHEET = "三会一课"
HEADER_FILL = "EDEDED"
TOTAL_FILL = "DDEBF7"
STATUS_FILLS = {COUNTED: None, DUPLICATE: "E7E6E6"}

# 表头里与标准的名字同字的词，取自标准（标准里的名字只在 standard.py 写一次）
BRANCH_NAME = standard.BRANCH_INFO.col.name.name  # 支部名称
PARTY_MEMBER = standard.Committer.MEMBER  # “党员”二字：“教师党员”“其他人员党员”
STATUS = standard.ATTENDANCE.col.status.name  # “状态”：这里是一本工作簿计入与否（计入、有错误……）
CATEGORY_HEADERS = tuple(
    f"{c}{PARTY_MEMBER}" if c != standard.Category.OTHER else f"{c}人员{PARTY_MEMBER}" for c in CATEGORIES
)

SUMMARY_HEADERS = (
    (standard.MEMBERS.col.number.name, 6),  # 序号
    (BRANCH_NAME, 26),
    ("文件", 30),
    (STATUS, 10),
    ("党员总数", 9),
    (standard.Membership.FORMAL, 9),
    (standard.Membership.PROBATIONARY, 9),
    ("女党员", 8),
    *((header, 9) for header in CATEGORY_HEADERS),
    ("活动总数", 9),
    *((t, 8) for t in ACTIVITY_TYPES),
    ("平均出勤率", 10),
    ("出勤率的计算基数", 34),
    ("应到人次", 9),
    ("实到人次", 9),
    (standard.COMMITMENTS.col.matter.name, 9),  # 承诺事项：项数
    (standard.Progress.FULFILLED, 8),  # 已兑现：项数
    ("承诺党员数", 9),
    ("错误", 6),
    ("提醒", 6),
    ("说明", 60),
)
FINDINGS_HEADERS = (
    ("文件", 30), (BRANCH_NAME, 22), ("工作表", 12), ("单元格", 10), ("级别", 6), ("代码", 26),
    ("问题", 60), ("填写的是", 24), ("应填写", 40), ("修改方法", 40),
)


def _put(ws, row: int, col: int, value, *, bold: bool = False, fill: str | None = None):
    cell = ws.cell(row, col)
    if value is not None and value != "":
        if isinstance(value, str):
            cell.value = cell_text(value)
            cell.data_type = "s"  # 文字就是文字，不当公式
        else:
            cell.value = value
    if bold:
        cell.font = Font(bold=True)
    if fill:
        cell.fill = PatternFill(fill_type="solid", start_color=fill, end_color=fill)
    return cell


def _headers(ws, headers) -> None:
    for col, (text, width) in enumerate(headers, start=1):
        cell = _put(ws, 1, col, text, bold=True, fill=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "C2" if ws.title == SUMMARY_SHEET else "A2"


def attendance_base(attendance) -> str:
    """出勤率的计算基数，用户的话：“3项活动：实到 12 人次 ÷ 应到 14 人次”。"""
    if not attendance.expected:
        return "没有填写应到、实到人数的活动"
    return f"{attendance.activities}项活动：实到 {attendance.present} 人次 ÷ 应到 {attendance.expected} 人次"


def _figure_cells(figures) -> list:
    if figures is None:
        return [None] * (4 + len(CATEGORIES) + 1 + len(ACTIVITY_TYPES) + 7)
    a = figures.attendance
    return [
        figures.members, figures.formal, figures.probationary, figures.women,
        *(n for _, n in figures.by_category),
        figures.activities,
        *(n for _, n in figures.by_type),
        format_rate(a.rate) if a.rate is not None else "",
        attendance_base(a),
        a.expected, a.present,
        figures.commitments, figures.fulfilled, figures.committed_members,
    ]


def status_text(b: BranchSummary) -> str:
    return b.status if b.status == COUNTED else f"{b.status}，未计入"


def _explain(b: BranchSummary) -> str:
    parts = []
    if b.unreadable:
        parts.append(b.unreadable)
    elif b.figures is None:
        parts.append(f"有 {b.errors} 个错误，见“{FINDINGS_SHEET}”；改正后重新汇总。")
    if b.note:
        parts.append(b.note)
    if b.report_problem:
        parts.append(f"这个支部的报告没有生成：{b.report_problem}")
    return " ".join(parts)


def _summary_sheet(ws, rollup: Rollup) -> None:
    _headers(ws, SUMMARY_HEADERS)
    row = 1
    for number, b in enumerate(rollup.branches, start=1):
        row += 1
        values = [number, b.name or "（读不出支部名称）", b.file, status_text(b), *_figure_cells(b.figures), b.errors, b.warnings, _explain(b)]
        fill = ERROR_FILL if b.failed else STATUS_FILLS.get(b.status)
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value, fill=fill if col <= 4 else None)
    totals = rollup.totals
    row += 1
    total_figures = [
        totals.members, totals.formal, totals.probationary, totals.women,
        *(n for _, n in totals.by_category),
        totals.activities,
        *(n for _, n in totals.by_type),
        format_rate(totals.attendance.rate) if totals.attendance.rate is not None else "",
        attendance_base(totals.attendance),
        totals.attendance.expected, totals.attendance.present,
        totals.commitments, totals.fulfilled, totals.committed_members,
    ]
    left_out = len(rollup.branches) - totals.branches
    values = [
        None, f"合计（计入 {totals.branches} 个支部）", "", "", *total_figures, 0, totals.warnings,
        f"只合计状态为“{COUNTED}”的支部；另有 {left_out} 本工作簿未计入，原因见各行“说明”。" if left_out else "全部工作簿都已计入。",
    ]
    for col, value in enumerate(values, start=1):
        _put(ws, row, col, value, bold=True, fill=TOTAL_FILL)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(SUMMARY_HEADERS))}{max(row - 1, 1)}"


def _findings_sheet(ws, rollup: Rollup) -> None:
    _headers(ws, FINDINGS_HEADERS)
    order = finding_order(sheet_order())
    row = 1
    for b in rollup.branches:
        if b.unreadable:
            row += 1
            values = (b.file, b.name, "", "", ERROR, f"file.{b.unreadable_kind or 'unreadable'}", b.unreadable, "", "", "")
            for col, value in enumerate(values, start=1):
                _put(ws, row, col, value, fill=ERROR_FILL if col == 5 else None)
        for f in sorted(b.findings, key=order):
            row += 1
            values = (b.file, b.name, f.sheet or "", f.cell or (f"第{f.row}行" if f.row else ""), f.severity, f.code,
                      f.problem, "" if f.found is None else f.found, f.expected, f.fix)
            for col, value in enumerate(values, start=1):
                _put(ws, row, col, value, fill=(ERROR_FILL if f.severity == ERROR else WARNING_FILL) if col == 5 else None)
    if row > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(FINDINGS_HEADERS))}{row}"


def _notes_sheet(ws, rollup: Rollup, template_dir=None) -> None:
    c = rollup.committee
    lines: list[tuple[str, str]] = [
        ("汇总的党组织", c.name),
        (standard.BRANCH_INFO.col.campaign.name, c.campaign or "（各支部不一致，未写）"),
        ("报告期", committee_period(c, template_dir) or "（未定）"),
        (standard.ROLLUP_SETTINGS.col.written_on.name, date_text(c.report_date, c.date_style)),
        ("汇总的文件夹", str(rollup.folder)),
        (standard.ROLLUP_SETTINGS.name, str(rollup.settings_file) if rollup.settings_file else "（没有使用汇总设置工作簿）"),
        ("工作簿", f"共 {len(rollup.branches)} 本：计入 {len(rollup.counted)} 本，有错误或读不了 {len(rollup.failed)} 本，重复 {len(rollup.duplicates)} 本。"),
        ("数字的来历", "每个支部的数字与它自己用 generate-report 生成的报告相同；合计只加“计入”的支部。"
                     "出勤率是实到人次 ÷ 应到人次（报告期内写入报告、填了应到和实到人数的活动），不是各次出勤率的平均。"),
    ]
    lines += [("说明", note) for note in c.notes]
    lines += [("重复", b.note) for b in rollup.duplicates]
    lines += [("跳过的文件", f"{s.file}：{s.reason}") for s in rollup.skipped]
    for col, header in enumerate(standard.KEYVALUE_HEADERS, start=1):  # 项目、内容：与键值表同样的两列
        _put(ws, 1, col, header, bold=True, fill=HEADER_FILL)
    for row, (key, value) in enumerate(lines, start=2):
        _put(ws, row, 1, key, bold=True)
        cell = _put(ws, row, 2, value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 100


# ---------------------------------------------------------------- 三会一课（issue 15）：每个支部一行，与它报告里的统计表同样的几栏

MEETING_MEASURES = (("次数", 7), ("按期情况", 24), ("没有记录的", 24), ("平均出勤率", 9))


def meetings_headers() -> tuple[tuple[str, int], ...]:
    return (
        (standard.MEMBERS.col.number.name, 6), (BRANCH_NAME, 26), ("文件", 30), (STATUS, 10),
        (standard.BRANCH_INFO.col.rule_version.name, 16),
        *((f"{kind}{measure}", width) for kind in standard.ActivityType.MEETINGS for measure, width in MEETING_MEASURES),
    )


def meeting_cells(record) -> list:
    """一个支部的各类会议：次数、按期情况、没有记录的月份（季度、年）、平均出勤率；规则没有这一类的，后三栏写“不作要求”。"""
    cells: list = [record.rule_set.name]
    for kind in record.kinds:
        rate = format_rate(kind.rate) if kind.rate is not None else ""
        cells += [kind.count, kind.phrase(), kind.missing_text() if kind.rule else "", rate]
    return cells


def _meetings_sheet(ws, rollup: Rollup) -> None:
    """“三会一课”表：有数字的支部（计入的、重复的）每个一行。"""
    headers = meetings_headers()
    _headers(ws, headers)
    row = 1
    for number, b in enumerate(rollup.branches, start=1):
        if b.figures is None or b.figures.meetings is None:
            continue
        row += 1
        values = [number, b.name, b.file, status_text(b), *meeting_cells(b.figures.meetings)]
        for col, value in enumerate(values, start=1):
            cell = _put(ws, row, col, value, fill=STATUS_FILLS.get(b.status) if col <= 4 else None)
            if isinstance(value, str) and len(value) > 12:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C2"
    if row > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{row}"


def summary_workbook(rollup: Rollup, template_dir=None) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = SUMMARY_SHEET
    _summary_sheet(ws, rollup)
    _findings_sheet(wb.create_sheet(FINDINGS_SHEET), rollup)
    _meetings_sheet(wb.create_sheet(MEETINGS_SHEET), rollup)
    _notes_sheet(wb.create_sheet(NOTES_SHEET), rollup, template_dir)
    from toolkit.workbook.blank import CREATOR, FIXED_TIME

    props = wb.properties
    props.creator = props.lastModifiedBy = CREATOR
    props.title = f"{rollup.committee.name}各党支部工作汇总表"
    props.created = props.modified = FIXED_TIME
    return wb


def summary_bytes(rollup: Rollup, template_dir=None) -> bytes:
    from toolkit.workbook.blank import workbook_bytes

    return workbook_bytes(summary_workbook(rollup, template_dir))

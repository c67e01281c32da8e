"""逐级汇总：本级写出的汇总表是上一级的输入。

    metadata_rows(rollup, figure_rows)   汇总表“元数据”表的内容（隐藏、保护）：格式、标准版本、党组织、报告期、
                                         “支部汇总”“明细”每一行数字（JSON）和这些数字的 SHA-256
    read_summary(path, file)             一本汇总表 → Subordinate（不是本工具写出的汇总表时为 None）
    settle_periods(rollup)               报告期与本级不一致的：提醒；没有一天重叠的：不计入，写明原因
    settle_levels(rollup)                同一下级党委重报的汇总表、同一支部既直接报送又在下级汇总表里的：定下计入哪一份，并说明

认汇总表只看内容（元数据表的格式一栏），不看文件名。每一格“应有的值”都由元数据里的数字按 columns.figure_cells
重新算出：与表上的不同，就是写出后被手改过——提醒里写明是哪几格，数字仍按元数据（即各支部工作簿算出的）计入。
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from toolkit import standard
from toolkit.rollup.columns import FIGURE_HEADERS, cell_key, figure_cells
from toolkit.rollup.model import (
    COUNTED,
    DUPLICATE,
    METADATA_SHEET,
    OTHER_PERIOD,
    SUMMARY_SHEET,
    BranchFigures,
    BranchSummary,
    Rollup,
    Subordinate,
    newest,
)
from toolkit.text import date_text, name_key

DETAIL_SHEET = "明细"
MARK = "本工具写出的汇总表"  # 元数据第一项“格式”的内容：认汇总表就认它
FORMAT_VERSION = 1
SEPARATOR = " / "  # 明细里党组织的路径：校党委 / 经管学院党委 / 会计系党支部
# 汇总表上认一行是谁的两栏的表头（summary.py 写表头也用它们）
UNIT_NAME = "党组织名称"  # 支部汇总一行是一个直属单位：直属党支部，或下级党委（党总支）
PATH = "所在党组织（路径）"
FILE = "文件"
_SETTINGS = standard.ROLLUP_SETTINGS.col
KEYS = ("格式", "格式版本", "标准版本", _SETTINGS.name.name, _SETTINGS.campaign.name,
        _SETTINGS.period_start.name, _SETTINGS.period_end.name, _SETTINGS.written_on.name, "数字校验（SHA-256）")
ROW_HEADERS = ("工作表", "行", "首个数字所在列", "路径", "来自", "计入", "各项数字（JSON）")
SHOWN_CHANGES = 8  # 提醒里最多列出这么多格


@dataclass(frozen=True)
class FigureRow:
    """汇总表上有数字的一行：在哪张表第几行（数字从第几列起），是谁，数字是多少。"""

    sheet: str
    row: int
    first_col: int
    path: tuple[str, ...]  # 明细：从本级党组织起的路径；支部汇总：（单位名称,）；合计行：（）
    source: str  # 文件（相对于汇总的文件夹）
    counted: bool
    figures: BranchFigures
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    report_date: dt.date | None = None


# ---------------------------------------------------------------- 写


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _expected_keys(rows) -> list[list[str]]:
    """每一行数字在表上应有的各格（从 first_col 起）的写法：算校验值和（读回时）核对手改的格用的是同一份。"""
    return [[cell_key(value) for value in figure_cells(r.figures)] for r in rows]


def figures_hash(rows, keys: list[list[str]], payloads: list[str]) -> str:
    """keys 是 _expected_keys(rows)：每一格写成“表!行:列=值”一行，接着各行数字的 JSON。"""
    lines = [f"{r.sheet}!{r.row}:{col}={v}" for r, row_keys in zip(rows, keys) for col, v in enumerate(row_keys, start=r.first_col)]
    return hashlib.sha256("\n".join(lines + payloads).encode("utf-8")).hexdigest()


def _payload(r: FigureRow) -> str:
    data = r.figures.to_json()
    data["dates"] = [_iso(r.period_start), _iso(r.period_end), _iso(r.report_date)]
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def metadata_rows(rollup: Rollup, rows: list[FigureRow]) -> list[tuple]:
    """“元数据”表的每一行。"""
    c = rollup.committee
    payloads = [_payload(r) for r in rows]
    values = (MARK, FORMAT_VERSION, standard.VERSION, c.name, c.campaign, _iso(c.period_start), _iso(c.period_end),
              _iso(c.report_date), figures_hash(rows, _expected_keys(rows), payloads))
    lines: list[tuple] = [standard.KEYVALUE_HEADERS, *zip(KEYS, values), (), ROW_HEADERS]
    for r, payload in zip(rows, payloads):
        lines.append((r.sheet, r.row, r.first_col, json.dumps(list(r.path), ensure_ascii=False), r.source, 1 if r.counted else 0, payload))
    return lines


# ---------------------------------------------------------------- 读


def _sheet_rows(book, name: str) -> dict[int, dict]:
    """这张表的各行：{行号: {列号: Cell}}（每格的值用到时才取：上几级的明细有几万格）。"""
    from toolkit.workbook.rows import read_rows

    sheet = next((s for s in book.sheets if s.name == name), None)
    rows: dict[int, dict] = {}
    if sheet is None:
        return rows
    for row, _, cells in read_rows(sheet):
        rows[row] = {**rows[row], **cells} if row in rows else cells  # 同一行号出现两次（坏的文件）：后面的格覆盖前面的
    return rows


def _value(rows: dict[int, dict], row: int, col: int):
    cell = rows.get(row, _NO_CELLS).get(col)
    return None if cell is None else cell.value


_NO_CELLS: dict = {}


def _day(text) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def read_summary(path, file: str) -> Subordinate | None:
    """path 是本工具写出的汇总表时，读回它的元数据；不是时为 None。元数据坏了时也为 None（当作不认得的工作簿）。"""
    from toolkit.workbook.package import open_workbook

    book = open_workbook(path)
    meta = _sheet_rows(book, METADATA_SHEET)
    head = {str(_value(meta, r, 1)): _value(meta, r, 2) for r in range(2, 2 + len(KEYS))}
    if head.get(KEYS[0]) != MARK:
        return None
    try:
        rows, payloads = _figure_rows(meta, file)
    except (KeyError, TypeError, ValueError, json.JSONDecodeError):
        return None
    sub = Subordinate(file, str(head.get(KEYS[3]) or ""), str(head.get(KEYS[4]) or ""),
                      _day(head.get(KEYS[5])), _day(head.get(KEYS[6])), _day(head.get(KEYS[7])))
    sub.branches = [_branch_of(r, file) for r in rows if r.sheet == DETAIL_SHEET and r.counted]
    sub.units = [(r.path[0], r.figures) for r in rows if r.sheet == SUMMARY_SHEET and r.counted and r.path]
    actual = {SUMMARY_SHEET: _sheet_rows(book, SUMMARY_SHEET), DETAIL_SHEET: _sheet_rows(book, DETAIL_SHEET)}
    edits = _edits(rows, payloads, str(head.get(KEYS[8]) or ""), actual)
    sub.remarks += edits
    sub.edited = bool(edits)
    if str(head.get(KEYS[2])) != str(standard.VERSION):
        sub.remarks.append(f"这本汇总表按第 {head.get(KEYS[2])} 版标准写出，本工具是第 {standard.VERSION} 版：数字照样计入，请核对。")
    return sub


def _figure_rows(meta: dict[int, dict], file: str) -> tuple[list[FigureRow], list[str]]:
    start = next(r for r in sorted(meta) if _value(meta, r, 1) == ROW_HEADERS[0]) + 1
    last = max(meta)
    rows, payloads = [], []
    for r in range(start, last + 1):
        sheet, row, first, path, source, counted, payload = (_value(meta, r, c) for c in range(1, 8))
        if sheet is None:
            continue
        data = json.loads(str(payload))
        dates = [_day(d) for d in data.get("dates", ["", "", ""])]
        rows.append(FigureRow(str(sheet), int(row), int(first), tuple(json.loads(str(path))), str(source or ""),
                              bool(int(counted)), BranchFigures.from_json(data), *dates))
        payloads.append(str(payload))
    return rows, payloads


def _branch_of(r: FigureRow, via: str) -> BranchSummary:
    """下级汇总表明细里计入的一个支部：路径从下级党委起（下级党委, …, 支部名称）。"""
    return BranchSummary(
        r.source, name=r.path[-1] if r.path else "", period_start=r.period_start, period_end=r.period_end,
        report_date=r.report_date, figures=r.figures, status=COUNTED, path=r.path, via=via,
    )


def _edits(rows: list[FigureRow], payloads: list[str], stored: str, actual: dict) -> list[str]:
    """写出后被改过的格（和元数据本身对不上时）的提醒。"""
    remarks = []
    keys = _expected_keys(rows)
    if figures_hash(rows, keys, payloads) != stored:
        remarks.append("这本汇总表隐藏的“元数据”表被改动过，数字的校验值对不上：仍按元数据里的数字计入，请向报送单位核实。")
    changed = []
    columns = {sheet: _header_columns(actual.get(sheet, _NO_CELLS)) for sheet in _IDENTITY_HEADERS}
    for r, row_keys, now_at in zip(rows, keys, _placed(rows, actual, columns)):
        cells = actual.get(r.sheet, _NO_CELLS).get(now_at, _NO_CELLS)  # 一行一行对：上几级的明细有几万格
        at_header = columns.get(r.sheet, _NO_CELLS)
        for index, value in enumerate(row_keys):
            header = FIGURE_HEADERS[index][0] if index < len(FIGURE_HEADERS) else ""
            col = at_header.get(header, r.first_col + index)  # 插了一栏（如“备注”）：按表头找这一栏现在在哪
            cell = cells.get(col)
            now = "" if cell is None else cell_key(cell.value)
            if now != value:
                changed.append(f"“{r.sheet}”表{_letter(col)}{now_at}（{header}）"
                               f"汇总时是“{value}”，现在是“{now}”")
    if changed:
        shown = "；".join(changed[:SHOWN_CHANGES]) + (f"；另有 {len(changed) - SHOWN_CHANGES} 格" if len(changed) > SHOWN_CHANGES else "")
        remarks.append(f"这本汇总表的数字在写出后被手工改过（共 {len(changed)} 格）：{shown}。"
                       "本级仍按汇总时由各支部工作簿算出的数字计入；如数字确有错误，请报送单位改正支部工作簿后重新汇总。")
    return remarks


# 认一行是谁的两栏：名称（明细是路径）和文件（表头，写出时的列号）。表上有筛选按钮：排过序的表行号变了，数字没变
_IDENTITY_HEADERS = {SUMMARY_SHEET: ((UNIT_NAME, 2), (FILE, 5)), DETAIL_SHEET: ((PATH, 3), (FILE, 4))}
_TOTAL = "合计（"  # 支部汇总末行的名称以它开头；它在元数据里没有路径
HEADER_ROWS = 5  # 表头在前几行里找：有人在上面插了一行标题


def _header_columns(cells_by_row: dict) -> dict[str, int]:
    """表头 → 现在的列号（只记只出现一次的）：插了一栏、挪了一栏也认得。找不到表头行时为空（按写出时的列号）。"""
    for number in sorted(cells_by_row)[:HEADER_ROWS]:
        texts = [(col, _text(cells_by_row[number], col)) for col in cells_by_row[number]]
        if any(t == FILE for _, t in texts) and any(t == FIGURE_HEADERS[0][0] for _, t in texts):
            counts: dict[str, int] = {}
            for _, t in texts:
                counts[t] = counts.get(t, 0) + 1
            return {t: col for col, t in texts if t and counts[t] == 1}
    return {}


def _placed(rows: list[FigureRow], actual: dict, columns: dict[str, dict[str, int]]) -> list[int]:
    """每一行数字现在在表上的第几行：按名称（明细是路径）和文件认，排过序、挪了位置也认得；
    认不出（名称也改了）或有两行认不准时，按写出时的行号。"""
    where: dict[str, dict[tuple[str, str], int | None]] = {}
    for sheet, ((name_header, name_at), (file_header, file_at)) in _IDENTITY_HEADERS.items():
        at_header = columns.get(sheet, _NO_CELLS)
        name_col, file_col = at_header.get(name_header, name_at), at_header.get(file_header, file_at)
        seen: dict[tuple[str, str], int | None] = {}
        for number, cells in actual.get(sheet, _NO_CELLS).items():
            name, file = _text(cells, name_col), _text(cells, file_col)
            key = (_TOTAL, "") if name.startswith(_TOTAL) and not file else (name, file)
            seen[key] = number if key not in seen else None
        where[sheet] = seen
    placed = []
    for r in rows:
        name = SEPARATOR.join(r.path) if r.sheet == DETAIL_SHEET else (r.path[0] if r.path else _TOTAL)
        found = where.get(r.sheet, _NO_CELLS).get((name, r.source))
        placed.append(found or r.row)
    return placed


def _text(cells: dict, col: int) -> str:
    cell = cells.get(col)
    return "" if cell is None or cell.value is None else str(cell.value).strip()


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


# ---------------------------------------------------------------- 定下计入哪一份


def _period_text(start, end) -> str:
    return f"{date_text(start) if start else '？'}至{date_text(end) if end else '？'}"


def settle_periods(rollup: Rollup) -> None:
    """报告期与本级不一致的：提醒；与本级的报告期没有一天重叠的（另一个报告期）：不计入，写明原因。"""
    c = rollup.committee
    if not (c.period_start and c.period_end):
        return
    ours = _period_text(c.period_start, c.period_end)
    units = [*(b for b in rollup.branches if b.counted), *rollup.counted_subordinates]
    for unit in units:
        start, end = unit.period_start, unit.period_end
        if not (start and end) or (start, end) == (c.period_start, c.period_end):
            continue
        theirs = _period_text(start, end)
        if end < c.period_start or start > c.period_end:
            unit.status = OTHER_PERIOD
            unit.note = f"报告期为{theirs}，与本次汇总的报告期（{ours}）没有重叠，属于另一个报告期，未计入。"
        else:
            unit.remarks.append(f"报告期为{theirs}，与本次汇总的报告期（{ours}）不一致：已计入，请核对。")


SHOWN_NAMES = 5  # 两本汇总表里重复的支部，提醒里最多点出这么多个名字


def settle_levels(rollup: Rollup) -> None:
    """同一个支部只计入一次：在下级党委的汇总表里的，按下级的计入（下级的合计不变）；
    直接报送的那一本标为重复。两本下级汇总表里都有的，计入文件排在前面的一本。提醒都写明两个来源。
    同一个下级党委报了两本汇总表（重报）的，先定下计入哪一本（_settle_resent）。"""
    _settle_resent(rollup)
    claimed: dict[str, tuple[Subordinate, BranchSummary]] = {}
    overlaps: dict[tuple[int, int], tuple[Subordinate, Subordinate, list[str]]] = {}  # 一对汇总表之间重复的支部：合成一条提醒
    for sub in rollup.counted_subordinates:
        for b in sub.counted_branches:
            key = name_key(b.name)
            if key in claimed:
                first, _ = claimed[key]
                b.status = DUPLICATE
                overlaps.setdefault((id(sub), id(first)), (sub, first, []))[2].append(b.name)
            else:
                claimed[key] = (sub, b)
    for sub, first, names in overlaps.values():
        if len(names) == 1:
            sub.remarks.append(f"“{names[0]}”也在 {first.file}（{first.name}）里：按 {first.file} 计入一次，"
                               f"{sub.file} 的合计里不再计入它。")
        else:
            shown = "".join(f"“{n}”" for n in names[:SHOWN_NAMES]) + (f"等 {len(names)} 个党支部" if len(names) > SHOWN_NAMES else f"这 {len(names)} 个党支部")
            sub.remarks.append(f"{shown}也在 {first.file}（{first.name}）里：按 {first.file} 计入一次，"
                               f"{sub.file} 的合计里不再计入它们。")
    for b in rollup.branches:
        key = name_key(b.name) if b.name else None
        if b.counted and key in claimed:
            sub, inner = claimed[key]
            b.status = DUPLICATE
            b.note = (f"“{b.name}”既直接报送了这一本（{b.file}），又在 {sub.file}（{sub.name}）里："
                      f"只计入一次，按 {sub.file} 计入，这一本未计入。")


def _settle_resent(rollup: Rollup) -> None:
    """同一个党组织（名称相同）的汇总表有几本（重报了一次，或又抄了一份）：只计入成文日期最新的一本，
    其余标为重复，并说明。不然它的每个支部都要各说一次“也在另一本里”，报告里还多出一个 0 个支部的单位。"""
    groups: dict[str, list[Subordinate]] = {}
    for sub in rollup.counted_subordinates:
        groups.setdefault(name_key(sub.name), []).append(sub)
    for group in groups.values():
        if len(group) < 2:
            continue
        winner, others, tie = newest(group)
        for sub in others:
            sub.status = DUPLICATE
            sub.note = (
                f"与 {winner.file} 都是“{sub.name}”的汇总表，成文日期相同（{_day_text(sub)}），无法判断哪本较新："
                f"暂按文件名计入 {winner.file}，这一本未计入。请核对后只留一本。"
                if tie
                else f"与 {winner.file} 都是“{sub.name}”的汇总表：计入成文日期较新的 {winner.file}（{_day_text(winner)}），"
                f"这一本（{_day_text(sub)}）未计入。"
            )
        names = "、".join(s.file for s in others)
        winner.remarks.append(
            f"“{winner.name}”的汇总表另有 {names}：成文日期相同，暂按文件名计入这一本，请核对。"
            if tie
            else f"“{winner.name}”的汇总表另有 {names}：这一本成文日期较新（{_day_text(winner)}），计入这一本。"
        )


def _day_text(sub: Subordinate) -> str:
    return date_text(sub.report_date) if sub.report_date else "未填"

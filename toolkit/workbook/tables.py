"""读取的最上一步：把用户交来的工作簿变成“标准里的哪一列、Excel 的哪一格”。

    read_workbook(path)                    → WorkbookContent（支部信息、各张表、工作表和表头层面的发现）
    read_keyvalue(spec, sheet, findings)   另一张键值表（如“汇总设置”）→ BranchInfoSheet

只找位置、不判对错：认出标准工作表（改了名、多了空格、换了顺序都认）、
找到表头行（上面有合并的标题行也行）、把表头对到标准列（别名、全角、换行都认），
读到数据为止（空行、合计行、填表人行跳过）。值的类型和规则由 checks 负责。
工作表和表头层面的问题在这里记成发现，每个根因一条。
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from toolkit import standard
from toolkit.findings import Finding, row_ranges
from toolkit.standard import Column, Sheet
from toolkit.text import clean_text, header_key
from toolkit.workbook import headers
from toolkit.workbook.cells import Cell, column_letter
from toolkit.workbook.package import XlsxSheet, open_workbook
from toolkit.workbook.rows import read_rows

HEADER_SCAN_ROWS = 30  # 在前这么多个有内容的行里找表头
UNNAMED_LISTED = 5  # 没有表头的列超过这么多，合成一条提醒

# 表格下方常见的非数据行：合计、填表人……
_FOOTER = re.compile(r"^(合计|总计|小计|共计|填表|制表|填报|审核|审批|负责人|注[:：]|说明[:：])")


@dataclass(frozen=True)
class ColumnPlace:
    """一个标准列在文件里的位置和表头的原样文字。"""

    name: str  # 标准列名
    index: int  # 1 起的列号
    header: str  # 文件里表头的原样文字

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(slots=True)  # 十几万行各一个：不带 __dict__ 省一半内存
class SheetRow:
    """表格里的一行：有内容的单元格按标准列名放。"""

    number: int  # Excel 行号
    cells: dict[str, Cell]  # 标准列名 → 单元格（只含有内容的）
    hidden: bool = False


@dataclass
class SheetTable:
    """一张表格式的工作表：对好的列和读出的行。"""

    spec: Sheet
    title: str  # 标签上的名字，原样
    header_row: int = 0  # 表头的最后一行（数据从下一行开始）
    header_top: int = 0  # 表头的第一行（多行表头时比 header_row 小）
    columns: dict[str, ColumnPlace] = field(default_factory=dict)
    rows: list[SheetRow] = field(default_factory=list)
    # 表格里不是记录的行（合计、小计、填表人、审核人、制表……）：不读成记录，交给检查说一声
    not_records: list[SheetRow] = field(default_factory=list)

    def letter(self, column: str) -> str | None:
        place = self.columns.get(column)
        return place.letter if place else None


@dataclass
class InfoItem:
    """键值表里的一项：项目名、所在行和内容那一格。"""

    name: str
    row: int
    letter: str  # 内容所在列
    cell: Cell | None


@dataclass
class BranchInfoSheet:
    """“支部信息”这张键值表：项目名 → 那一项。"""

    spec: Sheet
    title: str
    items: dict[str, InfoItem] = field(default_factory=dict)


@dataclass
class WorkbookContent:
    """读出的一本工作簿：各表、读取时的发现（还没换成类型、没跑规则）。"""

    path: Path
    date1904: bool
    info: BranchInfoSheet | None
    tables: dict[str, SheetTable]  # 标准表名 → 表
    findings: list[Finding]
    has_macros: bool = False


def read_workbook(path) -> WorkbookContent:
    """读取工作簿；文件本身读不了时抛出 WorkbookFileError（消息已是中文）。
    path 也可以是已经读进来的 files.InputFile（一次命令只读一次输入）。"""
    book = open_workbook(path)
    findings: list[Finding] = []
    if book.has_macros:
        findings.append(
            Finding(
                "file.macros",
                "这个工作簿含有宏（VBA 代码）。本工具只读取单元格里的数据，不会运行宏。",
                fix="不需要处理；来源不明的宏，在 Excel 里打开时请不要点“启用宏”",
            )
        )
    matched = _match_sheets(book.sheets, findings)

    info = None
    tables: dict[str, SheetTable] = {}
    for spec in standard.SHEETS:
        sheet = matched.get(spec.name)
        if sheet is None:
            if spec.required:
                findings.append(
                    Finding(
                        "sheet.missing",
                        f"工作簿中没有“{spec.name}”工作表。",
                        expected=f"一个名为“{spec.name}”的工作表（{spec.help}）",
                        fix=f"从空白模板（toolkit new-workbook）复制“{spec.name}”工作表过来，或把对应的工作表改名为“{spec.name}”",
                    )
                )
            continue
        if spec.layout == "keyvalue":
            info = _read_info(spec, sheet, findings)
        else:
            tables[spec.name] = _read_table(spec, sheet, findings)
    return WorkbookContent(book.path, book.date1904, info, tables, findings, book.has_macros)


# ---------------------------------------------------------------- 工作表


def _sheet_keys(spec: Sheet) -> list[str]:
    return [header_key(n) for n in (spec.name, *spec.aliases)]


def _match_sheets(sheets: list[XlsxSheet], findings: list[Finding]) -> dict[str, XlsxSheet]:
    standard_names = {header_key(spec.name): spec.name for spec in standard.SHEETS}
    alias_names = {}
    for spec in standard.SHEETS:
        for key in _sheet_keys(spec):
            alias_names.setdefault(key, spec.name)
    ignored = {header_key(n) for n in standard.TEMPLATE_ONLY_SHEETS}

    # 标准名字优先，别名其次：一本里既有“报告正文”又有“正文”时取前者
    ordered = sorted(sheets, key=lambda s: header_key(s.name) not in standard_names)
    matched: dict[str, XlsxSheet] = {}
    extras: list[XlsxSheet] = []
    for sheet in ordered:
        key = header_key(sheet.name)
        if key in ignored:
            continue
        name = alias_names.get(key)
        if name is None:
            if not sheet.hidden:
                extras.append(sheet)
            continue
        if name in matched:
            findings.append(
                Finding(
                    "sheet.duplicate",
                    f"已经有一张“{matched[name].name}”表作为“{name}”读取，这张“{sheet.name}”被忽略。",
                    sheet=sheet.name,
                    fix=f"保留一张“{name}”表，把另一张删除或改名",
                )
            )
            continue
        matched[name] = sheet
    findings.extend(_extra_sheets(extras))
    return matched


def _extra_sheets(extras: list[XlsxSheet]) -> list[Finding]:
    """不是标准表的工作表：少的一张一条；很多张（超过 UNNAMED_LISTED）合成一条，免得上万张表就是上万条。"""
    fix = "不需要处理；如果它本该是某张标准表，请把它改成标准的名字（见“填表说明”）"
    if len(extras) <= UNNAMED_LISTED:
        return [Finding("sheet.extra", f"“{s.name}”不是标准工作表，本工具不读取它。", sheet=s.name, fix=fix) for s in extras]
    shown = "".join(f"“{s.name}”" for s in extras[:UNNAMED_LISTED])
    return [
        Finding(
            "sheet.extra",
            f"{shown}等 {len(extras):,} 张工作表不是标准工作表，本工具不读取它们。",
            fix="不需要处理；如果其中有本该是标准表的，请把它改成标准的名字（见“填表说明”）",
        )
    ]


# ---------------------------------------------------------------- 表头


def _header_text(cell: Cell) -> str:
    if cell.value is None:
        return ""
    return clean_text(str(cell.value))


def _read_table(spec: Sheet, sheet: XlsxSheet, findings: list[Finding]) -> SheetTable:
    """一张表：找表头 → 对上标准列 → 读表头以下的数据行 → 合并单元格、缺列、隐藏行。
    合并单元格显示表头比找到的更高（下一行是分组标题下的列名）时，按合并单元格再读一遍。"""
    table, band, scanned, told = _read_table_once(spec, sheet)
    if band is not None and sheet.merged_ranges:
        merges = sheet.merged_ranges
        extent = headers.band_extent(band, scanned, merges, headers.column_lookup(spec))
        if extent > band.last:
            table, band, scanned, told = _read_table_once(spec, sheet, (band.first, extent, merges))
    findings.extend(told)
    return table


def _read_table_once(spec: Sheet, sheet: XlsxSheet, forced=None):
    """读一遍 →（表, 表头, 找表头时读过的行, 发现）。forced 是（表头第一行, 最后一行, 合并单元格），不给时自己找表头。"""
    findings: list[Finding] = []
    table = SheetTable(spec, sheet.name)
    lookup = headers.column_lookup(spec)
    rows = read_rows(sheet)
    scanned, band = headers.find_band(rows, lookup, HEADER_SCAN_ROWS, len(spec.columns))
    if forced is not None and band is not None:
        band = headers.forced_band(scanned, *forced)
    if band is None:
        if scanned:  # 空表：没有表头也没有数据，由必填列检查说一次
            findings.append(_no_header(spec, sheet))
        return table, None, scanned, findings
    table.header_top, table.header_row = band.first, band.last
    placed = headers.place_headers(band, lookup)
    _set_columns(table, placed)
    data = _DataRows(table, band.indexes)
    for item in itertools.chain(scanned, rows):  # 找表头时读过的行也要当数据看
        data.take(item)
    layout = headers.describe_layout(band, sheet.merged_ranges)
    _report_headers(table, placed, layout, findings)
    _report_unnamed_columns(table, data.unnamed, layout, findings)
    _fill_merged(table, sheet)
    unplaced = [f"{c.letter}列“{c.text}”" for c in placed if c.column is None]
    unplaced += [f"{column_letter(i)}列（没有表头）" for i in sorted(data.unnamed)[:UNNAMED_LISTED]]
    _report_missing_columns(table, layout, unplaced, findings)
    _report_hidden_rows(table, sheet, findings)
    return table, band, scanned, findings


def _no_header(spec: Sheet, sheet: XlsxSheet) -> Finding:
    return Finding(
        "sheet.no_header",
        f"在“{sheet.name}”表的前 {HEADER_SCAN_ROWS} 行里找不到表头（例如“{spec.columns[0].name}”“{spec.columns[1].name}”）。",
        sheet=sheet.name,
        expected="第一行是表头，写着标准的列名：" + "、".join(c.name for c in spec.columns),
        fix="从空白模板复制表头行，粘贴到数据上方",
    )


def _set_columns(table: SheetTable, placed: list[headers.HeaderCell]) -> None:
    """对上标准列的表头记进 table.columns（同一标准列出现两次时只记第一次）。"""
    for cell in placed:
        if cell.column is not None and cell.column.name not in table.columns:
            table.columns[cell.column.name] = ColumnPlace(cell.column.name, cell.index, cell.text)


def _report_headers(table: SheetTable, placed: list[headers.HeaderCell], layout: str, findings: list[Finding]) -> None:
    """重复的列、按写错的字读的列各记一条；不是标准列的列合成一条。"""
    extras = []
    for cell in placed:
        if cell.column is None:
            extras.append(f"{cell.letter}列“{cell.text}”")
            continue
        first = table.columns[cell.column.name]
        if first.index != cell.index:
            findings.append(_duplicate_column(table, first, cell.index, cell.text))
        elif cell.near:
            findings.append(_misspelled(table, cell))
    if extras:
        findings.append(
            Finding(
                "column.extra",
                f"这些列不是标准列，本工具不读取：{'、'.join(extras)}（{layout}）。",
                sheet=table.title,
                row=table.header_row,
                fix="如果其中有本该读取的列，请把表头改成标准列名（见“填表说明”），数据不用重填；"
                "自己加的列本工具不读取，也不影响报告",
            )
        )


def _misspelled(table: SheetTable, cell: headers.HeaderCell) -> Finding:
    """写错一个字的表头：按最接近的标准列读了，提醒一次；数据照常读取，不用重填。"""
    name = cell.column.name
    like = f"（与“{cell.near}”只差一个字）" if cell.near != name else ""
    return Finding(
        "column.misspelled",
        f"{cell.letter}列「{cell.text}」按「{name}」读取{like}。",
        sheet=table.title,
        row=cell.row,
        column=cell.letter,
        header=cell.text,
        expected=f"表头写“{name}”",
        fix=f"把表头改为“{name}”即可，这一列的数据不用改；如果这一列其实不是{name}，请把表头改成别的名字",
    )


def _duplicate_column(table: SheetTable, first: ColumnPlace, index: int, text: str) -> Finding:
    return Finding(
        "column.duplicate",
        f"“{first.name}”出现了两次：{first.letter}列“{first.header}”和 {column_letter(index)}列“{text}”。本工具只读 {first.letter} 列。",
        sheet=table.title,
        row=table.header_row,
        column=column_letter(index),
        header=text,
        fix="删除多余的一列，或改掉其中一个表头",
    )


class _DataRows:
    """表头以下的数据行：跳过空行、合计行、填表人行，其余记进 table.rows；记下有数据却没有表头的列。"""

    def __init__(self, table: SheetTable, header_indexes: set[int]):
        self.table = table
        self.by_index = {place.index: place.name for place in table.columns.values()}
        self.header_indexes = header_indexes
        self.unnamed: dict[int, int] = {}  # 没有表头却有数据的列 → 第一次出现的行
        # 每种文字只看一次：（只有空白，像合计/填表人行的开头）。出勤明细里同样几个字重复上万次
        self.seen_texts: dict[str, tuple[bool, bool]] = {}

    def take(self, item) -> None:
        """一行：有内容的格对到标准列（每行都走这里，写成一整段）。"""
        number, hidden, cells = item
        table = self.table
        if number <= table.header_row:
            return
        by_index, seen_texts, picked = self.by_index, self.seen_texts, {}
        texts = 0  # 已看过的前两格文字
        footer = False
        for index in sorted(cells) if len(cells) > 1 else cells:
            cell = cells[index]
            value = cell.value
            if isinstance(value, str):
                seen = seen_texts.get(value)
                if seen is None:
                    seen = _text_facts(value)
                    if len(seen_texts) < _TEXT_CACHE_LIMIT:
                        seen_texts[value] = seen
                if seen[0] and cell.kind in _BLANKABLE:
                    continue
                if texts < 2:
                    texts += 1
                    footer = footer or seen[1]
            elif value is None and cell.kind in _BLANKABLE:
                continue
            name = by_index.get(index)
            if name is not None:
                picked[name] = cell
            elif index not in self.header_indexes:
                self.unnamed.setdefault(index, number)
        if not picked:
            return
        if footer and not _looks_like_data(table.spec, picked):
            table.not_records.append(SheetRow(number, picked, hidden))
        else:
            table.rows.append(SheetRow(number, picked, hidden))


def _report_unnamed_columns(table: SheetTable, unnamed: dict[int, int], layout: str, findings: list[Finding]) -> None:
    """有数据却没有表头的列：少的一列一条；一大片（超过 UNNAMED_LISTED 列）是一个根因，合成一条。
    这些列的数据读不进来，所以不说“可以不处理”：说清看到的表头是什么样子、怎么让它读进来。"""
    if len(unnamed) > UNNAMED_LISTED:
        indexes = sorted(unnamed)
        shown = "、".join(column_letter(i) for i in indexes[:UNNAMED_LISTED])
        findings.append(
            Finding(
                "column.unnamed",
                f"{shown} 等 {len(indexes)} 列有数据（从第 {min(unnamed.values())} 行起）但没有表头（{layout}），本工具不读取这些列。",
                sheet=table.title,
                row=table.header_row,
                column=column_letter(indexes[0]),
                fix="如果其中有要读取的列，请在表头最后一行补上标准列名（见“填表说明”）；表格右边多余的内容可以删除",
            )
        )
        return
    for index, number in sorted(unnamed.items()):
        findings.append(
            Finding(
                "column.unnamed",
                f"{column_letter(index)} 列有数据（从第 {number} 行起）但没有表头（{layout}），本工具不读取这一列。",
                sheet=table.title,
                row=table.header_row,
                column=column_letter(index),
                fix=f"如果这一列是标准列，请在第{table.header_row}行补上标准列名（见“填表说明”），数据不用重填；"
                "自己加的列可以删除，留着也不影响报告",
            )
        )


_BLANKABLE = frozenset(("value", "date"))  # 公式未计算、出错、图片都不算空
_TEXT_CACHE_LIMIT = 200_000


def _text_facts(text: str) -> tuple[bool, bool]:
    """（清理后是空的，像表格下方的合计/填表人行）。"""
    cleaned = clean_text(text)
    return not cleaned, bool(_FOOTER.match("".join(cleaned.split())))  # “合 计”“填 表 人”也认


def _is_blank(cell: Cell) -> bool:
    if cell.kind not in _BLANKABLE:
        return False
    value = cell.value
    if value is None:
        return True
    return isinstance(value, str) and not clean_text(value)


def _looks_like_data(spec: Sheet, picked: dict[str, Cell]) -> bool:
    """“合计”行也可能恰好是数据（比如活动名称叫“合计……”）：有了身份列以外的必填文字才算数据。"""
    identity = {c.name for c in spec.identity_columns}
    required_text = [c.name for c in spec.columns if c.need == standard.REQUIRED and c.name not in identity]
    filled = [n for n in required_text if n in picked]
    return len(filled) >= max(2, len(required_text) - 1)


def _fill_merged(table: SheetTable, sheet: XlsxSheet) -> None:
    """数据区内的合并单元格：合并范围里的每一格都当作左上角的值（用户正是这个意思）。"""
    ranges = sheet.merged_ranges
    if not ranges or not table.rows:
        return
    by_number = {row.number: row for row in table.rows}
    index_to_name = {p.index: p.name for p in table.columns.values()}
    for min_row, min_col, max_row, max_col in ranges:
        if max_row <= table.header_row:
            continue
        top = by_number.get(min_row)
        if top is None:
            continue
        for col in range(min_col, max_col + 1):
            source_name = index_to_name.get(min_col)
            name = index_to_name.get(col)
            if source_name is None or name is None or source_name not in top.cells:
                continue
            value = top.cells[source_name]
            for number in range(min_row, max_row + 1):
                row = by_number.get(number)
                if row is not None and name not in row.cells:
                    row.cells[name] = value


def _report_missing_columns(table: SheetTable, layout: str, unplaced: list[str], findings: list[Finding]) -> None:
    """缺少必填列：一列一条。表里有对不上的列（unplaced，如“K列“应到数””）时，数据可能就在那里，先请用户看那几列。"""
    spec = table.spec
    for column in spec.columns:
        if column.name in table.columns:
            continue
        if column.need == standard.REQUIRED:
            needed = True
        elif column.required_when:
            other_key, value = column.required_when
            other = spec.col[other_key].name
            needed = any(_cell_text(row.cells.get(other)) == value for row in table.rows)
        else:
            needed = False
        if not needed:
            continue
        when = f"（{column.condition}）" if column.condition else ""
        fix = f"在表头行加一列“{column.name}”并逐行填写（可以从空白模板复制表头）"
        if unplaced:
            fix = f"如果{'、'.join(unplaced)}就是“{column.name}”，把它的表头改为“{column.name}”即可，数据不用重填；否则" + fix
        findings.append(
            Finding(
                "column.missing",
                f"缺少“{column.name}”列{when}，这一列是必填的（{layout}）。",
                sheet=table.title,
                row=table.header_row or None,
                header=column.name,
                expected=f"表头行里有一列“{column.name}”：{column.expectation}",
                fix=fix,
            )
        )


def _cell_text(cell: Cell | None) -> str:
    if cell is None or cell.value is None:
        return ""
    return clean_text(str(cell.value))


def _report_hidden_rows(table: SheetTable, sheet: XlsxSheet, findings: list[Finding]) -> None:
    hidden = [row.number for row in table.rows if row.hidden]
    if not hidden:
        return
    why = "（表格设置了筛选）" if sheet.has_autofilter else ""
    findings.append(
        Finding(
            "sheet.hidden_rows",
            f"{row_ranges(hidden)}是隐藏的{why}，本工具照常读取并计入统计。",
            sheet=table.title,
            fix="核对这些行是否应当计入；不应计入的请删除整行，而不是隐藏",
        )
    )


# ---------------------------------------------------------------- 支部信息（键值表）


def _read_info(spec: Sheet, sheet: XlsxSheet, findings: list[Finding]) -> BranchInfoSheet:
    """键值表：每行第一格有内容的是项目名，它右边一格是内容。项目名写错一个字的按最接近的项目读，提醒一次。"""
    info = BranchInfoSheet(spec, sheet.name)
    lookup = headers.column_lookup(spec)
    titles = {header_key(h) for h in standard.KEYVALUE_HEADERS}
    unknown = []
    for number, _hidden, cells in read_rows(sheet):
        indexes = [i for i in sorted(cells) if not _is_blank(cells[i])]
        if not indexes:
            continue
        first = indexes[0]
        label = _header_text(cells[first]) if isinstance(cells[first].value, str) else ""
        item = headers.match_header(label, lookup) if label else None
        if item is None:
            if label and header_key(label) not in titles and len(label) <= 20:
                unknown.append((number, first, label, cells))
            continue
        if item.name not in info.items:
            info.items[item.name] = InfoItem(item.name, number, column_letter(first + 1), cells.get(first + 1))
    extras = _near_items(info, lookup, unknown, findings)
    _report_missing_items(info, findings)
    if extras:
        findings.append(
            Finding(
                "item.extra",
                f"这些项目不是标准项目，本工具不读取：{'、'.join(extras)}。",
                sheet=sheet.name,
                fix="如果其中有本该读取的项目，请改成标准的名字（见“填表说明”），内容不用重填；自己加的项目本工具不读取，也不影响报告",
            )
        )
    return info


def _near_items(info: BranchInfoSheet, lookup, unknown: list, findings: list[Finding]) -> list[str]:
    """对不上的项目名：只错一个字、接近一个还没有的项目时按它读（提醒一次），其余返回给“不是标准项目”那一条。"""
    extras = []
    guesses: dict[str, list] = {}
    for number, first, label, cells in unknown:
        near = headers.near_column(label, lookup, frozenset(info.items))
        if near is None:
            extras.append(f"第{number}行“{label}”")
        else:
            guesses.setdefault(near[0].name, []).append((number, first, label, cells, near[1]))
    for name, found in guesses.items():
        if len(found) > 1:  # 两个写错的项目名接近同一项：不猜
            extras += [f"第{number}行“{label}”" for number, _f, label, _c, _n in found]
            continue
        number, first, label, cells, near = found[0]
        info.items[name] = InfoItem(name, number, column_letter(first + 1), cells.get(first + 1))
        like = f"（与“{near}”只差一个字）" if near != name else ""
        findings.append(
            Finding(
                "item.misspelled",
                f"{column_letter(first)}{number}「{label}」按「{name}」读取{like}。",
                sheet=info.title,
                row=number,
                column=column_letter(first),
                header=label,
                expected=f"项目名写“{name}”",
                fix=f"把项目名改为“{name}”即可，右边的内容不用改；如果这一项其实不是{name}，请把项目名改成别的名字",
            )
        )
    return sorted(extras, key=lambda text: int(text[1 : text.index("行")]))


def _report_missing_items(info: BranchInfoSheet, findings: list[Finding]) -> None:
    for column in info.spec.columns:
        if column.name not in info.items and column.need == standard.REQUIRED:
            findings.append(
                Finding(
                    "item.missing",
                    f"“{info.title}”表里没有“{column.name}”这一项。",
                    sheet=info.title,
                    header=column.name,
                    expected=f"A 列写“{column.name}”，B 列填写{column.expectation}",
                    fix=f"在 A 列空行写上“{column.name}”，在它右边一格填写内容",
                )
            )


def read_keyvalue(spec: Sheet, sheet: XlsxSheet, findings: list[Finding]) -> BranchInfoSheet:
    """另一张键值表（如 standard.ROLLUP_SETTINGS“汇总设置”）：与“支部信息”同样的读法。"""
    return _read_info(spec, sheet, findings)

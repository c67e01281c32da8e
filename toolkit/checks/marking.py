"""标注副本：把有问题的单元格涂色、加批注，另存一份；原文件一个字节也不动。

    write_marked_copy(source, findings, target)

错误涂浅红、提醒涂浅黄；同一格的几条发现合成一条批注。
没有列的发现标在这一行第一个有内容的格；只有表头名的发现标在表头那一格（找得到时）。
末尾加一张“问题清单”表，列出全部发现。写出的文字一律存为文字，不当公式。
副本和其他输出一样遮盖身份证号、联系电话（1101**********1234、138****5678）：副本常被转发，
改正请在原文件里改。身份证号、联系电话两列按列遮；此外每张表、每一格、批注、页眉页脚、文件属性都按内容遮，
副本里只有看到的值，没有公式。输入只读一次：检查和副本用的是同一份字节（files.InputFile）。
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from toolkit.errors import OutputError, WorkbookFileError
from toolkit.files import InputFile, identity_of, write_atomically
from toolkit.findings import ERROR, Finding, finding_order
from toolkit import standard
from toolkit.privacy import ID, has_sensitive_number, mask, mask_package, mask_text
from toolkit.text import cell_text, header_key, value_text
from toolkit.workbook.tables import WorkbookContent

AUTHOR = "toolkit"
ERROR_FILL = "FFC7CE"  # 浅红
WARNING_FILL = "FFEB9C"  # 浅黄
LIST_SHEET = "问题清单"
LIST_HEADERS = ("级别", "工作表", "单元格", "问题", "应填写", "修改方法", "填写的是")

HEADER_SEARCH_ROWS = 30  # 找表头时看前这么多行
MAX_ROW = 1_048_576
MAX_COL = 16_384
# 副本用 openpyxl 整本载入（每格约 1 KB 内存）：格子太多就不做副本，而不是吃掉几个 GB
MAX_MARK_CELLS = 300_000
# openpyxl 每条共享字符串要建几个对象（约 25 微秒、几百字节），每加一张表都要把已有的表名查一遍
# （表越多越慢，按表数的平方增长）：超过这些就不做副本，几毫秒内说清楚
MAX_MARK_STRINGS = 100_000
MAX_MARK_SHEETS = 300
# openpyxl 载入后约占 XML 的十倍内存：工作表和共享字符串的 XML 合计（去掉只有格式的尾巴后）不超过这么多
MAX_MARK_XML = 24 * 1024 * 1024
TRIM_FROM = 1024 * 1024  # 工作表 XML 超过这么大，先去掉数据下方只有格式的行（“格式刷到第 1,048,576 行”）
_LETTERS = re.compile(r"^[A-Z]{1,3}$")


def _fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _key(text) -> str:
    return re.sub(r"\s+", "", str(text)) if text is not None else ""


class _Sheets:
    """工作表名 → 工作表：建一次表，每条发现查一次（逐张比较要按表数 × 发现数的次数比，上万张表时很慢）。"""

    def __init__(self, wb):
        self.exact: dict[str, object] = {}
        self.stripped: dict[str, object] = {}
        for ws in wb.worksheets:  # 图表工作表没有单元格，不在其中
            self.exact.setdefault(ws.title, ws)
            self.stripped.setdefault(ws.title.strip(), ws)

    def find(self, name: str):
        return self.exact.get(name) or self.stripped.get(name.strip())  # 标签名首尾空格之类的差别



def _column_index(letter: str | None) -> int | None:
    if not letter or not _LETTERS.match(letter):
        return None
    index = column_index_from_string(letter)
    return index if index <= MAX_COL else None


def _top_left(ws, row: int, col: int) -> tuple[int, int]:
    """合并单元格只能在左上角那一格标注。"""
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= col <= merged.max_col:
            return merged.min_row, merged.min_col
    return row, col


def _first_filled(ws, row: int) -> int:
    for cell in ws[row]:
        if not isinstance(cell, MergedCell) and cell.value not in (None, ""):
            return cell.column
    return 1


def _header_cell(ws, finding: Finding) -> tuple[int, int] | None:
    """只给了表头名的发现：在前几行里找写着这个表头的格。"""
    wanted = _key(finding.header)
    if not wanted:
        return None
    only = _column_index(finding.column)
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, HEADER_SEARCH_ROWS)):
        for cell in row:
            if only and cell.column != only:
                continue
            if isinstance(cell.value, str) and _key(cell.value) == wanted:
                return cell.row, cell.column
    return None


def _place(ws, finding: Finding) -> tuple[int, int] | None:
    """发现落在哪一格：(行, 列)，落不到格上时 None。"""
    row = finding.row if finding.row and 1 <= finding.row <= MAX_ROW else None
    col = _column_index(finding.column)
    if row and col:
        return _top_left(ws, row, col)
    if row:
        return _top_left(ws, row, _first_filled(ws, row))
    if finding.header:
        return _header_cell(ws, finding)
    return None


def _comment_part(f: Finding) -> str:
    lines = [f"[{f.severity}] {f.problem}"]
    if f.found is not None:
        lines.append(f"填写的是：{f.found}")
    if f.expected:
        lines.append(f"应填写：{f.expected}")
    if f.fix:
        lines.append(f"修改方法：{f.fix}")
    return "\n".join(lines)


def _comment(parts: list[str], old) -> Comment:
    text = "\n\n".join(parts)
    if old is not None and old.text:
        text += f"\n\n（原批注）{old.text}"
    text = cell_text(text)
    lines = sum(max(1, len(line) // 20 + 1) for line in text.split("\n"))
    return Comment(text, AUTHOR, height=min(600, 20 + 16 * lines), width=320)


def _cell_label(f: Finding) -> str:
    if f.cell:
        return f.cell
    if f.row:
        return f"第{f.row}行"
    if f.header:
        return f"「{f.header}」"
    return ""


def _link(cell, ws_title: str, row: int, col: int) -> None:
    quoted = "'" + ws_title.replace("'", "''") + "'"
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{quoted}!{get_column_letter(col)}{row}")
    cell.font = Font(color="0563C1", underline="single")


def _list_sheet(wb, ordered: list[Finding], places: dict[int, tuple]) -> None:
    ws = wb.create_sheet(LIST_SHEET)  # 重名时 openpyxl 自动加序号
    for col, header in enumerate(LIST_HEADERS, start=1):
        cell = ws.cell(1, col)
        cell.value = header
        cell.data_type = "s"
        cell.font = Font(bold=True)
        cell.fill = _fill("EDEDED")
    for row, f in enumerate(ordered, start=2):
        values = (f.severity, f.sheet or "", _cell_label(f), f.problem, f.expected, f.fix, "" if f.found is None else f.found)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col)
            if value:
                cell.value = cell_text(value)
                cell.data_type = "s"  # 以“=”开头的文字也是文字
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row, 1).fill = _fill(ERROR_FILL if f.severity == ERROR else WARNING_FILL)
        place = places.get(id(f))
        if place is not None:
            _link(ws.cell(row, 3), *place)
    for letter, width in zip("ABCDEFG", (8, 14, 12, 50, 40, 40, 24)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    if ordered:
        ws.auto_filter.ref = f"A1:G{len(ordered) + 1}"


_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?(?:/>|>.*?</(?:[A-Za-z_][\w.-]*:)?row>)", re.S)
_CONTENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:v|is|f)[\s>/]")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")


def _trim_sheet(xml: bytes) -> bytes:
    """去掉最后一个有内容的行之后那些只有格式的行；表格本身（含中间的空行）一字不动。"""
    first = last_content_end = last_end = None
    for match in _ROW.finditer(xml):
        if first is None:
            first = match.start()
        last_end = match.end()
        if _CONTENT.search(xml, match.start(), match.end()):
            last_content_end = match.end()
    if first is None:
        return xml
    keep_to = last_content_end if last_content_end is not None else first
    return xml[:keep_to] + xml[last_end:]


def _package_for_copy(data: bytes) -> io.BytesIO:
    """给 openpyxl 的工作簿：大的工作表先去掉只有格式的尾巴；格子仍然太多就不做副本（OutputError）。"""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
        sheets = [i for i in infos if i.filename.lower().startswith("xl/worksheets/") and i.filename.lower().endswith(".xml")]
        xml_bytes = _refuse_too_many(zf, infos, len(sheets))
        trimmed = {}
        cells = 0
        for info in sheets:
            xml = zf.read(info)
            if info.file_size > TRIM_FROM:
                xml = trimmed[info.filename] = _trim_sheet(xml)
            cells += len(_CELL.findall(xml))
            xml_bytes += len(xml)
        if xml_bytes > MAX_MARK_XML:
            raise OutputError(
                f"工作簿里的文字和单元格解压后约有 {xml_bytes / 2**20:,.0f} MB，做标注副本最多 {MAX_MARK_XML // 2**20} MB"
                "（要用太多的内存和时间），所以没有写标注副本（上面的检查结果不受影响）。"
                "请删除多余的行、工作表和大段的文字后再试，或者不加 --mark。"
            )
        if cells > MAX_MARK_CELLS:
            raise OutputError(
                f"工作簿里约有 {cells:,} 个单元格，做标注副本要用太多的内存和时间，所以没有写标注副本（上面的检查结果不受影响）。"
                "请删除多余的行和列（包括只刷了格式的空行）后再试，或者不加 --mark。"
            )
        if not trimmed:
            return io.BytesIO(data)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in infos:
                copy.writestr(info, trimmed.get(info.filename) or zf.read(info), compress_type=zipfile.ZIP_DEFLATED)
    out.seek(0)
    return out


def _refuse_too_many(zf: zipfile.ZipFile, infos: list, sheets: int) -> int:
    """工作表、共享字符串太多的工作簿不交给 openpyxl（OutputError：检查结果照常，只是没有副本）。
    返回共享字符串 XML 的字节数（没有时是 0）。"""
    if sheets > MAX_MARK_SHEETS:
        raise OutputError(
            f"工作簿里有 {sheets:,} 张工作表，做标注副本最多 {MAX_MARK_SHEETS:,} 张（表越多，做副本越慢），"
            "所以没有写标注副本（上面的检查结果不受影响）。请删除多余的工作表后再试，或者不加 --mark。"
        )
    shared = next((i for i in infos if i.filename.lower() == "xl/sharedstrings.xml"), None)
    if shared is None:
        return 0
    count = size = 0
    with zf.open(shared) as stream:  # 按块数“<si”，不解析：上千万条也只要一两秒，内存不涨
        tail = b""  # 上一块的最后 3 个字节：跨块的“<si>”也数得到，又不会数两次（4 个字节放不进 3 个字节）
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            count += data.count(b"<si>") + data.count(b"<si ")
            size += len(chunk)
            tail = chunk[-3:]
            if size > MAX_MARK_XML:
                return size  # 由调用方说“太大”
            if count > MAX_MARK_STRINGS:
                raise OutputError(
                    f"工作簿里不重复的文字（共享字符串）超过 {MAX_MARK_STRINGS:,} 条，做标注副本要用太多的内存和时间，"
                    "所以没有写标注副本（上面的检查结果不受影响）。请删除多余的行和工作表后再试，或者不加 --mark。"
                )
    return size


def _source_of(source) -> InputFile:
    """已经读进来的输入（一次命令只读一次）；给的是路径时读它一次。"""
    if isinstance(source, InputFile):
        return source
    from toolkit.workbook.identify import read_workbook_input

    try:
        return read_workbook_input(Path(source))
    except WorkbookFileError as error:
        raise ValueError(f"无法打开“{Path(source).name}”来做标注副本：{error}") from None


def _mask_sensitive(wb, content: WorkbookContent) -> None:
    """副本里身份证号、联系电话两列按列遮（位置由读取器找：改了名、换了列序也找得到）：
    放错了列的、不完整的号码也遮成固定的样子。"""
    sheets = _Sheets(wb)
    for table in content.tables.values():
        sensitive = [c for c in table.spec.columns if c.sensitive and c.name in table.columns]
        if not sensitive:
            continue
        ws = sheets.find(table.title)
        if ws is None:
            continue
        for column in sensitive:
            index = table.columns[column.name].index
            for row in table.rows:
                _set_text(ws.cell(row.number, index), lambda value: mask(value, column.sensitive))


# 读取器不认识、但一看就是号码的表头（“证件号码”“联系人电话”）：这一列按列遮，不完整的号码也遮成固定的样子。
# 认法：表头里含有标准里身份证号、联系电话列的名字或别名，或含有“证件”
_ID_HINT = "证件"
HINTED_ROWS = 20_000  # 这样的列至多往下看这么多行（支部的名册不会更长；免得为一格“XFD1048576”建出百万个格）


def _sensitive_words() -> list[tuple[str, str]]:
    words = [(header_key(name), c.sensitive) for sheet in standard.SHEETS for c in sheet.columns if c.sensitive
             for name in (c.name, *c.aliases)]
    return sorted(set(words + [(_ID_HINT, ID)]), key=lambda w: -len(w[0]))


def _mask_hinted_columns(wb) -> None:
    """每张表（名册备份之类的也算）里表头像身份证号、电话的列：含 5 位以上数字的值按列遮。"""
    words = _sensitive_words()
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, HEADER_SEARCH_ROWS)):
            for cell in row:
                key = header_key(cell.value) if isinstance(cell.value, str) else ""
                kind = next((k for word, k in words if word and word in key), None)
                if kind:
                    _mask_column(ws, cell.row, cell.column, kind)


def _mask_column(ws, header_row: int, column: int, kind: str) -> None:
    for row in range(header_row + 1, min(ws.max_row, header_row + HINTED_ROWS) + 1):
        cell = ws.cell(row, column)
        text = value_text(cell.value)
        if "*" not in text and sum(ch.isdigit() for ch in text) >= 5:  # 遮过的（标准的两列）不再遮
            _set_text(cell, lambda value: mask(value, kind))


def _set_text(cell, masker) -> None:
    """一格换成遮过的文字（存为文字，不当公式）；没有要遮的就不动。"""
    if isinstance(cell, MergedCell) or cell.value in (None, ""):
        return
    value = cell.value
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 存成数字的身份证号：5.137221973052846e+17 按整数的样子认
    text = value if isinstance(value, str) else value_text(value)
    masked = masker(text)
    if masked != text:
        cell.value = cell_text(masked)
        cell.data_type = "s"


def write_marked_copy(source, findings: list[Finding], target: Path, *, content: WorkbookContent | None = None) -> None:
    """另存一份标注副本到 target（先写临时文件再换名）。source 是读进来的输入（files.InputFile）或它的路径，只读不写；
    content 是读取器从同一份字节读出的内容（给了就不再读）。"""
    target = Path(target)
    source = _source_of(source)
    if target.exists() and identity_of(target) == source.identity:
        raise ValueError("标注副本不能和原文件是同一个文件：本工具从不修改原文件")
    wb = _load_for_copy(source)
    if content is None:
        from toolkit.workbook.tables import read_workbook

        content = read_workbook(source)
    ordered = sorted(findings, key=finding_order(list(wb.sheetnames)))
    places = _mark_cells(wb, ordered)
    _mask_sensitive(wb, content)
    _mask_hinted_columns(wb)
    _list_sheet(wb, ordered, places)
    clean_workbook(wb)

    # 原来选中的工作表保持不变；去掉多选，免得 Excel 打开时成了“工作组”
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is wb.active

    buffer = io.BytesIO()
    wb.save(buffer)
    data = mask_package(buffer.getvalue())  # 最后一道关：漏掉的地方（属性值、定义的名称……）也按内容遮
    write_atomically(target, data, force=True, inputs=(source,), option="--mark")  # 要不要覆盖，调用方已经问过


def _load_for_copy(source: InputFile):
    """openpyxl 的工作簿：只取单元格里看到的值，不带公式（HYPERLINK、DDE、拼出来的号码都不带进副本）、宏和外部链接。"""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # 数据验证扩展等不支持的部分：副本里丢掉即可
            return load_workbook(_package_for_copy(source.data), keep_vba=False, data_only=True, keep_links=False)
    except OutputError:
        raise  # 太大：调用方自有说法
    except Exception as error:  # 坏文件：交给调用方变成一句中文
        raise ValueError(_why_unopenable(source.path, source.data)) from error


def _why_unopenable(source: Path, data: bytes | None) -> str:
    """openpyxl 打不开、本工具的读取器却读得了的文件：说出哪里不对（最常见的是 Excel 不允许的工作表名）。
    data 是交给 openpyxl 的那份字节（不再读一遍文件）。"""
    from toolkit.workbook.messages import sheet_name_problem
    from toolkit.workbook.package import open_package

    try:
        names = [sheet.name for sheet in open_package(source, data).sheets] if data is not None else []
    except Exception:  # noqa: BLE001  说不出具体原因时用下面那句
        names = []
    # openpyxl 拒绝的是空名字和含 \ / ? * [ ] : 的名字：先看这些，太长、带引号的名字它只是警告
    for name in sorted(names, key=lambda n: bool(n.strip()) and not any(ch in n for ch in "\\/?*[]:")):
        problem = sheet_name_problem(name)
        if problem is not None:
            return problem
    return (
        f"“{source.name}”里有做标注副本的程序读不了的内容（上面的检查结果不受影响）。"
        "请用 Excel 或 WPS 打开后另存为“Excel 工作簿(*.xlsx)”，再加 --mark 试一次"
    )


def _mark_cells(wb, ordered: list[Finding]) -> dict[int, tuple]:
    """每条发现落到它的格上：涂色、批注；返回 发现 → (工作表, 行, 列)。"""
    by_cell: dict[tuple[str, int, int], list[Finding]] = {}
    places: dict[int, tuple] = {}
    sheets = _Sheets(wb)
    for f in ordered:
        ws = sheets.find(f.sheet) if f.sheet else None
        place = _place(ws, f) if ws is not None else None
        if place is None:
            continue
        by_cell.setdefault((ws.title, *place), []).append(f)
        places[id(f)] = (ws.title, *place)
    for (title, row, col), group in by_cell.items():
        cell = sheets.exact[title].cell(row, col)
        worst = ERROR if any(f.severity == ERROR for f in group) else None
        cell.fill = _fill(ERROR_FILL if worst else WARNING_FILL)
        cell.comment = _comment([_comment_part(f) for f in group], cell.comment)
    return places


def mark_copy(source, findings: list[Finding], target: Path, *, force: bool = False, content: WorkbookContent | None = None) -> Path:
    """另存一份标出问题的副本；原文件不动。写不了时抛出 OutputError（消息是中文）。"""
    from toolkit.files import check_suffix, check_target

    target = Path(target)
    try:
        source = _source_of(source)
    except ValueError as error:
        raise OutputError(f"标注副本“{target}”没有写成：{error}") from error
    check_target(target, force=force, inputs=(source,), option="--mark")
    check_suffix(target, ".xlsx", "副本是 Excel 工作簿（不带宏）", option="--mark")
    try:
        write_marked_copy(source, findings, target, content=content)
    except OutputError:
        raise
    except (ValueError, OSError) as error:
        raise OutputError(f"标注副本“{target}”没有写成：{error}") from error
    return target


# ---------------------------------------------------------------- 遮盖：副本里的每一处文字


_PROPERTIES = ("creator", "title", "subject", "description", "keywords", "lastModifiedBy", "category", "contentStatus", "identifier", "language", "version")


def clean_workbook(wb) -> None:
    """标签名、定义的名称、文件属性按内容遮；自定义属性整个去掉。每张表（名册备份之类的也算）的每一格
    （不认识的列、合计行、填表人行也算）、批注、超链接、页眉页脚、数据验证的提示，在写出的字节上由
    privacy.mask_package 一并遮掉：那样只走真有的格（一格“XFD1048576”不会让 openpyxl 建出十几亿格）。"""
    _clean_titles(wb)
    for name in list(getattr(wb, "defined_names", {}) or {}):
        defined = wb.defined_names[name]
        if defined.attr_text:
            defined.attr_text = mask_text(defined.attr_text)
    for attribute in _PROPERTIES:
        value = getattr(wb.properties, attribute, None)
        if isinstance(value, str) and value:
            setattr(wb.properties, attribute, mask_text(value))
    if hasattr(wb, "custom_doc_props"):
        from openpyxl.packaging.custom import CustomPropertyList

        wb.custom_doc_props = CustomPropertyList()


def _clean_titles(wb) -> None:
    """标签名里的号码也遮（标签名里不许有 *，用全角的 ＊）；遮过后重名的加序号。"""
    seen: set[str] = set()
    for ws in wb.worksheets:
        title = mask_text(ws.title).replace("*", "＊") if has_sensitive_number(ws.title) else ws.title
        base, number = title, 2
        while title in seen:
            title = f"{base[:28]}({number})"
            number += 1
        seen.add(title)
        if title != ws.title:
            ws.title = title

"""空白的标准工作簿：全部由 standard.py 的声明生成，这里不再写任何一列的名字或规则。

    blank_workbook()        → openpyxl.Workbook
    workbook_bytes(wb)      → 字节；同样的工作簿给出同样的字节（固定时间戳）
    write_blank(path)       写出文件（先写临时文件，再一次换到目标名）

开发时重新生成随包分发的模板：
    python -m toolkit.workbook.blank templates/支部工作数据簿.xlsx
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from toolkit import standard
from toolkit.files import usual_mode
from toolkit.standard import CHOICE, CONDITIONAL, DATE, INT, NEED_WORDS, OPTIONAL, REQUIRED, Column, Sheet

LAST_ROW = 5000  # 下拉列表、输入提示覆盖到的最后一行
FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)  # 文档属性和 zip 内的时间：固定，保证可重现
CREATOR = "toolkit"

DATE_FORMAT = "yyyy-mm-dd"
INT_FORMAT = "0"
TEXT_FORMAT = "@"

PROMPT_LIMIT = 255  # Excel 输入提示的上限
TITLE_LIMIT = 32  # 提示标题、出错标题的上限
ERROR_LIMIT = 225  # 出错信息的上限

# 表头底色：必填 / 条件必填 / 选填
NEED_FILLS = {REQUIRED: "F8CBAD", CONDITIONAL: "FCE4D6", OPTIONAL: "EDEDED"}
NEED_COLOURS = {REQUIRED: "橙色", CONDITIONAL: "浅橙色", OPTIONAL: "灰色"}
WIDE_COLUMN = 30  # 这么宽的列自动换行


# ---------------------------------------------------------------- 小工具


def display_width(text: str) -> int:
    """显示宽度：汉字、全角字符算 2。"""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _put(ws, row: int, col: int, value, *, bold: bool = False, fill: str | None = None, wrap: bool = False, size: float | None = None):
    """写一格；文字一律存为文字（以“=”开头也不当公式）。"""
    cell = ws.cell(row, col)
    if value is not None:
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
    if bold or size:
        cell.font = Font(bold=bold, size=size) if size else Font(bold=bold)
    if fill:
        cell.fill = _fill(fill)
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def need_text(column: Column) -> str:
    """“必填”“选填”或“条件必填：正式党员必填，预备党员留空”。"""
    word = NEED_WORDS[column.need]
    if column.need == CONDITIONAL and column.condition:
        return f"{word}：{column.condition}"
    return word


def prompt_text(column: Column) -> str:
    """输入提示：与检查消息同一句“应填写：……”，再加列的说明，不超过 255 字。"""
    head = f"应填写：{column.expectation}"
    if column.need == CONDITIONAL and column.condition:
        head += f"（{column.condition}）"
    elif column.need == REQUIRED:
        head += "（必填）"
    return _cut(f"{head}\n{column.help}", PROMPT_LIMIT)


def number_format(column: Column) -> str | None:
    if column.sensitive:
        return TEXT_FORMAT  # 身份证号、电话：文本，防止 Excel 改成科学计数
    if column.type == DATE:
        return DATE_FORMAT
    if column.type == INT:
        return INT_FORMAT
    return None


def column_width(column: Column) -> int:
    if column.width:
        return column.width
    width = display_width(column.name)
    if column.type == CHOICE:
        width = max([width] + [display_width(c) for c in column.choices])
    if column.type == DATE:
        width = max(width, 10)
    return width + 4


def code_header(sheet: Sheet, column: Column) -> str:
    return f"{sheet.name}·{column.name}"


def _sheet_ref(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _validation(column: Column, sqref: str, source: str | None) -> DataValidation:
    """可选值列：下拉列表（不在列表里的值被拦下）；其他列：只有输入提示，不限制。"""
    title = _cut(column.name, TITLE_LIMIT)
    if source is not None:
        dv = DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showDropDown=False,  # openpyxl 的 True 是“隐藏”下拉箭头
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle=title,
            error=_cut(f"“{column.name}”请从下拉列表选择：" + "、".join(column.choices), ERROR_LIMIT),
            showInputMessage=True,
            promptTitle=title,
            prompt=prompt_text(column),
        )
    else:
        dv = DataValidation(
            allow_blank=True,
            showInputMessage=True,
            promptTitle=title,
            prompt=prompt_text(column),
        )
    dv.add(sqref)
    return dv


# ---------------------------------------------------------------- 代码表


def _code_sheet(wb: Workbook, sheets: tuple[Sheet, ...] = standard.SHEETS) -> dict[tuple[str, str], str]:
    """每个可选值列一列：第一行“表名·列名”，下面是可选值。返回（表, 列）→ 引用。"""
    ws = wb.create_sheet(standard.CODE_SHEET)
    sources = {}
    index = 0
    for sheet in sheets:
        for column in sheet.columns:
            if column.type != CHOICE:
                continue
            index += 1
            letter = get_column_letter(index)
            header = code_header(sheet, column)
            _put(ws, 1, index, header, bold=True)
            for i, choice in enumerate(column.choices, start=2):
                _put(ws, i, index, choice)
            ws.column_dimensions[letter].width = max(display_width(header), *(display_width(c) for c in column.choices)) + 2
            last = 1 + len(column.choices)
            sources[(sheet.name, column.name)] = f"{_sheet_ref(ws.title)}!${letter}$2:${letter}${last}"
    ws.freeze_panes = "A2"
    ws.sheet_state = "hidden"
    ws.protection.sheet = True  # 防止误改（无密码）
    return sources


# ---------------------------------------------------------------- 支部信息（键值表）


def _info_sheet(ws, sheet: Sheet, sources) -> None:
    for col, header in enumerate((*standard.KEYVALUE_HEADERS, "说明"), start=1):
        _put(ws, 1, col, header, bold=True, fill=NEED_FILLS[OPTIONAL])
    for row, column in enumerate(sheet.columns, start=2):
        _put(ws, row, 1, column.name, bold=column.need != OPTIONAL, fill=NEED_FILLS[column.need])
        value_cell = ws.cell(row, 2)
        fmt = number_format(column)
        if fmt:
            value_cell.number_format = fmt
        note = f"【{need_text(column)}】{column.help}"
        if column.type != standard.TEXT or column.expect:
            note += f" 应填写：{column.expectation}。"
        _put(ws, row, 3, note, wrap=True)
        ws.add_data_validation(_validation(column, f"B{row}", sources.get((sheet.name, column.name))))
    ws.column_dimensions["A"].width = max(display_width(c.name) for c in sheet.columns) + 4
    ws.column_dimensions["B"].width = 36
    ws.column_dimensions["C"].width = 70
    ws.freeze_panes = "A2"


# ---------------------------------------------------------------- 表格


def _table_sheet(ws, sheet: Sheet, sources) -> None:
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        _put(ws, 1, index, column.name, bold=column.need != OPTIONAL, fill=NEED_FILLS[column.need])
        ws.cell(1, index).alignment = Alignment(horizontal="center", vertical="center")
        dim = ws.column_dimensions[letter]
        dim.width = column_width(column)
        # 列格式：以后在这一列新输入的值按此格式（Excel、WPS 都沿用列格式）
        fmt = number_format(column)
        if fmt:
            dim.number_format = fmt
        if dim.width >= WIDE_COLUMN:
            dim.alignment = Alignment(wrap_text=True, vertical="top")
        sqref = f"{letter}2:{letter}{LAST_ROW}"
        ws.add_data_validation(_validation(column, sqref, sources.get((sheet.name, column.name))))
    ws.freeze_panes = "A2"


# ---------------------------------------------------------------- 填表说明


class _Lines:
    """顺序往下写的说明页。"""

    def __init__(self, ws):
        self.ws = ws
        self.row = 0

    def line(self, *values, bold=False, fill=None, wrap=False, size=None, fills=None):
        self.row += 1
        for col, value in enumerate(values, start=1):
            if value is None or value == "":
                continue
            _put(self.ws, self.row, col, value, bold=bold, wrap=wrap, size=size, fill=(fills or {}).get(col, fill))

    def gap(self):
        self.row += 1


GUIDE_WIDTHS = (16, 22, 40, 50, 40)  # 说明页 A–E 列的宽度


def _guide_sheet(ws) -> None:
    g = _Lines(ws)
    g.line("支部工作数据簿 填表说明", bold=True, size=14)
    g.line(f"标准第 {standard.VERSION} 版。按本说明填好各表后，用本工具检查，再生成阶段性工作情况汇报。")
    g.gap()
    _guide_tips(g)
    g.gap()
    _guide_sheets(g)
    g.gap()
    _guide_placeholders(g)
    g.gap()
    _guide_findings(g)
    _guide_widths(ws)


def _quoted(names: list[str]) -> str:
    return "".join(f"“{n}”" for n in names)


def _guide_tips(g: _Lines) -> None:
    """一、填写须知：第 2 条下面是表头底色的图例。"""
    g.line("一、填写须知", bold=True, size=12)
    for number, tip in enumerate(_tips(), start=1):
        g.line(f"{number}. {tip}")
        if number == 2:  # 底色图例
            for need in (REQUIRED, CONDITIONAL, OPTIONAL):
                bold = need != OPTIONAL
                g.line(NEED_WORDS[need], f"{NEED_COLOURS[need]}底" + ("，表头加粗" if bold else ""), fills={1: NEED_FILLS[need]}, bold=bold)


def _tips() -> list[str]:
    sensitive = [c.name for s in standard.SHEETS for c in s.columns if c.sensitive]
    optional_sheets = [s.name for s in standard.SHEETS if not s.required]
    tips = [
        "各表第一行是表头，请不要改动表头的文字；从第二行起每行填写一条，不要插入合计行或说明行。",
        "表头的底色表示这一列是否必须填写：",
        "有下拉箭头的单元格请从下拉列表选择。选中单元格时显示的“应填写”提示，与检查结果中的说法相同。",
        "日期写成 2010-11-05 或 2010年11月5日 都可以，但要写全年、月、日。",
    ]
    if sensitive:
        tips.append(
            f"{_quoted(sensitive)}已设为文本格式，请直接输入，不要改成“常规”或“数值”格式，"
            "否则 18 位身份证号的后几位会变成 0，且无法恢复。"
            "这些是个人敏感信息：不会写进报告，检查结果中只显示遮盖后的号码，如 1101**********1234、138****5678。"
        )
    if optional_sheets:
        tips.append(f"{_quoted(optional_sheets)}是可选的：没有内容时保留表头、下面留空即可。")
    tips.append(
        f"隐藏的“{standard.CODE_SHEET}”存放下拉列表的可选值，“{standard.GUIDE_SHEET}”就是本页；"
        "本工具读取时不看这两张表。请不要改动代码表。"
    )
    return tips


def _guide_sheets(g: _Lines) -> None:
    """二、各工作表和各列。"""
    g.line("二、各工作表和各列", bold=True, size=12)
    for sheet in standard.SHEETS:
        g.gap()
        must = "必须有" if sheet.required else "可选"
        g.line(f"【{sheet.name}】（{must}）", bold=True)
        g.line(sheet.help)
        _column_table(g, sheet)


def _column_table(g: _Lines, sheet: Sheet) -> None:
    """一张表的各列（键值表是各项）：是否必填、填写要求、说明、可选值。"""
    first = standard.KEYVALUE_HEADERS[0] if sheet.layout == "keyvalue" else "列名"
    g.line(first, "是否必填", "填写要求", "说明", "可选值", bold=True, fill=NEED_FILLS[OPTIONAL])
    for column in sheet.columns:
        g.line(
            column.name,
            need_text(column),
            column.expectation,
            column.help,
            "、".join(column.choices),
            wrap=True,
            fills={1: NEED_FILLS[column.need]},
        )


def _guide_placeholders(g: _Lines) -> None:
    """三、占位符：可以写在哪里、每个占位符的含义。"""
    g.line("三、占位符：让报告中的数字由本工具计算", bold=True, size=12)
    where = "、".join(f"{s.name}·{c.name}" for s, c in standard.NARRATIVE_COLUMNS)
    activity_where = "".join(f"“{c.name}”" for s, c in standard.NARRATIVE_COLUMNS if s is standard.ACTIVITIES)
    g.line(f"在{where}中，可以用花括号写下面的名称（占位符），生成报告时换成由各表算出的数字或文字。")
    g.line("例如：全系{教师党员数}名教师党员、{学生党员数}名学生党员均参加了公开承诺活动。")
    g.line("这样报告里的数字不用手工填写，也就不会和数据对不上。名称写错时，检查结果会指出所在单元格和相近的名称。")
    g.line("要印出花括号本身，请连写两个：{{ 印作 {，}} 印作 }。")
    g.line("占位符", "含义", "可以写在哪里", bold=True, fill=NEED_FILLS[OPTIONAL])
    for p in standard.PLACEHOLDERS:
        place = f"只在{standard.ACTIVITIES.name}的{activity_where}中" if p.scope == "activity" else "以上各处都可以"
        g.line("{" + p.name + "}", p.meaning, place, wrap=True)
    g.line(standard.ACTIVITY_REFERENCE.example, standard.ACTIVITY_REFERENCE.meaning, "以上各处都可以", wrap=True)


def _guide_findings(g: _Lines) -> None:
    """四、检查结果：错误与提醒。"""
    g.line("四、检查结果：错误与提醒", bold=True, size=12)
    g.line("错误", "必须改正：工作簿有错误时不生成报告。", bold=True)
    g.line("提醒", "报告照常生成，但请核对该处是否属实，需要时再改。", bold=True)
    g.line("检查结果写明工作表、行号、列名，以及“填写的是”“问题”“应填写”“修改方法”。")
    g.line("也可以让本工具另存一份标注副本：有错误的单元格涂浅红色、有提醒的涂浅黄色，批注中写明问题，并附“问题清单”表；原文件不会被改动。")


def _guide_widths(ws) -> None:
    for letter, width in zip("ABCDE", GUIDE_WIDTHS):
        ws.column_dimensions[letter].width = width


def _rules_guide(ws) -> None:
    """填表说明的第五部分：检查“三会一课”和组织生活时对照的各套规则（standard.RULE_SETS），条文照引。"""
    g = _Lines(ws)
    g.row = ws.max_row + 1
    version = standard.BRANCH_INFO.col.rule_version
    g.line("五、三会一课和组织生活：对照的规则", bold=True, size=12)
    g.line(f"检查时按“{standard.BRANCH_INFO.name}”的“{version.name}”对照下面的一套规则；不填时按报告期结束那一天施行的规则。"
           "报告期里哪个月（季度、年）没有某类会议的记录，检查给出“提醒”，不影响生成报告。")
    g.line(f"写入报告为“{standard.InReport.NO}”的活动照样算开过。报告期首尾不满一个月（季度、年）的部分按天数折算；"
           "报告期比规定的间隔短（如两个月的阶段对“每年至少1次”），不作要求。"
           f"党小组会按{standard.MEMBERS.name}里的每个党小组各算，活动记录的“{standard.ACTIVITIES.col.party_group.name}”一列写明是哪个党小组开的。")
    for rule_set in standard.RULE_SETS:
        g.gap()
        g.line(f"【{rule_set.name}】{rule_set.document}", bold=True)
        if rule_set.note:
            g.line(rule_set.note)
        g.line("会议类型", "规定", "到会人数", "出处", "原文", bold=True, fill=NEED_FILLS[OPTIONAL])
        for rule in rule_set.rules:
            quorum = rule.quorum_wording or "—"
            g.line(rule.kind, rule.wording, quorum, f"{rule.cited}{rule.article}", rule.text, wrap=True)


# ---------------------------------------------------------------- 工作簿


def blank_workbook() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {}
    for sheet in standard.SHEETS:
        sheets[sheet.name] = wb.create_sheet(sheet.name)
    guide = wb.create_sheet(standard.GUIDE_SHEET)
    _guide_sheet(guide)
    _rules_guide(guide)
    sources = _code_sheet(wb)
    for sheet in standard.SHEETS:
        ws = sheets[sheet.name]
        if sheet.layout == "keyvalue":
            _info_sheet(ws, sheet, sources)
        else:
            _table_sheet(ws, sheet, sources)
    _finish(wb, "支部工作数据簿")
    return wb


def rollup_settings_workbook() -> Workbook:
    """空白的“汇总设置”工作簿（toolkit new-rollup-settings）：项目、说明、下拉列表都取自 standard.ROLLUP_SETTINGS。"""
    spec = standard.ROLLUP_SETTINGS
    wb = Workbook()
    wb.remove(wb.active)
    ws = wb.create_sheet(spec.name)
    guide = wb.create_sheet(standard.GUIDE_SHEET)
    _info_sheet(ws, spec, _code_sheet(wb, (spec,)))
    g = _Lines(guide)
    g.line(f"{spec.name} 填表说明", bold=True, size=14)
    g.line(spec.help)
    g.line("填好后运行：toolkit rollup 支部工作簿所在的文件夹 --settings 本文件；"
           f"或把本文件以“{spec.name}.xlsx”为名放在那个文件夹里，汇总时自动使用。")
    g.gap()
    _column_table(g, spec)
    _guide_widths(guide)
    _finish(wb, spec.name)
    return wb


def _finish(wb: Workbook, title: str) -> None:
    """第一张表在前；文档属性固定（作者、标题、时间），同样的内容给出同样的字节。"""
    wb.active = 0
    props = wb.properties
    props.creator = CREATOR
    props.lastModifiedBy = CREATOR
    props.title = title
    props.created = FIXED_TIME
    props.modified = FIXED_TIME


class _FixedTimeZip(zipfile.ZipFile):
    """zip 内每个文件用同一个固定时间，同样的内容给出同样的字节。"""

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_TIME.timetuple()[:6])
            zinfo_or_arcname.compress_type = self.compression
        return super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        with open(filename, "rb") as handle:
            self.writestr(arcname or os.path.basename(filename), handle.read())


def workbook_bytes(wb: Workbook) -> bytes:
    """保存成字节。不用 wb.save：它会把“修改时间”改成现在。"""
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    archive = _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()
    return buffer.getvalue()


def write_blank(path) -> Path:
    """写出空白工作簿（覆盖已有文件；用户命令请走 api.new_workbook，它会先问）。"""
    path = Path(path)
    data = workbook_bytes(blank_workbook())
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=".~toolkit-", suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(data)
        os.chmod(handle.name, usual_mode(path))
        os.replace(handle.name, path)
    except BaseException:
        if os.path.exists(handle.name):
            os.unlink(handle.name)
        raise
    return path


def _made_by_us(path: Path) -> bool:
    """已有文件是不是本工具写的模板（只覆盖这种文件）。"""
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return re.search(r"<dc:creator[^>]*>" + re.escape(CREATOR) + "</dc:creator>", core) is not None


def main(argv=None) -> int:
    """开发命令：python -m toolkit.workbook.blank templates/支部工作数据簿.xlsx"""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1 or not args[0].lower().endswith(".xlsx"):
        print("用法：python -m toolkit.workbook.blank templates/支部工作数据簿.xlsx", file=sys.stderr)
        return 2
    path = Path(args[0])
    if path.is_dir() or (path.exists() and not _made_by_us(path)):
        print(f"“{path}”已存在且不是本工具生成的模板，不覆盖。", file=sys.stderr)
        return 1
    write_blank(path)
    print(f"已写出：{path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

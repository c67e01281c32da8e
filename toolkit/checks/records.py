"""哪些行是记录：表格里的合计、填表人这样的说明行，和只有一个零散值的行，不是记录。

    records(table, findings) -> list[SheetRow]   是记录的行；不是的每行记一条提醒，不计入任何数字

只有一格有内容、又不是能认出一条记录的那一格（姓名、编号这样的身份列，必填的文字，报告的文字）：
多半是误填或没删干净的（如只剩一个出生日期），不算作一名党员、一项活动；否则名册多出一个人，
应到人数的提醒会叫人把对的人数改成错的。合计、小计、填表人、审核人、制表……由读取时认出
（SheetTable.not_records），这里同样说一声。
"""

from __future__ import annotations

import re

from toolkit import standard
from toolkit.checks.values import describe_found
from toolkit.findings import Finding
from toolkit.standard import REQUIRED, TEXT, Column, Sheet
from toolkit.workbook.tables import SheetRow, SheetTable

_WORDS = {standard.NARRATIVE.name: "一段正文"}  # 一行是一条什么；没写的按“一条记录”

# 表头下面的填写提示（很多单位的表格在表头下留一行“（必填）”“（选填）”“例：2021-07-01”）：
# 每个有内容的格都是括号里的话，或以“必填、选填、例、如”开头
_HINT = re.compile(r"^\s*(?:[（(【\[].*[）)】\]]|(?:必填|选填|可不填|例[：:]|如[：:]|格式[：:]).*)\s*$", re.S)
HINT_ROWS = 2  # 只看表头下面这么多行：表中间的括号文字是用户的数据


def records(table: SheetTable, findings: list[Finding]) -> list[SheetRow]:
    """是记录的行（按原顺序）。不是记录的，每行一条提醒。"""
    spec = table.spec
    keeps = _record_columns(spec)
    kept = []
    stray = list(table.not_records)
    hints = []
    for row in table.rows:
        if _is_hint(table, row):
            hints.append(row)
        elif len(row.cells) == 1 and next(iter(row.cells)) not in keeps:
            stray.append(row)
        else:
            kept.append(row)
    footers, hinted = {id(r) for r in table.not_records}, {id(r) for r in hints}
    for row in sorted(stray + hints, key=lambda r: r.number):
        kind = "footer" if id(row) in footers else "hint" if id(row) in hinted else "stray"
        findings.append(_not_a_record(table, row, kind=kind))
    return kept


def _is_hint(table: SheetTable, row: SheetRow) -> bool:
    """表头下一两行里、每格都是填写提示的行（两格以上，免得把一格括号里的备注当成提示）。"""
    if row.number > table.header_row + HINT_ROWS or len(row.cells) < 2:
        return False
    return all(isinstance(c.value, str) and _HINT.match(c.value) for c in row.cells.values())


def _record_columns(spec: Sheet) -> frozenset[str]:
    """单独一格就足以看出是一条记录的列：身份列、必填的文字、报告的文字。"""
    narrative = {c.name for sheet, c in standard.NARRATIVE_COLUMNS if sheet is spec}
    identity = {c.name for c in spec.identity_columns}
    required_text = {c.name for c in spec.columns if c.need == REQUIRED and c.type == TEXT}
    return frozenset(narrative | identity | required_text)


def _not_a_record(table: SheetTable, row: SheetRow, *, kind: str) -> Finding:
    name, cell = min(row.cells.items(), key=lambda item: table.columns[item[0]].index)
    column: Column = table.spec.column(name)
    record = _WORDS.get(table.spec.name, "一条记录")
    if kind == "hint":
        problem = f"这一行是表头下面的填写提示（如“{cell.value}”），不是{record}，没有读入，也不计入报告的任何数字。"
        fix = "不需要处理；也可以删除这一行"
    elif kind == "footer":
        problem = f"这一行是合计、填表人这样的说明行，不是{record}，没有读入，也不计入报告的任何数字（报告的数字由本工具按各行算出）。"
        fix = "不需要处理；也可以把这一行移到表格以外"
    else:
        problem = f"这一行只有“{name}”一格有内容，看不出是{record}，没有读入，也不计入报告的任何数字。"
        fix = f"若第 {row.number} 行是误填或没删干净的，删除这一行；若它确是{record}，补全这一行的其他各列"
    return Finding(
        "row.not_record",
        problem,
        sheet=table.title,
        row=row.number,
        column=table.columns[name].letter,
        header=name,
        found=describe_found(cell.value, column.sensitive),
        fix=fix,
    )

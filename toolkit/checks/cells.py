"""单元格的类型：每一格按标准声明的类型读成正确的值，装进支部模型的对象。

    CellReader(date1904, findings)      读一格；读不了就记一条发现、返回 None
    typed_rows(table, model, reader)    一张表的每一行 → 模型对象（Member、Activity……）
    branch_info(sheet, reader)          “支部信息”键值表 → BranchInfo
    typed_items(sheet, date1904, findings)  另一张键值表（如“汇总设置”）→ {项目: 值}

单元格层面的问题（必填为空、日期认不出、不在下拉列表里、公式没有计算结果……）在这里报。
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from dataclasses import fields as dataclass_fields
from typing import Any

from toolkit.findings import Finding
from toolkit.branch.model import BranchInfo, Source, column_fields, from_values
from toolkit.workbook.tables import BranchInfoSheet, SheetTable
from toolkit.standard import CHOICE, DATE, INT, REQUIRED, Column
from toolkit.text import clean_text
from toolkit.checks.values import (
    YEARS,
    ValueProblem,
    describe_found,
    parse_choice,
    parse_date,
    parse_id_number,
    parse_int,
    parse_text,
)
from toolkit.checks.records import records
from toolkit.workbook.cells import Cell


# ---------------------------------------------------------------- 单元格


_PLAIN_KINDS = frozenset(("value", "date"))
_FIRST_YEAR, _LAST_YEAR = YEARS  # 这之外的日期交给 parse_date 说明
_MISSING = object()  # “快路判断不了”，与值 None 区分


class CellReader:
    """按列的声明把单元格读成值；读不了就记一条发现并返回 None。"""

    def __init__(self, date1904: bool, findings: list[Finding]):
        self.date1904 = date1904
        self.findings = findings

    def read(self, column: Column, cell: Cell | None, where: dict) -> Any:
        # 快路：绝大多数单元格本来就是对的（下拉选的值、真日期、整数、干净的文字），或是选填的空格
        if cell is None:
            if column.need != REQUIRED:
                return None
        elif cell.kind in _PLAIN_KINDS:
            value = self.fast(column, cell.value)
            if value is not _MISSING:
                return value
        return self._read_slowly(column, cell, where)

    @staticmethod
    def fast(column: Column, raw: Any) -> Any:
        """本来就对的值直接返回（只由值决定，不产生发现）；否则返回 _MISSING，交给 _read_slowly。"""
        kind = column.type
        if kind == CHOICE:
            if raw in column.choices:
                return raw
        elif kind == DATE:
            if isinstance(raw, dt.datetime) and _FIRST_YEAR <= raw.year <= _LAST_YEAR:
                return raw.date()
        elif kind == INT:
            if type(raw) is int and (column.minimum is None or raw >= column.minimum):
                return raw
        elif column.sensitive is None and not column.suffix and not column.max_chars and type(raw) is str:
            text = clean_text(raw)
            if text:
                return text
        return _MISSING

    def _read_slowly(self, column: Column, cell: Cell | None, where: dict) -> Any:
        """读一格的几步：没有值可读的格（公式未计算、出错、图片）→ 空格 → 按类型读。"""
        report = _CellReport(self.findings, column, where, cell)
        if cell is not None and cell.kind in _UNREADABLE:
            _say_unreadable(report, cell)
            return None
        raw = None if cell is None else cell.value
        if raw is None or (isinstance(raw, str) and not clean_text(raw)):
            if column.need == REQUIRED:
                report("cell.required", f"“{column.name}”是必填项，这一格是空的。", column.expectation, f"填写{column.name}", found=raw)
            return None
        try:
            return self._typed(column, raw, report)
        except ValueProblem as problem:
            report(_problem_code(column, problem), problem.problem, problem.expected or column.expectation, problem.fix)
            return None

    def _typed(self, column: Column, raw: Any, report: "_CellReport") -> Any:
        """按列的类型读一个不空的值；读不成时抛出 ValueProblem。"""
        if column.type == DATE:
            return parse_date(raw, date1904=self.date1904)
        if column.type == INT:
            return _number(column, raw, report)
        if column.type == CHOICE:
            value, note = parse_choice(raw, column.choices, column.value_aliases)
            if note:
                report("cell.normalised", note, column.expectation, "如无不妥，可以不处理；也可以从下拉列表重新选择")
            return value
        if column.sensitive == "id":
            return parse_id_number(raw)
        return _completed(column, parse_text(raw), report)


class _CellReport:
    """为正在读的这一格记一条发现：表、行、列、表头都已知，只说问题。"""

    def __init__(self, findings: list[Finding], column: Column, where: dict, cell: Cell | None):
        self.findings, self.column, self.where = findings, column, where
        self.value = cell.value if cell else None

    def __call__(self, code: str, problem: str, expected: str = "", fix: str = "", found: Any = _MISSING) -> None:
        shown = self.value if found is _MISSING else found
        self.findings.append(
            Finding(
                code,
                problem,
                found=describe_found(shown, self.column.sensitive),
                expected=expected,
                fix=fix,
                header=self.column.name,
                **self.where,
            )
        )


# 没有值可读的格：种类 → （代码, 问题, 修改方法, “填写的是”；None 时照实写出格里的值）
_UNREADABLE = {
    "formula_no_value": (
        "cell.formula_no_value",
        "这一格是公式，但文件里没有保存计算结果（通常是由程序生成、还没在 Excel/WPS 里打开过的文件）。",
        "用 Excel 或 WPS 打开文件并保存一次，再运行本工具；或把公式换成数值",
        "（公式未计算）",
    ),
    "error": ("cell.formula_error", "公式计算出错（{value}），没有可用的值。", "修正公式，或直接输入数值", None),
    "picture": ("cell.picture", "这一格里是嵌入的图片，不是文字。", "删除图片，改为输入文字", "（图片）"),
}


def _say_unreadable(report: _CellReport, cell: Cell) -> None:
    code, problem, fix, found = _UNREADABLE[cell.kind]
    report(code, problem.format(value=cell.value), report.column.expectation, fix, found=cell.value if found is None else found)


def _number(column: Column, raw: Any, report: _CellReport) -> int | None:
    number = parse_int(raw)
    if column.minimum is not None and number < column.minimum:
        report("cell.minimum", f"“{column.name}”不能小于 {column.minimum}。", column.expectation, "改成正确的人数")
        return None
    return number


def _completed(column: Column, text: str, report: _CellReport) -> str | None:
    """简称补全（民族“汉”→“汉族”）：只补声明里的那个字，并告诉用户。太长的（max_chars）报错、当作不知道。"""
    if column.max_chars and len(text) > column.max_chars:
        report(
            "cell.too_long",
            f"这一格有 {len(text)} 个字，{column.name}最多 {column.max_chars} 个字（Word 文件属性的上限），报告写不出来。",
            f"不超过 {column.max_chars} 个字的{column.name}",
            f"缩短{column.name}",
            found=text,
        )
        return None
    fixed = column.with_suffix(text)
    if fixed != text:
        report("cell.normalised", f"“{text}”已按“{fixed}”处理。", column.expectation, "如无不妥，可以不处理；也可以改为全称")
    return fixed


def _problem_code(column: Column, problem: ValueProblem) -> str:
    by_type = {DATE: "cell.date", INT: "cell.int", CHOICE: "cell.choice"}
    return by_type.get(column.type, "cell.id_scientific" if problem.code == "id.scientific" else "cell.id_invalid")


def _identity_part(name: str, cell: Cell) -> str | None:
    """一行的指认里的一段，如“姓名：张三”；这一格说明不了是谁时为 None。"""
    if isinstance(cell.value, (str, int, float)) and cell.kind not in ("error",):
        text = clean_text(str(cell.value) if not isinstance(cell.value, float) else f"{cell.value:g}")
        if text:
            return f"{name}：{text[:20]}"
    return None


_CACHE_LIMIT = 100_000  # 每列最多记住这么多个单元格：名册里每人不同的身份证号不必都记


def _row_identity(get, id_plan: list[tuple[str, dict, list]]) -> str | None:
    """这一行的指认（姓名：张三）。id_plan：（列, {id(cell): 那一段}, 记住的格），同一个单元格只算一次。"""
    identity = None
    for name, known, alive in id_plan:
        cell = get(name)
        if cell is not None:
            part = known.get(id(cell), _MISSING)
            if part is _MISSING:
                part = _identity_part(name, cell)
                if len(known) < _CACHE_LIMIT:
                    known[id(cell)] = part
                    alive.append(cell)
            if part:
                identity = part if identity is None else identity + "，" + part
    return identity


def typed_rows(table: SheetTable, model: type, reader: CellReader, *, release: bool = False) -> list:
    """一张表的记录 → 模型对象。release：每读完一行就放掉它（table.rows 也清空），行和模型不同时都在内存里。"""
    letters = {name: place.letter for name, place in table.columns.items()}
    title = table.title
    plan, id_plan = _typing_plan(table, model)
    # 按位置传参（比 **kwargs 快）：先是各字段的默认值，读出的值放到它的位置上
    order = [f.name for f in dataclass_fields(model)]
    blank = [f.default for f in dataclass_fields(model)]
    source_at = order.index("source") if "source" in order else None
    plain = _PLAIN_KINDS
    read, fast = reader.read, reader.fast
    findings = reader.findings
    rows = records(table, findings)  # 合计行、只有一个零散值的行不是记录：提醒一次，不读
    if release:
        table.rows.clear()
    result = []
    append = result.append
    for i, row in enumerate(rows):
        if release:
            rows[i] = None
        get = row.cells.get
        identity = _row_identity(get, id_plan)
        where = None
        args = blank.copy()
        for column, name, letter, at, optional, known, alive in plan:
            cell = get(name)
            if cell is None:
                if optional:
                    continue
                value = _MISSING
            else:
                value = known.get(id(cell), _MISSING)
                if value is _MISSING and cell.kind in plain:
                    value = fast(column, cell.value)
                    if value is not _MISSING and len(known) < _CACHE_LIMIT:
                        known[id(cell)] = value
                        alive.append(cell)
            if value is _MISSING:
                if where is None:
                    where = {"sheet": title, "row": row.number, "identity": identity}
                before = len(findings)
                value = read(column, cell, {**where, "column": letter})
                if cell is not None and len(findings) == before and len(known) < _CACHE_LIMIT:
                    known[id(cell)] = value  # 慢路没说什么（如民族“汉族”）：结果也只由值决定
                    alive.append(cell)
            if value is not None and at is not None:
                args[at] = value
        if source_at is not None:
            args[source_at] = Source(title, row.number, letters, identity)
        append(model(*args))
    return result


def _typing_plan(table: SheetTable, model: type) -> tuple[list, list]:
    """每列：（列, 列名, 列字母, 字段的位置, 选填, {id(cell): 值}, 记住的格）；指认的各列：（列名, {id(cell): 那一段}, 记住的格）。

    纯粹由值决定、又不产生发现的结果，每列每个单元格对象只算一次：读取时同样的文字、日期
    共用一个 Cell（出勤明细里同样的状态重复上万次）。键是 id(cell)，记住的格留在“记住的格”里：
    读完的行放掉之后，它们也不会被回收，id 不会被别的格用上。"""
    fields = column_fields(model)
    at = {f.name: i for i, f in enumerate(dataclass_fields(model))}
    present = [c for c in table.spec.columns if c.name in table.columns]
    plan = [(c, c.name, table.columns[c.name].letter, at.get(fields.get(c.name)), c.need != REQUIRED, {}, []) for c in present]
    return plan, [(c.name, {}, []) for c in table.spec.identity_columns]


def branch_info(sheet: BranchInfoSheet, reader: CellReader) -> BranchInfo:
    values = {}
    sources = {}
    for column in sheet.spec.columns:
        item = sheet.items.get(column.name)
        if item is None:
            continue
        where = {"sheet": sheet.title, "row": item.row, "column": item.letter, "identity": f"项目：{column.name}"}
        values[column.name] = reader.read(column, item.cell, where)
        sources[column.name] = Source(sheet.title, item.row, {column.name: item.letter}, f"项目：{column.name}")
    return replace(from_values(BranchInfo, values), sources=sources)


def typed_items(sheet: BranchInfoSheet, date1904: bool, findings: list[Finding]) -> dict[str, Any]:
    """键值表（如“汇总设置”）的每一项按声明读成正确类型的值；读不了的记一条发现、值为 None。"""
    reader = CellReader(date1904, findings)
    values = {}
    for column in sheet.spec.columns:
        item = sheet.items.get(column.name)
        if item is not None:
            where = {"sheet": sheet.title, "row": item.row, "column": item.letter, "identity": f"项目：{column.name}"}
            values[column.name] = reader.read(column, item.cell, where)
    return values

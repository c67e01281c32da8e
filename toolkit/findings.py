"""检查结果：一条条“发现”（Finding），以及把它们讲给人听（文本）或交给程序（JSON）。

每条发现都说清：哪张表、Excel 的第几行、哪一列（字母和表头）、这一行是谁、
填的是什么（敏感信息已遮盖）、问题、应填写什么、怎么改；是“错误”还是“提醒”；
并有一个稳定的代码，供测试和答疑使用。
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import asdict, dataclass

ERROR = "错误"  # 阻止生成报告
WARNING = "提醒"  # 报告照常生成，请核对

# 代码 → 级别。代码一经发布不再改动；新增规则只加新代码。
CATALOGUE: dict[str, str] = {
    # 文件
    "file.macros": WARNING,
    # 工作表与表头
    "sheet.missing": ERROR,
    "sheet.duplicate": WARNING,
    "sheet.extra": WARNING,
    "sheet.no_header": ERROR,
    "sheet.hidden_rows": WARNING,
    "column.missing": ERROR,
    "column.duplicate": ERROR,
    "column.extra": WARNING,
    "column.unnamed": WARNING,
    "item.missing": ERROR,
    "item.extra": WARNING,
    # 单元格
    "cell.required": ERROR,
    "cell.must_be_empty": ERROR,
    "cell.formula_no_value": ERROR,
    "cell.formula_error": ERROR,
    "cell.picture": ERROR,
    "cell.date": ERROR,
    "cell.int": ERROR,
    "cell.minimum": ERROR,
    "cell.choice": ERROR,
    "cell.normalised": WARNING,
    "cell.id_scientific": ERROR,
    "cell.id_invalid": ERROR,
    "cell.phone_invalid": WARNING,
    "cell.nation": WARNING,
    # 支部信息
    "info.period_order": ERROR,
    "info.written_before_end": ERROR,
    # 党员名册
    "member.duplicate_name": ERROR,
    "member.join_age": ERROR,
    "member.probation_length": ERROR,
    "member.probation_due": WARNING,
    "member.secretary_count": ERROR,
    "member.confirmed_missing": ERROR,
    "member.confirmed_when_probationary": ERROR,
    "member.id_birth_mismatch": ERROR,
    "member.id_sex_mismatch": ERROR,
    "member.joined_after_period": WARNING,
    # 活动记录
    "activity.duplicate_code": ERROR,
    "activity.outside_period": WARNING,
    "activity.end_before_start": ERROR,
    "activity.parent_missing": ERROR,
    "activity.parent_cycle": ERROR,
    "activity.present_over_expected": ERROR,
    "activity.attendance_sum": ERROR,
    "activity.group_size": WARNING,
    "activity.leisure_as_party_life": WARNING,
    # 出勤明细
    "attendance.unknown_activity": ERROR,
    "attendance.unknown_member": ERROR,
    "attendance.name_spelling": WARNING,
    "attendance.duplicate": ERROR,
    "attendance.present_mismatch": ERROR,
    "attendance.expected_mismatch": ERROR,
    # 公开承诺
    "commitment.unknown_person": ERROR,
    "commitment.before_joining": ERROR,
    "commitment.deadline_before_date": ERROR,
    "commitment.fulfilled_without_date": ERROR,
    "commitment.fulfilled_after_writing": ERROR,
    "commitment.unfulfilled_without_reason": ERROR,
    "commitment.overdue": WARNING,
    "commitment.name_spelling": WARNING,
    # 报告正文与占位符
    "narrative.section_missing": ERROR,
    "text.placeholder_unknown": ERROR,
    "text.placeholder_unavailable": ERROR,
    "text.figure_contradiction": WARNING,
}


@dataclass(frozen=True)
class Finding:
    code: str
    problem: str
    sheet: str | None = None  # 工作表标签上的名字（用户文件里的写法）
    row: int | None = None  # Excel 的行号
    column: str | None = None  # 列字母
    header: str | None = None  # 该列表头
    identity: str | None = None  # 如“姓名：张三”“编号：A01”
    found: str | None = None  # 已遮盖、已显出不可见字符的原值
    expected: str = ""
    fix: str = ""  # 修改方法；有单元格时会在前面加“在 D15 ”

    @property
    def severity(self) -> str:
        return CATALOGUE[self.code]

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def cell(self) -> str | None:
        if self.column and self.row:
            return f"{self.column}{self.row}"
        return None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity
        data["level"] = "error" if self.is_error else "warning"
        data["cell"] = self.cell
        return data


def finding_order(sheet_order: list[str]):
    """排序键：先按工作表在标准中的顺序，再按行、列。"""

    def key(f: Finding):
        sheet_rank = sheet_order.index(f.sheet) if f.sheet in sheet_order else len(sheet_order)
        return (
            0 if f.sheet is None else 1,
            sheet_rank,
            f.sheet or "",
            f.row or 0,
            _column_rank(f.column),
            f.code,
        )

    return key


def _column_rank(letter: str | None) -> int:
    n = 0
    for ch in letter or "":
        n = n * 26 + (ord(ch) - 64)
    return n


# ---------------------------------------------------------------- 讲给人听

COLLAPSE_AT = 3  # 同一规则在同一列上出现这么多行时，合成一条，附行号范围


def summary_line(findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.is_error)
    warnings = len(findings) - errors
    sheets = {f.sheet for f in findings if f.sheet}
    if not findings:
        return "检查完成：没有发现问题。"
    where = f"，涉及 {len(sheets)} 个工作表" if sheets else ""
    return f"检查完成：共 {errors} 个错误、{warnings} 个提醒{where}。"


def row_ranges(rows: list[int]) -> str:
    """[3,4,5,9,11,12] → “第3–5、9、11–12行”"""
    rows = sorted(set(rows))
    parts = []
    start = prev = rows[0]
    for r in rows[1:] + [None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if r is not None:
            start = prev = r
    return "第" + "、".join(parts) + "行"


def _place(f: Finding, rows_text: str | None = None) -> str:
    parts = []
    if f.sheet:
        parts.append(f.sheet)
    if rows_text:
        parts.append(rows_text)
    elif f.row:
        who = f"（{f.identity}）" if f.identity else ""
        parts.append(f"第{f.row}行{who}")
    if f.column:
        parts.append(f"{f.column}列「{f.header}」" if f.header else f"{f.column}列")
    elif f.header:
        parts.append(f"「{f.header}」")
    # 与说明文档一致：“第15行（姓名：张三）· E列”，括号后不再空格
    return " · ".join(parts).replace("） · ", "）· ") if parts else "整个文件"


def _body(f: Finding, *, cell_in_fix: bool = True) -> list[str]:
    lines = []
    if f.found is not None:
        lines.append(f"  填写的是：{f.found}")
    lines.append(f"  问题：{f.problem}")
    if f.expected:
        lines.append(f"  应填写：{f.expected}。" if not f.expected.endswith(("。", "）")) else f"  应填写：{f.expected}")
    if f.fix:
        fix = f.fix
        if cell_in_fix and f.cell and not fix.startswith("在"):
            fix = f"在 {f.cell} {fix}"
        lines.append(f"  修改方法：{fix}" if fix.endswith("。") else f"  修改方法：{fix}。")
    return lines


def render_text(findings: list[Finding], sheet_order: list[str]) -> str:
    """面向用户的文本：摘要一行，然后按工作表、行排列；同一规则的多行合成一条。"""
    ordered = sorted(findings, key=finding_order(sheet_order))
    groups: "OrderedDict[tuple, list[Finding]]" = OrderedDict()
    for f in ordered:
        groups.setdefault((f.code, f.sheet, f.column), []).append(f)
    out = [summary_line(findings)]
    for members in _regroup(ordered, groups):
        first = members[0]
        out.append("")
        if len(members) >= COLLAPSE_AT and all(m.row for m in members):
            rows = [m.row for m in members]
            out.append(f"[{first.severity}] {_place(first, row_ranges(rows))}，共 {len(members)} 行")
            examples = "、".join(
                f"{m.column or ''}{m.row}{'（' + m.identity + '）' if m.identity else ''}：{m.found}"
                for m in members[:3]
                if m.found is not None
            )
            if examples:
                more = " 等" if len(members) > 3 else ""
                out.append(f"  填写的是：{examples}{more}")
            out.append(f"  问题：{first.problem}" if len({m.problem for m in members}) == 1 else f"  问题（以 {first.cell or first.row} 为例）：{first.problem}")
            if first.expected:
                out.append(f"  应填写：{first.expected}")
            if first.fix:
                out.append(f"  修改方法：逐行{first.fix}" if not first.fix.startswith("在") else f"  修改方法：{first.fix}")
        else:
            for m in members:
                if m is not first:
                    out.append("")
                out.append(f"[{m.severity}] {_place(m)}")
                out.extend(_body(m))
    return "\n".join(out)


def _regroup(ordered: list[Finding], groups) -> list[list[Finding]]:
    """保持排序：每组出现在它第一条的位置；少于合并门槛的组拆回单条。"""
    seen = set()
    result = []
    index = {id(f): key for key, members in groups.items() for f in members}
    for f in ordered:
        key = index[id(f)]
        if key in seen:
            continue
        seen.add(key)
        members = groups[key]
        if len(members) >= COLLAPSE_AT and all(m.row for m in members):
            result.append(members)
        else:
            result.extend([m] for m in members)
    # 单条按原顺序排列（按位置查，不用 list.index：几千条发现时那是平方级的比较）
    position = {id(f): i for i, f in enumerate(ordered)}
    return sorted(result, key=lambda ms: position[id(ms[0])])


def render_json(findings: list[Finding], sheet_order: list[str], *, file: str) -> str:
    ordered = sorted(findings, key=finding_order(sheet_order))
    errors = sum(1 for f in findings if f.is_error)
    payload = {
        "file": file,
        "summary": summary_line(findings),
        "errors": errors,
        "warnings": len(findings) - errors,
        "findings": [f.to_dict() for f in ordered],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)

"""把发现讲给人听（文本）或交给程序（JSON）：摘要一行，按工作表、行排列，同一规则的多行合成一条。"""

from __future__ import annotations

from collections import OrderedDict

from toolkit.findings import Finding, counts_text, finding_order, row_ranges

COLLAPSE_AT = 3  # 同一规则在同一列上出现这么多行时，合成一条，附行号范围
# 修改方法以这些字开头时是条件或说明（“如无不妥，可以不处理”），前面不加“逐行”
_NOT_AN_ACTION = tuple("如若确可不无在逐每先")


def summary_line(findings: list[Finding]) -> str:
    """检查完成：共 3 个错误、2 个提醒，涉及 2 个工作表。"""
    errors = sum(1 for f in findings if f.is_error)
    warnings = len(findings) - errors
    sheets = {f.sheet for f in findings if f.sheet}
    if not findings:
        return "检查完成：没有发现问题。"
    where = f"，涉及 {len(sheets)} 个工作表" if sheets else ""
    return f"检查完成：共 {counts_text(errors, warnings)}{where}。"


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
        if cell_in_fix and f.cell and not fix.startswith(_NOT_AN_ACTION):  # “在 D15 如无不妥……”不成话
            fix = f"在 {f.cell} {fix}"
        lines.append(f"  修改方法：{fix}" if fix.endswith("。") else f"  修改方法：{fix}。")
    return lines


def render_text(findings: list[Finding], sheet_order: list[str]) -> str:
    """面向用户的文本：摘要一行，然后按工作表、行排列；同一规则的多行合成一条。"""
    return _render(findings, sheet_order, summary_line(findings))


def render_warnings_after_report(warnings: list[Finding], sheet_order: list[str]) -> str:
    """报告已经生成之后列出的提醒：开头一句说明报告照常生成。"""
    sheets = {f.sheet for f in warnings if f.sheet}
    where = f"，涉及 {len(sheets)} 个工作表" if sheets else ""
    return _render(warnings, sheet_order, f"请核对以下提醒（报告已照常生成）：共 {counts_text(0, len(warnings))}{where}。")


def _render(findings: list[Finding], sheet_order: list[str], summary: str) -> str:
    ordered = sorted(findings, key=finding_order(sheet_order))
    groups: "OrderedDict[tuple, list[Finding]]" = OrderedDict()
    for f in ordered:
        # 同一规则、同一张表、同一列（表头也相同）：支部信息各项在同一列，却是不同的项，不合并
        groups.setdefault((f.code, f.sheet, f.column, f.header), []).append(f)
    out = [summary]
    for members in _regroup(ordered, groups):
        first = members[0]
        out.append("")
        if _collapsible(members):
            out.extend(_merged(members))
        else:
            for m in members:
                if m is not first:
                    out.append("")
                out.append(f"[{m.severity}] {_place(m)}")
                out.extend(_body(m))
    return "\n".join(out)


def _merged(members: list[Finding]) -> list[str]:
    """同一规则在同一列的许多行：一条，附行号范围、前三行的值、一次问题和改法。"""
    first = members[0]
    where = lambda m: m.cell or f"第{m.row}行"  # noqa: E731  没有列字母时说行
    out = [f"[{first.severity}] {_place(first, row_ranges([m.row for m in members]))}，共 {len(members)} 行"]
    examples = "、".join(
        f"{where(m)}{'（' + m.identity + '）' if m.identity else ''}：{m.found}" for m in members[:3] if m.found is not None
    )
    if examples:
        out.append(f"  填写的是：{examples}{'等' if len(members) > 3 else ''}")
    same = len({m.problem for m in members}) == 1
    out.append(f"  问题：{first.problem}" if same else f"  问题（以 {where(first)} 为例）：{first.problem}")
    if first.expected:
        out.append(f"  应填写：{first.expected}" + ("" if first.expected.endswith(("。", "）")) else "。"))
    if first.fix:
        fix = first.fix if first.fix.startswith(_NOT_AN_ACTION) else f"逐行{first.fix}"
        out.append(f"  修改方法：{fix}" if fix.endswith("。") else f"  修改方法：{fix}。")
    return out


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
        if _collapsible(members):
            result.append(members)
        else:
            result.extend([m] for m in members)
    # 单条按原顺序排列（按位置查，不用 list.index：几千条发现时那是平方级的比较）
    position = {id(f): i for i, f in enumerate(ordered)}
    return sorted(result, key=lambda ms: position[id(ms[0])])


def _collapsible(members: list[Finding]) -> bool:
    """合并只为“同一规则在同一列的许多行”：每条都在不同的一行（一格里的三个占位符不是“共 3 行”），
    而且应填写什么、怎么改都一样（各行该改成的人数不同时，“逐行改为 6”会叫人把对的改错）。"""
    rows = [m.row for m in members]
    if len(members) < COLLAPSE_AT or not all(rows) or len(set(rows)) != len(rows):
        return False
    return len({(m.expected, m.fix) for m in members}) == 1


def render_json(findings: list[Finding], sheet_order: list[str], *, file: str) -> str:
    import json  # 只有 --format json 才用得上

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

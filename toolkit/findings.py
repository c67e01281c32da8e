"""检查结果的单位：一条“发现”（Finding）和全部发现代码的目录（讲给人听的写法在 checks/render.py）。

每条发现都说清：哪张表、Excel 的第几行、哪一列（字母和表头）、这一行是谁、
填的是什么（敏感信息已遮盖）、问题、应填写什么、怎么改；是“错误”还是“提醒”；
并有一个稳定的代码，供测试和答疑使用。
"""

from __future__ import annotations

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
    "sheet.empty": ERROR,
    "sheet.hidden_rows": WARNING,
    "column.missing": ERROR,
    "column.duplicate": ERROR,
    "column.extra": WARNING,
    "column.unnamed": WARNING,
    "column.misspelled": WARNING,
    "item.missing": ERROR,
    "item.extra": WARNING,
    "row.not_record": WARNING,
    "item.misspelled": WARNING,
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
    "cell.too_long": ERROR,
    "cell.normalised": WARNING,
    "cell.id_scientific": ERROR,
    "cell.id_invalid": ERROR,
    "cell.phone_invalid": WARNING,
    "cell.nation": WARNING,
    # 支部信息
    "info.period_order": ERROR,
    "info.written_before_end": ERROR,
    "info.title_too_long": ERROR,
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
    "activity.none_in_period": ERROR,
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
    # 组织生活（“三会一课”等）对照规则
    "meetings.missing": WARNING,
    "meetings.group_unclear": WARNING,
    "meetings.low_attendance": WARNING,
    "meetings.always_absent": WARNING,
    # 报告正文与占位符
    "narrative.section_missing": ERROR,
    "text.placeholder_unknown": ERROR,
    "text.placeholder_unavailable": ERROR,
    "text.figure_contradiction": WARNING,
    "text.sensitive_number": WARNING,  # 提醒、报告里遮盖：为什么不是错误，见 checks/sensitive.py
}


@dataclass(frozen=True)
class Finding:
    """一条发现：哪一格、什么问题、应填写什么、怎么改。"""

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


def counts_text(errors: int, warnings: int) -> str:
    """“3 个错误、2 个提醒”；哪一种是 0 就不说它（不说“0 个错误”）。两种都是 0 时为空。"""
    parts = [f"{n} 个{word}" for n, word in ((errors, ERROR), (warnings, WARNING)) if n]
    return "、".join(parts)


def finding_order(sheet_order: list[str]):
    """排序键：先按工作表在标准中的顺序，再按行、列。"""

    rank = {}
    for position, name in enumerate(sheet_order):
        rank.setdefault(name, position)  # 查字典：上万张表、上万条发现时也不逐个比较

    def key(f: Finding):
        sheet_rank = rank.get(f.sheet, len(sheet_order))
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

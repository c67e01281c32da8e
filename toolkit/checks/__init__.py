"""检查：每一格读成正确的值，建出支部模型，再跑全部规则。

    check_workbook(WorkbookContent) -> Checked(branch, findings)

单元格的类型在 cells.py；行、跨行、跨表的规则在 rules.py；占位符在 placeholders.py；
讲给人听在 render.py；标注副本在 marking.py。
一个根因只报一次：某格已经报错，它的值就当作空，后面的规则不再为它说话。
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit import standard
from toolkit.branch.model import ROW_MODELS, Branch, BranchInfo
from toolkit.checks.cells import CellReader, branch_info, typed_rows
from toolkit.checks.placeholders import check_texts
from toolkit.checks.rules import check_branch
from toolkit.findings import Finding
from toolkit.workbook.tables import WorkbookContent, read_workbook


@dataclass(frozen=True)
class Checked:
    branch: Branch | None  # 缺了必需的工作表时为 None
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]


def check_workbook(content: WorkbookContent) -> Checked:
    findings = list(content.findings)
    reader = CellReader(content.date1904, findings)

    info = branch_info(content.info, reader) if content.info else BranchInfo()
    rows: dict[str, list] = {}
    for name, model in ROW_MODELS.items():
        table = content.tables.get(name)
        rows[name] = [] if table is None else typed_rows(table, model, reader)

    branch = Branch(
        info=info,
        members=tuple(rows["党员名册"]),
        activities=tuple(rows["活动记录"]),
        attendance=tuple(rows["出勤明细"]),
        commitments=tuple(rows["公开承诺"]),
        paragraphs=tuple(rows["报告正文"]),
    )
    structural = {"sheet.missing", "item.missing", "sheet.no_header"}
    if any(f.code in structural for f in findings):
        # 缺表、缺项时，后面的规则只会重复同一个根因
        return Checked(None, findings)
    findings.extend(check_branch(branch, list(findings)))
    findings.extend(check_texts(branch))
    return Checked(branch, findings)


def sheet_order() -> list[str]:
    return [s.name for s in standard.SHEETS]


def sheet_order() -> list[str]:
    return [s.name for s in standard.SHEETS]


def check_file(path) -> Checked:
    """读取并检查一个工作簿文件。文件本身读不了时抛出 errors.WorkbookFileError。"""
    return check_workbook(read_workbook(path))

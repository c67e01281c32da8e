"""检查：每一格读成正确的值，建出支部模型，再跑全部规则。

    check_workbook(WorkbookContent, section_titles=None) -> Checked(branch, findings)
    check_file(path, section_titles=None) -> Checked

单元格的类型在 cells.py；行、跨行、跨表的规则在 rules/（每张表一个模块）；占位符在 placeholders.py；
讲给人听在 render.py；标注副本在 marking.py。
一个根因只报一次：某格已经报错，它的值就当作空，后面的规则不再为它说话。

section_titles：报告里各部分印出的标题（章节 → 标题，如“目标要求”→“开展创先争优活动的目标要求”），
由调用的人按实际使用的报告模板给出（标题里有活动名称，所以也可以给一个函数：支部信息 → 标题）；
发现说到缺了哪一部分时用它。不给时只说章节的名字。
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Union

from toolkit import standard
from toolkit.branch.model import ROW_MODELS, Branch, BranchInfo
from toolkit.checks.cells import CellReader, branch_info, typed_rows
from toolkit.checks.placeholders import check_texts
from toolkit.checks.rules import check_branch
from toolkit.checks.rules.meetings import check_meetings
from toolkit.findings import Finding
from toolkit.workbook.tables import WorkbookContent, read_workbook

SectionTitles = Union[Mapping[str, str], Callable[[BranchInfo], Mapping[str, str]], None]

# 这些发现之后，后面的规则只会重复同一个根因
_STRUCTURAL = frozenset(("sheet.missing", "item.missing", "sheet.no_header"))


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


def check_workbook(content: WorkbookContent, section_titles: SectionTitles = None, *, release_rows: bool = False) -> Checked:
    """release_rows：每张表装成模型后就丢掉读出的行（check_file 用：十几万人的名册，模型和行不必同时留在内存里）。"""
    findings = list(content.findings)
    reader = CellReader(content.date1904, findings)
    branch = _typed_branch(content, reader, release_rows)
    if any(f.code in _STRUCTURAL for f in findings):
        return Checked(None, findings)  # 缺表、缺项
    findings.extend(check_branch(branch, list(findings), section_titles))
    findings.extend(check_meetings(branch))  # 组织生活对照规则：看整个报告期，在逐行的规则之后
    findings.extend(check_texts(branch))
    return Checked(branch, findings)


def _typed_branch(content: WorkbookContent, reader: CellReader, release_rows: bool = False) -> Branch:
    """每一格读成正确的值，装成支部模型。"""
    info = branch_info(content.info, reader) if content.info else BranchInfo()
    rows: dict[str, tuple] = {}
    for name, model in ROW_MODELS.items():
        table = content.tables.get(name)
        rows[name] = () if table is None else tuple(typed_rows(table, model, reader))
        if release_rows and table is not None:
            table.rows.clear()
    return Branch(
        info=info,
        members=rows[standard.MEMBERS.name],
        activities=rows[standard.ACTIVITIES.name],
        attendance=rows[standard.ATTENDANCE.name],
        commitments=rows[standard.COMMITMENTS.name],
        paragraphs=rows[standard.NARRATIVE.name],
    )


def sheet_order() -> list[str]:
    return [s.name for s in standard.SHEETS]


def check_file(path, section_titles: SectionTitles = None) -> Checked:
    """读取并检查一个工作簿文件。文件本身读不了时抛出 errors.WorkbookFileError。"""
    return check_workbook(read_workbook(path), section_titles, release_rows=True)

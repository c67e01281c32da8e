"""检查：每一格读成正确的值，建出支部模型，再跑全部规则。

    check_workbook(WorkbookContent, section_titles=None) -> Checked(branch, findings)
    check_file(path, section_titles=None) -> Checked

单元格的类型在 cells.py；行、跨行、跨表的规则在 rules/（每张表一个模块）；占位符在 placeholders.py；
讲给人听在 render.py；标注副本在 marking.py。
一个根因只报一次：某格已经报错，它的值就当作空，后面的规则不再为它说话；由它算出的数
（一项活动明细合起来的人数、参加范围的人数、占位符的值）也不再拿去比、不再叫人改别的格。
空的党员名册、活动记录各报一次，由它而来的（对不上名册的姓名、没有记录的会议）不再逐条说。

section_titles：报告里各部分印出的标题（章节 → 标题，如“目标要求”→“开展创先争优活动的目标要求”），
由调用的人按实际使用的报告模板给出（标题里有活动名称，所以也可以给一个函数：支部信息 → 标题）；
发现说到缺了哪一部分时用它。不给时只说章节的名字。
给出的映射还可以有 longest(项)：不必按模板写出来就知道这一项最多几个字（report.build.PrintedTitles：
安装时带的模板写出的报告标题），检查标题写不写得进 Word 文件属性时就不必加载 Jinja2。
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
from toolkit.checks.sensitive import mask_report_text
from toolkit.findings import Finding
from toolkit.workbook.tables import WorkbookContent, read_workbook

SectionTitles = Union[Mapping[str, str], Callable[[BranchInfo], Mapping[str, str]], None]

# 这些发现之后，后面的规则只会重复同一个根因
_STRUCTURAL = frozenset(("sheet.missing", "item.missing", "sheet.no_header"))


@dataclass(frozen=True)
class Checked:
    """检查的结果：支部模型和全部发现。"""

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
    findings.extend(_empty_sheets(content, branch))
    findings.extend(check_branch(branch, list(findings), section_titles))
    if branch.activities and not any(f.code == "activity.none_in_period" for f in findings):
        # 活动记录是空的、或一项也不在报告期内：已报一次，不再逐类说“没有记录”
        findings.extend(check_meetings(branch))  # 组织生活对照规则：看整个报告期，在逐行的规则之后
    findings.extend(check_texts(branch, list(findings)))
    branch, numbers = mask_report_text(branch)  # 报告、汇总拿到的是遮盖后的文字：完整的号码到不了 .docx
    findings.extend(numbers)
    return Checked(branch, findings)


def _typed_branch(content: WorkbookContent, reader: CellReader, release_rows: bool = False) -> Branch:
    """每一格读成正确的值，装成支部模型。"""
    info = branch_info(content.info, reader) if content.info else BranchInfo()
    rows: dict[str, tuple] = {}
    for name, model in ROW_MODELS.items():
        table = content.tables.get(name)
        rows[name] = () if table is None else tuple(typed_rows(table, model, reader, release=release_rows))
    return Branch(
        info=info,
        members=rows[standard.MEMBERS.name],
        activities=rows[standard.ACTIVITIES.name],
        attendance=rows[standard.ATTENDANCE.name],
        commitments=rows[standard.COMMITMENTS.name],
        paragraphs=rows[standard.NARRATIVE.name],
    )


def _empty_sheets(content: WorkbookContent, branch: Branch) -> list[Finding]:
    """必须有记录的表（standard 里 needs_records 的）表头以下一行记录也没有：每张表一条错误。"""
    counts = {standard.MEMBERS.name: len(branch.members), standard.ACTIVITIES.name: len(branch.activities)}
    zero = {standard.MEMBERS.name: "“支部0名党员”", standard.ACTIVITIES.name: "“开展活动0项”"}  # 空着时报告会怎么写
    found = []
    for spec in standard.SHEETS:
        table = content.tables.get(spec.name)
        if not spec.needs_records or table is None or counts.get(spec.name, len(table.rows)):
            continue
        found.append(
            Finding(
                "sheet.empty",
                f"“{table.title}”工作表的表头以下没有一行记录。报告里的数字由这张表算出，"
                f"空着就会写成{zero.get(spec.name, '“0”')}这样没有依据的话。",
                sheet=table.title,
                expected=(f"从第 {table.header_row + 1} 行起" if table.header_row else "") + spec.help.split("。")[0],
                fix=f"在“{table.title}”的表头下面填写数据（{spec.help.split('。')[0]}）",
            )
        )
    return found


def sheet_order() -> list[str]:
    return [s.name for s in standard.SHEETS]


def check_file(path, section_titles: SectionTitles = None) -> Checked:
    """读取并检查一个工作簿文件。文件本身读不了时抛出 errors.WorkbookFileError。"""
    return check_workbook(read_workbook(path), section_titles, release_rows=True)

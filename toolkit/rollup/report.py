"""党委（党总支）的汇总报告：Rollup → 报告文档树（StageReport）→ .docx。

版面与支部报告完全相同（document.py 的文档树、docx_writer.py 写出、style.py 的版面方案）；
固定措辞来自 templates/report/rollup.j2（与 wording.j2 同一个沙箱里的 Wording）；
数字来自各支部的 BranchFigures 和它们的合计（rollup.add_up），这里不再算任何数。
"""

from __future__ import annotations

from pathlib import Path

from toolkit.report.compose import level1_label, level3_label
from toolkit.branch.figures import format_rate
from toolkit.report.document import Addressee, Attachment, AttachmentNote, Column, Heading, Paragraph, Signature, StageReport, Table
from toolkit.report.titles import break_title
from toolkit.report.typography import normalise_punctuation
from toolkit.rollup.model import BranchSummary, CommitteeTotals, Rollup
from toolkit.text import date_text

TEMPLATE = "rollup.j2"


def load_wording(context: dict, template_dir=None):
    from toolkit.report.wording import Wording

    base = {"名称": "", "活动名称": "", "报告期": ""}
    return Wording({**base, **context}, Path(template_dir) if template_dir else None, TEMPLATE)


def _plain(text: str) -> str:
    return normalise_punctuation(text or "")[0]


def _totals_for_template(t: CommitteeTotals) -> dict:
    a = t.attendance
    return {
        "branches": t.branches,
        "members": t.members,
        "formal": t.formal,
        "probationary": t.probationary,
        "women": t.women,
        "by_category": [(name, n) for name, n in t.by_category if n],
        "activities": t.activities,
        "by_type": [(name, n) for name, n in t.by_type if n],
        "attendance_activities": a.activities,
        "expected": a.expected,
        "present": a.present,
        "attendance_rate": format_rate(a.rate) if a.rate is not None else "",
        "commitments": t.commitments,
        "fulfilled": t.fulfilled,
    }


def _branch_for_template(b: BranchSummary) -> dict:
    f = b.figures
    a = f.attendance
    return {
        "name": _plain(b.name),
        "members": f.members,
        "formal": f.formal,
        "probationary": f.probationary,
        "activities": f.activities,
        "attendance_rate": format_rate(a.rate) if a.rate is not None else "",
        "commitments": f.commitments,
        "fulfilled": f.fulfilled,
        "highlights": list(b.highlights),
        "more_activities": b.reported_activities > len(b.highlights),
    }


def _first_sentence(text: str) -> str:
    head, dot, _ = (text or "").partition("。")
    return head if dot else text


def compose_committee_report(rollup: Rollup, template_dir=None) -> StageReport:
    c = rollup.committee
    period = f"{date_text(c.period_start)}至{date_text(c.period_end)}" if c.period_start and c.period_end else ""
    wording = load_wording({"名称": c.name, "活动名称": c.campaign, "报告期": period}, template_dir)
    counted = rollup.counted
    totals = rollup.totals

    title = (_plain(c.title) if c.title else wording.title()).rstrip("。.，,；;：:！!？?")
    blocks: list = []
    if c.addressee:
        blocks.append(Addressee(_plain(c.addressee).rstrip("：:") + "："))
    blocks.append(Paragraph(wording.opening(totals.branches)))

    section = 0

    def heading(key: str) -> None:
        nonlocal section
        section += 1
        blocks.append(Heading(1, level1_label(section), wording.section_title(key)))

    heading("基本情况")
    t = _totals_for_template(totals)
    blocks.append(Paragraph(wording.basic_members(t)))
    blocks.append(Paragraph(wording.basic_activities(t)))

    if counted:
        heading("各支部")
        for number, b in enumerate(counted, start=1):
            data = _branch_for_template(b)
            blocks.append(Paragraph(wording.branch_paragraph(data), lead=Heading(3, level3_label(number), wording.branch_heading(data) + "。")))

    failed = rollup.failed
    if failed:
        heading("未计入")
        blocks.append(Paragraph(wording.uncounted_lead(len(failed))))
        for number, b in enumerate(failed, start=1):
            reason = wording.reason_unreadable(_first_sentence(b.unreadable)) if b.unreadable else wording.reason_errors(b.errors)
            label = _plain(b.name) or b.file
            blocks.append(Paragraph(wording.uncounted_item(label, b.file, reason), lead=Heading(3, level3_label(number), "")))

    attachment = Attachment("附件", wording.branches_title(), _branches_table(wording, counted, totals))
    blocks.append(AttachmentNote((f"附件：{attachment.title}",)))
    blocks.append(Signature(_plain(c.name), date_text(c.report_date, c.date_style)))
    return StageReport(
        title=break_title(title),
        blocks=tuple(blocks),
        attachments=(attachment,),
        core_title=title,
        core_author=c.name,
        core_created=c.report_date,
    )


def _branches_table(wording, counted: list[BranchSummary], totals: CommitteeTotals) -> Table:
    columns = tuple(Column(header, float(width), align) for header, width, align in wording.branches_columns)
    rows = []
    for number, b in enumerate(counted, start=1):
        f = b.figures
        rate = f.attendance.rate
        rows.append((str(number), _plain(b.name), str(f.members), str(f.formal), str(f.probationary), str(f.activities),
                     format_rate(rate) if rate is not None else "", str(f.commitments), str(f.fulfilled)))
    rate = totals.attendance.rate
    total = ("", wording.branches_total(totals.branches), str(totals.members), str(totals.formal), str(totals.probationary),
             str(totals.activities), format_rate(rate) if rate is not None else "", str(totals.commitments), str(totals.fulfilled))
    return Table(columns, tuple(rows), total)


def build_committee_report(rollup: Rollup, template_dir=None) -> bytes:
    from toolkit.report.docx import write_docx
    from toolkit.style import profile

    return write_docx(compose_committee_report(rollup, template_dir), profile(rollup.committee.font_scheme or "gb2312"))

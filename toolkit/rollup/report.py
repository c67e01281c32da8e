"""党委（党总支）的汇总报告：Rollup → 报告文档树（StageReport）→ .docx。

版面与支部报告完全相同（document.py 的文档树、docx.py 写出、style.py 的版面方案，序数也取自它）；
固定措辞来自 templates/report/rollup.j2 和两种报告共用的 common.j2（与 wording.j2 同一个沙箱里的 Wording）；
数字来自各支部的 BranchFigures 和它们的合计（rollup.add_up），这里不再算任何数。

    committee_period(committee, template_dir) -> str     报告期“…至…”（汇总报告、汇总表都用它）
    summary_file_name(stem, template_dir)、report_file_name(stem, template_dir)   汇总表、汇总报告默认的文件名
"""

from __future__ import annotations

from pathlib import Path

from toolkit import standard
from toolkit.branch.figures import format_rate
from toolkit.report.compose import addressee_line, attachment_note, label_attachments
from toolkit.report.document import Column, Heading, Paragraph, Signature, StageReport, Table
from toolkit.report.titles import break_title, without_end_punctuation
from toolkit.report.typography import normalise_punctuation
from toolkit.errors import WordingError
from toolkit.report.wording import Wording, shared_wording
from toolkit.rollup.model import BranchSummary, Committee, CommitteeTotals, Rollup
from toolkit.style import StyleProfile, profile
from toolkit.text import date_text

TEMPLATE = "rollup.j2"
PERIOD = "报告期"  # rollup.j2 的变量，与支部报告的占位符 {报告期} 同一个意思


def _directory(template_dir) -> Path | None:
    return Path(template_dir) if template_dir else None


def committee_context(committee: Committee | None = None, period: str = "") -> dict:
    """rollup.j2 的变量：汇总设置的“名称”“活动名称”，和报告期。committee 为 None 时都是空的。"""
    settings = standard.ROLLUP_SETTINGS.col
    return {
        settings.name.name: committee.name if committee else "",
        settings.campaign.name: committee.campaign if committee else "",
        PERIOD: period,
    }


def load_wording(committee: Committee | None = None, template_dir=None) -> Wording:
    """rollup.j2（和 common.j2）的措辞；committee 为 None 时只为先试一遍模板。"""
    period = committee_period(committee, template_dir) if committee else ""
    return Wording(committee_context(committee, period), _directory(template_dir), TEMPLATE)


def committee_period(committee: Committee, template_dir=None) -> str:
    """“2010年7月1日至2011年1月7日”（写法取自 common.j2 的 period）；开始、结束缺一个时为空。"""
    if not (committee.period_start and committee.period_end):
        return ""
    return shared_wording(_directory(template_dir)).period(date_text(committee.period_start), date_text(committee.period_end))


def summary_file_name(stem: str, template_dir=None) -> str:
    """汇总表默认的文件名：stem 是已能作文件名的“名称+活动名称”（common.j2 的 summary_file_name）。"""
    return shared_wording(_directory(template_dir)).summary_file_name(stem) + ".xlsx"


def report_file_name(stem: str, template_dir=None) -> str:
    """汇总报告默认的文件名（common.j2 的 report_file_name，与支部报告同一个写法）。"""
    return shared_wording(_directory(template_dir)).report_file_name(stem) + ".docx"


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


def compose_committee_report(rollup: Rollup, style: StyleProfile, template_dir=None) -> StageReport:
    """汇总 → 报告文档树。措辞取自 rollup.j2、common.j2，序数、标题每行字数取自版面方案 style。"""
    c = rollup.committee
    wording = load_wording(c, template_dir)
    counted, totals = rollup.counted, rollup.totals
    title = without_end_punctuation(_plain(c.title) if c.title else wording.title())
    blocks: list = []
    if c.addressee:
        blocks.append(addressee_line(_plain(c.addressee)))
    blocks.append(Paragraph(wording.opening(totals.branches)))
    blocks += _sections(rollup, totals, wording, style)
    attachments = label_attachments([(wording.branches_title(), _branches_table(wording, counted, totals))], wording)
    blocks.append(attachment_note(attachments, wording, style))
    blocks.append(Signature(_plain(c.name), date_text(c.report_date, c.date_style)))
    return StageReport(
        title=break_title(title, style.title_max_chars),
        blocks=tuple(blocks),
        attachments=attachments,
        core_title=title,
        core_author=c.name,
        core_created=c.report_date,
    )


def _sections(rollup: Rollup, totals: CommitteeTotals, wording: Wording, style: StyleProfile) -> list:
    """一、基本情况；然后是各党支部工作情况（有计入的支部时）、需要说明的情况（有没计入的工作簿时），接着编号。"""
    t = _totals_for_template(totals)
    parts = [("基本情况", [Paragraph(wording.basic_members(t)), Paragraph(wording.basic_activities(t)), *meetings_paragraphs(rollup.counted, wording)])]
    counted, failed = rollup.counted, rollup.failed
    if counted:
        parts.append(("各支部", [_branch_item(number, b, wording, style) for number, b in enumerate(counted, start=1)]))
    if failed:
        lead = Paragraph(wording.uncounted_lead(len(failed)))
        parts.append(("未计入", [lead] + [_uncounted_item(number, b, wording, style) for number, b in enumerate(failed, start=1)]))
    blocks: list = []
    for number, (key, content) in enumerate(parts, start=1):
        blocks.append(Heading(1, style.heading_label(1, number), wording.section_title(key)))
        blocks += content
    return blocks


def meetings_for_template(counted: list[BranchSummary]) -> tuple[list[dict], list[dict]]:
    """三会一课（issue 15）：每类会议有几个支部要对照、几个按期开了；没有按期开的支部和它漏了哪几类。"""
    records = [(b, b.figures.meetings) for b in counted if b.figures and b.figures.meetings]
    rules = []
    for kind in standard.ActivityType.MEETINGS:
        held = [r.kind(kind) for _, r in records if r.kind(kind).rule is not None and r.kind(kind).required]
        if held:
            rules.append({"name": kind, "total": len(held), "met": sum(1 for k in held if not k.missing)})
    lagging = []
    for b, record in records:
        gaps = [k.kind for k in record.kinds if k.rule is not None and k.missing]
        if gaps:
            lagging.append({"name": _plain(b.name), "gaps": "、".join(gaps)})
    return rules, lagging


def meetings_paragraphs(counted: list[BranchSummary], wording: Wording) -> list[Paragraph]:
    """基本情况里说三会一课的一段（rollup.j2 的 meetings_paragraph）；没有要对照的、或旧模板里没有这个宏时不写。"""
    rules, lagging = meetings_for_template(counted)
    if not rules:
        return []
    try:
        text = wording.meetings_paragraph(rules, lagging)
    except WordingError:
        return []
    return [Paragraph(text)] if text else []


def _branch_item(number: int, b: BranchSummary, wording: Wording, style: StyleProfile) -> Paragraph:
    """“1.××党支部。现有党员……”：支部名称是段首的三级标题。"""
    data = _branch_for_template(b)
    return Paragraph(wording.branch_paragraph(data), lead=Heading(3, style.heading_label(3, number), wording.branch_heading(data) + "。"))


def _uncounted_item(number: int, b: BranchSummary, wording: Wording, style: StyleProfile) -> Paragraph:
    reason = wording.reason_unreadable(_first_sentence(b.unreadable)) if b.unreadable else wording.reason_errors(b.errors)
    text = wording.uncounted_item(_plain(b.name) or b.file, b.file, reason)
    return Paragraph(text, lead=Heading(3, style.heading_label(3, number), ""))


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
    from toolkit.report.docx import write_docx  # python-docx 只在真要写报告时才加载

    style = profile(rollup.committee.font_scheme or standard.FontScheme.GB2312)
    return write_docx(compose_committee_report(rollup, style, template_dir), style)

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
from toolkit.report.wording import MissingWording, Wording, shared_wording
from toolkit.rollup.model import OTHER_PERIOD, BranchSummary, Committee, CommitteeTotals, Rollup, Subordinate
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


def _unit_for_template(name: str, f, extra: dict | None = None) -> dict:
    """一个直属单位（支部，或下级党组织的合计）在报告里的数字。"""
    a = f.attendance
    return {
        "name": _plain(name),
        "members": f.members,
        "formal": f.formal,
        "probationary": f.probationary,
        "activities": f.activities,
        "attendance_rate": format_rate(a.rate) if a.rate is not None else "",
        "commitments": f.commitments,
        "fulfilled": f.fulfilled,
        **(extra or {}),
    }


def _branch_for_template(b: BranchSummary) -> dict:
    return _unit_for_template(b.name, b.figures, {"highlights": list(b.highlights), "more_activities": b.reported_activities > len(b.highlights)})


def compose_committee_report(rollup: Rollup, style: StyleProfile, template_dir=None) -> StageReport:
    """汇总 → 报告文档树。措辞取自 rollup.j2、common.j2，序数、标题每行字数取自版面方案 style。"""
    c = rollup.committee
    wording = load_wording(c, template_dir)
    totals = rollup.totals
    title = without_end_punctuation(_plain(c.title) if c.title else wording.title())
    blocks: list = []
    if c.addressee:
        blocks.append(addressee_line(_plain(c.addressee)))
    blocks.append(Paragraph(_opening(rollup, totals, wording)))
    blocks += _sections(rollup, totals, wording, style)
    attachments = label_attachments(_tables(rollup, wording), wording)
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


def _opening(rollup: Rollup, totals: CommitteeTotals, wording: Wording) -> str:
    """开头一段：只有直属支部时说“所属N个党支部”；有下级党组织时说所属党组织有几个、各是什么。"""
    if not rollup.subordinates:
        return wording.opening(totals.branches)
    subs, direct = len(rollup.counted_subordinates), len(rollup.counted)
    return wording.opening_levels({"units": subs + direct, "committees": subs, "direct": direct, "branches": totals.branches})


def _sections(rollup: Rollup, totals: CommitteeTotals, wording: Wording, style: StyleProfile) -> list:
    """一、基本情况；然后是各所属党组织的工作情况（有计入的时）、需要说明的情况（有没计入的材料时），接着编号。"""
    t = _totals_for_template(totals)
    meetings = meetings_paragraphs(rollup.every_counted, wording)
    parts = [("基本情况", [Paragraph(wording.basic_members(t)), Paragraph(wording.basic_activities(t)), *meetings])]
    items = _unit_items(rollup, wording, style)
    if items:
        parts.append(("各单位" if rollup.subordinates else "各支部", items))
    explained = _explanations(rollup, wording)
    if explained:
        parts.append(("未计入", explained))
    blocks: list = []
    for number, (key, content) in enumerate(parts, start=1):
        blocks.append(Heading(1, style.heading_label(1, number), wording.section_title(key)))
        blocks += content
    return blocks


def _unit_items(rollup: Rollup, wording: Wording, style: StyleProfile) -> list[Paragraph]:
    """每个计入的直属单位一段，段首是二级标题“（一）××党支部。”：直属支部写它的主要工作，下级党组织写它的合计。"""
    counted = sorted([*rollup.counted, *rollup.counted_subordinates], key=lambda u: u.file)
    attachment = {s.file: wording.attachment_label(n, len(rollup.counted_subordinates) + 1)
                  for n, s in enumerate(_ordered_subordinates(rollup), start=2)}
    items = []
    for number, unit in enumerate(counted, start=1):
        label = style.heading_label(2, number)
        if isinstance(unit, Subordinate):
            data = _unit_for_template(unit.name, unit.figures, {"branches": len(unit.counted_branches), "attachment": attachment[unit.file]})
            items.append(Paragraph(wording.committee_paragraph(data), lead=Heading(2, label, wording.branch_heading(data) + "。")))
        else:
            data = _branch_for_template(unit)
            items.append(Paragraph(wording.branch_paragraph(data), lead=Heading(2, label, wording.branch_heading(data) + "。")))
    return items


def _ordered_subordinates(rollup: Rollup) -> list[Subordinate]:
    return sorted(rollup.counted_subordinates, key=lambda s: s.file)


def _explanations(rollup: Rollup, wording: Wording) -> list[Paragraph]:
    """没有计入、或数字经过核定的材料，用党组织的话说（文件名、工具的话只在汇总表的问题清单和屏幕上）。"""
    failed = rollup.failed
    named = _names([b.name for b in failed if b.name])
    unnamed = sum(1 for b in failed if not b.name)
    other = _names([u.name for u in [*rollup.branches, *rollup.subordinates] if u.status == OTHER_PERIOD and u.name])
    corrected = _names([s.name for s in rollup.counted_subordinates if s.edited and s.name])
    paragraphs = []
    if named or unnamed:
        paragraphs.append(Paragraph(wording.returned(named, unnamed)))
    if other:
        paragraphs.append(Paragraph(wording.other_period(other)))
    if corrected:
        paragraphs.append(Paragraph(wording.corrected(corrected)))
    return paragraphs


def _names(names: list[str]) -> list[str]:
    seen: list[str] = []
    for name in names:
        if _plain(name) not in seen:
            seen.append(_plain(name))
    return seen


def meetings_for_template(counted: list[BranchSummary]) -> tuple[list[dict], list[dict]]:
    """三会一课（issue 15）：每类会议有几个支部要对照、几个按期开了；没有按期开的支部和它漏了哪几类。"""
    records = [(b, b.figures.meetings) for b in counted if b.figures and b.figures.meetings]
    rules = []
    for kind in standard.ActivityType.MEETINGS:
        held = [k for k in (r.kind(kind) for _, r in records) if k.ruled and k.required]
        if held:
            rules.append({"name": kind, "total": len(held), "met": sum(1 for k in held if not k.missing)})
    lagging = []
    for b, record in records:
        gaps = [k.kind for k in record.kinds if k.ruled and k.missing]
        if gaps:
            lagging.append({"name": _plain(b.name), "gaps": "、".join(gaps)})
    return rules, lagging


LAGGING_NAMED = 10  # 没有按期开展组织生活的支部多于这么多时，报告里只说个数（名单在汇总表的“三会一课”表）


def meetings_paragraphs(counted: list[BranchSummary], wording: Wording) -> list[Paragraph]:
    """基本情况里说三会一课的一段（rollup.j2 的 meetings_paragraph）；没有要对照的、或旧模板里没有这个宏时不写。"""
    rules, lagging = meetings_for_template(counted)
    if not rules:
        return []
    try:
        if len(lagging) > LAGGING_NAMED:
            text = wording.meetings_paragraph(rules, [], len(lagging))
        else:
            text = wording.meetings_paragraph(rules, lagging)
    except MissingWording:  # 旧的 rollup.j2 里没有这个宏：不写这一段；模板别的错照常报出（[模板有误]）
        return []
    return [Paragraph(text)] if text else []


def _tables(rollup: Rollup, wording) -> list[tuple[str, Table]]:
    """附件：各直属单位的统计表；有下级党组织时，每个下级党组织再附一张它所属各党支部的统计表。"""
    if not rollup.subordinates:
        return [(wording.branches_title(), _table(wording, [(b.name, b.figures) for b in rollup.counted], rollup.totals))]
    units = sorted([*rollup.counted, *rollup.counted_subordinates], key=lambda u: u.file)
    tables = [(wording.units_title(), _table(wording, [(u.name, u.figures) for u in units], rollup.totals))]
    for sub in _ordered_subordinates(rollup):
        # 它自己的直属单位一行（每一级的报告只随直属单位的个数增长）；本级又除去了重复的支部时，改为逐个支部列出，好让合计对得上
        whole = len(sub.counted_branches) == len(sub.branches) and sub.units
        rows = sub.units if whole else [(b.name, b.figures) for b in sub.counted_branches]
        tables.append((wording.subordinate_title(_plain(sub.name)), _table(wording, rows, sub.figures)))
    return tables


def _table(wording, rows: list[tuple[str, object]], totals: CommitteeTotals) -> Table:
    columns = tuple(Column(header, float(width), align) for header, width, align in wording.branches_columns)

    def cells(f) -> tuple[str, ...]:
        rate = f.attendance.rate
        return (str(f.members), str(f.formal), str(f.probationary), str(f.activities),
                format_rate(rate) if rate is not None else "", str(f.commitments), str(f.fulfilled))

    body = tuple((str(number), _plain(name), *cells(f)) for number, (name, f) in enumerate(rows, start=1))
    return Table(columns, body, ("", wording.branches_total(totals.branches), *cells(totals)))


def build_committee_report(rollup: Rollup, template_dir=None) -> bytes:
    from toolkit.report.docx import write_docx  # python-docx 只在真要写报告时才加载

    style = profile(rollup.committee.font_scheme or standard.FontScheme.GB2312)
    return write_docx(compose_committee_report(rollup, style, template_dir), style)

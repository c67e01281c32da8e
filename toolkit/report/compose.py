"""组织报告：支部模型 → 报告文档树（StageReport）。

结构按标准和参考报告：标题、副标题、主送机关、前言，四个部分（一、二、三、四、），
具体措施下先是它自己的段落，再是报告期内、写入报告的活动，按措施分组成（一）（二），
组内编号 1. 2.，分项（1）（2），再下一级 ①②③；然后结束语、附件说明、落款、附件表格。

固定措辞来自 templates/report/wording.j2（Wording）；数字来自 figures；
用户文字里夹在汉字之间的半角标点改为全角（typography）。这里不碰 .docx。
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field

from toolkit import standard
from toolkit.branch import figures
from toolkit.branch.meetings import meetings_record
from toolkit.branch.model import Activity, Branch
from toolkit.report.document import (
    Addressee,
    Attachment,
    AttachmentNote,
    Column,
    Heading,
    Paragraph,
    Signature,
    StageReport,
    Subtitle,
    Table,
)
from toolkit.report.titles import break_title, without_end_punctuation
from toolkit.report.typography import normalise_punctuation
from toolkit.report.wording import MissingWording, Wording
from toolkit.style import StyleProfile
from toolkit.text import date_text, name_key

Section = standard.Section


def addressee_line(text: str) -> Addressee:
    """主送机关：顶格，以全角冒号结尾（7.3.2）。text 是已经改好标点的文字。"""
    return Addressee(text.rstrip("：:") + "：")


def label_attachments(titled_tables: list[tuple[str, Table]], wording: Wording) -> tuple[Attachment, ...]:
    """（标题, 表格）→ 附件：标识“附件”或“附件1”“附件2”取自措辞模板（common.j2 的 attachment_label）。"""
    count = len(titled_tables)
    return tuple(
        Attachment(wording.attachment_label(number, count), title, table)
        for number, (title, table) in enumerate(titled_tables, start=1)
    )


def attachment_note(attachments, wording: Wording, style: StyleProfile) -> AttachmentNote:
    """附件说明（7.3.4）：“附件：”接名称；几个附件时各占一行，名称前加序号“1.”“2.”。"""
    lead = wording.attachment_note_lead()
    if len(attachments) == 1:
        return AttachmentNote((f"{lead}{attachments[0].title}",))
    return AttachmentNote(tuple(
        (lead if number == 1 else "") + style.attachment_numbering.label(number) + a.title
        for number, a in enumerate(attachments, start=1)
    ))


def _sentence(text: str) -> str:
    """接着写下一句之前，补上句末的句号。"""
    text = text.rstrip()
    return text if not text or text[-1] in "。！？；…”" else text + "。"


@dataclass
class Composed:
    """组织好的报告和生成后要告诉用户的话。"""

    report: StageReport
    notes: list[str] = field(default_factory=list)  # 生成后告诉用户的话


class _Composer:
    def __init__(self, branch: Branch, wording: Wording, style: StyleProfile):
        self.branch = branch
        self.wording = wording
        self.style = style
        self.meeting_notes: list[str] = []
        self.meetings = meetings_record(branch)
        self.figures = figures.branch_figures(branch, period=wording.period, meetings=self._meetings_sentence)
        self.punctuation_fixes = 0
        self.blocks: list = []
        self.dates: dict = {}  # 表里的日期：每个日期只进一次模板（上万行里日期只有几百个）

    # -- 文字：先填数字，再改标点
    def text(self, raw: str | None, activity: Activity | None = None) -> str:
        if not raw:
            return ""
        filled = figures.fill(raw, self.branch, activity, figures=self.figures)
        fixed, count = normalise_punctuation(filled)
        self.punctuation_fixes += count
        return fixed

    def table_date(self, day) -> str:
        if day not in self.dates:
            self.dates[day] = self.wording.table_date(day)
        return self.dates[day]

    def plain(self, raw: str | None) -> str:
        fixed, count = normalise_punctuation(raw or "")
        self.punctuation_fixes += count
        return fixed

    def compose(self) -> Composed:
        info = self.branch.info
        title_text = without_end_punctuation(self.plain(info.title) if info.title else self.wording.title())
        self._front()
        self._body()
        attachments = self._attachments()
        if attachments:
            self.blocks.append(attachment_note(attachments, self.wording, self.style))
        day = info.report_date or dt.date.today()
        self.blocks.append(Signature(info.name, date_text(day, info.date_style or standard.DateStyle.ARABIC)))

        report = StageReport(
            title=break_title(title_text, self.style.title_max_chars, keep=(info.name or "", info.campaign or "")),
            blocks=tuple(self.blocks),
            attachments=attachments,
            core_title=title_text,
            core_author=info.name,
            core_created=day,
        )
        notes = []
        if self.punctuation_fixes:
            notes.append(self.wording.punctuation_note(self.punctuation_fixes))
        notes += self.meeting_notes
        return Composed(report, notes)

    def _front(self) -> None:
        """标题下面：副标题、主送机关。"""
        info = self.branch.info
        if info.subtitle:
            self.blocks.append(Subtitle(self.plain(info.subtitle)))
        if info.addressee:
            self.blocks.append(addressee_line(self.plain(info.addressee)))

    def _body(self) -> None:
        """前言；四个部分（一、二、三、四、），具体措施下接着写活动；结束语。"""
        by_section = self._paragraphs_by_section()
        self._paragraphs(by_section.get(Section.PREFACE, []))
        for number, section in enumerate(Section.BODY, start=1):
            self.blocks.append(Heading(1, self.style.heading_label(1, number), self.wording.section_title(section)))
            if section == Section.MEASURES:
                self._meetings_paragraph()
            level2 = self._paragraphs(by_section.get(section, []), subheading_level=2)
            if section == Section.MEASURES:
                self._activities(start_level2=level2)
        self._paragraphs(by_section.get(Section.CLOSING, []))

    # -- 报告正文表的段落
    def _paragraphs_by_section(self) -> dict[str, list]:
        grouped: dict[str, list] = {}
        for index, paragraph in enumerate(self.branch.paragraphs):
            if paragraph.section and paragraph.text:
                grouped.setdefault(paragraph.section, []).append((paragraph.order or 0, index, paragraph))
        return {k: [p for _, _, p in sorted(v, key=lambda t: (t[0] if t[0] else t[1] + 1_000_000, t[1]))] for k, v in grouped.items()}

    def _paragraphs(self, paragraphs: list, subheading_level: int = 2) -> int:
        """返回用掉的二级标题个数，好让具体措施的活动分组接着编号。"""
        used = 0
        for paragraph in paragraphs:
            if paragraph.subheading:
                used += 1
                label = self.style.heading_label(subheading_level, used)
                self.blocks.append(Heading(subheading_level, label, self.plain(paragraph.subheading).rstrip("。")))
            self.blocks.append(Paragraph(self.text(paragraph.text)))
        return used

    # -- 具体措施下的活动
    def _activities(self, start_level2: int) -> None:
        reported = [a for a in self.branch.activities_in_period() if a.reported]
        codes = {a.code for a in reported}
        children: dict[str, list[Activity]] = {}
        top: list[Activity] = []
        for activity in reported:
            if activity.parent_code and activity.parent_code in codes and activity.parent_code != activity.code:
                children.setdefault(activity.parent_code, []).append(activity)
            else:
                top.append(activity)

        groups: "OrderedDict[str | None, list[Activity]]" = OrderedDict()
        for activity in top:
            groups.setdefault(activity.group or None, []).append(activity)
        if None in groups and len(groups) > 1:
            groups.move_to_end(None)  # 没分组的放在最后，作为“其他工作”

        if list(groups) == [None]:
            self._items(groups[None], children, level=3)
            return
        for number, (group, activities) in enumerate(groups.items(), start=start_level2 + 1):
            name = self.plain(group) if group else self.wording.ungrouped_activities()
            self.blocks.append(Heading(2, self.style.heading_label(2, number), name.rstrip("。")))
            single = activities[0] if len(activities) == 1 else None
            if single is not None and _same(single.name, group or "") and not children.get(single.code):
                self._body_of(single)
            else:
                self._items(activities, children, level=3)

    def _body_of(self, activity: Activity) -> None:
        self.blocks.append(Paragraph(self.text(activity.content, activity)))
        if activity.outcome:
            self.blocks.append(Paragraph(self.text(activity.outcome, activity)))

    def _items(self, activities: list[Activity], children: dict, level: int, seen: frozenset = frozenset()) -> None:
        for number, activity in enumerate(activities, start=1):
            name = self.text(activity.name, activity).rstrip("。")
            content = self.text(activity.content, activity)
            kids = [k for k in children.get(activity.code, []) if k.code not in seen]
            if level >= 5:
                # ①②③：不再是标题，标签写在段落开头
                # 再下一级不再另起段落：在这一段里接着写“一是……二是……”（report-format.md 7.3.3）
                label = self.style.heading_label(level, number)
                lead = label if _starts_with(content, name) else f"{label}{name}。"
                inline = "".join(
                    self.style.inline_numbering.label(i) + self._run_in(kid, children, seen | {activity.code})
                    for i, kid in enumerate(kids, start=1)
                )
                self.blocks.append(Paragraph(lead + _sentence(content) + inline if inline else lead + content))
                if activity.outcome:
                    self.blocks.append(Paragraph(self.text(activity.outcome, activity)))
                continue
            label = self.style.heading_label(level, number)
            if kids:
                if not content or _same(content, name):
                    self.blocks.append(Heading(level, label, name))
                elif _starts_with(content, name):
                    self.blocks.append(Paragraph(content, lead=Heading(level, label, "")))
                else:
                    self.blocks.append(Heading(level, label, name))
                    self.blocks.append(Paragraph(content))
            elif _starts_with(content, name):
                self.blocks.append(Paragraph(content, lead=Heading(level, label, "")))
            else:
                self.blocks.append(Paragraph(content, lead=Heading(level, label, name + "。")))
            if activity.outcome:
                self.blocks.append(Paragraph(self.text(activity.outcome, activity)))
            if kids:
                self._items(kids, children, level + 1, seen | {activity.code})

    def _run_in(self, activity: Activity, children: dict, seen: frozenset) -> str:
        """“一是……”里的一项：名称和内容、成效，连同更深的分项，都写成句子接在一起。"""
        name = self.text(activity.name, activity).rstrip("。")
        content = self.text(activity.content, activity)
        parts = [content if _starts_with(content, name) else f"{name}。{content}"]
        if activity.outcome:
            parts.append(self.text(activity.outcome, activity))
        for kid in children.get(activity.code, []):
            if kid.code not in seen:
                parts.append(self._run_in(kid, children, seen | {activity.code}))
        return "".join(_sentence(p) for p in parts if p)

    # -- 附件
    def _attachments(self) -> tuple[Attachment, ...]:
        """党员公开承诺情况汇总表、三会一课及组织生活开展情况统计表、活动开展情况统计表，依次为附件1、2、3：没有内容的不附。"""
        tables = [t for t in (self._commitments_table(), self._meetings_table(), self._activities_table()) if t is not None]
        return label_attachments(tables, self.wording)

    def _columns(self, spec) -> tuple[Column, ...]:
        return tuple(Column(header, float(width), align) for header, width, align in spec)

    def _commitments_table(self):
        commitments = self.branch.commitments
        if not commitments:
            return None
        categories = {m.key: m.category for m in self.branch.members}
        rows = []
        for number, c in enumerate(commitments, start=1):
            if c.subject == standard.Committer.BRANCH:
                category = self.wording.branch_as_committer()
            else:
                category = categories.get(name_key(c.person)) or ""
            rows.append(
                (
                    str(number),
                    self.plain(c.person),
                    category,
                    self.plain(c.matter),
                    self.table_date(c.deadline) if c.deadline else "",
                    c.progress or "",
                )
            )
        table = Table(self._columns(self.wording.commitments_columns), tuple(rows))
        return (self.wording.commitments_title(), table)

    def _activities_table(self):
        reported = figures.reported_activities(self.branch)
        if not reported:
            return None
        rows = []
        for a in sorted(reported, key=lambda a: (a.start, a.source.row if a.source else 0)):
            rate = a.attendance_rate
            rows.append(
                (
                    self.table_date(a.start),
                    self.text(a.name, a).rstrip("。"),
                    a.type or "",
                    a.scope or "",
                    "" if a.expected is None else str(a.expected),
                    "" if a.present is None else str(a.present),
                    "" if rate is None else figures.format_rate(rate),
                )
            )
        attended = figures.attendance_total(reported)  # 党委汇总表的出勤率也取这里
        total = (
            "",
            self.wording.activities_total(len(reported)),
            "",
            "",
            str(attended.expected) if attended.expected else "",
            str(attended.present) if attended.expected else "",
            figures.format_rate(attended.rate) if attended.expected else "",
        )
        table = Table(self._columns(self.wording.activities_columns), tuple(rows), total)
        return (self.wording.activities_title(), table)

    # -- 三会一课及组织生活（“具体措施”开头的一段、附件统计表）
    def _meetings_shown(self) -> bool:
        """报告期内有这几类会议的记录、支部信息“三会一课写入报告”不是“否”、措辞模板里有这部分的写法。"""
        record = self.meetings
        if record is None or not record.holds_meetings or self.branch.info.meetings_in_report == standard.InReport.NO:
            return False
        try:
            self.wording.meetings_title()
        except MissingWording:
            note = "措辞模板里没有三会一课统计表的写法（meetings_title 等），报告没有写三会一课那一段、也没有附统计表；复制新版 templates/report 文件夹再改，就会写上。"
            if note not in self.meeting_notes:
                self.meeting_notes.append(note)
            return False
        return True

    def _meetings_sentence(self, context: dict) -> str:
        """{三会一课情况} 的值：措辞模板的 meetings_sentence；旧模板没有这个宏时为空。"""
        try:
            return self.wording.meetings_sentence(context)
        except MissingWording:
            return ""

    def _meetings_paragraph(self) -> None:
        """“具体措施”开头写三会一课情况（wording.j2 的 meetings_paragraph）；支部自己在文字里写了 {三会一课情况} 时不另写。"""
        if not self._meetings_shown() or self._writes_meetings_itself():
            return
        text = self.text(self.wording.meetings_paragraph())
        if text:
            self.blocks.append(Paragraph(text))

    def _writes_meetings_itself(self) -> bool:
        name = standard.FIGURE.meetings.name
        records = {standard.NARRATIVE.name: self.branch.paragraphs, standard.ACTIVITIES.name: self.branch.activities}
        for sheet, column in standard.NARRATIVE_COLUMNS:
            for record in records[sheet.name]:
                if any(use.name == name for use in figures.placeholders_in(getattr(record, column.key) or "")):
                    return True
        return False

    def _meetings_table(self):
        """一类会议一行：规定、召开次数、按期情况、没有记录的月份（季度、年）、平均出勤率。"""
        if not self._meetings_shown():
            return None
        rows = tuple(self._meetings_row(k) for k in self.meetings.ruled)
        table = Table(self._columns(self.wording.meetings_columns), rows)
        return (self.wording.meetings_title(), table)

    def _meetings_row(self, kind) -> tuple[str, ...]:
        rate = figures.format_rate(kind.rate) if kind.rate is not None else self.wording.meetings_no_rate()
        missing = kind.missing_text() if kind.missing else (self.wording.meetings_nothing_missing() if kind.required else "")
        return (kind.kind, kind.rule.wording, str(kind.count), kind.phrase(), missing, rate)


def _same(a: str, b: str) -> bool:
    return _key(a) == _key(b)


def _starts_with(text: str, prefix: str) -> bool:
    return bool(prefix) and _key(text).startswith(_key(prefix))


_NOT_IN_KEY = str.maketrans("", "", " \u3000。.，,、；;：:")


def _key(text: str) -> str:
    return text.translate(_NOT_IN_KEY).strip()


def compose_report(branch: Branch, wording: Wording, style: StyleProfile) -> Composed:
    """支部 → 报告文档树。措辞取自 wording，序数、标题每行字数取自版面方案 style。"""
    return _Composer(branch, wording, style).compose()

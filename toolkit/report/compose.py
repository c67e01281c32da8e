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

from toolkit.branch import figures
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
from toolkit.branch.model import Activity, Branch
from toolkit.report.titles import break_title
from toolkit.report.typography import normalise_punctuation
from toolkit.text import date_text, name_key
from toolkit.report.wording import Wording

BODY_SECTIONS = ("指导思想", "目标要求", "具体措施", "努力方向")
LEVEL1 = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def level1_label(n: int) -> str:
    return f"{LEVEL1[n - 1]}、" if n <= len(LEVEL1) else f"{n}、"


def level2_label(n: int) -> str:
    return f"（{LEVEL1[n - 1]}）" if n <= len(LEVEL1) else f"（{n}）"


def level3_label(n: int) -> str:
    return f"{n}."


def level4_label(n: int) -> str:
    return f"（{n}）"


def level5_label(n: int) -> str:
    return CIRCLED[n - 1] if n <= len(CIRCLED) else f"{n})"


def ordinal_label(n: int) -> str:
    """①之下的一级，写在段内：一是、二是……"""
    return (LEVEL1[n - 1] if n <= len(LEVEL1) else str(n)) + "是"


def _sentence(text: str) -> str:
    """接着写下一句之前，补上句末的句号。"""
    text = text.rstrip()
    return text if not text or text[-1] in "。！？；…”" else text + "。"


@dataclass
class Composed:
    report: StageReport
    notes: list[str] = field(default_factory=list)  # 生成后告诉用户的话


class _Composer:
    def __init__(self, branch: Branch, wording: Wording):
        self.branch = branch
        self.wording = wording
        self.figures = figures.branch_figures(branch)
        self.punctuation_fixes = 0
        self.blocks: list = []

    # -- 文字：先填数字，再改标点
    def text(self, raw: str | None, activity: Activity | None = None) -> str:
        if not raw:
            return ""
        filled = figures.fill(raw, self.branch, activity, figures=self.figures)
        fixed, count = normalise_punctuation(filled)
        self.punctuation_fixes += count
        return fixed

    def plain(self, raw: str | None) -> str:
        fixed, count = normalise_punctuation(raw or "")
        self.punctuation_fixes += count
        return fixed

    def compose(self) -> Composed:
        info = self.branch.info
        title_text = self.plain(info.title) if info.title else self.wording.title()
        title_text = title_text.rstrip("。.，,；;：:！!？?")
        if info.subtitle:
            self.blocks.append(Subtitle(self.plain(info.subtitle)))
        if info.addressee:
            addressee = self.plain(info.addressee).rstrip("：:")
            self.blocks.append(Addressee(addressee + "："))

        by_section = self._paragraphs_by_section()
        self._paragraphs(by_section.get("前言", []))
        for number, section in enumerate(BODY_SECTIONS, start=1):
            self.blocks.append(Heading(1, level1_label(number), self.wording.section_title(section)))
            level2 = self._paragraphs(by_section.get(section, []), subheading_level=2)
            if section == "具体措施":
                self._activities(start_level2=level2)
        self._paragraphs(by_section.get("结束语", []))

        attachments = self._attachments()
        if attachments:
            lead = self.wording.attachment_note_lead()
            if len(attachments) == 1:
                items = (f"{lead}{attachments[0].title}",)
            else:
                items = tuple(
                    (lead if i == 1 else "") + f"{i}.{a.title}" for i, a in enumerate(attachments, start=1)
                )
            self.blocks.append(AttachmentNote(items))

        day = info.report_date or dt.date.today()
        self.blocks.append(Signature(info.name, date_text(day, info.date_style or "阿拉伯数字")))

        report = StageReport(
            title=break_title(title_text),
            blocks=tuple(self.blocks),
            attachments=tuple(attachments),
            core_title=title_text,
            core_author=info.name,
            core_created=day,
        )
        notes = []
        if self.punctuation_fixes:
            notes.append(self.wording.punctuation_note(self.punctuation_fixes))
        return Composed(report, notes)

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
                self.blocks.append(Heading(subheading_level, level2_label(used), self.plain(paragraph.subheading).rstrip("。")))
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
            self.blocks.append(Heading(2, level2_label(number), name.rstrip("。")))
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
        labels = {3: level3_label, 4: level4_label}
        for number, activity in enumerate(activities, start=1):
            name = self.text(activity.name, activity).rstrip("。")
            content = self.text(activity.content, activity)
            kids = [k for k in children.get(activity.code, []) if k.code not in seen]
            if level >= 5:
                # ①②③：不再是标题，标签写在段落开头
                # 再下一级不再另起段落：在这一段里接着写“一是……二是……”（report-format.md 7.3.3）
                label = level5_label(number)
                lead = label if _starts_with(content, name) else f"{label}{name}。"
                inline = "".join(
                    ordinal_label(i) + self._run_in(kid, children, seen | {activity.code})
                    for i, kid in enumerate(kids, start=1)
                )
                self.blocks.append(Paragraph(lead + _sentence(content) + inline if inline else lead + content))
                if activity.outcome:
                    self.blocks.append(Paragraph(self.text(activity.outcome, activity)))
                continue
            label = labels[level](number)
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
    def _attachments(self) -> list[Attachment]:
        attachments = []
        commitments = self._commitments_table()
        activities = self._activities_table()
        tables = [t for t in (commitments, activities) if t is not None]
        for index, (title, table) in enumerate(tables, start=1):
            label = "附件" if len(tables) == 1 else f"附件{index}"
            attachments.append(Attachment(label, title, table))
        return attachments

    def _columns(self, spec) -> tuple[Column, ...]:
        return tuple(Column(header, float(width), align) for header, width, align in spec)

    def _commitments_table(self):
        commitments = self.branch.commitments
        if not commitments:
            return None
        categories = {m.key: m.category for m in self.branch.members}
        rows = []
        for number, c in enumerate(commitments, start=1):
            if c.subject == "支部":
                category = self.wording.branch_as_committer()
            else:
                category = categories.get(name_key(c.person)) or ""
            rows.append(
                (
                    str(number),
                    self.plain(c.person),
                    category,
                    self.plain(c.matter),
                    self.wording.table_date(c.deadline) if c.deadline else "",
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
                    self.wording.table_date(a.start),
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


def _same(a: str, b: str) -> bool:
    return _key(a) == _key(b)


def _starts_with(text: str, prefix: str) -> bool:
    return bool(prefix) and _key(text).startswith(_key(prefix))


def _key(text: str) -> str:
    return "".join(ch for ch in text if ch not in " \u3000。.，,、；;：:").strip()


def compose_report(branch: Branch, wording: Wording) -> Composed:
    return _Composer(branch, wording).compose()

"""报告的文档树（StageReport）：compose 组织出它，docx_writer 把它写成 .docx。

这里只有“报告里有什么”，没有字体、字号、页边距（那些在 style.py）。
像 pandoc 的文档树：读的一边不知道怎么排版，写的一边不知道数据从哪来。
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    """标题：level 1 “一、”（黑体）、2 “（一）”（楷体）、3 “1.”、4 “（1）”（仿宋）。

    单独成行时 text 不带句末标点；作为段落的“引导”（Paragraph.lead）时，
    text 以“。”结尾（或为空，只有编号）。
    """

    level: int
    label: str  # “一、”“（一）”“1.”“（1）”
    text: str


@dataclass(frozen=True)
class Paragraph:
    """正文段落，首行缩进 2 字。lead 是跑在段首的标题（只有它用标题的字体）。"""

    text: str
    lead: Heading | None = None


@dataclass(frozen=True)
class Subtitle:
    text: str


@dataclass(frozen=True)
class Addressee:
    """主送机关，顶格，以全角冒号结尾。"""

    text: str


@dataclass(frozen=True)
class AttachmentNote:
    """附件说明：每项一行；第一行以“附件：”开头，多个附件时编号“1.”“2.”。"""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Signature:
    """落款：发文机关署名（支部名称）和成文日期。"""

    name: str
    date: str


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # 相对宽度：写出时按比例分配版心宽度
    align: str = "center"  # "left" / "center" / "right"


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None  # 合计行


@dataclass(frozen=True)
class Attachment:
    label: str  # “附件” 或 “附件1”
    title: str
    table: Table


Block = Heading | Paragraph | Subtitle | Addressee | AttachmentNote | Signature


@dataclass(frozen=True)
class StageReport:
    """一份阶段性工作情况汇报。title 已按规矩断好行（break_title）。"""

    title: tuple[str, ...]
    blocks: tuple[Block, ...]
    attachments: tuple[Attachment, ...] = ()
    core_title: str = ""  # 文件属性：标题
    core_author: str = ""  # 文件属性：作者 = 支部名称
    core_created: dt.date | None = None  # 文件属性：创建时间 = 成文日期
    notes: tuple[str, ...] = field(default=())

    def text_lines(self) -> list[str]:
        """报告正文的纯文字（按出现顺序），供测试和预览。"""
        lines = list(self.title)
        for block in self.blocks:
            if isinstance(block, Heading):
                lines.append(block.label + block.text)
            elif isinstance(block, Paragraph):
                lead = (block.lead.label + block.lead.text) if block.lead else ""
                lines.append(lead + block.text)
            elif isinstance(block, (Subtitle, Addressee)):
                lines.append(block.text)
            elif isinstance(block, AttachmentNote):
                lines.extend(block.items)
            elif isinstance(block, Signature):
                lines.extend((block.name, block.date))
        return lines

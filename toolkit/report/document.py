"""报告的文档树（StageReport）：compose 组织出它，docx_writer 把它写成 .docx。

这里只有“报告里有什么”，没有字体、字号、页边距（那些在 style.py）；表格各栏要几个字宽由内容量出
（Table.layout，写出时乘上字宽）。
像 pandoc 的文档树：读的一边不知道怎么排版，写的一边不知道数据从哪来。
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from toolkit.report.titles import Widths, good_breaks, text_width


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
    """副标题（标题下一行）。"""

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
    """附件表格的一栏：表头、相对宽度、对齐。"""

    header: str
    width: float  # 相对宽度：写出时按比例分配版心宽度
    align: str = "center"  # "left" / "center" / "right"


@dataclass(frozen=True)
class Table:
    """附件表格。各栏多宽由表里实际的内容定（layout）：Column.width 只是有富余时怎么分。"""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None  # 合计行

    def cells(self, index: int) -> list[str]:
        """第 index 栏的各格（不含表头）。"""
        rows = [*self.rows, *([self.total] if self.total else [])]
        return [str(row[index]) for row in rows if index < len(row) and row[index] not in (None, "")]

    def layout(self, total: int, char: int, extra: int) -> TableLayout:
        """各栏的宽度（缇，合计正好 total）和按这些宽度折好行的各格。char 是一个字宽（缇），
        extra 是一栏除文字外要的宽度（左右边距和余量）。

        按 Column.width 的比例分，但每栏至少“短文字在词与词之间折成至多两行”（good：江南机电公司/第二党支部），
        至多“每格一行放得下”（natural：内容短的栏不多占，让给内容长的栏）。至少的那些合起来放不下时，
        多要最多的栏先退到“不断开”（least：表头一行、2010.10.15 这样的整串）；连 least 都放不下，才只按比例分。
        放不下一行、排版软件逐字排满又会断在词中间的短文字，在词与词之间换行（写成换行符）。
        """
        needs = [column_needs(c.header, self.cells(i)) for i, c in enumerate(self.columns)]
        weights = [max(float(c.width), 0.0) or 1.0 for c in self.columns]
        floor = [n.good * char + extra for n in needs]
        while sum(floor) > total and any(f > n.least * char + extra for f, n in zip(floor, needs)):
            # 放不下时，多要最多的一栏先退到“不断开”
            i = max(range(len(floor)), key=lambda i: (floor[i] - (needs[i].least * char + extra), -i))
            floor[i] = needs[i].least * char + extra
        if sum(floor) > total:
            headers = [text_width(c.header) * char + extra for c in self.columns]
            widths = _whole(_proportional(weights, headers, total), total)
        else:
            widths = _whole(_fill(weights, floor, [max(n.natural * char + extra, f) for n, f in zip(needs, floor)], total), total)
        room = [(w - extra) / char + 1e-6 for w in widths]  # 1e-6：小数的误差不算放不下
        done: dict[tuple[int, str], str] = {}  # 同一栏里同样的文字只折一次（上万行里名称、日期一再出现）

        def cell(i: int, text: str) -> str:
            key = (i, text)
            if key not in done:
                done[key] = wrap_cell(text, room[i])
            return done[key]

        def wrapped(row):  # 空格（None）仍是空的，不写成“None”
            return tuple(cell(i, "" if v is None else str(v)) if i < len(room) else v for i, v in enumerate(row))

        rows = tuple(wrapped(row) for row in self.rows)
        total_row = wrapped(self.total) if self.total else None
        return TableLayout(tuple(widths), rows, total_row)


@dataclass(frozen=True)
class TableLayout:
    """写出时的表格：各栏宽度（缇）和折好行的各格。"""

    widths: tuple[int, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None


@dataclass(frozen=True)
class Attachment:
    """一个附件：标识（“附件1”）、标题、表格。"""

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


# ---------------------------------------------------------------- 表格各栏要多宽（以字计：汉字 1，半角约 ½）

SHORT_TEXT = 16  # 至多这么多字的一格算“短文字”（支部名称、日期、类型）：宁可折成两行，也要断在词与词之间
LATIN_ALLOWANCE = 0.65  # 半角字按 0.65 字留：Times New Roman 的数字是 ½ 字，本机没有它时替代的 DejaVu Serif 约 0.64 字


@dataclass(frozen=True)
class ColumnNeeds:
    """一栏要多宽，以字计：least 表头一行、每串数字日期不断开；good 每格或一行放下、或两行断在词与词之间；
    natural 每格都一行放下。"""

    least: float
    good: float
    natural: float


_CHAR_WIDTHS = Widths(1.0, LATIN_ALLOWANCE)


@lru_cache(maxsize=1 << 16)  # 同样的格、同样的一段一再量：量一次
def char_width(text: str) -> float:
    """排版时占的宽度（字）：汉字、全角符号 1，半角 LATIN_ALLOWANCE。"""
    return sum(map(_CHAR_WIDTHS.__getitem__, text))


def column_needs(header: str, cells: list[str]) -> ColumnNeeds:
    # 只用到最大值和“是否每格都”，同样的格看一次就够；长的先看，放不下时早知道
    distinct = sorted(set(cells), key=lambda c: (-char_width(c), c))
    least = max([text_width(header), *(_widest_run(c) for c in distinct)])
    natural = max([least, *(char_width(c) for c in distinct)])
    short = [c for c in distinct if char_width(c) <= SHORT_TEXT]  # 名称之类的短文字；长文字随排版软件折
    good = next((w for w in _candidates(least, natural) if all(_at_most(c, w, 2) for c in short)), natural)
    return ColumnNeeds(least, max(good, least), natural)


def _widest_run(text: str) -> float:
    """不能断开的最长一串：数字、字母和其间的 . - : /（如 2010.10.15、95.5%），中文写法的日期（2021年10月15日）。"""
    runs = re.findall(r"[0-9A-Za-z.\-:/%]+(?:[年月日号][0-9A-Za-z.\-:/%]*)*", text)
    return max((char_width(r) for r in runs), default=0.0)


def _candidates(least: float, natural: float):
    """从 least 起，每次加半个字，到 natural 为止。"""
    width = least
    while width < natural:
        yield width
        width += 0.5


def _lines(text: str, width: float) -> list[str] | None:
    """在词与词之间把 text 折成每行不超过 width 字的几行（每行尽量长）；有一段折不开时为 None。"""
    if char_width(text) <= width:
        return [text]
    cuts = sorted(good_breaks(text) | {len(text)})
    lines, start = [], 0
    while start < len(text):
        fitting = [c for c in cuts if c > start and char_width(text[start:c]) <= width]
        if not fitting:
            return None
        lines.append(text[start : fitting[-1]])
        start = fitting[-1]
    return lines


def _at_most(text: str, width: float, count: int) -> bool:
    lines = _lines(text, width)
    return lines is not None and len(lines) <= count


def wrap_cell(text: str, width: float, most: int = 3) -> str:
    """放不下一行、排版软件逐字排满又会断在词中间的短文字（至多 most 行），在词与词之间换行；
    别的原样交给排版软件。"""
    if char_width(text) <= width:  # 一行放得下：不用折（下面的条件这时也都成立）
        return text
    # 排版软件实际放得下的字数可能比估的多一点（余量、半角字宽）：多放一两个字也要断得好
    if "\n" in text or char_width(text) > SHORT_TEXT or all(_filled_well(text, width + d) for d in (0, 0.25, 0.5, 0.75)):
        return text
    lines = _lines(text, width)
    return "\n".join(lines) if lines and 1 < len(lines) <= most else text


def _filled_well(text: str, width: float) -> bool:
    """排版软件逐字排满 width 字一行时，每个断处都在词与词之间（一行放得下的不用折）。"""
    if char_width(text) <= width:
        return True
    allowed = good_breaks(text)
    used = 0.0
    for i, ch in enumerate(text):
        used += char_width(ch)
        if used > width:
            if i not in allowed:
                return False
            used = char_width(ch)
    return True


def _fill(weights: list[float], low: list[float], high: list[float], total: int) -> list[float]:
    """按 weights 的比例分 total，每栏夹在 low 和 high 之间（注水法：找比例系数，使合计正好 total）；
    high 合起来还有剩，剩下的按 weights 分给全部。"""
    if sum(high) <= total:
        left = total - sum(high)
        return [h + left * w / sum(weights) for h, w in zip(high, weights)]
    sized = lambda k: [min(max(k * w, lo), hi) for w, lo, hi in zip(weights, low, high)]  # noqa: E731
    small, big = 0.0, total / min(weights)
    for _ in range(100):  # 二分：结果确定
        middle = (small + big) / 2
        small, big = (middle, big) if sum(sized(middle)) < total else (small, middle)
    widths = sized(big)
    excess = sum(widths) - total
    stretchable = [i for i, (x, lo) in enumerate(zip(widths, low)) if x > lo]
    for i in stretchable[:1]:
        widths[i] -= excess  # 二分剩下的零头
    return widths


def _proportional(weights: list[float], need: list[float], total: int) -> list[float]:
    """按比例分；表头放不下一行的栏先补足，差额从宽裕的栏按比例扣（全表连内容的最低要求都放不下时用）。"""
    exact = [total * w / sum(weights) for w in weights]
    short = [i for i, x in enumerate(exact) if x < need[i]]
    spare = {i: exact[i] - need[i] for i in range(len(exact)) if i not in short and exact[i] > need[i]}
    deficit = sum(need[i] - exact[i] for i in short)
    if short and sum(need) <= total and sum(spare.values()) >= deficit:
        room = sum(spare.values())
        for i in short:
            exact[i] = float(need[i])
        for i, extra in spare.items():
            exact[i] -= deficit * extra / room
    return exact


def _whole(exact: list[float], total: int) -> list[int]:
    """化成整缇，合计正好 total（最大余数法，结果确定）。"""
    widths = [int(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - widths[i]), i))
    for i in order[: max(total - sum(widths), 0)]:
        widths[i] += 1
    return widths

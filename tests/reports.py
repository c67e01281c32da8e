"""测试用的报告文档树（StageReport），直接搭出来，不经过工作簿和 compose。

- long_report()：三页多正文，四级标题、段首引导、两个附件的附件说明、落款、两个 60 行表格的附件；
- one_page_report()：一页纸，有副标题和主送机关，没有附件；
- tail_at_page_end_report()：正文正好排满两页，落款若不和正文连在一起，就会独自落到第三页。
"""

from __future__ import annotations

import datetime as dt

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
from toolkit.report.titles import break_title

BRANCH = "商贸系党支部"
DATE = "2011年1月7日"
DAY = dt.date(2011, 1, 7)

# 正文用语（只是填充版面的文字）
SENTENCES = (
    "支部按照院党委的要求与部署，结合本系实际，积极开展创先争优活动，",
    "科学推进基层党组织建设，充分发挥党支部的战斗堡垒作用和党员的先锋模范作用。",
    "组织全系党员重温入党誓词，铭记对党作出的郑重承诺，牢记党的宗旨，",
    "以党员的标准严格要求自己，认真履行党员义务，把先进性体现在工作业绩中。",
    "全系20名教师党员、8名学生党员均参加了公开承诺活动，出勤率为100%，",
    "党支部对党员承诺的事项进行了认真审议，并在系公开栏公布，接受群众监督。",
    "支部深入师生广泛征求意见建议，了解师生所思所盼，力求承诺事项惠及师生。",
    "要求学生党员做努力学习的模范、实践创新的模范、文明守纪的模范。",
)


def text_of(chars: int, start: int = 0) -> str:
    """约 chars 个字的一段正文，以“。”结尾。"""
    out = ""
    i = start
    while len(out) < chars:
        out += SENTENCES[i % len(SENTENCES)]
        i += 1
    out = out[: chars - 1].rstrip("，、；。") + "。"
    return out


def plain_cjk(chars: int, seed: int = 0) -> str:
    """只有汉字、以“。”结尾的一段，正好 chars 个字：行数可以精确算出。"""
    pool = "党支部组织开展创先争优活动全体党员积极参加学习教育服务群众推进工作发展"
    body = "".join(pool[(seed + k) % len(pool)] for k in range(chars - 1))
    return body + "。"


def _table(rows: int, seed: int = 0) -> Table:
    columns = (
        Column("日期", 22),
        Column("活动名称", 50, "left"),
        Column("类型", 22),
        Column("参加范围", 22),
        Column("应到", 12, "right"),
        Column("实到", 12, "right"),
        Column("出勤率", 16, "right"),
    )
    body = []
    for n in range(rows):
        month, day = 7 + (n // 12) % 6, 1 + (n * 2) % 28
        expected = 20 + (n + seed) % 9
        present = expected - (n % 3)
        body.append(
            (
                f"2010.{month}.{day}",
                f"第{n + 1}次组织生活会：学习贯彻文件精神" if n % 4 == 0 else f"主题党日活动{n + 1}",
                "组织生活" if n % 2 else "主题党日",
                "全体党员",
                str(expected),
                str(present),
                f"{present * 100 / expected:.1f}%",
            )
        )
    return Table(columns, tuple(body), ("", f"合计（{rows}项）", "", "", "1500", "1420", "94.7%"))


def _commitments(rows: int) -> Table:
    columns = (
        Column("序号", 12),
        Column("承诺人", 24),
        Column("人员类别", 20),
        Column("承诺事项", 58, "left"),
        Column("完成时限", 24),
        Column("践诺进度", 18),
    )
    names = ("林海峰", "周雨桐", "陈立新", "王晓萌", "赵一鸣", "欧阳明月")
    body = tuple(
        (str(n + 1), names[n % len(names)], "教师" if n % 3 else "学生", text_of(18 + (n % 4) * 9, n), "2010.12.31", "已完成")
        for n in range(rows)
    )
    return Table(columns, body)


def long_report(name: str = BRANCH, date: str = DATE) -> StageReport:
    blocks = [
        Addressee("院党委："),
        Paragraph(text_of(150)),
        Heading(1, "一、", "开展创先争优活动的指导思想"),
        Paragraph(text_of(230, 1)),
        Paragraph(text_of(180, 2)),
        Heading(1, "二、", "开展创先争优活动的目标要求"),
        Paragraph(text_of(260, 3)),
        Paragraph(text_of(200, 4)),
        Heading(1, "三、", "开展创先争优活动的具体措施"),
        Heading(2, "（一）", "广泛宣传，动员部署"),
        Paragraph(text_of(170, 5)),
        Paragraph(text_of(120, 6), lead=Heading(2, "（二）", "全面争创，扎实推进。")),
        Paragraph(text_of(140, 7), lead=Heading(3, "1.", "开展“重温入党誓词”活动。")),
        Heading(3, "2.", "开展“公开承诺”活动"),
        Paragraph(text_of(160, 0), lead=Heading(4, "（1）", "")),
        Paragraph(text_of(110, 1), lead=Heading(4, "（2）", "公布承诺。")),
        Heading(4, "（3）", "加强学生党建工作"),
        Paragraph("①" + text_of(120, 2)),
        Paragraph("②" + text_of(130, 3)),
        Paragraph(text_of(150, 4), lead=Heading(3, "3.", "开展“服务学生”活动。")),
        Heading(1, "四、", "开展创先争优活动的努力方向"),
        Paragraph(text_of(240, 5)),
        Paragraph(text_of(200, 6)),
        Paragraph(text_of(90, 7)),
        AttachmentNote(("附件：1.党员公开承诺情况汇总表", "2.活动开展情况统计表（2010年7月至2011年1月，含各次组织生活会、主题党日和志愿服务）")),
        Signature(name, date),
    ]
    attachments = (
        Attachment("附件1", "党员公开承诺情况汇总表", _commitments(60)),
        Attachment("附件2", "活动开展情况统计表", _table(60)),
    )
    title = f"{name}开展创先争优活动阶段性工作情况汇报"
    return StageReport(
        title=break_title(title),
        blocks=tuple(blocks),
        attachments=attachments,
        core_title=title,
        core_author=name,
        core_created=DAY,
    )


def one_page_report(name: str = BRANCH, date: str = DATE) -> StageReport:
    title = f"{name}阶段性工作情况汇报"
    blocks = (
        Subtitle("——创先争优活动开展以来"),
        Addressee("院党委："),
        Paragraph(text_of(120)),
        Heading(1, "一、", "主要做法"),
        Paragraph(text_of(90, 2)),
        Heading(1, "二、", "下一步打算"),
        Paragraph(text_of(60, 4)),
        Signature(name, date),
    )
    return StageReport(break_title(title), blocks, (), title, name, DAY)


def tail_at_page_end_report() -> StageReport:
    """第 1 页：标题 1 行 + 空行 + 20 行正文；第 2 页：22 行正文。正文共 42 行，正好排满两页。"""
    blocks = [Heading(1, "一、", "总体情况")]
    blocks += [Paragraph(plain_cjk(54, k)) for k in range(20)]  # 每段 2 + 54 = 56 个字位，正好两行
    blocks.append(Paragraph(plain_cjk(26, 99)))  # 一行
    blocks += [AttachmentNote(("附件：活动开展情况统计表",)), Signature(BRANCH, DATE)]
    title = "商贸系党支部阶段性工作情况汇报"
    return StageReport((title,), tuple(blocks), (Attachment("附件", "活动开展情况统计表", _table(5)),), title, BRANCH, DAY)

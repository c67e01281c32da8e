"""报告正文的规则：指导思想、目标要求、努力方向（standard.Section.REQUIRED）各至少一段。"""

from __future__ import annotations

from toolkit import standard
from toolkit.branch.model import Source
from toolkit.checks.rules.common import has
from toolkit.checks.rules.context import Context
from toolkit.findings import Finding

N = standard.NARRATIVE.col


def check(ctx: Context) -> None:
    paragraphs = ctx.branch.paragraphs
    sources = [p.source for p in paragraphs if p.source is not None]
    src = sources[0] if sources else None
    if src is not None and not has(src, N.section):
        return  # 没有“章节”这一列：已报缺列
    if any(p.section is None and p.source is not None and ctx.unknown(p.source, N.section) for p in paragraphs):
        return  # 有一行的章节读不出，也许正是缺的那一部分
    present = {p.section for p in paragraphs if p.section}
    for section in standard.Section.REQUIRED:
        if section not in present:
            ctx.add(section_missing(ctx, section, src))


def section_missing(ctx: Context, section: str, src: Source | None) -> Finding:
    """标题取自调用的人给的 section_titles（按实际使用的报告模板）；没给时只说章节的名字。"""
    title = ctx.printed_titles().get(section) or section
    return Finding(
        "narrative.section_missing",
        f"报告正文中没有章节为“{section}”的段落，报告的“{title}”一节将是空的。",
        sheet=src.sheet if src else standard.NARRATIVE.name,
        column=src.letter(N.section) if src else None,
        header=N.section.name,
        expected=f"至少一行章节选“{section}”，并在文本中写这一部分的内容",
        fix=f"在报告正文中新增一行，章节选“{section}”，文本写这一部分的内容",
    )

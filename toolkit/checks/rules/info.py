"""支部信息的规则：报告期的起止、成文日期的先后。"""

from __future__ import annotations

from toolkit import standard
from toolkit.checks.rules.common import at, cell, day, has
from toolkit.checks.rules.context import Context
from toolkit.findings import Finding
from toolkit.standard import Column

INFO = standard.BRANCH_INFO.col


def check(ctx: Context) -> None:
    for rule in EACH_ITEM_ORDER:
        ctx.add(rule(ctx))


def _not_earlier(code: str, later: Column, earlier: Column, why: str, note: str, fix: str):
    """支部信息里 later 这一项的日期不早于 earlier 那一项。why 接在问题后面，note 接在“应填写”后面。"""

    def check(ctx: Context) -> Finding | None:
        last, first = getattr(ctx.info, later.key), getattr(ctx.info, earlier.key)
        src = ctx.info_item(later)
        if not (last and first) or last >= first or not has(src, later):
            return None
        other = ctx.info_item(earlier)
        where = f"{cell(other, earlier)}：" if has(other, earlier) else ""  # 另一项所在的格，如“B8：”
        return at(
            code, src, later, last,
            f"{later.name}（{day(last)}）早于{earlier.name}（{where}{day(first)}）{why}",
            f"不早于{earlier.name}（{day(first)}）的日期{note}",
            fix,
        )

    return check


period_order = _not_earlier(
    "info.period_order", INFO.period_end, INFO.period_start,
    "，两项可能填反了。", "",
    "核对后改正报告期结束；若两项填反了，把两格的日期对调",
)
written_before_end = _not_earlier(
    "info.written_before_end", INFO.written_on, INFO.period_end,
    "：报告要在报告期结束以后才能写成。", "；不填时按报告期结束",
    "改正成文日期，或清空这一格（落款按报告期结束的日期）",
)

def title_too_long(ctx: Context) -> Finding | None:
    """没填报告标题时按模板写出的标题也要写得进 Word 文件属性（standard.DOCX_PROPERTY_MAX）。
    填了的报告标题、支部名称本身太长，读取时已经报了。"""
    if ctx.info.title:  # 填了标题就不按模板写（也不必为此编译模板）
        return None
    titles = ctx.printed_titles()
    longest = getattr(titles, "longest", None)  # 不必写出标题就知道它最多几个字时（安装时带的模板）
    if longest is not None and longest(INFO.title.name) <= standard.DOCX_PROPERTY_MAX:
        return None
    title = titles.get(INFO.title.name)
    if not title or len(title) <= standard.DOCX_PROPERTY_MAX:
        return None
    src = ctx.info_item(INFO.title)
    column = INFO.title if has(src, INFO.title) else INFO.campaign
    src = src if column is INFO.title else ctx.info_item(INFO.campaign)
    if not has(src, column) or ctx.unknown(src, column):
        return None
    return at(
        "info.title_too_long", src, column, getattr(ctx.info, column.key),
        f"没有填报告标题，按{INFO.name.name}和{INFO.campaign.name}写出的标题有 {len(title)} 个字，"
        f"超过 Word 文件属性的上限 {standard.DOCX_PROPERTY_MAX} 个字，报告写不出来。",
        f"不超过 {standard.DOCX_PROPERTY_MAX} 个字的标题",
        f"在{INFO.title.name}一项填一个短一些的标题，或缩短{INFO.campaign.name}",
    )


EACH_ITEM_ORDER = (period_order, written_before_end, title_too_long)

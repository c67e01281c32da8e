"""汇总设置：党委（党总支）自己的名称、标题、报告期从哪里来。

先看命令行选项，再看“汇总设置”工作簿（列在 standard.ROLLUP_SETTINGS 里声明），
都没有时用各支部工作簿里一致的填写（如各支部的“上级党组织”都是“院党委”），并说明取自哪里。
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from toolkit import standard
from toolkit.errors import RollupError, WorkbookFileError
from toolkit.rollup.model import BranchSummary, Committee, RollupOptions
from toolkit.text import date_text


def read_settings(path: Path, given: frozenset[str] = frozenset()) -> dict[str, Any]:
    """读“汇总设置”工作簿，按标准声明的类型读成值。有错误时抛出 RollupError（列出每一处）。

    given：命令行已经给了的项目。选项优先，所以这些项目在表里空着不算错。
    """
    from toolkit.checks.cells import typed_items
    from toolkit.checks.render import render_text
    from toolkit.findings import Finding
    from toolkit.text import header_key
    from toolkit.workbook.package import open_workbook
    from toolkit.workbook.tables import read_keyvalue

    spec = standard.ROLLUP_SETTINGS
    try:
        book = open_workbook(path)
    except WorkbookFileError as error:
        raise RollupError(f"汇总设置“{path}”读不了：{error.message}") from error
    keys = {header_key(n) for n in (spec.name, *spec.aliases)}
    sheet = next((s for s in book.sheets if header_key(s.name) in keys), None)
    findings: list[Finding] = []
    if sheet is None:
        raise RollupError(
            f"“{path}”里没有“{spec.name}”工作表。可以用 toolkit new-rollup-settings 写出空白的汇总设置，填好后再用。"
        )
    values = typed_items(read_keyvalue(spec, sheet, findings), book.date1904, findings)
    errors = [f for f in findings if f.is_error and not (f.code in ("item.missing", "cell.required") and f.header in given)]
    if errors:
        raise RollupError(f"汇总设置“{path}”有错误：\n" + render_text(errors, [spec.name]))
    return {k: v for k, v in values.items() if v is not None}


def _common(values: list[str]) -> str | None:
    distinct = sorted({v for v in values if v})
    return distinct[0] if len(distinct) == 1 else None


def settle_committee(options: RollupOptions, sheet: dict[str, Any], counted: list[BranchSummary]) -> Committee:
    """选项 > 汇总设置 > 各支部一致的填写。缺名称、日期先后不对时抛出 RollupError。"""
    notes: list[str] = []

    def pick(option, item: str):
        return option if option not in (None, "") else sheet.get(item)

    name = pick(options.name, "名称")
    if not name:
        parents = [b.parent_org for b in counted]
        name = _common(parents)
        if name:
            notes.append(f"党组织名称取自各支部填写的上级党组织“{name}”；要换一个名称，用 --name 或汇总设置的“名称”。")
        else:
            seen = "".join(f"“{p}”" for p in sorted({p for p in parents if p})) or "没有可计入的支部"
            raise RollupError(
                f"不知道汇总的党组织叫什么：各支部填写的上级党组织不一致（{seen}）。"
                "请用 --name 写明，如 --name 中共××学院委员会；或在汇总设置里填写“名称”。"
            )

    campaign = pick(options.campaign, "活动名称")
    if not campaign:
        campaigns = [b.campaign for b in counted]
        campaign = _common(campaigns) or ""
        if not campaign and any(campaigns):
            notes.append(
                "各支部的活动名称不一致（" + "".join(f"“{c}”" for c in sorted({c for c in campaigns if c})) + "），标题里不写活动名称；可用 --campaign 指定。"
            )

    start = pick(options.period_start, "报告期开始")
    end = pick(options.period_end, "报告期结束")
    starts = [b.period_start for b in counted if b.period_start]
    ends = [b.period_end for b in counted if b.period_end]
    if start is None and starts:
        start = min(starts)
    if end is None and ends:
        end = max(ends)
    if (start is not None and len(set(starts)) > 1 and pick(options.period_start, "报告期开始") is None) or (
        end is not None and len(set(ends)) > 1 and pick(options.period_end, "报告期结束") is None
    ):
        notes.append(
            f"各支部的报告期不完全相同，汇总报告的报告期取最早的开始到最晚的结束："
            f"{date_text(start) if start else '？'}至{date_text(end) if end else '？'}；可用 --start、--end 指定。"
        )
    if start and end and end < start:
        raise RollupError(f"报告期结束（{date_text(end)}）早于报告期开始（{date_text(start)}），两项可能填反了。请改正后再汇总。")

    written = pick(options.written_on, "成文日期")
    if written and end and written < end:
        raise RollupError(f"成文日期（{date_text(written)}）早于报告期结束（{date_text(end)}）：报告要在报告期结束以后才能写成。请改正后再汇总。")

    return Committee(
        name=name,
        title=pick(options.title, "报告标题") or None,
        addressee=pick(options.addressee, "主送机关") or None,
        campaign=campaign,
        period_start=start,
        period_end=end,
        written_on=written,
        date_style=pick(options.date_style, "日期写法") or "阿拉伯数字",
        font_scheme=pick(options.font_scheme, "字体方案") or "gb2312",
        notes=tuple(notes),
    )


def parse_option_date(text: str) -> dt.date:
    """命令行里的日期：与工作簿里一样的写法都认（2011-01-07、2011年1月7日……）。"""
    from toolkit.checks.values import ValueProblem, parse_date

    try:
        return parse_date(text)
    except ValueProblem as problem:
        raise ValueError(f"“{text}”{problem.problem}应写成完整日期，如 2011-01-07 或 2011年1月7日。") from problem

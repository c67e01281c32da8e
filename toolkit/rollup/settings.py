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
from toolkit.rollup.model import SETTINGS, BranchSummary, Committee, RollupOptions
from toolkit.text import date_text


def read_settings(path: Path, given: frozenset[str] = frozenset()) -> dict[str, Any]:
    """读“汇总设置”工作簿，按标准声明的类型读成值，按项目的 key 给出。有错误时抛出 RollupError（列出每一处）。

    given：命令行已经给了的项目（用户看到的名字）。选项优先，所以这些项目在表里空着不算错。
    """
    from toolkit.checks.cells import typed_items
    from toolkit.checks.render import render_text
    from toolkit.findings import Finding
    from toolkit.workbook.package import open_workbook
    from toolkit.workbook.tables import read_keyvalue

    try:
        book = open_workbook(path)
    except WorkbookFileError as error:
        raise RollupError(f"汇总设置“{path}”读不了：{error.message}") from error
    sheet = _settings_sheet(book, path)
    findings: list[Finding] = []
    values = typed_items(read_keyvalue(SETTINGS, sheet, findings), book.date1904, findings)
    errors = [f for f in findings if f.is_error and not (f.code in ("item.missing", "cell.required") and f.header in given)]
    if errors:
        raise RollupError(f"汇总设置“{path}”有错误：\n" + render_text(errors, [SETTINGS.name]))
    return {c.key: values[c.name] for c in SETTINGS.columns if values.get(c.name) is not None}


def _settings_sheet(book, path: Path):
    """工作簿里的“汇总设置”工作表（也认它的别名）；没有时抛出 RollupError。"""
    from toolkit.text import header_key

    keys = {header_key(n) for n in (SETTINGS.name, *SETTINGS.aliases)}
    sheet = next((s for s in book.sheets if header_key(s.name) in keys), None)
    if sheet is None:
        raise RollupError(
            f"“{path}”里没有“{SETTINGS.name}”工作表。可以用 toolkit new-rollup-settings 写出空白的汇总设置，填好后再用。"
        )
    return sheet


def _common(values: list[str]) -> str | None:
    distinct = sorted({v for v in values if v})
    return distinct[0] if len(distinct) == 1 else None


def _quoted(values) -> str:
    """“甲”“乙”：消息里列出各支部不一致的写法。"""
    return "".join(f"“{v}”" for v in sorted({v for v in values if v}))


class _Choices:
    """一项设置从哪里来：选项 > 汇总设置 > 各支部一致的填写。说明（notes）记下不是用户直接写的那些。"""

    def __init__(self, options: RollupOptions, sheet: dict[str, Any], counted: list[BranchSummary]):
        self.options, self.sheet, self.counted = options, sheet, counted
        self.notes: list[str] = []

    def given(self, key: str):
        """用户写明的值：命令行选项，或汇总设置里的这一项。"""
        value = self.options.given(key)
        return value if value is not None else self.sheet.get(key)

    def name(self) -> str:
        name = self.given("name")
        if name:
            return name
        parents = [getattr(b, "parent_org", "") for b in self.counted]
        name = _common(parents)
        if not name:
            raise RollupError(
                f"不知道汇总的党组织叫什么：各支部填写的上级党组织不一致（{_quoted(parents) or '没有可计入的支部'}）。"
                f"请用 --name 写明，如 --name 中共××学院委员会；或在汇总设置里填写“{SETTINGS.col.name.name}”。"
            )
        self.notes.append(
            f"党组织名称取自各支部填写的上级党组织“{name}”；要换一个名称，用 --name 或汇总设置的“{SETTINGS.col.name.name}”。"
        )
        return name

    def campaign(self) -> str:
        campaign = self.given("campaign")
        if campaign:
            return campaign
        campaigns = [b.campaign for b in self.counted]
        campaign = _common(campaigns) or ""
        if not campaign and any(campaigns):
            self.notes.append(f"各支部的活动名称不一致（{_quoted(campaigns)}），标题里不写活动名称；可用 --campaign 指定。")
        return campaign

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        """报告期：没写明时，多数党支部（过半）的报告期；没有过半的，取各单位最早的开始到最晚的结束。不一样时说一声。"""
        start, end = self.given("period_start"), self.given("period_end")
        if start is None and end is None:
            common = self._majority()
            if common is not None:
                return common
        starts = [b.period_start for b in self.counted if b.period_start]
        ends = [b.period_end for b in self.counted if b.period_end]
        guessed = (start is None and len(set(starts)) > 1) or (end is None and len(set(ends)) > 1)
        start = start if start is not None else min(starts, default=None)
        end = end if end is not None else max(ends, default=None)
        if guessed and (start is not None or end is not None):
            self.notes.append(
                f"各支部的报告期不完全相同，汇总报告的报告期取最早的开始到最晚的结束："
                f"{date_text(start) if start else '？'}至{date_text(end) if end else '？'}；可用 --start、--end 指定。"
            )
        if start and end and end < start:
            raise RollupError(f"报告期结束（{date_text(end)}）早于报告期开始（{date_text(start)}），两项可能填反了。请改正后再汇总。")
        return start, end

    def _majority(self) -> tuple[dt.date, dt.date] | None:
        """过半的党支部（下级党组织按它计入的支部数算）报告期相同时，就是这个报告期。"""
        weights: dict[tuple, int] = {}
        for unit in self.counted:
            if unit.period_start and unit.period_end:
                key = (unit.period_start, unit.period_end)
                weights[key] = weights.get(key, 0) + _weight(unit)
        total = sum(_weight(u) for u in self.counted)
        period, weight = max(weights.items(), key=lambda kv: (kv[1], kv[0][1]), default=(None, 0))
        if period is None or weight == total:
            return period  # 没有报告期，或者全都一样：不用说
        if weight * 2 <= total:
            return None
        start, end = period
        self.notes.append(
            f"各单位的报告期不完全相同，按多数党支部（{weight} 个，共 {total} 个）的报告期"
            f"{date_text(start)}至{date_text(end)}汇总；报告期不同的见汇总表各行的“说明”；可用 --start、--end 指定。"
        )
        return period

    def written_on(self, end: dt.date | None) -> dt.date | None:
        written = self.given("written_on")
        if written and end and written < end:
            raise RollupError(f"成文日期（{date_text(written)}）早于报告期结束（{date_text(end)}）：报告要在报告期结束以后才能写成。请改正后再汇总。")
        return written


def _weight(unit) -> int:
    """一个单位代表几个党支部：直属支部 1 个，下级党组织是它计入的支部数。"""
    inner = getattr(unit, "counted_branches", None)
    return 1 if inner is None else len(inner)


def settle_committee(options: RollupOptions, sheet: dict[str, Any], counted: list) -> Committee:
    """选项 > 汇总设置 > 各支部一致的填写。缺名称、日期先后不对时抛出 RollupError。"""
    choices = _Choices(options, sheet, counted)
    name = choices.name()
    campaign = choices.campaign()
    start, end = choices.period()
    return Committee(
        name=name,
        title=choices.given("title") or None,
        addressee=choices.given("addressee") or None,
        campaign=campaign,
        period_start=start,
        period_end=end,
        written_on=choices.written_on(end),
        date_style=choices.given("date_style") or SETTINGS.col.date_style.default,
        font_scheme=choices.given("font_scheme") or SETTINGS.col.font_scheme.default,
        notes=tuple(choices.notes),
    )


def parse_option_date(text: str) -> dt.date:
    """命令行里的日期：与工作簿里一样的写法都认（2011-01-07、2011年1月7日……）。"""
    from toolkit.checks.values import ValueProblem, parse_date

    try:
        return parse_date(text)
    except ValueProblem as problem:
        raise ValueError(f"“{text}”{problem.problem}应写成完整日期，如 2011-01-07 或 2011年1月7日。") from problem

"""各表的规则共用的小工具：写日期、指一格、指一行，写一条发现，以及一行的规则的写法（rule）。"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, NamedTuple

from toolkit import standard
from toolkit.branch.model import Member, Source
from toolkit.checks.values import describe_found
from toolkit.findings import Finding
from toolkit.standard import Column

# ---------------------------------------------------------------- 写一条发现的小工具


def day(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 2月29日：按次年3月1日算满
        return dt.date(d.year + years, 3, 1)


def has(src: Source | None, *columns: Column) -> bool:
    """文件里有这几列（Source.letters 里有字母）：没有的列，有关的规则一律不说话。"""
    if src is None:
        return False
    letters = src.letters  # 每行都要问几次：不用生成器
    for c in columns:
        if not letters.get(c.name):
            return False
    return True


def cell(src: Source, column: Column) -> str:
    """这一行这一列的格，如“E5”。"""
    return f"{src.letter(column)}{src.row}"


def who(src: Source | None) -> str:
    """“第 5 行（张三）”这样指认一行。"""
    if src is None:
        return "另一行"
    ident = "，".join(part.split("：", 1)[-1] for part in src.identity.split("，")) if src.identity else ""
    return f"第 {src.row} 行" + (f"（{ident}）" if ident else "")


def at(code: str, src: Source, column: Column, value, problem: str, expected: str = "", fix: str = "") -> Finding:
    """指到一格的发现；敏感的列（身份证号、联系电话）回显时遮盖。"""
    return Finding(
        code,
        problem,
        sheet=src.sheet,
        row=src.row,
        column=src.letter(column),
        header=column.name,
        identity=src.identity,
        found=describe_found(value, column.sensitive),
        expected=expected,
        fix=fix,
    )


class Say(NamedTuple):
    """一条规则查到问题时要说的话。"""

    found: object  # 这一格的值（“填写的是”；敏感的列会遮盖）
    problem: str
    expected: str
    fix: str


@dataclass(frozen=True)
class RowRule:
    """一行的一条规则：报在这一行 column 那一格，代码是 code。

    check（上下文 context.Context, 记录, 位置）查到问题时返回 Say，否则返回 None。
    文件里没有 column 或 needs 中的哪一列（缺列已经报过），这条规则就不说话。
    """

    code: str
    column: Column
    needs: tuple[Column, ...]
    check: Callable[[Any, Any, Source], Say | None]

    def applies(self, src: Source) -> bool:
        return has(src, self.column, *self.needs)

    def __call__(self, ctx, record, src: Source) -> Finding | None:
        if not self.applies(src):
            return None
        said = self.check(ctx, record, src)
        return None if said is None else at(self.code, src, self.column, *said)


def rule(code: str, column: Column, *needs: Column) -> Callable[[Callable[..., Say | None]], RowRule]:
    """把一个函数写成一行的一条规则（见 RowRule）：@rule("activity.end_before_start", A.end, A.start)。"""

    def wrap(check: Callable[..., Say | None]) -> RowRule:
        return RowRule(code, column, needs, check)

    return wrap


def not_earlier(code: str, later: Column, earlier: Column, note: str = "") -> RowRule:
    """同一行里 later 那一列的日期不早于 earlier 那一列（结束日期不早于开始日期……）。"""

    @rule(code, later, earlier)
    def check(ctx, record, src: Source) -> Say | None:
        last, first = getattr(record, later.key), getattr(record, earlier.key)
        if not (last and first) or last >= first:
            return None
        return Say(
            last,
            f"{later.name}早于{earlier.name}（{cell(src, earlier)}：{day(first)}）。",
            f"不早于 {day(first)} 的日期{note}",
            f"改正{later.name}，或清空这一格",
        )

    return check


def spelling(written: str, member: Member) -> Say:
    """姓名只靠姓名键对上党员名册（空格、符号不一样）：提醒一次，按同一人处理。"""
    return Say(
        written,
        f"{standard.MEMBERS.name}{who(member.source)}写作“{member.name}”，这里的写法不同（空格或符号不一样），已按同一人处理。",
        f"与党员名册相同的写法：{member.name}",
        f"改为“{member.name}”",
    )


def code_fold(code: str) -> str:
    """比较编号时不管大小写、全角半角和空格。"""
    return "".join(unicodedata.normalize("NFKC", code).upper().split())

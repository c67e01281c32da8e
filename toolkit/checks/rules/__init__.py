"""行、跨行、跨表的规则：单元格都已读成正确的值之后，检查它们彼此是否说得通。

    check_branch(branch, reported=(), section_titles=None) -> list[Finding]

每张表一个模块（info、members、activities、attendance、commitments、narrative），各有一个
check(ctx)，里面的规则是一个个小函数，名字就是发现的代码；它们共用 context.py 里的上下文。
新加一条规则：在那张表的模块里写一个函数，放进它的 EACH_… 表（或 check 里）。

约定（一个根因只报一次）：
- 值为 None（没填，或读取时已报错）的格，这里不再为它说话；
- 文件里没有的列（Source.letters 里没有字母），有关的规则一律不说话；
- reported 是读取阶段已经报过的发现：报过错的格当作“不知道”，
  条件必填（如正式党员的转正日期）不会再报一次“没填”。
- 报告期的起止填反了，凡是要用报告期的规则都跳过（否则每行都会报）。

所有查找都先建好字典（按姓名、按编号、按活动分组），不做“行×行”的循环。
section_titles 是报告里各部分印出的标题（章节 → 标题），见 checks/__init__.py。
"""

from __future__ import annotations

from typing import Iterable, Mapping

from toolkit.branch.model import Branch
from toolkit.checks.rules import activities, attendance, commitments, info, members, narrative
from toolkit.checks.rules.context import Context
from toolkit.findings import Finding

# 按表的顺序；党员名册的规则要在前（同名的行不计入参加范围的人数，见 Context.twins）
SHEETS = (info, members, activities, attendance, commitments, narrative)


def check_branch(
    branch: Branch, reported: Iterable[Finding] = (), section_titles: Mapping[str, str] | None = None
) -> list[Finding]:
    ctx = Context(branch, reported, section_titles)
    for sheet in SHEETS:
        sheet.check(ctx)
    return ctx.findings

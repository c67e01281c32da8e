"""参加范围中各组党员在某一天的人数。

哪些参加范围指一组党员、谁算在这一组里，由 standard.MEMBER_GROUPS 声明；这里只管数得快：
每组按入党日期排好序，二分查找某一天的人数。
"""

from __future__ import annotations

import bisect
import datetime as dt

from toolkit import standard
from toolkit.branch.model import Member
from toolkit.standard import MemberGroup


class GroupSizes:
    def __init__(self, members: tuple[Member, ...]):
        letters = next((m.source.letters for m in members if m.source is not None), {})
        self.letters = letters
        self.present = bool(members) and standard.MEMBERS.col.joined.name in letters
        self.dates: dict[str, list[dt.date]] = {}
        self.undated: dict[str, int] = {}
        for group in standard.MEMBER_GROUPS:
            dates, undated = [], 0
            for m in members:
                if not group.includes(m):
                    continue
                if m.joined is None:
                    undated += 1  # 入党日期不知道的，算作已入党（与 Member.is_member_on 一致）
                else:
                    dates.append(m.joined)
            dates.sort()
            self.dates[group.scope], self.undated[group.scope] = dates, undated

    def can_count(self, group: MemberGroup) -> bool:
        """名册里有入党日期和据以分组的那一列，才数得出来。"""
        column = group.member_column
        return self.present and (column is None or column.name in self.letters)

    def size(self, group: MemberGroup, day: dt.date) -> int:
        """这一组在这一天（含）以前入党的人数。"""
        return self.undated[group.scope] + bisect.bisect_right(self.dates[group.scope], day)

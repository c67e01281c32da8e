"""汇总表里数字的几栏：表头（名字就说清数的是什么、以什么为基数）和一行的值。

“支部汇总”“明细”两张表写的是它，上一级汇总时核对汇总表有没有被手改，也按它重新算出每一格应有的值。

    FIGURE_HEADERS             数字各栏的表头和列宽
    figure_cells(figures)      一个支部（或一个党组织的合计）的这几栏
    cell_key(value)            比较、算校验值时一格的写法（数字 12 和 12.0 是同一个）
"""

from __future__ import annotations

from toolkit import standard
from toolkit.branch.figures import format_rate
from toolkit.rollup.model import ACTIVITY_TYPES, CATEGORIES

PARTY_MEMBER = standard.Committer.MEMBER  # “党员”二字：“教师党员”“其他人员党员”
CATEGORY_HEADERS = tuple(
    f"{c}{PARTY_MEMBER}" if c != standard.Category.OTHER else f"{c}人员{PARTY_MEMBER}" for c in CATEGORIES
)
HELD = "活动总数（报告期内开展）"  # {活动总数}：含写入报告为“否”的
REPORTED = "写入报告的活动（报告附件合计）"  # 报告附件“活动开展情况统计表”合计行的项数
RATE = "出勤率（实到人次÷应到人次）"  # 写入报告、填了应到和实到人数的活动合在一起算，不是各次出勤率的平均
BASE = "出勤率的计算基数"

FIGURE_HEADERS: tuple[tuple[str, int], ...] = (
    ("党员总数", 9),
    (standard.Membership.FORMAL, 9),
    (standard.Membership.PROBATIONARY, 9),
    ("女党员", 8),
    *((header, 9) for header in CATEGORY_HEADERS),
    (HELD, 11),
    *((t, 8) for t in ACTIVITY_TYPES),
    (REPORTED, 12),
    (RATE, 12),
    (BASE, 34),
    ("应到人次", 9),
    ("实到人次", 9),
    (standard.COMMITMENTS.col.matter.name, 9),  # 承诺事项：项数
    (standard.Progress.FULFILLED, 8),  # 已兑现：项数
    ("承诺党员数", 9),
)


def attendance_base(attendance) -> str:
    """出勤率的计算基数，用户的话：“3项活动：实到 12 人次 ÷ 应到 14 人次”。"""
    if not attendance.expected:
        return "没有填写应到、实到人数的活动"
    return f"{attendance.activities}项活动：实到 {attendance.present} 人次 ÷ 应到 {attendance.expected} 人次"


def figure_cells(figures) -> list:
    """FIGURE_HEADERS 各栏的值；figures 为 None（有错误、读不了）时都空着。"""
    if figures is None:
        return [None] * len(FIGURE_HEADERS)
    a = figures.attendance
    return [
        figures.members, figures.formal, figures.probationary, figures.women,
        *(n for _, n in figures.by_category),
        figures.activities,
        *(n for _, n in figures.by_type),
        figures.reported,
        format_rate(a.rate) if a.rate is not None else "",
        attendance_base(a),
        a.expected, a.present,
        figures.commitments, figures.fulfilled, figures.committed_members,
    ]


def cell_key(value) -> str:
    """一格的值写成比较用的文字：空格子为空，整数的 12.0 写成 12。"""
    if value is None:
        return ""
    kind = type(value)  # 上一级核对汇总表时每格都要走一次：文字、整数先走捷径（结果与下面相同）
    if kind is str:
        return value.strip()
    if kind is int:
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()

"""支部的模型：检查通过后，报告所依据的事实。

每个对象都记得自己来自哪张表的哪一行（Source），这样后面的规则和占位符
出了问题，消息仍能指到用户的单元格。字段与标准列的对应写在字段的
metadata["column"] 里；列的类型、规则只在 standard.py 中声明。
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field, fields
from typing import Any, Mapping

from toolkit.text import name_key


def _col(name: str, default: Any = None):
    return field(default=default, metadata={"column": name})


@dataclass(frozen=True)
class Source:
    """一条记录在用户文件中的位置。"""

    sheet: str  # 标签上的名字
    row: int
    letters: Mapping[str, str]  # 列名 → 列字母（只含文件里有的列）
    identity: str | None = None  # 如“姓名：张三”

    def letter(self, column: str) -> str | None:
        return self.letters.get(column)


@dataclass(frozen=True)
class BranchInfo:
    name: str = _col("支部名称", "")
    parent_org: str = _col("上级党组织", "")
    addressee: str | None = _col("主送机关")
    campaign: str = _col("活动名称", "")
    title: str | None = _col("报告标题")
    subtitle: str | None = _col("副标题")
    period_start: dt.date | None = _col("报告期开始")
    period_end: dt.date | None = _col("报告期结束")
    written_on: dt.date | None = _col("成文日期")
    date_style: str = _col("日期写法", "阿拉伯数字")
    font_scheme: str = _col("字体方案", "gb2312")
    sources: Mapping[str, Source] = field(default_factory=dict)  # 项目 → 位置

    @property
    def report_date(self) -> dt.date | None:
        return self.written_on or self.period_end


@dataclass(frozen=True)
class Member:
    name: str = _col("姓名", "")
    sex: str | None = _col("性别")
    ethnicity: str | None = _col("民族")
    birth: dt.date | None = _col("出生日期")
    education: str | None = _col("学历")
    category: str | None = _col("人员类别")  # 教师 / 管理人员 / 学生 …
    membership: str | None = _col("党员类别")  # 正式党员 / 预备党员
    joined: dt.date | None = _col("入党日期")
    confirmed: dt.date | None = _col("转正日期")
    post: str | None = _col("党内职务")
    party_group: str | None = _col("党小组")
    id_number: str | None = _col("身份证号")
    phone: str | None = _col("联系电话")
    note: str | None = _col("备注")
    number: int | None = _col("序号")
    source: Source | None = None

    @property
    def key(self) -> str:
        return name_key(self.name)

    def is_member_on(self, day: dt.date | None) -> bool:
        return day is None or self.joined is None or self.joined <= day


@dataclass(frozen=True)
class Activity:
    code: str = _col("编号", "")
    start: dt.date | None = _col("开始日期")
    end: dt.date | None = _col("结束日期")
    type: str | None = _col("类型")
    name: str = _col("名称", "")
    group: str | None = _col("措施分组")
    parent_code: str | None = _col("上级编号")
    place: str | None = _col("地点")
    scope: str | None = _col("参加范围")
    expected: int | None = _col("应到人数")
    present: int | None = _col("实到人数")
    on_leave: int | None = _col("请假人数")
    content: str = _col("内容", "")
    outcome: str | None = _col("成效")
    in_report: str = _col("写入报告", "是")
    source: Source | None = None

    @property
    def reported(self) -> bool:
        return self.in_report != "否"

    @property
    def attendance_rate(self) -> float | None:
        if self.expected and self.present is not None:
            return self.present / self.expected
        return None


@dataclass(frozen=True)
class Attendance:
    activity_code: str = _col("活动编号", "")
    name: str = _col("姓名", "")
    status: str | None = _col("状态")
    note: str | None = _col("备注")
    source: Source | None = None


@dataclass(frozen=True)
class Commitment:
    subject: str | None = _col("承诺主体")  # 支部 / 党员
    person: str = _col("承诺人", "")
    date: dt.date | None = _col("承诺日期")
    matter: str = _col("承诺事项", "")
    deadline: dt.date | None = _col("完成时限")
    progress: str | None = _col("践诺进度")
    fulfilled_on: dt.date | None = _col("兑现日期")
    publicity: str | None = _col("公示方式")
    note: str | None = _col("备注")
    source: Source | None = None


@dataclass(frozen=True)
class NarrativeParagraph:
    section: str | None = _col("章节")
    order: int | None = _col("序号")
    subheading: str | None = _col("小标题")
    text: str = _col("文本", "")
    source: Source | None = None


@dataclass(frozen=True)
class Branch:
    info: BranchInfo
    members: tuple[Member, ...] = ()
    activities: tuple[Activity, ...] = ()
    attendance: tuple[Attendance, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    paragraphs: tuple[NarrativeParagraph, ...] = ()

    def members_on(self, day: dt.date | None) -> list[Member]:
        return [m for m in self.members if m.is_member_on(day)]

    def activities_in_period(self) -> list[Activity]:
        start, end = self.info.period_start, self.info.period_end
        return [a for a in self.activities if a.start and start and end and start <= a.start <= end]


# 工作表名 → 该表一行对应的模型类
ROW_MODELS = {
    "党员名册": Member,
    "活动记录": Activity,
    "出勤明细": Attendance,
    "公开承诺": Commitment,
    "报告正文": NarrativeParagraph,
}


@functools.cache
def column_fields(model: type) -> dict[str, str]:
    """列名 → 字段名。"""
    return {f.metadata["column"]: f.name for f in fields(model) if "column" in f.metadata}


@functools.cache
def _has_source(model: type) -> bool:
    return "source" in {f.name for f in fields(model)}


def from_values(model: type, values: Mapping[str, Any], source: Source | None = None):
    """按列名把一行已换成正确类型的值装进模型对象；空值用字段默认值。"""
    kwargs = {}
    for column, attr in column_fields(model).items():
        value = values.get(column)
        if value is not None:
            kwargs[attr] = value
    if source is not None and _has_source(model):
        kwargs["source"] = source
    return model(**kwargs)

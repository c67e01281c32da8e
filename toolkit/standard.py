"""标准工作数据簿（支部工作数据簿）第 1 版：唯一的一份声明。

工作表、列、类型、必填规则、可选值、别名和说明只在这里写一次。
读取（reader）、检查（checks）、空白模板与填表说明（template）都从这里取，
所以改一列只改这一处。契约原文见 shared/spec/workbook.md。
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Mapping

VERSION = 1

# 列的类型：决定读取时如何理解单元格。
TEXT = "text"
INT = "int"
DATE = "date"
CHOICE = "choice"

# 是否必填：R 必填、O 选填、C 条件必填（条件写在 condition 里）。
REQUIRED = "R"
OPTIONAL = "O"
CONDITIONAL = "C"

NEED_WORDS = {REQUIRED: "必填", OPTIONAL: "选填", CONDITIONAL: "条件必填"}

_DATE_EXPECT = "完整日期，如 2010-11-05 或 2010年11月5日"

SHORT_FORM_LENGTH = 3  # 不超过这么多个字、又不以 suffix 结尾的，算作简称（见 Column.suffix）


# Word 文件属性（标题、作者）最多 255 个字（python-docx 超过就拒绝写出）：报告标题写进“标题”、支部名称写进“作者”
DOCX_PROPERTY_MAX = 255


@dataclass(frozen=True)
class Column:
    """一列（或键值表中的一项）。名称就是用户在表头看到的字。"""

    name: str
    type: str
    need: str
    help: str
    key: str = ""  # 程序里的名字：支部模型对象的字段名（如 Member.joined），见 branch/model.py
    expect: str = ""
    choices: tuple[str, ...] = ()
    default: str | None = None
    aliases: tuple[str, ...] = ()  # 也认作这一列的表头写法
    value_aliases: Mapping[str, str] = field(default_factory=dict)  # 也认作某个可选值的写法
    condition: str = ""  # 条件必填的条件，用户的话
    required_when: tuple[str, str] | None = None  # （另一列的 key, 取值）：那一列是这个值时本列必填
    sensitive: str | None = None  # "id" 身份证号 / "phone" 联系电话：回显时遮盖
    minimum: int | None = None
    width: int = 0  # 模板中的列宽（字符），0 表示按表头自动
    # 简称补全：只写了简称（不以 suffix 结尾、不超过 3 个字、不在 suffix_exceptions 里）时补上 suffix，
    # 并告诉用户（民族“汉”→“汉族”）
    suffix: str = ""
    suffix_exceptions: tuple[str, ...] = ()
    max_chars: int | None = None  # 文字最多这么多字：写报告的一方有这个上限（如 Word 文件属性），读取时就报

    def with_suffix(self, text: str) -> str:
        """简称补上 suffix（“汉”→“汉族”）；不是简称的原样返回。"""
        if (
            self.suffix
            and text
            and not text.endswith(self.suffix)
            and len(text) <= SHORT_FORM_LENGTH
            and text not in self.suffix_exceptions
        ):
            return text + self.suffix
        return text

    @property
    def expectation(self) -> str:
        """“应填写”一句：模板的输入提示和检查的消息共用这一句。"""
        if self.expect:
            return self.expect
        if self.type == CHOICE:
            return "从下拉列表选择：" + "、".join(self.choices)
        if self.type == DATE:
            return _DATE_EXPECT
        if self.type == INT:
            if self.minimum is not None:
                return f"不小于 {self.minimum} 的整数"
            return "整数"
        return "文字"


@dataclass(frozen=True)
class Sheet:
    """一张工作表的声明：名字、怎么排（表格或键值表）、有哪些列。"""

    name: str
    layout: str  # "table"：第一行表头、每行一条；"keyvalue"：A 列项目、B 列内容
    required: bool
    help: str
    columns: tuple[Column, ...]
    identity: tuple[str, ...] = ()  # 消息里用来指认一行的列（key），如（姓名：张三）
    aliases: tuple[str, ...] = ()
    needs_records: bool = False  # 表头以下一行记录也没有是错误（报告会写成“支部0名党员”）

    def __post_init__(self) -> None:
        keys = [c.key for c in self.columns]
        if not all(k.isidentifier() for k in keys) or len(set(keys)) != len(keys):
            raise ValueError(f"{self.name}：每一列要有不重复的 key")
        object.__setattr__(self, "col", Columns({c.key: c for c in self.columns}))

    def column(self, name: str) -> Column:
        """按表头的名字找列（用户的写法）；程序里请用 sheet.col.key。"""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def identity_columns(self) -> tuple[Column, ...]:
        return tuple(self.col[key] for key in self.identity)


class ByKey:
    """一组声明，按 key 取：FIGURE.women 就是占位符“女党员数”。"""

    def __init__(self, by_key: dict):
        self._by_key = by_key
        self.__dict__.update(by_key)  # 每个 key 就是一个属性：规则每行都要取几次，取得要快

    def __getitem__(self, key: str):
        return self._by_key[key]

    def __iter__(self):
        return iter(self._by_key.values())

    def __contains__(self, key: str) -> bool:
        return key in self._by_key


class Columns(ByKey):
    """一张表的列，按 key 取：MEMBERS.col.joined 就是“入党日期”那一列。程序里一律这样指列，不写列名。"""


def _choice(name, need, help, choices, *, key, default=None, aliases=(), value_aliases=None, condition="", required_when=None):
    return Column(
        name,
        CHOICE,
        need,
        help,
        key=key,
        required_when=required_when,
        choices=tuple(choices),
        default=default,
        aliases=tuple(aliases),
        value_aliases=MappingProxyType(dict(value_aliases or {})),
        condition=condition,
    )


# ---------------------------------------------------------------- 可选值
# 程序要据以判断的可选值，在这里起名字；列的声明和规则都用这些名字，不再写一遍字。


class DateStyle:  # 日期写法
    ARABIC = "阿拉伯数字"  # 2011年1月7日
    CHINESE = "汉字"  # 二〇一一年一月七日
    ALL = (ARABIC, CHINESE)


class FontScheme:  # 字体方案（style.py 里各有一套版面）
    GB2312 = "gb2312"  # 仿宋_GB2312、楷体_GB2312：多数机关安装的字体
    WINDOWS = "windows"  # 只用 Windows 自带的字体：宋体、黑体、楷体、仿宋
    ALL = (GB2312, WINDOWS)


class Sex:  # 性别
    MALE = "男"
    FEMALE = "女"
    ALL = (MALE, FEMALE)


class Category:  # 人员类别
    TEACHER = "教师"
    ADMIN = "管理人员"
    STUDENT = "学生"
    WORKER = "职工"
    RETIRED = "离退休"
    OTHER = "其他"
    ALL = (TEACHER, ADMIN, STUDENT, WORKER, RETIRED, OTHER)


class Membership:  # 党员类别
    FORMAL = "正式党员"
    PROBATIONARY = "预备党员"
    ALL = (FORMAL, PROBATIONARY)


class Post:  # 党内职务
    SECRETARY = "书记"
    DEPUTY = "副书记"
    ORGANISATION = "组织委员"
    PUBLICITY = "宣传委员"
    DISCIPLINE = "纪检委员"
    YOUTH = "青年委员"
    GROUP_LEADER = "党小组长"
    NONE = "无"
    COMMITTEE = (SECRETARY, DEPUTY, ORGANISATION, PUBLICITY, DISCIPLINE, YOUTH)  # 支部委员会的成员（支委）
    ALL = (*COMMITTEE, GROUP_LEADER, NONE)


class ActivityType:  # 活动类型
    GENERAL_MEETING = "支部党员大会"
    COMMITTEE_MEETING = "支部委员会"
    GROUP_MEETING = "党小组会"
    PARTY_LECTURE = "党课"
    THEME_DAY = "主题党日"
    LIFE_MEETING = "组织生活会"
    REVIEW = "民主评议党员"
    STUDY = "专题学习"
    COMMITMENT = "公开承诺"
    VOLUNTEERING = "志愿服务"
    MASS = "群团活动"
    OTHER = "其他"
    ALL = (
        GENERAL_MEETING, COMMITTEE_MEETING, GROUP_MEETING, PARTY_LECTURE, THEME_DAY, LIFE_MEETING,
        REVIEW, STUDY, COMMITMENT, VOLUNTEERING, MASS, OTHER,
    )
    # 主题党日和“三会一课”：上级要求不要把文体娱乐活动算作这几种
    PARTY_LIFE = (THEME_DAY, GENERAL_MEETING, COMMITTEE_MEETING, GROUP_MEETING, PARTY_LECTURE)
    # 组织生活的会议：规则（文件末尾的 RULE_SETS）规定了它们多久开一次；{支部委员会次数} 等占位符按它们生成
    MEETINGS = (GENERAL_MEETING, COMMITTEE_MEETING, GROUP_MEETING, PARTY_LECTURE, THEME_DAY, LIFE_MEETING, REVIEW)


class Scope:  # 参加范围
    ALL_MEMBERS = "全体党员"
    TEACHER_MEMBERS = "教师党员"
    STUDENT_MEMBERS = "学生党员"
    COMMITTEE = "支委"
    PARTY_GROUP = "党小组"
    ALL_STAFF = "全体教职工"
    ALL_STUDENTS = "全体学生"
    ALL_STAFF_AND_STUDENTS = "全体师生"
    OTHER = "其他"
    ALL = (ALL_MEMBERS, TEACHER_MEMBERS, STUDENT_MEMBERS, COMMITTEE, PARTY_GROUP, ALL_STAFF, ALL_STUDENTS, ALL_STAFF_AND_STUDENTS, OTHER)


class InReport:  # 写入报告
    YES = "是"
    NO = "否"
    ALL = (YES, NO)
    ALIASES = {"Y": YES, "N": NO, "y": YES, "n": NO, "√": YES, "×": NO}


class RuleVersion:  # 规则版本：对照哪一套组织生活的规则（各套的内容见文件末尾的 RULE_SETS）
    REGULATIONS_2018 = "2018年条例"  # 《中国共产党支部工作条例（试行）》，2018年10月28日起施行
    BEFORE_2018 = "2018年条例施行前"  # 当时的“三会一课”制度
    ALL = (REGULATIONS_2018, BEFORE_2018)


class Status:  # 出勤状态
    PRESENT = "出席"
    ON_LEAVE = "请假"
    ABSENT = "缺席"
    ALL = (PRESENT, ON_LEAVE, ABSENT)


class Committer:  # 承诺主体
    BRANCH = "支部"
    MEMBER = "党员"
    ALL = (BRANCH, MEMBER)


class Progress:  # 践诺进度
    NOT_STARTED = "未开始"
    UNDER_WAY = "推进中"
    FULFILLED = "已兑现"
    UNFULFILLED = "未兑现"
    ALL = (NOT_STARTED, UNDER_WAY, FULFILLED, UNFULFILLED)


class Section:  # 报告正文的章节
    PREFACE = "前言"
    GUIDING = "指导思想"
    GOALS = "目标要求"
    MEASURES = "具体措施"  # 活动记录里的活动印在这一部分
    DIRECTIONS = "努力方向"
    CLOSING = "结束语"
    ALL = (PREFACE, GUIDING, GOALS, MEASURES, DIRECTIONS, CLOSING)
    BODY = (GUIDING, GOALS, MEASURES, DIRECTIONS)  # 报告的四个部分：一、二、三、四、
    REQUIRED = (GUIDING, GOALS, DIRECTIONS)  # 各至少要有一段


# ---------------------------------------------------------------- 支部信息
BRANCH_INFO = Sheet(
    "支部信息",
    "keyvalue",
    True,
    "支部和本次报告的基本信息：A 列“项目”已经写好，只在 B 列“内容”填写。",
    (
        Column("支部名称", TEXT, REQUIRED, "支部的全称，报告落款用，如：商贸系党支部。", key="name", max_chars=DOCX_PROPERTY_MAX),
        Column("上级党组织", TEXT, REQUIRED, "报告报送的上级党组织，如：院党委。", key="parent_org"),
        Column("主送机关", TEXT, OPTIONAL, "填写后印在标题下方，如：中共××学院委员会。", key="addressee"),
        Column("活动名称", TEXT, REQUIRED, "本次活动的名称，如：创先争优、两学一做、党史学习教育。", key="campaign"),
        Column(
            "报告标题",
            TEXT,
            OPTIONAL,
            "不填时标题为“{支部名称}开展{活动名称}活动阶段性工作情况”。",
            key="title",
            max_chars=DOCX_PROPERTY_MAX,
        ),
        Column("副标题", TEXT, OPTIONAL, "填写后印在标题下方。", key="subtitle"),
        Column("报告期开始", DATE, REQUIRED, "本阶段的第一天。", key="period_start"),
        Column("报告期结束", DATE, REQUIRED, "本阶段的最后一天，不早于报告期开始。", key="period_end"),
        Column("成文日期", DATE, OPTIONAL, "报告落款的日期；不填时用报告期结束，不早于报告期结束。", key="written_on"),
        _choice(
            "日期写法",
            OPTIONAL,
            "落款日期的写法：阿拉伯数字（2011年1月7日，默认）或汉字（二〇一一年一月七日）。",
            DateStyle.ALL,
            key="date_style",
            default=DateStyle.ARABIC,
            value_aliases={"数字": DateStyle.ARABIC, "中文": DateStyle.CHINESE, "汉字数字": DateStyle.CHINESE},
        ),
        _choice(
            "字体方案",
            OPTIONAL,
            "gb2312（仿宋_GB2312 等，多数机关安装的字体，默认）或 windows（只用 Windows 自带的字体：宋体、黑体、楷体、仿宋）。",
            FontScheme.ALL,
            key="font_scheme",
            default=FontScheme.GB2312,
            value_aliases={"GB2312": FontScheme.GB2312, "Windows": FontScheme.WINDOWS, "WINDOWS": FontScheme.WINDOWS},
        ),
        _choice(
            "规则版本",
            OPTIONAL,
            "检查“三会一课”和组织生活时对照哪一套规则：2018年条例（《中国共产党支部工作条例（试行）》，"
            "2018年10月28日起施行），或2018年条例施行前（当时的“三会一课”制度）。"
            "不填时按报告期结束那一天施行的规则。各套规则的条文见“填表说明”。",
            RuleVersion.ALL,
            key="rule_version",
            value_aliases={"2018": RuleVersion.REGULATIONS_2018, "条例": RuleVersion.REGULATIONS_2018, "2018年": RuleVersion.REGULATIONS_2018,
                           "旧规则": RuleVersion.BEFORE_2018, "2018年以前": RuleVersion.BEFORE_2018},
        ),
        _choice(
            "三会一课写入报告",
            OPTIONAL,
            "填“否”时，报告不附“三会一课及组织生活开展情况统计表”，“具体措施”开头也不写三会一课情况那一段"
            "（检查照常对照规则提醒）；不填视为“是”。",
            InReport.ALL,
            key="meetings_in_report",
            default=InReport.YES,
            value_aliases=InReport.ALIASES,
        ),
    ),
    aliases=("基本信息", "支部基本信息"),
)

# ---------------------------------------------------------------- 党员名册
MEMBERS = Sheet(
    "党员名册",
    "table",
    True,
    "每行一名党员。同名的两名党员须用出生日期或身份证号区分。",
    (
        Column("序号", INT, OPTIONAL, "可不填，只用于排序。", key="number", minimum=1),
        Column("姓名", TEXT, REQUIRED, "党员姓名，与其他表中的写法一致。", key="name", aliases=("党员姓名", "名字")),
        _choice("性别", REQUIRED, "男或女。", Sex.ALL, key="sex", value_aliases={"男性": Sex.MALE, "女性": Sex.FEMALE}),
        Column(
            "民族",
            TEXT,
            OPTIONAL,
            "写全称，以“族”结尾，如：汉族（填“汉”会按“汉族”处理）。",
            key="ethnicity",
            expect="民族全称，如 汉族、回族",
            suffix="族",
            suffix_exceptions=("穿青人",),  # 未识别民族的人口，户籍上写“穿青人”，不是“穿青人族”
        ),
        Column("出生日期", DATE, OPTIONAL, "如 1985-03-01。", key="birth", aliases=("出生年月", "出生时间")),
        _choice(
            "学历",
            OPTIONAL,
            "最高学历。",
            ("博士研究生", "硕士研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"),
            key="education",
            value_aliases={"博士": "博士研究生", "硕士": "硕士研究生", "本科": "大学本科", "大专": "大学专科", "专科": "大学专科"},
        ),
        _choice(
            "人员类别",
            REQUIRED,
            "党员的身份：教师、管理人员、学生、职工、离退休、其他。“教师党员数”等数字按这一列统计。",
            Category.ALL,
            key="category",
            aliases=("人员身份", "身份"),
            value_aliases={"老师": Category.TEACHER, "专任教师": Category.TEACHER, "退休": Category.RETIRED, "管理": Category.ADMIN},
        ),
        _choice(
            "党员类别",
            REQUIRED,
            "正式党员或预备党员。",
            Membership.ALL,
            key="membership",
            value_aliases={"正式": Membership.FORMAL, "预备": Membership.PROBATIONARY},
        ),
        Column("入党日期", DATE, REQUIRED, "成为预备党员的日期，应在年满 18 周岁之后。", key="joined", aliases=("入党时间",)),
        Column(
            "转正日期",
            DATE,
            CONDITIONAL,
            "正式党员必填，预备党员留空；通常是入党日期后一年，最长两年。",
            key="confirmed",
            aliases=("转正时间",),
            condition="正式党员必填，预备党员留空",
            required_when=("membership", Membership.FORMAL),
        ),
        _choice(
            "党内职务",
            OPTIONAL,
            "书记、副书记、各委员、党小组长或无；一个支部至多一名书记。",
            Post.ALL,
            key="post",
            aliases=("职务",),
            value_aliases={"支部书记": Post.SECRETARY, "支部副书记": Post.DEPUTY, "组长": Post.GROUP_LEADER},
        ),
        Column("党小组", TEXT, OPTIONAL, "所在党小组的名称。", key="party_group"),
        Column(
            "身份证号",
            TEXT,
            OPTIONAL,
            "18 位，末位可以是 X；这一列已设为文本格式，请勿改成数字，否则后几位会丢失。",
            key="id_number",
            expect="18 位身份证号（以文本格式保存）",
            aliases=("身份证号码", "公民身份号码", "身份证"),
            sensitive="id",
            width=22,
        ),
        Column(
            "联系电话",
            TEXT,
            OPTIONAL,
            "11 位手机号或固定电话（如 010-62345678）；这一列已设为文本格式。",
            key="phone",
            expect="11 位手机号或固定电话，如 138 1234 5678、010-62345678",  # 示例分段写：扫描输出找手机号的程序不会把它当成谁的号码
            aliases=("手机", "手机号", "手机号码", "电话", "联系方式"),
            sensitive="phone",
            width=16,
        ),
        Column("备注", TEXT, OPTIONAL, "其他说明。", key="note"),
    ),
    identity=("name",),
    needs_records=True,
    aliases=("党员花名册", "党员名单", "名册"),
)

# ---------------------------------------------------------------- 活动记录
ACTIVITIES = Sheet(
    "活动记录",
    "table",
    True,
    "每行一项活动。报告“具体措施”部分按措施分组、编号顺序打印这里的活动。",
    (
        Column("编号", TEXT, REQUIRED, "本表内不重复，如 A01；出勤明细和上级编号用它指认活动。", key="code", aliases=("活动编号",)),
        Column("开始日期", DATE, REQUIRED, "应在报告期内；报告期外的活动会提醒，且不写入报告。", key="start", aliases=("日期", "活动日期")),
        Column("结束日期", DATE, OPTIONAL, "一天内结束的活动可不填；不早于开始日期。", key="end"),
        _choice(
            "类型",
            REQUIRED,
            "活动的类型。运动会、联欢、参观游览等请选“群团活动”，不要算作主题党日或“三会一课”。",
            ActivityType.ALL,
            key="type",
            aliases=("活动类型",),
            value_aliases={"党员大会": ActivityType.GENERAL_MEETING, "支委会": ActivityType.COMMITTEE_MEETING, "主题党日活动": ActivityType.THEME_DAY},
        ),
        Column("名称", TEXT, REQUIRED, "报告中的写法，如：开展“重温入党誓词”活动；内容以名称开头时，报告不再重复名称。可以使用 {占位符}。", key="name", aliases=("活动名称",)),
        Column(
            "措施分组",
            TEXT,
            OPTIONAL,
            "报告“具体措施”下（一）（二）一级的小标题，如：全面争创，扎实推进；同组的活动写同样的文字。",
            key="group",
            aliases=("分组",),
        ),
        Column("上级编号", TEXT, OPTIONAL, "若本行是另一项活动的分项，填那项活动的编号；报告中印为（1）（2）。", key="parent_code"),
        Column("地点", TEXT, OPTIONAL, "活动地点。", key="place"),
        _choice(
            "参加范围",
            REQUIRED,
            "哪些人应参加。选全体党员、教师党员、学生党员或支委时，应到人数应等于该范围的人数。",
            Scope.ALL,
            key="scope",
            aliases=("参加人员", "参加对象"),
        ),
        Column("应到人数", INT, OPTIONAL, "应参加的人数，不小于 1。", key="expected", minimum=1, aliases=("应到",)),
        Column("实到人数", INT, OPTIONAL, "实际参加的人数，0 到应到人数之间。", key="present", minimum=0, aliases=("实到",)),
        Column("请假人数", INT, OPTIONAL, "请假的人数；实到加请假不超过应到。", key="on_leave", minimum=0, aliases=("请假",)),
        Column("内容", TEXT, REQUIRED, "报告中印出的段落，可以使用 {占位符}。", key="content", aliases=("活动内容",), width=40),
        Column("成效", TEXT, OPTIONAL, "报告中接着印出的第二段，可以使用 {占位符}。", key="outcome", aliases=("活动成效",), width=30),
        _choice(
            "写入报告",
            OPTIONAL,
            "填“否”的活动只统计、不写入报告正文；不填视为“是”。",
            InReport.ALL,
            key="in_report",
            default=InReport.YES,
            value_aliases=InReport.ALIASES,
        ),
        Column(
            "党小组",
            TEXT,
            OPTIONAL,
            "类型为党小组会时，填召开会议的党小组，写法与党员名册的“党小组”一列相同；"
            "不填时按出勤明细里参加的人所在的党小组判断。",
            key="party_group",
        ),
    ),
    identity=("code",),
    needs_records=True,
    aliases=("活动情况", "活动记录表"),
)

# ---------------------------------------------------------------- 出勤明细
ATTENDANCE = Sheet(
    "出勤明细",
    "table",
    False,
    "可选。每行一人参加一项活动的情况；某项活动填了明细，它的实到人数须等于“出席”的行数。",
    (
        Column("活动编号", TEXT, REQUIRED, "活动记录中的编号。", key="activity_code", aliases=("编号",)),
        Column("姓名", TEXT, REQUIRED, "党员名册中的姓名。", key="name", aliases=("党员姓名",)),
        _choice(
            "状态",
            REQUIRED,
            "出席、请假或缺席。",
            Status.ALL,
            key="status",
            aliases=("出勤情况", "出勤状态"),
            value_aliases={"到": Status.PRESENT, "参加": Status.PRESENT, "出勤": Status.PRESENT, "未到": Status.ABSENT},
        ),
        Column("备注", TEXT, OPTIONAL, "其他说明，如请假原因。", key="note"),
    ),
    identity=("activity_code", "name"),
    aliases=("出勤记录", "考勤"),
)

# ---------------------------------------------------------------- 公开承诺
COMMITMENTS = Sheet(
    "公开承诺",
    "table",
    False,
    "可选。每行一项承诺；报告附件1“党员公开承诺情况汇总表”由这里生成。",
    (
        _choice("承诺主体", REQUIRED, "支部或党员。", Committer.ALL, key="subject", value_aliases={"个人": Committer.MEMBER, "党支部": Committer.BRANCH}),
        Column("承诺人", TEXT, REQUIRED, "党员名册中的姓名；承诺主体为支部时填支部名称。", key="person", aliases=("承诺党员", "姓名")),
        Column("承诺日期", DATE, REQUIRED, "不早于承诺人的入党日期。", key="date"),
        Column("承诺事项", TEXT, REQUIRED, "承诺的内容。", key="matter", aliases=("承诺内容",), width=40),
        Column("完成时限", DATE, OPTIONAL, "不早于承诺日期。", key="deadline", aliases=("完成期限",)),
        _choice(
            "践诺进度",
            REQUIRED,
            "未开始、推进中、已兑现或未兑现。",
            Progress.ALL,
            key="progress",
            aliases=("完成情况", "进度"),
            value_aliases={"已完成": Progress.FULFILLED, "完成": Progress.FULFILLED, "进行中": Progress.UNDER_WAY},
        ),
        Column(
            "兑现日期",
            DATE,
            CONDITIONAL,
            "已兑现的承诺必填，不晚于成文日期。",
            key="fulfilled_on",
            condition="践诺进度为“已兑现”时必填",
            required_when=("progress", Progress.FULFILLED),
        ),
        Column("公示方式", TEXT, OPTIONAL, "如：系公开栏公示。", key="publicity"),
        Column(
            "备注",
            TEXT,
            CONDITIONAL,
            "践诺进度为“未兑现”时，在这里写明原因。",
            key="note",
            condition="践诺进度为“未兑现”时必填（写明原因）",
            required_when=("progress", Progress.UNFULFILLED),
        ),
    ),
    identity=("person",),
    aliases=("承诺情况", "党员承诺"),
)

# ---------------------------------------------------------------- 报告正文
NARRATIVE = Sheet(
    "报告正文",
    "table",
    True,
    "报告的文字，每行一段。指导思想、目标要求、努力方向各至少一段；具体措施的段落印在活动之前。",
    (
        _choice("章节", REQUIRED, "这一段属于哪一部分。", Section.ALL, key="section", aliases=("部分",)),
        Column("序号", INT, OPTIONAL, "同一部分内的顺序；不填按行的先后。", key="order", minimum=1),
        Column("小标题", TEXT, OPTIONAL, "这一段上方的小标题（低一级），可不填。", key="subheading"),
        Column("文本", TEXT, REQUIRED, "这一段的文字，可以使用 {占位符}。", key="text", aliases=("正文", "段落", "内容"), width=60),
    ),
    identity=("section",),
    aliases=("正文", "报告内容"),
)

SHEETS: tuple[Sheet, ...] = (BRANCH_INFO, MEMBERS, ACTIVITIES, ATTENDANCE, COMMITMENTS, NARRATIVE)

# ---------------------------------------------------------------- 汇总设置（党总支、院党委用）
# 不属于支部工作数据簿（不在 SHEETS 里）：它单独成一本小工作簿（toolkit new-rollup-settings），
# 供 toolkit rollup 汇总各支部时取党委自己的名称、标题、报告期。命令行选项优先于这里。
ROLLUP_SETTINGS = Sheet(
    "汇总设置",
    "keyvalue",
    True,
    "汇总各支部工作数据簿的党组织（党总支、院党委）自己的信息：A 列“项目”已经写好，只在 B 列“内容”填写。"
    "命令行选项（如 --name）优先于这里。",
    (
        Column("名称", TEXT, REQUIRED, "汇总的党组织的全称，报告落款用，如：中共××学院委员会、商学院党总支。", key="name",
               max_chars=DOCX_PROPERTY_MAX),
        Column("主送机关", TEXT, OPTIONAL, "填写后印在标题下方，如：中共××大学委员会。", key="addressee"),
        Column("活动名称", TEXT, OPTIONAL, "不填时用各支部工作簿里的活动名称（各支部一致时）。", key="campaign"),
        Column("报告标题", TEXT, OPTIONAL, "不填时标题为“{名称}开展{活动名称}活动阶段性工作情况”。", key="title",
               max_chars=DOCX_PROPERTY_MAX),
        Column("报告期开始", DATE, OPTIONAL, "不填时用各支部的报告期（最早的开始）。", key="period_start"),
        Column("报告期结束", DATE, OPTIONAL, "不填时用各支部的报告期（最晚的结束）；不早于报告期开始。", key="period_end"),
        Column("成文日期", DATE, OPTIONAL, "报告落款的日期；不填时用报告期结束，不早于报告期结束。", key="written_on"),
        BRANCH_INFO.col.date_style,
        BRANCH_INFO.col.font_scheme,
    ),
    aliases=("汇总信息",),
)

# 模板自带、读取时忽略的工作表
CODE_SHEET = "代码表"
GUIDE_SHEET = "填表说明"
TEMPLATE_ONLY_SHEETS = (CODE_SHEET, GUIDE_SHEET)

# 键值表“支部信息”的两列表头
KEYVALUE_HEADERS = ("项目", "内容")



@dataclass(frozen=True)
class MemberGroup:
    """参加范围中指一组党员的值：这些党员就是应到的人（应到人数应等于该组在活动当天的人数）。"""

    scope: str  # 参加范围的值
    column: str | None  # 党员名册里据以判断的列（key）；None：全体党员
    values: tuple[str, ...] = ()  # 那一列取这些值的党员属于这一组

    def includes(self, member) -> bool:
        return self.column is None or getattr(member, self.column) in self.values

    @property
    def member_column(self) -> Column | None:
        """据以判断的那一列；全体党员为 None。"""
        return None if self.column is None else MEMBERS.col[self.column]

    def described(self) -> str:
        """消息里说明这一组是谁：“人员类别为“教师”、”（全体党员为空）。"""
        if self.column is None:
            return ""
        header = MEMBERS.col[self.column].name
        if len(self.values) == 1:
            return f"{header}为“{self.values[0]}”、"
        return f"{header}为" + "、".join(self.values) + "之一、"


MEMBER_GROUPS: tuple[MemberGroup, ...] = (
    MemberGroup(Scope.ALL_MEMBERS, None),
    MemberGroup(Scope.TEACHER_MEMBERS, "category", (Category.TEACHER,)),
    MemberGroup(Scope.STUDENT_MEMBERS, "category", (Category.STUDENT,)),
    MemberGroup(Scope.COMMITTEE, "post", Post.COMMITTEE),
)
MEMBER_GROUP_SCOPES = tuple(g.scope for g in MEMBER_GROUPS)


def member_group(scope: str) -> MemberGroup | None:
    return next((g for g in MEMBER_GROUPS if g.scope == scope), None)


@dataclass(frozen=True)
class Placeholder:
    """一个占位符。数字怎么算由声明决定：info= 取支部信息的一项，counts= 数党员名册里的人，
    其余的按 key 由 branch/figures.py 另算；活动的数字就是 Activity 上名为 key 的字段或属性。"""

    name: str
    meaning: str
    scope: str = "branch"  # "branch"：全报告通用；"activity"：只能写在活动记录的内容、成效里
    key: str = ""  # 程序里的名字，不重复：FIGURE.women 就是“女党员数”
    info: str | None = None  # 取自支部信息的这一项（key）
    counts: tuple[str, str] | None = None  # 报告期结束时党员名册里（列 key, 值）的人数；全体党员为 ("", "")
    needs: tuple[str, ...] = ()  # 活动的数字：这一行要填了活动记录的这些列（key）才算得出
    phrase: str = ""  # 手写这个人数时的说法（“全系20名教师党员”的“教师党员”）：手写的与数据不符时提醒
    meeting: tuple[str, str] | None = None  # 组织生活的数字：（活动类型, MeetingMeasure 的一项），由 branch/meetings.py 算

    @property
    def needed_columns(self) -> tuple[Column, ...]:
        return tuple(ACTIVITIES.col[key] for key in self.needs)


def _count(name, meaning, key, counts, phrase):
    """数党员名册里的人：报告期结束时 counts 那一列是那个值的党员。"""
    return Placeholder(name, meaning, key=key, counts=counts, phrase=phrase)


class MeetingMeasure:  # 组织生活的数字是哪一种（Placeholder.meeting 的第二项）
    COUNT = "count"  # 召开次数
    COVERED = "covered"  # 应召开的月份（季度、年）中有记录的
    RATE = "rate"  # 平均出勤率
    SENTENCE = "sentence"  # 整段话：{三会一课情况}


# 组织生活的各类会议在程序里的名字（占位符 key 的前缀）
MEETING_KEYS = {
    ActivityType.GENERAL_MEETING: "general_meeting",
    ActivityType.COMMITTEE_MEETING: "committee_meeting",
    ActivityType.GROUP_MEETING: "group_meeting",
    ActivityType.PARTY_LECTURE: "party_lecture",
    ActivityType.THEME_DAY: "theme_day",
    ActivityType.LIFE_MEETING: "life_meeting",
    ActivityType.REVIEW: "review",
}

_MEETING_BASE = "报告期内类型为“{kind}”的活动（写入报告为“否”的、分项也算）"


def _meeting_figures(kind: str) -> tuple[Placeholder, ...]:
    """一类会议的三个数字：次数、按期情况、平均出勤率。计算的基数写在含义里（填表说明照印）。"""
    key, base = MEETING_KEYS[kind], _MEETING_BASE.format(kind=kind)
    return (
        Placeholder(f"{kind}次数", f"{base}的项数", key=f"{key}_count", meeting=(kind, MeetingMeasure.COUNT)),
        Placeholder(
            f"{kind}按期情况",
            f"按规则版本，报告期内应召开{kind}的月份（季度、年）中有记录的个数，如“12个月中11个月有记录”；"
            "报告期首尾不满一个月（季度、年）的按天数折算；报告期比规定的间隔短、或规则里没有这一类时写“不作要求”",
            key=f"{key}_covered",
            meeting=(kind, MeetingMeasure.COVERED),
        ),
        Placeholder(
            f"{kind}平均出勤率",
            f"{base}中填了应到和实到人数的：实到人次 ÷ 应到人次，如 92.9%；一项也没有时算不出，不能使用",
            key=f"{key}_rate",
            meeting=(kind, MeetingMeasure.RATE),
        ),
    )


MEETING_PLACEHOLDERS: tuple[Placeholder, ...] = (
    *(p for kind in ActivityType.MEETINGS for p in _meeting_figures(kind)),
    Placeholder(
        "三会一课情况",
        "一段话：按规则版本，报告期内各类会议召开的次数、按期情况和平均出勤率（数字同上面各占位符）；"
        "报告默认写在“具体措施”的开头，正文里写了它就不再另写",
        key="meetings",
        meeting=("", MeetingMeasure.SENTENCE),
    ),
)


def _activity_figure(column: Column, meaning: str) -> Placeholder:
    """活动的一个人数：就是活动记录里这一列的值，占位符的名字就是列名。"""
    return Placeholder(column.name, meaning, "activity", key=column.key, needs=(column.key,))


PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder(BRANCH_INFO.col.name.name, "支部信息中的支部名称", key="branch_name", info="name"),
    Placeholder(BRANCH_INFO.col.parent_org.name, "支部信息中的上级党组织", key="parent_org", info="parent_org"),
    Placeholder(BRANCH_INFO.col.campaign.name, "支部信息中的活动名称", key="campaign", info="campaign"),
    Placeholder("报告期", "如 2010年7月1日至2011年1月7日", key="period"),
    _count("党员总数", "报告期结束时的党员人数", "members", ("", ""), "党员"),
    _count("正式党员数", "报告期结束时的正式党员人数", "formal", ("membership", Membership.FORMAL), "正式党员"),
    _count("预备党员数", "报告期结束时的预备党员人数", "probationary", ("membership", Membership.PROBATIONARY), "预备党员"),
    _count("女党员数", "报告期结束时的女党员人数", "women", ("sex", Sex.FEMALE), "女党员"),
    _count("教师党员数", "人员类别为教师的党员人数", "teachers", ("category", Category.TEACHER), "教师党员"),
    _count("管理人员党员数", "人员类别为管理人员的党员人数", "admins", ("category", Category.ADMIN), "管理人员党员"),
    _count("学生党员数", "人员类别为学生的党员人数", "students", ("category", Category.STUDENT), "学生党员"),
    _count("职工党员数", "人员类别为职工的党员人数", "workers", ("category", Category.WORKER), "职工党员"),
    _count("离退休党员数", "人员类别为离退休的党员人数", "retired", ("category", Category.RETIRED), "离退休党员"),
    Placeholder(
        "活动总数",
        "报告期内写入报告的活动项数（分项也算，写入报告为“否”的不算），与附件“活动开展情况统计表”的合计一致",
        key="activities",
    ),
    Placeholder("开展活动总数", "报告期内开展的全部活动项数（分项、写入报告为“否”的也算）", key="activities_held"),
    Placeholder("承诺党员数", "作出公开承诺的党员人数（一人多项只算一人）", key="committed_members"),
    Placeholder("承诺事项数", "公开承诺的项数", key="commitments"),
    Placeholder("已兑现承诺数", "践诺进度为已兑现的承诺项数", key="fulfilled"),
    *MEETING_PLACEHOLDERS,
    _activity_figure(ACTIVITIES.col.expected, "本活动的应到人数"),
    _activity_figure(ACTIVITIES.col.present, "本活动的实到人数"),
    _activity_figure(ACTIVITIES.col.on_leave, "本活动的请假人数"),
    Placeholder(
        "出勤率", "本活动的实到人数 ÷ 应到人数，如 100%、92.9%", "activity", key="attendance_rate", needs=("expected", "present")
    ),
)

# 按 key 取占位符：FIGURE.teachers.name 是“教师党员数”
FIGURE = ByKey({p.key: p for p in PLACEHOLDERS})
if len(list(FIGURE)) != len(PLACEHOLDERS) or not all(p.key.isidentifier() for p in PLACEHOLDERS):
    raise ValueError("每个占位符要有不重复的 key")

PLACEHOLDER_NAMES = tuple(p.name for p in PLACEHOLDERS)


@dataclass(frozen=True)
class ActivityReference:
    """另一项活动的数字：{编号.出勤率}。报告正文里说到某项活动的出勤率时用。"""

    example: str = "{编号.出勤率}"
    meaning: str = "编号为该编号的活动的应到人数、实到人数、请假人数或出勤率，如 {A01.出勤率}、{A01.实到人数}"


ACTIVITY_REFERENCE = ActivityReference()

# 可以写占位符的列
NARRATIVE_COLUMNS: tuple[tuple[Sheet, Column], ...] = (
    (NARRATIVE, NARRATIVE.col.text),
    (ACTIVITIES, ACTIVITIES.col.name),
    (ACTIVITIES, ACTIVITIES.col.content),
    (ACTIVITIES, ACTIVITIES.col.outcome),
)

# 印进报告（.docx）的文字：这些格里像身份证号、手机号的号码，报告里一律遮盖，检查时提醒（checks/sensitive.py）
REPORT_TEXT_COLUMNS: tuple[tuple[Sheet, Column], ...] = (
    *((BRANCH_INFO, BRANCH_INFO.col[key]) for key in ("name", "parent_org", "addressee", "campaign", "title", "subtitle")),
    (ACTIVITIES, ACTIVITIES.col.group),
    *NARRATIVE_COLUMNS,
    (NARRATIVE, NARRATIVE.col.subheading),
    (COMMITMENTS, COMMITMENTS.col.person),
    (COMMITMENTS, COMMITMENTS.col.matter),
)


def sheet_named(name: str) -> Sheet:
    for sheet in (*SHEETS, ROLLUP_SETTINGS):
        if sheet.name == name:
            return sheet
    raise KeyError(name)


# ================================================================ 组织生活的规则（“三会一课”等）
# 规则是数据：一套规则（RuleSet）有名字（支部信息“规则版本”的可选值）、出处、施行日期，和各类会议的
# 规定（MeetingRule）：多久一次、至少几次、到会人数的底线。以后的或本地的规则，加一套表即可，不用改程序。
# 每条规定都引了原文（text）；发现里说的话（wording、quorum_wording）是原文里的原话。
# tests/test_meetings.py 从原文里读回间隔、次数和到会比例，与表里的数字逐项核对，两边不会走样。


class Interval:  # 规定的间隔
    MONTH = "月"
    QUARTER = "季度"
    YEAR = "年"
    ALL = (MONTH, QUARTER, YEAR)
    MONTHS = {MONTH: 1, QUARTER: 3, YEAR: 12}  # 每个间隔有几个月
    UNITS = {MONTH: "个月", QUARTER: "个季度", YEAR: "年"}  # 数间隔时的量词：12个月、4个季度、1年


@dataclass(frozen=True)
class MeetingRule:
    """一类会议的规定。"""

    kind: str  # 活动类型（ActivityType.MEETINGS 之一）
    interval: str  # Interval：每月、每季度、每年
    times: int  # 每个间隔至少开几次
    wording: str  # 发现里引的规定：原文里的原话，如“一般每月召开1次”
    text: str  # 原文
    cited: str  # 发现里说的出处，如《中国共产党支部工作条例（试行）》
    article: str = ""  # 条款，如“第十二条”（填表说明里印）
    per_group: bool = False  # 每个党小组各算（党小组会）
    quorum: Fraction | None = None  # 实到人数的底线：应到人数的这个比例
    quorum_exclusive: bool = False  # True：须“超过”这个比例；False：“以上”（含本数）即可
    quorum_wording: str = ""  # 原文里说到会人数的原话

    @property
    def months(self) -> int:
        return Interval.MONTHS[self.interval]


@dataclass(frozen=True)
class RuleSet:
    """一套规则：支部信息的“规则版本”选它。"""

    name: str  # RuleVersion 的一项
    document: str  # 出处（报告里“按照……”一句用）
    since: dt.date | None  # 施行日期；None：最早的一套
    rules: tuple[MeetingRule, ...]
    note: str = ""  # 填表说明里的说明

    def rule_for(self, kind: str) -> MeetingRule | None:
        return next((r for r in self.rules if r.kind == kind), None)


REGULATIONS = "《中国共产党支部工作条例（试行）》"
THREE_MEETINGS = "“三会一课”制度"

RULE_SETS: tuple[RuleSet, ...] = (
    RuleSet(
        RuleVersion.REGULATIONS_2018,
        REGULATIONS,
        dt.date(2018, 10, 28),
        (
            MeetingRule(
                ActivityType.GENERAL_MEETING, Interval.QUARTER, 1, "一般每季度召开1次",
                "党支部党员大会是党支部的议事决策机构，由全体党员参加，一般每季度召开1次。……"
                "表决必须有半数以上有表决权的党员到会方可进行，赞成人数超过应到会有表决权的党员的半数为通过。",
                REGULATIONS, "第十一条",
                quorum=Fraction(1, 2), quorum_wording="表决必须有半数以上有表决权的党员到会方可进行",
            ),
            MeetingRule(
                ActivityType.COMMITTEE_MEETING, Interval.MONTH, 1, "一般每月召开1次",
                "党支部委员会会议一般每月召开1次，根据需要可以随时召开，对党支部重要工作进行讨论、作出决定等。"
                "党支部委员会会议须有半数以上委员到会方可进行。",
                REGULATIONS, "第十二条",
                quorum=Fraction(1, 2), quorum_wording="须有半数以上委员到会方可进行",
            ),
            MeetingRule(
                ActivityType.GROUP_MEETING, Interval.MONTH, 1, "一般每月召开1次",
                "党小组会一般每月召开1次，组织党员参加政治学习、谈心谈话、开展批评和自我批评等。",
                REGULATIONS, "第十三条", per_group=True,
            ),
            MeetingRule(
                ActivityType.PARTY_LECTURE, Interval.QUARTER, 1, "党课一般每季度一次",
                "党支部应当组织党员按期参加党员大会、党小组会和上党课（《条例》第十六条）；"
                "“三会一课”制度：党课一般每季度一次。",
                THREE_MEETINGS, "第十六条和“三会一课”制度",
            ),
            MeetingRule(
                ActivityType.THEME_DAY, Interval.MONTH, 1, "每月相对固定1天开展主题党日",
                "党支部每月相对固定1天开展主题党日，组织党员集中学习、过组织生活、进行民主议事和志愿服务等。",
                REGULATIONS, "第十六条",
            ),
            MeetingRule(
                ActivityType.LIFE_MEETING, Interval.YEAR, 1, "每年至少召开1次组织生活会",
                "党支部每年至少召开1次组织生活会，一般安排在第四季度，也可以根据工作需要随时召开。",
                REGULATIONS, "第十七条",
            ),
            MeetingRule(
                ActivityType.REVIEW, Interval.YEAR, 1, "一般每年开展1次民主评议党员",
                "党支部一般每年开展1次民主评议党员，组织党员对照合格党员标准、对照入党誓词，联系个人实际进行党性分析。",
                REGULATIONS, "第十八条",
            ),
        ),
        "2018年10月28日起施行。党课的次数，条例只说“按期”，这里按“三会一课”制度的每季度一次。",
    ),
    RuleSet(
        RuleVersion.BEFORE_2018,
        THREE_MEETINGS,
        None,
        (
            MeetingRule(
                ActivityType.GENERAL_MEETING, Interval.QUARTER, 1, "支部党员大会一般每季度召开一次",
                "支部党员大会一般每季度召开一次，有表决权的到会人数超过应到会有表决权党员人数的半数时，会议才能召开。",
                THREE_MEETINGS,
                quorum=Fraction(1, 2), quorum_exclusive=True,
                quorum_wording="有表决权的到会人数超过应到会有表决权党员人数的半数时，会议才能召开",
            ),
            MeetingRule(
                ActivityType.COMMITTEE_MEETING, Interval.MONTH, 1, "支部委员会一般每月召开一次",
                "支部委员会一般每月召开一次，如遇特殊情况，可随时召开；有半数以上委员出席时，会议才能召开。",
                THREE_MEETINGS,
                quorum=Fraction(1, 2), quorum_wording="有半数以上委员出席时，会议才能召开",
            ),
            MeetingRule(
                ActivityType.GROUP_MEETING, Interval.MONTH, 1, "党小组会一般每月召开一次",
                "党小组会一般每月召开一次，由党小组长主持。",
                THREE_MEETINGS, per_group=True,
            ),
            MeetingRule(
                ActivityType.PARTY_LECTURE, Interval.QUARTER, 1, "党课一般每季度一次",
                "党课一般每季度一次，可以支部为单位组织上课，也可由基层党委（总支）统一组织上课。",
                THREE_MEETINGS,
            ),
        ),
        "2018年10月28日以前的报告用（如2010—2011年的示例支部）：当时通行的“三会一课”制度，没有主题党日、"
        "组织生活会和民主评议党员的次数要求。条文按当时各地制度的通行写法。",
    ),
)
if {s.name for s in RULE_SETS} != set(RuleVersion.ALL) or not all(
    r.kind in ActivityType.MEETINGS and r.interval in Interval.ALL and r.wording in r.text for s in RULE_SETS for r in s.rules
):
    raise ValueError("每个规则版本要有一套规则；每条规定的类型、间隔要在声明里，引的话要在原文里")


def rule_set_named(name: str) -> RuleSet:
    return next(s for s in RULE_SETS if s.name == name)


def rule_set_in_force(day: dt.date) -> RuleSet:
    """这一天施行的那套规则：施行日期不晚于这一天的，取最新的一套。"""
    started = [s for s in RULE_SETS if s.since is None or s.since <= day]
    return max(started, key=lambda s: s.since or dt.date.min)


def rule_set_for(version: str | None, period_end: dt.date) -> RuleSet:
    """支部信息的规则版本；没填时按报告期结束那一天施行的规则。"""
    return rule_set_named(version) if version else rule_set_in_force(period_end)

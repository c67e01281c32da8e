"""标准工作数据簿（支部工作数据簿）第 1 版：唯一的一份声明。

工作表、列、类型、必填规则、可选值、别名和说明只在这里写一次。
读取（reader）、检查（checks）、空白模板与填表说明（template）都从这里取，
所以改一列只改这一处。契约原文见 shared/spec/workbook.md。
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class Column:
    """一列（或键值表中的一项）。名称就是用户在表头看到的字。"""

    name: str
    type: str
    need: str
    help: str
    expect: str = ""
    choices: tuple[str, ...] = ()
    default: str | None = None
    aliases: tuple[str, ...] = ()  # 也认作这一列的表头写法
    value_aliases: Mapping[str, str] = field(default_factory=dict)  # 也认作某个可选值的写法
    condition: str = ""  # 条件必填的条件，用户的话
    required_when: tuple[str, str] | None = None  # （另一列, 取值）：那一列是这个值时本列必填
    sensitive: str | None = None  # "id" 身份证号 / "phone" 联系电话：回显时遮盖
    minimum: int | None = None
    width: int = 0  # 模板中的列宽（字符），0 表示按表头自动

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
    name: str
    layout: str  # "table"：第一行表头、每行一条；"keyvalue"：A 列项目、B 列内容
    required: bool
    help: str
    columns: tuple[Column, ...]
    identity: tuple[str, ...] = ()  # 消息里用来指认一行的列，如（姓名：张三）
    aliases: tuple[str, ...] = ()

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


def _choice(name, need, help, choices, *, default=None, aliases=(), value_aliases=None, condition=""):
    return Column(
        name,
        CHOICE,
        need,
        help,
        choices=tuple(choices),
        default=default,
        aliases=tuple(aliases),
        value_aliases=MappingProxyType(dict(value_aliases or {})),
        condition=condition,
    )


# ---------------------------------------------------------------- 支部信息
BRANCH_INFO = Sheet(
    "支部信息",
    "keyvalue",
    True,
    "支部和本次报告的基本信息：A 列“项目”已经写好，只在 B 列“内容”填写。",
    (
        Column("支部名称", TEXT, REQUIRED, "支部的全称，报告落款用，如：商贸系党支部。"),
        Column("上级党组织", TEXT, REQUIRED, "报告报送的上级党组织，如：院党委。"),
        Column("主送机关", TEXT, OPTIONAL, "填写后印在标题下方，如：中共××学院委员会。"),
        Column("活动名称", TEXT, REQUIRED, "本次活动的名称，如：创先争优、两学一做、党史学习教育。"),
        Column(
            "报告标题",
            TEXT,
            OPTIONAL,
            "不填时标题为“{支部名称}开展{活动名称}活动阶段性工作情况”。",
        ),
        Column("副标题", TEXT, OPTIONAL, "填写后印在标题下方。"),
        Column("报告期开始", DATE, REQUIRED, "本阶段的第一天。"),
        Column("报告期结束", DATE, REQUIRED, "本阶段的最后一天，不早于报告期开始。"),
        Column("成文日期", DATE, OPTIONAL, "报告落款的日期；不填时用报告期结束，不早于报告期结束。"),
        _choice(
            "日期写法",
            OPTIONAL,
            "落款日期的写法：阿拉伯数字（2011年1月7日，默认）或汉字（二〇一一年一月七日）。",
            ("阿拉伯数字", "汉字"),
            default="阿拉伯数字",
            value_aliases={"数字": "阿拉伯数字", "中文": "汉字", "汉字数字": "汉字"},
        ),
        _choice(
            "字体方案",
            OPTIONAL,
            "gb2312（仿宋_GB2312 等，多数机关安装的字体，默认）或 windows（Windows 自带的仿宋、楷体）。",
            ("gb2312", "windows"),
            default="gb2312",
            value_aliases={"GB2312": "gb2312", "Windows": "windows", "WINDOWS": "windows"},
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
        Column("序号", INT, OPTIONAL, "可不填，只用于排序。", minimum=1),
        Column("姓名", TEXT, REQUIRED, "党员姓名，与其他表中的写法一致。", aliases=("党员姓名", "名字")),
        _choice("性别", REQUIRED, "男或女。", ("男", "女"), value_aliases={"男性": "男", "女性": "女"}),
        Column(
            "民族",
            TEXT,
            OPTIONAL,
            "写全称，以“族”结尾，如：汉族（填“汉”会按“汉族”处理）。",
            expect="民族全称，如 汉族、回族",
        ),
        Column("出生日期", DATE, OPTIONAL, "如 1985-03-01。", aliases=("出生年月", "出生时间")),
        _choice(
            "学历",
            OPTIONAL,
            "最高学历。",
            ("博士研究生", "硕士研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"),
            value_aliases={"博士": "博士研究生", "硕士": "硕士研究生", "本科": "大学本科", "大专": "大学专科", "专科": "大学专科"},
        ),
        _choice(
            "人员类别",
            REQUIRED,
            "党员的身份：教师、管理人员、学生、职工、离退休、其他。“教师党员数”等数字按这一列统计。",
            ("教师", "管理人员", "学生", "职工", "离退休", "其他"),
            aliases=("人员身份", "身份"),
            value_aliases={"老师": "教师", "专任教师": "教师", "退休": "离退休", "管理": "管理人员"},
        ),
        _choice(
            "党员类别",
            REQUIRED,
            "正式党员或预备党员。",
            ("正式党员", "预备党员"),
            value_aliases={"正式": "正式党员", "预备": "预备党员"},
        ),
        Column("入党日期", DATE, REQUIRED, "成为预备党员的日期，应在年满 18 周岁之后。", aliases=("入党时间",)),
        Column(
            "转正日期",
            DATE,
            CONDITIONAL,
            "正式党员必填，预备党员留空；通常是入党日期后一年，最长两年。",
            aliases=("转正时间",),
            condition="正式党员必填，预备党员留空",
            required_when=("党员类别", "正式党员"),
        ),
        _choice(
            "党内职务",
            OPTIONAL,
            "书记、副书记、各委员、党小组长或无；一个支部至多一名书记。",
            ("书记", "副书记", "组织委员", "宣传委员", "纪检委员", "青年委员", "党小组长", "无"),
            aliases=("职务",),
            value_aliases={"支部书记": "书记", "支部副书记": "副书记", "组长": "党小组长"},
        ),
        Column("党小组", TEXT, OPTIONAL, "所在党小组的名称。"),
        Column(
            "身份证号",
            TEXT,
            OPTIONAL,
            "18 位，末位可以是 X；这一列已设为文本格式，请勿改成数字，否则后几位会丢失。",
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
            expect="11 位手机号或固定电话，如 138 1234 5678、010-62345678",  # 示例分段写：扫描输出找手机号的程序不会把它当成谁的号码
            aliases=("手机", "手机号", "手机号码", "电话", "联系方式"),
            sensitive="phone",
            width=16,
        ),
        Column("备注", TEXT, OPTIONAL, "其他说明。"),
    ),
    identity=("姓名",),
    aliases=("党员花名册", "党员名单", "名册"),
)

# ---------------------------------------------------------------- 活动记录
ACTIVITIES = Sheet(
    "活动记录",
    "table",
    True,
    "每行一项活动。报告“具体措施”部分按措施分组、编号顺序打印这里的活动。",
    (
        Column("编号", TEXT, REQUIRED, "本表内不重复，如 A01；出勤明细和上级编号用它指认活动。", aliases=("活动编号",)),
        Column("开始日期", DATE, REQUIRED, "应在报告期内；报告期外的活动会提醒，且不写入报告。", aliases=("日期", "活动日期")),
        Column("结束日期", DATE, OPTIONAL, "一天内结束的活动可不填；不早于开始日期。"),
        _choice(
            "类型",
            REQUIRED,
            "活动的类型。运动会、联欢、参观游览等请选“群团活动”，不要算作主题党日或“三会一课”。",
            (
                "支部党员大会",
                "支部委员会",
                "党小组会",
                "党课",
                "主题党日",
                "组织生活会",
                "民主评议党员",
                "专题学习",
                "公开承诺",
                "志愿服务",
                "群团活动",
                "其他",
            ),
            aliases=("活动类型",),
            value_aliases={"党员大会": "支部党员大会", "支委会": "支部委员会", "主题党日活动": "主题党日"},
        ),
        Column("名称", TEXT, REQUIRED, "报告中的写法，如：开展“重温入党誓词”活动；内容以名称开头时，报告不再重复名称。可以使用 {占位符}。", aliases=("活动名称",)),
        Column(
            "措施分组",
            TEXT,
            OPTIONAL,
            "报告“具体措施”下（一）（二）一级的小标题，如：全面争创，扎实推进；同组的活动写同样的文字。",
            aliases=("分组",),
        ),
        Column("上级编号", TEXT, OPTIONAL, "若本行是另一项活动的分项，填那项活动的编号；报告中印为（1）（2）。"),
        Column("地点", TEXT, OPTIONAL, "活动地点。"),
        _choice(
            "参加范围",
            REQUIRED,
            "哪些人应参加。选全体党员、教师党员、学生党员或支委时，应到人数应等于该范围的人数。",
            ("全体党员", "教师党员", "学生党员", "支委", "党小组", "全体教职工", "全体学生", "全体师生", "其他"),
            aliases=("参加人员", "参加对象"),
        ),
        Column("应到人数", INT, OPTIONAL, "应参加的人数，不小于 1。", minimum=1, aliases=("应到",)),
        Column("实到人数", INT, OPTIONAL, "实际参加的人数，0 到应到人数之间。", minimum=0, aliases=("实到",)),
        Column("请假人数", INT, OPTIONAL, "请假的人数；实到加请假不超过应到。", minimum=0, aliases=("请假",)),
        Column("内容", TEXT, REQUIRED, "报告中印出的段落，可以使用 {占位符}。", aliases=("活动内容",), width=40),
        Column("成效", TEXT, OPTIONAL, "报告中接着印出的第二段，可以使用 {占位符}。", aliases=("活动成效",), width=30),
        _choice(
            "写入报告",
            OPTIONAL,
            "填“否”的活动只统计、不写入报告正文；不填视为“是”。",
            ("是", "否"),
            default="是",
            value_aliases={"Y": "是", "N": "否", "y": "是", "n": "否", "√": "是", "×": "否"},
        ),
    ),
    identity=("编号",),
    aliases=("活动情况", "活动记录表"),
)

# ---------------------------------------------------------------- 出勤明细
ATTENDANCE = Sheet(
    "出勤明细",
    "table",
    False,
    "可选。每行一人参加一项活动的情况；某项活动填了明细，它的实到人数须等于“出席”的行数。",
    (
        Column("活动编号", TEXT, REQUIRED, "活动记录中的编号。", aliases=("编号",)),
        Column("姓名", TEXT, REQUIRED, "党员名册中的姓名。", aliases=("党员姓名",)),
        _choice(
            "状态",
            REQUIRED,
            "出席、请假或缺席。",
            ("出席", "请假", "缺席"),
            aliases=("出勤情况", "出勤状态"),
            value_aliases={"到": "出席", "参加": "出席", "出勤": "出席", "未到": "缺席"},
        ),
        Column("备注", TEXT, OPTIONAL, "其他说明，如请假原因。"),
    ),
    identity=("活动编号", "姓名"),
    aliases=("出勤记录", "考勤"),
)

# ---------------------------------------------------------------- 公开承诺
COMMITMENTS = Sheet(
    "公开承诺",
    "table",
    False,
    "可选。每行一项承诺；报告附件1“党员公开承诺情况汇总表”由这里生成。",
    (
        _choice("承诺主体", REQUIRED, "支部或党员。", ("支部", "党员"), value_aliases={"个人": "党员", "党支部": "支部"}),
        Column("承诺人", TEXT, REQUIRED, "党员名册中的姓名；承诺主体为支部时填支部名称。", aliases=("承诺党员", "姓名")),
        Column("承诺日期", DATE, REQUIRED, "不早于承诺人的入党日期。"),
        Column("承诺事项", TEXT, REQUIRED, "承诺的内容。", aliases=("承诺内容",), width=40),
        Column("完成时限", DATE, OPTIONAL, "不早于承诺日期。", aliases=("完成期限",)),
        _choice(
            "践诺进度",
            REQUIRED,
            "未开始、推进中、已兑现或未兑现。",
            ("未开始", "推进中", "已兑现", "未兑现"),
            aliases=("完成情况", "进度"),
            value_aliases={"已完成": "已兑现", "完成": "已兑现", "进行中": "推进中"},
        ),
        Column(
            "兑现日期",
            DATE,
            CONDITIONAL,
            "已兑现的承诺必填，不晚于成文日期。",
            condition="践诺进度为“已兑现”时必填",
            required_when=("践诺进度", "已兑现"),
        ),
        Column("公示方式", TEXT, OPTIONAL, "如：系公开栏公示。"),
        Column(
            "备注",
            TEXT,
            CONDITIONAL,
            "践诺进度为“未兑现”时，在这里写明原因。",
            condition="践诺进度为“未兑现”时必填（写明原因）",
            required_when=("践诺进度", "未兑现"),
        ),
    ),
    identity=("承诺人",),
    aliases=("承诺情况", "党员承诺"),
)

# ---------------------------------------------------------------- 报告正文
SECTIONS = ("前言", "指导思想", "目标要求", "具体措施", "努力方向", "结束语")
SECTIONS_REQUIRED = ("指导思想", "目标要求", "努力方向")

NARRATIVE = Sheet(
    "报告正文",
    "table",
    True,
    "报告的文字，每行一段。指导思想、目标要求、努力方向各至少一段；具体措施的段落印在活动之前。",
    (
        _choice("章节", REQUIRED, "这一段属于哪一部分。", SECTIONS, aliases=("部分",)),
        Column("序号", INT, OPTIONAL, "同一部分内的顺序；不填按行的先后。", minimum=1),
        Column("小标题", TEXT, OPTIONAL, "这一段上方的小标题（低一级），可不填。"),
        Column("文本", TEXT, REQUIRED, "这一段的文字，可以使用 {占位符}。", aliases=("正文", "段落", "内容"), width=60),
    ),
    identity=("章节",),
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
        Column("名称", TEXT, REQUIRED, "汇总的党组织的全称，报告落款用，如：中共××学院委员会、商学院党总支。"),
        Column("主送机关", TEXT, OPTIONAL, "填写后印在标题下方，如：中共××大学委员会。"),
        Column("活动名称", TEXT, OPTIONAL, "不填时用各支部工作簿里的活动名称（各支部一致时）。"),
        Column("报告标题", TEXT, OPTIONAL, "不填时标题为“{名称}开展{活动名称}活动阶段性工作情况”。"),
        Column("报告期开始", DATE, OPTIONAL, "不填时用各支部的报告期（最早的开始）。"),
        Column("报告期结束", DATE, OPTIONAL, "不填时用各支部的报告期（最晚的结束）；不早于报告期开始。"),
        Column("成文日期", DATE, OPTIONAL, "报告落款的日期；不填时用报告期结束，不早于报告期结束。"),
        BRANCH_INFO.column("日期写法"),
        BRANCH_INFO.column("字体方案"),
    ),
    aliases=("汇总信息",),
)

# 模板自带、读取时忽略的工作表
CODE_SHEET = "代码表"
GUIDE_SHEET = "填表说明"
TEMPLATE_ONLY_SHEETS = (CODE_SHEET, GUIDE_SHEET)

# 键值表“支部信息”的两列表头
KEYVALUE_HEADERS = ("项目", "内容")

# 参加范围中指一组党员的值（应到人数应等于该组人数）
MEMBER_GROUP_SCOPES = ("全体党员", "教师党员", "学生党员", "支委")


@dataclass(frozen=True)
class Placeholder:
    name: str
    meaning: str
    scope: str = "branch"  # "branch"：全报告通用；"activity"：只能写在活动记录的内容、成效里


PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("支部名称", "支部信息中的支部名称"),
    Placeholder("上级党组织", "支部信息中的上级党组织"),
    Placeholder("活动名称", "支部信息中的活动名称"),
    Placeholder("报告期", "如 2010年7月1日至2011年1月7日"),
    Placeholder("党员总数", "报告期结束时的党员人数"),
    Placeholder("正式党员数", "报告期结束时的正式党员人数"),
    Placeholder("预备党员数", "报告期结束时的预备党员人数"),
    Placeholder("女党员数", "报告期结束时的女党员人数"),
    Placeholder("教师党员数", "人员类别为教师的党员人数"),
    Placeholder("管理人员党员数", "人员类别为管理人员的党员人数"),
    Placeholder("学生党员数", "人员类别为学生的党员人数"),
    Placeholder("职工党员数", "人员类别为职工的党员人数"),
    Placeholder("离退休党员数", "人员类别为离退休的党员人数"),
    Placeholder("活动总数", "报告期内的活动项数"),
    Placeholder("承诺党员数", "作出公开承诺的党员人数（一人多项只算一人）"),
    Placeholder("承诺事项数", "公开承诺的项数"),
    Placeholder("已兑现承诺数", "践诺进度为已兑现的承诺项数"),
    Placeholder("应到人数", "本活动的应到人数", "activity"),
    Placeholder("实到人数", "本活动的实到人数", "activity"),
    Placeholder("请假人数", "本活动的请假人数", "activity"),
    Placeholder("出勤率", "本活动的实到人数 ÷ 应到人数，如 100%、92.9%", "activity"),
)

PLACEHOLDER_NAMES = tuple(p.name for p in PLACEHOLDERS)


@dataclass(frozen=True)
class ActivityReference:
    """另一项活动的数字：{编号.出勤率}。报告正文里说到某项活动的出勤率时用。"""

    example: str = "{编号.出勤率}"
    meaning: str = "编号为该编号的活动的应到人数、实到人数、请假人数或出勤率，如 {A01.出勤率}、{A01.实到人数}"


ACTIVITY_REFERENCE = ActivityReference()

# 可以写占位符的列：（工作表, 列）
NARRATIVE_COLUMNS = ((NARRATIVE.name, "文本"), (ACTIVITIES.name, "名称"), (ACTIVITIES.name, "内容"), (ACTIVITIES.name, "成效"))


def sheet_named(name: str) -> Sheet:
    for sheet in SHEETS:
        if sheet.name == name:
            return sheet
    raise KeyError(name)

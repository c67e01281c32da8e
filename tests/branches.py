"""另外三个支部的工作簿：像读过 workbook.md 的支部书记那样，用 openpyxl 一格一格填出来。

这里故意不用 tests/workbooks.py、toolkit.workbook.blank 或 toolkit 里的任何东西：表名、列名照标准抄写，
版式照各支部自己的习惯（换列序、加一列“备用”、标题行合并、日期打成文字、明细下面加合计行）。
报告里应有的数字，也在这里由填进去的数据算出来（members_on、group_size……），不问工具。

    company_branch()   宏远机械公司第二党支部：两学一做，职工和管理人员，没有出勤明细和公开承诺
    students_branch()  计算机学院本科生第一党支部：党史学习教育，预备党员多，逐人出勤，承诺三种进度
    large_branch()     理学院教工第一党支部：61 名党员，三级分项，报告期外和不写入报告的活动，32 项承诺
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

D = dt.date

# 标准里的表名和列名（照 workbook.md 抄写）
INFO = "支部信息"
MEMBERS = "党员名册"
ACTIVITIES = "活动记录"
ATTENDANCE = "出勤明细"
COMMITMENTS = "公开承诺"
NARRATIVE = "报告正文"

STANDARD_HEADERS = {
    MEMBERS: ["序号", "姓名", "性别", "民族", "出生日期", "学历", "人员类别", "党员类别", "入党日期", "转正日期",
              "党内职务", "党小组", "身份证号", "联系电话", "备注"],
    ACTIVITIES: ["编号", "开始日期", "结束日期", "类型", "名称", "措施分组", "上级编号", "地点", "参加范围",
                 "应到人数", "实到人数", "请假人数", "内容", "成效", "写入报告"],
    ATTENDANCE: ["活动编号", "姓名", "状态", "备注"],
    COMMITMENTS: ["承诺主体", "承诺人", "承诺日期", "承诺事项", "完成时限", "践诺进度", "兑现日期", "公示方式", "备注"],
    NARRATIVE: ["章节", "序号", "小标题", "文本"],
}

DATE_COLUMNS = {"出生日期", "入党日期", "转正日期", "开始日期", "结束日期", "承诺日期", "完成时限", "兑现日期"}
COMMITTEE = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员", "青年委员")


# ---------------------------------------------------------------- 写工作簿


def text_date(day: D, n: int) -> str:
    """手打的日期文字，轮流用两种写法：2021.3.5 和 2021年4月1日。"""
    return f"{day.year}.{day.month}.{day.day}" if n % 2 == 0 else f"{day.year}年{day.month}月{day.day}日"


@dataclass
class Sheet:
    headers: list[str]
    rows: list[dict]
    title: str | None = None  # 表头上面合并的标题行
    footer: dict | None = None  # 表格下面的一行（如合计），按列名
    text_dates: bool = False  # 日期打成文字

    @property
    def header_row(self) -> int:
        return 2 if self.title else 1

    def row_of(self, index: int) -> int:
        """第 index 条数据（0 起）在 Excel 里的行号。"""
        return self.header_row + 1 + index

    def letter(self, header: str) -> str:
        return get_column_letter(self.headers.index(header) + 1)


@dataclass
class BranchBook:
    info: dict  # 支部信息：项目 → 内容
    sheets: dict[str, Sheet] = field(default_factory=dict)
    info_text_dates: set = field(default_factory=set)  # 支部信息里打成文字的日期项

    # 方便测试取数据
    @property
    def members(self) -> list[dict]:
        return self.sheets[MEMBERS].rows

    @property
    def activities(self) -> list[dict]:
        return self.sheets[ACTIVITIES].rows

    @property
    def commitments(self) -> list[dict]:
        return self.sheets[COMMITMENTS].rows if COMMITMENTS in self.sheets else []

    @property
    def attendance(self) -> list[dict]:
        return self.sheets[ATTENDANCE].rows if ATTENDANCE in self.sheets else []

    def activity(self, code: str) -> dict:
        return next(a for a in self.activities if a["编号"] == code)

    def write(self, path: Path) -> Path:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = INFO
        ws.append(["项目", "内容"])
        for n, (key, value) in enumerate(self.info.items()):
            if isinstance(value, D) and key in self.info_text_dates:
                value = text_date(value, n)
            ws.append([key, value])
            if isinstance(value, D):
                ws.cell(ws.max_row, 2).number_format = "yyyy-mm-dd"
        for name, sheet in self.sheets.items():
            _write_sheet(wb.create_sheet(name), sheet)
        wb.save(path)
        return path


def _write_sheet(ws, sheet: Sheet) -> None:
    if sheet.title:
        ws.cell(1, 1, sheet.title)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(sheet.headers))
    for j, header in enumerate(sheet.headers, start=1):
        ws.cell(sheet.header_row, j, header)
    n = 0
    for i, row in enumerate(sheet.rows):
        for j, header in enumerate(sheet.headers, start=1):
            value = row.get(header)
            if value is None or value == "":
                continue
            if isinstance(value, D) and sheet.text_dates:
                value = text_date(value, n)
                n += 1
            cell = ws.cell(sheet.row_of(i), j, value)
            if isinstance(value, D):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str):
                cell.data_type = "s"
    if sheet.footer:
        at = sheet.row_of(len(sheet.rows))
        for j, header in enumerate(sheet.headers, start=1):
            if sheet.footer.get(header) is not None:
                ws.cell(at, j, sheet.footer[header])


# ---------------------------------------------------------------- 数人数（支部书记自己数的）


def members_on(members: list[dict], day: D) -> list[dict]:
    return [m for m in members if m["入党日期"] <= day]


def group_size(members: list[dict], scope: str, day: D) -> int:
    def inside(m):
        return {
            "全体党员": True,
            "教师党员": m["人员类别"] == "教师",
            "学生党员": m["人员类别"] == "学生",
            "支委": m.get("党内职务") in COMMITTEE,
        }[scope]

    return sum(1 for m in members_on(members, day) if inside(m))


def rate(present: int, expected: int) -> str:
    """百分数，至多一位小数、四舍五入，.0 不写。自己算，不用工具的函数。"""
    tenths = (present * 1000 * 2 + expected) // (expected * 2)  # 千分之几，四舍五入
    whole, frac = divmod(tenths, 10)
    return f"{whole}%" if frac == 0 else f"{whole}.{frac}%"


CN_DIGITS = "〇一二三四五六七八九"


def chinese_date(day: D) -> str:
    """二〇一一年一月七日。"""
    def small(n: int) -> str:
        if n < 10:
            return CN_DIGITS[n]
        tens, ones = divmod(n, 10)
        return ("十" if tens == 1 else CN_DIGITS[tens] + "十") + (CN_DIGITS[ones] if ones else "")

    return "".join(CN_DIGITS[int(c)] for c in str(day.year)) + f"年{small(day.month)}月{small(day.day)}日"


def arabic_date(day: D) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def id_number(birth: D, sex: str, region: str, seq: int) -> str:
    """18 位身份证号，按 GB 11643 的加权算校验码。"""
    body = f"{region}{birth:%Y%m%d}{seq % 100:02d}{(seq % 5) * 2 + (1 if sex == '男' else 0)}"
    total = sum(int(ch) * (2 ** (17 - k) % 11) for k, ch in enumerate(body))
    return body + "10X98765432"[total % 11]


def _member(n, name, sex, birth, category, kind, joined, confirmed, post, **extra) -> dict:
    row = {
        "序号": n,
        "姓名": name,
        "性别": sex,
        "民族": "汉族",
        "出生日期": birth,
        "人员类别": category,
        "党员类别": kind,
        "入党日期": joined,
        "转正日期": confirmed,
        "党内职务": post,
    }
    row.update(extra)
    return row


# ---------------------------------------------------------------- 1. 公司支部


def company_branch() -> BranchBook:
    """9 名职工党员、4 名管理人员党员，2 名女党员，1 名预备党员（还没到一年）。

    没有出勤明细和公开承诺两张表。活动按行的顺序：措施分组第一次出现的先后是
    “学习动员，统一思想”“立足岗位，做合格党员”，还有一项没有分组的组织生活会。
    """
    people = [
        ("郑国强", "男", D(1968, 4, 12), "管理人员", "正式党员", D(1993, 7, 1), D(1994, 7, 1), "书记", "大学本科"),
        ("刘建华", "男", D(1972, 9, 3), "管理人员", "正式党员", D(1998, 6, 20), D(1999, 6, 20), "组织委员", "大学本科"),
        ("孙丽娟", "女", D(1979, 2, 17), "管理人员", "正式党员", D(2004, 5, 10), D(2005, 5, 10), "宣传委员", "硕士研究生"),
        ("马卫东", "男", D(1975, 11, 30), "管理人员", "正式党员", D(2001, 12, 1), D(2002, 12, 1), "无", "大学专科"),
        ("黄德明", "男", D(1965, 6, 8), "职工", "正式党员", D(1990, 3, 15), D(1991, 3, 15), "党小组长", "高中"),
        ("吴永亮", "男", D(1970, 1, 25), "职工", "正式党员", D(1995, 10, 1), D(1996, 10, 1), "无", "中专"),
        ("徐海波", "男", D(1978, 8, 14), "职工", "正式党员", D(2003, 7, 1), D(2004, 7, 1), "无", "大学专科"),
        ("朱红梅", "女", D(1982, 12, 5), "职工", "正式党员", D(2008, 6, 30), D(2009, 6, 30), "无", "中专"),
        ("胡晓军", "男", D(1985, 3, 22), "职工", "正式党员", D(2010, 11, 11), D(2011, 11, 11), "无", "大学专科"),
        ("高志远", "男", D(1987, 7, 19), "职工", "正式党员", D(2012, 6, 1), D(2013, 6, 1), "无", "大学本科"),
        ("林振宇", "男", D(1989, 10, 2), "职工", "正式党员", D(2014, 5, 20), D(2015, 5, 20), "党小组长", "大学专科"),
        ("何文斌", "男", D(1990, 5, 28), "职工", "正式党员", D(2015, 6, 18), D(2016, 6, 18), "无", "大学本科"),
        ("罗俊杰", "男", D(1992, 9, 9), "职工", "预备党员", D(2016, 7, 1), None, "无", "大学本科"),
    ]
    members = []
    for n, (name, sex, birth, cat, kind, joined, confirmed, post, edu) in enumerate(people, start=1):
        members.append(
            _member(
                n, name, sex, birth, cat, kind, joined, confirmed, post,
                学历=edu,
                党小组="第一党小组" if n % 2 else "第二党小组",
                身份证号=id_number(birth, sex, "320205", 30 + n),
                联系电话=f"139{n:04d}{8800 + n:04d}",
            )
        )

    def act(code, start, kind, name, group, expected, present, leave, content, outcome=None):
        return {
            "编号": code, "开始日期": start, "类型": kind, "名称": name, "措施分组": group,
            "地点": "公司三楼党员活动室", "参加范围": "全体党员",
            "应到人数": expected, "实到人数": present, "请假人数": leave,
            "内容": content, "成效": outcome,
        }

    activities = [
        act("B01", D(2016, 5, 12), "支部党员大会", "召开“两学一做”学习教育动员大会", "学习动员，统一思想", 12, 11, 1,
            "支部召开党员大会，传达学习公司党委“两学一做”学习教育实施方案，部署支部学习安排，党员出勤率{出勤率}。"),
        act("B03", D(2016, 7, 1), "主题党日", "开展“重温入党誓词”主题党日活动", "立足岗位，做合格党员", 13, 12, 1,
            "组织全体党员面向党旗重温入党誓词，新入党的同志进行了入党宣誓。"),
        act("B05", D(2016, 12, 27), "组织生活会", "召开“两学一做”专题组织生活会", None, 13, 12, 1,
            "对照党章党规，支部班子和每名党员开展批评和自我批评，逐条列出问题清单。"),
        act("B02", D(2016, 6, 28), "党课", "书记讲党课", "学习动员，统一思想", 12, 12, 0,
            "支部书记以“学党章党规、做合格党员”为题，为全体党员讲专题党课。"),
        act("B04", D(2016, 9, 20), "主题党日", "开展“党员先锋岗”创建活动", "立足岗位，做合格党员", 13, 13, 0,
            "在生产一线设立党员先锋岗，党员佩戴党徽上岗，亮身份、作表率。",
            "先锋岗所在班组的产品一次交检合格率明显提高。"),
    ]
    narrative = [
        {"章节": "前言", "文本": "{报告期}，{支部名称}按照{上级党组织}的统一部署，扎实开展{活动名称}学习教育。"
                              "支部现有党员{党员总数}名，其中职工党员{职工党员数}名、管理人员党员{管理人员党员数}名，"
                              "预备党员{预备党员数}名，女党员{女党员数}名。现将有关情况汇报如下："},
        {"章节": "指导思想", "文本": "以党章党规为根本遵循，把学习教育与生产经营工作紧密结合，做到两手抓、两促进。"},
        {"章节": "目标要求", "文本": "通过学习教育，使每名党员做到讲政治、有信念，讲规矩、有纪律，讲道德、有品行，讲奉献、有作为。"},
        {"章节": "具体措施", "文本": "报告期内，支部共开展各类活动{活动总数}次，主要做法如下。"},
        {"章节": "努力方向", "小标题": "深化学习教育", "文本": "把学习教育融入日常、抓在经常，推动党员学习常态化。"},
        {"章节": "努力方向", "小标题": "建立长效机制", "文本": "把行之有效的做法用制度固定下来，形成长效机制。"},
        {"章节": "结束语", "文本": "特此报告。"},
    ]
    info = {
        "支部名称": "宏远机械公司第二党支部",
        "上级党组织": "公司党委",
        "主送机关": "中共宏远机械公司委员会",
        "活动名称": "两学一做",
        "副标题": "——学党章党规、学系列讲话，做合格党员",
        "报告期开始": D(2016, 5, 1),
        "报告期结束": D(2017, 1, 15),
        "成文日期": D(2017, 1, 20),
        "日期写法": "阿拉伯数字",
    }
    return BranchBook(
        info,
        {
            MEMBERS: Sheet(list(STANDARD_HEADERS[MEMBERS]), members),
            ACTIVITIES: Sheet(list(STANDARD_HEADERS[ACTIVITIES]), activities),
            NARRATIVE: Sheet(list(STANDARD_HEADERS[NARRATIVE]), narrative),
        },
    )


# ---------------------------------------------------------------- 2. 学生支部

STUDENT_MEMBER_HEADERS = ["姓名", "性别", "党员类别", "入党日期", "转正日期", "人员类别", "备用", "序号", "出生日期",
                          "民族", "学历", "党内职务", "党小组", "联系电话", "备注"]


def students_branch() -> BranchBook:
    """1 名教师（书记）、14 名学生；7 名预备党员，其中黄诗涵、周俊熙到报告期结束已满一年。

    党员名册换了列序、多一列“备用”；活动记录上面有一行合并的标题；活动和承诺的日期打成文字；
    每项活动都有逐人的出勤明细，明细下面有一行“合计”。
    """
    people = [
        ("李思源", "男", D(1986, 5, 14), "教师", "正式党员", D(2008, 6, 1), D(2009, 6, 1), "书记"),
        ("张雨萱", "女", D(2000, 3, 8), "学生", "正式党员", D(2019, 5, 20), D(2020, 5, 20), "组织委员"),
        ("王浩然", "男", D(2000, 7, 21), "学生", "正式党员", D(2019, 5, 20), D(2020, 5, 20), "宣传委员"),
        ("陈思琪", "女", D(2000, 11, 2), "学生", "正式党员", D(2019, 11, 15), D(2020, 11, 15), "无"),
        ("刘子轩", "男", D(2001, 1, 30), "学生", "正式党员", D(2019, 11, 15), D(2020, 11, 15), "无"),
        ("杨佳怡", "女", D(2000, 9, 9), "学生", "正式党员", D(2020, 5, 18), D(2021, 5, 18), "无"),
        ("赵宇航", "男", D(2001, 4, 16), "学生", "正式党员", D(2020, 5, 18), D(2021, 5, 18), "无"),
        ("黄诗涵", "女", D(2001, 6, 25), "学生", "预备党员", D(2020, 6, 10), None, "无"),
        ("周俊熙", "男", D(2001, 8, 3), "学生", "预备党员", D(2020, 12, 1), None, "无"),
        ("吴欣怡", "女", D(2001, 10, 12), "学生", "预备党员", D(2021, 5, 20), None, "无"),
        ("徐梓豪", "男", D(2002, 1, 5), "学生", "预备党员", D(2021, 5, 20), None, "无"),
        ("孙雨桐", "女", D(2002, 2, 14), "学生", "预备党员", D(2021, 5, 20), None, "无"),
        ("马一鸣", "男", D(2002, 3, 27), "学生", "预备党员", D(2021, 11, 12), None, "无"),
        ("朱可欣", "女", D(2002, 5, 30), "学生", "预备党员", D(2021, 11, 12), None, "无"),
        ("胡博文", "男", D(2001, 12, 19), "学生", "正式党员", D(2020, 4, 15), D(2021, 4, 15), "无"),
    ]
    members = []
    for n, (name, sex, birth, cat, kind, joined, confirmed, post) in enumerate(people, start=1):
        members.append(
            _member(
                n, name, sex, birth, cat, kind, joined, confirmed, post,
                学历="大学本科" if cat == "学生" else "硕士研究生",
                联系电话=f"186{n:04d}{2100 + n:04d}",
                备用="已交党费" if n % 3 == 0 else None,
            )
        )
    committee = [m["姓名"] for m in members if m["党内职务"] in COMMITTEE]

    # 每项活动：参加范围里、活动当天已入党的人都有一行出勤；缺席和请假的人写在这里
    plan = [
        ("A01", D(2021, 3, 5), "支部党员大会", "召开党史学习教育动员会", "深入学习，筑牢信仰之基", "全体党员",
         {"请假": ["刘子轩"]},
         "传达学习上级关于开展党史学习教育的部署，制定支部学习计划。", None),
        ("A02", D(2021, 4, 1), "党课", "书记讲专题党课", "深入学习，筑牢信仰之基", "全体党员",
         {},
         "支部书记以“学百年党史、悟初心使命”为题讲专题党课。", None),
        ("A03", D(2021, 5, 8), "主题党日", "赴革命纪念馆开展现场教学", "传承红色基因，践行初心使命", "全体党员",
         {"请假": ["陈思琪"], "缺席": ["胡博文"]},
         "支部组织党员赴革命纪念馆开展现场教学，重温入党誓词，出勤率{出勤率}。", "党员在现场教学后撰写心得体会。"),
        ("A04", D(2021, 6, 19), "志愿服务", "开展“我为同学办实事”志愿服务", "传承红色基因，践行初心使命", "学生党员",
         {"请假": ["赵宇航"]},
         "学生党员在图书馆、宿舍区设立服务岗，为低年级同学答疑解惑，参加服务的学生党员{实到人数}名。", None),
        ("A05", D(2021, 7, 1), "专题学习", "集中收看庆祝大会直播", "深入学习，筑牢信仰之基", "全体党员",
         {},
         "全体党员集中收看庆祝中国共产党成立一百周年大会直播，并开展交流研讨。", None),
        ("A06", D(2021, 10, 15), "支部委员会", "召开支委会研究发展党员工作", None, "支委",
         {},
         "支委会逐一研究入党积极分子的培养考察情况，确定发展对象。", None),
        ("A07", D(2021, 12, 10), "组织生活会", "召开党史学习教育专题组织生活会", "传承红色基因，践行初心使命", "全体党员",
         {"请假": ["朱可欣"]},
         "党员逐一对照检查，开展批评和自我批评，出勤率{出勤率}。", None),
    ]
    activities, attendance = [], []
    for code, start, kind, name, group, scope, absent, content, outcome in plan:
        people_in = [m["姓名"] for m in members_on(members, start) if {
            "全体党员": True,
            "学生党员": m["人员类别"] == "学生",
            "支委": m["姓名"] in committee,
        }[scope]]
        status = {p: "出席" for p in people_in}
        for state, names in absent.items():
            for p in names:
                assert p in status, (code, p)
                status[p] = state
        for p in people_in:
            attendance.append({"活动编号": code, "姓名": p, "状态": status[p],
                               "备注": "学院集中考试" if status[p] == "请假" else None})
        activities.append(
            {
                "编号": code, "开始日期": start, "类型": kind, "名称": name, "措施分组": group,
                "参加范围": scope, "地点": "计算机学院党员之家" if kind != "志愿服务" else "图书馆",
                "应到人数": len(people_in),
                "实到人数": sum(1 for s in status.values() if s == "出席"),
                "请假人数": sum(1 for s in status.values() if s == "请假"),
                "内容": content, "成效": outcome,
            }
        )

    branch_name = "计算机学院本科生第一党支部"
    # 公开承诺：支部 1 项；13 名党员（11 月入党的两位还没有）各 1 项，黄诗涵 2 项
    committing = [m for m in members if m["入党日期"] <= D(2021, 4, 20)] + [
        m for m in members if m["入党日期"] == D(2021, 5, 20)
    ]
    matters = ["每学期为低年级同学答疑不少于十次", "担任班级学习委员，帮扶学业困难同学", "参与宿舍安全检查",
               "完成党史知识竞赛组织工作", "带头参加志愿服务", "本学年不挂科，成绩保持年级前百分之三十"]
    commitments = [
        {"承诺主体": "支部", "承诺人": branch_name, "承诺日期": D(2021, 3, 10), "承诺事项": "建立“党员示范宿舍”，每名党员联系一间宿舍",
         "完成时限": D(2021, 12, 31), "践诺进度": "已兑现", "兑现日期": D(2021, 12, 20), "公示方式": "学院公示栏"}
    ]
    progress_cycle = ["已兑现", "推进中", "已兑现", "未兑现", "已兑现", "推进中", "已兑现"]
    for n, m in enumerate(committing):
        state = progress_cycle[n % len(progress_cycle)]
        day = max(D(2021, 3, 10), m["入党日期"] + dt.timedelta(days=10))
        row = {"承诺主体": "党员", "承诺人": m["姓名"], "承诺日期": day, "承诺事项": matters[n % len(matters)],
               "践诺进度": state, "公示方式": "学院公示栏"}
        if state == "已兑现":
            row.update(完成时限=D(2021, 12, 31), 兑现日期=D(2021, 12, 15))
        elif state == "推进中":
            row.update(完成时限=D(2022, 6, 30))
        else:
            row.update(完成时限=D(2022, 1, 31), 备注="因疫情防控，线下活动暂停，未能按期完成")
        commitments.append(row)
        if m["姓名"] == "黄诗涵":
            commitments.append({"承诺主体": "党员", "承诺人": m["姓名"], "承诺日期": day, "承诺事项": "协助辅导员做好新生入学教育",
                                "完成时限": D(2021, 10, 31), "践诺进度": "已兑现", "兑现日期": D(2021, 9, 30)})

    narrative = [
        {"章节": "前言", "文本": "{报告期}，{支部名称}在{上级党组织}领导下扎实开展{活动名称}。支部现有党员{党员总数}名，"
                              "其中学生党员{学生党员数}名、预备党员{预备党员数}名。现将有关情况汇报如下："},
        {"章节": "指导思想", "文本": "坚持学史明理、学史增信、学史崇德、学史力行，把党史学习教育与专业学习结合起来。"},
        {"章节": "目标要求", "文本": "引导学生党员在学习、科研和服务同学中走在前列、作出表率。"},
        {"章节": "具体措施", "文本": "支部{承诺党员数}名党员和支部共作出公开承诺{承诺事项数}项，已兑现{已兑现承诺数}项；"
                                "七一当天{A05.实到人数}名党员集中收看庆祝大会直播，专题组织生活会出勤率{A07.出勤率}。"},
        {"章节": "努力方向", "序号": 2, "文本": "把学习成果转化为学好专业、服务同学的实际行动。"},
        {"章节": "努力方向", "序号": 1, "文本": "继续做好预备党员的教育考察，按期讨论转正。"},
    ]
    info = {
        "支部名称": branch_name,
        "上级党组织": "计算机学院党委",
        "活动名称": "党史学习教育",
        "报告期开始": D(2021, 3, 1),
        "报告期结束": D(2021, 12, 31),
        "成文日期": D(2022, 1, 10),
        "日期写法": "汉字",
    }
    present = sum(1 for r in attendance if r["状态"] == "出席")
    return BranchBook(
        info,
        {
            MEMBERS: Sheet(STUDENT_MEMBER_HEADERS, members, text_dates=True),
            ACTIVITIES: Sheet(list(STANDARD_HEADERS[ACTIVITIES]), activities, title=f"{branch_name}2021年活动记录", text_dates=True),
            ATTENDANCE: Sheet(list(STANDARD_HEADERS[ATTENDANCE]), attendance,
                              footer={"活动编号": "合计", "备注": f"共{len(attendance)}人次，出席{present}人次"}),
            COMMITMENTS: Sheet(list(STANDARD_HEADERS[COMMITMENTS]), commitments, text_dates=True),
            NARRATIVE: Sheet(list(STANDARD_HEADERS[NARRATIVE]), narrative),
        },
        info_text_dates={"报告期开始"},
    )


# ---------------------------------------------------------------- 3. 大支部

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦"
GIVEN = ["建国", "秀英", "志强", "丽华", "文博", "海燕", "立新", "静怡", "德胜", "晓红", "明轩", "玉兰", "振华", "雪梅"]


def large_branch() -> BranchBook:
    """61 名党员：34 名教师、15 名管理人员、12 名离退休；2 名预备党员（一名报告期内入党）。

    活动：三个措施分组（前面还有一个带小标题的具体措施段落），C03 下有三级分项
    （C03 → C031/C032/C033 → C0321/C0322/C0323），一项报告期外的活动（C90），一项不写入报告的（C91）。
    公开承诺 32 项：支部 2 项，30 名党员各 1 项。
    """
    categories = ["教师"] * 34 + ["管理人员"] * 15 + ["离退休"] * 12
    members = []
    posts = {0: "书记", 1: "副书记", 2: "组织委员", 3: "宣传委员", 35: "纪检委员"}
    for n in range(61):
        name = SURNAMES[n] + GIVEN[n % len(GIVEN)]
        sex = "女" if GIVEN[n % len(GIVEN)] in ("秀英", "丽华", "海燕", "静怡", "晓红", "玉兰", "雪梅") else "男"
        cat = categories[n]
        if cat == "离退休":
            birth = D(1940 + n % 15, 1 + n % 12, 1 + n % 28)
        else:
            birth = D(1962 + n % 28, 1 + n % 12, 1 + (n * 3) % 28)
        joined = D(birth.year + 22 + n % 6, 1 + (n * 5) % 12, 1 + (n * 7) % 28)
        kind, confirmed = "正式党员", D(joined.year + 1, joined.month, joined.day)
        if n == 20:
            joined, kind, confirmed = D(2019, 3, 18), "预备党员", None
        if n == 33:
            joined, kind, confirmed = D(2019, 9, 10), "预备党员", None
        members.append(
            _member(
                n + 1, name, sex, birth, cat, kind, joined, confirmed, posts.get(n, "无"),
                学历="博士研究生" if cat == "教师" and n % 2 else "大学本科",
                党小组=f"第{n % 4 + 1}党小组",
                身份证号=id_number(birth, sex, "610113", n + 1),
                联系电话=f"029-8830{n:04d}" if cat == "离退休" else f"135{n:04d}{6600 + n:04d}",
            )
        )

    def act(code, start, kind, name, scope, content, *, group=None, parent=None, counts=None, leave=None, report=None, outcome=None):
        row = {"编号": code, "开始日期": start, "类型": kind, "名称": name, "措施分组": group, "上级编号": parent,
               "参加范围": scope, "内容": content, "成效": outcome, "写入报告": report, "地点": "理学院会议室"}
        if counts == "group":
            expected = group_size(members, scope, start)
            absent = (len(code) + start.day) % 4
            row.update(应到人数=expected, 实到人数=expected - absent, 请假人数=absent if leave is None else leave)
        elif counts:
            row.update(zip(("应到人数", "实到人数", "请假人数"), counts))
        return row

    activities = [
        act("C90", D(2019, 5, 20), "支部委员会", "召开支委会研究主题教育准备工作", "支委",
            "支委会研究主题教育的准备工作。", counts=(5, 5, 0)),
        act("C01", D(2019, 6, 10), "支部党员大会", "召开主题教育动员部署会", "全体党员",
            "传达学习上级党委主题教育工作会议精神，对支部主题教育作出部署。", group="深入学习，提高认识", counts="group"),
        act("C02", D(2019, 6, 28), "党课", "开展“七一”专题党课", "全体党员",
            "邀请学院党委书记为全体党员讲专题党课，出勤率{出勤率}。", group="深入学习，提高认识", counts="group"),
        act("C03", D(2019, 7, 5), "专题学习", "开展“学思践悟”专题学习", "全体党员",
            "开展“学思践悟”专题学习", group="深入学习，提高认识"),
        act("C031", D(2019, 7, 5), "专题学习", "集中学习研讨", "全体党员",
            "每两周集中学习一次，党员轮流领学、交流发言。", parent="C03", counts="group"),
        act("C032", D(2019, 7, 12), "专题学习", "分层分类学习", "全体党员",
            "分层分类学习", parent="C03"),
        act("C0321", D(2019, 7, 12), "专题学习", "教师党员结合课程思政学习", "教师党员",
            "教师党员结合所授课程，挖掘课程中的思政元素。", parent="C032", counts="group"),
        act("C0322", D(2019, 7, 19), "专题学习", "管理人员结合服务师生学习", "其他",
            "管理岗位党员结合岗位职责，梳理服务师生的流程。", parent="C032", counts=(15, 14, 1)),
        act("C0323", D(2019, 7, 26), "专题学习", "离退休党员送学上门", "其他",
            "支委上门为行动不便的离退休党员送学习材料，交流学习体会。", parent="C032", counts=(12, 12, 0)),
        act("C033", D(2019, 8, 30), "专题学习", "个人自学", "全体党员",
            "每名党员制定自学计划，撰写读书笔记。", parent="C03"),
        act("C04", D(2019, 9, 20), "组织生活会", "召开专题组织生活会", "全体党员",
            "对照党章党规找差距，开展批评和自我批评。", group="检视问题，整改落实", counts="group"),
        act("C05", D(2019, 10, 18), "民主评议党员", "开展民主评议党员", "全体党员",
            "按照个人自评、党员互评、民主测评的程序评议党员。", group="检视问题，整改落实", counts="group"),
        act("C06", D(2019, 11, 8), "志愿服务", "开展“服务师生”志愿服务", "全体党员",
            "党员在新生报到、学业辅导中设立服务岗。", group="发挥作用，服务师生", counts="group", outcome="共为师生解决实际困难数十件。"),
        act("C91", D(2019, 11, 20), "党小组会", "党小组学习交流", "党小组",
            "各党小组交流学习体会。", group="深入学习，提高认识", report="否", counts=(16, 15, 1)),
        act("C07", D(2019, 12, 6), "主题党日", "开展“重温入党誓词”主题党日", "全体党员",
            "组织党员重温入党誓词，{C04.出勤率}的党员参加了此前的组织生活会。", group="发挥作用，服务师生", counts="group"),
    ]

    branch_name = "理学院教工第一党支部"
    commitments = [
        {"承诺主体": "支部", "承诺人": branch_name, "承诺日期": D(2019, 6, 15), "承诺事项": "建立党员联系青年教师制度",
         "完成时限": D(2019, 12, 31), "践诺进度": "已兑现", "兑现日期": D(2019, 12, 20), "公示方式": "学院网站"},
        {"承诺主体": "支部", "承诺人": branch_name, "承诺日期": D(2019, 6, 15), "承诺事项": "每月开展一次主题党日",
         "完成时限": D(2020, 6, 30), "践诺进度": "推进中", "公示方式": "学院网站"},
    ]
    committers = [m for m in members if m["党员类别"] == "正式党员"][:30]
    jobs = ["讲好每一堂课，学生评教保持优良", "指导一名青年教师", "完成一项教学改革项目", "优化办事流程，缩短办理时间",
            "为离退休老同志讲一次党史", "带头参加志愿服务"]
    for n, m in enumerate(committers):
        state = ("已兑现", "推进中", "未开始")[n % 3]
        row = {"承诺主体": "党员", "承诺人": m["姓名"], "承诺日期": D(2019, 6, 20), "承诺事项": jobs[n % len(jobs)],
               "践诺进度": state, "公示方式": "支部公示栏"}
        if state == "已兑现":
            row.update(完成时限=D(2019, 12, 31), 兑现日期=D(2019, 12, 1 + n % 20))
        else:
            row.update(完成时限=D(2020, 7, 15))
        commitments.append(row)

    narrative = [
        {"章节": "前言", "文本": "{支部名称}现有党员{党员总数}名，其中教师党员{教师党员数}名、管理人员党员{管理人员党员数}名、"
                              "离退休党员{离退休党员数}名，女党员{女党员数}名，预备党员{预备党员数}名。{报告期}，支部按照{上级党组织}部署，"
                              "开展各类活动{活动总数}项，党员和支部作出公开承诺{承诺事项数}项。现将有关情况汇报如下："},
        {"章节": "指导思想", "文本": "坚持守初心、担使命，找差距、抓落实，把学习教育与教书育人结合起来。"},
        {"章节": "目标要求", "文本": "理论学习有收获、思想政治受洗礼、干事创业敢担当、为民服务解难题、清正廉洁作表率。"},
        {"章节": "具体措施", "小标题": "加强组织领导，压实工作责任", "文本": "支部书记履行第一责任人职责，支委分工负责，党小组长抓好落实。"},
        {"章节": "努力方向", "文本": "巩固主题教育成果，建立不忘初心、牢记使命的制度。"},
        {"章节": "努力方向", "文本": "关心离退休老同志，做好送学上门工作。"},
    ]
    info = {
        "支部名称": branch_name,
        "上级党组织": "理学院党委",
        "主送机关": "中共理学院委员会",
        "活动名称": "不忘初心、牢记使命",
        "报告标题": "理学院教工第一党支部“不忘初心、牢记使命”主题教育阶段性工作情况汇报",
        "报告期开始": D(2019, 6, 1),
        "报告期结束": D(2019, 12, 31),
    }
    return BranchBook(
        info,
        {
            MEMBERS: Sheet(list(STANDARD_HEADERS[MEMBERS]), members),
            ACTIVITIES: Sheet(list(STANDARD_HEADERS[ACTIVITIES]), activities),
            COMMITMENTS: Sheet(list(STANDARD_HEADERS[COMMITMENTS]), commitments),
            NARRATIVE: Sheet(list(STANDARD_HEADERS[NARRATIVE]), narrative),
        },
    )

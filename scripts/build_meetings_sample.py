"""生成第二本示例工作簿：samples/经管学院教工第二党支部工作数据簿.xlsx（2018年条例下的“三会一课”）。

    python scripts/build_meetings_sample.py

一个虚构的教工党支部 2021 年全年的组织生活：12 名党员分在两个党小组（第一党小组、第二党小组），
支部信息的“规则版本”填“2018年条例”。会议故意漏了几个月，toolkit validate 给出这些提醒：

    支部委员会       2021年5月、7月没有记录（12个月中10个月有记录）
    支部党员大会     2021年第三季度没有记录；第二季度那次到会 5 人，不到应到 12 人的半数
    党小组会         第一党小组 2021年3月、第二党小组 2021年8月、9月没有记录
                    （8月那次第二党小组的会没写党小组，由出勤明细里参加的人认出是第二党小组）
    主题党日         2021年2月没有记录
    钱立群           第一党小组的 11 次党小组会出勤明细都记“缺席”，没有一次“请假”
党课每季度都有（第三季度那次写入报告为“否”，照样算开过），组织生活会、民主评议党员各 1 次。
日常的支委会、党小组会、主题党日写入报告为“否”：只统计，不写进报告正文；报告“具体措施”开头写
{三会一课情况} 那一段，附件是“三会一课及组织生活开展情况统计表”和“活动开展情况统计表”。

人名、单位都是虚构的。数据按标准列名写在本文件里；同样的数据给出同样的文件。
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import build_sample as common  # noqa: E402  写入模板的小工具、身份证号和电话号码的造法与第一本示例相同

TARGET = ROOT / "samples" / "经管学院教工第二党支部工作数据簿.xlsx"
D = dt.date
NAME = "经管学院教工第二党支部"
DOC_TIME = dt.datetime(2022, 1, 10, 9, 0, 0)

BRANCH_INFO = {
    "支部名称": NAME,
    "上级党组织": "经管学院党委",
    "活动名称": "党史学习教育",
    "报告期开始": D(2021, 1, 1),
    "报告期结束": D(2021, 12, 31),
    "成文日期": D(2022, 1, 10),
    "日期写法": "阿拉伯数字",
    "字体方案": "gb2312",
    "规则版本": "2018年条例",
}

FIRST, SECOND = "第一党小组", "第二党小组"
# （姓名, 性别, 出生日期, 人员类别, 入党日期, 党内职务, 党小组）；都是正式党员
MEMBER_ROWS = [
    ("周明远", "男", D(1972, 3, 8), "教师", D(1996, 6, 12), "书记", FIRST),
    ("林晓岚", "女", D(1978, 9, 21), "教师", D(2001, 5, 30), "组织委员", FIRST),
    ("钱立群", "男", D(1969, 12, 2), "教师", D(1993, 7, 1), "无", FIRST),
    ("孙雅文", "女", D(1985, 4, 17), "教师", D(2007, 11, 5), "无", FIRST),
    ("吴建华", "男", D(1980, 1, 29), "管理人员", D(2003, 6, 18), "党小组长", FIRST),
    ("郑婷婷", "女", D(1988, 8, 3), "教师", D(2010, 5, 20), "无", FIRST),
    ("王海涛", "男", D(1975, 6, 14), "教师", D(1999, 6, 25), "宣传委员", SECOND),
    ("陈思琪", "女", D(1983, 2, 9), "教师", D(2005, 12, 1), "党小组长", SECOND),
    ("刘志刚", "男", D(1970, 10, 30), "管理人员", D(1995, 4, 10), "无", SECOND),
    ("赵美玲", "女", D(1986, 7, 22), "教师", D(2009, 6, 3), "无", SECOND),
    ("黄俊杰", "男", D(1990, 11, 11), "教师", D(2013, 5, 16), "无", SECOND),
    ("何秀英", "女", D(1967, 5, 5), "管理人员", D(1991, 9, 9), "无", SECOND),
]
COMMITTEE = [m[0] for m in MEMBER_ROWS if m[5] in ("书记", "组织委员", "宣传委员")]
GROUPS = {g: [m[0] for m in MEMBER_ROWS if m[6] == g] for g in (FIRST, SECOND)}
ALL = [m[0] for m in MEMBER_ROWS]
ALWAYS_ABSENT = "钱立群"  # 第一党小组的党小组会每次都“缺席”、没有请假

# 故意漏开的月份
COMMITTEE_GAPS = (5, 7)
GROUP_GAPS = {FIRST: (3,), SECOND: (8, 9)}
THEME_GAPS = (2,)
UNNAMED_GROUP_MONTH = 10  # 这个月第二党小组的会没写党小组：由出勤明细认出


def members() -> list[dict]:
    rows = []
    for number, (name, sex, birth, category, joined, post, group) in enumerate(MEMBER_ROWS, start=1):
        rows.append({
            "序号": number, "姓名": name, "性别": sex, "民族": "汉族", "出生日期": birth, "学历": "硕士研究生",
            "人员类别": category, "党员类别": "正式党员", "入党日期": joined, "转正日期": common.one_year_later(joined),
            "党内职务": post, "党小组": group, "身份证号": common.id_number(birth, sex, 40 + number * 3),
            "联系电话": common.phone_number(number + 40),
        })
    return rows


class Book:
    """一边记活动，一边记出勤明细。"""

    def __init__(self):
        self.activities: list[dict] = []
        self.attendance: list[dict] = []

    def add(self, code, day, kind, name, scope, people, *, absent=(), leave=(), report="否", group=None, content=None, fill_group=True):
        present = [p for p in people if p not in absent and p not in leave]
        row = {
            "编号": code, "开始日期": day, "类型": kind, "名称": name, "措施分组": "加强组织建设，严格组织生活",
            "地点": "学院会议室", "参加范围": scope, "应到人数": len(people), "实到人数": len(present),
            "请假人数": len(leave), "内容": content or f"{name}。", "写入报告": report,
        }
        if group and fill_group:
            row["党小组"] = group
        self.activities.append(row)
        for person in people:
            status = "缺席" if person in absent else "请假" if person in leave else "出席"
            self.attendance.append({"活动编号": code, "姓名": person, "状态": status, "备注": "出差" if status == "请假" else None})


def routine(book: Book) -> None:
    """日常的会：支委会、党小组会、主题党日每月一次（漏开的月份除外），写入报告为“否”。"""
    for month in range(1, 13):
        if month not in COMMITTEE_GAPS:
            book.add(f"W{month:02d}", D(2021, month, 8), "支部委员会", f"{month}月支部委员会会议", "支委", COMMITTEE)
        for number, (group, people) in enumerate(GROUPS.items(), start=1):
            if month in GROUP_GAPS[group]:
                continue
            absent = (ALWAYS_ABSENT,) if ALWAYS_ABSENT in people else ()
            book.add(f"G{number}{month:02d}", D(2021, month, 15 + number), "党小组会", f"{group}{month}月党小组会", "党小组",
                     people, absent=absent, group=group, fill_group=not (group == SECOND and month == UNNAMED_GROUP_MONTH))
        if month not in THEME_GAPS:
            book.add(f"T{month:02d}", D(2021, month, 25), "主题党日", f"{month}月主题党日", "全体党员", ALL, leave=("何秀英",) if month == 6 else ())


def highlights(book: Book) -> None:
    """写进报告的：党员大会、党课、组织生活会、民主评议党员（第三季度的党课写入报告为“否”，照样算开过）。"""
    book.add("A01", D(2021, 3, 12), "支部党员大会", "召开党史学习教育动员大会", "全体党员", ALL, report="是",
             content="召开党史学习教育动员大会，传达学院党委的部署，制定支部学习计划，出勤率{出勤率}。")
    book.add("A02", D(2021, 6, 29), "支部党员大会", "召开支部党员大会讨论发展对象", "全体党员", ALL, report="是",
             absent=("孙雅文", "郑婷婷", "赵美玲"), leave=("钱立群", "刘志刚", "黄俊杰", "何秀英"),
             content="召开支部党员大会，讨论确定发展对象。因期末监考，到会人数不足，表决另行安排。")
    book.add("A03", D(2021, 12, 10), "支部党员大会", "召开年度支部党员大会", "全体党员", ALL, report="是",
             content="召开年度支部党员大会，听取和审查支部委员会的工作报告。")
    for code, day, title, report in (
        ("L1", D(2021, 2, 26), "书记讲党课：百年党史中的初心使命", "是"),
        ("L2", D(2021, 5, 20), "专题党课：学习党的光辉历程", "是"),
        ("L3", D(2021, 9, 17), "专题党课：伟大建党精神", "否"),
        ("L4", D(2021, 11, 19), "专题党课：学习党的十九届六中全会精神", "是"),
    ):
        book.add(code, day, "党课", title, "全体党员", ALL, report=report)
    book.add("A04", D(2021, 12, 22), "组织生活会", "召开专题组织生活会", "全体党员", ALL, report="是",
             content="召开党史学习教育专题组织生活会，对照检视、开展批评和自我批评。")
    book.add("A05", D(2021, 12, 23), "民主评议党员", "开展民主评议党员", "全体党员", ALL, report="是",
             content="组织党员个人自评、党员互评、民主测评。")


NARRATIVE = [
    {"章节": "前言", "序号": 1, "文本": "{支部名称}按照{上级党组织}的部署，扎实开展{活动名称}。现将{报告期}的工作情况汇报如下："},
    {"章节": "指导思想", "序号": 1, "文本": "坚持以习近平新时代中国特色社会主义思想为指导，学党史、悟思想、办实事、开新局。"},
    {"章节": "目标要求", "序号": 1, "文本": "严格落实“三会一课”制度，推动学习教育走深走实。"},
    {"章节": "努力方向", "序号": 1, "文本": "对照条例补齐漏开的会议，规范党小组活动，抓好党员出勤。"},
]


def build():
    from toolkit.workbook.blank import blank_workbook

    book = Book()
    routine(book)
    highlights(book)
    wb = blank_workbook()
    common.fill_info(wb["支部信息"], BRANCH_INFO)
    common.fill_table(wb["党员名册"], members())
    common.fill_table(wb["活动记录"], sorted(book.activities, key=lambda a: (a["开始日期"], a["编号"])))
    common.fill_table(wb["出勤明细"], book.attendance)
    common.fill_table(wb["报告正文"], NARRATIVE)
    props = wb.properties
    props.creator = props.lastModifiedBy = NAME
    props.title = f"{NAME}工作数据簿"
    props.created = props.modified = DOC_TIME
    return wb


def main() -> int:
    from toolkit import api
    from toolkit.workbook.blank import workbook_bytes

    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_bytes(workbook_bytes(build()))
    checked = api.validate(TARGET).checked
    if checked.errors:
        raise SystemExit("示例有错误：\n" + "\n".join(f.problem for f in checked.errors))
    print(f"已写出 {TARGET.relative_to(ROOT)}（{len(checked.warnings)} 个提醒）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

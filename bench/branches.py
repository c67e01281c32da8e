"""基准测试用的工作簿：任意规模、没有错误的支部（或党委的党员名册）。

    python bench/branches.py 50 100 5000 out.xlsx

用 openpyxl 的 write_only 模式写，写法与用户在 Excel 里填的一样：日期是日期，身份证号是文字。
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit import standard  # noqa: E402
from toolkit.checks.values import id_check_digit  # noqa: E402

D = dt.date
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞鑫波宇浩凯健俊帆帅旭宁琳晶颖慧婷雪倩欣怡佳悦"
CATEGORIES = ("教师", "管理人员", "学生", "职工")
TYPES = ("支部党员大会", "支部委员会", "党小组会", "党课", "主题党日", "专题学习", "志愿服务")
GROUPS = ("加强学习，提高认识", "立足岗位，创先争优", "服务群众，务求实效", "健全制度，长效推进")
PERIOD = (D(2021, 1, 1), D(2021, 12, 31))


def member_names(count: int) -> list[str]:
    names = []
    for i in range(count):
        surname = SURNAMES[i % len(SURNAMES)]
        rest = i // len(SURNAMES)
        given = GIVEN[rest % len(GIVEN)] + (GIVEN[(rest // len(GIVEN)) % len(GIVEN)] if rest >= len(GIVEN) else "")
        if rest >= len(GIVEN) ** 2:
            given += GIVEN[(rest // len(GIVEN) ** 2) % len(GIVEN)]
        names.append(surname + given)
    assert len(set(names)) == count
    return names


def _id(birth: D, sex: str, seq: int) -> str:
    body = f"330102{birth:%Y%m%d}{seq % 100:02d}{(1 if sex == '男' else 2) + 2 * (seq // 100 % 4)}"
    return body + id_check_digit(body)


def _sheet(wb: Workbook, spec, rows):
    ws = wb.create_sheet(spec.name)
    names = [c.name for c in spec.columns]
    ws.append(names)
    for row in rows:
        cells = []
        for name in names:
            value = row.get(name)
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, D):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str):
                cell.data_type = "s"
            cells.append(cell)
        ws.append(cells)


def write_branch(path: Path, members: int, activities: int, attendance: int, branch_name: str = "基准测试党支部") -> Path:
    names = member_names(members)
    member_rows = []
    for i, name in enumerate(names):
        sex = "女" if i % 3 == 0 else "男"
        birth = D(1960 + i % 36, 1 + i % 12, 1 + i % 28)
        joined = D(birth.year + 22, 7, 1)
        member_rows.append(
            {
                "序号": i + 1,
                "姓名": name,
                "性别": sex,
                "民族": "汉族",
                "出生日期": birth,
                "学历": "大学本科",
                "人员类别": CATEGORIES[i % len(CATEGORIES)],
                "党员类别": "正式党员",
                "入党日期": joined,
                "转正日期": D(joined.year + 1, 7, 1),
                "党内职务": "书记" if i == 0 else "无",
                "身份证号": _id(birth, sex, i),
                "联系电话": f"138{i:08d}",
            }
        )
    per_activity = max(1, attendance // max(1, activities)) if attendance else 0
    activity_rows, attendance_rows = [], []
    span = (PERIOD[1] - PERIOD[0]).days
    for k in range(activities):
        code = f"A{k + 1:04d}"
        who = [names[(k * per_activity + j) % members] for j in range(min(per_activity, members))]
        absent = 1 if len(who) > 2 else 0
        activity_rows.append(
            {
                "编号": code,
                "开始日期": PERIOD[0] + dt.timedelta(days=k * span // max(1, activities)),
                "类型": TYPES[k % len(TYPES)],
                "名称": f"开展第{k + 1}次“{GROUPS[k % 4][:4]}”学习活动",
                "措施分组": GROUPS[k % len(GROUPS)],
                "地点": "党员活动室",
                "参加范围": "其他",
                "应到人数": len(who) if who else 10,
                "实到人数": len(who) - absent if who else 9,
                "请假人数": absent if who else 1,
                "内容": "支部组织党员集中学习，交流体会，应到{应到人数}人，实到{实到人数}人，出勤率{出勤率}。",
                "成效": "党员普遍反映收获很大。",
            }
        )
        for j, name in enumerate(who):
            attendance_rows.append({"活动编号": code, "姓名": name, "状态": "请假" if j < absent else "出席"})
    commitments = [
        {
            "承诺主体": "党员",
            "承诺人": name,
            "承诺日期": D(2021, 3, 1),
            "承诺事项": "立足岗位做贡献，带头完成年度任务",
            "完成时限": D(2022, 6, 30),
            "践诺进度": "推进中",
            "公示方式": "公开栏公示",
        }
        for name in names[: min(members, 200)]
    ]
    narrative = [
        {"章节": "前言", "文本": "{支部名称}按照{上级党组织}的部署开展{活动名称}活动，现将有关情况汇报如下："},
        {"章节": "指导思想", "文本": "以习近平新时代中国特色社会主义思想为指导。"},
        {"章节": "目标要求", "文本": "全支部{党员总数}名党员人人参与，{活动总数}项活动扎实开展。"},
        {"章节": "努力方向", "文本": "总结经验，形成长效机制。"},
    ]
    wb = Workbook(write_only=True)
    info = wb.create_sheet("支部信息")
    info.append(["项目", "内容"])
    for key, value in {
        "支部名称": branch_name,
        "上级党组织": "校党委",
        "活动名称": "党史学习教育",
        "报告期开始": PERIOD[0],
        "报告期结束": PERIOD[1],
        "成文日期": PERIOD[1],
    }.items():
        cell = WriteOnlyCell(info, value=value)
        if isinstance(value, D):
            cell.number_format = "yyyy-mm-dd"
        info.append([key, cell])
    _sheet(wb, standard.MEMBERS, member_rows)
    _sheet(wb, standard.ACTIVITIES, activity_rows)
    _sheet(wb, standard.ATTENDANCE, attendance_rows)
    _sheet(wb, standard.COMMITMENTS, commitments)
    _sheet(wb, standard.NARRATIVE, narrative)
    wb.save(path)
    return path


if __name__ == "__main__":
    m, a, n, out = sys.argv[1:5]
    write_branch(Path(out), int(m), int(a), int(n))
    print(out)

"""测试用的工作簿：一个小而正确的支部，和把它改坏的办法。

直接用 openpyxl 写（不经过模板），这样读取器的测试不依赖模板的样子。
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

D = dt.date


def id_number(birth: D, sex: str, region: str = "330102", seq: int = 12) -> str:
    body = f"{region}{birth:%Y%m%d}{seq:02d}{1 if sex == '男' else 2}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]
    return body + check


def small_branch() -> dict:
    """一个正确的小支部：3 名教师党员、2 名学生党员（1 名预备）。"""
    members = [
        ("林海峰", "男", D(1968, 3, 2), "教师", "正式党员", D(1992, 6, 1), D(1993, 6, 1), "书记"),
        ("周雨桐", "女", D(1975, 8, 19), "教师", "正式党员", D(2000, 7, 1), D(2001, 7, 1), "组织委员"),
        ("陈立新", "男", D(1980, 1, 5), "教师", "正式党员", D(2005, 5, 20), D(2006, 5, 20), "无"),
        ("王晓萌", "女", D(1989, 4, 11), "学生", "正式党员", D(2008, 11, 3), D(2009, 11, 3), "无"),
        ("赵一鸣", "男", D(1990, 9, 30), "学生", "预备党员", D(2010, 6, 15), None, "无"),
    ]
    member_rows = []
    for i, (name, sex, birth, cat, kind, joined, confirmed, post) in enumerate(members, start=1):
        member_rows.append(
            {
                "序号": i,
                "姓名": name,
                "性别": sex,
                "民族": "汉族",
                "出生日期": birth,
                "人员类别": cat,
                "党员类别": kind,
                "入党日期": joined,
                "转正日期": confirmed,
                "党内职务": post,
                "身份证号": id_number(birth, sex, seq=10 + i),
                "联系电话": f"1381234{5670 + i:04d}",
            }
        )
    activities = [
        {
            "编号": "A01",
            "开始日期": D(2010, 7, 9),
            "类型": "支部党员大会",
            "名称": "广泛宣传，动员部署",
            "措施分组": "广泛宣传，动员部署",
            "参加范围": "全体党员",
            "应到人数": 5,
            "实到人数": 4,
            "请假人数": 1,
            "内容": "召开动员大会，出勤率{出勤率}。",
        },
        {
            "编号": "A02",
            "开始日期": D(2010, 9, 1),
            "类型": "主题党日",
            "名称": "开展“重温入党誓词”活动",
            "措施分组": "全面争创，扎实推进",
            "参加范围": "教师党员",
            "应到人数": 3,
            "实到人数": 3,
            "内容": "组织全体教师党员重温入党誓词。",
        },
    ]
    attendance = [
        {"活动编号": "A01", "姓名": m["姓名"], "状态": "请假" if m["姓名"] == "赵一鸣" else "出席"} for m in member_rows
    ]
    commitments = [
        {
            "承诺主体": "党员",
            "承诺人": m["姓名"],
            "承诺日期": D(2010, 9, 10),
            "承诺事项": "带头完成本职工作",
            "完成时限": D(2011, 6, 30),
            "践诺进度": "推进中",
        }
        for m in member_rows
    ]
    narrative = [
        {"章节": "前言", "文本": "{支部名称}按照{上级党组织}的部署开展{活动名称}活动。现将有关情况汇报如下："},
        {"章节": "指导思想", "文本": "以科学发展观为指导。"},
        {"章节": "目标要求", "文本": "全支部{党员总数}名党员人人争先。"},
        {"章节": "努力方向", "文本": "总结经验，形成长效机制。"},
    ]
    info = {
        "支部名称": "测试系党支部",
        "上级党组织": "院党委",
        "活动名称": "创先争优",
        "报告期开始": D(2010, 7, 1),
        "报告期结束": D(2011, 1, 7),
        "成文日期": D(2011, 1, 7),
    }
    return {
        "支部信息": info,
        "党员名册": member_rows,
        "活动记录": activities,
        "出勤明细": attendance,
        "公开承诺": commitments,
        "报告正文": narrative,
    }


def headers_for(sheet: str) -> list[str]:
    from toolkit.standard import sheet_named

    return [c.name for c in sheet_named(sheet).columns]


def write_workbook(path: Path, data: dict, *, headers: dict | None = None, start_row: int = 1, start_col: int = 1) -> Path:
    """按 data 写一本工作簿。headers 可替换某张表的表头列表（用来测试改名、换序、缺列）。"""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    info = wb.create_sheet("支部信息")
    info.append(["项目", "内容"])
    for key, value in data["支部信息"].items():
        info.append([key, value])
        if isinstance(value, D):
            info.cell(info.max_row, 2).number_format = "yyyy-mm-dd"
    for sheet, rows in data.items():
        if sheet == "支部信息":
            continue
        ws = wb.create_sheet(sheet)
        cols = (headers or {}).get(sheet) or headers_for(sheet)
        for j, header in enumerate(cols):
            ws.cell(start_row, start_col + j, header)
        for i, row in enumerate(rows, start=1):
            for j, header in enumerate(cols):
                value = row.get(header)
                if value is None:
                    continue
                cell = ws.cell(start_row + i, start_col + j, value)
                if isinstance(value, D):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(value, str):
                    cell.data_type = "s"  # 用户文字永远是文字，不当公式
    wb.save(path)
    return path

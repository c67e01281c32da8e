"""党委汇总：toolkit rollup 把一个文件夹里的支部工作簿汇总成汇总表和汇总报告。

文件夹由测试自己搭：tests/branches.py 里另外填好的三个支部（一个放在子文件夹里）、
tests/workbooks.py 的小支部和它换了文件名、成文日期较新的重报件，改坏的、缺表的、空的工作簿，
一个旧版 .xls，一个 ~$ 锁定文件和一个文本文件。命令在独立的进程里运行，和用户一样。
汇总表上每个支部的数字，由测试从填进去的数据自己算（不问工具），再和支部自己的 generate-report 对照。
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import shutil
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from tests.branches import company_branch, large_branch, members_on, rate, students_branch
from tests.test_docx_format import Docx
from tests.workbooks import id_number, small_branch, write_workbook

ROOT = Path(__file__).resolve().parent.parent
D = dt.date
NAME = "中共测试学院委员会"
CATEGORIES = ("教师", "管理人员", "学生", "职工", "离退休", "其他")
TYPES = ("支部党员大会", "支部委员会", "党小组会", "党课", "主题党日", "组织生活会", "民主评议党员", "专题学习", "公开承诺", "志愿服务", "群团活动", "其他")
REAL_ID = id_number(D(1968, 3, 2), "男", seq=11)
# 汇总表的表头：名字就说清数的是什么、以什么为基数
HELD, REPORTED, RATE = "活动总数（报告期内开展）", "写入报告的活动（报告附件合计）", "出勤率（实到人次÷应到人次）"
UNIT = "党组织名称"


def toolkit(*args, cwd=None) -> tuple[int, str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=300, cwd=cwd,
    )
    return done.returncode, done.stdout, done.stderr


# ---------------------------------------------------------------- 搭文件夹


def old_xls(path: Path) -> Path:
    """旧版 .xls 的样子：OLE2 复合文档，里面有名为 Workbook 的流。"""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 1024)
    return path


def resent_small() -> dict:
    """小支部重报：成文日期晚三天，一项承诺已兑现（好看出计入的是哪一本）。"""
    data = small_branch()
    data["支部信息"]["成文日期"] = D(2011, 1, 10)
    data["公开承诺"][0].update({"践诺进度": "已兑现", "兑现日期": D(2010, 12, 20)})
    return data


def broken_small() -> dict:
    data = small_branch()
    data["支部信息"]["支部名称"] = "化工系党支部"
    data["党员名册"][1]["性别"] = "未知"  # 党员名册第3行 C 列
    data["党员名册"][0]["身份证号"] = REAL_ID[:-1] + ("0" if REAL_ID[-1] != "0" else "1")  # 校验码不对
    data["活动记录"][1]["实到人数"] = 9  # 活动记录第3行：实到 9 > 应到 3
    return data


def missing_sheet(path: Path) -> Path:
    data = small_branch()
    data["支部信息"]["支部名称"] = "缺表党支部"
    del data["活动记录"]
    return write_workbook(path, data)


def figures_of(info: dict, members: list[dict], activities: list[dict], commitments: list[dict]) -> dict:
    """一个支部报告里应有的数字，从填进去的数据直接数（支部书记的数法）。"""
    start, end = info["报告期开始"], info["报告期结束"]
    on = members_on(members, end)
    in_period = [a for a in activities if start <= a["开始日期"] <= end]
    reported = [a for a in in_period if a.get("写入报告") != "否"]
    attended = [a for a in reported if a.get("应到人数") and a.get("实到人数") is not None]
    expected = sum(a["应到人数"] for a in attended)
    present = sum(a["实到人数"] for a in attended)
    return {
        "党员总数": len(on),
        "正式党员": sum(1 for m in on if m["党员类别"] == "正式党员"),
        "预备党员": sum(1 for m in on if m["党员类别"] == "预备党员"),
        "女党员": sum(1 for m in on if m["性别"] == "女"),
        **{(f"{c}党员" if c != "其他" else "其他人员党员"): sum(1 for m in on if m["人员类别"] == c) for c in CATEGORIES},
        HELD: len(in_period),
        **{t: sum(1 for a in in_period if a["类型"] == t) for t in TYPES},
        REPORTED: len(reported),
        "应到人次": expected,
        "实到人次": present,
        RATE: rate(present, expected) if expected else None,
        "承诺事项": len(commitments),
        "已兑现": sum(1 for c in commitments if c["践诺进度"] == "已兑现"),
    }


def book_figures(book) -> dict:
    return figures_of(book.info, book.members, book.activities, book.commitments)


def dict_figures(data: dict) -> dict:
    return figures_of(data["支部信息"], data["党员名册"], data["活动记录"], data.get("公开承诺", []))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    base = tmp_path_factory.mktemp("rollup")
    folder = base / "各支部"
    (folder / "机关").mkdir(parents=True)
    (folder / "学生支部" / "2011").mkdir(parents=True)
    books = {
        "机关/宏远公司二支部.xlsx": company_branch(),
        "学生支部/2011/计算机本科一支部.xlsx": students_branch(),
        "理学院教工一支部.xlsx": large_branch(),
    }
    expected = {}
    for name, book in books.items():
        book.write(folder / name)
        expected[name] = (book.info["支部名称"], book_figures(book))
    write_workbook(folder / "测试系支部.xlsx", small_branch())
    write_workbook(folder / "测试系支部（重新报送）.xlsx", resent_small())
    expected["测试系支部（重新报送）.xlsx"] = ("测试系党支部", dict_figures(resent_small()))
    write_workbook(folder / "化工系支部.xlsx", broken_small())
    missing_sheet(folder / "学生支部" / "缺表.xlsx")
    (folder / "空文件.xlsx").write_bytes(b"")
    old_xls(folder / "老支部.xls")
    (folder / "~$测试系支部.xlsx").write_bytes(b"\x05toolkit" + b" " * 150)
    (folder / "说明.txt").write_text("各支部材料", encoding="utf-8")
    return base, folder, expected


@pytest.fixture(scope="module")
def rolled(folder):
    base, source, expected = folder
    out = base / "输出"
    out.mkdir()
    code, stdout, stderr = toolkit("rollup", source, "--name", NAME, "--date", "2022-01-15", "-o", out, "--each", out / "各支部报告")
    summary = out / f"{NAME}各党支部工作汇总表.xlsx"
    report = out / f"{NAME}阶段性工作情况汇报.docx"
    return {"code": code, "stdout": stdout, "stderr": stderr, "summary": summary, "report": report,
            "each": out / "各支部报告", "expected": expected, "folder": source, "out": out}


def summary_rows(path: Path) -> tuple[list[dict], dict]:
    ws = openpyxl.load_workbook(path)["支部汇总"]
    rows = list(ws.iter_rows(values_only=True))
    headers = rows[0]
    records = [dict(zip(headers, r)) for r in rows[1:]]
    return records[:-1], records[-1]


def by_file(records: list[dict]) -> dict[str, dict]:
    return {r["文件"]: r for r in records}


# ---------------------------------------------------------------- 命令


def test_exit_status_one_when_some_branches_failed_and_outputs_still_written(rolled):
    assert rolled["code"] == 1, rolled["stderr"]
    assert rolled["summary"].is_file() and rolled["report"].is_file()
    assert "Traceback" not in rolled["stdout"] + rolled["stderr"]
    assert not list(rolled["out"].glob(".~toolkit-*"))


def test_every_workbook_listed_sorted_by_path_and_non_workbooks_skipped_with_a_note(rolled):
    records, _ = summary_rows(rolled["summary"])
    files = [r["文件"] for r in records]
    assert files == sorted(files)
    assert set(files) == {
        "机关/宏远公司二支部.xlsx", "学生支部/2011/计算机本科一支部.xlsx", "学生支部/缺表.xlsx", "理学院教工一支部.xlsx",
        "测试系支部.xlsx", "测试系支部（重新报送）.xlsx", "化工系支部.xlsx", "空文件.xlsx", "老支部.xls",
    }
    out = rolled["stdout"]
    assert "~$测试系支部.xlsx：Excel/WPS 打开工作簿时留下的临时锁定文件" in out
    assert "说明.txt：不是工作簿（扩展名 .txt）" in out
    notes = [r[1] for r in openpyxl.load_workbook(rolled["summary"])["说明"].iter_rows(values_only=True)]
    assert any(n and n.startswith("~$测试系支部.xlsx") for n in notes)


@pytest.mark.parametrize("file", ["机关/宏远公司二支部.xlsx", "学生支部/2011/计算机本科一支部.xlsx", "理学院教工一支部.xlsx", "测试系支部（重新报送）.xlsx"])
def test_each_branch_row_matches_its_own_data(rolled, file):
    records, _ = summary_rows(rolled["summary"])
    row = by_file(records)[file]
    name, figures = rolled["expected"][file]
    assert row[UNIT] == name
    assert row["状态"] == "计入"
    assert row["错误"] == 0
    for key, value in figures.items():
        assert row[key] == value, (file, key)
    if figures["应到人次"]:
        assert row["出勤率的计算基数"].endswith(f"实到 {figures['实到人次']} 人次 ÷ 应到 {figures['应到人次']} 人次")


def test_totals_row_is_the_sum_of_the_counted_branches(rolled):
    records, total = summary_rows(rolled["summary"])
    counted = [r for r in records if r["状态"] == "计入"]
    assert len(counted) == 4
    assert total[UNIT] == "合计（计入 4 个党支部）"
    numeric = ["党员总数", "正式党员", "预备党员", "女党员", HELD, REPORTED, "应到人次", "实到人次", "承诺事项", "已兑现",
               *(f"{c}党员" if c != "其他" else "其他人员党员" for c in CATEGORIES), *TYPES]
    for key in numeric:
        assert total[key] == sum(r[key] for r in counted), key
        assert total[key] == sum(f[key] for _, f in rolled["expected"].values()), key
    assert total["党员总数"] == sum(total[f"{c}党员" if c != "其他" else "其他人员党员"] for c in CATEGORIES)
    assert total["党员总数"] == total["正式党员"] + total["预备党员"]
    assert total[HELD] == sum(total[t] for t in TYPES)
    assert total[RATE] == rate(total["实到人次"], total["应到人次"])


def test_broken_branches_listed_with_the_right_errors_and_left_out(rolled):
    records, _ = summary_rows(rolled["summary"])
    rows = by_file(records)
    assert rows["化工系支部.xlsx"]["状态"] == "有错误，未计入"
    assert rows["化工系支部.xlsx"]["党员总数"] is None
    assert rows["学生支部/缺表.xlsx"]["状态"] == "有错误，未计入"
    assert rows["空文件.xlsx"]["状态"] == "无法读取，未计入"
    assert "空的" in rows["空文件.xlsx"]["说明"]
    assert rows["老支部.xls"]["状态"] == "无法读取，未计入"
    assert "97-2003" in rows["老支部.xls"]["说明"]

    ws = openpyxl.load_workbook(rolled["summary"])["问题清单"]
    found = {(r[0], r[2], r[3], r[4], r[5]) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert ("化工系支部.xlsx", "党员名册", "C3", "错误", "cell.choice") in found
    assert ("化工系支部.xlsx", "党员名册", "M2", "错误", "cell.id_invalid") in found
    assert ("化工系支部.xlsx", "活动记录", "K3", "错误", "activity.present_over_expected") in found
    assert ("学生支部/缺表.xlsx", None, None, "错误", "sheet.missing") in found
    assert ("老支部.xls", None, None, "错误", "file.xls") in found
    assert ("空文件.xlsx", None, None, "错误", "file.empty") in found
    # 同一张表里也列着计入的支部的提醒
    assert any(f[0] == "学生支部/2011/计算机本科一支部.xlsx" and f[3] == "提醒" for f in found)

    out = rolled["stdout"]
    assert "[有错误] 化工系党支部（化工系支部.xlsx）：3 个错误" in out
    assert "[无法读取] 老支部.xls：这是旧版 Excel 97-2003 工作簿（.xls）" in out


def test_sensitive_values_never_appear_in_the_summary(rolled):
    with zipfile.ZipFile(rolled["summary"]) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    wrong = REAL_ID[:-1]
    assert wrong not in xml
    assert wrong[:4] + "**********" in xml  # 遮盖后的号码


def test_duplicate_branch_counted_once_the_newer_one_and_said_why(rolled):
    records, _ = summary_rows(rolled["summary"])
    rows = by_file(records)
    old, new = rows["测试系支部.xlsx"], rows["测试系支部（重新报送）.xlsx"]
    assert new["状态"] == "计入" and new["已兑现"] == 1
    assert old["状态"] == "重复，未计入"
    assert "测试系支部（重新报送）.xlsx" in old["说明"] and "2011年1月10日" in old["说明"] and "2011年1月7日" in old["说明"]
    assert "成文日期较新" in new["说明"]
    assert "[重复] 测试系支部.xlsx：" in rolled["stdout"] and "计入成文日期较新的 测试系支部（重新报送）.xlsx" in rolled["stdout"]


def test_branch_figures_equal_what_its_own_generate_report_states(rolled, tmp_path):
    """--each 写出的报告与支部自己运行 generate-report 一字节不差；统计表合计行与汇总表相同。"""
    records, _ = summary_rows(rolled["summary"])
    for file in ("理学院教工一支部.xlsx", "学生支部/2011/计算机本科一支部.xlsx"):
        own = tmp_path / (Path(file).stem + ".docx")
        code, _, err = toolkit("generate-report", rolled["folder"] / file, "-o", own)
        assert code == 0, err
        name = rolled["expected"][file][0]
        each = [p for p in rolled["each"].iterdir() if p.name.startswith(name)]
        assert len(each) == 1
        assert each[0].read_bytes() == own.read_bytes()
        doc = Docx(own.read_bytes())
        table = doc.tables()[-1]
        last = [doc.text(tc) for tc in table.findall(".//w:tc", {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})][-3:]
        row = by_file(records)[file]
        assert last == [str(row["应到人次"]), str(row["实到人次"]), row[RATE]]


def test_each_reports_named_safely_only_for_counted_branches(rolled):
    names = sorted(p.name for p in rolled["each"].iterdir())
    books = (company_branch(), students_branch(), large_branch())
    wanted = [f"{b.info['支部名称']}{b.info['活动名称']}阶段性工作情况汇报.docx" for b in books]
    assert names == sorted(wanted + ["测试系党支部创先争优阶段性工作情况汇报.docx"]), names
    assert f"已写出各支部的报告 4 份：{rolled['each']}" in rolled["stdout"]


def test_committee_report_title_totals_and_page_format(rolled):
    doc = Docx(rolled["report"].read_bytes())
    _, total = summary_rows(rolled["summary"])
    texts = [doc.text(p) for p in doc.paragraphs()]
    title = doc.paragraphs()[0]
    assert doc.text(title).replace("\n", "") == f"{NAME}阶段性工作情况"  # 各支部的活动名称不一致：标题不写活动名称
    assert all(doc.east_asia(r, title) == "方正小标宋简体" for r in doc.runs(title))
    assert doc.rpr(doc.runs(title)[0], title, "w:sz") == "44"
    heading = doc.find_paragraph("一、基本情况", exact=True)
    assert doc.east_asia(doc.runs(heading)[0], heading) == "黑体"
    basic = doc.find_paragraph("计入本次汇总的党支部4个")
    assert doc.east_asia(doc.runs(basic)[0], basic) == "仿宋_GB2312"
    assert doc.rpr(doc.runs(basic)[0], basic, "w:sz") == "32"
    assert (
        f"共有党员{total['党员总数']}名，其中正式党员{total['正式党员']}名、预备党员{total['预备党员']}名，女党员{total['女党员']}名"
        in doc.text(basic)
    )
    activities = doc.find_paragraph("报告期内，各党支部共开展活动")
    assert f"共开展活动{total[HELD]}项" in doc.text(activities)
    assert f"应到{total['应到人次']}人次、实到{total['实到人次']}人次，出勤率{total[RATE]}" in doc.text(activities)
    assert f"公开承诺{total['承诺事项']}项，已兑现{total['已兑现']}项" in doc.text(activities)
    counted = [name for name, _ in rolled["expected"].values()]
    for file, (name, figures) in sorted(rolled["expected"].items()):
        number = sorted(rolled["expected"]).index(file) + 1  # 按文件排序
        line = next(t for t in texts if t.startswith(f"（{'一二三四'[number - 1]}）{name}。"))
        assert f"现有党员{figures['党员总数']}名（正式党员{figures['正式党员']}名、预备党员{figures['预备党员']}名），报告期内开展活动{figures[HELD]}项" in line
    assert len(counted) == 4
    # 需要说明的情况：党组织的话，没有文件名和工具的话（issue 11 第 11 点）
    returned = next(t for t in texts if "已退回补正" in t)
    assert returned.startswith("化工系党支部材料未按要求报送，已退回补正")
    assert "另有3份材料无法识别报送单位" in returned  # 缺表的、空的、旧版 .xls：读不出支部名称
    whole = "".join(texts)
    for tool_word in (".xls", "xlsx", "工作簿", "错误", "无法读取", "toolkit", "问题清单"):
        assert tool_word not in whole, tool_word
    # 编号按标准的层次：一、之下是（一），不从“二、”跳到“1.”
    assert texts.index("三、需要说明的情况") > texts.index("二、各党支部工作情况")
    after = texts[texts.index("二、各党支部工作情况") + 1]
    assert after.startswith("（一）"), after
    assert "附件：各党支部工作情况统计表" in texts
    assert texts[-2:] == [NAME, "2022年1月15日"] or (NAME in texts and "2022年1月15日" in texts)
    # 版面与支部报告同一套：A4、天头 37 mm、订口 28 mm、22 行
    sect = doc.body.find("w:sectPr", {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert sect.find("w:pgSz", ns).get(w + "w") == "11906" and sect.find("w:pgSz", ns).get(w + "h") == "16838"
    assert sect.find("w:pgMar", ns).get(w + "top") == "2098" and sect.find("w:pgMar", ns).get(w + "left") == "1587"
    assert sect.find("w:docGrid", ns).get(w + "linePitch") == "579"
    # 附件表格：每个计入的支部一行，加合计行
    table = doc.tables()[-1]
    rows = table.findall("w:tr", ns)
    assert len(rows) == 1 + 4 + 1
    cells = [doc.text(tc) for tc in rows[-1].findall("w:tc", ns)]
    assert cells[1] == "合计（4个支部）" and cells[2] == str(total["党员总数"]) and cells[6] == total[RATE]
    widths = sum(int(g.get(w + "w")) for g in table.findall("w:tblGrid/w:gridCol", ns))
    assert widths <= 8845


def test_nothing_written_when_an_output_exists_without_force(folder, tmp_path):
    _, source, _ = folder
    summary = tmp_path / "汇总.xlsx"
    summary.write_bytes(b"old")
    code, out, err = toolkit("rollup", source, "--name", NAME, "--summary", summary, "--report", tmp_path / "报告.docx",
                             "--each", tmp_path / "各支部", "--quiet")
    assert code == 2
    assert "已经存在" in err and "--force" in err
    assert summary.read_bytes() == b"old"
    assert not (tmp_path / "报告.docx").exists() and not (tmp_path / "各支部").exists()
    # 默认的文件名：检查完各支部后才知道，同样先查后写
    (tmp_path / f"{NAME}各党支部工作汇总表.xlsx").write_bytes(b"keep")
    code, out, err = toolkit("rollup", source, "--name", NAME, "-o", tmp_path, "--quiet")
    assert code == 2 and "已经存在" in err
    assert not (tmp_path / f"{NAME}阶段性工作情况汇报.docx").exists()
    assert (tmp_path / f"{NAME}各党支部工作汇总表.xlsx").read_bytes() == b"keep"
    code, out, err = toolkit("rollup", source, "--name", NAME, "-o", tmp_path, "--quiet", "--force")
    assert code == 1 and (tmp_path / f"{NAME}阶段性工作情况汇报.docx").exists()


def test_all_fine_exits_zero_and_name_comes_from_the_branches(tmp_path):
    source = tmp_path / "三个支部"
    source.mkdir()
    for n, name in enumerate(("甲党支部", "乙党支部", "丙党支部")):
        data = small_branch()
        data["支部信息"]["支部名称"] = name
        write_workbook(source / f"{n}.xlsx", data)
    code, out, err = toolkit("rollup", source, "-o", tmp_path)
    assert code == 0, err
    assert "党组织名称取自各支部填写的上级党组织“院党委”" in out
    assert "检查各支部的工作簿" in err  # 进度条写在 stderr
    doc = Docx((tmp_path / "院党委创先争优阶段性工作情况汇报.docx").read_bytes())
    assert doc.text(doc.paragraphs()[0]).replace("\n", "") == "院党委开展创先争优活动阶段性工作情况"
    code, out, err = toolkit("rollup", source, "-o", tmp_path, "--force", "--quiet")
    assert code == 0 and err == ""


def test_misuse_exits_two(tmp_path):
    code, _, err = toolkit("rollup", tmp_path / "没有这个文件夹")
    assert code == 2 and "找不到文件夹" in err
    code, _, err = toolkit("rollup", tmp_path)
    assert code == 2 and "没有找到工作簿" in err
    code, _, err = toolkit("rollup", tmp_path, "--start", "2011.13.40")
    assert code == 2 and "[用法有误]" in err and "Traceback" not in err
    data = small_branch()
    write_workbook(tmp_path / "a.xlsx", data)
    data["支部信息"]["上级党组织"] = "校党委"
    data["支部信息"]["支部名称"] = "另一党支部"
    write_workbook(tmp_path / "b.xlsx", data)
    code, _, err = toolkit("rollup", tmp_path, "-o", tmp_path, "--quiet")
    assert code == 2 and "--name" in err and "院党委" in err and "校党委" in err


def test_settings_workbook_and_options_override_it(tmp_path):
    source = tmp_path / "支部"
    source.mkdir()
    write_workbook(source / "a.xlsx", small_branch())
    code, out, _ = toolkit("new-rollup-settings", source / "汇总设置.xlsx")
    assert code == 0 and "已生成空白的汇总设置" in out
    wb = openpyxl.load_workbook(source / "汇总设置.xlsx")
    ws = wb["汇总设置"]
    items = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert list(items) == ["名称", "主送机关", "活动名称", "报告标题", "报告期开始", "报告期结束", "成文日期", "日期写法", "字体方案"]
    assert "填表说明" in wb.sheetnames
    ws.cell(items["名称"], 2, "=中共示例学院委员会")  # 用户文字：以“=”开头也只是文字
    ws.cell(items["名称"], 2).data_type = "s"
    ws.cell(items["报告标题"], 2, "关于各党支部创先争优活动开展情况的报告")
    ws.cell(items["主送机关"], 2, "中共示例大学委员会")
    ws.cell(items["日期写法"], 2, "汉字")
    wb.save(source / "汇总设置.xlsx")

    code, out, err = toolkit("rollup", source, "-o", tmp_path, "--quiet")
    assert code == 0, err
    summary = next(tmp_path.glob("*汇总表.xlsx"))
    assert summary.name.startswith("=中共示例学院委员会")
    cell = openpyxl.load_workbook(summary)["说明"]["B2"]
    assert cell.value == "=中共示例学院委员会" and cell.data_type == "s"
    doc = Docx(next(tmp_path.glob("*.docx")).read_bytes())
    texts = [doc.text(p) for p in doc.paragraphs()]
    assert texts[0].replace("\n", "") == "关于各党支部创先争优活动开展情况的报告"
    assert "中共示例大学委员会：" in texts
    assert "二〇一一年一月七日" in texts

    code, out, err = toolkit("rollup", source, "-o", tmp_path / "x", "--quiet", "--name", "商学院党总支")
    assert code == 2 and "输出文件夹" in err
    (tmp_path / "x").mkdir()
    code, out, err = toolkit("rollup", source, "-o", tmp_path / "x", "--quiet", "--name", "商学院党总支", "--date-style", "阿拉伯数字")
    assert code == 0, err
    doc = Docx(next((tmp_path / "x").glob("*.docx")).read_bytes())
    texts = [doc.text(p) for p in doc.paragraphs()]
    assert "商学院党总支" in texts and "2011年1月7日" in texts

    # 汇总设置里的日期写错：指到单元格，什么都不写
    wb = openpyxl.load_workbook(source / "汇总设置.xlsx")
    wb["汇总设置"].cell(items["成文日期"], 2, "2011年13月")
    wb.save(source / "汇总设置.xlsx")
    code, out, err = toolkit("rollup", source, "-o", tmp_path / "x", "--quiet", "--force")
    assert code == 2 and "汇总设置" in err and f"B{items['成文日期']}" in err


def test_suggested_validate_command_is_shell_safe(tmp_path):
    """支部起的文件名带 $(…)：屏幕上建议的 toolkit validate 命令加了单引号，粘贴进 bash 也只是文件名。"""
    from tests.test_cli import pasted_into_bash

    source = tmp_path / "各 支部"
    source.mkdir()
    write_workbook(source / "好的.xlsx", small_branch())
    hostile = "$(touch 中招).xlsx"
    write_workbook(source / hostile, broken_small())
    code, out, err = toolkit("rollup", source, "-o", tmp_path, "--quiet", "--name", NAME)
    assert code == 1, err
    line = next(line for line in out.splitlines() if "[有错误]" in line)
    command = line.split("或运行 ", 1)[1]
    assert command == f"toolkit validate '{source / hostile}'"
    assert pasted_into_bash(command, tmp_path) == ["validate", str(source / hostile)]
    assert not (tmp_path / "中招").exists()


# ---------------------------------------------------------------- 库函数


def test_safe_file_names():
    from toolkit.rollup.collect import distinct_names, safe_file_name

    assert safe_file_name("机关/后勤\\党支部") == "机关_后勤_党支部"
    assert safe_file_name("CON") == "_CON"
    assert safe_file_name("nul.党支部") == "_nul.党支部"
    assert safe_file_name("COM1") == "_COM1"
    assert safe_file_name("第一党支部. . ") == "第一党支部"
    assert safe_file_name(' 问:号*"<>|?') == "问_号______"
    assert safe_file_name("...") == "未命名支部"
    assert len(safe_file_name("党" * 300).encode("utf-8")) <= 180
    assert distinct_names(["甲", "乙", "甲", "A", "a", "甲"]) == ["甲", "乙", "甲（2）", "A", "a（2）", "甲（3）"]


def test_each_file_names_told_apart_through_the_command(tmp_path):
    source = tmp_path / "支部"
    (source / "__MACOSX").mkdir(parents=True)
    for n, name in enumerate(("机关/后勤党支部", "机关_后勤党支部", "机关：后勤党支部. ")):
        data = small_branch()
        data["支部信息"]["支部名称"] = name
        write_workbook(source / f"{n}.xlsx", data)
    (source / "._0.xlsx").write_bytes(b"\x00\x05\x16\x07" + b"\0" * 100)
    (source / "__MACOSX" / "._1.xlsx").write_bytes(b"\x00\x05\x16\x07")
    code, out, err = toolkit("rollup", source, "-o", tmp_path, "--each", tmp_path / "报告", "--quiet")
    assert code == 0, out + err
    assert sorted(p.name for p in (tmp_path / "报告").iterdir()) == sorted([
        "机关_后勤党支部创先争优阶段性工作情况汇报.docx",
        "机关_后勤党支部创先争优阶段性工作情况汇报（2）.docx",
        "机关：后勤党支部.创先争优阶段性工作情况汇报.docx",
    ])
    assert "._0.xlsx：macOS 拷贝时留下的附属文件" in out and "__MACOSX/：" in out


def test_parallel_and_serial_give_the_same_results(folder):
    from toolkit.rollup.collect import check_branches, find_workbooks

    _, source, _ = folder
    paths, _ = find_workbooks(source, set())
    assert len(paths) >= 6  # 够并行的门槛
    ticks = []
    parallel = check_branches(paths, source, progress=ticks.append)
    serial = check_branches(paths, source, workers=1)
    assert len(ticks) == len(paths)
    assert [b.file for b in parallel] == [b.file for b in serial] == sorted(b.file for b in serial)
    assert [(b.figures, b.findings, b.unreadable) for b in parallel] == [(b.figures, b.findings, b.unreadable) for b in serial]


def test_same_folder_gives_byte_identical_outputs(folder, tmp_path):
    _, source, _ = folder
    outputs = []
    for run in ("1", "2"):
        (tmp_path / run).mkdir()
        toolkit("rollup", source, "--name", NAME, "-o", tmp_path / run, "--quiet")
        outputs.append({p.name: p.read_bytes() for p in (tmp_path / run).iterdir()})
    assert outputs[0] == outputs[1] and len(outputs[0]) == 2


def test_settings_sheet_declared_in_the_standard_and_not_in_the_branch_template():
    from toolkit import standard

    assert standard.ROLLUP_SETTINGS.name == "汇总设置"
    assert standard.ROLLUP_SETTINGS not in standard.SHEETS
    assert standard.ROLLUP_SETTINGS.column("名称").need == standard.REQUIRED


# ---------------------------------------------------------------- 逐级汇总（issue 16）：支部 → 党总支 → 院党委 → 校党委
#
# 测试自己搭一个组织：每个支部由 small_branch 改出（名称、上级、多几项专题学习，其中一项不写入报告、出勤各不相同），
# 各级的合计由测试从填进去的数据自己加（dict_figures），不问工具。每一级用 api.rollup 汇总，下一级的文件夹里
# 放的是下级写出的汇总表（文件名是随手起的：认汇总表只看内容）。

SCHOOL, COLLEGE, MATH, GENERAL = "中共测试大学委员会", "经管学院党委", "数学系党总支", "理学院党委"
SUMS = ("党员总数", "正式党员", "预备党员", "女党员", HELD, REPORTED, "应到人次", "实到人次", "承诺事项", "已兑现", *TYPES,
        *(f"{c}党员" if c != "其他" else "其他人员党员" for c in CATEGORIES))


def level_branch(name: str, parent: str, k: int, *, year: int = 0) -> dict:
    """一个支部：k 项额外的专题学习（第 2 项写入报告为“否”），k 为奇数时去掉一名党员和他的记录；year 把日期整体往后挪几年。"""
    data = small_branch()
    data["支部信息"].update({"支部名称": name, "上级党组织": parent})
    if k % 2:
        gone = "陈立新"
        data["党员名册"] = [m for m in data["党员名册"] if m["姓名"] != gone]
        data["出勤明细"] = [a for a in data["出勤明细"] if a["姓名"] != gone]
        data["公开承诺"] = [c for c in data["公开承诺"] if c["承诺人"] != gone]
        data["活动记录"][0].update({"应到人数": 4, "实到人数": 3})
    for i in range(k):
        data["活动记录"].append({
            "编号": f"B{i + 1:02d}", "开始日期": D(2010, 10, 1 + i), "类型": "专题学习", "名称": f"专题学习第{i + 1}次",
            "措施分组": "全面争创，扎实推进", "参加范围": "全体党员", "应到人数": 5, "实到人数": 5 - i % 2,
            "写入报告": "否" if i == 1 else "是", "内容": "集中学习。"})
    if k >= 2:
        data["公开承诺"][0].update({"践诺进度": "已兑现", "兑现日期": D(2010, 12, 20)})
    if year:
        shift(data, year)
    return data


def shift(data: dict, years: int) -> None:
    """报告期、活动、承诺的日期都往后挪 years 年（党员的日期不动）。"""
    def later(day):
        return day.replace(year=day.year + years) if isinstance(day, D) else day

    for key in ("报告期开始", "报告期结束", "成文日期"):
        data["支部信息"][key] = later(data["支部信息"][key])
    for row in [*data["活动记录"], *data["公开承诺"]]:
        for key, value in row.items():
            row[key] = later(value)


def roll(folder: Path, name: str, out: Path, **options):
    from toolkit import api

    out.mkdir(parents=True, exist_ok=True)
    result = api.rollup(folder, api.RollupOptions(name=name, **options), api.RollupOutputs(out_dir=out, force=True))
    return result, next(out.glob("*.xlsx")), next(out.glob("*.docx"))


def add_up_dicts(datas) -> dict:
    figures = [dict_figures(d) for d in datas]
    return {key: sum(f[key] for f in figures) for key in SUMS}


@pytest.fixture(scope="module")
def levels(tmp_path_factory):
    """校党委 ← 经管学院党委（3 个支部）、理学院党委（← 数学系党总支（2 个支部）和 1 个直属支部）、1 个直属支部。"""
    base = tmp_path_factory.mktemp("levels")
    books: dict[str, list[dict]] = {}

    def branches(folder: Path, parent: str, names: list[str], start: int) -> list[dict]:
        folder.mkdir(parents=True)
        datas = [level_branch(n, parent, start + i) for i, n in enumerate(names)]
        for n, d in zip(names, datas):
            write_workbook(folder / f"{n}.xlsx", d)
        return datas

    books[COLLEGE] = branches(base / "经管", COLLEGE, ["会计系党支部", "金融系党支部", "经济系党支部"], 0)
    books[MATH] = branches(base / "数学", MATH, ["数学一支部", "数学二支部"], 3)
    _, college, _ = roll(base / "经管", COLLEGE, base / "经管输出")
    _, math, _ = roll(base / "数学", MATH, base / "数学输出")
    general = base / "理学院收到"
    books[GENERAL] = branches(general, GENERAL, ["物理系党支部"], 5)
    (general / "数学系.xlsx").write_bytes(math.read_bytes())  # 文件名随手起：认汇总表只看内容
    _, science, _ = roll(general, GENERAL, base / "理学院输出")
    school = base / "校收到"
    books[SCHOOL] = branches(school, SCHOOL, ["机关党支部"], 6)
    (school / "经管.xlsx").write_bytes(college.read_bytes())
    (school / "理学院汇总.xlsx").write_bytes(science.read_bytes())
    result, summary, report = roll(school, SCHOOL, base / "校输出")
    return {"base": base, "books": books, "result": result, "summary": summary, "report": report,
            "college": college, "science": science, "school": school}


def received_at_school(levels, tmp_path: Path) -> Path:
    """校党委收到的那个文件夹的一份副本（各测试在副本上改）。"""
    folder = tmp_path / "校收到"
    folder.mkdir()
    for p in levels["school"].iterdir():
        (folder / p.name).write_bytes(p.read_bytes())
    return folder


def sheet_records(path: Path, sheet: str) -> list[dict]:
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_grand_totals_at_every_level_equal_the_branch_workbooks_added_up_independently(levels):
    every = [d for datas in levels["books"].values() for d in datas]
    expected = add_up_dicts(every)
    records = sheet_records(levels["summary"], "支部汇总")
    total, units = records[-1], records[:-1]
    assert total[UNIT] == "合计（计入 7 个党支部）"
    for key in SUMS:
        assert total[key] == expected[key], key
        assert total[key] == sum(u[key] for u in units), key  # 合计就是各直属单位之和
    assert total[RATE] == rate(expected["实到人次"], expected["应到人次"])  # 由人次重新算，不是平均
    by_name = {u[UNIT]: u for u in units}
    assert set(by_name) == {COLLEGE, GENERAL, "机关党支部"}
    science = add_up_dicts([*levels["books"][GENERAL], *levels["books"][MATH]])
    assert by_name[GENERAL]["党员总数"] == science["党员总数"] and by_name[GENERAL]["所含党支部"] == 3
    assert by_name[GENERAL][RATE] == rate(science["实到人次"], science["应到人次"])
    assert by_name[COLLEGE]["类别"] == "下级党组织" and by_name["机关党支部"]["类别"] == "直属党支部"
    # 中间一级自己的汇总表也对
    middle = sheet_records(levels["science"], "支部汇总")[-1]
    assert middle["党员总数"] == science["党员总数"] and middle[HELD] == science[HELD]
    assert levels["result"].rollup.left_out_subordinates == []
    assert all(not s.remarks for s in levels["result"].rollup.subordinates)


def test_the_detail_sheet_lists_every_branch_with_its_path(levels):
    detail = sheet_records(levels["summary"], "明细")
    paths = {r["支部名称"]: r["所在党组织（路径）"] for r in detail}
    assert len(detail) == 7
    assert paths["会计系党支部"] == f"{SCHOOL} / {COLLEGE} / 会计系党支部"
    assert paths["数学二支部"] == f"{SCHOOL} / {GENERAL} / {MATH} / 数学二支部"
    assert paths["物理系党支部"] == f"{SCHOOL} / {GENERAL} / 物理系党支部"
    assert paths["机关党支部"] == f"{SCHOOL} / 机关党支部"
    every = {d["支部信息"]["支部名称"]: dict_figures(d) for datas in levels["books"].values() for d in datas}
    for r in detail:
        assert r["党员总数"] == every[r["支部名称"]]["党员总数"] and r[REPORTED] == every[r["支部名称"]][REPORTED]


def test_the_summary_carries_hidden_protected_metadata(levels):
    wb = openpyxl.load_workbook(levels["college"])
    meta = wb["元数据"]
    assert meta.sheet_state == "hidden" and meta.protection.sheet
    head = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(2, 11)}
    assert head["格式"] == "本工具写出的汇总表" and head["名称"] == COLLEGE
    assert head["报告期开始"] == "2010-07-01" and head["报告期结束"] == "2011-01-07"
    assert len(head["数字校验（SHA-256）"]) == 64
    assert str(head["标准版本"]).isdigit()


def test_the_level_report_speaks_of_its_units_with_a_table_for_each_subordinate(levels):
    doc = docx.Document(str(levels["report"]))
    texts = [p.text for p in doc.paragraphs]
    whole = "".join(texts)
    assert "所属3个党组织（下级党组织2个、直属党支部1个）、共7个党支部" in whole
    assert "二、各所属党组织工作情况" in texts
    # 按文件排序：机关党支部.xlsx、理学院汇总.xlsx、经管.xlsx
    assert any(t.startswith("（一）机关党支部。现有党员") for t in texts)
    assert any(t.startswith(f"（三）{COLLEGE}。所属党支部3个") and t.endswith("具体情况见附件3。") for t in texts)
    assert "附件：1.所属党组织工作情况统计表" in texts
    assert f"2.{GENERAL}所属党组织工作情况统计表" in texts and f"3.{COLLEGE}所属党组织工作情况统计表" in texts
    tables = doc.tables
    assert len(tables) == 3
    assert [r.cells[1].text for r in tables[0].rows[1:-1]] == ["机关党支部", GENERAL, COLLEGE]
    # 下级党组织的附表列的是它自己的直属单位：理学院党委之下是数学系党总支（汇总表）和物理系党支部
    assert [r.cells[1].text for r in tables[1].rows[1:-1]] == [MATH, "物理系党支部"]
    assert tables[1].rows[-1].cells[1].text == "合计（3个支部）"
    college = add_up_dicts(levels["books"][COLLEGE])
    assert tables[2].rows[-1].cells[2].text == str(college["党员总数"])
    assert tables[0].rows[-1].cells[1].text == "合计（7个支部）"
    for word in (".xlsx", "工作簿", "元数据", "toolkit"):
        assert word not in whole


def test_a_hand_edited_summary_is_used_with_a_reminder_naming_the_cells(levels, tmp_path):
    folder = tmp_path / "校收到"
    folder.mkdir()
    for p in levels["school"].iterdir():
        if p.suffix == ".xlsx":
            (folder / p.name).write_bytes(p.read_bytes())
    wb = openpyxl.load_workbook(folder / "经管.xlsx")
    ws = wb["支部汇总"]
    header = [c.value for c in ws[1]]
    col = header.index("党员总数") + 1
    original = ws.cell(2, col).value
    ws.cell(2, col, original + 10)  # 有人手工改了会计系的党员总数
    wb.save(folder / "经管.xlsx")
    result, summary, report = roll(folder, SCHOOL, tmp_path / "输出")
    text = result.text()
    letter = openpyxl.utils.get_column_letter(col)
    assert f"[提醒] 经管.xlsx：这本汇总表的数字在写出后被手工改过（共 1 格）：“支部汇总”表{letter}2（党员总数）汇总时是“{original}”，现在是“{original + 10}”" in text
    total = sheet_records(summary, "支部汇总")[-1]
    every = [d for datas in levels["books"].values() for d in datas]
    assert total["党员总数"] == add_up_dicts(every)["党员总数"]  # 仍按各支部工作簿算出的数字计入
    problems = sheet_records(summary, "问题清单")
    assert any(p["文件"] == "经管.xlsx" and p["级别"] == "提醒" and f"{letter}2" in p["问题"] for p in problems)
    whole = "".join(p.text for p in docx.Document(str(report)).paragraphs)
    assert f"{COLLEGE}报送的汇总表中部分数字与所属党支部的材料不一致，已按党支部材料核定" in whole


def test_a_branch_sent_to_two_levels_is_counted_once_naming_both(levels, tmp_path):
    folder = received_at_school(levels, tmp_path)
    write_workbook(folder / "会计系直接报送.xlsx", levels["books"][COLLEGE][0])  # 会计系党支部也直接报给了校党委
    result, summary, _ = roll(folder, SCHOOL, tmp_path / "输出")
    records = sheet_records(summary, "支部汇总")
    every = [d for datas in levels["books"].values() for d in datas]
    assert records[-1]["党员总数"] == add_up_dicts(every)["党员总数"]
    assert records[-1][UNIT] == "合计（计入 7 个党支部）"
    row = next(r for r in records if r["文件"] == "会计系直接报送.xlsx")
    assert row["状态"] == "重复，未计入"
    assert "会计系直接报送.xlsx" in row["说明"] and "经管.xlsx" in row["说明"] and COLLEGE in row["说明"]
    assert "[重复] 会计系直接报送.xlsx：" in result.text() and "按 经管.xlsx 计入" in result.text()
    detail = sheet_records(summary, "明细")
    assert sum(1 for r in detail if r["支部名称"] == "会计系党支部" and r["状态"] == "计入") == 1


def test_a_summary_from_another_period_is_left_out_with_the_reason(levels, tmp_path):
    other = tmp_path / "去年"
    other.mkdir()
    for n in ("旧甲党支部", "旧乙党支部"):
        write_workbook(other / f"{n}.xlsx", level_branch(n, "旧院党委", 2, year=1))
    _, stale, _ = roll(other, "旧院党委", tmp_path / "旧输出")
    folder = received_at_school(levels, tmp_path)
    (folder / "旧院.xlsx").write_bytes(stale.read_bytes())
    near = level_branch("晚报党支部", SCHOOL, 1)
    near["支部信息"].update({"报告期结束": D(2011, 1, 31), "成文日期": D(2011, 2, 1)})  # 报告期不一致，但有重叠：提醒，照样计入
    write_workbook(folder / "晚报.xlsx", near)
    result, summary, report = roll(folder, SCHOOL, tmp_path / "输出")
    text = result.text()
    assert "[其他报告期，未计入] 旧院党委（旧院.xlsx）：报告期为2011年7月1日至2012年1月7日，与本次汇总的报告期（2010年7月1日至2011年1月7日）没有重叠" in text
    assert "[提醒] 晚报.xlsx：报告期为2010年7月1日至2011年1月31日，与本次汇总的报告期（2010年7月1日至2011年1月7日）不一致：已计入" in text
    records = {r["文件"]: r for r in sheet_records(summary, "支部汇总")}
    assert records["旧院.xlsx"]["状态"] == "其他报告期，未计入" and records["旧院.xlsx"]["党员总数"] is None
    assert records["晚报.xlsx"]["状态"] == "计入"
    every = [d for datas in levels["books"].values() for d in datas] + [near]
    total = sheet_records(summary, "支部汇总")[-1]
    assert total["党员总数"] == add_up_dicts(every)["党员总数"]
    whole = "".join(p.text for p in docx.Document(str(report)).paragraphs)
    assert "旧院党委报送的材料不属于本报告期，未计入本次汇总" in whole


def test_every_figure_the_rollup_shows_for_a_branch_is_the_one_its_report_shows(tmp_path):
    """issue 11 第 7 点：一项活动不写入报告时，汇总表分开写“开展的”和“写入报告的”，各与支部报告里的那个数相同。"""
    folder = tmp_path / "支部"
    folder.mkdir()
    data = level_branch("核对党支部", "院党委", 4)
    data["报告正文"].append({"章节": "努力方向", "文本": "报告期内共开展活动{开展活动总数}项，写入报告{活动总数}项。"})
    write_workbook(folder / "核对.xlsx", data)
    _, summary, _ = roll(folder, "院党委", tmp_path / "输出")
    row = sheet_records(summary, "支部汇总")[0]
    own = tmp_path / "核对.docx"
    code, _, err = toolkit("generate-report", folder / "核对.xlsx", "-o", own)
    assert code == 0, err
    doc = docx.Document(str(own))
    whole = "".join(p.text for p in doc.paragraphs)
    activities = doc.tables[-1] if "合计" in doc.tables[-1].rows[-1].cells[1].text else next(
        t for t in doc.tables if t.rows[-1].cells[1].text.startswith("合计（"))
    total_row = [c.text for c in activities.rows[-1].cells]
    assert total_row[1] == f"合计（{row[REPORTED]}项）"
    assert f"共开展活动{row[HELD]}项，写入报告{row[REPORTED]}项" in whole
    assert row[HELD] == row[REPORTED] + 1  # 两个基数确实不同：不写入报告的那一项
    assert total_row[-3:] == [str(row["应到人次"]), str(row["实到人次"]), row[RATE]]


def test_the_summary_workbook_prints_landscape_one_page_wide_with_titles(levels):
    wb = openpyxl.load_workbook(levels["summary"])
    for name in ("支部汇总", "明细", "三会一课", "问题清单", "说明"):
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape", name
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1", name
    for name in ("支部汇总", "明细", "三会一课"):
        assert wb[name].print_title_cols == "$A:$B" and wb[name].freeze_panes == "C2"
    headers = [c.value for c in wb["支部汇总"][1]]
    assert "平均出勤率" not in headers and RATE in headers and HELD in headers and REPORTED in headers
    notes = " ".join(str(c.value) for row in wb["说明"].iter_rows() for c in row if c.value)
    assert "不是各次出勤率的平均" not in notes and "实到人次之和 ÷ 应到人次之和" in notes


def test_many_lagging_branches_are_said_as_a_count_not_a_list_of_names():
    """逐级汇总到上面几级时支部成百上千：没有按期开展组织生活的超过 10 个，报告只说个数（名单在汇总表的“三会一课”表）。"""
    from toolkit.branch.figures import AttendanceTotal
    from toolkit.rollup.model import COUNTED, BranchFigures, BranchSummary, Committee, MeetingKind, MeetingsBrief
    from toolkit.rollup.report import load_wording, meetings_paragraphs

    def branch(n: int, missing: bool) -> BranchSummary:
        kind = MeetingKind("支部委员会", 10, True, True, missing, "12个月中10个月有记录", "2021年5月" if missing else "", 0, 0)
        figures = BranchFigures(5, 4, 1, 2, (), 3, (), AttendanceTotal(0, 0, 0), 0, 0, 0, 3, MeetingsBrief("2018年条例", (kind,)))
        return BranchSummary(f"{n}.xlsx", name=f"第{n}党支部", figures=figures, status=COUNTED)

    wording = load_wording(Committee("校党委"))
    few = meetings_paragraphs([branch(n, n < 3) for n in range(12)], wording)[0].text
    assert "支部委员会9个（共12个）" in few and "第0党支部（支部委员会）、第1党支部（支部委员会）、第2党支部（支部委员会）没有按期" in few
    many = meetings_paragraphs([branch(n, n < 11) for n in range(12)], wording)[0].text
    assert "支部委员会1个（共12个）" in many and "共有11个党支部没有按期开展组织生活，校党委将督促这些支部" in many
    assert "第0党支部" not in many


def test_a_branch_inside_two_subordinate_summaries_is_counted_once(levels, tmp_path):
    """同一个支部在两本下级汇总表里（如先报了党总支、又被另一个党总支汇总）：按文件排在前面的一本计入，另一本的合计除去它，并说明。"""
    again = tmp_path / "又汇总了一次"
    again.mkdir()
    write_workbook(again / "会计系.xlsx", levels["books"][COLLEGE][0])
    _, twice, _ = roll(again, "重复汇总党总支", tmp_path / "重复输出")
    folder = received_at_school(levels, tmp_path)
    (folder / "重复汇总.xlsx").write_bytes(twice.read_bytes())
    result, summary, _ = roll(folder, SCHOOL, tmp_path / "输出")
    records = sheet_records(summary, "支部汇总")
    every = [d for datas in levels["books"].values() for d in datas]
    assert records[-1]["党员总数"] == add_up_dicts(every)["党员总数"] and records[-1][UNIT] == "合计（计入 7 个党支部）"
    row = next(r for r in records if r["文件"] == "重复汇总.xlsx")
    assert row["所含党支部"] == 0 and row["党员总数"] == 0
    assert "“会计系党支部”也在 经管.xlsx（经管学院党委）里：按 经管.xlsx 计入一次" in row["说明"]
    assert "[提醒] 重复汇总.xlsx：“会计系党支部”也在 经管.xlsx" in result.text()


def _rollup_template(tmp_path: Path, change) -> Path:
    folder = tmp_path / "措辞"
    shutil.copytree(ROOT / "templates" / "report", folder)
    path = folder / "rollup.j2"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def _both_samples(tmp_path: Path) -> Path:
    folder = tmp_path / "各支部"
    folder.mkdir()
    for sample in sorted((ROOT / "samples").glob("*.xlsx")):
        shutil.copy(sample, folder / sample.name)
    return folder


MEETINGS_MACRO = "{% macro meetings_paragraph(rules, lagging, more=0) -%}\n"


def test_an_error_inside_the_meetings_paragraph_of_a_users_rollup_template_is_reported(tmp_path):
    template = _rollup_template(tmp_path, lambda text: text.replace(MEETINGS_MACRO, MEETINGS_MACRO + "{{ 1 // 0 }}", 1))
    out = tmp_path / "输出"
    out.mkdir()
    code, stdout, stderr = toolkit("rollup", _both_samples(tmp_path), "-o", out, "--name", "中共测试学院委员会", "--template", template)
    assert code == 2, stdout + stderr
    assert "[模板有误]" in stdout + stderr and "rollup.j2 第" in stdout + stderr and "除数是零" in stdout + stderr
    assert not list(out.iterdir())  # 什么都没写


def test_an_old_rollup_template_without_the_meetings_paragraph_leaves_only_that_paragraph_out(tmp_path):
    def without_macro(text: str) -> str:
        start = text.index(MEETINGS_MACRO)
        end = text.index("{%- endmacro %}", start) + len("{%- endmacro %}")
        return text[:start] + text[end:]

    template = _rollup_template(tmp_path, without_macro)
    out = tmp_path / "输出"
    out.mkdir()
    code, stdout, stderr = toolkit("rollup", _both_samples(tmp_path), "-o", out, "--name", "中共测试学院委员会", "--template", template)
    assert code in (0, 1), stdout + stderr
    whole = "".join(p.text for p in docx.Document(str(next(out.glob("*.docx")))).paragraphs)
    assert "对照“三会一课”" not in whole and "党支部" in whole


def test_the_summary_written_row_by_row_reads_back_cell_for_cell(tmp_path):
    """汇总表的各行由 rollup/summary.py 写成 XML 文字：读回来每一格的值、类型、样式，冻结、打印标题、列宽、
    隐藏并保护的元数据都与写的时候一样；难写的文字（以“=”开头、首尾空格、& < > 、回车换行、生僻字）原样读回；
    上一级读回这本汇总表，数字与写进去的相同，也不说它被手改过。"""
    from toolkit.branch.figures import AttendanceTotal
    from toolkit.rollup.levels import read_summary
    from toolkit.rollup.model import COUNTED, HAS_ERRORS, BranchFigures, BranchSummary, Committee, Rollup, Subordinate
    from toolkit.rollup.summary import FINDINGS_SHEET, NOTES_SHEET, summary_bytes

    hard = ["=SUM(A1:A2)", "  前后有空格  ", "A&B <c> \"d\" 'e'", "第一行\r\n第二行\t制表", "𠀀𪚥党支部", "=", "+1", "-2"]
    figures = BranchFigures(12, 10, 2, 5, tuple((c, 2) for c in CATEGORIES), 7, tuple((t, 1 if t == "党课" else 0) for t in TYPES),
                            AttendanceTotal(3, 30, 27), 4, 3, 2, 6)
    branches = [BranchSummary(f"组/{n}.xlsx", name=text, figures=figures, status=COUNTED, note=text, remarks=[text])
                for n, text in enumerate(hard)]
    branches.append(BranchSummary("坏.xlsx", name="=坏", status=HAS_ERRORS, unreadable="读不了：=A1 & <x>"))
    committee = Committee("=校党委", campaign="党史学习教育", period_start=D(2021, 1, 1), period_end=D(2021, 6, 30))
    rollup = Rollup(tmp_path, committee, branches, [])
    path = tmp_path / "汇总.xlsx"
    path.write_bytes(summary_bytes(rollup))

    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["支部汇总", "明细", FINDINGS_SHEET, "三会一课", NOTES_SHEET, "元数据"]
    summary = wb["支部汇总"]
    header = summary[1]
    assert all(c.font.b and c.fill.fgColor.rgb.endswith("EDEDED") and c.alignment.wrap_text for c in header)
    assert summary.freeze_panes == "C2" and summary.print_title_cols == "$A:$B" and summary.print_title_rows == "$1:$1"
    assert summary.column_dimensions["B"].width == 26 and summary.column_dimensions["E"].width == 30
    names = [summary.cell(r, 2).value for r in range(2, 2 + len(branches))]
    assert names == ["=坏", *hard]  # 按文件排序：坏.xlsx 在 组/0…组/7 之前
    for r in range(2, 2 + len(branches)):
        cell = summary.cell(r, 2)
        assert cell.data_type == "s", cell.value  # 以“=”开头的也是文字，不是公式
        assert isinstance(summary.cell(r, 1).value, int) and summary.cell(r, 1).value == r - 1
    assert summary.cell(2, 1).fill.fgColor.rgb.endswith("FFC7CE")  # 读不了的一行标红
    assert summary.cell(3, 1).fill.fill_type is None
    total = summary.cell(2 + len(branches), 2)
    assert total.value == f"合计（计入 {len(hard)} 个党支部）" and total.font.b and total.fill.fgColor.rgb.endswith("DDEBF7")
    assert summary.cell(2 + len(branches), 7).value == 12 * len(hard)  # 党员总数的合计：数字就是数字
    notes = wb[NOTES_SHEET]
    assert notes.cell(2, 2).value == "=校党委" and notes.cell(2, 2).alignment.wrap_text and notes.cell(2, 1).font.b
    findings = [[c.value for c in row] for row in wb[FINDINGS_SHEET].iter_rows(min_row=2)]
    assert ["坏.xlsx", "=坏", None, None, "错误", "file.unreadable", "读不了：=A1 & <x>", None, None, None] in findings
    meta = wb["元数据"]
    assert meta.sheet_state == "hidden" and meta.protection.sheet

    sub = read_summary(path, "汇总.xlsx")
    assert isinstance(sub, Subordinate) and sub.name == "=校党委"
    assert not sub.edited and sub.remarks == []
    assert [b.name for b in sub.branches] == hard and all(b.figures == figures for b in sub.branches)


def test_summaries_among_branches_give_the_same_results_in_parallel_and_serial(levels, tmp_path):
    """汇总表由主进程读（工作进程不把几千个支部的数字传回来）：结果与串行的一样。"""
    from toolkit.rollup.collect import check_branches, find_workbooks
    from toolkit.rollup.model import Subordinate

    folder = tmp_path / "收到"
    folder.mkdir()
    for i in range(6):
        write_workbook(folder / f"支部{i}.xlsx", level_branch(f"第{i}党支部", SCHOOL, 10 + i))
    (folder / "经管.xlsx").write_bytes(levels["college"].read_bytes())
    (folder / "理学院.xlsx").write_bytes(levels["science"].read_bytes())
    paths, _ = find_workbooks(folder, set())
    parallel = check_branches(paths, folder)
    serial = check_branches(paths, folder, workers=1)
    assert [type(u).__name__ for u in parallel] == [type(u).__name__ for u in serial]
    assert sum(isinstance(u, Subordinate) for u in parallel) == 2
    assert parallel == serial


def test_a_folder_of_summaries_is_read_without_worker_processes(levels, tmp_path, monkeypatch):
    """只有汇总表时不开进程：它们总归在主进程里读。"""
    import concurrent.futures

    from toolkit.rollup.collect import check_branches, find_workbooks
    from toolkit.rollup.model import Subordinate

    folder = tmp_path / "收到"
    folder.mkdir()
    for i in range(6):
        (folder / f"汇总{i}.xlsx").write_bytes(levels["college"].read_bytes())

    def refuse(*args, **kwargs):
        raise AssertionError("不该开进程")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    paths, _ = find_workbooks(folder, set())
    checked = check_branches(paths, folder)
    assert len(checked) == 6 and all(isinstance(u, Subordinate) for u in checked)


def test_sheet_rows_drop_the_characters_xml_does_not_allow_only_when_there_are_some():
    """汇总表的各行编成 UTF-8 时先用 in、encode 看有没有 XML 不允许的字（单独的代理码位、U+FFFE、U+FFFF）：
    有的时候与逐字去掉的结果相同，没有的时候原样编码。"""
    from toolkit.rollup.summary import _NOT_XML, _xml_bytes

    for text in ["<row>党支部</row>", "a\ud800b", "\udfff", "x\ufffe\uffffy", "𠀀𪚥\U0001F600", "", "坏\ud83d的代理对\ude00"]:
        assert _xml_bytes(text) == _NOT_XML.sub("", text).encode("utf-8"), repr(text)


# ---------------------------------------------------------------- 一个也没有计入、元数据坏了


def test_when_nothing_is_counted_no_report_is_written_and_the_summary_says_why(tmp_path):
    folder = tmp_path / "收到"
    folder.mkdir()
    write_workbook(folder / "化工系.xlsx", broken_small())
    missing_sheet(folder / "缺表.xlsx")
    out = tmp_path / "输出"
    out.mkdir()
    code, stdout, stderr = toolkit("rollup", folder, "-o", out, "--name", NAME, "-q")
    assert code == 2
    assert "[没有写汇总报告] 这次没有一本支部工作簿、一本下级汇总表计入，报告里的数字会全是 0" in stderr
    assert "已写出汇总报告" not in stdout and list(out.glob("*.docx")) == []  # 报告里会写“所属0个党支部……党员0名”
    (summary,) = out.glob("*.xlsx")
    rows = {r["文件"]: r for r in sheet_records(summary, "支部汇总") if r["文件"]}
    assert set(rows) == {"化工系.xlsx", "缺表.xlsx"} and all(r["状态"] != "计入" for r in rows.values())


def test_a_summary_whose_metadata_was_damaged_or_deleted_is_named_as_such(levels, tmp_path):
    folder = tmp_path / "收到"
    folder.mkdir()
    wb = openpyxl.load_workbook(levels["college"])
    wb["元数据"]["B2"] = "随手改的"  # “格式”一栏：认汇总表就认它
    wb.save(folder / "改坏.xlsx")
    wb = openpyxl.load_workbook(levels["science"])
    del wb["元数据"]
    wb.save(folder / "删掉.xlsx")
    write_workbook(folder / "机关.xlsx", level_branch("机关党支部", SCHOOL, 6))
    result, _, _ = roll(folder, SCHOOL, tmp_path / "输出")
    text = result.text()
    assert "改坏.xlsx：本工具写出的汇总表，但隐藏的“元数据”表被改动过，认不出其中的各支部" in text
    assert "删掉.xlsx：本工具写出的汇总表，但没有隐藏的“元数据”表（旧版写出的，或被删掉了）" in text
    assert [b.name for b in result.rollup.counted] == ["机关党支部"]


# ---------------------------------------------------------------- 同一个下级党委报了两本汇总表


def test_a_resent_subordinate_summary_is_counted_once_the_newer_one(levels, tmp_path):
    """经管学院党委先报了一本，后来重新汇总、又报了一本（成文日期较新）：只计入新的一本，旧的一本一条说明，不逐个支部地说。"""
    _, newer, _ = roll(levels["base"] / "经管", COLLEGE, tmp_path / "重报输出", written_on=D(2011, 1, 20))
    folder = received_at_school(levels, tmp_path)
    (folder / "经管重报.xlsx").write_bytes(newer.read_bytes())
    result, summary, report = roll(folder, SCHOOL, tmp_path / "输出")
    records = sheet_records(summary, "支部汇总")
    every = [d for datas in levels["books"].values() for d in datas]
    assert records[-1]["党员总数"] == add_up_dicts(every)["党员总数"] and records[-1][UNIT] == "合计（计入 7 个党支部）"
    old = next(r for r in records if r["文件"] == "经管.xlsx")
    assert old["状态"] == "重复，未计入"
    assert old["说明"] == f"与 经管重报.xlsx 都是“{COLLEGE}”的汇总表：计入成文日期较新的 经管重报.xlsx（2011年1月20日），这一本（2011年1月7日）未计入。"
    text = result.text()
    assert "也在" not in text  # 没有逐个支部的“也在另一本里”
    assert f"[提醒] 经管重报.xlsx：“{COLLEGE}”的汇总表另有 经管.xlsx：这一本成文日期较新（2011年1月20日），计入这一本。" in text
    units = [p.text for p in docx.Document(str(report)).paragraphs if p.text.startswith("（") and COLLEGE in p.text]
    assert len(units) == 1  # 报告里经管学院党委只有一段，没有一个“0个党支部”的单位


def test_an_identical_copy_of_a_summary_is_counted_once(levels, tmp_path):
    folder = received_at_school(levels, tmp_path)
    (folder / "经管（副本）.xlsx").write_bytes(levels["college"].read_bytes())
    result, summary, _ = roll(folder, SCHOOL, tmp_path / "输出")
    records = sheet_records(summary, "支部汇总")
    assert records[-1][UNIT] == "合计（计入 7 个党支部）"
    statuses = {r["文件"]: r["状态"] for r in records if r["文件"] in ("经管.xlsx", "经管（副本）.xlsx")}
    assert sorted(statuses.values()) == ["计入", "重复，未计入"]
    assert "成文日期相同" in result.text() and "请核对后只留一本" in result.text()


def test_branches_shared_by_two_different_summaries_give_one_reminder(levels, tmp_path):
    again = tmp_path / "又汇总了一次"
    again.mkdir()
    for d in levels["books"][COLLEGE][:2]:
        write_workbook(again / f"{d['支部信息']['支部名称']}.xlsx", d)
    _, twice, _ = roll(again, "重复汇总党总支", tmp_path / "重复输出")
    folder = received_at_school(levels, tmp_path)
    (folder / "重复汇总.xlsx").write_bytes(twice.read_bytes())
    result, summary, _ = roll(folder, SCHOOL, tmp_path / "输出")
    said = [line for line in result.text().splitlines() if line.startswith("  [提醒] 重复汇总.xlsx：")]
    assert said == ["  [提醒] 重复汇总.xlsx：“会计系党支部”“金融系党支部”这 2 个党支部也在 经管.xlsx（经管学院党委）里："
                    "按 经管.xlsx 计入一次，重复汇总.xlsx 的合计里不再计入它们。"]
    assert sheet_records(summary, "支部汇总")[-1][UNIT] == "合计（计入 7 个党支部）"


# ---------------------------------------------------------------- 排过序的汇总表


def _sort_rows(ws, key_header: str, *, with_total: bool) -> None:
    """像在 Excel 里点筛选按钮排序：表头以下的行按一栏从大到小重排（相同的按序号倒着排；with_total：合计行也参加排序）。"""
    header = [c.value for c in ws[1]]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2, max_row=ws.max_row)]
    total = [] if with_total else [r for r in rows if str(r[1] or "").startswith("合计")]
    body = [r for r in rows if r not in total]
    body.sort(key=lambda r: (-(r[header.index(key_header)] or 0), -(r[0] or 0)))
    for i, values in enumerate(body + total, start=2):
        for j, v in enumerate(values, start=1):
            ws.cell(i, j).value = v  # ws.cell(i, j, None) 不会清空格子


@pytest.mark.parametrize("with_total", [False, True])
def test_a_sorted_summary_is_not_taken_for_a_hand_edited_one(levels, tmp_path, with_total):
    """汇总表有筛选按钮：收到的党委按党员总数排了序再转交，数字一格没改。不提醒“被手工改过”，报告也不说数字不一致。"""
    folder = received_at_school(levels, tmp_path)
    wb = openpyxl.load_workbook(folder / "经管.xlsx")
    _sort_rows(wb["支部汇总"], "党员总数", with_total=with_total)
    _sort_rows(wb["明细"], "党员总数", with_total=False)
    wb.save(folder / "经管.xlsx")
    moved = [r["支部名称"] for r in sheet_records(folder / "经管.xlsx", "明细")]
    assert moved != [r["支部名称"] for r in sheet_records(levels["college"], "明细")]  # 真的挪了位置
    result, summary, report = roll(folder, SCHOOL, tmp_path / "输出")
    assert "手工改过" not in result.text()
    whole = "".join(p.text for p in docx.Document(str(report)).paragraphs)
    assert "不一致" not in whole
    every = [d for datas in levels["books"].values() for d in datas]
    assert sheet_records(summary, "支部汇总")[-1]["党员总数"] == add_up_dicts(every)["党员总数"]


def test_an_edit_in_a_sorted_summary_names_the_cell_where_it_now_is(levels, tmp_path):
    folder = received_at_school(levels, tmp_path)
    wb = openpyxl.load_workbook(folder / "经管.xlsx")
    ws = wb["明细"]
    _sort_rows(ws, "党员总数", with_total=False)
    header = [c.value for c in ws[1]]
    col = header.index("党员总数") + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == "金融系党支部")
    original = ws.cell(row, col).value
    ws.cell(row, col, original + 1)
    wb.save(folder / "经管.xlsx")
    result, _, _ = roll(folder, SCHOOL, tmp_path / "输出")
    letter = openpyxl.utils.get_column_letter(col)
    assert (f"被手工改过（共 1 格）：“明细”表{letter}{row}（党员总数）汇总时是“{original}”，现在是“{original + 1}”") in result.text()


def test_a_summary_with_a_column_and_a_title_row_added_is_not_taken_for_a_hand_edited_one(levels, tmp_path):
    """收到的党委在“支部汇总”里插了一栏“备注”、在“明细”上面插了一行标题，数字一格没改：不算改过。
    之后改了一格的，提醒里说的是那一格现在的位置。"""
    folder = received_at_school(levels, tmp_path)
    wb = openpyxl.load_workbook(folder / "经管.xlsx")
    ws = wb["支部汇总"]
    ws.insert_cols(3)
    ws["C1"] = "备注"
    detail = wb["明细"]
    detail.insert_rows(1)
    detail["A1"] = "经管学院党委所属党支部明细（收文时加）"
    wb.save(folder / "经管.xlsx")
    result, _, report = roll(folder, SCHOOL, tmp_path / "输出")
    assert "手工改过" not in result.text()
    assert "不一致" not in "".join(p.text for p in docx.Document(str(report)).paragraphs)

    header = [c.value for c in ws[1]]
    col = header.index("党员总数") + 1
    original = ws.cell(2, col).value
    ws.cell(2, col).value = original + 2
    wb.save(folder / "经管.xlsx")
    result, _, _ = roll(folder, SCHOOL, tmp_path / "输出2")
    letter = openpyxl.utils.get_column_letter(col)
    assert f"被手工改过（共 1 格）：“支部汇总”表{letter}2（党员总数）汇总时是“{original}”，现在是“{original + 2}”" in result.text()

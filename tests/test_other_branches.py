"""另外三个支部：各自填好的工作簿 → generate-report → 读回报告，核对数字、结构、落款和附件。

工作簿由 tests/branches.py 用 openpyxl 照标准直接写出（不经过工具的模板和测试助手）；
报告里应有的数字，都由测试自己从填进去的数据算出来，不问工具。
每个支部再改坏一处，看工具是否拒绝生成、并指到正确的工作表、行、列字母和表头。

命令在独立的进程里运行，和用户一样：python -m toolkit generate-report / validate。
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from tests.branches import (
    ACTIVITIES,
    ATTENDANCE,
    COMMITMENTS,
    MEMBERS,
    NARRATIVE,
    BranchBook,
    arabic_date,
    chinese_date,
    company_branch,
    large_branch,
    members_on,
    rate,
    students_branch,
)

ROOT = Path(__file__).resolve().parent.parent
LEVEL1 = re.compile(r"^[一二三四五六七八九十]、")
LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）")
LEVEL3 = re.compile(r"^\d+\.")
LEVEL4 = re.compile(r"^（\d+）")
LEVEL5 = re.compile(r"^[①-⑳]")
SECTIONS = ("指导思想", "目标要求", "具体措施", "努力方向")


# ---------------------------------------------------------------- 运行命令、读回报告


def toolkit(*args) -> tuple[int, str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=180,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done.returncode, done.stdout, done.stderr


@dataclass
class Generated:
    book: BranchBook
    workbook: Path
    target: Path
    code: int
    out: str
    err: str
    findings: list[dict]  # validate --format json 的发现

    @property
    def document(self):
        return docx.Document(str(self.target))

    @property
    def lines(self) -> list[str]:
        return [p.text for p in self.document.paragraphs if p.text.strip()]

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def warnings(self) -> list[dict]:
        return [f for f in self.findings if f["level"] == "warning"]


def generate(book: BranchBook, folder: Path, stem: str) -> Generated:
    workbook = book.write(folder / f"{stem}.xlsx")
    target = folder / f"{stem}报告.docx"
    code, out, err = toolkit("generate-report", workbook, "-o", target)
    vcode, vout, _ = toolkit("validate", workbook, "--format", "json")
    assert vcode == code, (vcode, code)
    return Generated(book, workbook, target, code, out, err, json.loads(vout)["findings"])


def section(lines: list[str], campaign: str, name: str) -> list[str]:
    """“开展…活动的{name}”这一部分的各行（不含标题），到下一个一级标题、附件说明为止。"""
    activity = "" if campaign.endswith(("教育", "活动", "学习")) else "活动"  # 党史学习教育不再加“活动”
    start = lines.index(f"{'一二三四'[SECTIONS.index(name)]}、开展{campaign}{activity}的{name}") + 1
    end = start
    while end < len(lines) and not LEVEL1.match(lines[end]) and not lines[end].startswith("附件："):
        end += 1
    return lines[start:end]


def outline(lines: list[str]) -> list[str]:
    """带编号的行：编号加标题部分（到第一个“。”为止，不含“。”）。"""
    heads = []
    for line in lines:
        if LEVEL2.match(line) or LEVEL3.match(line) or LEVEL4.match(line) or LEVEL5.match(line):
            heads.append(line.split("。")[0])
    return heads


def signature_block(lines: list[str], name: str) -> tuple[str, str]:
    """落款：正文之后第一次单独成行的支部名称，和它下面的日期。"""
    at = lines.index(name, 2)
    return lines[at], lines[at + 1]


def tables_text(document) -> list[list[list[str]]]:
    return [[[c.text.replace("\n", "") for c in row.cells] for row in table.rows] for table in document.tables]  # 窄栏在词与词之间换行


def meeting_reminders(gen: Generated) -> list[tuple[str, str]]:
    """三会一课的提醒（issue 15）：（代码, 问题的第一句）。"""
    return [(f["code"], f["problem"].split("。")[0]) for f in gen.findings if f["code"].startswith("meetings.")]


def missing(kind: str, months: str, rule: str) -> tuple[str, str]:
    return ("meetings.missing", f"{kind}：{months}没有记录（{rule}）")


OLD_RULES = "“三会一课”制度：{}"  # 2018 年条例施行前的报告期（规则版本不填时按报告期结束推定）
REGULATIONS = "《中国共产党支部工作条例（试行）》：{}"
LECTURE = "“三会一课”制度：党课一般每季度一次"
MONTHS_2016 = "2016年5月、6月、7月、8月、9月、10月、11月、12月"  # 2017年1月只有15天，按天数折算不作要求
MONTHS_2019 = "2019年6月、7月、8月、9月、10月、11月、12月"


def in_period(book: BranchBook) -> list[dict]:
    start, end = book.info["报告期开始"], book.info["报告期结束"]
    return [a for a in book.activities if start <= a["开始日期"] <= end]


def reported(book: BranchBook) -> list[dict]:
    return [a for a in in_period(book) if a.get("写入报告") != "否"]


def table_date(day: dt.date) -> str:
    return f"{day.year}.{day.month}.{day.day}"


def assert_activity_table(rows: list[list[str]], book: BranchBook) -> None:
    """附件“活动开展情况统计表”：表头、报告期内写入报告的每项活动一行（按日期），合计行。"""
    assert rows[0] == ["日期", "活动名称", "类型", "参加范围", "应到", "实到", "出勤率"]
    acts = sorted(reported(book), key=lambda a: a["开始日期"])
    body, total = rows[1:-1], rows[-1]
    assert len(body) == len(acts)
    for row, a in zip(body, acts):
        expected, present = a.get("应到人数"), a.get("实到人数")
        assert row[0] == table_date(a["开始日期"])
        assert row[1] == a["名称"]
        assert row[2:4] == [a["类型"], a["参加范围"]]
        assert row[4:6] == ["" if expected is None else str(expected), "" if present is None else str(present)]
        assert row[6] == (rate(present, expected) if expected else "")
    counted = [a for a in acts if a.get("应到人数") and a.get("实到人数") is not None]
    sum_expected = sum(a["应到人数"] for a in counted)
    sum_present = sum(a["实到人数"] for a in counted)
    assert total[1] == f"合计（{len(acts)}项）"
    assert total[4:] == [str(sum_expected), str(sum_present), rate(sum_present, sum_expected)]


def assert_header_rows_repeat(document) -> None:
    assert document.tables
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None, "表头行没有设“在各页顶端重复”"
        for row in table.rows[1:]:
            assert row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None
        for row in table.rows:
            assert row._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None, "表格行可以跨页断开"


def assert_no_list_numbering(document) -> None:
    """编号是打出来的文字，不是 Word 的自动编号。"""
    assert document.element.body.find(f".//{qn('w:numPr')}") is None


def assert_title_shape(title_lines: list[str]) -> None:
    """每行至多 20 字（半角算半个），梯形（上长下短）或菱形（中间最长），不把“党支部”拆开。"""
    def width(s):
        return sum(0.5 if ord(ch) < 0x2000 else 1 for ch in s)

    widths = [width(line) for line in title_lines]
    assert all(w <= 20 for w in widths), title_lines
    for a, b in zip(title_lines, title_lines[1:]):
        assert not (a.endswith("党") and b.startswith("支部")) and not (a.endswith("党支") and b.startswith("部"))
    if len(widths) > 1:
        peak = widths.index(max(widths))
        rising, falling = widths[: peak + 1], widths[peak:]
        unimodal = rising == sorted(rising) and falling == sorted(falling, reverse=True)
        assert unimodal and (peak < len(widths) - 1 or len(set(widths)) == 1), f"标题断行不是梯形或菱形：{title_lines}"


def assert_refused(bad: Generated, heading: str) -> None:
    assert bad.code == 1, bad.out + bad.err
    assert heading in bad.out, bad.out
    assert "没有生成报告" in bad.out
    assert not bad.target.exists()
    assert sorted(p.name for p in bad.target.parent.iterdir() if p.suffix != ".xlsx") == []


# ---------------------------------------------------------------- 排版出来看页数（需要 LibreOffice）

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
needs_render = pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None, reason="需要 LibreOffice 和 pdftotext 才能数页数")


def render_pages(docx_path: Path, work: Path) -> list[str]:
    """转成 PDF，返回每页的文字。"""
    env = dict(os.environ, FONTCONFIG_FILE=str(ROOT / "tests" / "fonts.conf"))
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(docx_path)],
        check=True, capture_output=True, env=env, timeout=300,
    )
    pdf = work / (docx_path.stem + ".pdf")
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True).stdout.decode("utf-8")
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def estimated_body_pages(lines: list[str]) -> float:
    """正文大约几页：每行 28 字、每页 22 行（标题按 2 号字算两行）。"""
    count = 0
    for line in lines:
        count += max(1, math.ceil((len(line) + 2) / 28))
    return count / 22


def assert_pages_plausible(pages: list[str], gen: Generated, attachment_labels: list[str]) -> None:
    body_end = gen.lines.index(signature_block(gen.lines, gen.book.info["支部名称"])[1])
    estimate = estimated_body_pages(gen.lines[: body_end + 1])
    table_rows = sum(len(t.rows) for t in gen.document.tables)
    low = math.ceil(estimate * 0.8) + len(attachment_labels)
    high = math.ceil(estimate * 1.3) + 1 + len(attachment_labels) + table_rows // 8
    assert low <= len(pages) <= high, (len(pages), low, high)
    # 第一页有正文；每个附件另起一页，附件标签在该页第一行
    assert gen.lines[2][:10].replace(" ", "") in pages[0].replace(" ", "").replace("\n", "")
    firsts = [next((l.replace(" ", "") for l in page.splitlines() if l.strip()), "") for page in pages]
    for label in attachment_labels:
        assert label in firsts, (label, firsts)
    # 落款不单独落在一页上：它所在的页还有正文或附件说明
    name = gen.book.info["支部名称"]
    page = next(p for p in pages if any(l.strip() == name for l in p.splitlines()))
    assert sum(1 for l in page.splitlines() if l.strip()) > 3
    # 页码连续：— 1 — 到 — n —
    numbers = [int(m) for p in pages for m in re.findall(r"—\s*(\d+)\s*—", p)]
    assert numbers == list(range(1, len(pages) + 1))


# ================================================================ 1. 公司支部


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    return generate(company_branch(), tmp_path_factory.mktemp("company"), "公司二支部")


def test_company_report_is_written_and_only_its_meetings_are_reminded(company):
    assert company.code == 0, company.out + company.err
    assert f"已生成报告：{company.target}" in company.out
    # 2016—2017 年的报告期按 2018 年条例施行前的“三会一课”制度对照：只有 B01 一次党员大会（第二季度）、
    # B03 一次党课（第二季度），没有支委会、党小组会的记录。除此之外一条提醒也没有。
    assert meeting_reminders(company) == [
        missing("支部党员大会", "2016年第三季度、第四季度", OLD_RULES.format("支部党员大会一般每季度召开一次")),
        missing("支部委员会", MONTHS_2016, OLD_RULES.format("支部委员会一般每月召开一次")),
        missing("党小组会（第一党小组）", MONTHS_2016, OLD_RULES.format("党小组会一般每月召开一次")),
        missing("党小组会（第二党小组）", MONTHS_2016, OLD_RULES.format("党小组会一般每月召开一次")),
        missing("党课", "2016年第三季度、第四季度", LECTURE),
    ]
    assert [f for f in company.findings if not f["code"].startswith("meetings.")] == []
    assert company.target.read_bytes()[:2] == b"PK"
    assert company.document.core_properties.author == company.book.info["支部名称"]


def test_company_title_subtitle_and_addressee(company):
    lines, info = company.lines, company.book.info
    assert lines[0].replace("\n", "") == f"{info['支部名称']}开展{info['活动名称']}活动阶段性工作情况"
    assert_title_shape(lines[0].split("\n"))
    assert lines[1] == info["副标题"]
    assert lines[2] == info["主送机关"] + "："
    assert lines[3].startswith("2016年5月1日至2017年1月15日，")


def test_company_figures_are_computed_from_the_register(company):
    book = company.book
    on_end = members_on(book.members, book.info["报告期结束"])
    figures = {
        "党员总数": len(on_end),
        "职工党员数": sum(m["人员类别"] == "职工" for m in on_end),
        "管理人员党员数": sum(m["人员类别"] == "管理人员" for m in on_end),
        "预备党员数": sum(m["党员类别"] == "预备党员" for m in on_end),
        "女党员数": sum(m["性别"] == "女" for m in on_end),
    }
    assert figures == {"党员总数": 13, "职工党员数": 9, "管理人员党员数": 4, "预备党员数": 1, "女党员数": 2}
    intro = company.lines[3]
    assert (
        f"宏远机械公司第二党支部按照公司党委的统一部署，扎实开展两学一做学习教育。支部现有党员{figures['党员总数']}名，"
        f"其中职工党员{figures['职工党员数']}名、管理人员党员{figures['管理人员党员数']}名，"
        f"预备党员{figures['预备党员数']}名，女党员{figures['女党员数']}名。现将有关情况汇报如下："
    ) in intro
    measures = section(company.lines, "两学一做", "具体措施")
    # 具体措施开头是报告默认写的 {三会一课情况}，接着是报告正文里具体措施的段落
    assert measures[0].startswith("报告期内，宏远机械公司第二党支部按照“三会一课”制度开展组织生活：支部党员大会1次")
    assert measures[1] == f"报告期内，支部共开展各类活动{len(in_period(book))}次，主要做法如下。"
    b01 = book.activity("B01")
    assert f"党员出勤率{rate(b01['实到人数'], b01['应到人数'])}。" in company.text
    assert "{" not in company.text and "}" not in company.text


def test_company_sections_groups_and_numbering(company):
    lines, book = company.lines, company.book
    assert [l for l in lines if LEVEL1.match(l)] == [f"{'一二三四'[i]}、开展两学一做活动的{s}" for i, s in enumerate(SECTIONS)]
    name = {a["编号"]: a["名称"] for a in book.activities}
    # 措施分组按第一次出现的先后；没有分组的组织生活会放最后，作“其他工作”
    assert outline(section(lines, "两学一做", "具体措施")) == [
        "（一）学习动员，统一思想", f"1.{name['B01']}", f"2.{name['B02']}",
        "（二）立足岗位，做合格党员", f"1.{name['B03']}", f"2.{name['B04']}",
        "（三）其他工作", f"1.{name['B05']}",
    ]
    # 成效单独成段，紧跟在活动内容后面
    at = next(i for i, l in enumerate(lines) if l.startswith(f"2.{name['B04']}。"))
    assert lines[at + 1] == book.activity("B04")["成效"]
    # 努力方向的小标题是（一）（二），独立成行，没有句末标点
    assert section(lines, "两学一做", "努力方向") == [
        "（一）深化学习教育", "把学习教育融入日常、抓在经常，推动党员学习常态化。",
        "（二）建立长效机制", "把行之有效的做法用制度固定下来，形成长效机制。",
        "特此报告。",
    ]
    assert_no_list_numbering(company.document)


def test_company_attachments_without_commitments_signature_and_date(company):
    lines, book = company.lines, company.book
    # 没有公开承诺表：三会一课统计表是附件1，活动开展情况统计表是附件2
    note = lines.index("附件：1.三会一课及组织生活开展情况统计表")
    assert lines[note + 1] == "2.活动开展情况统计表"
    assert not any("公开承诺" in l for l in lines)
    assert lines.index("特此报告。") < note  # 结束语在附件说明之前
    name, date = signature_block(lines, book.info["支部名称"])
    assert lines.index(name, 2) == note + 2
    assert date == arabic_date(book.info["成文日期"]) == "2017年1月20日"
    assert lines[-4:] == ["附件1", "三会一课及组织生活开展情况统计表", "附件2", "活动开展情况统计表"]


def test_company_attachment_table(company):
    meetings, table = tables_text(company.document)
    # 2018 年条例施行前的规则管四类会议：一类一行
    assert [r[:3] for r in meetings] == [
        ["类型", "规定", "次数"],
        ["支部党员大会", "支部党员大会一般每季度召开一次", "1"],
        ["支部委员会", "支部委员会一般每月召开一次", "0"],
        ["党小组会", "党小组会一般每月召开一次", "0"],
        ["党课", "党课一般每季度一次", "1"],
    ]
    assert meetings[2][4] == MONTHS_2016
    assert len(table) == 1 + 5 + 1
    assert_activity_table(table, company.book)
    assert table[-1][4:] == ["63", "60", "95.2%"]  # 12+12+13+13+13，11+12+12+13+12
    assert_header_rows_repeat(company.document)


def test_company_report_never_shows_id_numbers_or_phones(company):
    xml = company.document.element.xml
    for m in company.book.members:
        assert m["身份证号"] not in xml and m["身份证号"][-4:] + "<" not in xml
        assert m["联系电话"] not in xml


def test_company_member_without_confirmation_date_is_refused(tmp_path):
    book = company_branch()
    row = next(i for i, m in enumerate(book.members) if m["姓名"] == "何文斌")
    book.members[row]["转正日期"] = None
    bad = generate(book, tmp_path, "缺转正日期")
    sheet = book.sheets[MEMBERS]
    letter = sheet.letter("转正日期")
    assert (sheet.row_of(row), letter) == (13, "J")
    assert_refused(bad, f"[错误] 党员名册 · 第13行（姓名：何文斌）· {letter}列「转正日期」")
    assert "正式党员必须填写转正日期" in bad.out and f"在 {letter}13 填写转正日期" in bad.out
    assert [f["code"] for f in bad.findings if f["level"] == "error"] == ["member.confirmed_missing"]


@needs_render
def test_company_pages(company, tmp_path):
    pages = render_pages(company.target, tmp_path)
    assert len(pages) == 5  # 正文三页（具体措施开头多了三会一课一段，落款落到第三页），两个附件各一页
    assert_pages_plausible(pages, company, ["附件1", "附件2"])


# ================================================================ 2. 学生支部


@pytest.fixture(scope="module")
def students(tmp_path_factory):
    return generate(students_branch(), tmp_path_factory.mktemp("students"), "本科生一支部")


def test_students_report_is_written_and_probation_reminders_follow_the_path(students):
    assert students.code == 0, students.out + students.err
    out = students.out
    assert out.index(f"已生成报告：{students.target}") < out.index("请核对以下提醒（报告已照常生成）")
    sheet = students.book.sheets[MEMBERS]
    letter = sheet.letter("党员类别")
    end = students.book.info["报告期结束"]
    due = [(i, m) for i, m in enumerate(students.book.members)
           if m["党员类别"] == "预备党员" and m["入党日期"].replace(year=m["入党日期"].year + 1) <= end]
    assert [m["姓名"] for _, m in due] == ["黄诗涵", "周俊熙"]
    for i, m in due:
        assert f"[提醒] 党员名册 · 第{sheet.row_of(i)}行（姓名：{m['姓名']}）· {letter}列「党员类别」" in out
    warnings = students.warnings()
    footer = students.book.sheets[ATTENDANCE]
    assert sorted((w["code"], w["row"]) for w in warnings if w["code"] not in ("column.extra",) and not w["code"].startswith("meetings.")) == [
        ("member.probation_due", sheet.row_of(i)) for i, _ in due
    ] + [("row.not_record", footer.row_of(len(footer.rows)))]  # 出勤明细下面的合计行：说一声，不计入
    # 2021 年按 2018 年条例对照：党员大会只在 3 月（第一季度只有一个月在报告期内，按天数折算不作要求），
    # 支委会只在 10 月，党课只在第二季度，主题党日只在 5 月；胡博文唯一一次主题党日缺席、没有请假
    months = "2021年3月、4月、{}、12月"
    assert meeting_reminders(students) == [
        ("meetings.always_absent", "报告期内出勤明细记了胡博文的1次主题党日（A03），是“缺席”，没有“请假”"),  # 党员名册在前
        missing("支部党员大会", "2021年第二季度、第三季度、第四季度", REGULATIONS.format("一般每季度召开1次")),
        missing("支部委员会", months.format("5月、6月、7月、8月、9月、11月"), REGULATIONS.format("一般每月召开1次")),
        missing("党课", "2021年第三季度、第四季度", LECTURE),
        missing("主题党日", months.format("6月、7月、8月、9月、10月、11月"), REGULATIONS.format("每月相对固定1天开展主题党日")),
    ]
    # 多出来的“备用”列：说一声不读取，不算错误
    (extra,) = [w for w in warnings if w["code"] == "column.extra"]
    assert "备用" in extra["problem"] and extra["sheet"] == MEMBERS
    # 出勤明细下面的“合计”行、活动记录上面的标题行都不是数据：合计行说一声（提醒、不计入），别的不报
    assert [(f["code"], f["cell"]) for f in students.findings
            if f["sheet"] in (ATTENDANCE, ACTIVITIES) and not f["code"].startswith("meetings.")] == [
        ("row.not_record", f"A{footer.row_of(len(footer.rows))}")
    ]


def test_students_figures_including_commitments_and_activity_references(students):
    book = students.book
    on_end = members_on(book.members, book.info["报告期结束"])
    assert (len(on_end), sum(m["人员类别"] == "学生" for m in on_end), sum(m["党员类别"] == "预备党员" for m in on_end)) == (15, 14, 7)
    assert (
        f"2021年3月1日至2021年12月31日，计算机学院本科生第一党支部在计算机学院党委领导下扎实开展党史学习教育。"
        f"支部现有党员{len(on_end)}名，其中学生党员14名、预备党员7名。"
    ) in students.text
    commitments = book.commitments
    persons = {c["承诺人"] for c in commitments if c["承诺主体"] == "党员"}
    done = sum(c["践诺进度"] == "已兑现" for c in commitments)
    a05, a07 = book.activity("A05"), book.activity("A07")
    assert (len(persons), len(commitments), done) == (13, 15, 9)
    assert (
        f"支部{len(persons)}名党员和支部共作出公开承诺{len(commitments)}项，已兑现{done}项；"
        f"七一当天{a05['实到人数']}名党员集中收看庆祝大会直播，专题组织生活会出勤率{rate(a07['实到人数'], a07['应到人数'])}。"
    ) in students.text
    assert "七一当天13名党员" in students.text and "出勤率93.3%" in students.text
    a03, a04 = book.activity("A03"), book.activity("A04")
    assert f"出勤率{rate(a03['实到人数'], a03['应到人数'])}。" in students.text and "出勤率80%。" in students.text
    assert f"参加服务的学生党员{a04['实到人数']}名。" in students.text


def test_students_counts_agree_with_the_attendance_sheet(students):
    """逐人出勤明细与活动记录的人数一致（工作簿本身的前提，也是报告附件里的数）。"""
    book = students.book
    for a in book.activities:
        rows = [r for r in book.attendance if r["活动编号"] == a["编号"]]
        assert len(rows) == a["应到人数"]
        assert sum(r["状态"] == "出席" for r in rows) == a["实到人数"]
        assert sum(r["状态"] == "请假" for r in rows) == a["请假人数"]


def test_students_structure_order_and_chinese_date(students):
    lines, book = students.lines, students.book
    assert lines[0].replace("\n", "") == "计算机学院本科生第一党支部开展党史学习教育阶段性工作情况"
    assert_title_shape(lines[0].split("\n"))
    assert lines[1].startswith("2021年3月1日至2021年12月31日，")  # 没有副标题、主送机关：标题下面就是前言
    assert [l for l in lines if LEVEL1.match(l)] == [f"{'一二三四'[i]}、开展党史学习教育的{s}" for i, s in enumerate(SECTIONS)]
    name = {a["编号"]: a["名称"] for a in book.activities}
    measures = section(lines, "党史学习教育", "具体措施")
    assert measures[0].startswith("报告期内，计算机学院本科生第一党支部按照《中国共产党支部工作条例（试行）》开展组织生活：")
    assert measures[1].startswith("支部13名党员和支部共作出公开承诺")  # 报告正文的具体措施段落在活动之前
    assert outline(measures) == [
        "（一）深入学习，筑牢信仰之基", f"1.{name['A01']}", f"2.{name['A02']}", f"3.{name['A05']}",
        "（二）传承红色基因，践行初心使命", f"1.{name['A03']}", f"2.{name['A04']}", f"3.{name['A07']}",
        "（三）其他工作", f"1.{name['A06']}",
    ]
    # 努力方向按“序号”排，不按行的顺序
    assert section(lines, "党史学习教育", "努力方向") == ["继续做好预备党员的教育考察，按期讨论转正。", "把学习成果转化为学好专业、服务同学的实际行动。"]
    # 三个附件：附件说明编号，标签带序号
    note = lines.index("附件：1.党员公开承诺情况汇总表")
    assert lines[note + 1 : note + 3] == ["2.三会一课及组织生活开展情况统计表", "3.活动开展情况统计表"]
    name_line, date = signature_block(lines, book.info["支部名称"])
    assert lines.index(name_line, 2) == note + 3
    assert date == chinese_date(book.info["成文日期"]) == "二〇二二年一月十日"
    assert lines[-6:] == ["附件1", "党员公开承诺情况汇总表", "附件2", "三会一课及组织生活开展情况统计表", "附件3", "活动开展情况统计表"]


def test_students_attachment_tables(students):
    book = students.book
    commitments, meetings, activities = tables_text(students.document)
    assert [r[0] for r in meetings[1:]] == ["支部党员大会", "支部委员会", "党小组会", "党课", "主题党日", "组织生活会", "民主评议党员"]
    assert commitments[0] == ["序号", "承诺人", "人员类别", "承诺事项", "完成时限", "践诺进度"]
    assert len(commitments) == 1 + len(book.commitments) == 16
    category = {m["姓名"]: m["人员类别"] for m in book.members}
    for n, (row, c) in enumerate(zip(commitments[1:], book.commitments), start=1):
        assert row[0] == str(n) and row[1] == c["承诺人"] and row[3] == c["承诺事项"]
        assert row[2] == ("党支部" if c["承诺主体"] == "支部" else category[c["承诺人"]])
        assert row[4] == table_date(c["完成时限"]) and row[5] == c["践诺进度"]
    assert {r[5] for r in commitments[1:]} == {"已兑现", "推进中", "未兑现"}
    assert len(activities) == 1 + 7 + 1
    assert_activity_table(activities, book)  # 日期原是“2021.3.5”“2021年4月1日”这样的文字
    assert_header_rows_repeat(students.document)


def test_students_attendance_disagreeing_with_present_count_is_refused(tmp_path):
    book = students_branch()
    a03 = book.activity("A03")
    rows = [i for i, r in enumerate(book.attendance) if r["活动编号"] == "A03"]
    flip = next(i for i in rows if book.attendance[i]["状态"] == "出席")
    book.attendance[flip]["状态"] = "缺席"  # 签到表上漏了一个人，实到人数没跟着改
    bad = generate(book, tmp_path, "出勤对不上")
    acts = book.sheets[ACTIVITIES]
    at = acts.row_of(book.activities.index(a03))
    letter = acts.letter("实到人数")
    assert (at, letter) == (5, "K")  # 标题行占第 1 行，表头第 2 行
    assert_refused(bad, f"[错误] 活动记录 · 第{at}行（编号：A03）· {letter}列「实到人数」")
    first, last = book.sheets[ATTENDANCE].row_of(rows[0]), book.sheets[ATTENDANCE].row_of(rows[-1])
    assert f"出勤明细第{first}–{last}行" in bad.out
    assert f"其中有 {a03['实到人数'] - 1} 行“出席”" in bad.out and f"实到人数是 {a03['实到人数']}" in bad.out
    assert [f["code"] for f in bad.findings if f["level"] == "error"] == ["attendance.present_mismatch"]


@needs_render
def test_students_pages(students, tmp_path):
    pages = render_pages(students.target, tmp_path)
    assert_pages_plausible(pages, students, ["附件1", "附件2", "附件3"])


# ================================================================ 3. 61 人的大支部


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    return generate(large_branch(), tmp_path_factory.mktemp("large"), "理学院教工一支部")


def test_large_report_is_written_and_the_outside_activity_is_a_reminder(large):
    assert large.code == 0, large.out + large.err
    book = large.book
    outside = [a for a in book.activities if a not in in_period(book)]
    assert [a["编号"] for a in outside] == ["C90"]
    acts = book.sheets[ACTIVITIES]
    row = acts.row_of(book.activities.index(outside[0]))
    assert [(w["code"], w["row"], w["column"], w["header"]) for w in large.warnings() if not w["code"].startswith("meetings.")] == [
        ("activity.outside_period", row, acts.letter("开始日期"), "开始日期")
    ]
    # 2019 年下半年按 2018 年条例对照：活动里只有一次党员大会、一次党小组会（没写是哪个党小组的，
    # 四个党小组都看不出）、一次党课和 12 月的主题党日
    monthly = REGULATIONS.format("一般每月召开1次")
    group = next(i for i, a in enumerate(book.activities) if a["类型"] == "党小组会")
    assert meeting_reminders(large) == [
        missing("支部党员大会", "2019年第三季度、第四季度", REGULATIONS.format("一般每季度召开1次")),
        missing("支部委员会", MONTHS_2019, monthly),
        *(missing(f"党小组会（第{n}党小组）", MONTHS_2019, monthly) for n in range(1, 5)),
        missing("党课", "2019年第三季度、第四季度", LECTURE),
        missing("主题党日", "2019年6月、7月、8月、9月、10月、11月", REGULATIONS.format("每月相对固定1天开展主题党日")),
        ("meetings.group_unclear", "这次党小组会没有写明是哪个党小组开的，出勤明细里也看不出（名册里有：第1党小组、第2党小组、第3党小组、第4党小组）"),
    ]
    assert [f["row"] for f in large.findings if f["code"] == "meetings.group_unclear"] == [acts.row_of(group)]
    assert large.out.index("已生成报告：") < large.out.index(f"[提醒] 活动记录 · 第{row}行（编号：C90）· B列「开始日期」")


def test_large_title_is_broken_within_twenty_characters(large):
    title = large.lines[0].split("\n")
    assert "".join(title) == large.book.info["报告标题"]
    assert len(title) == 3 and all(len(l) <= 20 for l in title)
    assert large.lines[1] == "中共理学院委员会："


def test_large_title_is_a_trapezoid_or_diamond(large):
    assert_title_shape(large.lines[0].split("\n"))


def test_large_figures(large):
    book = large.book
    on_end = members_on(book.members, book.info["报告期结束"])
    count = {c: sum(m["人员类别"] == c for m in on_end) for c in ("教师", "管理人员", "离退休")}
    women = sum(m["性别"] == "女" for m in on_end)
    probationary = sum(m["党员类别"] == "预备党员" for m in on_end)
    assert len(on_end) == 61 and count == {"教师": 34, "管理人员": 15, "离退休": 12} and probationary == 2
    # {活动总数} 与附件统计表的“合计（N项）”同一基数：报告期内写入报告的，不含不写入报告的 C91、报告期外的 C90
    total = len(reported(book))
    assert total == len(in_period(book)) - 1 == len(book.activities) - 2 == 13
    assert (
        f"理学院教工第一党支部现有党员61名，其中教师党员34名、管理人员党员15名、离退休党员12名，"
        f"女党员{women}名，预备党员{probationary}名。2019年6月1日至2019年12月31日，支部按照理学院党委部署，"
        f"开展各类活动{total}项，党员和支部作出公开承诺{len(book.commitments)}项。现将有关情况汇报如下："
    ) == large.lines[2]
    c02, c04 = book.activity("C02"), book.activity("C04")
    assert f"出勤率{rate(c02['实到人数'], c02['应到人数'])}。" in large.text
    assert f"{rate(c04['实到人数'], c04['应到人数'])}的党员参加了此前的组织生活会" in large.text


def test_large_three_levels_of_sub_items(large):
    lines, book = large.lines, large.book
    name = {a["编号"]: a["名称"] for a in book.activities}
    measures = section(lines, "不忘初心、牢记使命", "具体措施")
    # 报告正文里带小标题的具体措施段落占了（一），活动的分组接着编（二）（三）（四）
    assert outline(measures) == [
        "（一）加强组织领导，压实工作责任",
        "（二）深入学习，提高认识", f"1.{name['C01']}", f"2.{name['C02']}", f"3.{name['C03']}",
        f"（1）{name['C031']}", f"（2）{name['C032']}",
        f"①{name['C0321']}", f"②{name['C0322']}", f"③{name['C0323']}",
        f"（3）{name['C033']}",
        "（三）检视问题，整改落实", f"1.{name['C04']}", f"2.{name['C05']}",
        "（四）发挥作用，服务师生", f"1.{name['C06']}", f"2.{name['C07']}",
    ]
    # 有下一级的项目，内容与名称相同：标题单独成行，没有句末标点
    assert f"3.{name['C03']}" in lines and f"（2）{name['C032']}" in lines
    # 报告期外的 C90、不写入报告的 C91：正文和附件里都没有
    for code in ("C90", "C91"):
        assert name[code] not in large.text
        assert all(name[code] not in cell for t in tables_text(large.document) for r in t for cell in r)


def test_large_attachments_signature_and_default_date(large):
    lines, book = large.lines, large.book
    commitments, meetings, activities = tables_text(large.document)
    assert len(meetings) == 1 + 7  # 2018 年条例管七类会议
    assert len(commitments) == 1 + len(book.commitments) == 33
    assert [r[1] for r in commitments[1:3]] == [book.info["支部名称"]] * 2 and commitments[1][2] == "党支部"
    category = {m["姓名"]: m["人员类别"] for m in book.members}
    assert [r[2] for r in commitments[3:]] == [category[c["承诺人"]] for c in book.commitments[2:]]
    assert len(activities) == 1 + len(reported(book)) + 1 == 15
    assert_activity_table(activities, book)
    assert_header_rows_repeat(large.document)
    note = lines.index("附件：1.党员公开承诺情况汇总表")
    assert lines[note + 1 : note + 3] == ["2.三会一课及组织生活开展情况统计表", "3.活动开展情况统计表"]
    # 没填成文日期：落款日期是报告期结束
    assert signature_block(lines, book.info["支部名称"])[1] == arabic_date(book.info["报告期结束"]) == "2019年12月31日"
    xml = large.document.element.xml
    assert not any(m["身份证号"] in xml or m["联系电话"] in xml for m in book.members)


def test_large_unknown_placeholder_is_refused(tmp_path):
    book = large_branch()
    rows = book.sheets[NARRATIVE].rows
    rows[0]["文本"] = rows[0]["文本"].replace("{党员总数}", "{党员人数}")
    bad = generate(book, tmp_path, "占位符写错")
    sheet = book.sheets[NARRATIVE]
    letter = sheet.letter("文本")
    assert_refused(bad, f"[错误] 报告正文 · 第{sheet.row_of(0)}行（章节：前言）· {letter}列「文本」")
    assert "填写的是：“{党员人数}”" in bad.out and "没有叫{党员人数}的数字" in bad.out
    (error,) = [f for f in bad.findings if f["level"] == "error"]
    assert error["code"] == "text.placeholder_unknown" and error["cell"] == f"{letter}2"
    assert "{党员总数}" in error["problem"]


def test_large_unknown_placeholder_suggests_the_obvious_name_first(tmp_path):
    book = large_branch()
    rows = book.sheets[NARRATIVE].rows
    rows[0]["文本"] = rows[0]["文本"].replace("{党员总数}", "{党员人数}")
    bad = generate(book, tmp_path, "占位符写错")
    assert "相近的有：{党员总数}" in bad.out


def test_large_fourth_level_uses_yishi_ershi(tmp_path):
    book = large_branch()
    at = next(i for i, a in enumerate(book.activities) if a["编号"] == "C0321")
    extra = [
        {"编号": "C03211", "开始日期": dt.date(2019, 7, 13), "类型": "专题学习", "名称": "数学系教师党员集体备课",
         "上级编号": "C0321", "参加范围": "其他", "内容": "数学系教师党员集体备课，研究课程思政教学设计。"},
        {"编号": "C03212", "开始日期": dt.date(2019, 7, 14), "类型": "专题学习", "名称": "物理系教师党员集体备课",
         "上级编号": "C0321", "参加范围": "其他", "内容": "物理系教师党员集体备课。"},
    ]
    book.activities[at + 1 : at + 1] = extra
    deep = generate(book, tmp_path, "四级分项")
    assert deep.code == 0, deep.out
    circled = [l[0] for l in deep.lines if LEVEL5.match(l)]
    assert circled == ["①", "②", "③"]
    assert re.search(r"一是数学系教师党员集体备课.*二是物理系教师党员集体备课", deep.text)


@needs_render
def test_large_pages(large, tmp_path):
    pages = render_pages(large.target, tmp_path)
    assert_pages_plausible(pages, large, ["附件1", "附件2", "附件3"])


@pytest.mark.parametrize(
    "title, expected",
    [
        # 不把“创先争优活动”拆到两行：上长下短
        ("商贸系党支部开展创先争优活动阶段性工作情况", ("商贸系党支部开展创先争优活动", "阶段性工作情况")),
        # 两行只能断成倒梯形时，多断一行成菱形
        (
            "计算机学院学生第二党支部开展两学一做学习教育活动阶段性工作情况汇报",
            ("计算机学院学生第二党支部", "开展两学一做学习教育活动", "阶段性工作情况汇报"),
        ),
    ],
)
def test_title_breaks_at_words_into_a_trapezoid_or_diamond(title, expected):
    from toolkit.report.titles import break_title

    lines = break_title(title)
    assert lines == expected
    assert_title_shape(list(lines))

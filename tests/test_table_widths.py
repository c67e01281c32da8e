"""附件表格的栏宽由表里的内容定（以字计：汉字 1，半角约 ½）：日期从不断开，支部名称只在词与词之间折行。
最后用 LibreOffice 在本机默认的字体配置下排出来（不用测试的字体映射），从 PDF 里读回每一格。"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from toolkit.report.document import Attachment, Column, StageReport, Table, char_width, column_needs
from toolkit.report.docx import write_docx
from toolkit.report.pdf import find_soffice
from toolkit.report.titles import good_breaks
from toolkit.style import profile

STYLE = profile("gb2312")
CHAR = STYLE.table_char_width
EXTRA = 2 * STYLE.table_cell_margin + int(CHAR * STYLE.table_header_slack)
TOTAL = STYLE.text_width

DATES = ["2010.10.15", "2010.7.9", "2010.12.31", "2011.1.7", "2010.11.20", "2010.9.30", "2021.10.1", "2022.2.28"]
NAMES = [
    "江南机电公司第二党支部",
    "计算机学院学生第二党支部",
    "商贸系党支部",
    "化工系教工第一党支部",
    "经济管理学院本科生第三党支部",
    "市交通运输局机关第一党支部",
    "理学院教工第一党支部",
    "国网江南供电公司营销部党支部",
]
ACTIVITY_COLUMNS = (("日期", 26, "center"), ("活动名称", 46, "left"), ("类型", 22, "center"), ("参加范围", 22, "center"),
                    ("应到", 12, "center"), ("实到", 12, "center"), ("出勤率", 16, "center"))
BRANCH_COLUMNS = (("序号", 10, "center"), ("支部名称", 46, "left"), ("党员", 12, "center"), ("正式", 12, "center"), ("预备", 12, "center"),
                  ("活动", 12, "center"), ("出勤率", 16, "center"), ("承诺", 12, "center"), ("已兑现", 16, "center"))  # 汇总报告的那张表


def columns(spec) -> tuple[Column, ...]:
    return tuple(Column(h, float(w), a) for h, w, a in spec)


def activity_table(dates=DATES, names=NAMES) -> Table:
    rows = tuple((d, f"{n}开展“重温入党誓词”主题党日活动", "主题党日", "全体党员", "25", "24", "96%") for d, n in zip(dates, names))
    return Table(columns(ACTIVITY_COLUMNS), rows, ("", "合计（8项）", "", "", "200", "192", "96%"))


def branch_table(names=NAMES) -> Table:
    rows = tuple((str(i), n, "125", "112", "13", "16", "95.5%", "112", "100") for i, n in enumerate(names, start=1))
    return Table(columns(BRANCH_COLUMNS), rows, ("", "合计", "1000", "896", "104", "128", "95.5%", "896", "800"))


def laid_out(table: Table):
    layout = table.layout(TOTAL, CHAR, EXTRA)
    assert sum(layout.widths) == TOTAL and len(layout.widths) == len(table.columns)
    return layout


def room(width: int) -> float:
    return (width - EXTRA) / CHAR + 1e-9


# ---------------------------------------------------------------- 量出来的宽度


@pytest.mark.parametrize("dates", [DATES, ["2010.10.15"] * 3, ["2010.1.1", "2010.10.15"], ["2021年10月15日", "2021年1月1日"]])
def test_the_date_column_holds_the_longest_date_on_one_line(dates):
    layout = laid_out(activity_table(dates, NAMES[: len(dates)]))
    longest = max(char_width(d) for d in dates)
    assert room(layout.widths[0]) >= longest
    assert all("\n" not in row[0] for row in layout.rows)


@pytest.mark.parametrize("names", [NAMES, NAMES[:3], NAMES[4:], ["江南机电公司第二党支部"] * 5])
def test_names_break_only_between_words(names):
    layout = laid_out(branch_table(names))
    width = room(layout.widths[1])
    for name, row in zip(names, layout.rows):
        cell = row[1]
        assert cell.replace("\n", "") == name
        lines = cell.split("\n")
        assert all(char_width(line) <= width for line in lines) or len(lines) == 1, (cell, width)
        at = 0
        for line in lines[:-1]:
            at += len(line)
            assert at in good_breaks(name), f"{name[:at]}/{name[at:]}"


def test_names_that_fit_are_left_alone():
    table = Table(columns((("序号", 8, "center"), ("支部", 30, "left"), ("党员", 10, "center"))), tuple((str(i), n, "5") for i, n in enumerate(NAMES)))
    layout = laid_out(table)
    assert [row[1] for row in layout.rows] == NAMES
    assert room(layout.widths[1]) >= max(char_width(n) for n in NAMES)


def test_spare_width_goes_to_the_column_whose_text_is_longest():
    long_text = "认真学习党章党规，按时参加组织生活，主动联系服务群众，带头完成本岗位的各项工作任务" * 2
    table = Table(columns((("序号", 12, "center"), ("承诺人", 24, "center"), ("承诺事项", 58, "left"), ("完成时限", 24, "center"))),
                  tuple((str(i), "沈慧琳", long_text, "2010.12.31") for i in range(3)))
    widths = laid_out(table).widths
    assert widths[2] == max(widths) and room(widths[3]) >= char_width("2010.12.31") and room(widths[1]) >= 3


def test_a_crowded_table_still_gives_every_header_one_line():
    spec = tuple((f"第{i}栏", 10, "center") for i in range(9))
    table = Table(columns(spec), (tuple("2010.10.15" for _ in spec),))  # 日期整串放不下：按比例，表头仍一行
    for width, column in zip(laid_out(table).widths, table.columns):
        assert width >= 2.5 * CHAR + EXTRA


def test_numbers_and_their_units_stay_together():
    cell = "2016年5月、6月、7月、8月、9月、10月、11月"
    table = Table(columns((("类型", 22, "center"), ("规定", 34, "left"), ("没有记录的", 10, "left"))), (("党课", "一般每季度一次", cell),))
    for line in laid_out(table).rows[0][2].split("\n"):
        assert not line.startswith(("月", "年", "、")) and not line[-1:].isdigit(), line


def test_the_header_always_fits_one_line():
    for table in (activity_table(), branch_table()):
        layout = laid_out(table)
        for width, column in zip(layout.widths, table.columns):
            assert width >= column_needs(column.header, []).least * CHAR + EXTRA


def test_a_table_that_cannot_fit_falls_back_to_the_given_proportions():
    spec = tuple((f"栏{chr(0x4E00 + i)}", 10, "center") for i in range(14))
    table = Table(columns(spec), (tuple("2010.10.15" for _ in spec),))
    widths = laid_out(table).widths
    assert max(widths) - min(widths) <= 1  # 按 Column.width 的比例（这里都一样）


def test_the_layout_is_the_same_every_time():
    assert laid_out(branch_table()) == laid_out(branch_table())
    assert write_docx(report(), STYLE) == write_docx(report(), STYLE)


# ---------------------------------------------------------------- LibreOffice 排出来的样子（本机默认的字体配置）


def report() -> StageReport:
    attachments = (Attachment("附件1", "活动开展情况统计表", activity_table()), Attachment("附件2", "各党支部情况", branch_table()))
    return StageReport(("表格",), (), attachments, "表格", "支部", dt.date(2011, 1, 7))


@pytest.fixture(scope="module")
def pdf_words(tmp_path_factory):
    soffice, pdftotext = find_soffice(), shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        pytest.skip("需要 LibreOffice 和 pdftotext")
    work = tmp_path_factory.mktemp("widths")
    source = work / "tables.docx"
    source.write_bytes(write_docx(report(), STYLE))
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}  # 默认的字体配置：公文字体多半没有
    subprocess.run([soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(source)],
                   check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    text = subprocess.run([pdftotext, "-layout", str(work / "tables.pdf"), "-"], check=True, capture_output=True, text=True).stdout
    return text.split()


def test_no_date_is_broken_in_the_pdf(pdf_words):
    for date in DATES:
        assert date in pdf_words, (date, [w for w in pdf_words if w[:4] == date[:4]])
    assert not [w for w in pdf_words if w[:4].isdigit() and "." in w and w not in DATES]


def test_names_in_the_pdf_break_only_between_words(pdf_words):
    words = set(pdf_words)
    for name in NAMES:
        whole = name in words
        split = [k for k in good_breaks(name) if name[:k] in words and name[k:] in words]
        assert whole or split, (name, [w for w in words if w and w in name])

"""两种报告共用的措辞（templates/report/common.j2）：附件标识、附件说明的开头、报告期、输出文件名。

改一处，支部报告、党委汇总报告和汇总表一起改；以前复制的、没有 common.j2 的模板文件夹照样能用。
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

from tests.test_rollup import toolkit
from tests.workbooks import small_branch, write_workbook
from toolkit.checks import check_file
from toolkit.report.build import build_report, default_report_name

ROOT = Path(__file__).resolve().parent.parent
NAME = "院党委"


def texts(report: Path | bytes) -> list[str]:
    source = str(report) if isinstance(report, Path) else io.BytesIO(report)
    return [p.text for p in docx.Document(source).paragraphs if p.text.strip()]


@pytest.fixture
def workbook(tmp_path):
    folder = tmp_path / "支部"
    folder.mkdir()
    return write_workbook(folder / "数据簿.xlsx", small_branch())


@pytest.fixture
def edited(tmp_path):
    """一份改了 common.j2 的模板文件夹：附件标识、报告期、两个文件名都换了说法。"""
    mine = tmp_path / "我的措辞"
    shutil.copytree(ROOT / "templates" / "report", mine)
    common = mine / "common.j2"
    text = common.read_text(encoding="utf-8")
    for old, new in (
        ("附件{% if count > 1 %}{{ number }}", "附件{% if count > 1 %}之{{ number }}"),
        ("{{ start }}至{{ end }}", "{{ start }}到{{ end }}"),
        ("{{ who }}阶段性工作情况汇报", "{{ who }}工作汇报"),
        ("{{ who }}各党支部工作汇总表", "{{ who }}汇总表"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    common.write_text(text, encoding="utf-8")
    return mine


def test_the_branch_report_takes_attachment_labels_and_its_file_name_from_common(workbook, edited):
    branch = check_file(workbook).branch
    plain = texts(build_report(branch).data)
    assert "附件1" in plain and "附件2" in plain
    assert default_report_name(branch) == "测试系党支部创先争优阶段性工作情况汇报.docx"
    mine = texts(build_report(branch, template_dir=edited).data)
    assert "附件之1" in mine and "附件之2" in mine and "附件1" not in mine
    assert default_report_name(branch, edited) == "测试系党支部创先争优工作汇报.docx"


def test_the_committee_report_and_summary_take_the_same_wording(workbook, edited, tmp_path):
    out = tmp_path / "输出"
    out.mkdir()
    args = ("rollup", workbook.parent, "--name", NAME, "--start", "2010-07-01", "--end", "2011-01-07", "--quiet")
    code, _, err = toolkit(*args, "-o", out, "--template", edited)
    assert code == 0, err
    report = out / f"{NAME}创先争优工作汇报.docx"
    summary = out / f"{NAME}创先争优汇总表.xlsx"
    assert sorted(p.name for p in out.iterdir()) == sorted([report.name, summary.name])
    lines = texts(report)
    assert "附件" in lines  # 只有一个附件：不带序号
    assert any("现将2010年7月1日到2011年1月7日各党支部的工作情况汇报如下" in line for line in lines), lines
    notes = {row[0]: row[1] for row in openpyxl.load_workbook(summary)["说明"].iter_rows(values_only=True)}
    assert notes["报告期"] == "2010年7月1日到2011年1月7日"


def test_a_template_folder_without_common_uses_the_installed_one(workbook, tmp_path):
    """以前复制的模板文件夹里没有 common.j2：共用的措辞用安装时带的，报告照常生成。"""
    mine = tmp_path / "旧的措辞"
    shutil.copytree(ROOT / "templates" / "report", mine)
    (mine / "common.j2").unlink()
    wording = mine / "wording.j2"
    wording.write_text(wording.read_text(encoding="utf-8").replace("活动的{{ section }}", "工作的{{ section }}"), encoding="utf-8")
    lines = texts(build_report(check_file(workbook).branch, template_dir=mine).data)
    assert "一、开展创先争优工作的指导思想" in lines
    assert "附件1" in lines and any(line.startswith("附件：1.") for line in lines)


def test_a_report_template_may_override_a_shared_macro(workbook, tmp_path):
    """wording.j2 里写了同名的宏：支部报告用它自己的。"""
    mine = tmp_path / "我的措辞"
    shutil.copytree(ROOT / "templates" / "report", mine)
    wording = mine / "wording.j2"
    wording.write_text(wording.read_text(encoding="utf-8") + "\n{% macro attachment_note_lead() %}附：{% endmacro %}\n", encoding="utf-8")
    lines = texts(build_report(check_file(workbook).branch, template_dir=mine).data)
    assert any(line.startswith("附：1.") for line in lines) and not any(line.startswith("附件：") for line in lines)

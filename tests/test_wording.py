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
    wording.write_text(wording.read_text(encoding="utf-8").replace("{{ campaign_activity(活动名称) }}的{{ section }}", "{{ 活动名称 }}工作的{{ section }}"), encoding="utf-8")
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


def test_a_folder_copied_before_common_j2_names_the_report_by_default(workbook, tmp_path):
    """只有 wording.j2 的模板文件夹：不给 -o 时，报告的默认文件名照样按安装时带的 common.j2 写。"""
    old = tmp_path / "旧模板"
    old.mkdir()
    shutil.copy(ROOT / "templates" / "report" / "wording.j2", old / "wording.j2")
    code, out, err = toolkit("generate-report", workbook, "--template", old)
    assert code == 0, out + err
    assert (workbook.parent / "测试系党支部创先争优阶段性工作情况汇报.docx").exists(), sorted(p.name for p in workbook.parent.iterdir())


def test_a_missing_section_is_named_by_the_titles_of_the_template_in_use(tmp_path):
    """报告正文缺了“努力方向”：消息里的标题是实际使用的模板印出的那一句（改过的模板也一样）。"""
    from toolkit import api, standard

    data = small_branch()
    data[standard.NARRATIVE.name] = [r for r in data[standard.NARRATIVE.name] if r[standard.NARRATIVE.col.section.name] != standard.Section.DIRECTIONS]
    book = write_workbook(tmp_path / "缺一节.xlsx", data)
    default = [f for f in api.validate(book).findings if f.code == "narrative.section_missing"]
    assert len(default) == 1 and "“开展创先争优活动的努力方向”一节" in default[0].problem
    mine = tmp_path / "我的措辞"
    shutil.copytree(ROOT / "templates" / "report", mine)
    wording = (mine / "wording.j2").read_text(encoding="utf-8")
    assert "{{ campaign_activity(活动名称) }}的{{ section }}" in wording
    (mine / "wording.j2").write_text(wording.replace("{{ campaign_activity(活动名称) }}的{{ section }}", "{{ 活动名称 }}活动{{ section }}的做法"), encoding="utf-8")
    from toolkit.errors import WorkbookHasErrors

    with pytest.raises(WorkbookHasErrors) as problem:
        api.generate_report(book, tmp_path / "r.docx", template_dir=mine)
    titles = [f.problem for f in problem.value.checked.findings if f.code == "narrative.section_missing"]
    assert titles and "“开展创先争优活动努力方向的做法”一节" in titles[0]

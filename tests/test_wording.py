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


# ---------------------------------------------------------------- 不必写出来就知道的报告标题长度

TITLE_INPUTS = [
    ("", "", ""),
    ("商贸系党支部", "院党委", "创先争优"),
    ("支部", "", "党史学习教育"),
    ("支部", "", "主题教育"),
    ("支部", "", "学习"),
    ("支部", "", "重温誓词活动"),
    ("很长的支部名称" * 30, "上级" * 50, "创先争优" * 60),
    ("A&B<党支部>", "{{ x }}", "{% raw %}活动"),
]


def test_the_installed_title_bound_holds_for_the_templates_it_was_checked_on():
    """wording.INSTALLED_TITLE_EXTRA 只对指纹对得上的那一版 wording.j2、common.j2 成立。改了这两个文件时：
    看一眼宏 title（和它用到的 campaign_activity）写出的字比用到的变量至多多几个，改好 INSTALLED_TITLE_EXTRA，
    再把 INSTALLED_TITLE_TEMPLATES 换成这里印出的新指纹。"""
    from toolkit.report import wording
    from toolkit.report.build import PrintedTitles
    from toolkit.standard import BRANCH_INFO

    fingerprint = wording.installed_templates_fingerprint()
    assert fingerprint == wording.INSTALLED_TITLE_TEMPLATES, f"安装时带的模板改过了：核对标题的字数上限后把指纹改成 {fingerprint}"
    for name, parent, campaign in TITLE_INPUTS:
        context = {"支部名称": name, "上级党组织": parent, "活动名称": campaign}
        titles = PrintedTitles(context, None)
        bound = titles.longest(BRANCH_INFO.col.title.name)
        written = wording.Wording(context).title()
        assert len(written) <= bound == wording.installed_title_at_most(context)
        assert dict(PrintedTitles(context, None)) == {
            **{s: wording.Wording(context).section_title(s) for s in ("指导思想", "目标要求", "具体措施", "努力方向")},
            BRANCH_INFO.col.title.name: written,
        }


def test_checking_a_workbook_with_a_short_name_does_not_compile_the_templates():
    """检查时只在要说到某一部分的标题（或按模板写出的标题可能太长）时才按模板写出标题：多数工作簿不必加载 Jinja2。"""
    import subprocess
    import sys

    sample = ROOT / "samples" / "商贸系党支部工作数据簿.xlsx"
    code = (
        "import sys\nfrom toolkit import api\napi.validate(sys.argv[1]).text()\n"
        "print('jinja2' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(sample)], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_a_user_template_is_still_written_out_to_measure_the_title(tmp_path):
    """--template 的文件夹里的标题照常按模板写出来数：用户的模板写出的标题可能很长。"""
    from toolkit.report.build import PrintedTitles
    from toolkit.standard import BRANCH_INFO

    mine = tmp_path / "我的措辞"
    shutil.copytree(ROOT / "templates" / "report", mine)
    wording_file = mine / "wording.j2"
    text = wording_file.read_text(encoding="utf-8")
    wording_file.write_text(text.replace("阶段性工作情况{% endmacro %}", "阶段性工作情况" + "很长" * 200 + "{% endmacro %}", 1), encoding="utf-8")
    titles = PrintedTitles({"支部名称": "支部", "上级党组织": "", "活动名称": "创先争优"}, mine)
    assert titles.longest(BRANCH_INFO.col.title.name) == len(titles[BRANCH_INFO.col.title.name]) > 400

"""generate-report：写出的报告、不覆盖、不留半个文件、同样的输入同样的字节。"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from tests.workbooks import small_branch, write_workbook

ROOT = Path(__file__).resolve().parent.parent


def generate(*args, env_extra=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8", **(env_extra or {}))
    code = "from toolkit.cli.entry import generate_report; generate_report()"
    done = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, encoding="utf-8", env=env, timeout=180)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr


def texts(path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~") or p.suffix == ".tmp")


@pytest.fixture
def workbook(tmp_path):
    return write_workbook(tmp_path / "数据簿.xlsx", small_branch())


def test_report_is_written_beside_the_workbook_by_default(workbook):
    code, out, err = generate(workbook)
    assert code == 0, out + err
    target = workbook.with_name("测试系党支部创先争优阶段性工作情况汇报.docx")
    assert target.is_file()
    assert f"已生成报告：{target}" in out
    lines = texts(target)
    assert lines[0].replace("\n", "") == "测试系党支部开展创先争优活动阶段性工作情况"
    assert "一、开展创先争优活动的指导思想" in lines
    assert "四、开展创先争优活动的努力方向" in lines
    assert any("全支部5名党员人人争先" in t for t in lines)
    assert any("出勤率80%" in t for t in lines)
    assert lines[-1] != "" and "2011年1月7日" in "".join(lines)
    assert leftovers(workbook.parent) == []


def test_existing_report_is_not_overwritten_without_force(workbook, tmp_path):
    target = tmp_path / "报告.docx"
    target.write_bytes(b"the old report")
    code, out, err = generate(workbook, "-o", target)
    assert code == 2 and "已经存在" in err and "--force" in err
    assert target.read_bytes() == b"the old report"
    code, out, err = generate(workbook, "-o", target, "--force")
    assert code == 0
    assert texts(target)[0].startswith("测试系党支部")
    assert target.read_bytes()[:2] == b"PK"


def test_same_workbook_gives_byte_identical_reports(workbook, tmp_path):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    assert generate(workbook, "-o", a)[0] == 0
    assert generate(workbook, "-o", b)[0] == 0
    assert a.read_bytes() == b.read_bytes()
    props = docx.Document(str(a)).core_properties
    assert props.author == "测试系党支部"
    assert props.created.date().isoformat() == "2011-01-07"


def test_workbook_with_errors_writes_nothing_and_exits_1(tmp_path):
    data = small_branch()
    data["党员名册"][0]["性别"] = "未知"
    path = write_workbook(tmp_path / "坏.xlsx", data)
    target = tmp_path / "报告.docx"
    code, out, err = generate(path, "-o", target)
    assert code == 1
    assert "[错误] 党员名册 · 第2行（姓名：林海峰）" in out
    assert "没有生成报告" in out
    assert not target.exists() and leftovers(tmp_path) == []


def test_unwritable_targets_exit_2(workbook, tmp_path):
    folder = tmp_path / "一个文件夹"
    folder.mkdir()
    code, _, err = generate(workbook, "-o", folder)
    assert code == 2 and "文件夹" in err
    code, _, err = generate(workbook, "-o", tmp_path / "没有的文件夹" / "报告.docx")
    assert code == 2 and "不存在" in err
    if os.geteuid() != 0:  # root 不受权限限制，测不出来
        locked = tmp_path / "只读"
        locked.mkdir()
        locked.chmod(0o500)
        code, _, err = generate(workbook, "-o", locked / "报告.docx")
        assert code == 2 and "权限" in err


def test_fonts_windows_switches_the_east_asian_fonts(workbook, tmp_path):
    target = tmp_path / "w.docx"
    assert generate(workbook, "-o", target, "--fonts", "windows")[0] == 0
    styles = (docx.Document(str(target)).styles.element.xml)
    assert "仿宋_GB2312" not in styles and "仿宋" in styles


def test_edited_wording_template_is_used(workbook, tmp_path):
    mine = tmp_path / "我的措辞"
    shutil.copytree(ROOT / "templates" / "report", mine)
    wording = mine / "wording.j2"
    wording.write_text(wording.read_text(encoding="utf-8").replace("{{ campaign_activity(活动名称) }}的{{ section }}", "{{ 活动名称 }}工作的{{ section }}"), encoding="utf-8")
    target = tmp_path / "t.docx"
    code, out, err = generate(workbook, "-o", target, "--template", mine)
    assert code == 0, err
    assert "一、开展创先争优工作的指导思想" in texts(target)


@pytest.mark.parametrize(
    "escape",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ self._TemplateReference__context }}",
    ],
)
def test_a_template_cannot_reach_python(workbook, tmp_path, escape):
    mine = tmp_path / "恶意模板"
    shutil.copytree(ROOT / "templates" / "report", mine)
    wording = mine / "wording.j2"
    wording.write_text(wording.read_text(encoding="utf-8").replace("其他工作", escape), encoding="utf-8")
    wording.write_text(wording.read_text(encoding="utf-8").replace("阶段性工作情况{% endmacro %}", "阶段性工作情况" + escape + "{% endmacro %}"), encoding="utf-8")
    target = tmp_path / "evil.docx"
    code, out, err = generate(workbook, "-o", target, "--template", mine)
    assert code == 2 and "[模板有误]" in err, out + err
    assert not target.exists()


def test_workbook_text_is_never_template_code(tmp_path):
    data = small_branch()
    data["报告正文"][1]["文本"] = "以科学发展观为指导{{ 7*7 }}，{% if true %}照印{% endif %}"
    path = write_workbook(tmp_path / "x.xlsx", data)
    target = tmp_path / "x.docx"
    code, out, err = generate(path, "-o", target)
    assert code == 1  # {% … %} 不是占位符：作为写错的占位符指出来，绝不执行
    assert "{%" in out or "花括号" in out
    data["报告正文"][1]["文本"] = "以科学发展观为指导{{ 7*7 }}。"
    path = write_workbook(tmp_path / "y.xlsx", data)
    code, out, err = generate(path, "-o", target)
    assert code == 0, out
    assert any("以科学发展观为指导{ 7*7 }。" in t for t in texts(target))
    assert not any("49" in t for t in texts(target))


def test_pdf_without_libreoffice_says_how_to_get_it(workbook, tmp_path):
    target = tmp_path / "p.docx"
    code, out, err = generate(workbook, "-o", target, "--pdf", env_extra={"PATH": os.path.dirname(sys.executable)})
    assert target.is_file()
    assert "LibreOffice" in err and "另存为 PDF" in err
    assert not target.with_suffix(".pdf").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="没有安装 LibreOffice")
def test_pdf_with_libreoffice(workbook, tmp_path):
    target = tmp_path / "p.docx"
    code, out, err = generate(workbook, "-o", target, "--pdf")
    assert code == 0, err
    assert target.with_suffix(".pdf").read_bytes()[:4] == b"%PDF"

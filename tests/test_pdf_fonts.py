"""--pdf：交给 LibreOffice 的路径不会被当成选项；本机缺哪种字体、PDF 里换成了什么，按要素说出来。
--fonts windows：只用 Windows 自带的字体。"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from tests.workbooks import small_branch, write_workbook
from toolkit.report import pdf
from toolkit.style import WINDOWS_FONTS, profile

ROOT = Path(__file__).resolve().parent.parent
HAS_SOFFICE = pdf.find_soffice() is not None
needs_soffice = pytest.mark.skipif(not HAS_SOFFICE, reason="没有安装 LibreOffice")
posix_only = pytest.mark.skipif(os.name != "posix", reason="假的 fc-match 是 shell 脚本")


def fake_fc_match(folder: Path, installed: dict[str, str], *, code: int = 0) -> Path:
    """一个假的 fc-match：installed 里有的名字答它自己，别的答 Noto Sans CJK SC（Times New Roman 以外）。"""
    folder.mkdir(parents=True, exist_ok=True)
    cases = "\n".join(f'  "{name}"|"{name}:lang=zh-cn") echo -n "{family}" ;;' for name, family in installed.items())
    script = folder / "fc-match"
    script.write_text(
        "#!/bin/sh\n"
        f"[ {code} -ne 0 ] && exit {code}\n"
        'case "$3" in\n'
        f"{cases}\n"
        '  *:lang=zh-cn) echo -n "Noto Sans CJK SC" ;;\n'
        '  *) echo -n "DejaVu Serif" ;;\n'
        "esac\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder


def with_path(monkeypatch, folder: Path) -> None:
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")


# ---------------------------------------------------------------- --fonts windows


def test_the_windows_scheme_uses_only_fonts_that_ship_with_windows():
    windows = profile("windows")
    used = {*windows.fonts_by_role().values(), windows.latin_font}
    assert used <= set(WINDOWS_FONTS), used - set(WINDOWS_FONTS)
    assert "方正小标宋简体" not in used and not any("GB2312" in f for f in used)


def test_the_gb2312_scheme_still_uses_the_official_fonts():
    gb = profile("gb2312")
    assert gb.title_font == "方正小标宋简体" and gb.body_font == "仿宋_GB2312"


def test_a_windows_report_names_no_font_windows_lacks(tmp_path):
    from tests.test_generate import generate

    workbook = write_workbook(tmp_path / "x.xlsx", small_branch())
    target = tmp_path / "w.docx"
    code, out, err = generate(workbook, "-o", target, "--fonts", "windows")
    assert code == 0, out + err
    document = docx.Document(str(target))
    xml = document.styles.element.xml + document.element.xml
    assert "方正小标宋" not in xml and "GB2312" not in xml
    fonts = set(re.findall(r'<w:rFonts [^>]*w:eastAsia="([^"]+)"', xml))
    assert fonts and fonts <= set(WINDOWS_FONTS), fonts


# ---------------------------------------------------------------- 本机缺哪种字体


@posix_only
def test_missing_fonts_are_named_by_role(tmp_path, monkeypatch):
    with_path(monkeypatch, fake_fc_match(tmp_path / "bin", {"黑体": "SimHei,黑体", "宋体": "SimSun,宋体", "Times New Roman": "Times New Roman"}))
    found = pdf.font_fallbacks(profile("gb2312"))
    text = "；".join(found)
    assert "标题要用的“方正小标宋简体”本机没有，PDF 里换成了“Noto Sans CJK SC”" in text
    assert "汇报正文、三级标题、四级标题、表格要用的“仿宋_GB2312”" in text
    assert "汇报副标题、二级标题要用的“楷体_GB2312”" in text
    assert "黑体" not in text and "宋体”本机" not in text and "Times" not in text
    advice = pdf.fallback_advice(profile("gb2312"), found)
    assert advice.startswith("PDF 的字体与报告要求的不同：") and "--fonts windows" in advice


@posix_only
def test_nothing_is_said_when_every_font_is_there(tmp_path, monkeypatch):
    gb = profile("gb2312")
    everything = {font: f"{font},Alias" for font in {*gb.fonts_by_role().values(), gb.latin_font}}
    with_path(monkeypatch, fake_fc_match(tmp_path / "bin", everything))
    assert pdf.font_fallbacks(gb) == () and pdf.fallback_advice(gb, ()) is None


@posix_only
def test_a_windows_scheme_on_a_machine_without_them_says_what_to_install(tmp_path, monkeypatch):
    with_path(monkeypatch, fake_fc_match(tmp_path / "bin", {"黑体": "SimHei"}))
    windows = profile("windows")
    advice = pdf.fallback_advice(windows, pdf.font_fallbacks(windows))
    assert "标题、页码要用的“宋体”本机没有" in advice and "请安装缺少的字体" in advice
    assert "--fonts windows" not in advice  # 已经是 windows 方案


@posix_only
@posix_only
def test_a_font_answered_by_its_english_name_is_there(tmp_path, monkeypatch):
    """fontconfig 可能只报英文名（SimHei 就是黑体）；仿宋_GB2312 换成仿宋却是换了字体。"""
    with_path(monkeypatch, fake_fc_match(tmp_path / "bin", {"黑体": "SimHei", "宋体": "SimSun", "仿宋_GB2312": "FangSong"}))
    text = "；".join(pdf.font_fallbacks(profile("gb2312")))
    assert "“黑体”" not in text and "“宋体”" not in text
    assert "汇报正文、三级标题、四级标题、表格要用的“仿宋_GB2312”本机没有，PDF 里换成了“FangSong”" in text


@posix_only
def test_a_failing_fc_match_is_not_taken_as_an_answer(tmp_path, monkeypatch):
    with_path(monkeypatch, fake_fc_match(tmp_path / "bin", {}, code=1))
    assert pdf.font_fallbacks(profile("gb2312")) == ()


def test_without_fc_match_nothing_is_guessed(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    assert pdf.font_fallbacks(profile("gb2312")) == ()


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="没有 fontconfig")
def test_the_real_fc_match_under_a_font_map(monkeypatch):
    """tests/fonts.conf 把公文字体映射到 Noto CJK：fc-match 说出映射到的字体。"""
    monkeypatch.setenv("FONTCONFIG_FILE", str(ROOT / "tests" / "fonts.conf"))
    found = "；".join(pdf.font_fallbacks(profile("gb2312")))
    if "Noto" not in found:
        pytest.skip("本机没有 Noto CJK 字体")
    assert "标题要用的“方正小标宋简体”本机没有，PDF 里换成了“Noto Serif CJK SC”" in found


# ---------------------------------------------------------------- 交给 soffice 的路径


@needs_soffice
@pytest.mark.parametrize("name", ["-报告.docx", "--outdir.docx", "-env-x.docx", "报告 (1).docx"])
def test_pdf_of_a_report_named_like_an_option(tmp_path, monkeypatch, name):
    from tests.test_generate import generate

    workbook = write_workbook(tmp_path / "x.xlsx", small_branch())
    source = tmp_path / "source.docx"
    assert generate(workbook, "-o", source)[0] == 0
    monkeypatch.chdir(tmp_path)
    shutil.copy(source, tmp_path / name)
    made = pdf.convert_to_pdf(Path(name))
    assert made == Path(name).with_suffix(".pdf") and (tmp_path / made).read_bytes()[:4] == b"%PDF"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == [Path(name).with_suffix(".pdf").name]


@needs_soffice
@posix_only
def test_the_command_says_which_fonts_the_pdf_lacks(tmp_path):
    workbook = write_workbook(tmp_path / "x.xlsx", small_branch())
    fake = fake_fc_match(tmp_path / "bin", {"宋体": "SimSun", "黑体": "SimHei", "Times New Roman": "Times New Roman"})  # 英文名：同一种字体
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8", PATH=f"{fake}{os.pathsep}{os.environ['PATH']}")
    code = "from toolkit.cli.entry import generate_report; generate_report()"
    done = subprocess.run([sys.executable, "-c", code, str(workbook), "-o", str(tmp_path / "-报告.docx"), "--pdf"],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=240, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "-报告.pdf").read_bytes()[:4] == b"%PDF"
    assert "说明：PDF 的字体与报告要求的不同：标题要用的“方正小标宋简体”本机没有" in done.stdout, done.stdout
    assert "一级标题" not in done.stdout.split("说明：PDF")[1].split("。")[0]  # 黑体在：不说

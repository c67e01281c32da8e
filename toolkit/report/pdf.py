"""用 LibreOffice 把 .docx 转成 PDF（--pdf）。没有安装时，说清楚怎么装。

    convert_to_pdf(docx, target)   转换：交给 soffice 的是临时文件夹里的一份副本（绝对路径、名字固定），
                                   报告的名字以“-”开头、带空格或奇怪的字符都不会被当成选项
    font_fallbacks(style)          本机缺哪几种报告要用的字体、LibreOffice 会换成什么（问 fontconfig 的 fc-match；
                                   没有 fc-match 的系统如 Windows 不问）：按要素（标题、正文……）说
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from toolkit.errors import OutputError
from toolkit.standard import FontScheme
from toolkit.files import os_path, write_atomically

HOW_TO_INSTALL = (
    "没有找到 LibreOffice（soffice），所以没有生成 PDF；.docx 已经生成。\n"
    "  Windows：从 LibreOffice 官网下载安装包并安装，再重新运行本命令；\n"
    "  Debian/Ubuntu：sudo apt-get install libreoffice-writer；\n"
    "  也可以用 Word 或 WPS 打开 .docx，选择“另存为 PDF”。"
)
TIMEOUT_SECONDS = 180


class PdfUnavailable(Exception):
    """没有 LibreOffice。"""


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (
        Path("C:/Program Files/LibreOffice/program/soffice.exe"),
        Path("C:/Program Files (x86)/LibreOffice/program/soffice.exe"),
        Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
    ):
        if candidate.is_file():
            return str(candidate)
    return None


def convert_to_pdf(docx: Path, target: Path | None = None, *, force: bool = False, inputs=()) -> Path:
    soffice = find_soffice()
    if soffice is None:
        raise PdfUnavailable(HOW_TO_INSTALL)
    target = Path(target) if target else Path(docx).with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="toolkit-pdf-") as work:
        work_path = Path(os.path.abspath(work))
        profile = (work_path / "profile").as_uri()  # 独立的配置目录：不受用户已打开的 LibreOffice 影响
        # 交给 LibreOffice 的是临时文件夹里的 report.docx（绝对路径、ASCII 名字）：以“-”开头的文件名不会被当成选项，
        # LANG=C 下的中文名也不会在编码上出错
        source = work_path / "report.docx"
        try:
            shutil.copyfile(os_path(docx), source)
            subprocess.run(
                [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(work_path), str(source.resolve())],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=TIMEOUT_SECONDS,
            )
        except subprocess.TimeoutExpired as error:
            raise OutputError(f"LibreOffice 转换 PDF 超过 {TIMEOUT_SECONDS} 秒没有完成，已放弃；.docx 已经生成。") from error
        except (OSError, subprocess.CalledProcessError) as error:
            raise OutputError(f"LibreOffice 没能把报告转成 PDF（{error}）；.docx 已经生成。") from error
        produced = work_path / "report.pdf"
        if not produced.is_file():
            raise OutputError("LibreOffice 没有生成 PDF；.docx 已经生成。")
        write_atomically(target, produced.read_bytes(), force=force, inputs=inputs, option="--pdf")
    return target


# ---------------------------------------------------------------- 本机有没有报告要用的字体

FC_TIMEOUT = 10


def font_fallbacks(style) -> tuple[str, ...]:
    """本机缺少的字体：“标题（方正小标宋简体）→ Noto Serif CJK SC”，一种字体一项，同一字体的要素并在一起。
    没有 fc-match、或字体都在时是空的。"""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return ()
    roles: dict[str, list[str]] = {}
    for role, font in (*style.fonts_by_role().items(), ("数字和字母", style.latin_font)):
        roles.setdefault(font, []).append(role)
    missing = []
    for font, names in roles.items():
        used = _matched_family(fc_match, font, latin=font == style.latin_font)
        if used is not None and not same_names(font, style) & {f.strip().casefold() for f in used.split(",")}:
            missing.append((font, names, used.split(",")[0].strip()))
    return tuple(f"{'、'.join(names)}要用的“{font}”本机没有，PDF 里换成了“{used}”" for font, names, used in missing)


def same_names(font: str, style) -> set[str]:
    """同一种字体的几个名字：中文名和它的英文名（黑体 = SimHei）。仿宋_GB2312 的替代名“仿宋”是另一种字体，不算。"""
    return {font.casefold()} | {alt.casefold() for name, alt in style.font_alt_names if name == font and alt.isascii()}


def fallback_advice(style, fallbacks: tuple[str, ...]) -> str | None:
    """把 font_fallbacks 讲成一句给用户的话；没有缺的字体时为 None。"""
    if not fallbacks:
        return None
    advice = "请安装缺少的字体后重新生成" + ("；没有 GB2312 字体的电脑可以改用 --fonts windows（只用 Windows 自带的字体）" if style.name != FontScheme.WINDOWS else "")
    return f"PDF 的字体与报告要求的不同：{'；'.join(fallbacks)}。字形和字宽会与 Word 里看到的不同，{advice}。.docx 本身用的仍是规定的字体。"


def _matched_family(fc_match: str, font: str, *, latin: bool) -> str | None:
    pattern = font if latin else f"{font}:lang=zh-cn"  # LibreOffice 按中文找字体：不带语言时 fc-match 会给没有汉字的字体
    try:
        done = subprocess.run([fc_match, "-f", "%{family}", pattern], capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=FC_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None

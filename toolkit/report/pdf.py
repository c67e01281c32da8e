"""用 LibreOffice 把 .docx 转成 PDF（--pdf）。没有安装时，说清楚怎么装。"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from toolkit.errors import OutputError
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
        work_path = Path(work)
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

"""生成 README 里的示例报告第一页图片：docs/sample-page1.png。

    python scripts/render_sample_page.py

用示例工作簿生成报告，LibreOffice 转 PDF，pdftoppm 取第一页。预览用的字体映射
（仿宋_GB2312 → Noto Serif CJK SC 等）在 tests/fonts.conf，不改动报告本身。
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "商贸系党支部工作数据簿.xlsx"
TARGET = ROOT / "docs" / "sample-page1.png"


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from toolkit import api
    from toolkit.report.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None:
        print("需要 LibreOffice（soffice）和 poppler-utils（pdftoppm）。", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        docx = work / "sample.docx"
        api.generate_report(SAMPLE, docx)
        env = dict(os.environ, FONTCONFIG_FILE=str(ROOT / "tests" / "fonts.conf"))
        subprocess.run(
            [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(docx)],
            check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(work / "sample.pdf"), str(work / "page")], check=True)
        TARGET.parent.mkdir(exist_ok=True)
        TARGET.write_bytes((work / "page.png").read_bytes())
    print(f"已写出 {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

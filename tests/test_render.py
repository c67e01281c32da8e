"""用 LibreOffice 把报告排出来，从 PDF 里读回每一行的位置，核对版面（GB/T 9704-2012）。

LibreOffice 只运行一次（三份报告一起转换）。字体用 tests/fonts.conf 映射到 Noto CJK，
只影响预览，不改报告本身。没有 soffice 或 pdftotext 时跳过。
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from tests.reports import BRANCH, DATE, long_report, one_page_report, tail_at_page_end_report
from toolkit.report.docx import write_docx
from toolkit.report.pdf import find_soffice
from toolkit.style import profile

HERE = Path(__file__).resolve().parent
SOFFICE = find_soffice()
PDFTOTEXT = shutil.which("pdftotext")

pytestmark = pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="需要 LibreOffice（soffice）和 poppler-utils（pdftotext）才能检查排版结果",
)

STYLE = profile("gb2312")
PT = 1 / 20  # 1 缇 = 1/20 磅
TEXT_LEFT = STYLE.margin_left * PT  # 79.35 磅
TEXT_RIGHT = (STYLE.page_width - STYLE.margin_right) * PT  # 521.6 磅
TEXT_TOP = STYLE.margin_top * PT
TEXT_BOTTOM = (STYLE.page_height - STYLE.margin_bottom) * PT
CHAR = STYLE.body_char_width * PT  # 15.75 磅
PITCH = STYLE.line_pitch * PT  # 28.95 磅
MM = 72 / 25.4
CJK_LINE = re.compile(r"[\u4e00-\u9fff，。、；：“”（）]+")
PAGE_NUMBER = re.compile(r"—\s*(\d+)\s*—")


@dataclass
class Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def in_text_area(self) -> bool:
        return TEXT_TOP - 2 <= self.y0 and self.y1 <= TEXT_BOTTOM + 2


def read_lines(pdf: Path) -> list[list[Line]]:
    """每页的文字行（按 pdftotext -bbox-layout 的 line），自上而下。"""
    xml = subprocess.run([PDFTOTEXT, "-bbox-layout", str(pdf), "-"], check=True, capture_output=True).stdout
    root = etree.fromstring(xml, etree.XMLParser(recover=True))
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in root.iterfind(".//h:page", ns):
        lines = []
        for line in page.iterfind(".//h:line", ns):
            text = "".join(w.text or "" for w in line.iterfind("h:word", ns))
            lines.append(Line(text, *(float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))))
        lines.sort(key=lambda l: (round(l.y0), l.x0))
        pages.append(lines)
    return pages


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    work = tmp_path_factory.mktemp("render")
    reports = {
        "long": (long_report(), "gb2312"),
        "tail": (tail_at_page_end_report(), "gb2312"),
        "one": (one_page_report(), "windows"),
    }
    files = []
    for name, (report, preset) in reports.items():
        path = work / f"{name}.docx"
        path.write_bytes(write_docx(report, profile(preset)))
        files.append(str(path))
    env = dict(os.environ, FONTCONFIG_FILE=str(HERE / "fonts.conf"))
    started = time.perf_counter()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--convert-to", "pdf", "--outdir", str(work), *files],
        check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300,
    )
    seconds = time.perf_counter() - started
    print(f"\nLibreOffice 转换 3 份报告用时 {seconds:.1f} 秒")
    return {name: read_lines(work / f"{name}.pdf") for name in reports}


def body_lines(page: list[Line]) -> list[Line]:
    return [l for l in page if l.in_text_area]


def find_page(pages, text: str, exact: bool = True) -> int:
    for index, page in enumerate(pages):
        if any((l.text == text) if exact else (text in l.text) for l in page):
            return index
    raise AssertionError(f"没有找到“{text}”")


def line_of(page, text: str) -> Line:
    return next(l for l in page if l.text == text)


# ---------------------------------------------------------------- 行数、字数（5.2.3）
def test_full_body_pages_hold_22_lines(rendered):
    pages = rendered["long"]
    signature_page = find_page(pages, BRANCH)
    assert signature_page >= 4  # 正文三页多
    full = [len(body_lines(p)) for p in pages[1:signature_page]]
    assert full and all(n == 22 for n in full), full
    # 行距：相邻两行正好 28.95 磅
    ys = [l.y0 for l in body_lines(pages[1])]
    steps = [b - a for a, b in zip(ys, ys[1:])]
    assert all(abs(step - PITCH) < 0.15 for step in steps), steps
    # 第 1 页：标题两行 + 空行 + 19 行正文，占满 22 行网格
    first = body_lines(pages[0])
    assert round((first[-1].y0 - first[0].y0) / PITCH) == 21


def test_full_lines_hold_28_characters(rendered):
    pages = rendered["long"]
    counts = []
    for page in pages[1:4]:
        for l in body_lines(page):
            full_width = abs(l.x0 - TEXT_LEFT) < 1.5 and l.x1 > TEXT_RIGHT - 3
            if full_width and CJK_LINE.fullmatch(l.text):
                counts.append(len(l.text))
    assert len(counts) >= 20
    assert set(counts) == {28}, counts
    # 首行空二字：段首行从 2 个字宽处开始
    starts = [l.x0 - TEXT_LEFT for p in pages[1:4] for l in body_lines(p) if l.x0 > TEXT_LEFT + 5 and l.text[:1] not in "（"]
    assert len(starts) >= 5 and all(abs(x - 2 * CHAR) < 0.3 for x in starts), starts


# ---------------------------------------------------------------- 第 1 页（7.3.1、7.3.3）
def test_first_page_title_centred_and_body_text(rendered):
    report = long_report()
    page = rendered["long"][0]
    lines = body_lines(page)
    assert [l.text for l in lines[: len(report.title)]] == list(report.title)
    for l in lines[: len(report.title)]:
        assert abs((l.x0 + l.x1) / 2 - (TEXT_LEFT + TEXT_RIGHT) / 2) < 2, l
    assert lines[0].y0 < TEXT_TOP + PITCH  # 标题在版心第一行
    addressee = lines[len(report.title)]
    assert addressee.text == "院党委：" and abs(addressee.x0 - TEXT_LEFT) < 1
    assert round((addressee.y0 - lines[len(report.title) - 1].y0) / PITCH) == 2  # 标题下空一行
    assert any(report.blocks[1].text[:10] in l.text for l in lines)  # 第 1 页有正文


def test_one_page_report_fits_on_one_page(rendered):
    pages = rendered["one"]
    assert len(pages) == 1
    texts = [l.text for l in pages[0]]
    assert "——创先争优活动开展以来" in texts and BRANCH in texts


# ---------------------------------------------------------------- 页码（7.5）
def test_page_numbers_odd_right_even_left(rendered):
    pages = rendered["long"]
    assert len(pages) >= 8
    for index, page in enumerate(pages, start=1):
        numbers = [l for l in page if PAGE_NUMBER.fullmatch(l.text)]
        assert len(numbers) == 1, (index, [l.text for l in page[-3:]])
        number = numbers[0]
        assert int(PAGE_NUMBER.fullmatch(number.text).group(1)) == index
        if index % 2:
            assert abs(number.x1 - (TEXT_RIGHT - 14)) < 2, (index, number)  # 居右空一字（4号 = 14 磅）
        else:
            assert abs(number.x0 - (TEXT_LEFT + 14)) < 2, (index, number)  # 居左空一字
        middle = (number.y0 + number.y1) / 2
        assert 5 * MM < middle - TEXT_BOTTOM < 9 * MM, (index, middle - TEXT_BOTTOM)  # 一字线在版心下约 7 mm


# ---------------------------------------------------------------- 落款（7.3.5.2）
def test_signature_position(rendered):
    pages = rendered["long"]
    page = pages[find_page(pages, BRANCH)]
    name, date = line_of(page, BRANCH), next(l for l in page if l.text.replace(" ", "") == DATE)
    name_right, date_right = STYLE.signature_indents(6, 6)
    assert abs(name.x1 - (TEXT_RIGHT - name_right * CHAR)) < 2, name
    assert abs(date.x1 - (TEXT_RIGHT - date_right * CHAR)) < 2, date
    assert round((date.y0 - name.y0) / PITCH) == 1
    note = next(l for l in page if l.text.startswith("2.活动开展情况统计表") or l.text.startswith("附件：1."))
    assert name.y0 - note.y0 > PITCH * 1.5  # 署名上空一行


def test_signature_never_alone_on_its_page(rendered):
    for key in ("tail", "long"):
        pages = rendered[key]
        index = find_page(pages, BRANCH)
        page = body_lines(pages[index])
        name = line_of(page, BRANCH)
        others = [l for l in page if l.y0 < name.y0 and not l.text.startswith("附件") and l.text != ""]
        assert others, f"{key}：落款独自在第 {index + 1} 页"
    # 这份报告的正文正好两页：最后一段随落款到了第 3 页
    tail = rendered["tail"]
    assert find_page(tail, BRANCH) == 2
    last = tail_at_page_end_report().blocks[-3].text
    assert any(l.text == last for l in tail[2])


# ---------------------------------------------------------------- 附件（7.3.7）
def test_attachments_start_new_pages(rendered):
    pages = rendered["long"]
    previous = -1
    for label, title in (("附件1", "党员公开承诺情况汇总表"), ("附件2", "活动开展情况统计表")):
        index = next(i for i, p in enumerate(pages) if body_lines(p) and body_lines(p)[0].text.replace(" ", "") == label)
        assert index > previous
        previous = index
        lines = body_lines(pages[index])
        first = lines[0]
        assert abs(first.x0 - TEXT_LEFT) < 1 and first.y0 < TEXT_TOP + PITCH  # 第 1 行顶格
        heading = next(l for l in lines if l.text == title)
        assert round((heading.y0 - first.y0) / PITCH) == 2  # 第 3 行
        assert abs((heading.x0 + heading.x1) / 2 - (TEXT_LEFT + TEXT_RIGHT) / 2) < 2
        # 前一页的最后一行不是附件的内容
        before = [l.text for l in body_lines(pages[index - 1])]
        assert label not in [t.replace(" ", "") for t in before]
    signature_page = find_page(pages, BRANCH)
    first_attachment = next(i for i, p in enumerate(pages) if body_lines(p) and body_lines(p)[0].text.replace(" ", "") == "附件1")
    assert first_attachment == signature_page + 1


def test_table_header_repeats_and_table_stays_in_text_area(rendered):
    pages = rendered["long"]
    start = next(i for i, p in enumerate(pages) if body_lines(p) and body_lines(p)[0].text.replace(" ", "") == "附件1")
    second = next(i for i, p in enumerate(pages) if body_lines(p) and body_lines(p)[0].text.replace(" ", "") == "附件2")
    assert second - start >= 2  # 60 行的表格跨页
    for index in range(start, len(pages)):
        texts = "".join(l.text for l in pages[index])
        header = "承诺事项" if index < second else "活动名称"
        assert header in texts, index + 1
        for l in body_lines(pages[index]):
            assert l.x0 >= TEXT_LEFT - 1 and l.x1 <= TEXT_RIGHT + 1, (index + 1, l)

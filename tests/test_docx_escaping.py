"""正文按 XML 文字写出：每一类字符都原样到达 Word（用 python-docx 读回来比），XML 1.0 不许有的字符去掉。"""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from tests.reports import BRANCH, DATE, long_report
from toolkit.report.document import Attachment, Column, Heading, Paragraph, Signature, StageReport, Table
from toolkit.report.docx import write_docx
from toolkit.style import profile

# 要原样留下的：XML 的五个特殊字符、像实体和 CDATA 结尾的文字、制表符、DEL 与 C1 控制字符、行分隔符、
# 全角空格、汉字、扩展 B 区汉字和表情（代理对之外的星际平面字符）、组合附加符、从右到左的文字
KEPT = "A&B <c> \"d\" 'e' &amp; &#13; ]]> \t \x7f\x85\x9f \u2028 \u3000党支部 𠀀𪚥😀 e\u0301 שלום"
# XML 1.0 不许有的：C0 控制字符（除制表、换行、回车）、U+FFFE、U+FFFF、落单的代理项
DROPPED = "".join(chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)) + "\ufffe\uffff\ud800\udfff"
# 看上去像 pPr 里的元素的文字：写 keepNext 时不许碰到它
LOOKS_LIKE_XML = '<w:keepNext w:val="0"/></w:pPr><w:pStyle w:val="X"/>'


def mixed(n: int) -> str:
    """每个字符类混在一起，顺序各不相同；中间有一个换行（写成 w:br）和一个回车。"""
    kept, dropped = KEPT[n:] + KEPT[:n], DROPPED[n % len(DROPPED):] + DROPPED[: n % len(DROPPED)]
    return "".join(a + b for a, b in zip(kept, dropped * 3)) + kept[len(dropped) * 3:] + "\n第二行\r末尾"


def clean(text: str) -> str:
    return "".join(ch for ch in text if ch not in DROPPED)


def report() -> StageReport:
    table = Table(
        (Column(mixed(1), 1.0), Column("说明", 2.0, "left"), Column(LOOKS_LIKE_XML, 1.0, "right")),
        tuple((str(n), mixed(n), LOOKS_LIKE_XML) for n in range(2, 8)),
        total=(mixed(9), "", None),
    )
    blocks = (
        Heading(1, "一、", mixed(10)),
        Paragraph(mixed(11), lead=Heading(3, "1.", mixed(12))),
        Paragraph(LOOKS_LIKE_XML),  # 正文最后一段：要与落款同页，keepNext 写在它真正的 pPr 里
        Signature(BRANCH, DATE),
    )
    return StageReport((mixed(13),), blocks, (Attachment("附件", mixed(14), table),), "标题", BRANCH, None)


@pytest.fixture(scope="module")
def written():
    data = write_docx(report(), profile("gb2312"))
    return data, docx.Document(io.BytesIO(data))


def test_every_character_class_reads_back_from_the_paragraphs(written):
    _, d = written
    texts = [p.text for p in d.paragraphs]
    for n in (10, 11):
        assert any(clean(mixed(n)) in t for t in texts), n
    # 标题按字宽重新断行（断处写 w:br）：去掉换行再比
    flat = [t.replace("\n", "") for t in texts]
    for n in (13, 14):
        assert clean(mixed(n)).replace("\n", "") in flat, n
    assert "1." + clean(mixed(12)) + clean(mixed(11)) in texts
    assert LOOKS_LIKE_XML in texts
    assert not any(ch in t for t in texts for ch in DROPPED)


def test_every_character_class_reads_back_from_the_table(written):
    _, d = written
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells] == [clean(mixed(1)), "说明", LOOKS_LIKE_XML]
    for row, n in zip(table.rows[1:], range(2, 8)):
        assert [c.text for c in row.cells] == [str(n), clean(mixed(n)), LOOKS_LIKE_XML]
    assert [c.text for c in table.rows[-1].cells] == [clean(mixed(9)), "", ""]


def test_line_breaks_and_carriage_returns_are_written_as_word_expects(written):
    data, d = written
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "&#13;" in xml and "\r" not in xml  # 回车写成字符引用，读回来仍是回车，不是换行
    heading = next(p for p in d.paragraphs if p.text.startswith("一、"))
    assert heading.text.endswith("\n第二行\r末尾")
    assert heading.runs[0]._element.xml.count("<w:br/>") == 1


def test_text_that_looks_like_markup_does_not_change_the_layout(written):
    _, d = written
    last_body = next(p for p in d.paragraphs if p.text == LOOKS_LIKE_XML)
    ppr = last_body._element.pPr
    assert ppr.pStyle.val == "ReportBody"
    assert ppr.keepNext is not None and ppr.keepNext.val is True  # 与落款同页
    assert len(last_body._element.xpath("./w:pPr/w:keepNext")) == 1


def test_same_report_same_bytes():
    assert write_docx(report(), profile("gb2312")) == write_docx(report(), profile("gb2312"))


def test_control_characters_in_the_branch_name_do_not_break_the_file_properties():
    r = long_report()
    data = write_docx(StageReport(r.title, r.blocks, r.attachments, "标题\x0b一", "支部\x01名", None), profile("gb2312"))
    core = docx.Document(io.BytesIO(data)).core_properties
    assert (core.title, core.author) == ("标题一", "支部名")

"""写出的 .docx 逐项对照版面规格（/work/shared/spec/report-format.md，GB/T 9704-2012）。

每个值都按 run → 段落 → 样式链 → 文档默认 解析出来再比，不看“写在哪”，只看“最后生效的是什么”。
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest
from lxml import etree

from tests.reports import BRANCH, DATE, long_report, one_page_report, tail_at_page_end_report
from toolkit.report.document import Attachment, Signature, StageReport, Table
from toolkit.report.titles import text_width
from toolkit.report.docx import write_docx
from toolkit.style import StyleProfile, profile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def q(name: str) -> str:
    prefix, local = name.split(":")
    assert prefix == "w"
    return f"{{{W}}}{local}"


# ---------------------------------------------------------------- 解析器
class Docx:
    """打开 .docx 的字节，按样式继承关系解析段落和文字的最终格式。"""

    def __init__(self, data: bytes):
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.names = self.zip.namelist()
        self.document = self.xml("word/document.xml")
        self.styles_root = self.xml("word/styles.xml")
        self.settings = self.xml("word/settings.xml")
        self.body = self.document.find("w:body", NS)
        self.styles = {s.get(q("w:styleId")): s for s in self.styles_root.findall("w:style", NS)}
        self.default_ppr = self.styles_root.find("w:docDefaults/w:pPrDefault/w:pPr", NS)
        self.default_rpr = self.styles_root.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
        self.default_paragraph_style = next(
            s.get(q("w:styleId")) for s in self.styles.values() if s.get(q("w:type")) == "paragraph" and s.get(q("w:default")) == "1"
        )

    def xml(self, name: str):
        return etree.fromstring(self.zip.read(name))

    def part_xml(self, name: str) -> str:
        return self.zip.read(name).decode("utf-8")

    # -- 样式链
    def style_chain(self, style_id: str | None) -> list:
        chain, seen = [], set()
        style_id = style_id or self.default_paragraph_style
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            chain.append(style)
            based = style.find("w:basedOn", NS)
            style_id = based.get(q("w:val")) if based is not None else None
        return chain

    def style_of(self, p) -> str:
        ps = p.find("w:pPr/w:pStyle", NS)
        return ps.get(q("w:val")) if ps is not None else self.default_paragraph_style

    def _lookup(self, containers, tag: str, attr: str):
        for container in containers:
            if container is None:
                continue
            element = container.find(tag, NS)
            if element is not None and element.get(q(attr)) is not None:
                return element.get(q(attr))
        return None

    def _flag(self, containers, tag: str) -> bool:
        """开关型属性（w:keepNext 等）：第一个写了它的地方说了算。"""
        for container in containers:
            if container is None:
                continue
            element = container.find(tag, NS)
            if element is not None:
                return element.get(q("w:val"), "1") not in ("0", "false", "off")
        return False

    def _ppr_containers(self, p):
        return [p.find("w:pPr", NS)] + [s.find("w:pPr", NS) for s in self.style_chain(self.style_of(p))] + [self.default_ppr]

    def _rpr_containers(self, r, p):
        direct = r.find("w:rPr", NS) if r is not None else None
        return [direct] + [s.find("w:rPr", NS) for s in self.style_chain(self.style_of(p))] + [self.default_rpr]

    def ppr(self, p, tag: str, attr: str = "w:val"):
        return self._lookup(self._ppr_containers(p), tag, attr)

    def pflag(self, p, tag: str) -> bool:
        return self._flag(self._ppr_containers(p), tag)

    def rpr(self, r, p, tag: str, attr: str = "w:val"):
        return self._lookup(self._rpr_containers(r, p), tag, attr)

    def east_asia(self, r, p) -> str:
        return self.rpr(r, p, "w:rFonts", "w:eastAsia")

    # -- 内容
    def paragraphs(self):
        return [el for el in self.body if el.tag == q("w:p")]

    def body_elements(self):
        return [el for el in self.body if el.tag in (q("w:p"), q("w:tbl"))]

    def text(self, p) -> str:
        out = []
        for el in p.iter(q("w:t"), q("w:br")):
            out.append("\n" if el.tag == q("w:br") else (el.text or ""))
        return "".join(out)

    def runs(self, p):
        return [r for r in p.findall("w:r", NS) if r.find("w:t", NS) is not None]

    def find_paragraph(self, start: str, exact: bool = False):
        for p in self.paragraphs():
            text = self.text(p)
            if text == start or (not exact and text.startswith(start)):
                return p
        raise AssertionError(f"没有以“{start}”开头的段落")

    def index_of(self, p) -> int:
        return self.body_elements().index(p)

    def tables(self):
        return self.body.findall("w:tbl", NS)

    def footer(self, kind: str):
        """kind = "default"（单页）或 "even"（双页）。"""
        rels = etree.fromstring(self.zip.read("word/_rels/document.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        sect = self.body.find("w:sectPr", NS)
        for ref in sect.findall("w:footerReference", NS):
            if ref.get(q("w:type")) == kind:
                rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
                return self.xml("word/" + targets[rid])
        raise AssertionError(f"没有 {kind} 页脚")


def twips(chars: float, style: StyleProfile) -> int:
    return round(chars * style.body_char_width)


PRESETS = ("gb2312", "windows")


@pytest.fixture(scope="module")
def long_docs():
    return {name: Docx(write_docx(long_report(), profile(name))) for name in PRESETS}


@pytest.fixture(scope="module")
def doc(long_docs):
    return long_docs["gb2312"]


@pytest.fixture(scope="module")
def one_page():
    return Docx(write_docx(one_page_report(), profile("gb2312")))


# ---------------------------------------------------------------- 方案
def test_profiles_and_derived_values():
    gb, win = profile("gb2312"), profile("windows")
    assert profile("WINDOWS") is win and profile(" gb2312 ") is gb
    with pytest.raises(ValueError):
        profile("mac")
    assert (gb.body_font, gb.level2_font, gb.level1_font, gb.title_font, gb.page_number_font) == (
        "仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "宋体")
    assert (win.body_font, win.level2_font, win.level3_font, win.level1_font, win.title_font) == ("仿宋", "楷体", "仿宋", "黑体", "宋体")  # 只用 Windows 自带的字体
    assert gb.text_width == 8845 and gb.text_height == 12756
    assert gb.line_pitch * gb.lines_per_page <= gb.text_height < (gb.line_pitch + 1) * gb.lines_per_page
    assert gb.body_char_width == 315 and gb.chars_per_line * gb.body_char_width <= gb.text_width
    assert (gb.first_line_indent, gb.first_line_indent_chars) == (630, 200)
    assert gb.signature_indents(6, 6) == (4, 2)  # 日期不短于署名：日期右空二字，署名右空 6 − 6 + 4
    assert gb.signature_indents(15, 6) == (2, 9)  # 署名长：署名右空二字，日期右空 15 − 6


# ---------------------------------------------------------------- 页面（5.1、5.2.1）
@pytest.mark.parametrize("name", PRESETS)
def test_page_size_margins_footer(long_docs, name):
    d = long_docs[name]
    sect = d.body.find("w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert (size.get(q("w:w")), size.get(q("w:h"))) == ("11906", "16838")
    assert size.get(q("w:orient")) in (None, "portrait")
    mar = sect.find("w:pgMar", NS)
    got = {k: int(mar.get(q(f"w:{k}"))) for k in ("top", "left", "bottom", "right", "footer", "gutter")}
    assert got == {"top": 2098, "left": 1587, "bottom": 1984, "right": 1474, "footer": 1417, "gutter": 0}
    assert 1417 <= got["footer"] <= 1446
    section = docx.Document(io.BytesIO(d.data)).sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28


def test_line_grid_and_exact_pitch(doc):
    grid = doc.body.find("w:sectPr/w:docGrid", NS)
    assert grid.get(q("w:type")) == "lines" and grid.get(q("w:linePitch")) == "579"
    assert grid.get(q("w:charSpace")) is None
    body_like = [p for p in doc.paragraphs() if doc.style_of(p) not in ("TableText", "TableHeader")]
    assert len(body_like) >= 35
    for p in body_like:
        if doc.text(p) == "" and doc.ppr(p, "w:spacing", "w:line") == "20":
            continue  # 表格后收尾的 1 磅段落
        assert doc.ppr(p, "w:spacing", "w:line") == "579", doc.text(p)
        assert doc.ppr(p, "w:spacing", "w:lineRule") == "exact"
        assert doc.ppr(p, "w:spacing", "w:before") == "0" and doc.ppr(p, "w:spacing", "w:after") == "0"
    assert doc.default_ppr.find("w:spacing", NS).get(q("w:line")) == "579"


def test_every_style_has_snap_to_grid_off_and_explicit_widow_control(doc):
    styles = [s for s in doc.styles.values() if s.get(q("w:type")) in ("paragraph", "table")]
    assert len(styles) >= 14
    for style in styles:
        ppr = style.find("w:pPr", NS)
        name = style.get(q("w:styleId"))
        assert ppr is not None, name
        assert ppr.find("w:snapToGrid", NS).get(q("w:val")) == "0", name
        widow = ppr.find("w:widowControl", NS)
        assert widow is not None and widow.get(q("w:val")) == "0", name
    for ppr in [doc.default_ppr]:
        assert ppr.find("w:snapToGrid", NS).get(q("w:val")) == "0"
        assert ppr.find("w:widowControl", NS) is not None


def test_no_builtin_heading_styles_and_styles_built_on_normal(doc):
    names = {s.find("w:name", NS).get(q("w:val")) for s in doc.styles.values()}
    assert not any(n.lower().startswith("heading") for n in names)
    for sid in ("ReportBody", "ReportTitle", "Level1Heading", "ReportSignature", "AttachmentLabel", "TableText"):
        chain = [s.get(q("w:styleId")) for s in doc.style_chain(sid)]
        assert chain[-1] == "Normal", chain


# ---------------------------------------------------------------- 字体、字号、颜色（5.2.2、5.2.4、7.3）
@pytest.mark.parametrize("name", PRESETS)
def test_fonts_by_role(long_docs, name):
    d, s = long_docs[name], profile(name)

    def font_of(start, run=0):
        p = d.find_paragraph(start, exact=start in (BRANCH, DATE))
        return d.east_asia(d.runs(p)[run], p)

    report = long_report()
    assert font_of(report.title[0]) == s.title_font == ("方正小标宋简体" if name == "gb2312" else "宋体")  # Windows 不带小标宋
    assert font_of("一、开展") == "黑体"
    assert font_of("（一）广泛") == s.level2_font == ("楷体_GB2312" if name == "gb2312" else "楷体")
    assert font_of("2.开展") == s.level3_font
    assert font_of("（3）加强") == s.level4_font
    assert font_of("院党委") == s.body_font == ("仿宋_GB2312" if name == "gb2312" else "仿宋")
    assert font_of("附件：1.") == s.body_font
    assert font_of(BRANCH) == s.body_font and font_of(DATE) == s.body_font
    assert font_of("附件1") == "黑体" and font_of("附件2") == "黑体"
    # 段首引导：引导部分用标题字体，其余正文字体
    lead = d.find_paragraph("（二）全面争创")
    runs = d.runs(lead)
    assert d.text(lead).startswith("（二）全面争创，扎实推进。")
    assert [d.east_asia(r, lead) for r in runs] == [s.level2_font, s.body_font]
    assert "".join(r.findtext("w:t", namespaces=NS) for r in runs[:1]) == "（二）全面争创，扎实推进。"
    lead3 = d.find_paragraph("1.开展")
    assert [d.east_asia(r, lead3) for r in d.runs(lead3)] == [s.level3_font, s.body_font]
    # 数字、字母：Times New Roman
    body = d.find_paragraph("院党委")
    run = d.runs(body)[0]
    assert d.rpr(run, body, "w:rFonts", "w:ascii") == "Times New Roman"
    assert d.rpr(run, body, "w:rFonts", "w:hAnsi") == "Times New Roman"
    # 表格：表头黑体，单元格仿宋
    table = d.tables()[0]
    head = table.find("w:tr/w:tc/w:p", NS)
    cell = table.findall("w:tr", NS)[1].find("w:tc/w:p", NS)
    assert d.east_asia(d.runs(head)[0], head) == s.table_header_font == "黑体"
    assert d.east_asia(d.runs(cell)[0], cell) == s.body_font


def test_sizes_and_character_spacing(doc):
    def size(start):
        p = doc.find_paragraph(start, exact=start in (BRANCH, DATE))
        r = doc.runs(p)[0]
        return doc.rpr(r, p, "w:sz"), doc.rpr(r, p, "w:spacing")

    title = long_report().title[0]
    assert size(title) == ("44", "0")  # 2号，不紧缩
    for start in ("院党委", "一、开展", "（一）广泛", "2.开展", "（3）加强", "附件：1.", BRANCH, DATE, "附件1"):
        assert size(start) == ("32", "-5"), start  # 3号，紧缩 0.25 磅：一行 28 字
    table = doc.tables()[0]
    cell = table.findall("w:tr", NS)[1].find("w:tc/w:p", NS)
    assert doc.rpr(doc.runs(cell)[0], cell, "w:sz") in ("24", "28")  # 小四或 4号
    assert doc.rpr(doc.runs(cell)[0], cell, "w:spacing") == "0"


def test_all_text_black_and_no_theme_colours(doc):
    for p in doc.body.iter(q("w:p")):
        for r in doc.runs(p):
            assert doc.rpr(r, p, "w:color") == "000000", doc.text(p)
    for name in ("word/document.xml", "word/styles.xml"):
        xml = doc.part_xml(name)
        assert "themeColor" not in xml
        colours = set(etree.fromstring(xml.encode()).xpath("//w:color/@w:val", namespaces=NS))
        assert colours <= {"000000"}, colours


def test_no_theme_fonts_anywhere(long_docs):
    for d in long_docs.values():
        parts = [n for n in d.names if n.startswith("word/") and n.endswith(".xml") and "theme/" not in n]
        assert "word/styles.xml" in parts and "word/document.xml" in parts
        for name in parts:
            root = d.xml(name)
            for rfonts in root.iter(q("w:rFonts")):
                themed = [a for a in rfonts.attrib if "theme" in a.lower()]
                assert themed == [], (name, themed)
        assert "word/stylesWithEffects.xml" not in d.names
        defaults = d.default_rpr.find("w:rFonts", NS)
        assert defaults.get(q("w:eastAsia")) == profile("gb2312").body_font or defaults.get(q("w:eastAsia")) == "仿宋"


def test_chinese_language_settings(doc):
    lang = doc.default_rpr.find("w:lang", NS)
    assert lang.get(q("w:eastAsia")) == "zh-CN"
    theme_lang = doc.settings.find("w:themeFontLang", NS)
    assert theme_lang is not None and theme_lang.get(q("w:eastAsia")) == "zh-CN"
    assert "ja-JP" not in doc.part_xml("word/settings.xml") + doc.part_xml("word/styles.xml")


# ---------------------------------------------------------------- 标题、正文（7.3.1、7.3.3）
def test_title_centred_broken_at_20_and_followed_by_blank_line(doc):
    report = long_report()
    first = doc.body_elements()[0]
    lines = doc.text(first).split("\n")
    assert lines == list(report.title) and len(lines) >= 2
    assert all(text_width(line) <= 20 for line in lines)
    assert doc.ppr(first, "w:jc") == "center"
    assert doc.ppr(first, "w:ind", "w:firstLine") in (None, "0")
    blank = doc.body_elements()[1]
    assert doc.text(blank) == "" and doc.ppr(blank, "w:spacing", "w:line") == "579"
    addressee = doc.body_elements()[2]
    assert doc.text(addressee) == "院党委："
    assert doc.ppr(addressee, "w:ind", "w:firstLine") in (None, "0")
    assert doc.ppr(addressee, "w:ind", "w:left") in (None, "0")
    assert doc.ppr(addressee, "w:jc") == "left"
    assert doc.text(doc.body_elements()[3]).startswith("支部按照")  # 第 1 页就是正文


def test_subtitle_centred_kaiti_under_title(one_page):
    d = one_page
    els = d.body_elements()
    assert d.text(els[1]) == "——创先争优活动开展以来"
    assert d.ppr(els[1], "w:jc") == "center"
    assert d.east_asia(d.runs(els[1])[0], els[1]) == "楷体_GB2312"
    assert d.rpr(d.runs(els[1])[0], els[1], "w:sz") == "32"
    assert d.text(els[2]) == "" and d.text(els[3]) == "院党委："


def test_body_paragraphs_justified_with_two_character_indent(doc):
    body = [p for p in doc.paragraphs() if doc.style_of(p) in ("ReportBody",) or doc.style_of(p).startswith("Level")]
    assert len(body) >= 20
    for p in body:
        assert doc.ppr(p, "w:ind", "w:firstLineChars") == "200", doc.text(p)
        assert doc.ppr(p, "w:ind", "w:firstLine") == "630", doc.text(p)
        assert doc.ppr(p, "w:jc") == "both"


def test_headings_typed_text_with_outline_levels(doc):
    assert doc.document.find(".//w:numPr", NS) is None
    assert "word/numbering.xml" not in doc.names
    expected = {"一、开展创先争优活动的指导思想": 0, "（一）广泛宣传，动员部署": 1, "2.开展“公开承诺”活动": 2, "（3）加强学生党建工作": 3}
    for text, level in expected.items():
        p = doc.find_paragraph(text)
        assert doc.text(p) == text
        assert doc.ppr(p, "w:outlineLvl") == str(level)
        assert doc.pflag(p, "w:keepNext")
        style = doc.styles[doc.style_of(p)]
        assert style.find("w:pPr/w:outlineLvl", NS).get(q("w:val")) == str(level)
        assert style.find("w:pPr/w:keepNext", NS) is not None
    body = doc.find_paragraph("院党委")
    assert doc.ppr(body, "w:outlineLvl") is None
    lead = doc.find_paragraph("（二）全面争创")
    assert doc.ppr(lead, "w:outlineLvl") is None  # 段首引导不是单独的标题


def test_level3_bold_is_a_setting_off_by_default(doc):
    p = doc.find_paragraph("2.开展")
    assert doc.rpr(doc.runs(p)[0], p, "w:b") in (None, "0")
    from dataclasses import replace

    bold = Docx(write_docx(long_report(), replace(profile("gb2312"), level3_bold=True)))
    p = bold.find_paragraph("2.开展")
    assert bold.rpr(bold.runs(p)[0], p, "w:b") == "1"
    lead = bold.find_paragraph("1.开展")
    flags = [bold.rpr(r, lead, "w:b") for r in bold.runs(lead)]
    assert flags[0] == "1" and flags[1] in (None, "0")


# ---------------------------------------------------------------- 附件说明（7.3.4）
def test_attachment_note_two_items_hanging_indent(doc):
    s = profile("gb2312")
    first = doc.find_paragraph("附件：1.")
    second = doc.find_paragraph("2.活动开展情况统计表")
    before = doc.body_elements()[doc.index_of(first) - 1]
    assert doc.text(before) == ""  # 正文下空一行
    # 名称首字在 2（空二字）+ 3（附件：）+ 1（“1.”）= 6 字处；第一行从 2 字起，第二项从 5 字起
    assert doc.ppr(first, "w:ind", "w:left") == str(twips(6, s)) == "1890"
    assert doc.ppr(first, "w:ind", "w:hanging") == str(twips(4, s))
    for p in (first, second):  # 不能有首行缩进（firstLineChars 会盖过 hanging）
        assert doc.ppr(p, "w:ind", "w:firstLineChars") is None and doc.ppr(p, "w:ind", "w:firstLine") is None
    assert doc.ppr(second, "w:ind", "w:left") == "1890"
    assert doc.ppr(second, "w:ind", "w:hanging") == str(twips(1, s))
    assert doc.east_asia(doc.runs(first)[0], first) == s.body_font


def test_attachment_note_single_item():
    d = Docx(write_docx(tail_at_page_end_report(), profile("gb2312")))
    p = d.find_paragraph("附件：活动开展情况统计表")
    assert d.ppr(p, "w:ind", "w:left") == str(twips(5, profile("gb2312")))  # 名称首字在 2 + 3 字处
    assert d.ppr(p, "w:ind", "w:hanging") == str(twips(3, profile("gb2312")))


# ---------------------------------------------------------------- 署名和日期（7.3.5.2）
@pytest.mark.parametrize(
    "name, date, name_right, date_right",
    [
        ("商贸系党支部", "2011年1月7日", 4, 2),  # 6 字、6 字：日期右空二字，署名右空 6 − 6 + 4 = 4
        ("中共某某学院商贸系教工第一党支部", "2011年1月7日", 2, 10),  # 16 字：署名右空二字，日期右空 16 − 6
        ("商贸系党支部", "二〇一一年一月七日", 7, 2),  # 汉字日期 9 字：署名右空 9 − 6 + 4
        ("外语系党支部委员会", "2010年12月31日", 2, 2.0),  # 9 − 7 = 2：正好二字
    ],
)
def test_signature_and_date_indents(name, date, name_right, date_right):
    s = profile("gb2312")
    d = Docx(write_docx(long_report(name, date), s))
    sig = d.find_paragraph(name, exact=True)
    day = d.body_elements()[d.index_of(sig) + 1]
    assert d.text(day) == date
    assert d.ppr(sig, "w:jc") == "right" and d.ppr(day, "w:jc") == "right"
    assert d.ppr(sig, "w:ind", "w:right") == str(twips(name_right, s))
    assert d.ppr(day, "w:ind", "w:right") == str(twips(date_right, s))
    assert d.ppr(sig, "w:ind", "w:firstLine") == "0" and d.ppr(day, "w:ind", "w:firstLineChars") == "0"
    # 日期首字比署名首字右移二字
    name_start = name_right + text_width(name)
    date_start = date_right + text_width(date)
    assert name_start - date_start == 2 or (date_right == 2 and name_right == 2 + text_width(date) + 2 - text_width(name))
    blank = d.body_elements()[d.index_of(sig) - 1]
    assert d.text(blank) == ""


def test_signature_kept_with_last_body_lines(doc):
    sig = doc.find_paragraph(BRANCH, exact=True)
    els = doc.body_elements()
    i = els.index(sig)
    # 正文最后一段、空行、附件说明、空行、署名都“与下段同页”；日期不再往后连
    tail = els[i - 5 : i + 1]
    assert [doc.text(p)[:4] for p in tail] == [long_report().blocks[-3].text[:4], "", "附件：1", "2.活动", "", BRANCH[:4]]
    for p in tail:
        assert doc.pflag(p, "w:keepNext"), doc.text(p)
    assert not doc.pflag(els[i + 1], "w:keepNext")
    earlier = els[i - 6]  # 倒数第二段正文：不必连
    assert not doc.pflag(earlier, "w:keepNext")


# ---------------------------------------------------------------- 页码（7.5）
def test_page_numbers_odd_right_even_left(doc):
    assert doc.settings.find("w:evenAndOddHeaders", NS) is not None
    for kind, jc, side, other in (("default", "right", "right", "left"), ("even", "left", "left", "right")):
        footer = doc.footer(kind)
        ps = footer.findall("w:p", NS)
        assert len(ps) == 1
        p = ps[0]
        ppr = p.find("w:pPr", NS)
        assert ppr.find("w:jc", NS).get(q("w:val")) == jc
        assert ppr.find("w:ind", NS).get(q(f"w:{side}")) == "280"
        assert ppr.find("w:ind", NS).get(q(f"w:{other}")) in (None, "0")
        instr = "".join(t.text for t in p.iter(q("w:instrText")))
        assert instr.strip() == "PAGE"
        kinds = [f.get(q("w:fldCharType")) for f in p.iter(q("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        texts = [r.findtext("w:t", namespaces=NS) for r in p.findall("w:r", NS) if r.find("w:t", NS) is not None]
        assert texts == ["— ", "1", " —"]
        for r in p.findall("w:r", NS):
            fonts = r.find("w:rPr/w:rFonts", NS)
            assert {a: fonts.get(q(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == dict.fromkeys(("ascii", "hAnsi", "eastAsia", "cs"), "宋体")
        style = doc.styles[p.find("w:pPr/w:pStyle", NS).get(q("w:val"))]
        assert style.find("w:rPr/w:sz", NS).get(q("w:val")) == "28"  # 4号
        assert style.find("w:pPr/w:snapToGrid", NS).get(q("w:val")) == "0"


# ---------------------------------------------------------------- 附件和表格（7.3.7）
def test_attachments_start_new_pages_label_blank_title(doc):
    for label, title in (("附件1", "党员公开承诺情况汇总表"), ("附件2", "活动开展情况统计表")):
        p = doc.find_paragraph(label)
        assert doc.text(p) == label
        assert doc.pflag(p, "w:pageBreakBefore")
        assert doc.ppr(p, "w:jc") == "left" and doc.ppr(p, "w:ind", "w:firstLine") in (None, "0")
        assert doc.east_asia(doc.runs(p)[0], p) == "黑体" and doc.rpr(doc.runs(p)[0], p, "w:sz") == "32"
        i = doc.index_of(p)
        els = doc.body_elements()
        assert doc.text(els[i + 1]) == ""  # 第 2 行空
        assert doc.text(els[i + 2]) == title  # 第 3 行标题
        assert doc.ppr(els[i + 2], "w:jc") == "center"
        assert doc.east_asia(doc.runs(els[i + 2])[0], els[i + 2]) == "方正小标宋简体"
        assert doc.rpr(doc.runs(els[i + 2])[0], els[i + 2], "w:sz") == "44"
        assert els[i + 3].tag == q("w:tbl")
    last = doc.body_elements()[-1]
    assert last.tag == q("w:p") and doc.ppr(last, "w:spacing", "w:line") == "20"  # 表格后的收尾段落只有 1 磅


def test_tables_fit_and_repeat_headers(doc):
    report = long_report()
    tables = doc.tables()
    assert len(tables) == 2
    for tbl, attachment in zip(tables, report.attachments):
        table = attachment.table
        cols = [int(g.get(q("w:w"))) for g in tbl.findall("w:tblGrid/w:gridCol", NS)]
        assert len(cols) == len(table.columns)
        assert sum(cols) <= 8845 and sum(cols) >= 8800
        assert tbl.find("w:tblPr/w:tblLayout", NS).get(q("w:type")) == "fixed"
        borders = tbl.find("w:tblPr/w:tblBorders", NS)
        assert {etree.QName(b).localname for b in borders} == {"top", "left", "bottom", "right", "insideH", "insideV"}
        assert all(b.get(q("w:val")) == "single" for b in borders)
        rows = tbl.findall("w:tr", NS)
        assert len(rows) == 1 + len(table.rows) + (1 if table.total else 0)
        assert len(table.rows) == 60
        assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
        assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
        for r in rows:
            widths = [int(tc.find("w:tcPr/w:tcW", NS).get(q("w:w"))) for tc in r.findall("w:tc", NS)]
            assert widths == cols
        header_texts = ["".join(tc.itertext()) for tc in rows[0].findall("w:tc", NS)]
        assert header_texts == [c.header for c in table.columns]
        for tc, column in zip(rows[1].findall("w:tc", NS), table.columns):
            p = tc.find("w:p", NS)
            assert doc.ppr(p, "w:jc") == column.align
        # 表头一行放得下：每栏至少容得下表头文字
        for width, column in zip(cols, table.columns):
            assert width >= text_width(column.header) * 240 + 2 * 57, column.header
    total_row = tables[1].findall("w:tr", NS)[-1]
    assert "合计（60项）" in "".join(total_row.itertext())


def test_column_widths_fill_the_text_width():
    """各栏多宽由内容定（tests/test_table_widths.py 细查）；合起来正好是版心宽。"""
    d = Docx(write_docx(long_report(), profile("gb2312")))
    for table in d.tables():
        cols = [int(g.get(q("w:w"))) for g in table.findall("w:tblGrid/w:gridCol", NS)]
        assert sum(cols) == 8845


def test_big_table_keeps_every_row():
    # 速度由 bench/ 的脚本量出；这里只查 3,000 行都写进去了
    base = long_report().attachments[1].table
    big = Table(base.columns, base.rows * 50, base.total)  # 3000 行
    report = StageReport(("表格",), (), (Attachment("附件", "活动开展情况统计表", big),), "表格", "支部", dt.date(2011, 1, 7))
    data = write_docx(report, profile("gb2312"))
    assert len(Docx(data).tables()[0].findall("w:tr", NS)) == 3002


# ---------------------------------------------------------------- 可复现、文件属性
def test_byte_identical_output():
    a = write_docx(long_report(), profile("gb2312"))
    b = write_docx(long_report(), profile("gb2312"))
    assert a == b
    c = write_docx(long_report(), profile("windows"))
    assert c != a
    infos = zipfile.ZipFile(io.BytesIO(a)).infolist()
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    names = [i.filename for i in infos]
    assert names[0] == "[Content_Types].xml" and len(names) == len(set(names))
    assert "docProps/thumbnail.jpeg" not in names
    assert b"rsid" not in zipfile.ZipFile(io.BytesIO(a)).read("word/document.xml")


def test_core_properties(doc):
    props = docx.Document(io.BytesIO(doc.data)).core_properties
    report = long_report()
    assert props.title == report.core_title == "商贸系党支部开展创先争优活动阶段性工作情况汇报"
    assert props.author == BRANCH and props.last_modified_by == BRANCH
    assert props.created == props.modified == dt.datetime(2011, 1, 7, 0, 0, tzinfo=dt.timezone.utc)
    assert props.revision == 1
    assert props.comments == "" and "python-docx" not in doc.part_xml("docProps/core.xml")
    assert "Microsoft" not in doc.part_xml("docProps/app.xml")


def test_fonts_declared_without_files(doc):
    names = doc.names
    assert not [n for n in names if n.startswith("word/fonts/")]
    table = doc.xml("word/fontTable.xml")
    declared = {f.get(q("w:name")): f for f in table.findall("w:font", NS)}
    for font in ("仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "宋体", "Times New Roman"):
        assert font in declared
    assert declared["仿宋_GB2312"].find("w:charset", NS).get(q("w:val")) == "86"


def test_tail_without_signature_does_not_chain_into_attachment_page():
    report = long_report()
    blocks = tuple(b for b in report.blocks if not isinstance(b, Signature))
    d = Docx(write_docx(StageReport(report.title, blocks, report.attachments, report.core_title, BRANCH, None), profile("gb2312")))
    second = d.find_paragraph("2.活动开展情况统计表")
    assert not d.pflag(second, "w:keepNext")  # 下面是另起一页的附件，不再连
    assert d.pflag(d.find_paragraph("附件：1."), "w:keepNext")
    props = docx.Document(io.BytesIO(d.data)).core_properties
    assert props.created == dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)  # 没有成文日期：固定值，仍可复现


# ---------------------------------------------------------------- 版面数值只在版面方案里（style.py）
def test_heading_labels_are_declared_in_the_profile():
    gb = profile("gb2312")
    assert [gb.heading_label(level, 2) for level in (1, 2, 3, 4, 5)] == ["二、", "（二）", "2.", "（2）", "②"]
    assert [gb.heading_label(1, n) for n in (10, 11)] == ["十、", "11、"]  # 十以后用阿拉伯数字
    assert [gb.heading_label(5, n) for n in (20, 21)] == ["⑳", "21)"]
    assert gb.heading_label(7, 1) == "①"  # 比最深一层还深：仍用最深一层的写法
    assert [gb.inline_numbering.label(n) for n in (1, 2, 11)] == ["一是", "二是", "11是"]
    assert gb.attachment_numbering.label(2) == "2."


def test_compose_numbers_headings_by_the_profile(tmp_path):
    from dataclasses import replace

    from tests.workbooks import small_branch, write_workbook
    from toolkit.checks import check_file
    from toolkit.report.build import branch_wording
    from toolkit.report.compose import compose_report
    from toolkit.style import CHINESE_DIGITS, Numbering

    branch = check_file(write_workbook(tmp_path / "x.xlsx", small_branch())).branch
    gb = profile("gb2312")
    own = replace(gb, heading_numbering=(Numbering("第{}部分 ", CHINESE_DIGITS), *gb.heading_numbering[1:]))
    lines = compose_report(branch, branch_wording(branch), own).report.text_lines()
    assert "第一部分 开展创先争优活动的指导思想" in lines and "第四部分 开展创先争优活动的努力方向" in lines
    assert not any(line.startswith("一、") for line in lines)


def test_a_narrower_title_width_applies_to_breaking_and_writing():
    """标题每行字数只有一个值（title_max_chars）：组织报告时断行、写出时再断，都按它。"""
    from dataclasses import replace

    narrow = replace(profile("gb2312"), title_max_chars=10)
    d = Docx(write_docx(long_report(), narrow))
    lines = d.text(d.body_elements()[0]).split("\n")
    assert len(lines) > len(long_report().title)
    assert all(text_width(line) <= 10 for line in lines), lines
    assert "".join(lines) == "".join(long_report().title)


def test_table_and_tail_values_are_read_from_the_profile():
    """表格和页码行的行距、表格文字的字距、单元格上下边距、文件末尾 1 磅段落：都从版面方案读。"""
    from dataclasses import replace

    own = replace(profile("gb2312"), single_line_spacing=250, table_char_spacing=3, page_number_char_spacing=2,
                  table_cell_margin_vertical=11, end_paragraph_size=4, end_paragraph_line=40)
    d = Docx(write_docx(long_report(), own))
    for style_id in ("TableText", "TableHeader", "PageNumberLine"):
        spacing = d.styles[style_id].find("w:pPr/w:spacing", NS)
        assert (spacing.get(q("w:line")), spacing.get(q("w:lineRule"))) == ("250", "auto"), style_id
    assert d.styles["TableText"].find("w:rPr/w:spacing", NS).get(q("w:val")) == "3"
    assert d.styles["PageNumberLine"].find("w:rPr/w:spacing", NS).get(q("w:val")) == "2"
    margins = d.tables()[0].find("w:tblPr/w:tblCellMar", NS)
    assert [margins.find(f"w:{side}", NS).get(q("w:w")) for side in ("top", "bottom")] == ["11", "11"]
    end = d.paragraphs()[-1]
    assert d.ppr(end, "w:spacing", "w:line") == "40"
    assert end.find("w:pPr/w:rPr/w:sz", NS).get(q("w:val")) == "4"

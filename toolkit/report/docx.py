"""把报告文档树（StageReport）写成 .docx，版面数值全部来自 style.StyleProfile。

这里写出的 0 只表示“没有”（不缩进、表格不缩进、边框不另留空），不是可调的版面数值。

用 python-docx 的空白文档做底：只保留 Normal，在它之上建报告自己的样式（不用 Word 自带的
蓝色 Heading）。包、样式、节、页脚交给 python-docx（_Package）；正文（段落、附件表格）按几种重复元素的模板
拼成转义好的 XML 文字（_Body），最后一次放进 document.xml：一万多行的附件表不必逐个建 lxml 元素。
包里除了正文和文件属性，别的只由版面方案定（“骨架”）：建一次存在本机的缓存里（cache.py），
以后写报告连 python-docx 也不用加载。文件属性（core.xml）按骨架里留的空填上。
同一份报告、同一个方案，输出的字节完全相同：文件属性取自报告，压缩包里的时间戳固定。
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path
from typing import NamedTuple

from toolkit.report.document import (
    Addressee,
    Attachment,
    AttachmentNote,
    Heading,
    Paragraph,
    Signature,
    StageReport,
    Subtitle,
    Table,
)
from toolkit import standard
from toolkit.report.titles import break_title, is_full_width, text_width
from toolkit.report import cache
from toolkit.style import StyleProfile

# python-docx 和 lxml 只在建骨架时才加载（_python_docx）：缓存里有骨架时，写报告用不着它们
Document = WD_STYLE_TYPE = OxmlElement = qn = Twips = etree = None


def _python_docx() -> None:
    global Document, WD_STYLE_TYPE, OxmlElement, qn, Twips, etree
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Twips
    from lxml import etree


ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # 压缩包内每个文件的时间：固定，输出才可复现
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WORD_2013 = "15"  # compatibilityMode：按 Word 2013 起的规矩排，表格边框才对齐版心
GB2312_CHARSET, ANSI_CHARSET = "86", "00"  # fontTable 的 w:charset：中文字体 GB2312（134），其余 ANSI

# 样式：编号（XML 里的 styleId）和显示名
S_TITLE = ("ReportTitle", "公文标题")
S_SUBTITLE = ("ReportSubtitle", "汇报副标题")
S_ADDRESSEE = ("Addressee", standard.BRANCH_INFO.col.addressee.name)  # 样式的显示名就是这一要素的名字
S_BODY = ("ReportBody", "汇报正文")
S_LEVELS = {
    1: ("Level1Heading", "一级标题"),
    2: ("Level2Heading", "二级标题"),
    3: ("Level3Heading", "三级标题"),
    4: ("Level4Heading", "四级标题"),
}
S_NOTE = ("AttachmentNote", "附件说明")
S_SIGNATURE = ("ReportSignature", "落款")
S_LABEL = ("AttachmentLabel", "附件标识")
S_CELL = ("TableText", "表格文字")
S_HEADER = ("TableHeader", "表头文字")
S_PAGE_NUMBER = ("PageNumberLine", "页码行")

# XML 1.0 不许有的字符（控制字符、U+FFFE/U+FFFF、落单的代理项）：写出时去掉
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# ---------------------------------------------------------------- XML 小工具
class _E(NamedTuple):
    """一个元素的写法（标签、属性、子元素）：样式里用时化成 lxml 元素（_element），正文里直接写成文字（_xml）。"""

    tag: str
    attrs: tuple[tuple[str, str], ...]
    children: tuple[_E, ...]


def _el(tag: str, attrs: dict | None = None, children=()) -> _E:
    return _E(tag, tuple((key, str(value)) for key, value in (attrs or {}).items()), tuple(c for c in children if c is not None))


def _element(spec: _E) -> etree._Element:
    element = OxmlElement(spec.tag)
    for key, value in spec.attrs:
        element.set(qn(key), value)
    for child in spec.children:
        element.append(_element(child))
    return element


def _fonts(east_asia: str, latin: str, *, hint: bool = True, all_same: bool = False) -> _E:
    """w:rFonts：中文写 eastAsia，数字字母写 ascii/hAnsi；all_same 时四个都一样（页码）。"""
    latin = east_asia if all_same else latin
    attrs = {"w:ascii": latin, "w:hAnsi": latin, "w:eastAsia": east_asia, "w:cs": latin}
    if hint:
        attrs["w:hint"] = "eastAsia"  # 引号等中西文共用的字符按中文字体排（全角）
    return _el("w:rFonts", attrs)


def _rpr(
    style: StyleProfile,
    *,
    font: str | None = None,
    all_same: bool = False,
    bold: bool | None = None,
    spacing: int | None = None,
    size: int | None = None,
    color: bool = False,
    hint: bool = True,
) -> _E:
    """按 CT_RPr 的顺序拼 w:rPr。"""
    children = []
    if font:
        children.append(_fonts(font, style.latin_font, hint=hint, all_same=all_same))
    if bold is not None:
        value = "1" if bold else "0"
        children += [_el("w:b", {"w:val": value}), _el("w:bCs", {"w:val": value})]
    if color:
        children.append(_el("w:color", {"w:val": style.text_color}))
    if spacing is not None:
        children.append(_el("w:spacing", {"w:val": spacing}))
    if size is not None:
        children += [_el("w:sz", {"w:val": size}), _el("w:szCs", {"w:val": size})]
    return _el("w:rPr", children=children)


def _ppr(
    *,
    style_id: str | None = None,
    keep_next: bool | None = None,
    page_break_before: bool = False,
    layout: bool = False,
    spacing: dict | None = None,
    ind: dict | None = None,
    jc: str | None = None,
    outline: int | None = None,
    rpr: _E | None = None,
) -> _E:
    """按 CT_PPr 的顺序拼 w:pPr。layout=True 写样式都要带的几项（孤行控制、不对齐网格等）；
    spacing 是 w:spacing 的属性（_line_spacing 给出）。"""
    children = []
    if style_id:
        children.append(_el("w:pStyle", {"w:val": style_id}))
    if keep_next is not None:
        children.append(_el("w:keepNext", {"w:val": "1" if keep_next else "0"}))
    if page_break_before:
        children.append(_el("w:pageBreakBefore"))
    if layout:
        # 显式关掉孤行控制：缺省时 LibreOffice 会打开它，一页就只剩 21 行
        children.append(_el("w:widowControl", {"w:val": "0"}))
        # 中西文之间不自动加空，半角数字正好半个字宽
        children.append(_el("w:autoSpaceDE", {"w:val": "0"}))
        children.append(_el("w:autoSpaceDN", {"w:val": "0"}))
        children.append(_el("w:adjustRightInd", {"w:val": "0"}))
        # 不对齐文档网格：否则 LibreOffice 用网格覆盖固定行距
        children.append(_el("w:snapToGrid", {"w:val": "0"}))
    if spacing is not None:
        children.append(_el("w:spacing", spacing))
    if ind is not None:
        children.append(_el("w:ind", ind))
    if jc:
        children.append(_el("w:jc", {"w:val": jc}))
    if outline is not None:
        children.append(_el("w:outlineLvl", {"w:val": outline}))
    if rpr is not None:
        children.append(rpr)
    return _el("w:pPr", children=children)


def _clean(text: str) -> str:
    return _ILLEGAL.sub("", text)


def _text(text: str, tag: str = "w:t") -> etree._Element:
    t = _element(_el(tag))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return t


def _run(text: str, rpr: _E | None = None) -> etree._Element:
    """一段文字（页脚里用）；换行符写成 w:br。"""
    run = _element(_el("w:r", children=[rpr]))
    for index, piece in enumerate(_clean(text).split("\n")):
        if index:
            run.append(_element(_el("w:br")))
        if piece:
            run.append(_text(piece))
    return run


_KEEP_ON, _KEEP_OFF = '<w:keepNext w:val="1"/>', '<w:keepNext w:val="0"/>'
_T_OPEN = '<w:t xml:space="preserve">'
# 文字节点的转义，与 lxml 写出的一样：& < > 转成实体，回车写成 &#13;（不然读回来成了换行）
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


# 属性值的转义，与 lxml 写出的一样
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _xml(spec: _E) -> str:
    """一个小元素的 XML 文字，与 lxml 写出的一字不差（不带命名空间声明：放进 document.xml 后由根元素声明 w:）。"""
    attrs = "".join(f' {key}="{value.translate(_ATTR_ESCAPES)}"' for key, value in spec.attrs)
    if not spec.children:
        return f"<{spec.tag}{attrs}/>"
    return f"<{spec.tag}{attrs}>" + "".join(_xml(c) for c in spec.children) + f"</{spec.tag}>"


def _run_xml(text: str, rpr: str, br_first: bool = False) -> str:
    """_run 的文字版：<w:r>、rPr、每行一个 w:t，行间 w:br。"""
    out = ["<w:r>", rpr, "<w:br/>" if br_first else ""]
    for index, piece in enumerate(_clean(text).translate(_TEXT_ESCAPES).split("\n")):
        if index:
            out.append("<w:br/>")
        if piece:
            out += (_T_OPEN, piece, "</w:t>")
    out.append("</w:r>")
    return "".join(out)


def _no_indent() -> dict:
    return {"w:left": 0, "w:right": 0, "w:firstLineChars": 0, "w:firstLine": 0}


def _line_spacing(style: StyleProfile, line: int | None = None, rule: str = "exact") -> dict:
    """w:spacing：段前段后不留空；行距默认是正文的固定行距（5.2.3）。"""
    space = style.paragraph_space
    return {"w:before": space, "w:after": space, "w:line": style.line_pitch if line is None else line, "w:lineRule": rule}


# ---------------------------------------------------------------- 骨架：包里只由版面方案定的部分
# 文件属性先填上这几个记号，写报告时换成报告的（_Skeleton.core）
_CORE_TITLE, _CORE_AUTHOR = "\ue000标题\ue000", "\ue000作者\ue000"
_CORE_MOMENT = dt.datetime(1901, 2, 3)
_CORE_MARKS = re.compile("|".join(re.escape(m) for m in (_CORE_TITLE, _CORE_AUTHOR, _CORE_MOMENT.strftime("%Y-%m-%dT%H:%M:%SZ"))))


class _Package:
    """用 python-docx 建骨架：样式、设置、字体表、节、页脚、文件属性（填着记号），正文空着。"""

    def __init__(self, style: StyleProfile):
        _python_docx()
        self.style = style
        self.doc = Document()
        self.body = self.doc.element.body
        self.sect_pr = self.body.sectPr

    def entries(self) -> tuple[list[tuple[str, bytes]], str]:
        """（压缩包里的各部件（名字、内容，按 python-docx 存出的顺序）, document.xml 的名字）。"""
        self._prune_package()
        self._styles()
        self._settings()
        self._font_table()
        self._section()
        self._footers()
        self._properties()
        raw = io.BytesIO()
        self.doc.save(raw)
        with zipfile.ZipFile(raw) as source:
            entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
        return entries, self.doc.part.partname.membername

    def _prune_package(self) -> None:
        """去掉空白模板里用不上的部件：缩略图、带主题字体的 stylesWithEffects、编号、自定义 XML。"""
        drop = ("stylesWithEffects", "webSettings", "customXml", "numbering")
        doc_rels = self.doc.part.rels
        for rid, rel in list(doc_rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in drop:
                doc_rels.pop(rid)
        package_rels = self.doc.part.package.rels
        for rid, rel in list(package_rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] == "thumbnail":
                package_rels.pop(rid)
        for child in list(self.body):
            if child is not self.sect_pr:
                self.body.remove(child)

    # -- 样式
    def _styles(self) -> None:
        self._prune_styles()
        self._document_defaults()
        self._normal_style()
        self._text_styles()
        self._table_styles()

    def _prune_styles(self) -> None:
        """空白模板的样式只留 Normal、默认段落字体、普通表格，并去掉 rsid 和主题字体。"""
        styles = self.doc.styles.element
        keep = {"Normal", "DefaultParagraphFont", "TableNormal"}
        for element in styles.findall(qn("w:style")):
            if element.get(qn("w:styleId")) not in keep:
                styles.remove(element)
        for element in styles.iter(qn("w:rsid")):
            element.getparent().remove(element)
        for element in styles.iter(qn("w:rFonts")):  # 模板残留的主题字体（Normal Table 等）
            _drop_theme(element)
        table_normal = _by_id(self.doc, "TableNormal").element
        for child in table_normal.findall(qn("w:pPr")):
            table_normal.remove(child)
        table_normal.find(qn("w:tblPr")).addprevious(_element(_ppr(layout=True)))

    def _document_defaults(self) -> None:
        """文档默认：正文字体、3号、黑色、中文 zh-CN，固定行距。"""
        s = self.style
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        for child in list(defaults):
            defaults.remove(child)
        rpr = _rpr(s, font=s.body_font, color=True, size=s.body_size)
        rpr = rpr._replace(children=(*rpr.children, _el("w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"})))
        defaults.append(_element(_el("w:rPrDefault", children=[rpr])))
        defaults.append(_element(_el("w:pPrDefault", children=[_ppr(layout=True, spacing=_line_spacing(s))])))

    def _normal_style(self) -> None:
        """Normal：两端对齐、固定行距、3号字紧缩 0.25 磅（每行 28 字）。空行也用它。"""
        s = self.style
        normal = self.doc.styles["Normal"].element
        for child in list(normal):
            if child.tag in (qn("w:pPr"), qn("w:rPr")):
                normal.remove(child)
        normal.append(_element(_ppr(layout=True, spacing=_line_spacing(s), jc="both")))
        normal.append(_element(_rpr(s, font=s.body_font, color=True, spacing=s.body_char_spacing, size=s.body_size)))

    def _text_styles(self) -> None:
        """标题、副标题、主送机关、正文、各级标题、附件说明、落款、附件标识。"""
        s = self.style
        body_ind = {"w:firstLineChars": s.first_line_indent_chars, "w:firstLine": s.first_line_indent}
        self._paragraph_style(
            S_TITLE, keep_next=True, ind=_no_indent(), jc="center",
            rpr=_rpr(s, font=s.title_font, spacing=s.title_char_spacing, size=s.title_size),
        )
        self._paragraph_style(
            S_SUBTITLE, keep_next=True, ind=_no_indent(), jc="center",
            rpr=_rpr(s, font=s.subtitle_font, spacing=s.body_char_spacing, size=s.body_size),
        )
        self._paragraph_style(S_ADDRESSEE, ind=_no_indent(), jc="left", rpr=_rpr(s, font=s.body_font))
        self._paragraph_style(S_BODY, ind=body_ind, jc="both", rpr=_rpr(s, font=s.body_font))
        for level, ids in S_LEVELS.items():
            self._paragraph_style(
                ids, based_on=S_BODY[0], keep_next=True, ind=body_ind, jc="both", outline=level - 1,
                rpr=_rpr(s, font=s.heading_font(level), bold=True if s.heading_bold(level) else None),
            )
        # 附件说明的缩进逐段算（悬挂缩进），样式里不带首行缩进，免得 firstLineChars 盖过 hanging
        self._paragraph_style(S_NOTE, ind={"w:left": 0, "w:right": 0}, jc="both", rpr=_rpr(s, font=s.body_font))
        self._paragraph_style(S_SIGNATURE, ind=_no_indent(), jc="right", rpr=_rpr(s, font=s.body_font))
        self._paragraph_style(S_LABEL, ind=_no_indent(), jc="left", rpr=_rpr(s, font=s.attachment_label_font))

    def _table_styles(self) -> None:
        """表格文字、表头、页码行：单倍行距，不紧缩。"""
        s = self.style
        single = {"line": s.single_line_spacing, "line_rule": "auto"}  # auto：行距按倍数算，240 即单倍
        self._paragraph_style(
            S_CELL, ind=_no_indent(), jc="center", **single,
            rpr=_rpr(s, font=s.table_font, spacing=s.table_char_spacing, size=s.table_size),
        )
        self._paragraph_style(
            S_HEADER, based_on=S_CELL[0], ind=_no_indent(), jc="center", **single,
            rpr=_rpr(s, font=s.table_header_font, spacing=s.table_char_spacing, size=s.table_size),
        )
        self._paragraph_style(
            S_PAGE_NUMBER, ind=_no_indent(), jc="right", **single,
            rpr=_rpr(s, font=s.page_number_font, all_same=True, spacing=s.page_number_char_spacing,
                     size=s.page_number_size, hint=False),
        )

    def _paragraph_style(self, ids, *, based_on="Normal", keep_next=None, line=None, line_rule="exact", ind=None, jc=None, outline=None, rpr=None):
        style_id, name = ids
        style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = style_id
        style.base_style = self.doc.styles[based_on] if based_on == "Normal" else _by_id(self.doc, based_on)
        # 回车后的下一段：标题之后是空行（Normal），各级标题之后是正文，其余照旧
        if style_id in (S_TITLE[0], S_SUBTITLE[0]):
            style.next_paragraph_style = self.doc.styles["Normal"]
        elif style_id in {ids[0] for ids in S_LEVELS.values()}:
            style.next_paragraph_style = _by_id(self.doc, S_BODY[0])
        else:
            style.next_paragraph_style = style
        style.quick_style = True
        element = style.element
        for child in list(element):
            if child.tag in (qn("w:pPr"), qn("w:rPr")):
                element.remove(child)
        element.append(
            _element(_ppr(keep_next=keep_next, layout=True, spacing=_line_spacing(self.style, line, line_rule), ind=ind, jc=jc, outline=outline))
        )
        if rpr is not None:
            element.append(_element(rpr))

    # -- 设置
    def _settings(self) -> None:
        settings = self.doc.settings
        element = settings.element
        drop = ("rsids", "proofState", "attachedTemplate", "docId", "savePreviewPicture", "shapeDefaults", "doNotAutoCompressPictures")
        for child in list(element):
            if etree.QName(child).localname in drop:
                element.remove(child)
        for lang in element.findall(qn("w:themeFontLang")):
            lang.set(qn("w:val"), "en-US")
            lang.set(qn("w:eastAsia"), "zh-CN")  # 模板是 ja-JP：LibreOffice 会画成日文字形
        for setting in element.iter(qn("w:compatSetting")):
            if setting.get(qn("w:name")) == "compatibilityMode":
                setting.set(qn("w:val"), WORD_2013)
        settings.odd_and_even_pages_header_footer = True  # 单双页页码位置不同（7.5）

    def _font_table(self) -> None:
        """fontTable：列出用到的字体，注明 GB2312 字符集和替代名；不附带字体文件。"""
        s = self.style
        part = next(r.target_part for r in self.doc.part.rels.values() if r.reltype.endswith("/fontTable"))
        alt = dict(s.font_alt_names)
        names = [s.latin_font]
        for name in s.fonts_by_role().values():
            if name not in names:
                names.append(name)
        root = etree.Element(qn("w:fonts"), nsmap={"w": W_NS})
        for name in names:
            font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
            if name in alt:
                etree.SubElement(font, qn("w:altName"), {qn("w:val"): alt[name]})
            chinese = any(is_full_width(ch) for ch in name)
            etree.SubElement(font, qn("w:charset"), {qn("w:val"): GB2312_CHARSET if chinese else ANSI_CHARSET})
            etree.SubElement(font, qn("w:family"), {qn("w:val"): "modern" if chinese else "roman"})
            etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "variable"})
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    # -- 页面
    def _section(self) -> None:
        s = self.style
        section = self.doc.sections[0]
        section.page_width, section.page_height = Twips(s.page_width), Twips(s.page_height)
        section.top_margin, section.bottom_margin = Twips(s.margin_top), Twips(s.margin_bottom)
        section.left_margin, section.right_margin = Twips(s.margin_left), Twips(s.margin_right)
        section.header_distance, section.footer_distance = Twips(s.header_distance), Twips(s.footer_distance)
        section.gutter = Twips(0)
        for attr in list(self.sect_pr.attrib):
            self.sect_pr.attrib.pop(attr)  # rsid
        grid = self.sect_pr.find(qn("w:docGrid"))
        for attr in list(grid.attrib):
            grid.attrib.pop(attr)
        grid.set(qn("w:type"), "lines")  # 只定行网格；不用 linesAndChars（LibreOffice 会排成每行 17–20 字）
        grid.set(qn("w:linePitch"), str(s.line_pitch))

    def _footers(self) -> None:
        """页码（7.5）：“— 1 —”，单页居右空一字，双页居左空一字。"""
        section = self.doc.sections[0]
        for footer, jc, side in ((section.footer, "right", "w:right"), (section.even_page_footer, "left", "w:left")):
            footer.is_linked_to_previous = False
            root = footer._element
            for child in list(root):
                root.remove(child)
            root.append(self._page_number(jc, side))

    def _page_number(self, jc: str, side: str) -> etree._Element:
        s = self.style
        ind = {"w:left": 0, "w:right": 0, "w:firstLine": 0}
        ind[side] = s.page_number_side_space
        p = _element(_el("w:p", children=[_ppr(style_id=S_PAGE_NUMBER[0], ind=ind, jc=jc)]))
        rpr = _rpr(s, font=s.page_number_font, all_same=True, hint=False)

        def field(kind: str) -> etree._Element:
            return _element(_el("w:r", children=[rpr, _el("w:fldChar", {"w:fldCharType": kind})]))

        p.append(_run(f"{s.page_number_dash} ", rpr))
        p.append(field("begin"))
        instr = _element(_el("w:r", children=[rpr]))
        instr.append(_text(" PAGE ", "w:instrText"))
        p.append(instr)
        p.append(field("separate"))
        p.append(_run("1", rpr))
        p.append(field("end"))
        p.append(_run(f" {s.page_number_dash}", rpr))
        return p

    # -- 文件属性：填上记号，写报告时换成报告的
    def _properties(self) -> None:
        core = self.doc.core_properties
        core.title = _CORE_TITLE
        core.author = _CORE_AUTHOR
        core.last_modified_by = core.author
        core.comments = ""
        core.subject = ""
        core.keywords = ""
        core.category = ""
        core.language = "zh-CN"
        core.revision = 1
        core.created = _CORE_MOMENT
        core.modified = _CORE_MOMENT
        app = self.doc.part.package.rels
        for rel in app.values():
            if rel.reltype.endswith("/extended-properties"):
                rel.target_part._blob = _APP_XML


# ---------------------------------------------------------------- 正文：写成 XML 文字（一万多行的附件表也只是拼字符串），最后一次放进 document.xml
class _Body:
    def __init__(self, report: StageReport, style: StyleProfile):
        self.report = report
        self.style = style
        self.parts: list[str] = []  # 正文：每个段落、表格一段 XML 文字
        self._xml_cache: dict = {}

    def xml(self) -> str:
        self._content()
        return "".join(self.parts)

    def _add(self, xml: str) -> int:
        self.parts.append(xml)
        return len(self.parts) - 1

    def _paragraph(self, style_id: str, runs=(), **ppr) -> int:
        return self._add("<w:p>" + self._ppr_xml(style_id=style_id, **ppr) + "".join(runs) + "</w:p>")

    def _ppr_xml(self, **ppr) -> str:
        """段落属性的 XML：同样的参数只拼一次（样式、缩进的组合没有几种）。"""
        key = tuple((k, tuple(v.items()) if isinstance(v, dict) else v) for k, v in ppr.items())
        xml = self._xml_cache.get(key)
        if xml is None:
            xml = self._xml_cache[key] = _xml(_ppr(**ppr))
        return xml

    def _rpr_xml(self, font: str, bold: bool) -> str:
        key = ("rPr", font, bold)
        xml = self._xml_cache.get(key)
        if xml is None:
            xml = self._xml_cache[key] = _xml(_rpr(self.style, font=font, bold=True if bold else None))
        return xml

    def _blank(self, keep_next: bool | None = None) -> int:
        """空一行：一个空段落，正好占一行网格。"""
        return self._paragraph("Normal", keep_next=keep_next)

    def _text_run(self, text: str, font: str, bold: bool = False) -> str:
        return _run_xml(text, self._rpr_xml(font, bold))

    def _content(self) -> None:
        s = self.style
        self._title(self.report.title)
        blocks = list(self.report.blocks)
        index = 0
        while index < len(blocks) and isinstance(blocks[index], Subtitle):
            self._paragraph(S_SUBTITLE[0], [self._text_run(blocks[index].text, s.subtitle_font)])
            index += 1
        self._blank()  # 标题下空一行（7.3.2、7.3.3）
        last_body: int | None = None
        for block in blocks[index:]:
            if isinstance(block, (AttachmentNote, Signature)):
                if last_body is not None:
                    self.parts[last_body] = _set_keep_next(self.parts[last_body])  # 正文最后一段和落款不分页
                    last_body = None
                if isinstance(block, AttachmentNote):
                    self._attachment_note(block)
                else:
                    self._signature(block)
                continue
            written = self._block(block)
            last_body = written if written is not None else last_body
        self.parts[-1] = _clear_keep_next(self.parts[-1])  # 落款之后不再往下连（下面是另起一页的附件）
        for attachment in self.report.attachments:
            self._attachment(attachment)
        self._end()

    def _title(self, lines) -> None:
        s = self.style
        fitted: list[str] = []
        for line in lines:
            fitted.extend(break_title(line, s.title_max_chars) if text_width(line) > s.title_max_chars else (line,))
        runs = []
        for index, line in enumerate(fitted):
            rpr = self._rpr_xml(s.title_font, False)
            runs.append(_run_xml(line, rpr, br_first=bool(index)))
        self._paragraph(S_TITLE[0], runs)

    def _block(self, block) -> int | None:
        s = self.style
        if isinstance(block, Heading):
            ids = S_LEVELS.get(block.level, S_LEVELS[4])
            bold = s.heading_bold(block.level)
            return self._paragraph(ids[0], [self._text_run(block.label + block.text, s.heading_font(block.level), bold)])
        if isinstance(block, Paragraph):
            runs = []
            if block.lead is not None:
                lead = block.lead
                bold = s.heading_bold(lead.level)
                runs.append(self._text_run(lead.label + lead.text, s.heading_font(lead.level), bold))
            if block.text:
                runs.append(self._text_run(block.text, s.body_font))
            if not runs:
                return None
            return self._paragraph(S_BODY[0], runs)
        if isinstance(block, Addressee):
            return self._paragraph(S_ADDRESSEE[0], [self._text_run(block.text, s.body_font)])
        if isinstance(block, Subtitle):
            return self._paragraph(S_SUBTITLE[0], [self._text_run(block.text, s.subtitle_font)])
        raise TypeError(f"不认识的报告内容：{type(block).__name__}")

    def _attachment_note(self, note: AttachmentNote) -> None:
        """附件说明（7.3.4）：空一行，左空二字写“附件：”；多个附件编号，回行与名称首字对齐。"""
        s = self.style
        self._blank(keep_next=True)
        items = [_clean(item) for item in note.items]
        if not items:
            return
        first = items[0]
        colon = first.find("：")
        lead = first[: colon + 1] if colon != -1 else ""
        lead_width = text_width(lead)
        numbered = len(items) > 1
        for index, item in enumerate(items):
            rest = item[len(lead):] if index == 0 and lead and item.startswith(lead) else item
            number = s.attachment_numbering.label(index + 1) if numbered else ""
            number_width = text_width(number) if number and rest.startswith(number) else 0
            start = s.indent_chars + (0 if index == 0 else lead_width)  # 这一行第一个字的位置
            name_at = s.indent_chars + lead_width + number_width  # 附件名称首字的位置
            ind = {"w:left": s.chars_to_twips(name_at), "w:hanging": s.chars_to_twips(name_at - start)}
            self._paragraph(S_NOTE[0], [self._text_run(item, s.body_font)], keep_next=True, ind=ind)

    def _signature(self, signature: Signature) -> None:
        """落款（7.3.5.2）：空一行，署名右空二字；日期首字比署名首字右移二字。"""
        s = self.style
        self._blank(keep_next=True)
        name_right, date_right = s.signature_indents(text_width(signature.name), text_width(signature.date))
        for text, right, keep in ((signature.name, name_right, True), (signature.date, date_right, False)):
            ind = {"w:left": 0, "w:right": s.chars_to_twips(right), "w:firstLineChars": 0, "w:firstLine": 0}
            self._paragraph(S_SIGNATURE[0], [self._text_run(text, s.body_font)], keep_next=keep, ind=ind)

    # -- 附件
    def _attachment(self, attachment: Attachment) -> None:
        """附件（7.3.7）：另起一页，第 1 行顶格“附件”，第 3 行居中附件标题，然后是表格。"""
        s = self.style
        self._paragraph(S_LABEL[0], [self._text_run(attachment.label, s.attachment_label_font)], page_break_before=True, keep_next=True)
        self._blank(keep_next=True)
        self._title(break_title(attachment.title, s.title_max_chars))
        self._table(attachment.table)

    def _layout(self, table: Table):
        """各栏宽度由表里的内容定、短文字在词与词之间换行（document.Table.layout），总宽正好等于版心宽。"""
        s = self.style
        extra = 2 * s.table_cell_margin + int(s.table_char_width * s.table_header_slack)
        return table.layout(s.text_width, s.table_char_width, extra)

    def _table(self, table: Table) -> None:
        s = self.style
        laid_out = self._layout(table)
        widths = list(laid_out.widths)
        border = {"w:val": "single", "w:sz": s.table_border_size, "w:space": 0, "w:color": s.text_color}
        margin, vertical = s.table_cell_margin, s.table_cell_margin_vertical
        tbl_pr = _el("w:tblPr", children=[
            _el("w:tblW", {"w:w": sum(widths), "w:type": "dxa"}),
            _el("w:jc", {"w:val": "center"}),
            _el("w:tblInd", {"w:w": 0, "w:type": "dxa"}),
            _el("w:tblBorders", children=[_el(f"w:{side}", border) for side in ("top", "left", "bottom", "right", "insideH", "insideV")]),
            _el("w:tblLayout", {"w:type": "fixed"}),
            _el("w:tblCellMar", children=[
                _el("w:top", {"w:w": vertical, "w:type": "dxa"}),
                _el("w:left", {"w:w": margin, "w:type": "dxa"}),
                _el("w:bottom", {"w:w": vertical, "w:type": "dxa"}),
                _el("w:right", {"w:w": margin, "w:type": "dxa"}),
            ]),
        ])
        grid = _el("w:tblGrid", children=[_el("w:gridCol", {"w:w": w}) for w in widths])
        columns = table.columns
        aligns = [_JC.get(c.align, "center") for c in columns]
        out = ["<w:tbl>", _xml(tbl_pr), _xml(grid)]
        header = self._row_template(widths, ["center"] * len(columns), S_HEADER[0], s.table_header_font, header=True)
        out.append(header([c.header for c in columns]))
        row = self._row_template(widths, aligns, S_CELL[0], s.table_font)
        out.extend(row(values) for values in laid_out.rows)
        if laid_out.total is not None:
            out.append(row(laid_out.total))
        out.append("</w:tbl>")
        self._add("".join(out))

    def _row_template(self, widths, aligns, style_id, font, header=False):
        """一种表格行的模板：每栏的开头（tcPr、pPr）和文字的 rPr 只拼一次，返回 值 → 一行 XML 的函数。"""
        s = self.style
        tr_pr = _el("w:trPr", children=[
            _el("w:cantSplit"),  # 一行不跨页
            _el("w:trHeight", {"w:val": s.table_row_min_height, "w:hRule": "atLeast"}),
            _el("w:tblHeader") if header else None,  # 表头在每页重复
        ])
        start = "<w:tr>" + _xml(tr_pr)
        heads = []
        for width, jc in zip(widths, aligns):
            tc_pr = _el("w:tcPr", children=[_el("w:tcW", {"w:w": width, "w:type": "dxa"}), _el("w:vAlign", {"w:val": "center"})])
            heads.append("<w:tc>" + _xml(tc_pr) + "<w:p>" + self._ppr_xml(style_id=style_id, jc=jc))
        rpr = self._rpr_xml(font, False)
        count = len(widths)
        done: dict[tuple[int, str], str] = {}  # 同一栏同样的文字（日期、类型、范围）只拼一次

        def cell(i: int, text: str) -> str:
            key = (i, text)
            if key not in done:
                done[key] = heads[i] + (_run_xml(text, rpr) if text else "") + "</w:p></w:tc>"
            return done[key]

        def row(values) -> str:
            values = list(values) + [""] * (count - len(values))
            out = [start]
            for i, value in enumerate(values[:count]):
                out.append(cell(i, "" if value is None else str(value)))
            out.append("</w:tr>")
            return "".join(out)

        return row

    def _end(self) -> None:
        """文件必须以段落结束；表格后面的这一段只有 1 磅高，不会多出空白页。"""
        if self.parts and self.parts[-1].startswith("<w:tbl>"):
            s = self.style
            ppr = _ppr(style_id="Normal", spacing=_line_spacing(s, s.end_paragraph_line), ind=_no_indent(), rpr=_rpr(s, size=s.end_paragraph_size))
            self._add("<w:p>" + _xml(ppr) + "</w:p>")


_JC = {"left": "left", "center": "center", "right": "right"}

_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Template>Normal.dotm</Template><Application>toolkit</Application><DocSecurity>0</DocSecurity>"
    b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _drop_theme(rfonts: etree._Element) -> None:
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del rfonts.attrib[attr]


def _set_keep_next(p: str) -> str:
    """段落 XML 的 pPr 里把 keepNext 设为 1（没有就写在 pStyle 之后）。文字里的 < 已转义，只会找到属性。"""
    head, sep, rest = p.partition("</w:pPr>")
    if _KEEP_OFF in head:
        return head.replace(_KEEP_OFF, _KEEP_ON) + sep + rest
    if _KEEP_ON in head:
        return p
    style_end = head.index("/>", head.index("<w:pStyle ")) + 2
    return head[:style_end] + _KEEP_ON + head[style_end:] + sep + rest


def _clear_keep_next(p: str) -> str:
    if not p.startswith("<w:p>"):
        return p
    head, sep, rest = p.partition("</w:pPr>")
    return head.replace(_KEEP_ON, _KEEP_OFF) + sep + rest


def _with_body(document: bytes, body: bytes) -> bytes:
    """把正文放进 python-docx 写出的 document.xml：w:body 开头、w:sectPr 之前。"""
    at = document.index(b"<w:body>") + len(b"<w:body>")
    return document[:at] + body + document[at:]


def _by_id(doc, style_id: str):
    for style in doc.styles:
        if style.style_id == style_id:
            return style
    raise KeyError(style_id)


class _Skeleton(NamedTuple):
    entries: tuple[tuple[str, bytes], ...]  # 压缩包里的各部件，按 python-docx 存出的顺序
    document: str  # 其中 document.xml 的名字：正文放进它的 w:body


_SKELETONS: dict[str, _Skeleton] = {}
_SKELETON_FILE = "skeleton.zip"


def _skeleton(style: StyleProfile) -> _Skeleton:
    """这个版面方案的骨架：先找这个进程里建过的，再找本机缓存里的，都没有才用 python-docx 建。"""
    key = repr(style)
    if key not in _SKELETONS:
        where = _skeleton_folder(key)
        skeleton = _read_skeleton(where / _SKELETON_FILE) if where else None
        if skeleton is None:
            entries, document = _Package(style).entries()
            skeleton = _Skeleton(tuple(entries), document)
            if where:
                cache.write(where / _SKELETON_FILE, _stored(skeleton))
        _SKELETONS[key] = skeleton
    return _SKELETONS[key]


def _skeleton_folder(style_key: str) -> Path | None:
    """缓存里放骨架的文件夹：名字里带着建骨架的一切（建骨架的代码、版面方案的数值和算法、样式名、python-docx 和 lxml 的版本）。"""
    import importlib.util

    here = Path(__file__).resolve().parent
    versions = []
    for name in ("docx", "lxml"):
        spec = importlib.util.find_spec(name)
        versions.append(cache.read(Path(spec.origin)) if spec and spec.origin else None)
    if None in versions:
        return None
    names = repr((S_TITLE, S_SUBTITLE, S_ADDRESSEE, S_BODY, S_LEVELS, S_NOTE, S_SIGNATURE, S_LABEL, S_CELL, S_HEADER, S_PAGE_NUMBER))
    sources = [cache.read(path) or b"" for path in (here / "docx.py", here / "titles.py", here.parent / "style.py")]
    return cache.folder("docx", *sources, *versions, style_key, names, sys.version)


def _stored(skeleton: _Skeleton) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for name, data in skeleton.entries:
            target.writestr(zipfile.ZipInfo(name, date_time=ZIP_TIME), data)
        target.comment = skeleton.document.encode("utf-8")
    return out.getvalue()


def _read_skeleton(path: Path) -> _Skeleton | None:
    """缓存里的骨架；没有、读不了、坏了（校验和不对）都是 None，重新建。"""
    data = cache.read(path)
    if not data:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            entries = tuple((info.filename, source.read(info)) for info in source.infolist())
            document = source.comment.decode("utf-8")
    except Exception:  # 坏了的缓存文件：当作没有（zipfile 的错不止一种）
        return None
    names = [name for name, _ in entries]
    cores = [name for name, data in entries if _CORE_TITLE.encode("utf-8") in data]
    return _Skeleton(entries, document) if document in names and len(cores) == 1 else None


def _core(data: bytes, report: StageReport) -> bytes:
    """骨架里的文件属性换上这份报告的：标题、作者（= 最后修改者）、创建和修改时间。"""
    # Word 文件属性最多 255 个字：检查时已经报了（standard.DOCX_PROPERTY_MAX）；万一漏过（如汇总报告），截短也不出内部错误
    limit = standard.DOCX_PROPERTY_MAX
    title = _clean(report.core_title or "".join(report.title))[:limit]
    author = _clean(report.core_author)[:limit]
    day = report.core_created or dt.date(1980, 1, 1)
    moment = dt.datetime.combine(day, dt.time(0, 0))
    values = {
        _CORE_TITLE: title.translate(_TEXT_ESCAPES),
        _CORE_AUTHOR: author.translate(_TEXT_ESCAPES),
        _CORE_MOMENT.strftime("%Y-%m-%dT%H:%M:%SZ"): moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return _CORE_MARKS.sub(lambda m: values[m.group(0)], data.decode("utf-8")).encode("utf-8")


def write_docx(report: StageReport, style: StyleProfile) -> bytes:
    """报告 → .docx 的字节。同样的输入，输出的字节完全相同。
    骨架的各部件逐个重新压缩：时间戳固定；正文的 XML 文字放进 document.xml 的 w:body 开头。"""
    skeleton = _skeleton(style)
    body = _Body(report, style).xml().encode("utf-8")
    core_mark = _CORE_TITLE.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in skeleton.entries:
            entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            if name == skeleton.document:
                data = _with_body(data, body)
            elif core_mark in data:
                data = _core(data, report)
            target.writestr(entry, data)
    return out.getvalue()

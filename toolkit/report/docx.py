"""把报告文档树（StageReport）写成 .docx，版面数值全部来自 style.StyleProfile。

这里写出的 0 只表示“没有”（不缩进、表格不缩进、边框不另留空），不是可调的版面数值。

用 python-docx 的空白文档做底：只保留 Normal，在它之上建报告自己的样式（不用 Word 自带的
蓝色 Heading）；正文、表格直接写 XML（一百多行的表格也是线性时间）。
同一份报告、同一个方案，输出的字节完全相同：文件属性取自报告，压缩包里的时间戳固定。
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips
from lxml import etree

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
from toolkit.style import StyleProfile

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

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# ---------------------------------------------------------------- XML 小工具
def _el(tag: str, attrs: dict | None = None, children=()) -> etree._Element:
    element = OxmlElement(tag)
    for key, value in (attrs or {}).items():
        element.set(qn(key), str(value))
    for child in children:
        if child is not None:
            element.append(child)
    return element


def _fonts(east_asia: str, latin: str, *, hint: bool = True, all_same: bool = False) -> etree._Element:
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
) -> etree._Element:
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
    rpr: etree._Element | None = None,
) -> etree._Element:
    """按 CT_PPr 的顺序拼 w:pPr。layout=True 写样式都要带的几项（孤行控制、不对齐网格等）；
    spacing 是 w:spacing 的属性（_Writer._line_spacing 给出）。"""
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


def _text(text: str) -> etree._Element:
    t = _el("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return t


def _run(text: str, rpr: etree._Element | None = None) -> etree._Element:
    """一段文字；换行符写成 w:br。"""
    run = _el("w:r", children=[rpr])
    for index, piece in enumerate(_clean(text).split("\n")):
        if index:
            run.append(_el("w:br"))
        if piece:
            run.append(_text(piece))
    return run


def _no_indent() -> dict:
    return {"w:left": 0, "w:right": 0, "w:firstLineChars": 0, "w:firstLine": 0}


# ---------------------------------------------------------------- 写出
class _Writer:
    def __init__(self, report: StageReport, style: StyleProfile):
        self.report = report
        self.style = style
        self.doc = Document()
        self.body = self.doc.element.body
        self.sect_pr = self.body.sectPr

    # -- 整个文件
    def write(self) -> bytes:
        self._prune_package()
        self._styles()
        self._settings()
        self._font_table()
        self._section()
        self._footers()
        self._content()
        self._properties()
        return self._zip()

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
        table_normal.find(qn("w:tblPr")).addprevious(_ppr(layout=True))

    def _document_defaults(self) -> None:
        """文档默认：正文字体、3号、黑色、中文 zh-CN，固定行距。"""
        s = self.style
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        for child in list(defaults):
            defaults.remove(child)
        rpr = _rpr(s, font=s.body_font, color=True, size=s.body_size)
        rpr.append(_el("w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"}))
        defaults.append(_el("w:rPrDefault", children=[rpr]))
        defaults.append(_el("w:pPrDefault", children=[_ppr(layout=True, spacing=self._line_spacing())]))

    def _normal_style(self) -> None:
        """Normal：两端对齐、固定行距、3号字紧缩 0.25 磅（每行 28 字）。空行也用它。"""
        s = self.style
        normal = self.doc.styles["Normal"].element
        for child in list(normal):
            if child.tag in (qn("w:pPr"), qn("w:rPr")):
                normal.remove(child)
        normal.append(_ppr(layout=True, spacing=self._line_spacing(), jc="both"))
        normal.append(_rpr(s, font=s.body_font, color=True, spacing=s.body_char_spacing, size=s.body_size))

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
            _ppr(keep_next=keep_next, layout=True, spacing=self._line_spacing(line, line_rule), ind=ind, jc=jc, outline=outline)
        )
        if rpr is not None:
            element.append(rpr)

    def _line_spacing(self, line: int | None = None, rule: str = "exact") -> dict:
        """w:spacing：段前段后不留空；行距默认是正文的固定行距（5.2.3）。"""
        space = self.style.paragraph_space
        return {"w:before": space, "w:after": space, "w:line": self.style.line_pitch if line is None else line, "w:lineRule": rule}

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
        p = _el("w:p", children=[_ppr(style_id=S_PAGE_NUMBER[0], ind=ind, jc=jc)])

        def rpr():
            return _rpr(s, font=s.page_number_font, all_same=True, hint=False)

        p.append(_run(f"{s.page_number_dash} ", rpr()))
        p.append(_el("w:r", children=[rpr(), _el("w:fldChar", {"w:fldCharType": "begin"})]))
        instr = _el("w:instrText")
        instr.text = " PAGE "
        instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        p.append(_el("w:r", children=[rpr(), instr]))
        p.append(_el("w:r", children=[rpr(), _el("w:fldChar", {"w:fldCharType": "separate"})]))
        p.append(_run("1", rpr()))
        p.append(_el("w:r", children=[rpr(), _el("w:fldChar", {"w:fldCharType": "end"})]))
        p.append(_run(f" {s.page_number_dash}", rpr()))
        return p

    # -- 正文
    def _add(self, element: etree._Element) -> etree._Element:
        self.sect_pr.addprevious(element)
        return element

    def _paragraph(self, style_id: str, runs=(), **ppr) -> etree._Element:
        return self._add(_el("w:p", children=[_ppr(style_id=style_id, **ppr), *runs]))

    def _blank(self, keep_next: bool | None = None) -> etree._Element:
        """空一行：一个空段落，正好占一行网格。"""
        return self._paragraph("Normal", keep_next=keep_next)

    def _text_run(self, text: str, font: str, bold: bool = False) -> etree._Element:
        return _run(text, _rpr(self.style, font=font, bold=True if bold else None))

    def _content(self) -> None:
        s = self.style
        self._title(self.report.title)
        blocks = list(self.report.blocks)
        index = 0
        while index < len(blocks) and isinstance(blocks[index], Subtitle):
            self._paragraph(S_SUBTITLE[0], [self._text_run(blocks[index].text, s.subtitle_font)])
            index += 1
        self._blank()  # 标题下空一行（7.3.2、7.3.3）
        last_body: etree._Element | None = None
        for block in blocks[index:]:
            if isinstance(block, (AttachmentNote, Signature)):
                if last_body is not None:
                    _set_keep_next(last_body)  # 正文最后一段和落款不分页
                    last_body = None
                if isinstance(block, AttachmentNote):
                    self._attachment_note(block)
                else:
                    self._signature(block)
                continue
            written = self._block(block)
            last_body = written if written is not None else last_body
        _clear_keep_next(self.sect_pr.getprevious())  # 落款之后不再往下连（下面是另起一页的附件）
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
            run = self._text_run(line, s.title_font)
            if index:
                run.insert(1, _el("w:br"))
            runs.append(run)
        self._paragraph(S_TITLE[0], runs)

    def _block(self, block) -> etree._Element | None:
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
        tbl = self._add(_el("w:tbl", children=[tbl_pr, grid]))
        columns = table.columns
        aligns = [_JC.get(c.align, "center") for c in columns]
        tbl.append(self._row([c.header for c in columns], widths, ["center"] * len(columns), S_HEADER[0], s.table_header_font, header=True))
        for row in laid_out.rows:
            tbl.append(self._row(row, widths, aligns, S_CELL[0], s.table_font))
        if laid_out.total is not None:
            tbl.append(self._row(laid_out.total, widths, aligns, S_CELL[0], s.table_font))

    def _row(self, values, widths, aligns, style_id, font, header=False) -> etree._Element:
        s = self.style
        tr_pr = _el("w:trPr", children=[
            _el("w:cantSplit"),  # 一行不跨页
            _el("w:trHeight", {"w:val": s.table_row_min_height, "w:hRule": "atLeast"}),
            _el("w:tblHeader") if header else None,  # 表头在每页重复
        ])
        tr = _el("w:tr", children=[tr_pr])
        values = list(values) + [""] * (len(widths) - len(values))
        for value, width, jc in zip(values, widths, aligns):
            tc_pr = _el("w:tcPr", children=[_el("w:tcW", {"w:w": width, "w:type": "dxa"}), _el("w:vAlign", {"w:val": "center"})])
            text = "" if value is None else str(value)
            runs = [_run(text, _rpr(s, font=font))] if text else []
            tr.append(_el("w:tc", children=[tc_pr, _el("w:p", children=[_ppr(style_id=style_id, jc=jc), *runs])]))
        return tr

    def _end(self) -> None:
        """文件必须以段落结束；表格后面的这一段只有 1 磅高，不会多出空白页。"""
        last = self.sect_pr.getprevious()
        if last is not None and last.tag == qn("w:tbl"):
            s = self.style
            rpr = _rpr(s, size=s.end_paragraph_size)
            self._paragraph("Normal", spacing=self._line_spacing(s.end_paragraph_line), ind=_no_indent(), rpr=rpr)

    # -- 文件属性与打包
    def _properties(self) -> None:
        report = self.report
        core = self.doc.core_properties
        # Word 文件属性最多 255 个字：检查时已经报了（standard.DOCX_PROPERTY_MAX）；万一漏过（如汇总报告），截短也不出内部错误
        limit = standard.DOCX_PROPERTY_MAX
        core.title = (report.core_title or "".join(report.title))[:limit]
        core.author = (report.core_author or "")[:limit]
        core.last_modified_by = (report.core_author or "")[:limit]
        core.comments = ""
        core.subject = ""
        core.keywords = ""
        core.category = ""
        core.language = "zh-CN"
        core.revision = 1
        day = report.core_created or dt.date(1980, 1, 1)
        moment = dt.datetime.combine(day, dt.time(0, 0))
        core.created = moment
        core.modified = moment
        app = self.doc.part.package.rels
        for rel in app.values():
            if rel.reltype.endswith("/extended-properties"):
                rel.target_part._blob = _APP_XML

    def _zip(self) -> bytes:
        raw = io.BytesIO()
        self.doc.save(raw)
        out = io.BytesIO()
        with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.create_system = 0
                entry.external_attr = 0
                target.writestr(entry, source.read(info.filename))
        return out.getvalue()


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


def _set_keep_next(p: etree._Element) -> None:
    ppr = p.find(qn("w:pPr"))
    existing = ppr.find(qn("w:keepNext"))
    if existing is None:
        ppr.find(qn("w:pStyle")).addnext(_el("w:keepNext", {"w:val": "1"}))
    else:
        existing.set(qn("w:val"), "1")


def _clear_keep_next(p) -> None:
    if p is None or p.tag != qn("w:p"):
        return
    keep = p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}")
    if keep is not None:
        keep.set(qn("w:val"), "0")


def _by_id(doc, style_id: str):
    for style in doc.styles:
        if style.style_id == style_id:
            return style
    raise KeyError(style_id)


def write_docx(report: StageReport, style: StyleProfile) -> bytes:
    """报告 → .docx 的字节。同样的输入，输出的字节完全相同。"""
    return _Writer(report, style).write()

"""对照：用 docxtpl（Jinja2 模板 → .docx）生成一份与 generate-report 同样结构的报告。

    python bench/peer_docxtpl.py 工作簿.xlsx 输出.docx

数据用 python-calamine 读出，不做任何检查；模板用 python-docx 现场做好（缓存在临时目录），结构与本工具的报告相同：
标题、四个部分、具体措施下按措施分组的每项活动（带编号的引导句 + 内容 + 成效）、附件说明、落款、
两张附件表（公开承诺一人一行、活动一项一行）。每段、每格都写明段落样式和与本工具相同的 rFonts（四种字体和 hint），
表格的行、格带同样的 trPr（不跨页、最小行高）、tcPr（宽度、垂直居中），document.xml 的大小相近
（15,000 人的名册：7.2 MB，本工具 7.5 MB；脚本最后印出 document.xml 的字节数，bench/run.py 把两边的都印出来）。docxtpl 只是基准的对照（pip install ".[bench]"），不是本工具的依赖。
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from collections import OrderedDict
from pathlib import Path

TEMPLATE = Path(tempfile.gettempdir()) / "toolkit-bench" / "peer-template-3.docx"  # 改了模板就换个名字：旧的缓存不再用


def build_template(path: Path) -> Path:
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.table import WD_ALIGN_VERTICAL, WD_ROW_HEIGHT_RULE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, Twips

    doc = Document()
    body_style = doc.styles.add_style("ReportBody", WD_STYLE_TYPE.PARAGRAPH)  # 本工具每段都写明样式
    table_style = doc.styles.add_style("TableText", WD_STYLE_TYPE.PARAGRAPH)

    def fonts(run, font: str, size: int | None) -> None:
        """与本工具每段文字一样的 rFonts（中文、西文、cs、hint）和字号。"""
        if size:
            run.font.size = Pt(size)
        run.font.name = "Times New Roman"
        rfonts = run._element.get_or_add_rPr().get_or_add_rFonts()
        rfonts.set(qn("w:eastAsia"), font)
        rfonts.set(qn("w:cs"), "Times New Roman")
        rfonts.set(qn("w:hint"), "eastAsia")

    def para(text: str, font: str = "仿宋_GB2312", size: int = 16):
        p = doc.add_paragraph(style=body_style)
        fonts(p.add_run(text), font, size)
        return p

    def cell(c, text: str, font: str = "仿宋_GB2312") -> None:
        """表格的一格：与本工具相同的 tcPr（宽度、垂直居中）、pPr（居中）、rPr。"""
        c.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
        p = c.paragraphs[0]
        p.style = table_style
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fonts(p.add_run(text), font, None)

    def row_format(row) -> None:
        """与本工具相同的 trPr：不跨页、最小行高。"""
        row.height, row.height_rule = Twips(454), WD_ROW_HEIGHT_RULE.AT_LEAST
        row._tr.get_or_add_trPr().insert(0, OxmlElement("w:cantSplit"))

    para("{{ title }}", "方正小标宋简体", 22)
    para("{%p for s in sections %}")
    para("{{ s.label }}{{ s.title }}", "黑体")
    para("{%p for text in s.paragraphs %}")
    para("{{ text }}")
    para("{%p endfor %}")
    para("{%p for g in s.groups %}")
    para("{{ g.label }}{{ g.name }}", "楷体_GB2312")
    para("{%p for a in g.activities %}")
    para("{{ a.label }}{{ a.name }}。{{ a.content }}")
    para("{{ a.outcome }}")
    para("{%p endfor %}")
    para("{%p endfor %}")
    para("{%p endfor %}")
    para("附件：1.党员公开承诺情况汇总表")
    para("2.活动开展情况统计表")
    para("{{ branch }}")
    para("{{ date }}")
    for columns, loop in ((6, "commitments"), (7, "activities")):
        para("附件", "黑体")
        table = doc.add_table(rows=3, cols=columns)
        for i in range(columns):
            cell(table.cell(0, i), f"栏{i + 1}", "黑体")
        table.cell(1, 0).text = f"{{%tr for r in {loop} %}}"
        for i in range(columns):
            cell(table.cell(2, i), "{{ r[%d] }}" % i)
        row_format(table.rows[0])
        row_format(table.rows[2])
        row = table.add_row()
        row.cells[0].text = "{%tr endfor %}"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


def _rows(book, name: str) -> list[dict]:
    try:
        values = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception:  # noqa: BLE001
        return []
    if not values:
        return []
    header = [str(h) for h in values[0]]
    return [dict(zip(header, row)) for row in values[1:] if any(v not in ("", None) for v in row)]


def context(workbook: Path) -> dict:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(workbook))
    info = {str(r[0]): r[1] for r in book.get_sheet_by_name("支部信息").to_python() if r and r[0]}
    activities = _rows(book, "活动记录")
    groups: "OrderedDict[str, list]" = OrderedDict()
    for a in activities:
        groups.setdefault(str(a.get("措施分组") or "其他工作"), []).append(a)
    narrative = _rows(book, "报告正文")
    sections = []
    for n, name in enumerate(("指导思想", "目标要求", "具体措施", "努力方向")):
        sections.append({
            "label": "一二三四"[n] + "、",
            "title": f"开展{info.get('活动名称')}活动的{name}",
            "paragraphs": [str(p.get("文本")) for p in narrative if p.get("章节") == name],
            "groups": [] if name != "具体措施" else [
                {"label": f"（{'一二三四五六七八九十'[i % 10]}）", "name": g,
                 "activities": [{"label": f"{k + 1}.", "name": a.get("名称"), "content": a.get("内容"), "outcome": a.get("成效")}
                                for k, a in enumerate(items)]}
                for i, (g, items) in enumerate(groups.items())
            ],
        })
    commitments = [(str(i + 1), c.get("承诺人"), "", c.get("承诺事项"), str(c.get("完成时限")), c.get("践诺进度"))
                   for i, c in enumerate(_rows(book, "公开承诺"))]
    table = [(str(a.get("开始日期")), a.get("名称"), a.get("类型"), a.get("参加范围"), a.get("应到人数"), a.get("实到人数"), "")
             for a in activities]
    return {"title": f"{info.get('支部名称')}开展{info.get('活动名称')}活动阶段性工作情况", "sections": sections,
            "branch": info.get("支部名称"), "date": str(info.get("成文日期")), "commitments": commitments, "activities": table}


def render(workbook: Path, target: Path) -> None:
    from docxtpl import DocxTemplate

    template = TEMPLATE if TEMPLATE.exists() else build_template(TEMPLATE)
    doc = DocxTemplate(str(template))
    doc.render(context(workbook))
    doc.save(str(target))


def document_xml_size(docx: Path) -> int:
    with zipfile.ZipFile(docx) as z:
        return z.getinfo("word/document.xml").file_size


if __name__ == "__main__":
    render(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"document.xml：{document_xml_size(Path(sys.argv[2])):,} 字节")

"""报告：支部模型 → 报告文档树（StageReport）→ .docx（可选 PDF）。

    document.py    文档树：报告里有什么（不管字体、字号）
    titles.py      标题断行
    compose.py     组织报告：结构、附件表格（序数取自 style.py）
    wording.py     固定措辞（templates/report/*.j2；两种报告共用的在 common.j2）
    typography.py  标点
    docx.py        写出 .docx（版面数值全在 style.py）
    pdf.py         用 LibreOffice 转 PDF
    build.py       以上合起来：一个支部的报告
"""

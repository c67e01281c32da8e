"""toolkit：党支部工作数据簿 → 阶段性工作情况汇报。

流水线（每一步一个文件夹，只往下依赖）：
    workbook/  读取工作簿文件 → WorkbookContent
    checks/    检查：单元格的类型、规则、占位符 → Checked（支部模型 + 发现）
    branch/    支部模型和由它算出的数字
    report/    组织报告、写出 .docx
    rollup/    党委汇总各支部
    cli/       命令行
最底层：standard.py（标准的唯一声明）、style.py（版面数值）、text.py、privacy.py、findings.py、errors.py、files.py。
库的入口在 api.py。详见 docs/architecture.md。
"""

__version__ = "0.1.0"

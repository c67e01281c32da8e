"""toolkit：党支部工作数据簿 → 阶段性工作情况汇报。

流水线：读取工作簿（reader）→ 检查（checks）→ 支部模型（model）→ 组织报告（compose）→ 写出 .docx（docx_writer）。
"""

__version__ = "0.1.0"

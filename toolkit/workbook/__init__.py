"""读取工作簿文件：先认出文件是什么、查过大小，再从压缩包里读出每张表的单元格，对上标准的工作表和表头。

从下往上（只往下导入）：
    messages.py       给用户的话：读不了的每一种文件、每一种问题一句中文（file_error）
    identify.py       认文件：看字节认出 .xls、加密、网页、CSV、PDF、OLE……，读进整个文件
    cells.py          单元格：Cell、数字和序列号日期、数字格式是不是日期、_xHHHH_ 转义、列字母
    parts.py          一个部件：有上限的解压流、XML 安全、命名空间
    package.py        压缩包：open_workbook → XlsxBook（部件、关系、共享字符串、数字格式）、XlsxSheet
    rows_lxml.py      读行的办法之一：lxml 流式逐格解析（什么都读，结果的标准）
    rows_calamine.py  读行的办法之二：python-calamine 快读（只在能保证逐格相同时）
    rows.py           挑一种读法：read_rows(sheet)
    headers.py        表头：占哪几行（合并的分组标题、上下合并的列名）、每列对到哪个标准列、写错一个字的表头
    tables.py         认出标准工作表、找到表头、读到数据为止 → WorkbookContent
    blank.py          由标准生成空白工作簿和填表说明
"""

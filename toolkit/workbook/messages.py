"""给用户的话：读不了的每一种文件、每一种问题，一句用户能照着做的中文说明。

    file_error(kind, **fields)   → WorkbookFileError；kind 是下面 _MESSAGES 的键，
                                   细分的键（如 corrupt_xml）对外归到公布的代码（corrupt）下
    sheet_name_problem(name)     工作表名 Excel 不允许时，一句说明哪里不对；允许时 None

认文件（identify）、压缩包和部件（package、parts）、两种读行的办法都从这里取话，同一种问题只有一句。
"""

from __future__ import annotations

from toolkit.errors import WorkbookFileError

__all__ = ["file_error", "sheet_name_problem"]

_REPAIR = "请用 Excel 或 WPS 打开，如能打开，另存为“Excel 工作簿(*.xlsx)”后再试；打不开就请重新获取文件。"
_RESAVE = "请用 Excel 或 WPS 打开，选择“另存为”→“Excel 工作簿(*.xlsx)”，再用新文件运行本工具。"
_WRONG_FILE = "请确认选对了文件：本工具读取的是填好的标准工作簿（.xlsx），可以用 toolkit new-workbook 生成空白模板。"

_MESSAGES = {
    "not_found": "找不到文件“{name}”。请检查文件名和所在文件夹是否写对（可以把文件直接拖进命令行窗口，自动填入完整路径）。",
    "directory": "“{name}”是一个文件夹，不是工作簿文件。请指定文件夹里的那个 .xlsx 文件。",
    "permission": "无法打开文件“{name}”：没有读取权限，或文件正被其他程序独占。请关闭正在使用它的程序，或把文件复制到自己的文件夹后再试。",
    "pipe": "“{name}”是一个管道（FIFO），不是保存在磁盘上的文件，本工具不从管道读取工作簿。请先把工作簿保存成 .xlsx 文件，再指定那个文件。",
    "device": "“{name}”是一个设备（或套接字之类的特殊文件），不是保存在磁盘上的文件，里面读不出工作簿。请指定保存在磁盘上的 .xlsx 文件。",
    "empty": "这个文件是空的（0 字节），里面没有任何内容，可能是保存或拷贝时出了问题。请重新获取文件，或在 Excel/WPS 里重新保存后再试。",
    "lockfile": "“{name}”是 Excel/WPS 打开工作簿时自动生成的临时锁定文件（文件名以 ~$ 开头），不是工作簿本身。"
    "请选择去掉“~$”的那个同名文件；工作簿关闭后，这个临时文件可以删除。",
    "xls": "这是旧版 Excel 97-2003 工作簿（.xls）。" + _RESAVE,
    "encrypted": "这个文件设置了打开密码（已加密），本工具无法读取，也不会尝试猜测密码。"
    "请在 Excel 中打开后点“文件→信息→保护工作簿→用密码进行加密”，清空密码并保存"
    "（WPS：点“文件→文档加密→密码加密”，清空打开密码），再用这个文件运行本工具。",
    "zip_encrypted": "文件里的内容被压缩软件加了密码，本工具无法读取。请用 Excel 或 WPS 打开后另存为“Excel 工作簿(*.xlsx)”，再用新文件运行本工具。",
    "word_doc": "这是 Word 文档（.doc），不是 Excel 工作簿。" + _WRONG_FILE,
    "docx": "这是 Word 文档（.docx），不是 Excel 工作簿。" + _WRONG_FILE,
    "rtf": "这是 RTF 格式的文档（Word 可以打开），不是 Excel 工作簿。" + _WRONG_FILE,
    "ppt": "这是 PowerPoint 演示文稿（.ppt），不是 Excel 工作簿。" + _WRONG_FILE,
    "pptx": "这是 PowerPoint 演示文稿（.pptx），不是 Excel 工作簿。" + _WRONG_FILE,
    "ole": "这是旧版 Office/WPS 格式的文件，但不是 Excel 工作簿。如果它是表格，" + _RESAVE,
    "html": "这是网页格式（HTML）的文件，只是扩展名像 Excel，常见于从网站或业务系统“导出Excel”得到的文件。" + _RESAVE,
    "xml2003": "这是“XML 电子表格 2003”格式的文件，不是 .xlsx 工作簿。" + _RESAVE,
    "xml": "这是一个 XML 文本文件，不是 Excel 工作簿。" + _WRONG_FILE,
    "csv": "这是 CSV 纯文本文件（用逗号或制表符分隔），不是 Excel 工作簿。" + _RESAVE
    + "打开时请留意：身份证号等长数字可能被 Excel 改成 1.1E+17 这样的科学计数法，请把这些列设为“文本”后重新输入。",
    "text": "这是纯文本文件，不是 Excel 工作簿。" + _WRONG_FILE,
    "pdf": "这是 PDF 文件，不是 Excel 工作簿。PDF 里的表格无法直接读取，" + _WRONG_FILE,
    "image": "这是一张图片，不是 Excel 工作簿。" + _WRONG_FILE,
    "archive": "这是一个压缩包（RAR/7z/gz），不是 Excel 工作簿。请先解压，再选择其中的 .xlsx 文件。",
    "ods": "这是 OpenDocument 电子表格（.ods，LibreOffice/WPS 使用的另一种格式）。"
    "请用 Excel、WPS 或 LibreOffice 打开，选择“另存为”→“Excel 工作簿(*.xlsx)”，再用新文件运行本工具。",
    "odf": "这是 OpenDocument 文档（LibreOffice 的文字或演示文件），不是 Excel 工作簿。" + _WRONG_FILE,
    "xlsb": "这是 Excel 二进制工作簿（.xlsb），本工具读不了这种格式。" + _RESAVE,
    "strict": "这是“Strict Open XML 电子表格”格式的工作簿，本工具读不了这种格式。"
    "请在 Excel 中另存为“Excel 工作簿(*.xlsx)”，再用新文件运行本工具。",
    "truncated": "文件不完整，可能下载或拷贝时中断了，请重新获取（重新下载，或从原处再拷贝一次）。"
    "如果它在 Excel/WPS 里还能打开，也可以另存一份再试。",
    "corrupt_zip": "文件使用了本工具不支持的压缩方式，可能不是由 Excel/WPS 保存的。" + _RESAVE,
    "corrupt_xml": "工作簿里的部件“{part}”内容已损坏，本工具读不了。" + _REPAIR,
    "corrupt_data": "工作簿的内容已损坏（{where}的数据格式不正确），本工具读不了。" + _REPAIR,
    "missing_part": "工作簿的内容不完整：缺少部件“{part}”，文件可能已损坏。" + _REPAIR,
    "missing_sheet": "工作表“{name}”的内容在文件里找不到，文件可能已损坏。" + _REPAIR,
    "not_zip": "这是一个压缩包（zip），但里面没有 Excel 工作簿的内容。如果需要的工作簿在压缩包里，请先解压；" + _WRONG_FILE,
    "too_large": "这个文件解压后的内容大得异常（超过一份支部工作簿应有的大小，也可能是损坏的文件或“压缩炸弹”），本工具拒绝读取。"
    "请确认选对了文件；如确是工作簿，请删除多余的工作表和格式，另存后再试。",
    "entities": "文件里含有不安全的 XML 内容（实体声明），本工具拒绝读取。正常由 Excel/WPS 保存的工作簿不会有这种内容；"
    "请确认文件来源可靠，用 Excel 或 WPS 打开后另存为“Excel 工作簿(*.xlsx)”再试。",
    "too_wide": "{where}里的单元格远远超过 Excel 一行 16,384 列的上限，不是 Excel/WPS 正常保存的文件（可能已损坏，或是被人为构造的），本工具拒绝读取。"
    "请确认文件来源可靠；如确是工作簿，请用 Excel 或 WPS 打开，删除多余的列后另存为“Excel 工作簿(*.xlsx)”再试。",
    "too_deep": "{where}里有一处标签多得异常（一格文字里层层嵌套几百层，或一段文字被拆成几十万个片段），"
    "不是 Excel/WPS 正常保存的文件（可能已损坏，或是被人为构造的），本工具拒绝读取。"
    "请确认文件来源可靠；如确是工作簿，请用 Excel 或 WPS 打开后另存为“Excel 工作簿(*.xlsx)”再试。",
    "too_many_strings": "这个工作簿里不重复的文字（共享字符串）超过 {where} 条，远远多于一份支部工作簿应有的量"
    "（可能已损坏，或是被人为构造的），本工具拒绝读取，以免占用太多内存和时间。"
    "请确认选对了文件；如确是工作簿，请删除多余的工作表和数据，另存后再试。",
    "too_much_text": "这个工作簿各单元格里的文字合计超过 {where} 个字，远远多于一份支部工作簿应有的量"
    "（可能已损坏，或是被人为构造的），本工具拒绝读取，以免占用太多内存和时间。"
    "请确认选对了文件；如确是工作簿，请删除多余的工作表和大段的文字，另存后再试。",
    "no_sheets": "这个工作簿里没有可读取的工作表（可能只有图表页）。" + _WRONG_FILE,
    "unreadable": "无法识别这个文件的格式，它不是 Excel 工作簿（.xlsx）。如果它能用 Excel 或 WPS 打开，"
    "请选择“另存为”→“Excel 工作簿(*.xlsx)”，再用新文件运行本工具。",
}

# 细分的代码归到对外公布的代码下
_KIND_OF = {
    "corrupt_zip": "corrupt",
    "corrupt_xml": "corrupt",
    "corrupt_data": "corrupt",
    "missing_part": "corrupt",
    "missing_sheet": "corrupt",
    "too_wide": "too_large",
    "too_deep": "too_large",
    "too_many_strings": "too_large",
    "too_much_text": "too_large",
}


def file_error(kind: str, **fields) -> WorkbookFileError:
    """kind 这种问题给用户的话；fields 填进话里（name 文件名、part 部件名、where 出在哪里）。"""
    message = _MESSAGES[kind].format(**{"name": "", "part": "", "where": "文件", **fields})
    return WorkbookFileError(_KIND_OF.get(kind, kind), message)


SHEET_NAME_LIMIT = 31  # Excel 工作表名最多这么多个字
_SHEET_NAME_FORBIDDEN = "\\/?*[]:"


def sheet_name_problem(name: str) -> str | None:
    """Excel 不允许的工作表名（别的程序写得出，Excel、openpyxl 打不开）：哪里不对，怎么改；允许时 None。"""
    shown = name if len(name) <= 40 else name[:40] + "……"
    bad = sorted({ch for ch in name if ch in _SHEET_NAME_FORBIDDEN}, key=name.index)
    if not name.strip():
        why = "工作表名是空的"
    elif bad:
        why = f"工作表名“{shown}”里有“{'”“'.join(bad)}”"
    elif name.startswith("'") or name.endswith("'"):
        why = f"工作表名“{shown}”以单引号开头或结尾"
    elif len(name) > SHEET_NAME_LIMIT:
        why = f"工作表名“{shown}”有 {len(name)} 个字，超过了 {SHEET_NAME_LIMIT} 个字"
    else:
        return None
    return (
        f"{why}，Excel 的工作表名不能是空的、不能超过 {SHEET_NAME_LIMIT} 个字、不能以单引号开头或结尾，"
        f"也不能含有 \\ / ? * [ ] : 这几个字符（这个文件可能是别的程序写出的）。"
        "请在 Excel 或 WPS 里给这张表改个名字（右键工作表标签→重命名），保存后再试。"
    )

"""本工具对用户说“做不成”的几种情况。每一种的消息都是给用户看的中文，命令行原样印出。

    WorkbookFileError   文件本身读不了（旧版 .xls、加密、损坏、压缩炸弹……）
    OutputError         写不出来（已存在、没有权限、磁盘满、和输入是同一个文件……）
    WordingError        措辞模板有误（--template 的文件夹）
    RollupError         汇总的命令用错了（文件夹不存在、里面没有工作簿、汇总设置有误）
"""

from __future__ import annotations


class ToolkitError(Exception):
    """本工具预料到的、用户能照着改的问题；str() 就是给用户看的话。"""


class WorkbookFileError(ToolkitError):
    """文件本身读不了。kind 是稳定的代码，message 是给用户看的中文说明。"""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message

    def __str__(self) -> str:
        return self.message


class OutputError(ToolkitError):
    """写不出来：消息是给用户看的中文。"""


class WordingError(ToolkitError):
    """措辞模板有问题：消息是给用户看的中文。"""


class RollupError(ToolkitError):
    """汇总的命令用错了（文件夹不存在、里面没有工作簿、汇总设置有误）：消息是给用户看的中文。"""


class WorkbookHasErrors(ToolkitError):
    """工作簿有错误，不生成报告。checked（checks.Checked）里是全部发现。"""

    def __init__(self, checked):
        super().__init__("工作簿有错误，没有生成报告。")
        self.checked = checked

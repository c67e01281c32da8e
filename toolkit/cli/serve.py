"""toolkit serve：在本机打开一个网页，拖进工作簿就能检查、生成报告、党委汇总（不用命令行）。

这里只负责参数和中文的说明；网页本身在 toolkit.web（要先装 pip install ".[web]"）。
"""

from __future__ import annotations

from toolkit.cli.common import fail, say
from toolkit.cli.parser import Option, command, integer

NOT_INSTALLED = '网页要用的组件（Flask、waitress）还没有安装。请在本工具的文件夹里运行：pip install ".[web]"，再运行 toolkit serve。'


@command(
    "serve",
    Option("--port", metavar="端口", convert=integer, default=0, help="网页用的端口（0 到 65535）。默认：自动找一个空闲的端口。"),
    Option("--host", metavar="地址", default="127.0.0.1", help="网页的地址。默认：127.0.0.1，只有这台电脑能打开；改成别的地址时会提醒。"),
    Option("--no-browser", flag=True, help="不自动打开浏览器（只印出地址）。"),
)
def serve(port: int, host: str, no_browser: bool):
    """启动本机的网页：第一行印出网页的地址，并打开浏览器。按 Ctrl+C 停止。"""
    if not 0 <= port <= 65535:
        fail(f"[用法有误] 端口要在 0 到 65535 之间，填的是 {port}。运行 toolkit serve --help 查看用法。")
    try:
        # 网页是可选的一部分（pip install ".[web]"）：只在运行 serve 时才加载 Flask 和 waitress，看帮助不必等它们
        from toolkit.web.server import serve_page
    except ImportError:
        fail(NOT_INSTALLED)
        return
    try:
        serve_page(host, port, open_browser=not no_browser, say=say)
    except OSError as error:
        fail(f"[无法启动] {error}")

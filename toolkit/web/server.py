"""toolkit serve 的服务：waitress 在 127.0.0.1 的一个空闲端口上回应网页，印出地址，打开浏览器，Ctrl+C 停止。

第一行印出的就是地址（http://127.0.0.1:端口/密钥/）：脚本读这一行就知道去哪里。
停止时（Ctrl+C、SIGTERM）删掉网页的整个临时文件夹：什么也不留下。
waitress 自己拒绝的请求（请求体超过硬上限、请求头太长、格式不对）也回一页中文。
"""

from __future__ import annotations

import sys
import threading
import webbrowser
from typing import Callable

from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import ErrorTask

from toolkit.web import messages
from toolkit.web.app import create_app
from toolkit.web.jobs import Workspace
from toolkit.web.security import Guard, new_key, origin_of, refusal_page
from toolkit.web.uploads import MAX_UPLOAD, MB

THREADS = 4
# waitress 在交给网页之前就收下整个请求体：硬上限比网页的上限大得多，这之间的由网页回一页中文说明
HARD_LIMIT = 4 * MAX_UPLOAD
WILDCARDS = ("0.0.0.0", "::", "")

HOST_WARNING = (
    "[注意] 用 --host {host} 启动：本机以外的电脑也可能打开这个页面。知道上面完整地址（含密钥）的人都能上传工作簿、"
    "看到检查结果。只在确有需要时这样用，用完请按 Ctrl+C 关闭。"
)
WILDCARD_REFUSED = "--host 请给出本机的一个具体地址（如 192.168.1.10）：{host} 不是一个能印在地址里、让浏览器打开的地址。"
PORT_BUSY = "无法在 {host} 的端口 {port} 上启动：{reason}。请换一个端口（--port），或不加 --port，让本工具自己找一个空闲的端口。"
STARTED = (
    "支部工作数据簿检查的网页已启动：请在浏览器里打开上面的地址{opened}。\n"
    "网页只在这台电脑上运行，不联网；上传的文件放在临时文件夹里，下载后、{minutes} 分钟不用时、停止时删除。\n"
    "用完请在这个窗口按 Ctrl+C 停止。"
)
STOPPED = "网页已停止，临时文件已全部删除。"


class ChineseErrorTask(ErrorTask):
    """waitress 自己拒绝请求时的回应：一页中文（默认是英文的纯文字）。"""

    def execute(self):
        error = self.request.error
        words = {413: messages.TOO_LARGE.format(limit=MAX_UPLOAD // MB), 431: messages.HEADERS_TOO_LARGE}
        body = refusal_page(words.get(error.code, messages.BAD_REQUEST)).encode("utf-8")
        self.status = f"{error.code} {error.reason}"
        self.response_headers.extend([("Content-Type", "text/html; charset=utf-8"), ("Connection", "close")])
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class ChineseChannel(HTTPChannel):
    error_task_class = ChineseErrorTask


class LateApp:
    """先绑好端口（才知道地址），再把真正的应用放进来。"""

    def __init__(self):
        self.app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


def serve_page(host: str, port: int, *, open_browser: bool, say: Callable[..., None], timeout: float | None = None) -> None:
    """启动、印出地址、等 Ctrl+C、清理。端口占用或地址不对时抛出 OSError（消息已是中文）。"""
    if host in WILDCARDS:
        raise OSError(WILDCARD_REFUSED.format(host=host or "（空）"))
    holder = LateApp()
    try:
        server = create_server(holder, host=host, port=port, threads=THREADS, max_request_body_size=HARD_LIMIT,
                               ident="toolkit", clear_untrusted_proxy_headers=True, expose_tracebacks=False)
    except OSError as error:
        raise OSError(PORT_BUSY.format(host=host, port=port, reason=error.strerror or error)) from None
    server.channel_class = ChineseChannel
    guard = Guard(origin_of(host, server.effective_port), new_key())
    workspace = Workspace() if timeout is None else Workspace(timeout=timeout)
    try:
        holder.app = create_app(guard, workspace)
        if host != "127.0.0.1":
            say(HOST_WARNING.format(host=host), err=True)  # 先于地址：读到地址时提醒已经印出
        _flush()
        say(guard.address)
        say(STARTED.format(minutes=int(workspace.timeout // 60), opened="（已尝试自动打开）" if open_browser else ""), err=True)
        _flush()
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(guard.address,), daemon=True).start()
        server.run()  # Ctrl+C：waitress 收到 KeyboardInterrupt 后自己关掉连接，从这里返回
    except KeyboardInterrupt:
        pass  # 启动的这一小会儿里按了 Ctrl+C：一样是停止
    finally:
        server.close()
        workspace.close()
    say(STOPPED, err=True)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass

"""本机网页的几道门：每个请求都先过这里，过不了的不碰任何文件。

1. Host 头必须就是启动时印出的地址（如 127.0.0.1:8765）：挡住 DNS 重绑定
   （别的网站把自己的域名解析到 127.0.0.1，再让浏览器来访问）。
2. 路径的第一段必须是这次启动的密钥（印出的地址里带着它，每次启动都换）：不知道地址的网页和程序什么也做不了。
3. 改变状态的请求（上传、删除）还要同源：Origin（没有时看 Referer）必须是印出的地址；
   浏览器给的 Sec-Fetch-Site 若说是别的网站发来的，任何请求都拒绝。下载一次就删除，所以下载也算改变状态。
4. 回应都带上安全头：只许加载本页自己的脚本和样式、不许被别的网页嵌入、不把地址（含密钥）告诉别的网站、不缓存。
"""

from __future__ import annotations

import hmac
import html
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from toolkit.web import messages

KEY_BYTES = 24  # 密钥：32 个字符，约 192 位

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
SAFE_SITES = ("same-origin", "none")  # none：用户自己在地址栏输入、从书签或终端打开


def new_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


@dataclass(frozen=True)
class Refusal:
    status: int
    message: str


@dataclass(frozen=True)
class Guard:
    """origin 如 http://127.0.0.1:8765；key 是这次启动的密钥。"""

    origin: str
    key: str

    @property
    def host(self) -> str:
        return urlsplit(self.origin).netloc

    @property
    def address(self) -> str:
        """印出来、在浏览器里打开的地址。"""
        return f"{self.origin}/{self.key}/"

    def check(self, method: str, path: str, headers) -> Refusal | None:
        """不该回应的请求 → Refusal；可以回应 → None。"""
        host = headers.get("Host", "")
        if not hmac.compare_digest(host.encode("utf-8", "replace"), self.host.encode()):
            # 不说出密钥：DNS 重绑定的网页能读到这条回应
            return Refusal(421, messages.WRONG_HOST.format(origin=self.origin, host=host[:100]))
        if not self.has_key(path):
            return Refusal(404, messages.WRONG_KEY)
        site = headers.get("Sec-Fetch-Site")
        if site is not None and site not in SAFE_SITES:
            return Refusal(403, messages.CROSS_SITE)
        if method not in ("GET", "HEAD") or is_download(path):
            if not self.same_origin(headers, strict=method not in ("GET", "HEAD")):
                return Refusal(403, messages.CROSS_SITE)
        return None

    def has_key(self, path: str) -> bool:
        first = path.lstrip("/").split("/", 1)[0]
        return hmac.compare_digest(first.encode("utf-8", "replace"), self.key.encode())

    def same_origin(self, headers, *, strict: bool) -> bool:
        """Origin 或 Referer 是本页。strict：两个都没有也不行（上传、删除）；下载时浏览器不一定带 Origin。"""
        origin = headers.get("Origin")
        if origin is not None:
            return hmac.compare_digest(origin.encode("utf-8", "replace"), self.origin.encode())
        referer = headers.get("Referer")
        if referer is not None:
            parts = urlsplit(referer)
            return f"{parts.scheme}://{parts.netloc}" == self.origin
        return not strict


def is_download(path: str) -> bool:
    """/密钥/result/<编号>/file/<哪一个>：下载一次就删除。"""
    return "/file/" in path


def origin_of(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host  # IPv6 地址在网址里要加方括号
    return f"http://{shown}:{port}"


def refusal_page(message: str) -> str:
    """被拒绝的请求只得到一句中文：页面里没有任何带密钥的链接（DNS 重绑定的网页读得到这一页）。"""
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>请求被拒绝 · 党支部工作数据簿检查</title></head>'
        f'<body><main><h1>请求被拒绝</h1><p>{html.escape(message)}</p></main></body></html>'
    )

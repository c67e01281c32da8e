"""网页测试（test_web.py、test_web_browser.py）和截图脚本共用的：造工作簿、启动 toolkit serve、开 Chromium。

这里没有测试，只有工具；放在 tests/ 里是为了和测试一起维护。
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "商贸系党支部工作数据簿.xlsx"
CHROMIUM = os.environ.get("TOOLKIT_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("TOOLKIT_CHROMEDRIVER", "/usr/bin/chromedriver")
# 带空格的完整身份证号：测试检查页面上从不出现它
BROKEN_ID = "33010219850312001X"


def headers(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[1] if c.value}


def edit_sample(target: Path, change) -> Path:
    wb = openpyxl.load_workbook(SAMPLE)
    change(wb)
    wb.save(target)
    return target


def broken_workbook(target: Path) -> Path:
    """示例工作簿改坏两格：E3 的出生日期写成“1985.3”（错误），M3 的身份证号校验位错（错误，页面上要遮盖）。"""

    def change(wb):
        ws = wb["党员名册"]
        cols = headers(ws)
        ws.cell(3, cols["出生日期"]).value = "1985.3"
        ws.cell(3, cols["身份证号"]).value = BROKEN_ID

    return edit_sample(target, change)


def renamed_branch(target: Path, name: str) -> Path:
    """另一个支部：示例工作簿里的支部名称（支部信息、以支部名义的承诺）都换掉（党委汇总时不算重复）。"""

    def change(wb):
        old = next(row[1].value for row in wb["支部信息"].iter_rows() if row[0].value == "支部名称")
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value == old:
                        cell.value = name

    return edit_sample(target, change)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """一个真的 toolkit serve --no-browser --port N 进程；第一行 stdout 是地址。"""

    def __init__(self, port: int | None = None, extra: tuple[str, ...] = (), env: dict | None = None):
        self.port = port or free_port()
        self.temp = Path(tempfile.mkdtemp(prefix="toolkit-web-test-"))
        environment = {**os.environ, "TMPDIR": str(self.temp), "PYTHONUNBUFFERED": "1", **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "toolkit", "serve", "--no-browser", "--port", str(self.port), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", env=environment, cwd=self.temp,
        )
        self.address = self.process.stdout.readline().strip()  # 服务在印出地址之前已经在听了

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def workspaces(self) -> list[Path]:
        """这个服务的私有临时文件夹（TMPDIR 指到了 self.temp）。"""
        return sorted(self.temp.glob("toolkit-web-*"))

    def stop(self) -> tuple[int, str]:
        import signal

        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            _, err = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, err = self.process.communicate()
        return self.process.returncode, err

    def clean(self) -> None:
        shutil.rmtree(self.temp, ignore_errors=True)


def chromium_missing() -> str | None:
    if not Path(CHROMIUM).exists() or not Path(CHROMEDRIVER).exists():
        return f"没有 {CHROMIUM} 或 {CHROMEDRIVER}（Debian：apt-get install chromium chromium-driver）"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "没有安装 selenium（pip install \".[test]\"）"
    return None


def chromium(download_dir: Path, profile: Path, width: int = 1366, height: int = 768):
    """无界面的 Chromium：不联网的开关都关上，全新的用户目录，下载放进 download_dir。"""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
                 f"--window-size={width},{height}", "--lang=zh-CN"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(download_dir), "download.prompt_for_download": False,
        "safebrowsing.enabled": False,
    })
    # LANGUAGE：Chromium 自己的字（如文件框的按钮）也用中文（要装 chromium-l10n；没装时是英文，不影响测试）
    service = Service(executable_path=CHROMEDRIVER, env={**os.environ, "LANGUAGE": "zh_CN"})
    driver = webdriver.Chrome(service=service, options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)})
    return driver

"""网页的速度，在真的浏览器里量：从点“上传”到检查结果出现、到报告下载完。

用 Debian 的 chromium + chromedriver（Selenium），对着一个真的 toolkit serve --no-browser。
示例工作簿和一个 50 名党员的支部各量几次，印出中位数和最小–最大（秒）。

    python bench/web.py --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.branches import write_branch  # noqa: E402
from tests.test_web_helpers import SAMPLE, Server, chromium  # noqa: E402


def one_upload(driver, server, path: Path, downloads: Path) -> tuple[float, float]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    for old in downloads.iterdir():
        old.unlink()
    driver.get(server.address)
    driver.find_element(By.ID, "workbook").send_keys(str(path))
    wait = WebDriverWait(driver, 120, poll_frequency=0.02)
    start = time.perf_counter()
    driver.find_element(By.CSS_SELECTOR, "form[data-upload] button[type=submit]").click()
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-summary]")))
    findings = time.perf_counter() - start
    wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "[data-download=report]"))).click()

    def done(_):
        found = [p for p in downloads.iterdir() if p.suffix == ".docx"]
        return bool(found) and not list(downloads.glob("*.crdownload"))

    wait.until(done)
    return findings, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description="网页从上传到结果、到报告的时间（真的浏览器里量）")
    parser.add_argument("--runs", type=int, default=5, help="每个文件量几次")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        fifty = write_branch(folder / "五十人支部.xlsx", members=50, activities=100, attendance=5_000)
        downloads = folder / "下载"
        downloads.mkdir()
        server = Server()
        driver = chromium(downloads, folder / "profile")
        try:
            results = {SAMPLE.name: [], fifty.name: []}
            one_upload(driver, server, SAMPLE, downloads)  # 预热：第一次要载入页面的脚本
            for _ in range(args.runs):
                for path in (SAMPLE, fifty):  # 交替量，两份文件赶上同样的机器负载
                    results[path.name].append(one_upload(driver, server, path, downloads))
        finally:
            driver.quit()
            server.stop()
            server.clean()
    print("| 工作簿 | 上传 → 检查结果（秒） | 上传 → 报告下载完（秒） |")
    print("|---|---|---|")
    for name, runs in results.items():
        cells = []
        for k in (0, 1):
            values = [r[k] for r in runs]
            cells.append(f"{statistics.median(values):.2f}（{min(values):.2f}–{max(values):.2f}）")
        print(f"| {name} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()

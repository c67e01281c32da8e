"""README 里网页的截图（docs/web-*.png），和在浏览器里量出的耗时。

    python scripts/web_screenshots.py            # 截图：支部页、检查结果（有错误）、报告和第一页、党委汇总
    python scripts/web_screenshots.py --measure  # 在浏览器里量：从点“检查”到看见检查结果、到报告可以下载（示例和 50 人的支部）

起一个真的 toolkit serve --no-browser，用无界面的 Chromium（1366×768）打开。
需要 Debian 的 chromium、chromium-driver（chromium-l10n：文件框的按钮显示中文），pip install ".[test]"；第一页的图片要 LibreOffice 和 poppler-utils。
预览用的字体映射（仿宋_GB2312 → Noto Serif CJK SC 等）取自 tests/fonts.conf，与 scripts/render_sample_page.py 相同。
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_web_helpers import SAMPLE, Server, broken_workbook, chromium, chromium_missing, renamed_branch  # noqa: E402

DOCS = ROOT / "docs"
RUNS = 5

# 在页面里记时间：点“检查”的那一刻记 t0；检查结果、报告的下载按钮一出现就记下（不经过 WebDriver 的轮询）
WATCH = """
window.__marks = {t0: performance.now()};
new MutationObserver(function () {
  var m = window.__marks;
  if (!m.findings && document.querySelector('[data-summary]')) { m.findings = performance.now(); }
  if (!m.report && document.querySelector('[data-download=report]')) { m.report = performance.now(); }
  if (!m.picture && document.querySelector('.preview img')) { m.picture = performance.now(); }
}).observe(document.body, {childList: true, subtree: true});
document.querySelector('form[data-upload]').requestSubmit();
"""


def wait(driver, condition, seconds=120):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, poll_frequency=0.05).until(condition)


def visible(driver, css):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC

    return wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, css)))


def upload(driver, server, path: Path, page: str = "", field: str = "workbook") -> None:
    from selenium.webdriver.common.by import By

    driver.get(server.address + page)
    driver.find_element(By.ID, field).send_keys(str(path) if isinstance(path, Path) else "\n".join(map(str, path)))


def shoot(driver, name: str, full: bool = True, then=None) -> None:
    """整页截图：把窗口拉到页面的高度再截，宽度保持 1366。then：拉好窗口后、截图前做的事（如把焦点移到一格上）。"""
    if full:
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1366, min(max(768, height + 120), 3000))
    if then:
        then()
    target = DOCS / name
    driver.save_screenshot(str(target))
    driver.set_window_size(1366, 768)
    print(f"已写出 {target.relative_to(ROOT)}")


def screenshots(driver, server, work: Path) -> None:
    from selenium.webdriver.common.by import By

    driver.get(server.address)
    shoot(driver, "web-branch.png", full=False)
    upload(driver, server, broken_workbook(work / "商贸系党支部工作数据簿（待改）.xlsx"))
    driver.find_element(By.CSS_SELECTOR, "form[data-upload] button[type=submit]").click()
    visible(driver, "[data-download=marked]")
    cell = driver.find_element(By.CSS_SELECTOR, "td[data-cell=E3]")
    shoot(driver, "web-findings.png", then=lambda: driver.execute_script("arguments[0].focus()", cell))
    upload(driver, server, SAMPLE)
    driver.find_element(By.CSS_SELECTOR, "form[data-upload] button[type=submit]").click()
    visible(driver, "[data-download=report]")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".preview img, [data-no-libreoffice]"))
    shoot(driver, "web-report.png", full=False)
    files = [SAMPLE, renamed_branch(work / "会计系党支部.xlsx", "会计系党支部"), renamed_branch(work / "机电系党支部.xlsx", "机电系党支部"),
             broken_workbook(work / "化工系党支部.xlsx")]
    upload(driver, server, files, "committee", "workbooks")
    driver.find_element(By.ID, "name").send_keys("中共××学院委员会")
    shoot(driver, "web-committee.png", full=False)
    driver.find_element(By.CSS_SELECTOR, "form[data-upload] button[type=submit]").click()
    visible(driver, "[data-rollup]")
    shoot(driver, "web-rollup.png")


def measure_one(driver, server, path: Path) -> dict[str, float]:
    from selenium.webdriver.common.by import By

    upload(driver, server, path)
    driver.execute_script(WATCH)
    wait(driver, lambda d: d.execute_script("return window.__marks && window.__marks.report"))
    wait(driver, lambda d: d.execute_script("return window.__marks.picture") or d.find_elements(By.CSS_SELECTOR, "[data-no-libreoffice]"))
    marks = driver.execute_script("return window.__marks")
    return {k: (marks[k] - marks["t0"]) / 1000 for k in ("findings", "report", "picture") if marks.get(k)}


def measure(driver, server, work: Path) -> None:
    from bench.branches import write_branch

    cases = {"示例（28 人）": SAMPLE, "支部（50 人/100 项/5,000 行）": write_branch(work / "五十人的支部.xlsx", 50, 100, 5000)}
    print(f"在 Chromium 里量，每项 {RUNS} 次取中位数（秒）：从点“检查”起，到检查结果显示、到报告可以下载、到第一页的图片显示")
    for label, path in cases.items():
        runs = [measure_one(driver, server, path) for _ in range(RUNS)]
        row = {k: statistics.median(r[k] for r in runs if k in r) for k in runs[0]}
        print(f"  {label}：" + "，".join(f"{word} {row[key]:.2f} s" for key, word in
                                          (("findings", "检查结果"), ("report", "报告"), ("picture", "第一页图片")) if key in row))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="网页的截图和耗时")
    parser.add_argument("--measure", action="store_true", help="只量耗时，不截图")
    args = parser.parse_args(argv)
    missing = chromium_missing()
    if missing:
        print(missing, file=sys.stderr)
        return 2
    server = Server(env={"FONTCONFIG_FILE": str(ROOT / "tests" / "fonts.conf")})
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        (work / "下载").mkdir()
        driver = chromium(work / "下载", work / "profile")
        try:
            (measure if args.measure else screenshots)(driver, server, work)
        finally:
            driver.quit()
            server.stop()
            server.clean()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

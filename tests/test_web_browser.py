"""在真的浏览器里用网页：无界面的 Chromium（Debian 的 chromium + chromedriver，经 Selenium），
对着一个真的 toolkit serve --no-browser --port N（地址取自它 stdout 的第一行）。

每一步都等页面上出现确定的东西（WebDriverWait），不靠睡几秒：结果与机器快慢无关。
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.test_web_helpers import BROKEN_ID, SAMPLE, Server, broken_workbook, chromium, chromium_missing, renamed_branch

missing = chromium_missing()
if missing and not os.environ.get("CI"):
    pytest.skip(missing, allow_module_level=True)

from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

WAIT = 90  # 秒：最长等这么久（LibreOffice 排版在慢机器上要十几秒）；条件一满足就往下走


@pytest.fixture(scope="module")
def server():
    running = Server()
    assert running.address.startswith(f"http://127.0.0.1:{running.port}/")
    yield running
    code, err = running.stop()
    assert code == 0, err
    assert running.workspaces() == [], "停止后临时文件夹还在"
    running.clean()


@pytest.fixture
def browser(tmp_path):
    downloads = tmp_path / "下载"
    downloads.mkdir()
    driver = chromium(downloads, tmp_path / "profile")
    driver.downloads = downloads
    yield driver
    driver.quit()


def wait(driver, condition, seconds: float = WAIT):
    # 页面轮询完会换上新的一块（#downloads）：刚找到的元素可能随即作废，再找一次即可
    return WebDriverWait(driver, seconds, poll_frequency=0.1, ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def upload_branch(driver, server, path: Path) -> None:
    driver.get(server.address)
    driver.find_element(By.ID, "workbook").send_keys(str(path))
    driver.find_element(By.CSS_SELECTOR, "form[data-upload] button[type=submit]").click()


def downloaded(driver, suffix: str) -> Path:
    def done(_):
        found = [p for p in driver.downloads.iterdir() if p.suffix == suffix]
        return found[0] if found and not list(driver.downloads.glob("*.crdownload")) else False

    return wait(driver, done)


def test_the_page_is_chinese_and_usable_by_keyboard(server, browser):
    browser.get(server.address)
    assert browser.title == "支部：检查工作簿、生成报告 · 党支部工作数据簿检查"
    focused = []
    body = browser.find_element(By.TAG_NAME, "body")
    for _ in range(12):
        body.send_keys("\ue004")  # Tab
        focused.append(browser.switch_to.active_element.get_attribute("id") or browser.switch_to.active_element.text)
    assert "workbook" in focused, focused  # 上传框用 Tab 就能到
    assert any("下载空白工作簿" in f for f in focused), focused


def test_the_sample_gives_its_findings_and_a_report_that_opens(server, browser):
    import docx

    upload_branch(browser, server, SAMPLE)
    summary = wait(browser, EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-summary]")))
    assert summary.text.endswith("检查完成：共 4 个提醒，涉及 1 个工作表。")  # 三会一课的 4 条提醒
    assert browser.title.startswith("检查结果：")
    link = wait(browser, EC.element_to_be_clickable((By.CSS_SELECTOR, "[data-download=report]")))
    link.click()
    report = downloaded(browser, ".docx")
    document = docx.Document(str(report))
    assert any("商贸系党支部开展创先争优活动" in p.text for p in document.paragraphs)


def test_a_broken_workbook_names_its_cell_and_shows_it_in_the_grid(server, browser, tmp_path):
    upload_branch(browser, server, broken_workbook(tmp_path / "出生日期写错了.xlsx"))
    summary = wait(browser, EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-summary]")))
    assert summary.text.endswith("检查完成：共 2 个错误、4 个提醒，涉及 2 个工作表。")  # 另有示例的 4 条三会一课提醒
    places = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "[data-place]")]
    assert "党员名册 · 第3行（姓名：郑国栋）· E列「出生日期」" in places
    finding = browser.find_elements(By.CSS_SELECTOR, "[data-finding]")[0]
    assert "✖ 错误" in finding.text and "在 E3 重新输入完整日期" in finding.text
    cell = browser.find_element(By.CSS_SELECTOR, "td[data-cell=E3]")
    tip = browser.find_element(By.ID, cell.get_attribute("aria-describedby"))
    assert not tip.is_displayed()
    browser.execute_script("arguments[0].focus()", cell)  # 键盘移到这一格：问题和改法显示出来
    wait(browser, lambda _: tip.is_displayed())
    assert "无法识别为日期" in tip.text
    assert BROKEN_ID not in browser.page_source
    wait(browser, lambda b: "工作簿有错误，没有生成报告" in b.find_element(By.ID, "downloads").text)


def test_a_renamed_word_document_is_refused_in_chinese_and_the_page_goes_on(server, browser, tmp_path):
    from tests import hostile_corpus

    fake = tmp_path / "名册.xlsx"
    hostile_corpus._docx(fake)
    upload_branch(browser, server, fake)
    message = wait(browser, EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-message]")))
    assert "这是 Word 文档（.docx），不是 Excel 工作簿。" in message.text
    assert "文件：名册.xlsx" in message.text
    upload_branch(browser, server, SAMPLE)
    assert wait(browser, EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-summary]"))).text.endswith("共 4 个提醒，涉及 1 个工作表。")


def test_the_committee_flow_with_three_files(server, browser, tmp_path):
    import openpyxl

    files = [SAMPLE, renamed_branch(tmp_path / "会计系党支部.xlsx", "会计系党支部"), broken_workbook(tmp_path / "机电系党支部.xlsx")]
    browser.get(server.address + "committee")
    browser.find_element(By.ID, "workbooks").send_keys("\n".join(str(p) for p in files))
    listed = browser.find_elements(By.CSS_SELECTOR, "[data-file-list] li")
    assert len(listed) == 3  # 每个文件一行，各有自己的上传进度
    browser.find_element(By.ID, "name").send_keys("中共测试学院委员会")
    browser.find_element(By.CSS_SELECTOR, "form[data-upload] button[type=submit]").click()
    table = wait(browser, EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-rollup]")))
    statuses = {row.find_elements(By.TAG_NAME, "td")[0].text: row.find_element(By.CSS_SELECTOR, "[data-status]").text
                for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")}
    assert statuses == {SAMPLE.name: "✔ 计入", "会计系党支部.xlsx": "✔ 计入", "机电系党支部.xlsx": "✖ 有错误"}
    assert "已汇总：共 3 本工作簿，计入 2 个支部，1 本有错误或读不了。" in browser.find_element(By.CSS_SELECTOR, "[data-summary]").text
    browser.find_element(By.CSS_SELECTOR, "[data-download=summary]").click()
    summary = downloaded(browser, ".xlsx")
    assert "支部汇总" in openpyxl.load_workbook(summary).sheetnames


def test_a_wrong_host_is_refused_by_the_real_server(server, browser):
    # 同一个端口，换一个名字（localhost 也是本机）：不是印出的地址，拒绝，也不说出密钥
    browser.get(server.address.replace("127.0.0.1", "localhost"))
    assert "已拒绝" in browser.find_element(By.TAG_NAME, "body").text
    assert server.address.rsplit("/", 2)[1] not in browser.page_source


@pytest.mark.parametrize("page", ["", "committee"])
def test_the_page_fits_1366_by_768_at_125_percent(server, browser, page):
    # 放大到 125%：排版的宽度是 1366 ÷ 1.25 ≈ 1093 个 CSS 像素，每个像素画成 1.25 个屏幕像素
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1093, "height": 614, "deviceScaleFactor": 1.25, "mobile": False})
    browser.get(server.address + page)
    overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"横向多出 {overflow} 像素"
    button = browser.find_element(By.CSS_SELECTOR, "form[data-upload] button[type=submit]")
    assert button.is_displayed()

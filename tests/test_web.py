"""toolkit serve 的网页：经 Flask 的测试客户端走遍每个地址、每种拒绝；再起一个真的服务，测端口、Ctrl+C、
中断的上传和 waitress 自己的拒绝。浏览器里的端到端测试在 test_web_browser.py。
"""

from __future__ import annotations

import io
import os
import re
import socket
import stat
import subprocess
import sys
import threading
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("flask")
pytest.importorskip("waitress")

from tests import hostile_corpus  # noqa: E402
from tests.test_web_helpers import BROKEN_ID, SAMPLE, Server, broken_workbook, renamed_branch  # noqa: E402
from toolkit.web import messages  # noqa: E402
from toolkit.web.app import create_app  # noqa: E402
from toolkit.web.jobs import Workspace  # noqa: E402
from toolkit.web.security import Guard  # noqa: E402
from toolkit.web.uploads import MAX_UPLOAD  # noqa: E402

ORIGIN = "http://127.0.0.1:8765"
KEY = "k3y-for-tests_0123456789abcdefghij"
HOST = {"Host": "127.0.0.1:8765"}
SAME = {**HOST, "Origin": ORIGIN}
CHINESE = re.compile(r"[\u4e00-\u9fff]")
TOOLKIT = [sys.executable, "-m", "toolkit"]


@pytest.fixture
def web(tmp_path):
    workspace = Workspace()
    app = create_app(Guard(ORIGIN, KEY), workspace, libreoffice=False)
    app.testing = False  # 测的是用户看到的：出错时也是中文的一页，不是测试模式下抛出的异常
    yield app, workspace
    workspace.close()


@pytest.fixture
def client(web):
    return web[0].test_client()


def url(path: str = "") -> str:
    return f"/{KEY}/{path}"


def upload(client, path: Path, name: str | None = None, route: str = "check", field: str = "workbook", **form):
    data = {field: (io.BytesIO(Path(path).read_bytes()), name or Path(path).name), **form}
    return client.post(url(route), data=data, headers=SAME, content_type="multipart/form-data")


def wait_done(client, result_url: str) -> None:
    for _ in range(600):
        state = client.get(result_url + "/status", headers=HOST).get_json()["state"]
        if state != "working":
            return
        time.sleep(0.05)
    raise AssertionError("后台工作 30 秒没有做完")


def checked(client, path: Path, name: str | None = None, **form) -> tuple[str, str]:
    """上传、等后台做完 → (结果页的地址, 结果页)。"""
    response = upload(client, path, name, **form)
    assert response.status_code == 303, response.get_data(as_text=True)
    result_url = response.headers["Location"]
    wait_done(client, result_url)
    return result_url, client.get(result_url, headers=HOST).get_data(as_text=True)


def text_of(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def cli(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([*TOOLKIT, *map(str, args)], capture_output=True, text=True, encoding="utf-8", cwd=cwd)


def cli_refusal(path: Path) -> str:
    """toolkit validate 对读不了的文件说的话：“[无法读取] ……”那一行。"""
    done = cli("validate", path)
    assert done.returncode == 2, done.stdout + done.stderr
    return next(line for line in done.stderr.splitlines() if line.startswith("[无法读取]"))


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


# ---------------------------------------------------------------- 页面本身


class Controls(HTMLParser):
    """收集表单控件和 label：每个控件都要有 label。"""

    def __init__(self):
        super().__init__()
        self.controls, self.labels, self.title = [], set(), ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.controls.append(a)
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


@pytest.mark.parametrize("route", ["", "committee"])
def test_each_page_is_chinese_with_a_label_on_every_control(client, route):
    response = client.get(url(route), headers=HOST)
    assert response.status_code == 200
    page = Controls()
    page.feed(response.get_data(as_text=True))
    assert CHINESE.search(page.title), page.title
    assert page.controls
    for control in page.controls:
        assert control.get("id") in page.labels, control
    assert "http://" not in response.get_data(as_text=True).replace(ORIGIN, "")  # 不从别处取脚本、样式、字体


def test_pages_carry_security_headers_and_only_local_scripts(client):
    response = client.get(url(), headers=HOST)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    for asset in re.findall(r'(?:src|href)="(/[^"]+\.(?:js|css))"', html):
        served = client.get(asset, headers=HOST)
        assert served.status_code == 200 and served.data, asset


def test_the_blank_workbook_is_the_same_file_as_new_workbook(client, tmp_path):
    response = client.get(url("blank"), headers=HOST)
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    done = cli("new-workbook", tmp_path / "空白.xlsx")
    assert done.returncode == 0, done.stderr
    assert response.data == (tmp_path / "空白.xlsx").read_bytes()


# ---------------------------------------------------------------- 门：Host、密钥、同源


@pytest.mark.parametrize("host", ["evil.example:8765", "localhost:8765", "127.0.0.1:8766", "127.0.0.1", ""])
def test_a_wrong_host_header_is_refused_without_showing_the_key(client, host):
    response = client.get(url(), headers={"Host": host})
    assert response.status_code == 421
    body = response.get_data(as_text=True)
    assert KEY not in body and "已拒绝" in body


@pytest.mark.parametrize("path", ["/", "/wrong-key/", f"/{KEY[:-1]}/", "/favicon.ico", f"/{KEY}x/check", "/static/page.js"])
def test_a_request_without_the_key_is_refused(client, path):
    response = client.get(path, headers=HOST)
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert KEY not in body and messages.WRONG_KEY in body


def test_an_upload_without_the_key_is_refused_and_nothing_is_kept(web):
    app, workspace = web
    response = app.test_client().post("/", headers=SAME, data={"workbook": (io.BytesIO(SAMPLE.read_bytes()), "a.xlsx")})
    assert response.status_code == 404
    assert workspace.jobs == {} and files_under(workspace.folder) == []


@pytest.mark.parametrize("headers", [
    HOST,  # 没有 Origin，也没有 Referer
    {**HOST, "Origin": "http://evil.example"},
    {**HOST, "Origin": "http://127.0.0.1:8765.evil.example"},
    {**HOST, "Origin": "null"},
    {**HOST, "Referer": "http://evil.example/page"},
    {**SAME, "Sec-Fetch-Site": "cross-site"},
    {**SAME, "Sec-Fetch-Site": "same-site"},
])
def test_a_cross_site_upload_is_refused(web, headers):
    app, workspace = web
    data = {"workbook": (io.BytesIO(SAMPLE.read_bytes()), "a.xlsx")}
    response = app.test_client().post(url("check"), headers=headers, data=data, content_type="multipart/form-data")
    assert response.status_code == 403
    assert messages.CROSS_SITE in response.get_data(as_text=True)
    assert workspace.jobs == {}


def test_a_same_origin_upload_by_referer_alone_is_accepted(client):
    data = {"workbook": (io.BytesIO(SAMPLE.read_bytes()), "a.xlsx")}
    response = client.post(url("check"), headers={**HOST, "Referer": ORIGIN + url()}, data=data, content_type="multipart/form-data")
    assert response.status_code == 303


def test_a_cross_site_page_cannot_fetch_a_download(client, tmp_path):
    result_url, _ = checked(client, SAMPLE)
    download = result_url + "/file/report"
    assert client.get(download, headers={**HOST, "Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert client.get(download, headers={**HOST, "Referer": "http://evil.example/"}).status_code == 403
    assert client.get(download, headers={**HOST, "Referer": ORIGIN + result_url}).status_code == 200


# ---------------------------------------------------------------- 支部：检查、报告、下载


def test_the_sample_is_checked_and_its_report_downloads_once(web, client):
    _, workspace = web
    result_url, page = checked(client, SAMPLE)
    # 示例支部按 2018 年条例施行前的“三会一课”制度有 4 条提醒（见 scripts/build_sample.py）：报告照常生成，另有标注副本
    assert "检查完成：共 4 个提醒，涉及 1 个工作表。" in page
    assert messages.NO_LIBREOFFICE in text_of(page) or "LibreOffice" in page
    link = re.search(r'href="([^"]+/file/report)"', page).group(1)
    response = client.get(link, headers={**HOST, "Referer": ORIGIN + result_url})
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    import docx

    document = docx.Document(io.BytesIO(response.data))
    assert any("商贸系党支部" in p.text for p in document.paragraphs)
    again = client.get(link, headers=HOST)
    assert again.status_code == 410 and messages.TAKEN in again.get_data(as_text=True)
    assert files_under(workspace.folder)  # 标注副本还等着下载
    marked = re.search(r'href="([^"]+/file/marked)"', page).group(1)
    assert client.get(marked, headers={**HOST, "Referer": ORIGIN + result_url}).status_code == 200
    # 全部下载完：这次上传的文件夹已删除，页面上的结果还在
    assert files_under(workspace.folder) == []
    assert client.get(result_url, headers=HOST).status_code == 200


def test_findings_are_worded_exactly_as_validate_words_them(client, tmp_path):
    broken = broken_workbook(tmp_path / "坏了的工作簿.xlsx")
    _, page = checked(client, broken)
    done = cli("validate", broken.name, cwd=tmp_path)
    assert done.returncode == 1
    shown = text_of(page)
    summary = done.stdout.splitlines()[1]
    assert summary.startswith("检查完成：共 ") and summary in shown
    assert shown.index(summary) < shown.index("党员名册")
    for line in done.stdout.splitlines()[2:]:
        line = line.strip()
        if line.startswith("[错误]") or line.startswith("[提醒]"):
            severity, place = line[1:3], line[5:]
            assert place in shown, place
            assert f"{severity} {place}" in shown.replace("✖ ", "").replace("! ", "")
        elif "：" in line:
            label, words = line.split("：", 1)
            assert words.strip() in shown, line
    # validate 的全文也原样在页面上（可以复制），一字不差
    import html

    raw = re.search(r'<details class="raw">.*?<pre>(.*?)</pre>', page, re.S).group(1)
    assert html.unescape(raw) == done.stdout.rstrip("\n")


def test_a_broken_cell_is_named_highlighted_and_explained_on_focus(client, tmp_path):
    _, page = checked(client, broken_workbook(tmp_path / "b.xlsx"))
    assert "单元格 E3" in page
    cell = re.search(r'<td class="flag error" tabindex="0" data-cell="E3" aria-describedby="([^"]+)">(.*?)</td>', page, re.S)
    assert cell, "E3 没有标出来"
    tip = re.search(rf'id="{cell.group(1)}">(.*?)</span>', cell.group(2), re.S).group(1)
    assert "无法识别为日期" in tip and "“1985.3”" in tip
    assert 'class="badge error">✖ 错误' in page  # 不只靠颜色：有字、有记号


def test_id_numbers_are_masked_everywhere_on_the_page(client, tmp_path):
    _, page = checked(client, broken_workbook(tmp_path / "b.xlsx"))
    assert BROKEN_ID not in page
    assert re.search(r"3301\*+001X", page)
    assert not re.search(r"\b\d{17}[\dX]\b", page), "页面上出现了完整的身份证号"
    assert not re.search(r"\b1[3-9]\d{9}\b", page), "页面上出现了完整的手机号"


def test_the_marked_copy_downloads_and_no_report_is_made_when_there_are_errors(client, tmp_path):
    import openpyxl

    result_url, page = checked(client, broken_workbook(tmp_path / "b.xlsx"))
    assert "工作簿有错误，没有生成报告" in page
    assert "/file/report" not in page
    response = client.get(result_url + "/file/marked", headers={**HOST, "Referer": ORIGIN})
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.data))
    assert wb["党员名册"]["E3"].comment is not None


def test_report_options_fonts_and_date_style_reach_the_report(client, tmp_path):
    import docx

    result_url, _ = checked(client, SAMPLE, fonts="windows", date_style="汉字")
    response = client.get(result_url + "/file/report", headers={**HOST, "Referer": ORIGIN})
    document = docx.Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "二〇一一年一月七日" in text
    with zipfile.ZipFile(io.BytesIO(response.data)) as package:
        xml = package.read("word/document.xml").decode("utf-8") + package.read("word/styles.xml").decode("utf-8")
    assert 'w:eastAsia="仿宋"' in xml and "仿宋_GB2312" not in xml


def test_a_wording_template_zip_is_used(client, tmp_path):
    import docx

    wording = (hostile_corpus.ROOT / "templates" / "report" / "wording.j2").read_text(encoding="utf-8")
    packed = tmp_path / "模板.zip"
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("report/wording.j2", wording.replace("阶段性工作情况{% endmacro %}", "阶段性工作情况（网页模板）{% endmacro %}", 1))
    data = {"workbook": (io.BytesIO(SAMPLE.read_bytes()), SAMPLE.name), "template": (io.BytesIO(packed.read_bytes()), packed.name)}
    response = client.post(url("check"), headers=SAME, data=data, content_type="multipart/form-data")
    result_url = response.headers["Location"]
    wait_done(client, result_url)
    report = client.get(result_url + "/file/report", headers={**HOST, "Referer": ORIGIN})
    assert report.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(report.data)).paragraphs)
    assert "（网页模板）" in text


def test_a_template_that_reaches_into_python_is_refused_in_chinese(client, tmp_path):
    packed = tmp_path / "坏模板.zip"
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("wording.j2", "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    data = {"workbook": (io.BytesIO(SAMPLE.read_bytes()), SAMPLE.name), "template": (io.BytesIO(packed.read_bytes()), packed.name)}
    response = client.post(url("check"), headers=SAME, data=data, content_type="multipart/form-data")
    wait_done(client, response.headers["Location"])
    page = client.get(response.headers["Location"], headers=HOST).get_data(as_text=True)
    assert "[模板有误]" in page and "subclasses" not in text_of(page).split("[模板有误]")[0]


def test_the_picture_of_the_first_page_needs_libreoffice(tmp_path):
    from toolkit.web.library import libreoffice_present

    if not libreoffice_present():
        pytest.skip("没有 LibreOffice")
    workspace = Workspace()
    try:
        client = create_app(Guard(ORIGIN, KEY), workspace).test_client()
        result_url, page = checked(client, SAMPLE)
        assert 'src="data:image/png;base64,' in page
        pdf = client.get(result_url + "/file/pdf", headers={**HOST, "Referer": ORIGIN})
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    finally:
        workspace.close()


# ---------------------------------------------------------------- 坏的输入：与命令行同样的中文


def _xls(path):
    path.write_bytes(hostile_corpus.biff_workbook())


HOSTILE = {
    "交来的.xls": _xls,
    "加密的.xlsx": hostile_corpus._encrypted,
    "名册（Word）.xlsx": hostile_corpus._docx,
    "压缩炸弹.xlsx": hostile_corpus._zip_bomb,
    "声明很大.xlsx": hostile_corpus._zip_declared_huge,
    "下载一半.xlsx": hostile_corpus._truncated,
    "~$支部工作数据簿.xlsx": hostile_corpus._lock_file,
    "空的.xlsx": lambda p: p.write_bytes(b""),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_file_the_cli_refuses_gets_the_same_message(web, client, tmp_path, name):
    _, workspace = web
    path = tmp_path / name
    HOSTILE[name](path)
    response = upload(client, path)
    assert response.status_code == 422
    shown = text_of(response.get_data(as_text=True))
    assert cli_refusal(path) in shown
    assert "Traceback" not in shown
    assert workspace.jobs == {} and files_under(workspace.folder) == []
    assert client.get(url(), headers=HOST).status_code == 200  # 照常回应下一个请求


def test_an_upload_over_the_limit_is_refused_in_chinese(web):
    app, workspace = web
    app.config["MAX_CONTENT_LENGTH"] = 1000  # 真的上限是 200 MB：测试用小的，道理一样
    client = app.test_client()
    import toolkit.web.app as web_app

    original = web_app.MAX_UPLOAD
    web_app.MAX_UPLOAD = 1000
    try:
        response = upload(client, SAMPLE)
    finally:
        web_app.MAX_UPLOAD = original
    assert response.status_code == 413
    assert "上限" in response.get_data(as_text=True)
    assert workspace.jobs == {}


def test_the_declared_limit_is_checked_before_reading(client):
    environ = {"CONTENT_LENGTH": str(MAX_UPLOAD + 1), "CONTENT_TYPE": "multipart/form-data; boundary=x"}
    response = client.post(url("check"), headers=SAME, environ_overrides=environ, data=b"")
    assert response.status_code == 413
    assert messages.TOO_LARGE.format(limit=MAX_UPLOAD // 1024 // 1024) in response.get_data(as_text=True)


def test_an_interrupted_upload_is_explained(web, client):
    _, workspace = web
    body = b"--x\r\nContent-Disposition: form-data; name=\"workbook\"; filename=\"a.xlsx\"\r\n\r\n" + SAMPLE.read_bytes()[:5000]
    environ = {"CONTENT_LENGTH": str(len(body) + 50_000), "CONTENT_TYPE": "multipart/form-data; boundary=x", "wsgi.input": io.BytesIO(body)}
    response = client.post(url("check"), headers=SAME, environ_overrides=environ)
    assert response.status_code == 400
    assert messages.INTERRUPTED in response.get_data(as_text=True)
    assert workspace.jobs == {} and files_under(workspace.folder) == []


@pytest.mark.parametrize("method, path, status, words", [
    ("GET", "no-such-page", 404, messages.NOT_FOUND),
    ("GET", "check", 405, messages.WRONG_METHOD),
    ("GET", "result/not-a-job", 410, "已经删除了"),
    ("GET", "committee/not-a-job", 410, "已经删除了"),
    ("GET", "result/not-a-job/file/report", 410, "已经删除了"),
])
def test_unknown_routes_get_a_chinese_page(client, method, path, status, words):
    response = client.open(url(path), method=method, headers=SAME)
    assert response.status_code == status
    body = response.get_data(as_text=True)
    assert words in body and CHINESE.search(body)
    assert "Not Found" not in body and "Method Not Allowed" not in body


def test_no_file_and_bad_options_are_explained(client):
    response = client.post(url("check"), headers=SAME, data={}, content_type="multipart/form-data")
    assert response.status_code == 400 and messages.NO_FILE in response.get_data(as_text=True)
    response = upload(client, SAMPLE, fonts="comic-sans")
    assert response.status_code == 400 and "字体方案" in response.get_data(as_text=True)


def test_an_unexpected_failure_is_a_chinese_page_and_the_server_keeps_serving(web, client, monkeypatch):
    from toolkit.web import library

    def explode(path):
        raise RuntimeError("boom")

    monkeypatch.setattr(library, "check_branch", explode)
    response = upload(client, SAMPLE)
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "[内部错误]" in body and "Traceback" not in body and "boom" not in body
    assert client.get(url(), headers=HOST).status_code == 200


# ---------------------------------------------------------------- 党委汇总


def committee_upload(client, paths, **form):
    data = {"workbooks": [(io.BytesIO(Path(p).read_bytes()), name) for name, p in paths], **form}
    response = client.post(url("committee"), headers=SAME, data=data, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)
    result_url = response.headers["Location"]
    wait_done(client, result_url)
    return result_url, client.get(result_url, headers=HOST).get_data(as_text=True)


def three_branches(tmp_path) -> list[tuple[str, Path]]:
    return [
        ("商贸系党支部.xlsx", SAMPLE),
        ("会计系党支部.xlsx", renamed_branch(tmp_path / "会计系.xlsx", "会计系党支部")),
        ("机电系党支部.xlsx", broken_workbook(tmp_path / "机电系.xlsx")),
    ]


def test_the_committee_rollup_of_three_branches(web, client, tmp_path):
    import docx
    import openpyxl

    _, workspace = web
    result_url, page = committee_upload(client, three_branches(tmp_path), name="中共测试学院委员会", each="1")
    shown = text_of(page)
    assert "已汇总：共 3 本工作簿，计入 2 个支部，1 本有错误或读不了。" in shown
    rows = dict(re.findall(r'<tr class="[^"]+">\s*<td>([^<]+)</td>.*?data-status>(.*?)</span>', page, re.S))
    assert rows == {"商贸系党支部.xlsx": "✔ 计入", "会计系党支部.xlsx": "✔ 计入", "机电系党支部.xlsx": "✖ 有错误"}
    summary = client.get(result_url + "/file/summary", headers={**HOST, "Referer": ORIGIN})
    assert summary.status_code == 200
    assert "支部汇总" in openpyxl.load_workbook(io.BytesIO(summary.data)).sheetnames
    report = client.get(result_url + "/file/report", headers={**HOST, "Referer": ORIGIN})
    assert any("中共测试学院委员会" in p.text for p in docx.Document(io.BytesIO(report.data)).paragraphs)
    each = client.get(result_url + "/file/each", headers={**HOST, "Referer": ORIGIN})
    assert len(zipfile.ZipFile(io.BytesIO(each.data)).namelist()) == 2
    assert files_under(workspace.folder) == []  # 全部下载完：磁盘上什么也不留


def test_the_committee_page_takes_a_subordinate_summary_as_well(client, tmp_path):
    """issue 16 第 5 点：下级党组织在页面上写出的汇总表，上一级照样在页面上汇总，同一个支部只算一次。"""
    import openpyxl

    branches = [("商贸系党支部.xlsx", SAMPLE), ("会计系党支部.xlsx", renamed_branch(tmp_path / "会计系.xlsx", "会计系党支部"))]
    lower_url, _ = committee_upload(client, branches, name="经管学院党委")
    summary = client.get(lower_url + "/file/summary", headers={**HOST, "Referer": ORIGIN})
    lower = tmp_path / "经管学院汇总.xlsx"
    lower.write_bytes(summary.data)
    lower_rows = list(openpyxl.load_workbook(lower)["支部汇总"].iter_rows(values_only=True))
    members = lower_rows[-1][lower_rows[0].index("党员总数")]
    direct = renamed_branch(tmp_path / "机关.xlsx", "机关党支部")
    uploads = [("经管学院汇总.xlsx", lower), ("机关党支部.xlsx", direct), ("会计系又报了一次.xlsx", branches[1][1])]
    result_url, page = committee_upload(client, uploads, name="中共测试大学委员会")
    shown = text_of(page)
    assert "已汇总：共 2 本工作簿，另有下级党组织的汇总表 1 本（计入 1 本），计入 3 个支部，1 本重复。" in shown
    assert "经管学院党委（下级党组织，2 个党支部）" in shown
    rows = dict(re.findall(r'<tr class="[^"]+">\s*<td>([^<]+)</td>.*?data-status>(.*?)</span>', page, re.S))
    assert rows["经管学院汇总.xlsx"].endswith("计入") and rows["会计系又报了一次.xlsx"].endswith("重复")
    top = client.get(result_url + "/file/summary", headers={**HOST, "Referer": ORIGIN})
    book = openpyxl.load_workbook(io.BytesIO(top.data))
    detail = list(book["明细"].iter_rows(values_only=True))
    paths = [r[detail[0].index("所在党组织（路径）")] for r in detail[1:]]
    assert "中共测试大学委员会 / 经管学院党委 / 会计系党支部" in paths and "中共测试大学委员会 / 机关党支部" in paths
    own = list(book["支部汇总"].iter_rows(values_only=True))
    by_name = {r[1]: r for r in own[1:]}
    assert by_name["经管学院党委"][own[0].index("党员总数")] == members


def test_a_committee_where_nothing_is_counted_gets_the_summary_but_no_report(client, tmp_path):
    """一个也没有计入：报告会写“所属0个党支部……党员0名”，不写；汇总表照给（它列出了每个文件的原因）。"""
    broken = broken_workbook(tmp_path / "机电系.xlsx")
    result_url, page = committee_upload(client, [("机电系党支部.xlsx", broken)], name="中共测试学院委员会")
    shown = text_of(page)
    assert "[没有写汇总报告] 这次没有一本支部工作簿、一本下级汇总表计入" in shown
    assert client.get(result_url + "/file/summary", headers={**HOST, "Referer": ORIGIN}).status_code == 200
    assert client.get(result_url + "/file/report", headers={**HOST, "Referer": ORIGIN}).status_code == 404


def test_the_committee_takes_one_zip_with_folders(client, tmp_path):
    packed = tmp_path / "各支部.zip"
    with zipfile.ZipFile(packed, "w") as archive:
        for name, path in three_branches(tmp_path):
            archive.write(path, f"各支部/{name[:3]}/{name}")
        archive.writestr("../../逃出去.xlsx", b"x")  # 想跳出文件夹的：不收
    _, page = committee_upload(client, [(packed.name, packed)])
    shown = text_of(page)
    assert "共 3 本工作簿" in shown and "各支部/商贸系/商贸系党支部.xlsx" in shown
    assert "逃出去" not in shown


def test_a_zip_bomb_for_the_committee_is_refused(web, client, tmp_path):
    _, workspace = web
    packed = tmp_path / "炸弹.zip"
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("大.xlsx", b"\0" * (600 * 1024 * 1024 // 8) * 8)
    response = client.post(url("committee"), headers=SAME, content_type="multipart/form-data",
                           data={"workbooks": [(io.BytesIO(packed.read_bytes()), packed.name)]})
    assert response.status_code == 413
    assert "压缩炸弹" in response.get_data(as_text=True)
    assert workspace.jobs == {} and files_under(workspace.folder) == []


def test_too_many_files_are_refused(web):
    app, workspace = web
    app.config["MAX_FORM_PARTS"] = 5
    data = {"workbooks": [(io.BytesIO(b"x"), f"{i}.xlsx") for i in range(10)]}
    response = app.test_client().post(url("committee"), headers=SAME, data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "一次最多上传" in response.get_data(as_text=True)
    assert workspace.jobs == {}


def test_a_committee_of_unreadable_files_says_what_rollup_says(client, tmp_path):
    path = tmp_path / "x.xls"
    _xls(path)
    _, page = committee_upload(client, [("经管系党支部.xls", path), ("商贸系党支部.xlsx", SAMPLE)])
    assert "✖ 无法读取" in page and "97-2003" in page
    # 只有读不了的：汇总不知道党委叫什么，说的是页面上的那一栏，不是命令行的选项
    _, page = committee_upload(client, [("经管系党支部.xls", path)])
    assert "[无法汇总]" in page and "页面上的“名称”一栏" in page and "--name" not in page


def test_committee_without_files_and_with_a_bad_date(client):
    response = client.post(url("committee"), headers=SAME, data={}, content_type="multipart/form-data")
    assert response.status_code == 400 and messages.NO_FILES in response.get_data(as_text=True)
    data = {"workbooks": [(io.BytesIO(SAMPLE.read_bytes()), "a.xlsx")], "period_start": "去年"}
    response = client.post(url("committee"), headers=SAME, data=data, content_type="multipart/form-data")
    assert response.status_code == 400 and "报告期开始" in response.get_data(as_text=True)


# ---------------------------------------------------------------- 临时文件：私有、下载后、超时、停止时删除


def test_the_workspace_is_private_and_removed_at_close():
    workspace = Workspace()
    job = workspace.new_job("branch")
    assert stat.S_IMODE(workspace.folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(job.folder.stat().st_mode) == 0o700
    (job.folder / "x").write_bytes(b"data")
    workspace.close()
    assert not workspace.folder.exists()


def test_uploads_are_removed_at_timeout(client, web):
    _, workspace = web
    result_url, _ = checked(client, SAMPLE)
    assert files_under(workspace.folder)  # 报告还等着下载
    workspace.sweep(now=time.monotonic() + workspace.timeout + 1)
    assert files_under(workspace.folder) == [] and workspace.jobs == {}
    assert client.get(result_url, headers=HOST).status_code == 410


def test_the_delete_button_removes_everything_now(client, web):
    _, workspace = web
    result_url, _ = checked(client, SAMPLE)
    response = client.post(result_url + "/delete", headers=SAME)
    assert response.status_code == 200 and "已从临时文件夹里删除" in response.get_data(as_text=True)
    assert files_under(workspace.folder) == [] and workspace.jobs == {}


def test_the_uploaded_workbook_is_not_kept_after_checking(client, web):
    _, workspace = web
    checked(client, SAMPLE)
    kept = [p for p in files_under(workspace.folder) if p.suffix == ".xlsx"]
    # 留着的只有等着下载的标注副本（示例有 4 条提醒），上传的工作簿本身不留
    assert [(p.parent.name, p.name) for p in kept] == [("marked", f"{SAMPLE.stem}（标注副本）.xlsx")]


def test_concurrent_uploads_each_get_their_own_result(web, tmp_path):
    app, workspace = web
    broken = broken_workbook(tmp_path / "b.xlsx")
    results: dict[int, str] = {}

    def one(i: int) -> None:
        client = app.test_client()
        _, page = checked(client, broken if i % 2 else SAMPLE, f"第{i}本.xlsx")
        results[i] = page

    threads = [threading.Thread(target=one, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(results) == list(range(6))
    for i, page in results.items():
        assert f"文件：第{i}本.xlsx" in page
        assert ("检查完成：共 2 个错误" in page) == bool(i % 2)
    assert len(workspace.jobs) == 6


# ---------------------------------------------------------------- 真的服务：toolkit serve


@pytest.fixture
def server():
    running = Server()
    yield running
    running.stop()
    running.clean()


def raw_request(port: int, data: bytes, read: bool = True) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        if not read:
            return b""
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_serve_prints_the_address_first_and_stops_cleanly_on_ctrl_c(server):
    assert re.fullmatch(rf"http://127\.0\.0\.1:{server.port}/[A-Za-z0-9_-]{{32}}/", server.address)
    assert len(server.workspaces()) == 1
    import urllib.request

    with urllib.request.urlopen(server.address, timeout=10) as response:
        assert response.status == 200 and "党支部工作数据簿检查" in response.read().decode("utf-8")
    code, err = server.stop()
    assert code == 0, err
    assert "已停止" in err and "Traceback" not in err
    assert server.workspaces() == []


def test_the_real_server_refuses_a_wrong_host_and_a_missing_key(server):
    key_path = server.address.split(str(server.port), 1)[1]
    wrong_host = raw_request(server.port, f"GET {key_path} HTTP/1.1\r\nHost: attacker.example:{server.port}\r\nConnection: close\r\n\r\n".encode())
    assert wrong_host.startswith(b"HTTP/1.1 421") and key_path.encode() not in wrong_host
    no_key = raw_request(server.port, f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nConnection: close\r\n\r\n".encode())
    assert no_key.startswith(b"HTTP/1.1 404") and "密钥".encode() in no_key


def test_an_interrupted_upload_to_the_real_server_leaves_nothing_and_it_keeps_serving(server):
    key_path = server.address.split(str(server.port), 1)[1]
    head = (f"POST {key_path}check HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nOrigin: {server.origin}\r\n"
            f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 5000000\r\n\r\n").encode()
    raw_request(server.port, head + b"--x\r\n" + b"a" * 100_000, read=False)  # 发了一部分就断开
    import urllib.request

    with urllib.request.urlopen(server.address, timeout=10) as response:
        assert response.status == 200
    workspace = server.workspaces()[0]
    assert files_under(workspace) == []


def test_waitress_own_refusal_of_a_huge_body_is_chinese(server):
    from toolkit.web.server import HARD_LIMIT

    key_path = server.address.split(str(server.port), 1)[1]
    head = (f"POST {key_path}check HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nOrigin: {server.origin}\r\n"
            f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {HARD_LIMIT + 1}\r\n\r\n").encode()
    answer = raw_request(server.port, head).decode("utf-8", "replace")
    assert answer.startswith("HTTP/1.1 413") and "上限" in answer and "generated by waitress" not in answer


def test_serve_warns_about_another_host_and_refuses_a_wildcard():
    done = subprocess.run([*TOOLKIT, "serve", "--no-browser", "--host", "0.0.0.0"], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 2 and "具体地址" in done.stderr
    running = Server(extra=("--host", "127.0.0.2"))
    try:
        assert running.address.startswith(f"http://127.0.0.2:{running.port}/")
        code, err = running.stop()
        assert "[注意]" in err and "本机以外" in err
    finally:
        running.clean()


def test_serve_on_a_busy_port_says_so_in_chinese():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run([*TOOLKIT, "serve", "--no-browser", "--port", str(port)], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 2
    assert "[无法启动]" in done.stderr and str(port) in done.stderr and "Traceback" not in done.stderr


def test_serve_without_flask_explains_how_to_install(tmp_path):
    blocker = tmp_path / "flask.py"
    blocker.write_text("raise ImportError('no flask here')\n")
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{hostile_corpus.ROOT}"}
    done = subprocess.run([*TOOLKIT, "serve", "--no-browser"], capture_output=True, text=True, encoding="utf-8", env=env, timeout=60)
    assert done.returncode == 2 and 'pip install ".[web]"' in done.stderr

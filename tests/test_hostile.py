"""坏文件与恶意文件的演练：每个案例都用真的命令（子进程）跑 toolkit validate 和 generate-report。

每个案例都查：退出码；消息点出了对的文件、工作表、单元格；没有 Traceback、没有 [内部错误]；
输入文件一个字节都没变；失败时输出文件夹里什么也没留下（成功时只有那份报告）；
用时（秒级）和内存（用 os.wait4 量子进程的峰值常驻内存）有上限。
最后扫一遍全部输出（屏幕、JSON、报告和标注副本的 XML），找没遮盖的身份证号和手机号。
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest

from tests.hostile_corpus import FORMULA_LIKE, Case, build_corpus, cases

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "商贸系党支部工作数据簿.xlsx"

MAX_SECONDS = 20.0
MAX_MEMORY = 400 * 1024 * 1024
OLD_REPORT = b"PK\x03\x04 the previous report, which must survive"

ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


# ---------------------------------------------------------------- 运行并测量


@dataclass
class Run:
    args: tuple
    code: int
    out: str
    err: str
    seconds: float
    memory: int  # 峰值常驻内存，字节

    @property
    def text(self) -> str:
        return self.out + self.err


# 子进程由一个很小的“启动器”进程 fork 出来，再由它 os.wait4 取用时和峰值内存。
# 直接从 pytest 里启动不行：Linux 的 ru_maxrss 会带上 fork/vfork 那一刻父进程的内存（pytest 本身就有几百 MB）。
_LAUNCHER = r"""
import json, os, sys, time
for line in sys.stdin:
    job = json.loads(line)
    out = os.open(job["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    err = os.open(job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(job["cwd"])
            os.dup2(out, 1)
            os.dup2(err, 2)
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            os.execve(job["argv"][0], job["argv"], job["env"])
        finally:
            os._exit(127)
    os.close(out)
    os.close(err)
    killed = False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if not killed and time.perf_counter() - started > job["timeout"]:
            os.kill(pid, 9)
            killed = True
        time.sleep(0.005)
    seconds = time.perf_counter() - started
    print(json.dumps({"code": os.waitstatus_to_exitcode(status), "seconds": seconds, "maxrss_kb": usage.ru_maxrss}), flush=True)
"""


class _Launcher:
    def __init__(self):
        self.process = None

    def run(self, argv: list[str], cwd: Path, env: dict, timeout: float) -> dict:
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen([sys.executable, "-S", "-c", _LAUNCHER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        with tempfile.TemporaryDirectory(prefix="hostile-run-") as folder:
            out, err = Path(folder) / "out", Path(folder) / "err"
            job = {"argv": argv, "cwd": str(cwd), "env": env, "timeout": timeout, "stdout": str(out), "stderr": str(err)}
            self.process.stdin.write(json.dumps(job) + "\n")
            self.process.stdin.flush()
            answer = json.loads(self.process.stdout.readline())
            answer["out"] = out.read_bytes().decode("utf-8", "replace")
            answer["err"] = err.read_bytes().decode("utf-8", "replace")
        return answer


_LAUNCH = _Launcher()


def run(*args, cwd: Path, timeout: float = 120) -> Run:
    """python -m toolkit …；用时和峰值常驻内存由 os.wait4 量出。"""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    answer = _LAUNCH.run([sys.executable, "-m", "toolkit", *map(str, args)], Path(cwd), env, timeout)
    return Run(args, answer["code"], answer["out"], answer["err"], answer["seconds"], answer["maxrss_kb"] * 1024)


def fingerprint(path: Path) -> str:
    """文件的哈希；文件夹就把里面每个文件的名字和内容都算上。"""
    digest = hashlib.sha256()
    if path.is_dir():
        for item in sorted(path.rglob("*")):
            digest.update(str(item.relative_to(path)).encode())
            if item.is_file():
                digest.update(item.read_bytes())
    else:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def docx_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist() if n.endswith((".xml", ".rels")))


def paragraphs(path: Path) -> list[str]:
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return texts


# ---------------------------------------------------------------- 语料与结果（整个模块只造一次、每个案例只跑一次）


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Case]:
    return {case.name: case for case in build_corpus(tmp_path_factory.mktemp("corpus"))}


@dataclass
class Outcome:
    validate: Run
    generate: Run
    report: Path | None  # 生成的报告（有的话）
    base: Path
    out_dir: Path
    before: str  # 输入文件的哈希（运行前）
    after: str
    input_listing: tuple[list[str], list[str]]  # 输入所在文件夹的内容：运行前、运行后
    out_listing: list[str]
    expected_listing: list[str]


_OUTCOMES: dict[str, Outcome] = {}
_METRICS: list[tuple[str, str, float, int]] = []  # (案例, 命令, 秒, 字节)


def _target(case: Case, out_dir: Path) -> tuple[list, Path, list[str]]:
    """generate-report 的 -o 参数、报告的位置、运行后输出文件夹里应有的内容。"""
    report = out_dir / "报告.docx"
    if case.output == "exists":
        report.write_bytes(OLD_REPORT)
        return ["-o", report], report, ["报告.docx"]
    if case.output == "exists-force":
        report.write_bytes(OLD_REPORT)
        return ["-o", report, "--force"], report, ["报告.docx"]
    if case.output == "folder":
        report.mkdir()
        return ["-o", report], report, ["报告.docx"]
    if case.output == "missing-folder":
        return ["-o", out_dir / "没有的文件夹" / "报告.docx"], out_dir / "没有的文件夹" / "报告.docx", []
    if case.output == "readonly":
        locked = out_dir / "只读"
        locked.mkdir()
        locked.chmod(0o500)
        return ["-o", locked / "报告.docx"], locked / "报告.docx", ["只读"]
    if case.output == "spaces":
        folder = out_dir / "输出 文件夹"
        folder.mkdir()
        target = folder / "报告 （定稿）.docx"
        return ["-o", target], target, ["输出 文件夹", "输出 文件夹/报告 （定稿）.docx"]
    return ["-o", report], report, ["报告.docx"] if case.generate == 0 else []


def outcome(case: Case, base: Path) -> Outcome:
    if case.name in _OUTCOMES:
        return _OUTCOMES[case.name]
    out_dir = base / "out"
    work = base / "cwd"  # 命令的当前文件夹：什么也不该写到这里
    out_dir.mkdir(parents=True)
    work.mkdir()
    source_dir = case.path.parent
    listed_before = listing(source_dir)
    before = fingerprint(case.path)
    validate = run("validate", case.path, cwd=work)
    args, report, expected = _target(case, out_dir)
    generate = run("generate-report", case.path, *args, cwd=work)
    after = fingerprint(case.path)
    result = Outcome(
        validate, generate, report if generate.code == 0 else None, base, out_dir, before, after,
        (listed_before, listing(source_dir)), listing(out_dir) + [f"cwd:{p}" for p in listing(work)], expected,
    )
    _OUTCOMES[case.name] = result
    _METRICS.extend([(case.name, "validate", validate.seconds, validate.memory), (case.name, "generate-report", generate.seconds, generate.memory)])
    return result


def assert_calm(run_: Run) -> None:
    for text in (run_.out, run_.err):
        assert "Traceback" not in text and 'File "' not in text, text[-3000:]
        assert "[内部错误]" not in text, text[-3000:]


def assert_bounded(case: Case, run_: Run) -> None:
    assert run_.seconds < MAX_SECONDS, f"{case.name}: {run_.args[0]} 用了 {run_.seconds:.1f} 秒"
    assert run_.memory < MAX_MEMORY, f"{case.name}: {run_.args[0]} 用了 {run_.memory / 2**20:.0f} MB"


# ---------------------------------------------------------------- 每个案例


def test_corpus_covers_every_item_of_the_bad_input_list():
    items = {c.item for c in cases()}
    assert {str(i) for i in range(1, 15)} <= items
    assert len(cases()) >= 40
    names = [c.name for c in cases()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("name", [c.name for c in cases()])
def test_case(name, corpus, tmp_path):
    case = corpus[name]
    if case.skip:
        pytest.skip(case.skip)
    result = outcome(case, tmp_path)
    v, g = result.validate, result.generate

    # 退出码
    assert v.code == case.validate, f"validate 退出码 {v.code}，应为 {case.validate}\n{v.text[-3000:]}"
    assert g.code == case.generate, f"generate-report 退出码 {g.code}，应为 {case.generate}\n{g.text[-3000:]}"
    # 没有堆栈，没有内部错误；用时和内存有上限
    for r in (v, g):
        assert_calm(r)
        assert_bounded(case, r)
    # 消息点出了文件、工作表、单元格
    for word in case.words:
        assert word in v.text, f"validate 的输出里没有“{word}”：\n{v.text[-3000:]}"
    for word in case.expected_gen_words:
        assert word in g.text, f"generate-report 的输出里没有“{word}”：\n{g.text[-3000:]}"
    if v.code == 2:
        assert "[无法读取]" in v.err and str(case.path) in v.err, v.err  # 读不了的文件：说是哪个文件
    # 输入文件一个字节都没变，旁边也没多出东西
    assert result.after == result.before
    assert result.input_listing[0] == result.input_listing[1]
    # 输出文件夹里只有该有的（失败时什么也没有，或只有原来的文件）；当前文件夹里什么也没有
    assert result.out_listing == result.expected_listing, result.out_listing
    if case.output == "exists":
        assert (result.out_dir / "报告.docx").read_bytes() == OLD_REPORT
    if g.code == 0:
        assert result.report is not None and result.report.read_bytes()[:2] == b"PK"
        assert "已生成报告" in g.out
        texts = paragraphs(result.report)
        joined = "\n".join(texts)
        for word in case.report_words:
            assert any(word in t for t in texts) or word in joined, f"报告里没有“{word[:80]}”"
        for word in case.absent:
            assert word not in joined
    for word in case.absent:
        assert word not in v.text and word not in g.text


# ---------------------------------------------------------------- 敏感信息


def _leaks(text: str) -> list[str]:
    return ID_NUMBER.findall(text) + MOBILE.findall(text)


def test_corpus_carries_real_ids_and_phones_so_the_scan_can_fail(corpus):
    """语料里的名册确有完整的身份证号和手机号：扫描找不到，是因为遮盖了，而不是因为本来就没有。"""
    from toolkit.workbook.tables import read_workbook

    content = read_workbook(corpus["bad-id-and-phone"].path)
    members = content.tables["党员名册"].rows
    ids = [str(r.cells["身份证号"].value) for r in members if "身份证号" in r.cells]
    phones = [str(r.cells["联系电话"].value) for r in members if "联系电话" in r.cells]
    assert all(ID_NUMBER.fullmatch(i) for i in ids) and len(ids) == 5
    assert sum(1 for p in phones if MOBILE.fullmatch(p)) == 3
    assert _leaks(corpus["csv-renamed"].path.read_text(encoding="gb18030"))  # 改名的 CSV 里也有


def test_nothing_sensitive_leaks_from_any_corpus_run(corpus, tmp_path):
    """每个案例的全部输出——屏幕、JSON、报告的 XML、标注副本的 XML——都没有完整的身份证号和手机号。"""
    checked = 0
    for name, case in corpus.items():
        if case.skip:
            continue
        result = outcome(case, tmp_path / name)
        base = result.base
        places = {"validate": result.validate.text, "generate-report": result.generate.text}
        if result.report is not None:
            places["报告"] = docx_xml(result.report)
        if result.validate.code in (0, 1):
            marked = base / "标注副本.xlsx"
            as_json = run("validate", case.path, "--format", "json", "--mark", marked, cwd=base / "cwd")
            refused = "没有写标注副本" in as_json.err  # 超过做副本的上限（如 15,000 张表）：检查照常，退出码 2
            assert as_json.code == (2 if refused else result.validate.code), as_json.text[-2000:]
            assert_calm(as_json)
            assert_bounded(case, as_json)
            answer = json.loads(as_json.out)
            # 输入的 SHA-256（64 位十六进制）是工具算出的，不是用户的文字：其中碰巧连着 18 位数字时不算泄露
            assert re.fullmatch(r"[0-9a-f]{64}", answer.pop("sha256"))
            places["JSON"] = json.dumps(answer, ensure_ascii=False) + as_json.err
            if refused:
                assert not marked.exists()
            else:
                places["标注副本"] = docx_xml(marked)
            _METRICS.append((name, "validate --format json --mark", as_json.seconds, as_json.memory))
        for where, text in places.items():
            assert not _leaks(text), f"{name} 的{where}里有没遮盖的号码：{_leaks(text)[:3]}"
        checked += 1
    assert checked >= 40


def test_sample_with_mark_and_json_leaks_nothing(tmp_path):
    marked = tmp_path / "标注副本.xlsx"
    result = run("validate", SAMPLE, "--format", "json", "--mark", marked, cwd=tmp_path)
    assert result.code in (0, 1)
    assert_calm(result)
    payload = json.loads(result.out)
    assert payload["file"].endswith(SAMPLE.name)
    assert not _leaks(result.text)
    assert marked.is_file() and not _leaks(docx_xml(marked))
    report = tmp_path / "报告.docx"
    generated = run("generate-report", SAMPLE, "-o", report, cwd=tmp_path)
    assert generated.code == 0 and not _leaks(generated.text) and not _leaks(docx_xml(report))
    # 样例的名册里确有完整号码：上面的扫描是能失败的
    from toolkit.workbook.tables import read_workbook

    rows = read_workbook(SAMPLE).tables["党员名册"].rows
    assert any(ID_NUMBER.fullmatch(str(r.cells["身份证号"].value)) for r in rows if "身份证号" in r.cells)


def test_marked_copy_writes_formula_like_text_as_text(corpus, tmp_path):
    """标注副本里以 = + - @ 开头的用户文字仍是文字，不会变成公式。"""
    case = corpus["formula-like-text"]
    marked = tmp_path / "副本.xlsx"
    result = run("validate", case.path, "--mark", marked, cwd=tmp_path)
    assert result.code == 0
    with zipfile.ZipFile(marked) as zf:
        xml = "".join(zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "<f " not in xml  # 没有一个公式
    import openpyxl

    values = {c.value: c.data_type for row in openpyxl.load_workbook(marked)["报告正文"].iter_rows() for c in row if c.value}
    for text in FORMULA_LIKE:
        assert values.get(text) in ("s", "inlineStr"), (text, values.get(text))


# ---------------------------------------------------------------- 用时与内存的汇总


def test_resource_summary(corpus, tmp_path):
    """打印最慢的和最占内存的命令（pytest -s 可见），并再查一遍上限。"""
    for name, case in corpus.items():
        if not case.skip:
            outcome(case, tmp_path / name)
    slowest = max(_METRICS, key=lambda m: m[2])
    largest = max(_METRICS, key=lambda m: m[3])
    print(f"\n语料 {len(corpus)} 个案例，{len(_METRICS)} 次运行；最慢：{slowest[0]} {slowest[1]} {slowest[2]:.2f} 秒；"
          f"内存最多：{largest[0]} {largest[1]} {largest[3] / 2**20:.0f} MB")
    assert slowest[2] < MAX_SECONDS and largest[3] < MAX_MEMORY


# ---------------------------------------------------------------- 措辞模板不是代码


@pytest.mark.parametrize(
    "escape, words",
    [
        ("{{ ''.__class__.__mro__ }}", ("不允许",)),
        ("{{ cycler.__init__.__globals__ }}", ("不允许",)),
        ("{{ joiner.__init__.__globals__['os'] }}", ("不允许",)),
        ("{{ lipsum.__globals__ }}", ("不存在的变量“lipsum”",)),  # 沙箱里没有 lipsum
        ("{{ 支部名称.__class__.__base__.__subclasses__() }}", ("不允许",)),
        ("{% include '../../../../../../etc/passwd' %}", ("wording.j2",)),
        ("{% import 'os' as os %}{{ os.system('id') }}", ("wording.j2",)),
        ("{{ config }}", ("不存在的变量",)),
    ],
)
def test_template_escapes_are_refused_with_a_chinese_message(corpus, tmp_path, escape, words):
    """用户的 --template 文件夹：读不了文件、导入不了模块、碰不到 Python 内部。说清楚，退出码 2，不留文件。"""
    import shutil

    mine = tmp_path / "我的 措辞"
    shutil.copytree(ROOT / "templates" / "report", mine)
    wording = mine / "wording.j2"
    original = wording.read_text(encoding="utf-8")
    assert "阶段性工作情况{% endmacro %}" in original
    wording.write_text(original.replace("阶段性工作情况{% endmacro %}", "阶段性工作情况" + escape + "{% endmacro %}"), encoding="utf-8")
    out = tmp_path / "输出"
    out.mkdir()
    source = corpus["sheet-protected"].path
    before = fingerprint(source)
    result = run("generate-report", source, "-o", out / "报告.docx", "--template", mine, cwd=out)
    assert result.code == 2, result.text
    assert_calm(result)
    assert "[模板有误]" in result.err and "wording.j2" in result.err, result.err
    for word in words:
        assert word in result.err, result.err
    assert "root:" not in result.text and "uid=" not in result.text and "<class" not in result.text
    assert listing(out) == [] and fingerprint(source) == before


# ---------------------------------------------------------------- 标注副本太大


def test_marked_copy_refuses_a_workbook_too_big_for_it(corpus, tmp_path, monkeypatch, capsys):
    """做标注副本要把整本载入内存：格子太多就说明原因、不写副本、不留临时文件，检查结果照常输出。"""
    from toolkit.checks import marking
    from toolkit.cli.main import main

    monkeypatch.setattr(marking, "MAX_MARK_CELLS", 50)
    source = corpus["partial-date"].path
    before = fingerprint(source)
    target = tmp_path / "副本.xlsx"
    with pytest.raises(SystemExit) as done:
        main(["validate", str(source), "--mark", str(target)])
    captured = capsys.readouterr()
    assert done.value.code == 2
    assert "1985.3" in captured.out  # 检查结果照常给出
    assert "[无法写入]" in captured.err and "个单元格" in captured.err and "--mark" in captured.err
    assert listing(tmp_path) == [] and fingerprint(source) == before


def test_marked_copy_of_a_sheet_formatted_to_the_last_row_keeps_the_data(corpus, tmp_path):
    """格式刷到第 1,048,576 行的表：副本去掉了只有格式的尾巴，数据和批注都在，号码已遮盖。"""
    import openpyxl

    target = tmp_path / "副本.xlsx"
    result = run("validate", corpus["formatted-to-last-row"].path, "--mark", target, cwd=tmp_path)
    assert result.code == 0, result.text
    ws = openpyxl.load_workbook(target, read_only=True)["党员名册"]
    rows = [r for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]
    assert len(rows) == 6 and rows[1][1] == "林海峰"
    assert all("*" in str(r[12]) and "****" in str(r[13]) for r in rows[1:])

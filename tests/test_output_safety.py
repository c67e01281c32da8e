"""输出不能毁掉输入，不写到管道、设备上，被打断时说的话与磁盘上的情形一致（issue 12 第 2、9 点，issue 11 的 SIGTERM）。

每个用例都由测试自己搭：硬链接、符号链接、FIFO、/dev/null、陈旧的临时文件、LANG=C 的子进程。
被中断用真的信号，但落在确定的时刻：子进程里给某个函数打补丁，让它在那一刻给自己发信号，不靠计时。
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from tests.workbooks import small_branch, write_workbook
from toolkit import files
from toolkit.cli.main import generate_report_main, main

ROOT = Path(__file__).resolve().parent.parent
OLD = b"PK old report that must survive"
posix_only = pytest.mark.skipif(os.name != "posix", reason="硬链接、FIFO、设备文件、信号：POSIX 上才有")


def run_cli(entry, args, capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        entry([str(a) for a in args])
    captured = capsys.readouterr()
    return done.value.code, captured.out, captured.err


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~") or p.suffix == ".tmp")


@pytest.fixture
def workbook(tmp_path):
    return write_workbook(tmp_path / "数据簿.xlsx", small_branch())


@pytest.fixture
def broken(tmp_path):
    data = small_branch()
    data["党员名册"][0]["性别"] = "?"
    return write_workbook(tmp_path / "有错.xlsx", data)


# ---------------------------------------------------------------- 输出就是输入


def test_report_onto_the_workbook_itself_is_refused_even_with_force(workbook, capsys):
    before = workbook.read_bytes()
    code, out, err = run_cli(generate_report_main, [workbook, "-o", workbook, "--force"], capsys)
    assert code == 2 and "就是要读取的那个文件" in err and "（-o）" in err and "加 --force 也不会" in err
    assert workbook.read_bytes() == before


@posix_only
@pytest.mark.parametrize("how", ["hard link", "symlink"])
def test_report_onto_a_link_of_the_workbook_is_refused(workbook, tmp_path, capsys, how):
    before = workbook.read_bytes()
    link = tmp_path / "链接.docx"
    os.link(workbook, link) if how == "hard link" else link.symlink_to(workbook)
    code, out, err = run_cli(generate_report_main, [workbook, "-o", link, "--force"], capsys)
    assert code == 2 and "就是要读取的那个文件" in err
    assert workbook.read_bytes() == before and link.read_bytes() == before
    assert leftovers(tmp_path) == []


@posix_only
def test_marked_copy_onto_a_hard_link_of_the_workbook_is_refused(broken, tmp_path, capsys):
    before = broken.read_bytes()
    link = tmp_path / "副本.xlsx"
    os.link(broken, link)
    code, out, err = run_cli(main, ["validate", broken, "--mark", link, "--force"], capsys)
    assert code == 2 and "就是要读取的那个文件" in err and "（--mark）" in err
    assert broken.read_bytes() == before


@posix_only
def test_pdf_onto_a_hard_link_of_the_workbook_is_refused_before_anything_is_written(workbook, tmp_path, capsys):
    before = workbook.read_bytes()
    os.link(workbook, tmp_path / "报告.pdf")
    code, out, err = run_cli(generate_report_main, [workbook, "-o", tmp_path / "报告.docx", "--pdf", "--force"], capsys)
    assert code == 2 and "（--pdf）" in err
    assert workbook.read_bytes() == before and not (tmp_path / "报告.docx").exists()


@posix_only
def test_roll_up_never_writes_over_a_branch_workbook(tmp_path, capsys):
    folder = tmp_path / "各支部"
    folder.mkdir()
    branch = write_workbook(folder / "一支部.xlsx", small_branch())
    before = branch.read_bytes()
    os.link(branch, tmp_path / "汇总表.xlsx")
    code, out, err = run_cli(main, ["rollup", folder, "-o", tmp_path, "--summary", tmp_path / "汇总表.xlsx", "--force", "-q"], capsys)
    assert code == 2 and "就是要读取的那个文件" in err and "（--summary）" in err
    assert branch.read_bytes() == before


# ---------------------------------------------------------------- 不是普通文件的目标


@posix_only
@pytest.mark.parametrize("force", [False, True])
def test_report_into_a_fifo_is_refused_whatever_force_says(workbook, tmp_path, capsys, force):
    fifo = tmp_path / "管道.docx"
    os.mkfifo(fifo)
    code, out, err = run_cli(generate_report_main, [workbook, "-o", fifo, *(["--force"] if force else [])], capsys)
    assert code == 2 and "命名管道（FIFO）" in err and "不是普通文件" in err
    assert fifo.is_fifo() and leftovers(tmp_path) == []


@posix_only
def test_report_onto_a_device_is_refused(workbook, capsys):
    code, out, err = run_cli(generate_report_main, [workbook, "-o", "/dev/null", "--force"], capsys)
    assert code == 2 and "字符设备" in err


@posix_only
@pytest.mark.parametrize("command", ["new-workbook", "mark"])
def test_other_outputs_refuse_a_fifo_too(broken, tmp_path, capsys, command):
    fifo = tmp_path / "管道.xlsx"
    os.mkfifo(fifo)
    args = ["new-workbook", fifo, "--force"] if command == "new-workbook" else ["validate", broken, "--mark", fifo, "--force"]
    code, out, err = run_cli(main, args, capsys)
    assert code == 2 and "命名管道（FIFO）" in err
    assert fifo.is_fifo()


def test_report_onto_a_folder_is_refused(workbook, tmp_path, capsys):
    folder = tmp_path / "报告.docx"
    folder.mkdir()
    code, out, err = run_cli(generate_report_main, [workbook, "-o", folder, "--force"], capsys)
    assert code == 2 and "是一个文件夹" in err and folder.is_dir()


@posix_only
def test_a_dangling_symlink_is_replaced_only_with_force(workbook, tmp_path, capsys):
    link = tmp_path / "报告.docx"
    nowhere = tmp_path / "不存在" / "别处.docx"
    link.symlink_to(nowhere)
    code, out, err = run_cli(generate_report_main, [workbook, "-o", link], capsys)
    assert code == 2 and "符号链接" in err and "指向的文件不存在" in err and "--force" in err
    assert link.is_symlink()
    code, out, err = run_cli(generate_report_main, [workbook, "-o", link, "--force"], capsys)
    assert code == 0 and not link.is_symlink() and docx.Document(str(link)).paragraphs
    assert not nowhere.exists()  # 换掉的是链接本身，不是照着链接写到别处


# ---------------------------------------------------------------- 消息说的是用户用的那个选项


def test_the_marked_copy_read_only_hint_talks_about_mark(broken, tmp_path, monkeypatch, capsys):
    def locked(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(files.os, "replace", locked)
    code, out, err = run_cli(main, ["validate", broken, "--mark", tmp_path / "副本.xlsx"], capsys)
    assert code == 2 and "（--mark）" in err and "（-o）" not in err
    assert leftovers(tmp_path) == []


# ---------------------------------------------------------------- kill -9 留下的临时文件


def test_stale_temporaries_of_our_own_are_swept_at_write_time(workbook, tmp_path, capsys):
    hour_and_more = time.time() - files.STALE_AFTER_SECONDS - 60
    stale = tmp_path / ".~toolkit-abcd1234.tmp"
    fresh = tmp_path / ".~toolkit-wxyz9876.tmp"  # 也许正有另一个进程在写
    not_ours = tmp_path / ".~toolkit-notes.txt"
    for path in (stale, fresh, not_ours):
        path.write_bytes(b"half")
    for path in (stale, not_ours):
        os.utime(path, (hour_and_more, hour_and_more))
    code, out, err = run_cli(generate_report_main, [workbook, "-o", tmp_path / "报告.docx"], capsys)
    assert code == 0
    assert not stale.exists() and fresh.exists() and not_ours.exists()


# ---------------------------------------------------------------- LANG=C


def _run_in_c_locale(args, cwd: Path, **extra) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0",
           "PYTHONPATH": str(ROOT), **extra}
    return subprocess.run([sys.executable, "-m", "toolkit", *args], cwd=cwd, env=env, capture_output=True, timeout=120)


@posix_only
def test_the_default_chinese_names_work_under_lang_c(tmp_path):
    write_workbook(tmp_path / "wb.xlsx", small_branch())
    done = _run_in_c_locale(["generate-report", "wb.xlsx"], tmp_path)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 0, err
    assert "内部错误" not in err and "Traceback" not in err
    written = [p for p in tmp_path.iterdir() if p.suffix == ".docx"]
    assert [p.name for p in written] == ["测试系党支部创先争优阶段性工作情况汇报.docx"]
    assert "已生成报告：测试系党支部创先争优阶段性工作情况汇报.docx" in done.stdout.decode("utf-8")
    done = _run_in_c_locale(["new-workbook"], tmp_path)
    assert done.returncode == 0 and (tmp_path / "支部工作数据簿.xlsx").is_file(), done.stderr.decode("utf-8")


@posix_only
@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_json_on_a_stdout_that_cannot_say_chinese_is_still_utf8(tmp_path, encoding):
    write_workbook(tmp_path / "wb.xlsx", small_branch())
    done = _run_in_c_locale(["validate", "wb.xlsx", "--format", "json"], tmp_path, PYTHONIOENCODING=encoding)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout.decode("utf-8"))
    assert payload["summary"].startswith("检查完成") and "?" not in payload["summary"]


# ---------------------------------------------------------------- 被中断：信号落在确定的时刻

# 子进程：给 WHERE 所说的函数打补丁，让它在那一刻给自己发 SIGNUM，然后照常运行 generate-report
_KILL_AT = r"""
import os, signal, sys
where, signum = sys.argv.pop(1), int(sys.argv.pop(1))
import toolkit.files, toolkit.workbook.identify, toolkit.report.docx, toolkit.api

def kill():
    signal.raise_signal(signum)

def before(module, name):
    real = getattr(module, name)
    def patched(*args, **kwargs):
        kill()
        return real(*args, **kwargs)
    setattr(module, name, patched)

def after(module, name):
    real = getattr(module, name)
    def patched(*args, **kwargs):
        result = real(*args, **kwargs)
        kill()
        return result
    setattr(module, name, patched)

{
    "reading": lambda: before(toolkit.workbook.identify, "read_input"),
    "building": lambda: after(toolkit.report.docx, "write_docx"),
    "writing": lambda: after(os, "fsync"),
    "replacing": lambda: before(os, "replace"),
    "replaced": lambda: after(os, "replace"),
    "reporting": lambda: before(toolkit.api.GeneratedReport, "text"),
}[where]()
from toolkit.cli.entry import generate_report
generate_report()
"""

NOTHING_WRITTEN = ("reading", "building", "writing")
WRITTEN = ("replacing", "replaced", "reporting")


def _kill_at(where: str, signum: int, workbook: Path, target: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-c", _KILL_AT, where, str(int(signum)), str(workbook), "-o", str(target), "--force"],
        capture_output=True, env=env, timeout=120,
    )


@pytest.fixture(scope="module")
def complete_report(tmp_path_factory):
    """同一本工作簿完整的报告（同样的输入给出一模一样的字节）。"""
    folder = tmp_path_factory.mktemp("whole")
    workbook = write_workbook(folder / "数据簿.xlsx", small_branch())
    target = folder / "报告.docx"
    from toolkit import api

    api.generate_report(workbook, target)
    return workbook, target.read_bytes()


@posix_only
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("where", NOTHING_WRITTEN + WRITTEN)
def test_killed_at_a_known_moment_says_what_is_on_disk(complete_report, tmp_path, where, signum):
    workbook, complete = complete_report
    target = tmp_path / "报告.docx"
    target.write_bytes(OLD)
    done = _kill_at(where, signum, workbook, target)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 130, err
    assert "Traceback" not in err and "[已中断]" in err
    assert leftovers(tmp_path) == []
    if where in NOTHING_WRITTEN:
        assert target.read_bytes() == OLD
        assert "原有的文件没有改动" in err
    else:  # 换名已经完成：文件是完整的新报告，消息也这样说
        assert target.read_bytes() == complete
        assert "已经完整写好" in err and str(target) in err and "原有的文件没有改动" not in err


def test_an_interrupt_inside_the_held_section_waits_for_its_end():
    caught = []
    old = signal.signal(signal.SIGTERM, lambda *_: caught.append("handled"))
    try:
        with files.interrupts_held():
            signal.raise_signal(signal.SIGTERM)
            caught.append("finished the section")
        assert caught == ["finished the section", "handled"]
    finally:
        signal.signal(signal.SIGTERM, old)


# ---------------------------------------------------------------- 扩展名：Windows 按它决定用什么程序打开


@pytest.mark.parametrize(
    "name, said, example",
    [
        ("报告.txt", "扩展名是 .txt", "“报告.docx”"),
        ("报告", "没有 .docx 扩展名", "“报告.docx”"),
        ("2011.12阶段汇报", "没有 .docx 扩展名", "“2011.12阶段汇报.docx”"),  # 名字里的点不是扩展名，不换掉
        ("报告.xlsx", "扩展名是 .xlsx", "“报告.docx”"),
    ],
)
def test_a_report_named_without_docx_is_refused_with_the_right_name(workbook, tmp_path, capsys, name, said, example):
    code, out, err = run_cli(generate_report_main, [workbook, "-o", tmp_path / name], capsys)
    assert code == 2 and said in err and f"例如{example}（-o）" in err and "Word" in err
    assert not (tmp_path / name).exists() and leftovers(tmp_path) == []


def test_a_report_named_in_capitals_is_written(workbook, tmp_path, capsys):
    code, out, err = run_cli(generate_report_main, [workbook, "-o", tmp_path / "报告.DOCX"], capsys)
    assert code == 0, err
    assert docx.Document(str(tmp_path / "报告.DOCX")).paragraphs


@pytest.mark.parametrize(
    "args, option",
    [
        (["validate", "{broken}", "--mark", "{dir}/标注.xlsm"], "（--mark）"),  # 副本不带宏：叫 .xlsm 时 Excel 说格式不对
        (["new-workbook", "{dir}/空白.xls"], "例如“空白.xlsx”。"),
        (["rollup", "{dir}/支部", "-o", "{dir}", "--summary", "{dir}/汇总.docx"], "（--summary）"),
        (["rollup", "{dir}/支部", "-o", "{dir}", "--report", "{dir}/汇总报告.xlsx"], "（--report）"),
    ],
)
def test_other_outputs_want_their_own_extension(broken, workbook, tmp_path, capsys, args, option):
    (tmp_path / "支部").mkdir()
    write_workbook(tmp_path / "支部" / "一.xlsx", small_branch())
    before = set(tmp_path.iterdir())
    code, out, err = run_cli(main, [a.format(broken=broken, dir=tmp_path) for a in args], capsys)
    assert code == 2 and "文件名要以" in err and option in err, err
    assert set(tmp_path.iterdir()) == before

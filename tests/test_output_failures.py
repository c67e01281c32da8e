"""写不出去的时候：原来的文件完好，不留半个文件，消息说清发生了什么。

磁盘满、文件被 Word 占用用打补丁模拟（真实的小 tmpfs 要挂载权限）；
被中断（真的信号，落在确定的时刻）见 tests/test_output_safety.py。
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import docx
import pytest

from tests.workbooks import small_branch, write_workbook
from toolkit import api, files as output
from toolkit.cli.main import generate_report_main, main

OLD = b"PK old report that must survive"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~") or p.suffix == ".tmp")


def run_cli(entry, args, capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        entry([str(a) for a in args])
    captured = capsys.readouterr()
    return done.value.code, captured.out, captured.err


@pytest.fixture
def workbook(tmp_path):
    return write_workbook(tmp_path / "数据簿.xlsx", small_branch())


@pytest.fixture
def old_report(tmp_path):
    target = tmp_path / "报告.docx"
    target.write_bytes(OLD)
    return target


def test_disk_full_keeps_the_old_report(workbook, old_report, monkeypatch, capsys):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    code, out, err = run_cli(generate_report_main, [workbook, "-o", old_report, "--force"], capsys)
    assert code == 2
    assert "磁盘空间不足" in err and "原来的文件没有变动" in err
    assert old_report.read_bytes() == OLD
    assert leftovers(old_report.parent) == []


def test_report_open_in_word_keeps_the_old_report(workbook, old_report, monkeypatch, capsys):
    def locked(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(output.os, "replace", locked)
    code, out, err = run_cli(generate_report_main, [workbook, "-o", old_report, "--force"], capsys)
    assert code == 2
    assert "Word/WPS" in err and "关闭" in err
    assert old_report.read_bytes() == OLD
    assert leftovers(old_report.parent) == []


def test_not_writable_folder(workbook, tmp_path, monkeypatch, capsys):
    real_access = os.access
    monkeypatch.setattr(output.os, "access", lambda path, mode: False if mode & os.W_OK else real_access(path, mode))
    target = tmp_path / "报告.docx"
    code, out, err = run_cli(generate_report_main, [workbook, "-o", target], capsys)
    assert code == 2 and "权限" in err
    assert not target.exists() and leftovers(tmp_path) == []


def test_marked_copy_failure_leaves_nothing(workbook, tmp_path, monkeypatch, capsys):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    data = small_branch()
    data["党员名册"][0]["性别"] = "?"
    broken = write_workbook(tmp_path / "坏.xlsx", data)
    before = broken.read_bytes()
    code, out, err = run_cli(main, ["validate", broken, "--mark", tmp_path / "副本.xlsx"], capsys)
    assert code == 2 and "磁盘空间不足" in err
    assert broken.read_bytes() == before
    assert not (tmp_path / "副本.xlsx").exists() and leftovers(tmp_path) == []


def test_new_workbook_into_a_folder_that_is_a_file(tmp_path, capsys):
    blocker = tmp_path / "不是文件夹"
    blocker.write_text("x")
    code, out, err = run_cli(main, ["new-workbook", blocker / "支部工作数据簿.xlsx"], capsys)
    assert code == 2 and "不存在" in err


def test_paths_with_chinese_characters_and_spaces(workbook, tmp_path):
    folder = tmp_path / "2011年 工作 资料"
    folder.mkdir()
    target = folder / "报告 （定稿）.docx"
    result = api.generate_report(workbook, target)
    assert result.path == target and docx.Document(str(target)).paragraphs

"""本机缓存（toolkit/report/cache.py）：编译好的措辞模板和 .docx 的骨架。有没有缓存、缓存坏了、写不进去，
报告都一字不差；缓存里没有工作簿的数据。"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "商贸系党支部工作数据簿.xlsx"


def generate(target: Path, **env_extra) -> bytes:
    env = {k: v for k, v in os.environ.items() if k not in ("TOOLKIT_NO_CACHE", "XDG_CACHE_HOME")}
    env.update(PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8", **env_extra)
    code = "from toolkit.cli.entry import generate_report; generate_report()"
    done = subprocess.run([sys.executable, "-c", code, str(SAMPLE), "-o", str(target), "--force"],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=180)
    assert done.returncode == 0 and "Traceback" not in done.stdout + done.stderr, done.stderr
    return target.read_bytes()


@pytest.fixture(scope="module")
def uncached(tmp_path_factory) -> bytes:
    return generate(tmp_path_factory.mktemp("none") / "r.docx", TOOLKIT_NO_CACHE="1")


def cache_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_the_first_and_the_later_runs_write_the_same_bytes_as_without_a_cache(tmp_path, uncached):
    first = generate(tmp_path / "1.docx", XDG_CACHE_HOME=str(tmp_path / "cache"))
    kinds = sorted(p.parent.name.split("-")[0] for p in cache_files(tmp_path / "cache"))
    assert "docx" in kinds and "templates" in kinds
    assert first == uncached
    assert generate(tmp_path / "2.docx", XDG_CACHE_HOME=str(tmp_path / "cache")) == uncached


def test_a_broken_cache_is_ignored_and_rebuilt(tmp_path, uncached):
    cache = tmp_path / "cache"
    generate(tmp_path / "1.docx", XDG_CACHE_HOME=str(cache))
    for path in cache_files(cache):
        path.write_bytes(b"PK\x03\x04 not what was written" + path.read_bytes()[:50])
    assert generate(tmp_path / "2.docx", XDG_CACHE_HOME=str(cache)) == uncached
    assert generate(tmp_path / "3.docx", XDG_CACHE_HOME=str(cache)) == uncached


def test_a_cache_that_cannot_be_made_is_not_a_problem(tmp_path, uncached):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert generate(tmp_path / "1.docx", XDG_CACHE_HOME=str(blocker)) == uncached


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="文件夹的权限只在 POSIX 上查")
def test_a_folder_others_can_write_is_not_used(tmp_path, uncached):
    cache = tmp_path / "cache"
    (cache / "toolkit").mkdir(parents=True)
    os.chmod(cache / "toolkit", 0o777)
    assert generate(tmp_path / "1.docx", XDG_CACHE_HOME=str(cache)) == uncached
    assert cache_files(cache) == []


def test_the_cache_holds_nothing_from_the_workbook(tmp_path):
    cache = tmp_path / "cache"
    generate(tmp_path / "1.docx", XDG_CACHE_HOME=str(cache))
    assert cache_files(cache)
    for path in cache_files(cache):
        data = path.read_bytes()
        assert "经济法基础".encode("utf-8") not in data and "商贸系党支部".encode("utf-8") not in data, path
        assert oct(path.stat().st_mode & 0o077) == "0o0", path


def test_a_users_own_template_folder_is_not_kept_in_the_cache(tmp_path, uncached):
    """--template 的模板是用户写的字：编译好的代码不进缓存（网页每次上传一个新文件夹，缓存也就不会越积越多）。"""
    import shutil

    own = tmp_path / "我的模板"
    shutil.copytree(ROOT / "templates" / "report", own)
    wording = own / "wording.j2"
    wording.write_text(wording.read_text(encoding="utf-8") + "\n{# 本支部自己的备注：张三 13812345678 #}\n", encoding="utf-8")
    cache = tmp_path / "cache"
    generate(tmp_path / "1.docx", XDG_CACHE_HOME=str(cache))
    before = cache_files(cache)
    env = {k: v for k, v in os.environ.items() if k != "TOOLKIT_NO_CACHE"}
    env.update(PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8", XDG_CACHE_HOME=str(cache))
    code = "from toolkit.cli.entry import generate_report; generate_report()"
    done = subprocess.run([sys.executable, "-c", code, str(SAMPLE), "-o", str(tmp_path / "2.docx"), "--template", str(own)],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    assert cache_files(cache) == before  # 同一批文件，没有新的
    assert (tmp_path / "2.docx").read_bytes() == uncached  # 注释不进报告：用的确实是这份模板，报告照旧


def test_old_cache_folders_are_removed_when_a_new_one_is_made(tmp_path, monkeypatch):
    """升级一次，缓存里多一个子文件夹；同一种最多留 KEEP 个旧的，别的种类、别的名字不动。"""
    from toolkit.report import cache

    monkeypatch.delenv(cache.DISABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    base = tmp_path / cache.APP
    made = []
    for version in range(cache.KEEP + 3):
        made.append(cache.folder("docx", f"版本 {version}"))
        os.utime(made[-1], (1_000_000 + version, 1_000_000 + version))
    other = cache.folder("templates", "x")
    (base / "我自己放的").mkdir()
    left = sorted(p.name for p in base.iterdir())
    assert left == sorted([p.name for p in made[-(cache.KEEP + 1):]] + [other.name, "我自己放的"])
    again = cache.folder("docx", f"版本 {cache.KEEP + 2}")  # 已有的文件夹再用：什么都不删
    assert again == made[-1] and sorted(p.name for p in base.iterdir()) == left

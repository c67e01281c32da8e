"""资源上限（SECURITY.md 的表）：共享字符串的条数和合计字数、标注副本的工作表数、共享字符串数和 XML 大小。
超过时早早拒绝，说出是哪一个上限；上限以内照常。上限在测试里调小，文件才小、测试才快；
另有一个真实大小的：15,000 张表的工作簿照常检查，--mark 说清为什么不做副本。"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile_corpus import good, many_sheets, patch
from toolkit import api
from toolkit.api import UnreadableWorkbook
from toolkit.checks import marking
from toolkit.workbook import package


def with_strings(path: Path, count: int, text: str = "") -> Path:
    """在共享字符串末尾加 count 条互不相同的文字（每条是序号加上 text）。"""
    good(path)

    def change(xml: bytes) -> bytes:
        head, _, _ = xml.rpartition(b"</sst>")
        return head + b"".join(f"<si><t>{i}{text}</t></si>".encode() for i in range(count)) + b"</sst>"

    patch(path, {"xl/sharedStrings.xml": change})
    return path


def base_strings(tmp_path: Path) -> tuple[int, int]:
    """good() 这本书自己的共享字符串：条数、合计字数。"""
    book = package.open_workbook(good(tmp_path / "底.xlsx"))
    return len(book.shared_strings), sum(map(len, book.shared_strings))


# ---------------------------------------------------------------- 读取：共享字符串


def test_too_many_shared_strings_is_refused_naming_the_limit(tmp_path, monkeypatch):
    own, _ = base_strings(tmp_path)
    monkeypatch.setattr(package, "MAX_SHARED_STRINGS", own + 5_000)
    path = with_strings(tmp_path / "多.xlsx", 20_000)
    with pytest.raises(UnreadableWorkbook) as caught:
        api.validate(path)
    assert caught.value.kind == "too_large"
    assert f"超过 {own + 5_000:,} 条" in caught.value.message and "共享字符串" in caught.value.message


def test_shared_strings_at_the_limit_are_read(tmp_path, monkeypatch):
    own, _ = base_strings(tmp_path)
    monkeypatch.setattr(package, "MAX_SHARED_STRINGS", own + 5_000)
    checked = api.validate(with_strings(tmp_path / "正好.xlsx", 5_000)).checked
    assert checked.errors == [] and len(checked.branch.members) == 5


def test_too_much_text_is_refused_naming_the_limit(tmp_path, monkeypatch):
    _, chars = base_strings(tmp_path)
    monkeypatch.setattr(package, "MAX_SHARED_TEXT", chars + 10_000)
    path = with_strings(tmp_path / "长.xlsx", 200, "很长的一段文字" * 20)  # 约 28,000 字
    with pytest.raises(UnreadableWorkbook) as caught:
        api.validate(path)
    assert f"合计超过 {chars + 10_000:,} 个字" in caught.value.message


def test_text_under_the_limit_is_read(tmp_path, monkeypatch):
    _, chars = base_strings(tmp_path)
    monkeypatch.setattr(package, "MAX_SHARED_TEXT", chars + 10_000)
    checked = api.validate(with_strings(tmp_path / "不长.xlsx", 50, "很长的一段文字" * 20)).checked  # 约 7,000 字
    assert checked.errors == []


def test_default_limits_leave_room_for_a_committee_workbook():
    """15 万党员的党委工作簿：身份证号、电话各 15 万条，姓名、备注再几万条，合计几百万字。"""
    assert package.MAX_SHARED_STRINGS >= 400_000 and package.MAX_SHARED_TEXT >= 10_000_000


# ---------------------------------------------------------------- 标注副本


def marked(path: Path, tmp_path: Path):
    target = tmp_path / "标注副本.xlsx"
    result = api.validate(path, mark=target)
    return result, target


def test_mark_refuses_too_many_sheets_but_the_check_still_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(marking, "MAX_MARK_SHEETS", 10)
    path = tmp_path / "很多表.xlsx"
    many_sheets(path, 12)
    result, target = marked(path, tmp_path)
    assert not target.exists()
    assert "18 张工作表" in result.mark_problem and "最多 10 张" in result.mark_problem
    assert result.checked.errors == [] and len(result.checked.branch.members) == 5


def test_mark_at_the_sheet_limit_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr(marking, "MAX_MARK_SHEETS", 18)
    path = tmp_path / "正好.xlsx"
    many_sheets(path, 12)
    result, target = marked(path, tmp_path)
    assert result.mark_problem is None and target.exists()


def test_mark_refuses_too_many_shared_strings(tmp_path, monkeypatch):
    monkeypatch.setattr(marking, "MAX_MARK_STRINGS", 1_000)
    result, target = marked(with_strings(tmp_path / "多.xlsx", 3_000), tmp_path)
    assert not target.exists() and "超过 1,000 条" in result.mark_problem


def test_mark_refuses_too_much_xml(tmp_path, monkeypatch):
    monkeypatch.setattr(marking, "MAX_MARK_XML", 64 * 1024)
    result, target = marked(with_strings(tmp_path / "大.xlsx", 300, "很长的一段文字" * 20), tmp_path)
    assert not target.exists() and "MB" in result.mark_problem and "--mark" in result.mark_problem


def test_fifteen_thousand_sheets_are_checked_and_named_once(tmp_path):
    """真实大小：15,000 张表（约 4 MB）。检查照常、多出的表合成一条提醒；--mark 立刻说明不做副本。"""
    path = tmp_path / "一万五千张表.xlsx"
    many_sheets(path, 15_000)
    result, target = marked(path, tmp_path)
    extra = [f for f in result.checked.findings if f.code == "sheet.extra"]
    assert len(extra) == 1 and "等 15,000 张工作表" in extra[0].problem and "“备用0”" in extra[0].problem
    assert result.checked.errors == []
    assert not target.exists() and f"最多 {marking.MAX_MARK_SHEETS} 张" in result.mark_problem


def test_a_few_extra_sheets_are_named_one_by_one(tmp_path):
    path = tmp_path / "几张表.xlsx"
    many_sheets(path, 3)
    extra = [f for f in api.validate(path).checked.findings if f.code == "sheet.extra"]
    assert sorted(f.sheet for f in extra) == ["备用0", "备用1", "备用2"]


def test_every_limit_in_security_md_is_a_real_constant():
    """SECURITY.md 表里写的每一个上限都是代码里真有的常量，数值也对得上（改了上限就得改说明）。"""
    import importlib
    import re

    root = Path(__file__).resolve().parent.parent
    rows = [line for line in (root / "SECURITY.md").read_text(encoding="utf-8").splitlines() if line.startswith("| ") and ".py" in line]
    assert len(rows) >= 15
    named = set()
    for line in rows:
        value, where = line.split(" | ")[1], line.split(" | ")[2]
        files = re.findall(r"`(?:toolkit/)?([\w/]*?(\w+)\.py)`", where)
        constants = re.findall(r"`([A-Z][A-Z0-9_]+)`", where)
        assert files and constants, line
        candidates = [p for p in (root / "toolkit").rglob(f"{files[0][1]}.py")]
        modules = [importlib.import_module(".".join(p.relative_to(root).with_suffix("").parts)) for p in candidates]
        for constant in constants:
            owner = next((m for m in modules if hasattr(m, constant)), None)
            assert owner is not None, f"{constant} 不在 {files[0][0]} 里"
            number = getattr(owner, constant)
            if isinstance(number, int) and f"{number:,}" in value.replace("，", ","):
                named.add(constant)
    assert {"MAX_SHARED_STRINGS", "MAX_SHARED_TEXT", "MAX_MARK_SHEETS", "MAX_MARK_STRINGS", "MAX_MARK_CELLS"} <= named

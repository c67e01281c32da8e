"""读不了的输入，说的是它真正是什么：管道、设备不是“0 字节”的文件；共享字符串里层层嵌套不是“16,384 列”；
Excel 不允许的工作表名说出名字哪里不对，而不是“（ValueError）”。文件都由测试现场造出来。"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.hostile_corpus import good, read_parts, sheet_part, write_parts
from toolkit import api
from toolkit.api import UnreadableWorkbook
from toolkit.workbook import parts as parts_module

LATIN_ERROR = re.compile(r"[A-Z][a-z]+Error|Exception|Traceback")


def unreadable(path) -> UnreadableWorkbook:
    with pytest.raises(UnreadableWorkbook) as caught:
        api.validate(path)
    assert not LATIN_ERROR.search(caught.value.message), caught.value.message
    return caught.value


# ---------------------------------------------------------------- 管道和设备


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="这个系统没有命名管道")
def test_a_fifo_is_called_a_pipe_and_never_opened(tmp_path):
    fifo = tmp_path / "数据簿.xlsx"
    os.mkfifo(fifo)
    error = unreadable(fifo)  # 打开管道会一直等着写的一方：能返回就说明没有打开
    assert "管道" in error.message and "数据簿.xlsx" in error.message
    assert "0 字节" not in error.message and "空的" not in error.message


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_device_is_called_a_device(device):
    if not Path(device).exists():
        pytest.skip(f"没有 {device}")
    error = unreadable(device)
    assert "设备" in error.message and "0 字节" not in error.message


def test_an_empty_file_is_still_called_empty(tmp_path):
    empty = tmp_path / "空.xlsx"
    empty.write_bytes(b"")
    assert "0 字节" in unreadable(empty).message


# ---------------------------------------------------------------- 嵌套太深、标签太密的文字


def with_shared_string(path: Path, inner: bytes) -> Path:
    """在最后一个共享字符串里加进 inner。"""
    good(path)
    parts = read_parts(path)
    head, _, tail = parts["xl/sharedStrings.xml"].rpartition(b"<si>")
    parts["xl/sharedStrings.xml"] = head + b"<si>" + inner + tail
    write_parts(path, parts)
    return path


@pytest.mark.parametrize("depth", [300, 20_000])
def test_deep_nesting_in_shared_strings_is_not_called_too_many_columns(tmp_path, depth):
    path = with_shared_string(tmp_path / "嵌套.xlsx", b"<r>" * depth + b"<t>x</t>" + b"</r>" * depth)
    message = unreadable(path).message
    assert "共享字符串" in message and "嵌套" in message
    assert "16,384" not in message and "列" not in message.split("。")[0]


def test_a_shared_string_in_too_many_pieces_is_not_called_too_many_columns(tmp_path, monkeypatch):
    monkeypatch.setattr(parts_module, "MAX_TAGS_AT_ONCE", 2_000)  # 真的上限是 40 万个标签：这里造 3,000 个标签
    path = with_shared_string(tmp_path / "碎片.xlsx", b"<r><t>x</t></r>" * 1_000)
    message = unreadable(path).message
    assert "共享字符串" in message and "片段" in message and "16,384" not in message


def test_too_many_cells_in_one_row_is_still_called_too_wide(tmp_path, monkeypatch):
    monkeypatch.setattr(parts_module, "MAX_TAGS_AT_ONCE", 2_000)
    path = good(tmp_path / "宽.xlsx")
    parts = read_parts(path)
    name = sheet_part(parts, "党员名册")
    head, _, tail = parts[name].rpartition(b"</row>")  # 最后一行多出 1,500 格
    parts[name] = head + b"<c><v>1</v></c>" * 1_500 + b"</row>" + tail
    write_parts(path, parts)
    message = unreadable(path).message
    assert "16,384 列" in message and "党员名册" in message


def test_deep_nesting_in_a_sheet_names_the_sheet(tmp_path):
    path = good(tmp_path / "表里嵌套.xlsx", shared=False)
    parts = read_parts(path)
    name = sheet_part(parts, "党员名册")
    deep = b'<c r="Z2" t="inlineStr"><is>' + b"<r>" * 400 + b"<t>x</t>" + b"</r>" * 400 + b"</is></c>"
    parts[name] = parts[name].replace(b"</row>", deep + b"</row>", 1)
    write_parts(path, parts)
    message = unreadable(path).message
    assert "党员名册" in message and "嵌套" in message and "16,384" not in message


# ---------------------------------------------------------------- Excel 不允许的工作表名


def renamed_sheet(path: Path, old: str, new: str) -> Path:
    """把工作表改成 Excel 不允许的名字（openpyxl 不让这样写，直接改 workbook.xml）。"""
    parts = read_parts(path)
    escaped = new.replace("&", "&amp;").replace("'", "&apos;").encode()
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(f'name="{old}"'.encode(), b'name="' + escaped + b'"', 1)
    write_parts(path, parts)
    return path


@pytest.mark.parametrize(
    "bad, words",
    [
        ("备份/2010", ("工作表名“备份/2010”里有“/”",)),
        ("名册[旧]", ("工作表名“名册[旧]”里有“[”“]”",)),
        ("问题:待查", ("里有“:”",)),
    ],
)
def test_a_sheet_name_excel_does_not_allow_is_named_when_marking(tmp_path, bad, words):
    path = good(tmp_path / "表名.xlsx")
    with_extra = read_parts(path)
    assert any(n.startswith("xl/worksheets/") for n in with_extra)
    renamed_sheet(path, "报告正文", bad)
    result = api.validate(path, mark=tmp_path / "标注.xlsx")
    assert result.mark_problem, "这种表名 openpyxl 打不开：应当说明没有写成标注副本"
    for word in words:
        assert word in result.mark_problem
    assert "ValueError" not in result.mark_problem and "（" + "ValueError" not in result.mark_problem
    assert "重命名" in result.mark_problem
    assert not (tmp_path / "标注.xlsx").exists()
    # 检查本身照常：这张表的名字不标准，说一次
    assert any(f.code in ("sheet.extra", "sheet.missing") for f in result.checked.findings)


def test_names_excel_allows_are_not_faulted():
    from toolkit.workbook.messages import sheet_name_problem

    for name in ("党员名册", "报告正文 ", "2010年(上)", "A&B", "x" * 31):
        assert sheet_name_problem(name) is None, name
    assert "32 个字" in sheet_name_problem("x" * 32)
    assert "空的" in sheet_name_problem(" ")
    assert "单引号" in sheet_name_problem("'名册")

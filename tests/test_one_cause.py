"""一个根因一条发现、合并的发现读得懂、改法不叫人改对的值（issue 11.1、11.4、11.5 和几处措辞）。

工作簿都由测试自己写（tests/workbooks.py），经 api.validate 读回发现，按格数发现的条数。
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.workbooks import small_branch, write_workbook
from toolkit import api
from toolkit.checks.render import render_text, summary_line
from toolkit.findings import Finding
from toolkit.workbook.messages import file_error

D = dt.date
MEETINGS = "meetings."  # 小支部的活动不够“三会一课”：这几条提醒与这里测的无关


def findings_of(tmp_path: Path, data: dict, name: str = "wb") -> list[Finding]:
    path = write_workbook(tmp_path / f"{name}.xlsx", data)
    return [f for f in api.validate(path).findings if not f.code.startswith(MEETINGS)]


def per_cell(findings: list[Finding]) -> Counter:
    return Counter((f.sheet, f.cell) for f in findings if f.cell)


def no_advice_to_change(findings: list[Finding], sheet: str, cell: str) -> None:
    """没有一条发现叫人改这一格（这一格的值是对的）。"""
    bad = [f for f in findings if f.sheet == sheet and f.cell == cell]
    assert not bad, [f.problem + f.fix for f in bad]


# ---------------------------------------------------------------- 措辞


def test_summary_does_not_say_zero_errors():
    warning = Finding("cell.normalised", "已按“汉族”处理。", sheet="党员名册", row=2, column="D", header="民族")
    assert summary_line([warning, warning]) == "检查完成：共 2 个提醒，涉及 1 个工作表。"
    error = Finding("cell.required", "空的。", sheet="党员名册", row=2, column="B", header="姓名")
    assert summary_line([error]) == "检查完成：共 1 个错误，涉及 1 个工作表。"
    assert "0 个" not in render_text([warning], ["党员名册"])


@pytest.mark.parametrize("fix", ["如无不妥，可以不处理；也可以改为全称", "若确是报告期外的活动，可不修改", "不需要处理"])
def test_merged_fix_that_is_a_condition_is_not_prefixed_with_row_by_row(fix):
    rows = [Finding("cell.normalised", "已按“汉族”处理。", sheet="党员名册", row=r, column="D", header="民族", found="汉", fix=fix)
            for r in (2, 3, 4, 5)]
    text = render_text(rows, ["党员名册"])
    assert "共 4 行" in text and "逐行如" not in text and "逐行若" not in text and "逐行不" not in text
    assert f"修改方法：{fix}" in text


def test_merged_fix_that_is_an_action_says_row_by_row():
    rows = [Finding("cell.required", "空的。", sheet="党员名册", row=r, column="C", header="性别", fix="填写性别") for r in (2, 3, 4)]
    assert "修改方法：逐行填写性别。" in render_text(rows, ["党员名册"])


def test_three_placeholders_in_one_cell_are_not_three_rows(tmp_path):
    data = small_branch()
    data["报告正文"][2]["文本"] = "{甲数}、{乙数}和{丙数}。"
    found = [f for f in findings_of(tmp_path, data) if f.code == "text.placeholder_unknown"]
    assert len(found) == 3 and len({f.cell for f in found}) == 1
    text = render_text(found, ["报告正文"])
    assert "共 3 行" not in text and "行，共" not in text
    for token in ("{甲数}", "{乙数}", "{丙数}"):
        assert token in text


def test_blank_template_names_each_empty_info_field(tmp_path):
    path = tmp_path / "空白.xlsx"
    api.new_workbook(path)
    result = api.validate(path)
    info = [f for f in result.findings if f.sheet == "支部信息" and f.code == "cell.required"]
    assert len(info) == 5 and len({f.header for f in info}) == 5
    text = result.text()
    assert "逐行填写" not in text and "共 5 行" not in text
    for f in info:
        assert f"B列「{f.header}」" in text and f"修改方法：在 {f.cell} 填写{f.header}。" in text


def test_encrypted_file_message_has_no_stray_space():
    message = str(file_error("encrypted"))
    assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", message), message

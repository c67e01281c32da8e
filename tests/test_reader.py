"""读取：用户真实交来的工作簿（换了列序、多了列、标题行、合计行……）照样读对；
读不对的地方，一个根因一条消息，指到单元格。"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from tests.workbooks import headers_for, small_branch, write_workbook
from toolkit import api

D = dt.date


def codes(checked):
    return [f.code for f in checked.findings]


def only(checked, code):
    found = [f for f in checked.findings if f.code == code]
    assert len(found) == 1, (code, [(f.code, f.problem) for f in checked.findings])
    return found[0]


def test_small_branch_is_clean(tmp_path):
    checked = api.validate(write_workbook(tmp_path / "ok.xlsx", small_branch())).checked
    assert checked.errors == [], [(f.code, f.cell, f.problem) for f in checked.errors]
    assert checked.branch is not None
    assert [m.name for m in checked.branch.members][:2] == ["林海峰", "周雨桐"]
    assert checked.branch.info.period_end == D(2011, 1, 7)


def test_columns_in_another_order_with_messy_headers(tmp_path):
    headers = headers_for("党员名册")
    messy = [h if h != "出生日期" else " 出生\n日期 " for h in headers]
    messy = [h if h != "姓名" else "姓　名" for h in messy]
    messy = list(reversed(messy))
    data = small_branch()
    rows = []
    for row in data["党员名册"]:
        renamed = {(" 出生\n日期 " if k == "出生日期" else "姓　名" if k == "姓名" else k): v for k, v in row.items()}
        rows.append(renamed)
    data["党员名册"] = rows
    checked = api.validate(write_workbook(tmp_path / "messy.xlsx", data, headers={"党员名册": messy})).checked
    assert checked.errors == []
    assert checked.branch.members[0].name == "林海峰"
    assert checked.branch.members[0].birth == D(1968, 3, 2)


def test_title_rows_blank_rows_totals_and_data_from_column_b(tmp_path):
    path = write_workbook(tmp_path / "offset.xlsx", small_branch(), start_row=3, start_col=2)
    wb = openpyxl.load_workbook(path)
    ws = wb["党员名册"]
    ws["B1"] = "商贸系党支部党员名册"
    ws.merge_cells("B1:H1")
    ws.insert_rows(6)  # 数据中间一个空行
    ws.cell(6, 3, "   ")  # 只有空格
    last = ws.max_row
    ws.cell(last + 1, 2, "合计")
    ws.cell(last + 1, 3, "5人")
    ws.cell(last + 3, 2, "填表人：周雨桐")
    wb.save(path)
    checked = api.validate(path).checked
    assert checked.errors == [], [(f.code, f.cell, f.problem) for f in checked.errors]
    assert len(checked.branch.members) == 5
    assert checked.branch.members[0].source.row == 4
    assert checked.branch.members[0].source.letter("姓名") == "C"


def test_sheet_name_with_trailing_space_and_extra_sheets(tmp_path):
    path = write_workbook(tmp_path / "names.xlsx", small_branch())
    wb = openpyxl.load_workbook(path)
    wb["党员名册"].title = "党员名册 "
    wb.create_sheet("统计图")["A1"] = "随便写的"
    wb.save(path)
    checked = api.validate(path).checked
    assert checked.errors == []
    assert len(checked.branch.members) == 5
    extra = only(checked, "sheet.extra")
    assert "统计图" in extra.problem and not extra.is_error
    assert checked.branch.members[0].source.sheet == "党员名册 "


def test_extra_column_is_named_once(tmp_path):
    headers = headers_for("党员名册") + ["籍贯"]
    data = small_branch()
    for row in data["党员名册"]:
        row["籍贯"] = "浙江"
    checked = api.validate(write_workbook(tmp_path / "extra.xlsx", data, headers={"党员名册": headers})).checked
    extra = only(checked, "column.extra")
    assert "籍贯" in extra.problem
    assert checked.errors == []


def test_missing_required_column_is_one_error_not_one_per_row(tmp_path):
    headers = [h for h in headers_for("党员名册") if h != "性别"]
    checked = api.validate(write_workbook(tmp_path / "nosex.xlsx", small_branch(), headers={"党员名册": headers})).checked
    missing = only(checked, "column.missing")
    assert missing.is_error and missing.sheet == "党员名册" and "性别" in missing.problem
    assert "cell.required" not in codes(checked)


def test_missing_sheet(tmp_path):
    data = small_branch()
    del data["报告正文"]
    checked = api.validate(write_workbook(tmp_path / "nosheet.xlsx", data)).checked
    finding = only(checked, "sheet.missing")
    assert "报告正文" in finding.problem
    assert checked.branch is None


def test_duplicate_header(tmp_path):
    headers = headers_for("党员名册") + ["姓名"]
    checked = api.validate(write_workbook(tmp_path / "dup.xlsx", small_branch(), headers={"党员名册": headers})).checked
    finding = only(checked, "column.duplicate")
    assert finding.is_error and "姓名" in finding.problem


def test_formula_without_cached_value_names_the_cell(tmp_path):
    path = write_workbook(tmp_path / "formula.xlsx", small_branch())
    wb = openpyxl.load_workbook(path)
    ws = wb["活动记录"]
    col = headers_for("活动记录").index("应到人数") + 1
    ws.cell(2, col).value = "=2+3"
    wb.save(path)
    checked = api.validate(path).checked
    finding = only(checked, "cell.formula_no_value")
    assert finding.cell == f"{openpyxl.utils.get_column_letter(col)}2"
    assert "Excel" in finding.fix and "保存" in finding.fix
    assert "cell.required" not in codes(checked)


def test_id_number_stored_as_a_number(tmp_path):
    data = small_branch()
    data["党员名册"][0]["身份证号"] = 1.101011990030712e17
    checked = api.validate(write_workbook(tmp_path / "id.xlsx", data)).checked
    finding = only(checked, "cell.id_scientific")
    assert finding.row == 2 and finding.identity == "姓名：林海峰"
    assert "无法恢复" in finding.problem


def test_dates_as_text_in_common_forms(tmp_path):
    data = small_branch()
    forms = ["1968.3.2", "1975/8/19", "1980年1月5日", "1989-04-11", "１９９０年９月３０日"]
    for row, text in zip(data["党员名册"], forms):
        row["出生日期"] = text
    checked = api.validate(write_workbook(tmp_path / "dates.xlsx", data)).checked
    assert checked.errors == []
    assert [m.birth for m in checked.branch.members] == [D(1968, 3, 2), D(1975, 8, 19), D(1980, 1, 5), D(1989, 4, 11), D(1990, 9, 30)]


def test_partial_date_message_names_the_cell(tmp_path):
    data = small_branch()
    data["党员名册"][2]["出生日期"] = "1980.1"
    checked = api.validate(write_workbook(tmp_path / "partial.xlsx", data)).checked
    finding = only(checked, "cell.date")
    col = openpyxl.utils.get_column_letter(headers_for("党员名册").index("出生日期") + 1)
    assert finding.cell == f"{col}4"
    assert finding.identity == "姓名：陈立新"
    assert finding.found == "“1980.1”"
    assert "缺少“日”" in finding.problem


def test_merged_cells_inside_data_count_for_every_row(tmp_path):
    data = small_branch()
    for row in data["党员名册"][1:3]:
        row["人员类别"] = None
    path = write_workbook(tmp_path / "merged.xlsx", data)
    wb = openpyxl.load_workbook(path)
    col = openpyxl.utils.get_column_letter(headers_for("党员名册").index("人员类别") + 1)
    wb["党员名册"].merge_cells(f"{col}2:{col}4")
    wb.save(path)
    checked = api.validate(path).checked
    assert checked.errors == []
    assert [m.category for m in checked.branch.members[:3]] == ["教师"] * 3


def test_hidden_rows_are_counted_with_a_warning(tmp_path):
    path = write_workbook(tmp_path / "hidden.xlsx", small_branch())
    wb = openpyxl.load_workbook(path)
    wb["党员名册"].row_dimensions[3].hidden = True
    wb.save(path)
    checked = api.validate(path).checked
    finding = only(checked, "sheet.hidden_rows")
    assert not finding.is_error and "第3行" in finding.problem
    assert len(checked.branch.members) == 5


def test_invisible_characters_and_full_width_space_in_names(tmp_path):
    data = small_branch()
    data["党员名册"][0]["姓名"] = "林海峰\u200b"
    data["出勤明细"][1]["姓名"] = "周　雨桐"
    checked = api.validate(write_workbook(tmp_path / "spaces.xlsx", data)).checked
    assert checked.errors == [], [(f.code, f.problem) for f in checked.errors]
    assert checked.branch.members[0].name == "林海峰"


def test_reading_never_changes_the_file(tmp_path):
    path = write_workbook(tmp_path / "same.xlsx", small_branch())
    before = path.read_bytes()
    api.validate(path).checked
    assert path.read_bytes() == before


@pytest.mark.parametrize("value", ["=HYPERLINK(\"x\")", "+1", "-", "@张三"])
def test_text_starting_with_formula_characters_is_text(tmp_path, value):
    data = small_branch()
    data["报告正文"][1]["文本"] = value + "以科学发展观为指导。"
    checked = api.validate(write_workbook(tmp_path / "eq.xlsx", data)).checked
    assert checked.errors == []
    assert checked.branch.paragraphs[1].text.startswith(value)

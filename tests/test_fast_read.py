"""两条读法（python-calamine 快读、lxml 逐格解析）对同一本工作簿读出的每一格都相同。

rows.read_rows 只在能保证相同时才用 calamine（rows_calamine）；这里把各种工作簿（正常的、改坏的、恶意的）
分别用两条路读一遍，逐格比较，并确认该用快读的确实用了、不该用的确实没用。
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.branches import company_branch, large_branch, students_branch
from tests.workbooks import small_branch, write_workbook
from toolkit import api
from toolkit.errors import WorkbookFileError
from toolkit.workbook import rows, rows_calamine
from toolkit.workbook.package import XlsxBook, open_workbook
from toolkit.workbook.rows import read_rows

ROOT = Path(__file__).resolve().parent.parent


def read_all(path: Path, fast: bool):
    """每张表：（名字, 读法, 所有行, 合并单元格, 筛选）；文件读不了时是错误代码。"""
    try:
        book = open_workbook(path)
    except WorkbookFileError as error:
        return error.kind
    sheets = []
    for sheet in book.sheets:
        try:
            found = list(read_rows(sheet, calamine=fast))
            sheets.append((sheet.name, sheet.read_by, found, sheet.merged_ranges, sheet.has_autofilter))
        except WorkbookFileError as error:
            sheets.append((sheet.name, "error", error.kind))
    return sheets


def same_cells(path: Path) -> list[str]:
    """逐格比较两条读法，返回快读用到的工作表名。"""
    fast, slow = read_all(path, True), read_all(path, False)
    if isinstance(slow, str):
        assert fast == slow
        return []
    assert [s[0] for s in fast] == [s[0] for s in slow]
    for a, b in zip(fast, slow):
        assert b[1] in ("lxml", "error")
        if b[1] == "error":
            assert a[1:] == b[1:], a[0]
            continue
        assert len(a[2]) == len(b[2]), a[0]
        for row_a, row_b in zip(a[2], b[2]):
            assert row_a == row_b, (a[0], row_a, row_b)  # 行号、隐藏、每一格的值和种类
            for col, cell in row_a[2].items():
                assert type(cell.value) is type(row_b[2][col].value), (a[0], row_a[0], col)
        assert a[3:] == b[3:], a[0]
    return [s[0] for s in fast if s[1] == "calamine"]


def _edit(path: Path, change) -> Path:
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def _patch_sheet(path: Path, title: str, edit) -> Path:
    """直接改某张表的 XML（openpyxl 写不出的写法）。"""
    book = openpyxl.load_workbook(path, read_only=True)
    index = book.sheetnames.index(title) + 1
    book.close()
    return _patch_part(path, f"xl/worksheets/sheet{index}.xml", edit)


def _patch_part(path: Path, name: str, edit) -> Path:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[name] = edit(parts[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return path


def _plain(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "plain.xlsx", small_branch())


# ---------------------------------------------------------------- 该用快读的：结果相同，且确实用了


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda p: write_workbook(p, small_branch()), id="small"),
        pytest.param(lambda p: write_workbook(p, small_branch(), start_row=3, start_col=2), id="offset"),
        pytest.param(lambda p: company_branch().write(p), id="company"),
        pytest.param(lambda p: students_branch().write(p), id="students"),
        pytest.param(lambda p: large_branch().write(p), id="large"),
    ],
)
def test_plain_workbooks_read_the_same_and_fast(tmp_path, build):
    path = tmp_path / "book.xlsx"
    build(path)
    assert "党员名册" in same_cells(path)


def test_sample_and_template_read_the_same_and_fast():
    for path in (ROOT / "samples" / "商贸系党支部工作数据簿.xlsx", ROOT / "templates" / "支部工作数据簿.xlsx"):
        assert "党员名册" in same_cells(path)


def test_values_of_every_kind(tmp_path):
    """数字、大数、小数、逻辑值、日期、只有空格的文字、空文字、合并单元格、筛选。"""
    path = _plain(tmp_path)

    def change(wb):
        ws = wb["党员名册"]
        ws["Q2"] = 5.0
        ws["Q3"] = 274.65999999999997
        ws["Q4"] = 1.25e14
        ws["Q5"] = True
        ws["R2"] = "  "
        ws["R3"] = ""
        ws["R4"] = dt.datetime(2020, 1, 2)
        ws["R4"].number_format = "yyyy/m/d"
        ws["R5"] = 45000
        ws["R5"].number_format = '0.00_ "人"'
        ws["S2"] = -3
        ws["T2"] = dt.datetime(2021, 3, 4)
        ws["T2"].number_format = "mm-dd-yy"  # 内置格式 14
        ws["T3"] = dt.datetime(2021, 3, 5)
        ws["T3"].number_format = "d-mmm-yy"  # 内置格式 15
        ws["T4"] = 12.5
        ws["T4"].number_format = "0.00%"
        ws["S3"] = 0
        ws.merge_cells("S4:S5")
        ws.auto_filter.ref = "A1:T6"

    _edit(path, change)
    assert "党员名册" in same_cells(path)


# ---------------------------------------------------------------- 不该用快读的：结果仍相同，走 lxml


def test_formulas_errors_pictures_and_escapes_fall_back(tmp_path):
    path = _plain(tmp_path)
    _patch_sheet(
        path,
        "党员名册",
        lambda xml: xml.replace(
            b"</sheetData>",
            b'<row r="40"><c r="A40"><f>1+1</f></c><c r="B40" t="e"><v>#N/A</v></c>'
            b'<c r="C40" t="str"><f>_xlfn.DISPIMG("ID_1",1)</f><v>=DISPIMG("ID_1",1)</v></c>'
            b'<c r="D40" t="inlineStr"><is><t>a_x000D_b</t></is></c></row></sheetData>',
        ),
    )
    assert "党员名册" not in same_cells(path)


def test_each_suspect_alone_falls_back(tmp_path):
    cells = {
        "error": b'<c r="B40" t="e"><v>#REF!</v></c>',
        "spaced": b'<c r="B40" t = "e"><v>#REF!</v></c>',
        "escape": b'<c r="B40" t="inlineStr"><is><t>x_x000B_y</t></is></c>',
        "phonetic": b'<c r="B40" t="inlineStr"><is><t>p</t><rPh sb="0" eb="1"><t>PH</t></rPh></is></c>',
        "comment": b'<c r="B40"><!-- x --><v>1</v></c>',
        "exponent": b'<c r="B40"><v>1E+5</v></c>',
        "no_ref": b"<c><v>1</v></c>",
        "far_row": b'<c r="B1048000"><v>1</v></c>',
        "far_column": b'<c r="XFD40"><v>1</v></c>',
        "id_as_number": b'<c r="B40"><v>1.101011990030712e+17</v></c>',  # 原文是不是指数写法，calamine 看不出
    }
    for name, cell in cells.items():
        folder = tmp_path / name
        folder.mkdir()
        path = _plain(folder)
        _patch_sheet(path, "党员名册", lambda xml: xml.replace(b"</sheetData>", b'<row r="40">' + cell + b"</row></sheetData>"))
        assert "党员名册" not in same_cells(path), name


@pytest.mark.parametrize("flag, fast", [(b'hidden="1"', False), (b'hidden="true"', False), (b'hidden="false"', True), (b'hidden="0"', True)])
def test_hidden_rows_fall_back(tmp_path, flag, fast):
    path = _plain(tmp_path)
    _patch_sheet(path, "党员名册", lambda xml: xml.replace(b'<row r="3"', b'<row r="3" ' + flag, 1))
    assert ("党员名册" in same_cells(path)) is fast


def test_resaved_by_libreoffice_reads_the_same_and_fast(tmp_path):
    """LibreOffice 另存的工作簿：共享字符串、每行都写 hidden="false"、自己的数字格式。"""
    import shutil

    soffice = shutil.which("soffice")
    if not soffice:
        pytest.skip("没有 LibreOffice")
    source = company_branch().write(tmp_path / "company.xlsx")
    out = tmp_path / "out"
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(source)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300, check=False,
    )
    resaved = out / "company.xlsx"
    if not resaved.exists():
        pytest.skip("LibreOffice 没有转换成功")
    assert "党员名册" in same_cells(resaved)


def test_sheet_missing_from_the_relationships_is_found_and_read_slowly(tmp_path):
    """关系里漏了一张表：按 sheetId 找到 worksheets/sheetN.xml 照样读；calamine 未必这样找，所以这张表走 lxml。"""
    path = _plain(tmp_path)
    rels = "xl/_rels/workbook.xml.rels"
    _patch_part(path, rels, lambda xml: re.sub(rb'<Relationship [^>]*Target="/xl/worksheets/sheet2.xml"[^>]*/>', b"", xml))
    with zipfile.ZipFile(path) as z:
        assert b"sheet2.xml" not in z.read(rels)
    fast = same_cells(path)
    assert "党员名册" not in fast
    sheet = next(s for s in open_workbook(path).sheets if s.name == "党员名册")
    assert sheet.guessed and len(list(read_rows(sheet))) > 1


def test_far_cell_in_the_middle_falls_back(tmp_path):
    """calamine 按“最大行 × 最大列”整块分配内存：中间一格行号很大也要认出来。"""
    path = _plain(tmp_path)
    _patch_sheet(
        path,
        "党员名册",
        lambda xml: xml.replace(b'<row r="3"', b'<row r="900000"><c r="B900000"><v>1</v></c></row><row r="3"', 1),
    )
    assert "党员名册" not in same_cells(path)


def test_a_long_dense_sheet_stays_on_the_fast_path(tmp_path, monkeypatch):
    """矩形大过 FAST_CELLS，但与实有的单元格数相称（又长又满的表，如十五万人的出勤明细）：照样快读，两边逐格相同。
    最右一列只在中间某一行时也要找到它：那一格让矩形变得空空荡荡，就不用快读。"""
    monkeypatch.setattr(rows_calamine, "FAST_CELLS", 20)
    path = _plain(tmp_path)
    assert "出勤明细" in same_cells(path)
    _patch_sheet(path, "出勤明细", lambda xml: xml.replace(b'</row><row r="3"', b'<c r="Z2"><v>1</v></c></row><row r="3"', 1))
    assert "出勤明细" not in same_cells(path)


def test_a_doubtful_value_late_in_the_sheet_hands_over_to_lxml_midway(tmp_path):
    """calamine 逐行给出；最后一行才有带时刻的值：前面的行照用，从那一行起由 lxml 接着读，不重不漏，逐格相同。"""
    path = _plain(tmp_path)

    def change(wb):
        ws = wb["出勤明细"]
        ws.cell(ws.max_row, 5, dt.datetime(2021, 3, 4, 13, 45)).number_format = "yyyy-mm-dd"

    _edit(path, change)
    assert "出勤明细" not in same_cells(path)
    sheet = next(s for s in open_workbook(path).sheets if s.name == "出勤明细")
    numbers = [row[0] for row in read_rows(sheet)]
    assert numbers == sorted(set(numbers)) and sheet.read_by == "lxml"


def test_hidden_rows_1904_and_time_values_fall_back(tmp_path):
    path = _plain(tmp_path)

    def change(wb):
        wb["党员名册"].row_dimensions[3].hidden = True
        wb["活动记录"]["P2"] = dt.time(13, 45)
        wb["活动记录"]["P2"].number_format = "h:mm"

    _edit(path, change)
    assert not {"党员名册", "活动记录"} & set(same_cells(path))

    epoch = tmp_path / "1904.xlsx"
    write_workbook(epoch, small_branch())
    _edit(epoch, lambda wb: setattr(wb, "epoch", openpyxl.utils.datetime.CALENDAR_MAC_1904))
    assert same_cells(epoch) == []


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda xml: xml.replace(b"</cellXfs>", b'</cellXfs><cellXfs count="1"><xf numFmtId="14"/></cellXfs>'), id="two_cellXfs"),
        pytest.param(lambda xml: xml.replace(b"</numFmts>", b'</numFmts><numFmts count="1"><numFmt numFmtId="14" formatCode="0.00"/></numFmts>'), id="two_numFmts"),
        pytest.param(lambda xml: xml.replace(b"<numFmt ", b'<numFmt numFmtId="x" formatCode="0.0"/><numFmt ', 1), id="unreadable_format_id"),
        pytest.param(lambda xml: xml.replace(b'<xf numFmtId="164"', b'<xf numFmtId="164.0"', 1), id="unreadable_style_format"),
    ],
)
def test_styles_written_unusually_fall_back(tmp_path, edit):
    """数字格式、单元格样式分在几处写，或格式号读不出：lxml 只认第一处、跳过读不出的，calamine 未必，所以不用快读。"""
    path = _patch_part(_plain(tmp_path), "xl/styles.xml", edit)
    assert same_cells(path) == []


def test_styles_are_parsed_once_per_book(tmp_path, monkeypatch):
    """日期样式（lxml 用）和“两边看法相同”的检查（calamine 用）出自同一次解析。"""
    path = company_branch().write(tmp_path / "company.xlsx")
    parsed = []
    parse_part = XlsxBook.parse_part
    monkeypatch.setattr(XlsxBook, "parse_part", lambda book, part: parsed.append(part) or parse_part(book, part))
    book = open_workbook(path)
    used = set()
    for fast in (True, False):
        for sheet in book.sheets:
            list(read_rows(sheet, calamine=fast))
            used.add(sheet.read_by)
    assert used == {"calamine", "lxml"}
    assert parsed.count(book.styles_part) == 1


def test_hostile_corpus_reads_the_same(tmp_path):
    """坏文件、恶意文件：两条路给出相同的结果（或相同的错误）。"""
    from tests.hostile_corpus import build_corpus

    for case in build_corpus(tmp_path):
        if case.path is not None and case.path.is_file() and case.skip is None:
            same_cells(case.path)


def test_validate_gives_the_same_findings(tmp_path, monkeypatch):
    path = company_branch().write(tmp_path / "company.xlsx")
    _edit(path, lambda wb: wb["党员名册"].cell(3, 5, "1985.3"))
    fast = api.validate(path).checked
    monkeypatch.setattr(rows, "USE_CALAMINE", False)
    slow = api.validate(path).checked
    assert fast.findings == slow.findings and fast.branch == slow.branch


# ---------------------------------------------------------------- 改坏的工作簿：两条路给出同样的发现、同样的模型


def _wrong_types(wb):
    ws = wb["活动记录"]
    ws["I2"], ws["J2"] = "五人", True  # 应到、实到人数：文字、逻辑值
    wb["党员名册"]["B3"] = 12345  # 姓名是数
    wb["党员名册"]["E4"] = True  # 出生日期是逻辑值


def _blank_names(wb):
    ws = wb["党员名册"]
    ws["B3"] = "   "
    ws["B4"] = None
    wb["出勤明细"]["B2"] = "\u3000"


def _bad_dates(wb):
    ws = wb["党员名册"]
    ws["E2"], ws["E3"], ws["H4"] = "1985.3", "2021-02-30", dt.datetime(9999, 12, 31)
    ws["H4"].number_format = "yyyy-mm-dd"
    ws["E5"] = 30000  # 没设日期格式的序列号


def _merged_headers(wb):
    ws = wb["党员名册"]
    ws.insert_rows(1)
    ws["A1"] = "基本信息"
    ws.merge_cells("A1:D1")
    ws["E1"] = "党籍"
    ws.merge_cells("E1:J1")


def _hint_and_total_rows(wb):
    ws = wb["党员名册"]
    ws.insert_rows(2)
    ws["A2"], ws["B2"], ws["E2"] = "（选填）", "（必填）", "例：1985-03-01"
    ws.cell(ws.max_row + 1, 1, "合计")
    ws.cell(ws.max_row, 2, "5人")
    ws.cell(ws.max_row + 2, 1, "填表人：张三")


def _stray_and_merged_data(wb):
    ws = wb["出勤明细"]
    ws.cell(ws.max_row + 2, 4, "只有备注")
    wb["活动记录"].merge_cells("E2:E3")
    wb["党员名册"]["Z3"] = "表头以外的一格"


def _cached_value_in_a_row_with_findings(wb):
    """同样的值在别的行已经读过（每列一份缓存），这一行却有别的格要报：指认、位置都要对。"""
    ws = wb["党员名册"]
    ws["E3"] = "1985.3"  # 这一行其余各格（性别、民族……）与别的行同值
    ws["D4"] = "汉"  # 简称补全：有提醒的值不记进缓存，每次都报
    ws["D5"] = "汉"
    ws["N4"] = ws["B2"].value  # 别的列里见过的文字放进联系电话：按这一列的类型另读
    ws["A5"] = ws["B3"].value  # 序号写成姓名


def _footer_text_first(wb):
    """一行的第一格就是合计/填表人这样的文字：后面有没有数据，决定它是不是记录。"""
    ws = wb["党员名册"]
    last = ws.max_row
    ws.cell(last + 1, 1, "合计")
    ws.cell(last + 1, 2, "3人")
    ws.cell(last + 2, 2, "填表人：李四")
    ws.cell(last + 3, 1, "小计")
    for col in range(2, 12):  # 必填的文字都有：按数据读（日期不抄：openpyxl 会给它带时刻的格式）
        if isinstance(ws.cell(2, col).value, str):
            ws.cell(last + 3, col, ws.cell(2, col).value)
    wb["出勤明细"].cell(wb["出勤明细"].max_row + 1, 1, "审核人：王五")


def _short_rows_and_unnamed(wb):
    """只填到前几列的行（后面的标准列在这一行最后一个值之外）、只有表头以外的列有数据的行。"""
    ws = wb["党员名册"]
    last = ws.max_row
    for col in range(3, 16):
        ws.cell(3, col).value = None  # 第 3 行只剩序号和姓名
    ws.cell(4, 15).value = None
    ws.cell(last + 1, 20, "表头以外")  # 这一行只有没有表头的列
    ws.cell(last + 1, 21, 7)
    ws.cell(last + 3, 17, "又一列")
    act = wb["活动记录"]
    act.cell(act.max_row + 1, 18, "右边的说明")


@pytest.mark.parametrize(
    "change",
    [_wrong_types, _blank_names, _bad_dates, _merged_headers, _hint_and_total_rows, _stray_and_merged_data,
     _cached_value_in_a_row_with_findings, _footer_text_first, _short_rows_and_unnamed],
    ids=lambda f: f.__name__.strip("_"),
)
def test_broken_workbooks_give_the_same_findings_and_model_on_both_paths(tmp_path, monkeypatch, change):
    """快读与逐格解析：同样的发现（位置、填写的是、指认）、同样的支部模型（每个值、每个 Source）。"""
    path = _edit(_plain(tmp_path), change)
    assert "党员名册" in same_cells(path)
    fast = api.validate(path).checked
    monkeypatch.setattr(rows, "USE_CALAMINE", False)
    slow = api.validate(path).checked
    assert fast.findings == slow.findings
    assert fast.branch == slow.branch
    assert fast.findings  # 改坏的地方确实都报了


def test_hidden_rows_give_the_same_findings_and_model_on_both_paths(tmp_path, monkeypatch):
    """隐藏的行（快读看出来就整张表改走 lxml）：两条路的发现和模型仍然相同。"""

    def hide(wb):
        wb["党员名册"].row_dimensions[3].hidden = True
        wb["出勤明细"].row_dimensions[2].hidden = True
        wb["党员名册"]["E3"] = "1985.3"

    path = _edit(_plain(tmp_path), hide)
    same_cells(path)
    fast = api.validate(path).checked
    monkeypatch.setattr(rows, "USE_CALAMINE", False)
    slow = api.validate(path).checked
    assert fast.findings == slow.findings
    assert fast.branch == slow.branch
    assert any(f.code == "sheet.hidden_rows" for f in fast.findings)


def test_hostile_corpus_gives_the_same_findings_on_both_paths(tmp_path, monkeypatch):
    """坏文件语料里读得了的每一本：两条路的发现和模型相同。"""
    from tests.hostile_corpus import build_corpus

    books = [c.path for c in build_corpus(tmp_path) if c.skip is None and c.path is not None and c.path.is_file()]
    books = [p for p in books if p.stat().st_size < 5_000_000]

    def check_all():
        out = []
        for book in books:
            try:
                checked = api.validate(book).checked
                out.append((checked.findings, checked.branch))
            except api.UnreadableWorkbook as error:
                out.append(error.kind)
        return out

    fast = check_all()
    monkeypatch.setattr(rows, "USE_CALAMINE", False)
    assert check_all() == fast


# ---------------------------------------------------------------- 命令行的帮助不加载重的库


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys\n"
        "from toolkit.cli.entry import generate_report\n"
        "try:\n    generate_report(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'openpyxl', 'docx', 'lxml', 'python_calamine', 'jinja2'})\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), check=True
    ).stdout
    assert "HEAVY []" in out

"""遮盖身份证号、手机号（issue 12 第 3、4、6 点）：按内容遮，遮成固定的样子，输入只读一次。

泄漏扫描：在工作簿的每一处（不认识的列、备份表、合计行、填表人行、批注、页眉页脚、文件属性、自定义属性、
数据验证的提示、定义的名称、标签名、带缓存值的公式、活动内容、报告正文、承诺、标题）种下各种写法的号码，
跑每一条命令，解开每一个输出文件的每一个部件，连同屏幕上的每一句话，找原号码里任何连续 5 位数字。
"""

from __future__ import annotations

import io
import json
import random
import re
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from tests.workbooks import D, headers_for, id_number, small_branch, write_workbook
from toolkit import api, files
from toolkit.cli.main import generate_report_main, main
from toolkit.privacy import SHOWN_AT_MOST, mask, mask_id, mask_phone, mask_text

ID18 = id_number(D(1973, 5, 28), "男", region="513722", seq=46)
ID15 = "513722730528461"
MOBILE = "15987654321"
NUMBERS = (ID18, ID15, MOBILE)
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def shapes(number: str) -> list[str]:
    """一个号码的各种写法：连写、空格、短横、+86、全角、几种混着。"""
    if len(number) == 11:
        a, b, c = number[:3], number[3:7], number[7:]
        return [number, f"{a} {b} {c}", f"{a}-{b}-{c}", f"+86 {number}", f"+86-{a}-{b}-{c}", number.translate(FULL_WIDTH),
                f"(+86){number}", f"0086 {number}", f"{a}\u3000{b}\u3000{c}"]
    if len(number) == 18:
        return [number, f"{number[:6]} {number[6:14]} {number[14:]}", f"{number[:6]}-{number[6:14]}-{number[14:]}",
                number.translate(FULL_WIDTH), " ".join(number[i:i + 3] for i in range(0, 18, 3))]
    return [number, f"{number[:6]} {number[6:12]} {number[12:]}", number.translate(FULL_WIDTH)]


def every_shape() -> list[str]:
    return [s for n in NUMBERS for s in shapes(n)]


_APART = re.compile(r"[\s\-‐‑–—－_.·+()（）\u3000]")
_NUMERIC_ATTRIBUTE = re.compile(r"""=(["'])[\d\s.\-]*\1""")
_PREFIX = re.compile(r"(?:\+|00)86")


def _plain(text: str) -> str:
    """找泄漏用的样子：全角数字按半角算，去掉 +86/0086 前缀（写法的一部分，不是号码）和空格、短横。"""
    return _APART.sub("", _PREFIX.sub("", unicodedata.normalize("NFKC", text)))


# 工具自己算出的 SHA-256（JSON 里输入的哈希、汇总表元数据里数字的哈希）：64 位十六进制，不是用户的文字；
# 其中碰巧有与种下的号码相同的 5 位数字时不算泄露（否则这个测试约百分之一的机会无故失败）
_HASH = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{64}(?![0-9A-Za-z])")


def leaks(text: str) -> list[str]:
    """文字里露出的、原号码里连续 5 位的数字（去掉空格、短横之后找；全角数字按半角算）。"""
    plain = _plain(_NUMERIC_ATTRIBUTE.sub("", _HASH.sub("", text)))
    found = []
    for number in NUMBERS:
        for i in range(len(number) - SHOWN_AT_MOST):
            window = number[i:i + SHOWN_AT_MOST + 1]
            if window in plain:
                found.append(window)
    return found


def package_leaks(path: Path) -> dict[str, list[str]]:
    """一个输出文件的每个部件里的泄漏：部件名 → 露出的数字。"""
    found = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8", "ignore")
            if leaks(text):
                found[name] = leaks(text)
    return found


# ---------------------------------------------------------------- 种下号码的工作簿


def _plant_in_text(data: dict) -> None:
    """报告会用到的文字：活动内容、成效、名称，报告正文，承诺事项。"""
    one, two, three = every_shape()[0:3], every_shape()[3:6], every_shape()[6:]
    data["活动记录"][0]["内容"] = "召开动员大会，联系人电话" + "；".join(one) + "。"
    data["活动记录"][0]["成效"] = "会后回访" + "，".join(two) + "。"
    data["活动记录"][1]["名称"] = f"重温入党誓词（报名 {MOBILE}）"
    data["报告正文"][1]["文本"] = "以科学发展观为指导，" + "、".join(three) + "。"
    data["公开承诺"][0]["承诺事项"] = f"带头完成本职工作，监督电话 {MOBILE}"


def planted_workbook(path: Path) -> Path:
    data = small_branch()
    _plant_in_text(data)
    write_workbook(path, data)
    wb = openpyxl.load_workbook(path)
    register = wb["党员名册"]
    extra = register.max_column + 1
    register.cell(1, extra, "证件号码")
    register.cell(1, extra + 1, "联系人电话")
    for row, shape in zip(range(2, 7), every_shape()):
        register.cell(row, extra, shape).data_type = "s"
        register.cell(row, extra + 1, shapes(MOBILE)[row % 9]).data_type = "s"
    register.append(["合计", f"联系人 {shapes(MOBILE)[2]}"])
    register.append([f"填表人：张三 {shapes(MOBILE)[5]}，身份证 {ID18}"])
    register["B2"].comment = Comment(f"身份证 {ID18}，旧号 {ID15}", f"张书记 {MOBILE}")
    register.oddHeader.center.text = f"联系 {MOBILE}"
    register.oddFooter.left.text = f"身份证{ID18}"
    register.evenFooter.right.text = shapes(MOBILE)[1]
    register.add_data_validation(DataValidation(type="list", formula1=f'"{MOBILE},其他"', prompt=f"联系 {MOBILE}", promptTitle=ID15))
    register["P2"] = f'=HYPERLINK("tel:{MOBILE}","拨打")'
    register["P3"] = f'="{MOBILE[:7]}"&"{MOBILE[7:]}"'
    backup = wb.create_sheet("名册备份")
    backup.append(["姓名", "身份证", "手机"])
    backup.append(["林海峰", ID18, int(MOBILE)])
    backup.append(["周雨桐", int(ID15), shapes(MOBILE)[3]])
    backup.append(["陈立新", float(ID18), shapes(ID18)[1]])
    wb.create_sheet(f"备份{MOBILE}")
    wb.defined_names.add(DefinedName("联系", attr_text=f'"{MOBILE}"'))
    props = wb.properties
    props.creator, props.lastModifiedBy = MOBILE, shapes(MOBILE)[3]
    props.description, props.title, props.subject, props.keywords = f"身份证{ID18}", ID15, shapes(MOBILE)[1], shapes(MOBILE)[5]
    wb.custom_doc_props.append(StringProperty(name="联系电话", value=MOBILE))
    wb.save(path)
    return _with_cached_values(path)


def _with_cached_values(path: Path) -> Path:
    """两个公式带上 Excel 存下的结果（openpyxl 写公式时不写结果）：读的人看到的就是完整的号码。"""
    data = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            part = src.read(item)
            if "HYPERLINK" in part.decode("utf-8", "ignore"):
                text = part.decode("utf-8")
                text = re.sub(r'(<c r="P[23]")([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?', rf'\1 t="str"><f>\3</f><v>{MOBILE}</v>', text)
                part = text.encode("utf-8")
            dst.writestr(item, part)
    path.write_bytes(data.getvalue())
    return path


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("planted")
    branches = folder / "各支部"
    branches.mkdir()
    workbook = planted_workbook(branches / "种了号码.xlsx")
    write_workbook(branches / "好的支部.xlsx", small_branch())
    return folder, workbook


def test_the_planted_workbook_really_holds_the_numbers(planted):
    """种下的号码真在工作簿里（缓存的公式结果也在）：扫描能找到它们，后面的“没有泄漏”才有意义。"""
    _folder, workbook = planted
    found = package_leaks(workbook)
    assert {"docProps/core.xml", "docProps/custom.xml", "xl/workbook.xml"} <= set(found)
    assert any("comments" in name for name in found) and any("worksheets/sheet" in name for name in found)
    wb = openpyxl.load_workbook(workbook, data_only=True)
    assert wb["党员名册"]["P3"].value == MOBILE


def _run(entry, args, capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as done:
        entry([str(a) for a in args])
    captured = capsys.readouterr()
    return done.value.code, captured.out + captured.err


def test_no_planted_number_reaches_any_output(planted, capsys):
    folder, workbook = planted
    before = workbook.read_bytes()
    said: list[str] = []
    outputs: list[Path] = []
    for args in (["validate", workbook], ["validate", workbook, "--format", "json"],
                 ["validate", workbook, "--mark", folder / "副本.xlsx", "--force"]):
        code, text = _run(main, args, capsys)
        assert code in (0, 1), text
        said.append(text)
    outputs.append(folder / "副本.xlsx")
    code, text = _run(generate_report_main, [workbook, "-o", folder / "报告.docx", "--force"], capsys)
    said.append(text)
    if code == 0:
        outputs.append(folder / "报告.docx")
    code, text = _run(main, ["rollup", workbook.parent, "-o", folder, "--summary", folder / "汇总表.xlsx", "--report", folder / "汇总报告.docx",
                             "--each", folder / "各支部报告", "--force", "-q"], capsys)
    said.append(text)
    outputs += [folder / "汇总表.xlsx", folder / "汇总报告.docx", *sorted((folder / "各支部报告").glob("*.docx"))]
    assert workbook.read_bytes() == before
    assert [leaks(text) for text in said] == [[]] * len(said), said
    assert {p.name: package_leaks(p) for p in outputs} == {p.name: {} for p in outputs}


def test_the_report_masks_every_planted_number_even_when_the_checks_let_it_through(planted, tmp_path):
    """报告本身也遮：哪怕检查放过了文字里的号码，.docx 的正文、标题、附件表格、页眉页脚、文件属性里都没有。"""
    from dataclasses import replace

    from toolkit.checks import check_file
    from toolkit.report.build import build_report

    _folder, workbook = planted
    branch = check_file(workbook).branch
    titled = replace(branch, info=replace(branch.info, title=f"测试系党支部开展活动联系{shapes(MOBILE)[1]}阶段性工作情况",
                                          addressee=f"院党委（{MOBILE}）"))
    built = build_report(titled)
    target = tmp_path / "报告.docx"
    target.write_bytes(built.data)
    assert package_leaks(target) == {}
    text = "\n".join(built.report.text_lines())
    assert "159****4321" in text and leaks(text) == []


def test_the_marked_copy_keeps_values_but_no_formulas_and_no_custom_properties(planted, tmp_path):
    _folder, workbook = planted
    target = tmp_path / "副本.xlsx"
    api.validate(workbook, mark=target)
    wb = openpyxl.load_workbook(target)
    register = wb["党员名册"]
    assert register["P2"].data_type != "f" and register["P3"].value == "159****4321"
    assert wb["名册备份"]["B2"].value == "5137**********4616" and wb["名册备份"]["C2"].value == "159****4321"
    assert "159****4321" in register.oddHeader.center.text
    assert register["B2"].comment.text.count("5137**********4616") == 1
    assert not list(wb.custom_doc_props)
    assert "备份159＊＊＊＊4321" in wb.sheetnames
    with zipfile.ZipFile(target) as archive:
        assert not any("<f>" in archive.read(n).decode("utf-8", "ignore") for n in archive.namelist() if n.startswith("xl/worksheets/"))


# ---------------------------------------------------------------- 遮成固定的样子


def test_fixed_shapes():
    assert mask_id(ID18) == "5137**********4616"
    assert mask_id(ID15) == "5137********461"
    assert mask_id(MOBILE) == "159****4321"  # 手机号填进了身份证号列：不露出 10 位
    assert mask_id("3301021990") == "33****90"  # 10 位：不是插几个星号了事
    assert mask_id("无") == "****" and mask_phone("0571-8765432") == "0571-****32"
    assert mask_text(f"电话 {MOBILE} 和 13912345678") == "电话 159****4321 和 139****5678"
    assert mask_text("2021-03-01—2021-06-30 共 12 次") == "2021-03-01—2021-06-30 共 12 次"  # 日期照原样
    assert mask_text(f"2021-03-01 {MOBILE}") == "2021-03-01 159****4321"


def _digit_runs(text: str) -> list[str]:
    return re.findall(r"\d+", unicodedata.normalize("NFKC", text))


def _random_values(rng: random.Random, count: int):
    alphabet = "0123456789０１２３４５６７８９ -+Xx年号（）"
    for _ in range(count):
        yield "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
    for number in NUMBERS:
        yield from shapes(number)
    for length in range(1, 25):
        yield "".join(rng.choice("0123456789") for _ in range(length))


def test_a_masked_value_never_shows_more_than_four_digits_in_a_row():
    """性质：身份证号列、联系电话列里不论填了什么，遮过的值里连续的数字都不超过 4 位。"""
    rng = random.Random(20260101)
    for value in _random_values(rng, 5000):
        for masked in (mask_id(value), mask_phone(value), mask(value, "id"), mask(value, "phone")):
            assert all(len(run) <= SHOWN_AT_MOST for run in _digit_runs(masked)), (value, masked)


def test_a_number_in_any_shape_inside_any_text_is_masked():
    """性质：任何写法的号码放进任何不含数字的文字里，遮过以后露出的原号码数字不超过连续 4 位。"""
    rng = random.Random(7)
    words = "党支部召开会议联系电话身份证号码：，。、；（）() -—tel:No.ABCxyz\u3000"
    for _ in range(3000):
        number = rng.choice([_random_mobile(rng), _random_id(rng), _random_id(rng)[:15]])
        shape = rng.choice(shapes(number))
        before = "".join(rng.choice(words) for _ in range(rng.randint(0, 8)))
        after = "".join(rng.choice(words) for _ in range(rng.randint(0, 8)))
        masked = mask_text(before + shape + after)
        plain = _plain(masked)
        assert not any(number[i:i + 5] in plain for i in range(len(number) - 4)), (shape, masked)


def test_numbers_written_next_to_each_other_are_each_masked():
    rng = random.Random(11)
    for _ in range(500):
        numbers = [rng.choice([_random_mobile(rng), _random_id(rng)]) for _ in range(rng.randint(2, 4))]
        joined = rng.choice([" ", "、", ",", "/", "  ", " - "]).join(rng.choice(shapes(n)) for n in numbers)
        plain = _plain(mask_text(joined))
        for n in numbers:
            assert not any(n[i:i + 5] in plain for i in range(len(n) - 4)), (joined, mask_text(joined))


def _random_mobile(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))


def _random_id(rng: random.Random) -> str:
    birth = D(rng.randint(1940, 2005), rng.randint(1, 12), rng.randint(1, 28))
    return id_number(birth, rng.choice("男女"), region=f"{rng.randint(110000, 659999)}", seq=rng.randint(10, 99))


# ---------------------------------------------------------------- 输入只读一次


def _swap_after_first_read(monkeypatch, replacement: bytes) -> list[Path]:
    """读完第一遍，磁盘上的文件就换成另一本（像 Excel、WPS、同步盘在这时存了盘）。返回每次读的是哪个文件。"""
    from toolkit.workbook import identify

    real = identify.read_input
    reads: list[Path] = []

    def read_then_swap(path, read):
        got = real(path, read)
        reads.append(Path(path))
        Path(path).write_bytes(replacement)
        return got

    monkeypatch.setattr(identify, "read_input", read_then_swap)
    return reads


@pytest.fixture
def two_versions(tmp_path):
    """第一版：5 名党员；第二版：身份证号、手机号放在不认识的列里，支部名称也不同。"""
    first = write_workbook(tmp_path / "数据簿.xlsx", small_branch())
    first_bytes = first.read_bytes()
    second = planted_workbook(tmp_path / "第二版.xlsx")
    wb = openpyxl.load_workbook(second)
    wb["支部信息"]["B2"] = "第二版党支部"
    wb.save(second)
    return first, first_bytes, second.read_bytes()


def test_mark_reads_the_input_once_even_if_it_is_replaced_meanwhile(two_versions, tmp_path, monkeypatch):
    first, first_bytes, second_bytes = two_versions
    reads = _swap_after_first_read(monkeypatch, second_bytes)
    target = tmp_path / "副本.xlsx"
    result = api.validate(first, mark=target)
    assert reads == [first]  # 检查、副本、遮盖都出自这一次读的字节
    assert json.loads(result.json())["sha256"] == files.InputFile(first, first_bytes).digest
    copy = openpyxl.load_workbook(target)
    assert copy["支部信息"]["B2"].value == "测试系党支部" and "名册备份" not in copy.sheetnames
    assert package_leaks(target) == {}
    letter = openpyxl.utils.get_column_letter(headers_for("党员名册").index("身份证号") + 1)
    ids = [c.value for c in copy["党员名册"][letter][1:]]
    assert all(v and "**********" in v for v in ids), ids


def test_generate_report_reads_the_input_once(two_versions, tmp_path, monkeypatch):
    first, _first_bytes, second_bytes = two_versions
    reads = _swap_after_first_read(monkeypatch, second_bytes)
    result = api.generate_report(first, tmp_path / "报告.docx")
    assert reads == [first]
    import docx

    assert "测试系党支部" in "\n".join(p.text for p in docx.Document(str(result.path)).paragraphs)


def test_the_marked_copy_is_made_from_the_bytes_read_even_if_the_file_is_gone(two_versions, tmp_path, monkeypatch):
    first, _first_bytes, _second = two_versions
    from toolkit.workbook import identify

    real = identify.read_input

    def read_then_delete(path, read):
        got = real(path, read)
        Path(path).unlink()
        return got

    monkeypatch.setattr(identify, "read_input", read_then_delete)
    result = api.validate(first, mark=tmp_path / "副本.xlsx")
    assert result.marked_copy is not None and result.mark_problem is None


def test_a_number_split_across_runs_of_a_paragraph_is_masked(tmp_path):
    """号码跨在一个段落的两个 run 上（Word 里改过格式的字）：合起来看，照样遮掉。"""
    import docx

    from toolkit.privacy import mask_package

    document = docx.Document()
    paragraph = document.add_paragraph("联系电话 ")
    paragraph.add_run(MOBILE[:6]).bold = True
    paragraph.add_run(MOBILE[6:] + "。")
    document.add_paragraph("2021-03-01 至 2021-06-30，共 12 次。")
    buffer = io.BytesIO()
    document.save(buffer)
    target = tmp_path / "拆开的.docx"
    target.write_bytes(mask_package(buffer.getvalue()))
    assert package_leaks(target) == {}
    texts = [p.text for p in docx.Document(str(target)).paragraphs]
    assert texts[-2:] == ["联系电话 159****4321。", "2021-03-01 至 2021-06-30，共 12 次。"]


def test_partial_numbers_under_headers_the_reader_does_not_know_are_masked_in_the_copy(tmp_path):
    """“证件号码”“联系人电话”不是标准列名：里面不完整的号码（10 位、少一位）也遮成固定的样子；标准两列照旧是标准的样子。"""
    path = write_workbook(tmp_path / "数据簿.xlsx", small_branch())
    wb = openpyxl.load_workbook(path)
    backup = wb.create_sheet("名册备份")
    backup.append(["姓名", "证件号码", "联系人电话", "人数"])
    backup.append(["林海峰", "3301021990", "1598765432", 12345])
    wb.save(path)
    target = tmp_path / "副本.xlsx"
    api.validate(path, mark=target)
    copy = openpyxl.load_workbook(target)
    assert [c.value for c in copy["名册备份"][2]] == ["林海峰", "33****90", "15****32", 12345]
    letter = openpyxl.utils.get_column_letter(headers_for("党员名册").index("身份证号") + 1)
    assert re.fullmatch(r"3301\*{10}\d{3}[\dX]", copy["党员名册"][f"{letter}2"].value)


def test_the_roll_up_reads_each_workbook_once(tmp_path, monkeypatch):
    from toolkit.workbook import identify

    folder = tmp_path / "各支部"
    folder.mkdir()
    for name in ("一支部", "二支部"):
        write_workbook(folder / f"{name}.xlsx", small_branch())
    real = identify.read_input
    reads: list[str] = []

    def counted(path, read):
        reads.append(Path(path).name)
        return real(path, read)

    monkeypatch.setattr(identify, "read_input", counted)
    api.rollup(folder, outputs=api.RollupOutputs(tmp_path, each=tmp_path / "各支部报告"))
    assert sorted(reads) == ["一支部.xlsx", "二支部.xlsx"]  # 检查、数字、各支部自己的报告都出自这一次


def _package(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return buffer.getvalue()


def _unpacked(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


HIDDEN_SHAPES = {
    # 数字写成字符引用：原样的 XML 里看不到 11 位数字
    "引用": '<w:p><w:r><w:t>' + "".join(f"&#{ord(c)};" for c in MOBILE) + '</w:t></w:r></w:p>',
    "十六进制引用": '<w:p><w:r><w:t>电话' + "".join(f"&#x{ord(c):x};" for c in MOBILE) + '</w:t></w:r></w:p>',
    "分隔符是引用": f'<w:p><w:r><w:t>{MOBILE[:3]}&#160;{MOBILE[3:7]}&#160;{MOBILE[7:]}</w:t></w:r></w:p>',
    "拆在三个 run 里": ''.join(f'<w:r><w:t>{MOBILE[i:i + 4]}</w:t></w:r>' for i in (0, 4, 8)).join(('<w:p>', '</w:p>')),
    "图形里的 a:t 接着 w:t": f'<w:p><w:r><w:drawing><a:p><a:r><a:t>{MOBILE[:5]}</a:t></a:r></a:p></w:drawing></w:r><w:r><w:t>{MOBILE[5:]}</w:t></w:r></w:p>',
    "汉字写成引用，号码用 &#150; 隔开": '<w:p><w:r><w:t>&#30005;&#35805;' + f"{MOBILE[:3]}&#150;{MOBILE[3:7]}&#150;{MOBILE[7:]}" + '</w:t></w:r></w:p>',
    "属性值": f'<w:p><w:r><w:t xml:space="preserve">见附件</w:t></w:r><w:bookmarkStart w:name="{ID18}"/></w:p>',
    "全角，拆开": f'<w:p><w:r><w:t>{MOBILE[:6].translate(FULL_WIDTH)}</w:t></w:r><w:r><w:t>{MOBILE[6:]}</w:t></w:r></w:p>',
}


@pytest.mark.parametrize("shape", HIDDEN_SHAPES)
def test_a_number_the_quick_scan_cannot_see_in_the_raw_xml_is_still_masked(shape):
    """大的部件先粗看一遍有没有可能的号码，没有就不逐段遮：藏在引用、拆开的 run、图形、属性里的号码也要看得出。"""
    from toolkit.privacy import mask_package

    body = '<w:document xmlns:w="w" xmlns:a="a"><w:body>' + "<w:p><w:r><w:t>2021-03-01 共 12 次</w:t></w:r></w:p>" * 200
    data = _package({"word/document.xml": body + HIDDEN_SHAPES[shape] + "</w:body></w:document>"})
    xml = _unpacked(mask_package(data))["word/document.xml"]
    import html

    shown = re.sub(r"[\s–]", "", html.unescape(re.sub(r"<[^>]+>", "", xml)))
    assert not any(n in shown.translate(str.maketrans("０１２３４５６７８９", "0123456789")) for n in (MOBILE, ID18)), xml[-400:]


def test_a_mobile_number_stored_as_a_number_in_exponent_form_is_masked_in_a_sheet():
    """工作表里的数字格可以写成 1.5987654321E10：读成数才是 11 位，粗看也要看得出。"""
    from toolkit.privacy import mask_package

    sheet = f'<worksheet><sheetData><row r="1"><c r="A1"><v>{MOBILE[0]}.{MOBILE[1:]}E10</v></c></row></sheetData></worksheet>'
    xml = _unpacked(mask_package(_package({"xl/worksheets/sheet1.xml": sheet})))["xl/worksheets/sheet1.xml"]
    assert MOBILE not in xml and "159****4321" in xml


def test_a_part_without_any_possible_number_comes_back_byte_for_byte():
    """没有像号码的东西（日期、短数字、网格尺寸）：文件原样返回，一个字节不改。"""
    from toolkit.privacy import mask_package

    body = '<w:p w:rsidR="00A1B2C3"><w:pPr><w:spacing w:line="560" w:lineRule="exact"/></w:pPr><w:r><w:t>2021-03-01—2021.6.30 活动 12 次，4321 元</w:t></w:r></w:p>' * 500
    data = _package({"word/document.xml": f"<w:document><w:body>{body}</w:body></w:document>"})
    assert mask_package(data) is data


def _written(draw, digits: str) -> list[str]:
    """一个号码写在 XML 里的样子：每位数字原样、全角或写成字符引用，组与组之间可以有分隔符（也可以是引用）。"""
    from hypothesis import strategies as st

    shapes = {
        "原样": lambda d: d, "全角": lambda d: d.translate(FULL_WIDTH), "引用": lambda d: f"&#{ord(d)};",
        "十六进制引用": lambda d: f"&#x{ord(d):X};",
    }
    mixed = draw(st.booleans())
    shape = draw(st.sampled_from(sorted(shapes)))
    out = []
    for i, digit in enumerate(digits):
        if i and i in (3, 7) and draw(st.booleans()):
            out.append(draw(st.sampled_from([" ", "-", "&#160;", "&#150;", "&#x2014;", "·"])))
        out.append(shapes[draw(st.sampled_from(sorted(shapes))) if mixed else shape](digit))
    return out


def test_a_number_written_any_way_in_any_runs_of_a_paragraph_is_masked():
    """性质测试：号码的每一位随意写成原样、全角或字符引用，拆进几个 run（或一半在图形的 a:t 里），前后是写成
    引用的汉字：遮过以后，整段连起来也看不出号码；粗看一遍漏掉的部件，在这里会露出来。"""
    import html

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from toolkit.privacy import has_sensitive_number, mask_package

    @settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def check(data):
        draw = data.draw
        number = draw(st.sampled_from([MOBILE, ID18, "13" + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=9, max_size=9)))]))
        tokens = ["&#32852;&#31995;"] + _written(draw, number) + [draw(st.sampled_from(["&#12290;", "。", "", "&amp;"]))]
        cuts = sorted(set(draw(st.lists(st.integers(1, len(tokens) - 1), max_size=3))))
        pieces = ["".join(tokens[a:b]) for a, b in zip([0] + cuts, cuts + [len(tokens)])]
        drawing = draw(st.booleans()) and len(pieces) > 1
        runs = [f"<w:r><w:t>{piece}</w:t></w:r>" for piece in pieces]
        if drawing:
            runs[0] = f"<w:r><w:drawing><a:p><a:r><a:t>{pieces[0]}</a:t></a:r></a:p></w:drawing></w:r>"
        body = "<w:p><w:r><w:t>2021-03-01 共 12 次</w:t></w:r></w:p>" * 3 + "<w:p>" + "".join(runs) + "</w:p>"
        data_in = _package({"word/document.xml": f'<w:document xmlns:w="w" xmlns:a="a"><w:body>{body}</w:body></w:document>'})
        xml = _unpacked(mask_package(data_in))["word/document.xml"]
        last = xml[xml.rindex("<w:p>"):]
        joined = "".join(html.unescape(t) for t in re.findall(r"<(?:w:|a:)t>([^<]*)</(?:w:|a:)t>", last))
        assert not has_sensitive_number(joined), (pieces, last)

    check()


def test_the_byte_scan_never_passes_a_part_the_text_scan_would_look_at():
    """性质测试：mask_package 先在字节上粗看（_surely_plain）；它说“一定没有”的部件，文字上的粗看
    （_may_hold_number）也说没有。各种写法的数字、分隔符、引用、汉字、全角字、拆成几段的文字、指数写法随意拼。"""
    from hypothesis import HealthCheck, example, given, settings
    from hypothesis import strategies as st

    from toolkit.privacy import _may_hold_number, _surely_plain

    tokens = [
        "1", "38", "1234", "13812345678"[:7], " ", "-", "_", ".", "·", "\u00a0", "\u3000", "—", "－", "１", "２３", "٣", "𝟗",
        "汇总", "党", "（", "）", "，", "、", "“", "X", "Ｘ", "E", "e", "&#49;", "&#x31;", "&#20013;", "&#13;", "&#160;", "&amp;", "&", "&#150;",
        "<t>", "</t>", "<is>", "</is>", "<si>", "</si>", "<w:p>", "</w:p>", "<w:t>", "</w:t>", "<a:t>", "</a:t>", "<r>", "</r>",
        "<v>", "</v>", '<c r="A1" t="n">', "</c>", '<t xml:space="preserve">', "<w:r>", "</w:r>", "<w:r><w:t>", "</w:t></w:r>", "。",
    ]

    @settings(max_examples=1500, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.lists(st.sampled_from(tokens), max_size=40), st.sampled_from(["xl/worksheets/sheet1.xml", "word/document.xml", "xl/sharedStrings.xml"]))
    @example(["<is>", "<t>", "1234", "</t>", "<t>", "1234", "38", "1", "</t>", "</is>"], "xl/worksheets/sheet1.xml")
    @example(["<v>", "1", ".", "38", "E", "1", "</v>"], "xl/worksheets/sheet1.xml")
    @example(["1234", "&#49;", "1234", "1234"], "word/document.xml")
    @example(["<w:p>", "<w:r><w:t>", "12345", "</w:t></w:r>", "<w:r><w:t>", "678901", "</w:t></w:r>", "</w:p>"], "word/document.xml")
    @example(["<w:p>", "<w:r><w:t>", "１２３４５", "</w:t></w:r>", "<w:r><w:t>", "\u3000", "</w:t></w:r>", "<w:r><w:t>", "678901", "</w:t></w:r>", "</w:p>"], "word/document.xml")
    def check(parts, name):
        xml = "".join(parts)
        if _surely_plain(name, xml.encode("utf-8")):
            assert not _may_hold_number(name, xml), xml

    check()

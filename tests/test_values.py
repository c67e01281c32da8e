"""单元格的值：用户真实的写法都认得，认不出的说清楚缺什么。"""

import datetime as dt

import pytest

from toolkit.checks.values import (
    ValueProblem,
    describe_found,
    parse_choice,
    parse_date,
    parse_id_number,
    parse_int,
    phone_is_valid,
)
from toolkit.privacy import mask_id, mask_phone
from toolkit.text import clean_text, header_key, name_key

D = dt.date


@pytest.mark.parametrize(
    "raw",
    [
        dt.datetime(2010, 11, 5),
        D(2010, 11, 5),
        "2010-11-05",
        "2010/11/5",
        "2010.11.5",
        "2010年11月5日",
        "２０１０年１１月５日",
        " 2010-11-05 ",
        "20101105",
        20101105,
        40487,  # 没设日期格式的 Excel 序列号
        "2010-11-05 00:00:00",
    ],
)
def test_dates_in_every_common_form(raw):
    assert parse_date(raw) == D(2010, 11, 5)


def test_1904_serial_numbers():
    assert parse_date(39025, date1904=True) == D(2010, 11, 5)


@pytest.mark.parametrize(
    "raw, words",
    [
        ("1985.3", "缺少“日”"),
        ("1985", "缺少“月和日”"),
        ("2023-02-30", "2月没有30日"),
        ("2023-13-01", "月份"),
        ("5/11/2010", "日/月/年"),
        ("去年冬天", "无法识别"),
    ],
)
def test_bad_dates_say_what_is_missing(raw, words):
    with pytest.raises(ValueProblem) as caught:
        parse_date(raw)
    assert words in caught.value.problem


@pytest.mark.parametrize("raw, number", [(5, 5), (5.0, 5), ("5", 5), (" 5 ", 5), ("５", 5), ("1,000", 1000), ("28人", 28), ("28.0", 28)])
def test_integers_typed_as_text(raw, number):
    assert parse_int(raw) == number


@pytest.mark.parametrize("raw", [274.65999999999997, "二十", "5-6", True])
def test_not_integers(raw):
    with pytest.raises(ValueProblem):
        parse_int(raw)


def _id(birth: str, seq: str = "123") -> str:
    from toolkit.checks.values import id_check_digit

    body = "110105" + birth + seq
    return body + id_check_digit(body)


def test_valid_id_is_normalised():
    number = _id("19900307")
    assert parse_id_number(" " + number.lower() + " ") == number


def test_id_stored_as_number_is_not_guessed():
    with pytest.raises(ValueProblem) as caught:
        parse_id_number(1.101011990030712e17)
    assert caught.value.code == "id.scientific"
    assert "无法恢复" in caught.value.problem
    assert "文本" in caught.value.fix
    with pytest.raises(ValueProblem) as caught:
        parse_id_number("1.10101E+17")
    assert caught.value.code == "id.scientific"


def test_id_with_wrong_check_digit():
    number = _id("19900307")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValueProblem) as caught:
        parse_id_number(wrong)
    assert "校验位" in caught.value.problem


def test_masks():
    assert mask_id("110105199003071234") == "1101**********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert "13812345678" not in describe_found("13812345678", "phone")
    assert describe_found("110105199003071234", "id") == "“1101**********1234”"


def test_describe_found_shows_invisible_characters():
    assert "末尾有空格" in describe_found("张三 ")
    assert "零宽空格" in describe_found("张\u200b三")
    assert describe_found(None) == "（空白）"
    assert describe_found("   ") .endswith("（只有空格）")


def test_names_and_headers_compare_loosely():
    assert name_key("张 三") == name_key("张　三") == name_key("张三")
    assert name_key("阿依古丽·买买提") == name_key("阿依古丽•买买提")
    assert header_key(" 出生\n日期 ") == header_key("出生日期")
    assert header_key("姓名＊") == header_key("姓名")
    assert clean_text("\ufeff张三\x07\u3000") == "张三"


def test_choice_aliases_are_told():
    assert parse_choice("正式党员", ("正式党员", "预备党员"), {}) == ("正式党员", None)
    value, note = parse_choice("预备", ("正式党员", "预备党员"), {"预备": "预备党员"})
    assert value == "预备党员" and "已按" in note
    with pytest.raises(ValueProblem) as caught:
        parse_choice("入党积极分子", ("正式党员", "预备党员"), {})
    assert "正式党员、预备党员" in caught.value.expected


@pytest.mark.parametrize("phone, ok", [("13812345678", True), ("010-62345678", True), ("0571-8888888", True), ("1381234567", False), ("12345", False)])
def test_phone_numbers(phone, ok):
    assert phone_is_valid(phone) is ok


# ---------------------------------------------------------------- 简称补全：由列的声明（suffix、suffix_exceptions）决定


def _read(column, raw):
    from toolkit.checks.cells import CellReader
    from toolkit.workbook.cells import Cell

    findings = []
    value = CellReader(False, findings).read(column, Cell(raw), {"sheet": "党员名册", "row": 2, "column": "D"})
    return value, [(f.code, f.problem) for f in findings]


def test_ethnicity_short_form_is_completed_and_told():
    from toolkit import standard

    ethnicity = standard.MEMBERS.col.ethnicity
    assert _read(ethnicity, "汉") == ("汉族", [("cell.normalised", "“汉”已按“汉族”处理。")])
    assert _read(ethnicity, "汉族") == ("汉族", [])
    assert _read(ethnicity, "穿青人") == ("穿青人", [])  # 声明里的例外
    assert _read(ethnicity, "维吾尔族") == ("维吾尔族", [])


def test_any_column_declaring_a_suffix_is_completed():
    from toolkit import standard

    column = standard.Column("籍贯", standard.TEXT, standard.OPTIONAL, "", key="origin", suffix="省", suffix_exceptions=("北京",))
    assert _read(column, "浙江") == ("浙江省", [("cell.normalised", "“浙江”已按“浙江省”处理。")])
    assert _read(column, "北京") == ("北京", [])
    assert _read(column, "内蒙古自治区") == ("内蒙古自治区", [])  # 不是简称
    plain = standard.Column("备注", standard.TEXT, standard.OPTIONAL, "", key="note")
    assert _read(plain, "汉") == ("汉", [])

"""写进报告文字里的身份证号、手机号（issue 12.5）：提醒指到那一格，报告里遮盖，完整的号码到不了 .docx。

测试把号码（带空格、短横、+86、全角数字的写法）种进每一处会印进报告的文字，生成报告后
打开 .docx 的每一个部件（正文、页眉页脚、文件属性……）找这串数字。
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import pytest

from tests.workbooks import id_number, small_branch, write_workbook
from toolkit import api

ID = id_number(dt.date(1975, 8, 19), "女", seq=33)
MOBILE = "13912345678"
WRITTEN = {  # 号码的各种写法 → 它的数字
    MOBILE: MOBILE,
    "139 1234 5678": MOBILE,
    "+86-139-1234-5678": MOBILE,
    "１３９１２３４５６７８": MOBILE,
    ID: ID,
}


def _place(data: dict, where: str, text: str) -> tuple[str, str]:
    """把文字放进一处会印进报告的格，返回（表, 格）。"""
    if where == "内容":
        data["活动记录"][0]["内容"] = text
        return "活动记录", "M2"
    if where == "成效":
        data["活动记录"][1]["成效"] = text
        return "活动记录", "N3"
    if where == "报告正文":
        data["报告正文"][1]["文本"] = text
        return "报告正文", "D3"
    if where == "承诺事项":
        data["公开承诺"][2]["承诺事项"] = text
        return "公开承诺", "D4"
    data["支部信息"]["副标题"] = text
    return "支部信息", "B8"


def _docx_digits(path) -> str:
    """.docx 每一个部件里的文字，去掉标签和分隔符，全角数字换成半角：号码无论怎样断开都找得到。"""
    texts = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            raw = z.read(name).decode("utf-8", "replace")
            texts.append(re.sub(r"<[^>]+>", "", raw))
    plain = "".join(texts).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return re.sub(r"[\s\-+]", "", plain)


@pytest.mark.parametrize("where", ["内容", "成效", "报告正文", "承诺事项", "副标题"])
@pytest.mark.parametrize("written", list(WRITTEN))
def test_a_number_in_report_text_is_one_reminder_and_never_reaches_the_docx(tmp_path, where, written):
    data = small_branch()
    sheet, cell = _place(data, where, f"联系人：周老师，{written}，欢迎咨询。")
    path = write_workbook(tmp_path / "wb.xlsx", data)
    result = api.validate(path)
    said = [f for f in result.findings if f.code == "text.sensitive_number"]
    assert [(f.sheet, f.cell, f.severity) for f in said] == [(sheet, cell, "提醒")]
    digits = WRITTEN[written]
    assert digits not in re.sub(r"\D", "", result.text().translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    out = api.generate_report(path, tmp_path / "报告.docx").path
    assert "周老师" in _docx_digits(out)  # 这段文字确实印进了报告
    assert digits not in _docx_digits(out)


def test_short_numbers_in_text_are_left_alone(tmp_path):
    data = small_branch()
    data["活动记录"][0]["内容"] = "2010年7月9日召开动员大会，办公电话0571-88123456，发放学习材料120份。"
    path = write_workbook(tmp_path / "wb.xlsx", data)
    assert not [f for f in api.validate(path).findings if f.code == "text.sensitive_number"]
    out = api.generate_report(path, tmp_path / "报告.docx").path
    assert "057188123456" in _docx_digits(out)

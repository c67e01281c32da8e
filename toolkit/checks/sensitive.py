"""印进报告的文字里写了身份证号、手机号：提醒指到那一格，报告里遮盖（看内容，不看列名）。

    mask_report_text(branch) -> (遮盖后的支部, 发现)

standard.REPORT_TEXT_COLUMNS 里的每一格（活动的内容、成效，报告正文，承诺事项……）凡是
privacy.has_sensitive_number 认出号码的，报一条提醒，模型里的文字换成 privacy.mask_text 的结果；
报告、汇总都用遮盖后的模型，所以完整的号码到不了 .docx。

为什么是“提醒”而不是“错误”：只看内容分不清一串 11–18 位的数字是手机号、身份证号，还是文号、
账号这样本来就该写的号码。报成错误就会拦下报告、逼人改掉也许是对的文字；遮盖则无论是哪一种，
完整的号码都不会印出去。提醒说清报告里印成了什么样，要不要删由填表的人定。
"""

from __future__ import annotations

from dataclasses import replace

from toolkit import standard
from toolkit.branch.model import Branch, Source
from toolkit.checks.values import describe_found
from toolkit.findings import Finding
from toolkit.privacy import has_sensitive_number, mask_text

_RECORDS = {  # 表名 → 支部模型里这张表的记录（属性名）
    standard.ACTIVITIES.name: "activities",
    standard.NARRATIVE.name: "paragraphs",
    standard.COMMITMENTS.name: "commitments",
}


def mask_report_text(branch: Branch) -> tuple[Branch, list[Finding]]:
    findings: list[Finding] = []
    info = _masked(branch.info, _columns(standard.BRANCH_INFO), findings, branch.info.sources.get)
    changes = {}
    for sheet_name, attr in _RECORDS.items():
        columns = _columns(standard.sheet_named(sheet_name))
        records = getattr(branch, attr)
        masked = tuple(_masked(r, columns, findings, lambda _name, r=r: r.source) for r in records)
        if any(a is not b for a, b in zip(masked, records)):
            changes[attr] = masked
    if info is branch.info and not changes:
        return branch, findings
    return replace(branch, info=info, **changes), findings


def _columns(sheet: standard.Sheet) -> list[standard.Column]:
    return [c for s, c in standard.REPORT_TEXT_COLUMNS if s is sheet]


def _masked(record, columns: list[standard.Column], findings: list[Finding], source_of):
    """这一条记录里像号码的文字遮盖掉（没有就原样返回同一个对象）。"""
    changed = {}
    for column in columns:
        text = getattr(record, column.key, None)
        if not isinstance(text, str) or not has_sensitive_number(text):
            continue
        changed[column.key] = masked = mask_text(text)
        src = source_of(column.name)
        if src is not None and src.letter(column):
            findings.append(_finding(src, column, text, masked))
    return replace(record, **changed) if changed else record


def _finding(src: Source, column: standard.Column, text: str, masked: str) -> Finding:
    return Finding(
        "text.sensitive_number",
        f"{column.name}里有像身份证号或手机号的号码。个人号码不宜写进报告：报告里已遮盖，印成“{_around(masked)}”。",
        sheet=src.sheet,
        row=src.row,
        column=src.letter(column),
        header=column.name,
        identity=src.identity,
        found=describe_found(text),  # describe_found 按内容遮盖：消息里也看不到完整的号码
        expected="不含个人身份证号、手机号的文字",
        fix=f"删去{column.name}里的号码；若它不是个人号码（如文号），可不修改，报告照样遮盖",
    )


def _around(masked: str) -> str:
    """遮盖处前后的几个字，让人认得出是哪一处。"""
    at = masked.find("*")
    start = max(0, at - 8)
    end = masked.rfind("*") + 8
    excerpt = ("……" if start else "") + masked[start:end] + ("……" if end < len(masked) else "")
    return excerpt.rstrip("。；，、")

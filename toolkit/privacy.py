"""遮盖身份证号、手机号：看内容，不看列名。任何输出（消息、JSON、标注副本、报告、汇总表）都经过这里。

每一类号码遮成固定的样子，任何时候露出的连续数字都不超过 4 位（拼不回原来的号码）：
    18 位身份证号   1101**********1234
    15 位旧身份证号 1101********123
    11 位手机号     138****5678
    固定电话       010-****78             （只在“联系电话”列里：文字里的办公电话不遮）
    其他（像号码却不完整、放错了列）  12****34，不论多长都是这个样子：不露出长度，至多露出 4 位数字

文字里的号码可以写成带空格、短横、+86、全角数字的样子（138 1234 5678、138-1234-5678、+86 13812345678、
１３８１２３４５６７８），都认得出来、原样位置上遮掉；两个号码连着写（13812345678 13912345678）也各自遮掉。
日期（2021-03-01—2021-06-30）、短的数字（金额、办公电话）照原样。

    mask_text(text)             文字里凡是像身份证号、手机号的都遮掉
    mask(value, sensitive)      一格的值：身份证号、联系电话列按列遮，别的按内容遮
    has_sensitive_number(text)  有没有要遮的号码
    mask_package(data)          一个 .docx/.xlsx 压缩包里的每个 XML 部件：文字、属性、单元格都按内容遮
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
import zipfile
from itertools import chain

from toolkit.text import value_text

ID = "id"  # 身份证号列（standard.Column.sensitive）
PHONE = "phone"  # 联系电话列

SHOWN_AT_MOST = 4  # 遮盖后的值里，原号码连续露出的数字至多这么多位

_X = "XxＸｘ"
_SEPARATORS = " \u00a0\u3000-‐‑–—－_.·"
_SEPARATOR = f"[{re.escape(_SEPARATORS)}]"
# 一串数字：几组数字，组与组之间至多隔三个空格或短横；身份证号的末位可以是 X
_RUN = re.compile(rf"(?<!\d)\d+(?:{_SEPARATOR}{{1,3}}\d+)*[{_X}]?(?!\d)")
_GROUP = re.compile(rf"\d+[{_X}]?")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_ID18 = re.compile(r"\d{17}[\dX]")
_ID15 = re.compile(r"\d{15}")
# 日期和日期段（2021-03-01、2021-03-01—2021-06-30、2021.3.1）：不是号码
_DATES = re.compile(rf"\d{{4}}{_SEPARATOR}\d{{1,2}}{_SEPARATOR}\d{{1,2}}(?:{_SEPARATOR}{{1,3}}\d{{4}}{_SEPARATOR}\d{{1,2}}{_SEPARATOR}\d{{1,2}})*")
# 固定电话：区号 010、020–029 是 3 位，其余 4 位；本地号码 7–8 位
_LANDLINE = re.compile(r"(0[12]\d|0[3-9]\d{2})?[2-9]\d{6,7}")
_LONGEST = 19  # 一个号码至多这么多位（18 位身份证号，或多打了一位）
# 要遮的号码至少 11 位数字，数字之间至多隔三个分隔符：没有这样一段的文字一定原样（比逐字数数字快得多）
_CANDIDATE = re.compile(rf"\d(?:{_SEPARATOR}{{0,3}}\d){{10}}")
# 整个部件先找这个：一个数字后面至少 10 个数字或分隔符。每段 _CANDIDATE 都是这样的一段（反过来不一定），
# 而且最左的这样一段不晚于最左的 _CANDIDATE；它简单，扫几 MB 的表快三分之一
_RUN_OF_ELEVEN = re.compile(rf"\d[\d{re.escape(_SEPARATORS)}]{{10}}")


def _plain(text: str) -> str:
    """全角和别的写法的数字都换成 0–9，X 换成大写。"""
    out = []
    for ch in text:
        if ch in _X:
            out.append("X")
        elif ch.isdigit():
            value = unicodedata.digit(ch, None)
            out.append(str(value) if value is not None else ch)
        else:
            out.append(ch)
    return "".join(out)


def _digits(text: str) -> str:
    """只留数字（和末尾的 X），去掉 +86 前缀和分隔符。"""
    plain = _plain(text)
    plain = re.sub(r"^\s*(?:\+|＋|00)?86(?=[\s\-‐‑–—－\u00a0\u3000]?1[3-9])", "", plain)
    return re.sub(r"[^0-9X]", "", plain)


def _other(digits: str) -> str:
    """说不清是哪一类的号码：固定的样子，只露头两位和末两位。"""
    if len(digits) < 8:
        return "****"
    return digits[:2] + "****" + digits[-2:]


def _sensitive(digits: str) -> str | None:
    """一串完整的号码遮成的样子；不是身份证号、手机号时 None。"""
    if _ID18.fullmatch(digits):
        return digits[:4] + "*" * 10 + digits[-4:]
    if _ID15.fullmatch(digits):
        return digits[:4] + "*" * 8 + digits[-3:]
    if _MOBILE.fullmatch(digits):
        return digits[:3] + "****" + digits[-4:]
    return None


def mask_id(text: str) -> str:
    """身份证号列里的值：18 位 1101**********1234，15 位 1101********123，手机号 138****5678，其他 12****34。"""
    digits = _digits(text)
    return _sensitive(digits) or _other(digits)


def mask_phone(text: str) -> str:
    """联系电话列里的值：手机号 138****5678，固定电话 010-****78，其他 12****34。"""
    digits = _digits(text)
    found = _sensitive(digits)
    if found:
        return found
    landline = _LANDLINE.fullmatch(digits)
    if landline:
        area = landline.group(1)
        return (f"{area}-" if area else "") + "****" + digits[-2:]
    return _other(digits)


def _mask_stretch(text: str) -> str:
    """一串里没认出完整号码的一段：短的、日期照原样；别的（少一位、多一位、几个号码粘在一起）一律遮成固定的样子。"""
    digits = _digits(text)
    if len(digits.rstrip("X")) <= 10 or _DATES.fullmatch(text):
        return text
    if digits.startswith("0") and _LANDLINE.fullmatch(digits):
        return text  # 带区号的办公电话
    return _other(digits)


def _mask_run(run: str) -> str:
    """一串数字（可能是几个号码连着写）：先看每一组本身是不是完整的号码，再看连着的几组能不能拼成一个
    （拼的时候要像真的号码：身份证号里的出生日期是日期），各自遮成那个号码的样子。"""
    plain = _plain(run)
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(plain)]
    found: dict[int, tuple[int, str]] = {}  # 第一组 → (最后一组, 遮成的样子)
    for i, (start, end) in enumerate(groups):
        masked = _sensitive(plain[start:end])
        if masked:
            found[i] = (i, masked)
    i = 0
    while i < len(groups):
        if i in found:
            i = found[i][0] + 1
            continue
        span = _joined_number(plain, groups, i, found)
        if span:
            found[i] = span
        i = span[0] + 1 if span else i + 1
    out, done = [], 0
    for i in sorted(found):
        j, masked = found[i]
        out += [_mask_stretch(run[done:groups[i][0]]), masked]
        done = groups[j][1]
    out.append(_mask_stretch(run[done:]))
    return "".join(out)


def _joined_number(plain: str, groups: list[tuple[int, int]], i: int, found: dict) -> tuple[int, str] | None:
    """从第 i 组起，连着的几组（不含已认出的）拼成的最长的、像真的号码：(最后一组, 遮成的样子)。"""
    digits, best = "", None
    for j in range(i, len(groups)):
        if j in found:
            break
        digits += plain[groups[j][0]:groups[j][1]]
        if len(digits) > _LONGEST:
            break
        masked = _sensitive(digits)
        if masked and j > i and _plausible(digits):
            best = (j, masked)
    return best


_MONTH_DAY = re.compile(r"(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")


def _plausible(digits: str) -> bool:
    """几组拼成的号码像不像真的：手机号看开头；身份证号看里面的出生日期（免得把日期和别的数字拼成“身份证号”）。"""
    if len(digits) == 11:
        return True
    if len(digits) == 18:
        return digits[6:8] in ("19", "20") and bool(_MONTH_DAY.fullmatch(digits[10:14]))
    return bool(_MONTH_DAY.fullmatch(digits[8:12]))


# 校验码（SHA-256 之类 32 位以上的十六进制串）：不是谁的号码，整串照原样
_DIGEST = re.compile(r"(?<![0-9A-Za-z])[0-9A-Fa-f]{32,}(?![0-9A-Za-z])")


def mask_text(text: str) -> str:
    """文字里凡是像身份证号、手机号的，都遮掉；别的字一个不动。"""
    if not text or not _CANDIDATE.search(text):
        return text
    pieces, done = [], 0
    for digest in _DIGEST.finditer(text):
        pieces += [_RUN.sub(lambda m: _mask_run(m.group(0)), text[done:digest.start()]), digest.group(0)]
        done = digest.end()
    pieces.append(_RUN.sub(lambda m: _mask_run(m.group(0)), text[done:]))
    return "".join(pieces)


def mask(value, sensitive: str | None = None) -> str:
    """一格的值的文字：身份证号、联系电话列按列遮；别的列按内容遮。"""
    text = value_text(value)
    if sensitive == ID:
        return mask_id(text)
    if sensitive == PHONE:
        return mask_phone(text)
    return mask_text(text)


def has_sensitive_number(text: str) -> bool:
    """文字里有没有像身份证号、手机号的号码（要遮的）。"""
    return bool(text) and mask_text(text) != text


# ---------------------------------------------------------------- 整个文件


_TEXT = re.compile(r">([^<]+)<")
_ATTRIBUTE = re.compile(r"""(\s[\w:.-]+=)(["'])(.*?)\2""", re.S)
_CELL = re.compile(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_VALUE = re.compile(r"<v>([^<]*)</v>")
_TYPE = re.compile(r"""\st=(["'])(.*?)\1""")
_FORMAT_CODE = re.compile(r"""(formatCode=)(["'])(.*?)\2""", re.S)
_QUOTED = re.compile(r"&quot;.*?&quot;|\".*?\"")


def _masked_xml_text(escaped: str) -> str:
    plain = html.unescape(escaped)
    masked = mask_text(plain)
    return escaped if masked == plain else html.escape(masked, quote=True)


def _mask_texts(xml: str) -> str:
    xml = _TEXT.sub(lambda m: ">" + _masked_xml_text(m.group(1)) + "<", xml)
    return _ATTRIBUTE.sub(lambda m: m.group(1) + m.group(2) + _masked_xml_text(m.group(3)) + m.group(2), xml)


def _mask_cell(match: re.Match) -> str:
    """工作表里的数字格：像号码的数字改成遮过的文字（不然就成了坏的数字）。"""
    attributes, inner = match.group(1), match.group(2)
    kind = _TYPE.search(attributes)
    if inner is None or (kind and kind.group(2) not in ("n", "")):
        return match.group(0)
    value = _VALUE.search(inner)
    if value is None:
        return match.group(0)
    text = value.group(1)
    try:
        number = float(text)
        text = str(int(number)) if number.is_integer() else text
    except ValueError:
        pass
    masked = mask_text(text)
    if masked == text:
        return match.group(0)
    attributes = _TYPE.sub("", attributes)
    return f'<c{attributes} t="inlineStr"><is><t>{html.escape(masked)}</t></is></c>'


def _mask_styles(xml: str) -> str:
    """数字格式里只有引号里的字是要印出来的文字（"电话13812345678"0）；格式代码本身不动。"""

    def code(m: re.Match) -> str:
        inner = _QUOTED.sub(lambda q: _masked_xml_text(q.group(0)), m.group(3))
        return m.group(1) + m.group(2) + inner + m.group(2)

    return _FORMAT_CODE.sub(code, xml)


# 一段文字被拆成几段（Word 的段落里的几个 run、Excel 的富文本）：号码可能跨在两段上
_BLOCK = re.compile(r"<(w:p|si|is|a:p)\b[^>]*?(?<!/)>.*?</\1>", re.S)
_PIECE = re.compile(r"(<(?:w:|a:)?t(?:\s[^>]*)?>)([^<]*)(</(?:w:|a:)?t>)")


def _mask_split(match: re.Match) -> str:
    """几段合起来才看得出的号码：遮过的整段放进第一段，其余几段清空（这一段的字形不一样了，但号码不会露出）。"""
    block = match.group(0)
    pieces = list(_PIECE.finditer(block))
    if len(pieces) < 2:
        return block
    joined = "".join(html.unescape(p.group(2)) for p in pieces)
    if not has_sensitive_number(joined):
        return block
    out, done = [], 0
    for i, piece in enumerate(pieces):
        text = html.escape(mask_text(joined), quote=False) if i == 0 else ""
        out += [block[done:piece.start()], piece.group(1), text, piece.group(3)]
        done = piece.end()
    return "".join(out) + block[done:]


# 一段的字，或一段的结尾（段与段之间断开）。只在 </w:p>、</si>、</is> 断：别的段（a:p）可以在 w:p 里面
# findall 给（字, ""）或（"", "/"）：“/”不是数字也不是分隔符，号码断在段的结尾。共同的“<”提到前面：扫得快一倍
_PIECE_OR_END = re.compile(r"<(?:(?:w:|a:)?t(?:\s[^>]*)?>([^<]*)</(?:w:|a:)?t>|(/)(?:w:p|si|is)>)")
# 五个基本实体以外的：字符引用（&#49;、&#x4e2d;），或别的实体
_REFERENCE = re.compile(r"&(?!(?:amp|lt|gt|quot|apos);)(?:#[0-9]+;|#[xX][0-9a-fA-F]+;)?")
_CHARACTER_REFERENCE = re.compile(r"&#(?:[0-9]+|[xX][0-9a-fA-F]+);")
_EXPONENT = re.compile(r"<v>[^<]*[eE]")  # 1.3812345678E10：按数读出来才是 11 位


def _reference_may_hide_a_number(xml: str) -> bool:
    """有没有解开后是数字、分隔符或 X 的引用（openpyxl 把汉字写成 &#20013; 这样的引用：那些不算）。
    按逐段遮时同样的 html.unescape 解开（&#150; 在那里是短横）。"""
    return any(_reference_hides(r) for r in {m.group(0) for m in _REFERENCE.finditer(xml)})


def _reference_hides(reference: str) -> bool:
    if reference == "&":
        return True  # 不认得的实体：当作可能
    char = html.unescape(reference)
    return len(char) != 1 or char.isdigit() or char in _SEPARATORS or char in _X


def _may_hold_number(name: str, xml: str) -> bool:
    """这个部件里可能有要遮的号码吗？没有的话逐段遮也一个字不改（大的报告、汇总表就不用逐段走一遍）。

    要遮的号码在解开实体后的文字里至少是 11 位数字、中间至多隔三个分隔符。引用都解开成汉字之类时，把每个
    引用换成一个既不是数字也不是分隔符的字，号码断在哪里不变：这样的一段在这份 XML 里也在（文字节点、属性值里）；
    拆成几段的文字，把所有 <w:t>/<t>/<a:t> 的字连起来再找一遍（段与段断开；比每一段自己连起来的都长，只会多找到）。"""
    if _reference_may_hide_a_number(xml):
        return True
    view = _CHARACTER_REFERENCE.sub("#", xml) if "&#" in xml else xml
    if _has_candidate(view):
        return True
    if name.lower().startswith("xl/worksheets/") and _EXPONENT.search(view):
        return True
    return _has_candidate("".join(chain.from_iterable(_PIECE_OR_END.findall(view))))


def _has_candidate(text: str) -> bool:
    """与 _CANDIDATE.search(text) 同样的结果：从最左的一段 _RUN_OF_ELEVEN 起找。"""
    run = _RUN_OF_ELEVEN.search(text)
    return run is not None and _CANDIDATE.search(text, run.start()) is not None


# 大的部件（上几级汇总表的明细、元数据有几 MB）先在解压出的字节上粗看：bytes.translate、in、count 都在 C 里，
# 比上面几个正则逐字扫快几倍。ASCII 的数字和分隔符记作 1；非 ASCII 的字节也记作 1（可能是全角数字、别的数字、
# 全角分隔符），只有汉字（UTF-8 首字节 E4–E9，即 U+4000–U+9FFF，里面没有数字和分隔符）的首字节记作 0。
# 要遮的号码至少 11 个字都是数字或分隔符，每个字至少一个字节：没有 11 个连着的 1，就一定没有。
_MAYBE_DIGIT = bytes(
    ord("1") if chr(b).isdigit() or chr(b) in _SEPARATORS or (b >= 0x80 and not 0xE4 <= b <= 0xE9) else ord("0") for b in range(256)
)
_ELEVEN = b"1" * 11
_REFERENCE_BYTES = re.compile(_REFERENCE.pattern.encode("ascii"))  # 引用都是 ASCII：字节上找到的就是文字里的那些
_EXPONENT_BYTES = re.compile(_EXPONENT.pattern.encode("ascii"))
_PIECE_ENDS = (b"</t>", b"</w:t>", b"</a:t>")
_BLOCK_ENDS = (b"</is>", b"</si>", b"</w:p>")
_RUN_AND_BLOCK_ENDS = (*_BLOCK_ENDS, b"</w:r></w:p>", b"</r></is>", b"</r></si>")  # 一段的最后一个 run：后面再没有文字


def _surely_plain(name: str, raw: bytes) -> bool:
    """为真时 _may_hold_number(name, 这些字节的文字) 一定为假（为假时不知道，照常细看）。

    拆成几段的文字连起来才成的号码：每段文字的结尾（</t>）后面紧跟着一段的结尾（</is>、</si>、</w:p>）时，
    连起来的各段之间都断开，找到的只会是一段之内的、上面已经找过的（本工具写的汇总表每格只有一段）；
    不然（报告的一段里有几个 run）看每段文字的最后一个字：不是数字或分隔符，号码就跨不过这里（_pieces_break）。"""
    if _ELEVEN in raw.translate(_MAYBE_DIGIT):
        return False
    if any(_reference_hides(r.decode("ascii")) for r in {m.group(0) for m in _REFERENCE_BYTES.finditer(raw)}):
        return False
    if name.lower().startswith("xl/worksheets/") and _EXPONENT_BYTES.search(raw):
        return False
    for end in _PIECE_ENDS:
        pieces = raw.count(end)
        for block in _BLOCK_ENDS:
            if not pieces:
                break
            pieces -= raw.count(end + block)
        if pieces and not _pieces_break(raw, end):
            return False
    return True


def _pieces_break(raw: bytes, end: bytes) -> bool:
    """以 end 结尾的每段文字，要么紧跟着一段的结尾（中间至多是 run 的结尾），要么最后一个字不是数字或分隔符：连起来也在这里断开。"""
    at = raw.find(end)
    while at != -1:
        if not raw.startswith(_RUN_AND_BLOCK_ENDS, at + len(end)) and _digit_before(raw, at):
            return False
        at = raw.find(end, at + 1)
    return True


_DIGIT_OR_SEPARATOR = re.compile(rf"[\d{re.escape(_SEPARATORS)}]")


def _digit_before(raw: bytes, at: int) -> bool:
    """raw[at] 之前的那个字是不是数字或分隔符（字节不成字时当作是）。"""
    start = at - 1
    while start > 0 and 0x80 <= raw[start] < 0xC0 and at - start < 4:
        start -= 1  # UTF-8 的后续字节：往前找这个字的首字节
    try:
        char = raw[max(start, 0):at].decode("utf-8")
    except UnicodeDecodeError:
        return True
    return _DIGIT_OR_SEPARATOR.fullmatch(char) is not None


def mask_part(name: str, xml: str) -> str:
    """一个 XML 部件：工作表的数字格、数字格式引号里的字、所有文字和属性值，和拆成几段的文字。"""
    if not _may_hold_number(name, xml):
        return xml
    lower = name.lower()
    if lower.endswith("styles.xml"):
        return _mask_styles(xml)
    if lower.startswith("xl/worksheets/"):
        xml = _CELL.sub(_mask_cell, xml)
    return _BLOCK.sub(_mask_split, _mask_texts(xml))


def mask_package(data: bytes) -> bytes:
    """.docx、.xlsx 的每个 XML 部件都按内容遮一遍：最后一道关，漏掉的地方（属性、批注、页眉页脚）也遮上。
    没有要遮的就原样返回同样的字节；有的话只重写改了的部件，其余条目（顺序、时间）不变。"""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        changed: dict[str, bytes] = {}
        for info in zf.infolist():
            if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            raw = zf.read(info)
            if _surely_plain(info.filename, raw):
                continue
            try:
                xml = raw.decode("utf-8")
            except UnicodeDecodeError:
                continue
            masked = mask_part(info.filename, xml)
            if masked != xml:
                changed[info.filename] = masked.encode("utf-8")
        if not changed:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in zf.infolist():
                copy.writestr(info, changed.get(info.filename) or zf.read(info), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()

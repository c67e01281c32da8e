"""表头：在表格上方几行里找出表头占哪几行，每一列对到标准的哪一列。

    find_band(rows, lookup, scan)       前 scan 个有内容的行里找表头 → (读过的行, HeaderBand 或 None)
    forced_band(scanned, first, last, merges)   合并单元格说明表头还往下延伸时：指定第 first–last 行为表头
    band_extent(band, merges)           合并单元格显示表头其实到第几行（没有延伸时就是 band.last）
    place_headers(band, lookup, spec)   每一列的表头 → [HeaderCell]（标准列、写错的表头、分组标题）
    describe_layout(band, merges)       给用户看的一句：“表头占第1-2行，第1行是合并的分组标题”
    match_header(text, lookup)          一格表头的文字 → 标准列（别名、全角、换行、末尾的说明都认）

真实的表格常有两行表头：第 1 行是合并的分组标题（“出勤情况”跨三列），第 2 行是真正的列名，
其余列名上下合并占两行。表头最多占 MAX_HEADER_ROWS 行；数据从表头最后一行的下一行开始。
合并单元格在工作表 XML 的末尾，逐格流式读时要读完才知道：先不看合并单元格找一遍，
读完发现表头其实更高（见 band_extent），再按合并单元格重读一遍（tables.py）。

写错一个字的表头（出身日期、开使日期）按最接近的标准列读，并提醒一次（near_column）：
两个不同的标准列都接近时不猜；本身就是某个标准列名或别名的表头不改读成别的列。
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from toolkit import standard
from toolkit.standard import Column, Sheet
from toolkit.text import clean_text, header_key
from toolkit.workbook.cells import Cell, column_letter

__all__ = [
    "MAX_HEADER_ROWS",
    "HeaderBand",
    "HeaderCell",
    "find_band",
    "forced_band",
    "band_extent",
    "place_headers",
    "describe_layout",
    "match_header",
    "near_column",
    "column_lookup",
]

MAX_HEADER_ROWS = 5  # 表头最多占这么多行
HEADER_TEXT_LIMIT = 30  # 表头的一格不会比这更长：更长的是数据

_HINT_SUFFIX = re.compile(r"[（(][^（）()]*[)）]$")


@dataclass
class HeaderBand:
    """表头占的行：第 first 到 last 行；rows 是这几行的单元格（行号 → {列号: 文字}）。"""

    first: int
    last: int
    rows: dict[int, dict[int, str]]
    groups: dict[int, dict[int, str]] = field(default_factory=dict)  # 横向合并覆盖到的格：只当分组标题

    @property
    def indexes(self) -> set[int]:
        """有表头文字的列。"""
        return {i for cells in self.rows.values() for i in cells}


@dataclass(frozen=True)
class HeaderCell:
    """表头里对上一列的那一格。"""

    index: int  # 1 起的列号
    text: str  # 用来对列的那一格的原样文字（对不上时是最下面一格有字的）
    row: int  # 这段文字所在的行
    column: Column | None  # 对上的标准列；None 表示对不上
    near: str = ""  # 写错的表头：按哪个标准名字（或别名）读的；完全对上时为空
    group: str = ""  # 上方的分组标题（如“出勤情况”）

    @property
    def letter(self) -> str:
        return column_letter(self.index)


# ---------------------------------------------------------------- 对上标准列


_LOOKUPS: dict[int, tuple[Sheet, dict[str, Column]]] = {}  # id(表的声明) → (声明, 对照)：每张表每本工作簿都要用


def column_lookup(spec: Sheet) -> dict[str, Column]:
    """比较用的键（header_key）→ 标准列：先是列名，再是别名（别名不会盖过别的列的列名）。
    按声明记住（声明是不可变的）；拿到的对照只读，不要改。"""
    cached = _LOOKUPS.get(id(spec))
    if cached is not None and cached[0] is spec:
        return cached[1]
    lookup: dict[str, Column] = {}
    for column in spec.columns:
        lookup.setdefault(header_key(column.name), column)
    for column in spec.columns:
        for alias in column.aliases:
            lookup.setdefault(header_key(alias), column)
    if len(_LOOKUPS) < 64:  # 标准里只有几张表；测试自己造的声明也不会多
        _LOOKUPS[id(spec)] = (spec, lookup)
    return lookup


def match_header(text: str, lookup: dict[str, Column]) -> Column | None:
    key = header_key(text)
    if not key:
        return None
    if key in lookup:
        return lookup[key]
    stripped = _HINT_SUFFIX.sub("", key)  # “出生日期（年-月-日）”
    return lookup.get(stripped) if stripped != key else None


def _protected() -> frozenset[str]:
    """标准里任何一张表的列名、别名、键值表的表头：写成这样的表头是有意的，不当作写错的字。"""
    keys = {header_key(h) for h in standard.KEYVALUE_HEADERS}
    for spec in standard.SHEETS:
        for column in spec.columns:
            keys.update(header_key(n) for n in (column.name, *column.aliases))
    return frozenset(keys)


_PROTECTED = _protected()


def near_column(text: str, lookup: dict[str, Column], taken: frozenset[str] = frozenset()) -> tuple[Column, str] | None:
    """只错一个字（或两个字颠倒）的表头 → (标准列, 它接近的那个写法)；不接近、或接近两个不同的列时是 None。
    taken：表里已经有（写对了）的标准列，不再考虑（“姓别”在已有“姓名”时只能是“性别”）。"""
    key = _HINT_SUFFIX.sub("", header_key(text)) or header_key(text)
    if len(key) < 2 or key in _PROTECTED or header_key(text) in _PROTECTED:
        return None
    found: dict[str, tuple[Column, str]] = {}
    for target, column in lookup.items():
        if column.name in taken or not _one_slip(key, target):
            continue
        # 两个字的名字错一个字就只剩一个字相同（“工号”和“序号”）：只为缺了就是错误的必填列猜
        if len(target) <= 2 and column.need != standard.REQUIRED:
            continue
        found.setdefault(column.name, (column, target))
    if len(found) != 1:
        return None
    column, target = next(iter(found.values()))
    spelled = next((n for n in (column.name, *column.aliases) if header_key(n) == target), column.name)
    return column, spelled


def _one_slip(typed: str, target: str) -> bool:
    """typed 是 target 错了一个字：换了一个字、相邻两字颠倒；四个字以上的名字也认多一个字或少一个字。
    两三个字的名字只认换字和颠倒（“应到”“实到”这样的短名字互相只差一个字，多字少字太容易认错）。"""
    if typed == target:
        return False
    if len(typed) == len(target):
        diffs = [i for i, (a, b) in enumerate(zip(typed, target)) if a != b]
        if len(diffs) == 1:
            return True
        return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and typed[diffs[0]] == target[diffs[1]] and typed[diffs[1]] == target[diffs[0]]
    if len(target) < 4 or abs(len(typed) - len(target)) != 1:
        return False
    short, long_ = (typed, target) if len(typed) < len(target) else (target, typed)
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1 :] == short:
            return True
    return False


# ---------------------------------------------------------------- 找表头占的行


def _texts(cells: dict[int, Cell]) -> dict[int, str] | None:
    """一行的表头文字 {列号: 文字}；有不是文字的格（数字、日期）或太长的文字时是 None（这一行像数据）。"""
    texts = _strings(cells)
    if len(texts) != sum(1 for c in cells.values() if c.value is not None):
        return None
    if any(len(t) > HEADER_TEXT_LIMIT for t in texts.values()):
        return None
    return {i: t for i, t in texts.items() if t}


def _strings(cells: dict[int, Cell]) -> dict[int, str]:
    """一行里是文字的格 {列号: 清理后的文字}（数字、日期不算）。"""
    return {i: clean_text(c.value) for i, c in cells.items() if isinstance(c.value, str) and c.kind == "value"}


def _written(cells: dict[int, Cell]) -> dict[int, str]:
    """表头行里每一格写着的字（数字也照写出来：对不上标准列，但要说出它在哪一列）。"""
    texts = {}
    for index, cell in cells.items():
        if cell.value is not None and (text := clean_text(str(cell.value))):
            texts[index] = text
    return texts


def _matches(texts: dict[int, str] | None, lookup: dict[str, Column]) -> dict[int, str]:
    """一行里对上标准列的格：列号 → 标准列名。"""
    found = {}
    for index, text in (texts or {}).items():
        column = match_header(text, lookup)
        if column is not None:
            found[index] = column.name
    return found


def find_band(rows, lookup: dict[str, Column], scan: int, complete: int) -> tuple[list, HeaderBand | None]:
    """在前 scan 个有内容的行里找表头：对上标准列最多的那几行（最多 MAX_HEADER_ROWS 行，行号相连）。
    complete 是标准列的个数：一行就对全了，再往下看几行（合并单元格要看下面几行是不是空的）便不再读。
    返回（读过的行, 表头；找不到是 None）。"""
    scanned: list = []
    facts: list[tuple[int, dict[int, str] | None, dict[int, str]]] = []
    stop = scan
    for item in rows:
        scanned.append(item)
        texts = _texts(item[2])  # 只有下面几行要“像表头”；第一行有个数字、日期也照样可以是表头
        found = _matches(_strings(item[2]), lookup)
        facts.append((item[0], texts, found))
        if len(set(found.values())) >= complete:
            stop = min(stop, len(scanned) + MAX_HEADER_ROWS - 1)
        if len(scanned) >= stop:
            break
    best, best_score = None, 0
    for start in range(len(facts)):
        best, best_score = _better(facts, start, best, best_score)
    if best is None:
        return scanned, None
    first, last = best
    band_rows = {n: _written(cells) for n, _h, cells in scanned if first <= n <= last}
    return scanned, HeaderBand(first, last, band_rows)


def _better(facts: list, start: int, best, best_score: int):
    """从第 start 个行起的表头（尽量往下延伸）比目前最好的更好时换成它；同样好时留着靠上的。"""
    number, _texts_, found = facts[start]
    if not found:
        return best, best_score
    names = set(found.values())
    placed = dict(found)  # 列号 → 标准列名
    last = number
    for next_number, texts, more in facts[start + 1 : start + MAX_HEADER_ROWS]:
        new = set(more.values()) - names
        clash = any(i in placed and placed[i] != name for i, name in more.items())
        if next_number != last + 1 or texts is None or not new or clash:
            break
        names |= new
        placed.update(more)
        last = next_number
    if len(names) > best_score:
        return (number, last), len(names)
    return best, best_score


def forced_band(scanned: list, first: int, last: int, merges) -> HeaderBand:
    """第 first–last 行是表头（合并单元格这样说明）：合并的格，上下合并的当作每一行都写着它，
    左右合并的当作上方的分组标题。"""
    rows = {n: _written(cells) for n, _hidden, cells in scanned if first <= n <= last}
    for n in range(first, last + 1):
        rows.setdefault(n, {})
    groups: dict[int, dict[int, str]] = {n: {} for n in rows}
    for min_row, min_col, max_row, max_col in merges:
        text = rows.get(min_row, {}).get(min_col)
        if text is None or not first <= min_row <= last:
            continue
        for n in range(min_row, min(max_row, last) + 1):
            rows[n].setdefault(min_col, text)
            for col in range(min_col + 1, max_col + 1):
                groups[n].setdefault(col, text)
    return HeaderBand(first, last, rows, groups)


def band_extent(band: HeaderBand, scanned: list, merges, lookup: dict[str, Column]) -> int:
    """合并单元格显示表头到第几行：表头里的格往下合并，或最下一行有跨列的分组标题、下一行是它下面的列名。
    延伸到的行必须像表头（只有不长的文字），而且在已对上标准列的那几列里是空的——不然它是数据。"""
    rows = {n: (_texts(cells), cells) for n, _hidden, cells in scanned}
    placed = {i for texts in band.rows.values() for i, t in texts.items() if match_header(t, lookup)}
    limit = band.first + MAX_HEADER_ROWS - 1
    last = band.last
    for min_row, min_col, max_row, max_col in merges:
        text = band.rows.get(min_row, {}).get(min_col)
        if text is None:
            continue
        if max_row > last and max_row <= limit:
            reach = max_row
        elif min_row == max_row == band.last and max_col > min_col and not match_header(text, lookup):
            reach = band.last + 1
        else:
            continue
        covered = set(range(min_col, max_col + 1))
        if all(_header_like(rows.get(n), placed - covered) for n in range(last + 1, reach + 1)):
            last = max(last, reach)
    return last


def _header_like(row, placed: set[int]) -> bool:
    """合并单元格说是表头的一行：没有这一行（全空），或只有不长的文字、且不在已对上标准列的列里。"""
    if row is None:
        return True
    texts, cells = row
    return texts is not None and not (placed & set(cells))


# ---------------------------------------------------------------- 每一列的表头


def place_headers(band: HeaderBand, lookup: dict[str, Column]) -> list[HeaderCell]:
    """表头里每一列：最下面一格对得上标准列的；都对不上时看是不是写错了一个字（接近一个还没有的标准列）。"""
    exact: dict[int, HeaderCell] = {}
    unknown: dict[int, HeaderCell] = {}
    for index in sorted(band.indexes):
        stack = [(n, band.rows[n][index]) for n in sorted(band.rows) if index in band.rows[n]]
        group = _group_above(band, index, stack)
        hit = next(((n, t, c) for n, t in reversed(stack) if (c := match_header(t, lookup))), None)
        if hit is not None:
            exact[index] = HeaderCell(index, hit[1], hit[0], hit[2], group=group)
        else:
            unknown[index] = HeaderCell(index, stack[-1][1], stack[-1][0], None, group=group)
    taken = frozenset(cell.column.name for cell in exact.values())
    guesses: dict[int, HeaderCell] = {}
    for index, cell in unknown.items():
        stack = [(n, band.rows[n][index]) for n in sorted(band.rows, reverse=True) if index in band.rows[n]]
        near = next(((n, t, hit) for n, t in stack if (hit := near_column(t, lookup, taken))), None)
        if near is not None:
            guesses[index] = HeaderCell(index, near[1], near[0], near[2][0], near=near[2][1], group=cell.group)
    # 两个写错的表头接近同一个标准列：不猜，都照原样说
    counts: dict[str, int] = {}
    for cell in guesses.values():
        counts[cell.column.name] = counts.get(cell.column.name, 0) + 1
    for index, cell in guesses.items():
        if counts[cell.column.name] == 1:
            unknown[index] = cell
    return [exact.get(i) or unknown[i] for i in sorted(band.indexes)]


def _group_above(band: HeaderBand, index: int, stack: list[tuple[int, str]]) -> str:
    """这一列上方的分组标题：左右合并覆盖到它的格，或它上面几行里与它不同的文字。"""
    for n in sorted(band.groups):
        if index in band.groups[n]:
            return band.groups[n][index]
    bottom = stack[-1][1] if stack else ""
    above = [t for _n, t in stack[:-1] if t != bottom]
    return above[-1] if above else ""


def _over_another(band: HeaderBand, number: int, index: int, text: str) -> bool:
    """第 number 行第 index 列的文字下面（表头的下几行里）同一列另有不同的文字。"""
    return any(band.rows[m].get(index, text) != text for m in band.rows if m > number)


def describe_layout(band: HeaderBand, merges) -> str:
    """给用户看表头是什么样子：第几行；多行时哪一行是合并的分组标题、哪些表头上下合并。"""
    if band.first == band.last:
        where = f"表头在第{band.first}行"
    else:
        where = f"表头占第{band.first}-{band.last}行"
    groups: dict[int, list[str]] = {}
    merged_down = False
    for min_row, min_col, max_row, max_col in merges:
        text = band.rows.get(min_row, {}).get(min_col)
        if text is None:
            continue
        if max_col > min_col and min_row < band.last:
            groups.setdefault(min_row, []).append(f"「{text}」")
        if max_row > min_row:
            merged_down = True
    parts = [where]
    for n in sorted(groups):
        parts.append(f"第{n}行是合并的分组标题{'、'.join(groups[n])}")
    for n in sorted(band.rows):  # 没有合并、只是写在上一行的分组标题（下面一行同一列另有列名）
        plain = [f"「{t}」" for i, t in band.rows[n].items() if n not in groups and _over_another(band, n, i, t)]
        if plain:
            parts.append(f"第{n}行是分组标题{'、'.join(plain)}")
    if merged_down:
        parts.append("有的表头上下合并" if groups else "表头里有上下合并的格")
    return "，".join(parts)

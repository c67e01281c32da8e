"""标题断行（GB/T 9704-2012 7.3.1）：每行至多 20 字（style.TITLE_MAX_CHARS），在词与词之间断，成梯形或菱形。

词与词之间由分词（rjieba：加载约 0.1 毫秒，jieba 要 1.8 秒）定；templates/terms.txt 里的规范提法
（习近平新时代中国特色社会主义思想、不忘初心、牢记使命、党史学习教育……）总是整个放在一行里。
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from toolkit.style import TITLE_MAX_CHARS

_CJK_START = 0x2E80  # 从这里起是中日韩文字和全角符号


def is_full_width(ch: str) -> bool:
    """占一个字宽的字符：汉字、全角标点，还有中文里的引号、破折号、省略号。"""
    return ord(ch) >= _CJK_START or ch in "“”‘’—…"


class Widths(dict):
    """每个字的宽度只判断一次（附件表有上万格，字却只有几千种）。"""

    def __init__(self, full: float, half: float):
        super().__init__()
        self.full, self.half = full, half

    def __missing__(self, ch: str) -> float:
        width = self[ch] = self.full if is_full_width(ch) else self.half
        return width


_TEXT_WIDTHS = Widths(1.0, 0.5)


def text_width(text: str) -> float:
    """宽度（全角字为 1，半角为 ½）。"""
    return sum(map(_TEXT_WIDTHS.__getitem__, text))


def without_end_punctuation(title: str) -> str:
    """标题末尾不用标点（7.3.1）。"""
    return title.rstrip("。.，,；;：:！!？?")


# 行首不放的标点（并到前一段上）、行尾不放的标点（并到后一段上）
_CLOSING = "，。、；：？！”’）》)"
_OPENING = "“‘（《("
_PAIRS = {"“": "”", "《": "》", "（": "）", "(": ")", "‘": "’"}
_NOT_BEFORE_ACTIVITY = ("开展", "关于")  # “开展/活动”可以断开；别的词后面的“活动”跟着它（“创先争优活动”）
TERMS_FILE = "terms.txt"


@lru_cache(maxsize=1)
def official_terms() -> tuple[str, ...]:
    """不拆开的规范提法（templates/terms.txt，一行一个），长的在前。"""
    package = Path(__file__).resolve().parent.parent  # toolkit/
    for candidate in (package / "templates" / TERMS_FILE, package.parent / "templates" / TERMS_FILE):
        if candidate.is_file():
            lines = candidate.read_text(encoding="utf-8").splitlines()
            terms = {line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")}
            return tuple(sorted(terms, key=len, reverse=True))
    return ()


@lru_cache(maxsize=1)
def _terms_and_widths() -> tuple[tuple[str, float], ...]:
    """规范提法和它们的宽度：每断一格都要看一遍全部提法，宽度只量一次。"""
    return tuple((term, text_width(term)) for term in official_terms())


@lru_cache(maxsize=1 << 14)
def word_cuts(text: str) -> frozenset[int]:
    """分词（rjieba）给出的词与词之间的位置（1 … len-1）。"""
    import rjieba  # 只有断标题时才加载词典

    # 单独的代理码位（坏文件里才有）编码不成 UTF-8：分词时换成一个同样占一位的字，位置不变
    safe = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    cuts, at = set(), 0
    for word in rjieba.cut(safe):
        at += len(word)
        cuts.add(at)
    return frozenset(cuts - {0, len(text)})


def _kept_inside(text: str, width: float, keep: tuple[str, ...]) -> set[int]:
    """不许断的位置：规范提法、给定的整体（支部名称等）、引号书名号里、数字串里、标点前后、“××活动”中间。"""
    inside: set[int] = set()
    for term, term_width in (*((k, text_width(k)) for k in keep), *_terms_and_widths()):
        if not term or term_width > width:
            continue
        start = text.find(term)
        while start != -1:
            inside.update(range(start + 1, start + len(term)))
            start = text.find(term, start + 1)
    for i, ch in enumerate(text):
        end = text.find(_PAIRS[ch], i + 1) if ch in _PAIRS else -1
        if end != -1 and text_width(text[i : end + 1]) <= width:
            inside.update(range(i + 1, end + 1))
        if i and (ch in _CLOSING or text[i - 1] in _OPENING or (_ascii_word(text[i - 1]) and _ascii_word(ch)) or _number_and_unit(text[i - 1], ch)):
            inside.add(i)
    return inside


def _number_and_unit(before: str, after: str) -> bool:
    """数和它的单位不分开：2021年、7月、3个、第3。"""
    return (before.isascii() and before.isdigit() and not after.isascii()) or (before == "第" and after.isascii() and after.isdigit())


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".-")


def _activity_joins(text: str, cuts: set[int]) -> set[int]:
    """“活动”跟着前面的活动名称（“创先争优活动”不拆成两行），但“开展/活动”可以断。"""
    joined = set()
    start = text.find("活动")
    while start != -1:
        before = max((c for c in cuts | {0} if c < start), default=0)
        if start in cuts and text[before:start] not in _NOT_BEFORE_ACTIVITY:
            joined.add(start)
        start = text.find("活动", start + 1)
    return joined


@lru_cache(maxsize=1 << 14)  # 附件表里同样的名称、日期一再出现：每种只分一次词
def good_breaks(text: str, width: float = float("inf"), keep: tuple[str, ...] = ()) -> frozenset[int]:
    """可以断行的位置：分词的词与词之间，除去规范提法、引号书名号里（放得下 width 时）、数字串里、标点前后。"""
    kept = _kept_inside(text, width, keep)
    if len(kept) >= len(text) - 1:  # 处处都不许断（日期、数字串、一整个提法）：不必为此加载分词的词典
        return frozenset()
    cuts = word_cuts(text)
    return cuts - kept - _activity_joins(text, cuts)


def _tokens(text: str, width: float, keep: tuple[str, ...] = ()) -> list[str]:
    """把标题切成不可拆的小段：只在分词的词与词之间切，规范提法、引号里的整体、数字串不切开；
    一段比一行还宽时，退回到分词的切法。"""
    allowed = sorted(good_breaks(text, width, keep))
    tokens = []
    for a, b in zip([0, *allowed], [*allowed, len(text)]):
        piece = text[a:b]
        if text_width(piece) <= width:
            tokens.append(piece)
            continue
        inner = sorted(c for c in word_cuts(text) if a < c < b)
        tokens += [text[x:y] for x, y in zip([a, *inner], [*inner, b])]
    return tokens


def break_title(text: str, width: float = TITLE_MAX_CHARS, keep: tuple[str, ...] = ()) -> tuple[str, ...]:
    """把标题断成每行不超过 width 字（版面方案的 title_max_chars，默认 20）的几行，
    在词与词之间断，成梯形（上长下短）或菱形（中间最长）。keep 里的（如支部名称）放得下一行时不拆开。

    先定行数（最少的行数），再在梯形、菱形的断法里找各行最均匀的；没有时多断一行再找。
    """
    text = text.strip()
    if text_width(text) <= width:
        return (text,)
    tokens = _tokens(text, width, tuple(keep))
    widths = [text_width(t) for t in tokens]
    n = len(tokens)
    total = sum(widths)
    lines_needed = int(-(-total // width))
    if lines_needed > 3:  # 标题不该这么长；逐行填满即可，不做穷举
        return _greedy(tokens, widths, width)
    # 最少的行数里没有梯形或菱形的断法时，多断一行再找（至多 4 行），仍没有才用倒梯形
    fallback = None
    for line_count in range(lines_needed, min(n, 4) + 1):
        found = _best_split(widths, line_count, width)
        if found is None:
            continue
        rank, best = found
        cuts = [0, *best, n]
        lines = tuple("".join(tokens[a:b]) for a, b in zip(cuts, cuts[1:]))
        if rank < 2:
            return lines
        fallback = fallback or lines
    return fallback or _greedy(tokens, widths, width)


def _greedy(tokens: list[str], widths: list[float], width: float) -> tuple[str, ...]:
    lines, current, used = [], "", 0.0
    for token, w in zip(tokens, widths):
        if current and used + w > width:
            lines.append(current)
            current, used = "", 0.0
        while w > width:  # 一个超长的“词”：只能硬断
            cut = _fit(token, width)
            lines.append(token[:cut])
            token = token[cut:]
            w = text_width(token)
        current += token
        used += w
    if current:
        lines.append(current)
    return tuple(lines)


def _fit(token: str, width: float) -> int:
    used = 0.0
    for i, ch in enumerate(token):
        used += text_width(ch)
        if used > width:
            return max(i, 1)
    return len(token)


def _shape_rank(lines: list[float]) -> int:
    """0 梯形（上长下短）、1 菱形（中间最长）、2 其他（如倒梯形：7.3.1 不许）。"""
    if all(x >= y for x, y in zip(lines, lines[1:])):
        return 0
    peak = lines.index(max(lines))
    rising, falling = lines[: peak + 1], lines[peak:]
    if peak < len(lines) - 1 and rising == sorted(rising) and falling == sorted(falling, reverse=True):
        return 1
    return 2


def _best_split(widths: list[float], line_count: int, width: float) -> tuple[int, list[int]] | None:
    """在 line_count 行里找最好的断点：每行 ≤ width，梯形优先、菱形其次，各行尽量均匀。"""
    n = len(widths)
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)
    best_key, best_cuts = None, None

    def search(start: int, remaining: int, cuts: list[int]):
        nonlocal best_key, best_cuts
        if remaining == 1:
            if prefix[n] - prefix[start] <= width:
                all_cuts = [0, *cuts, n]
                lines = [prefix[b] - prefix[a] for a, b in zip(all_cuts, all_cuts[1:])]
                key = (_shape_rank(lines), max(lines) - min(lines))
                if best_key is None or key < best_key:
                    best_key, best_cuts = key, list(cuts)
            return
        for end in range(start + 1, n - remaining + 2):
            if prefix[end] - prefix[start] > width:
                break
            search(end, remaining - 1, cuts + [end])

    search(0, line_count, [])
    return None if best_key is None else (best_key[0], best_cuts)

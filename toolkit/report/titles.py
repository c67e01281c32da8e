"""标题断行（GB/T 9704-2012 7.3.1）：每行至多 20 字（style.TITLE_MAX_CHARS），在词与词之间断，成梯形或菱形。"""

from __future__ import annotations

from toolkit.style import TITLE_MAX_CHARS

_CJK_START = 0x2E80  # 从这里起是中日韩文字和全角符号


def is_full_width(ch: str) -> bool:
    """占一个字宽的字符：汉字、全角标点，还有中文里的引号、破折号、省略号。"""
    return ord(ch) >= _CJK_START or ch in "“”‘’—…"


def text_width(text: str) -> float:
    """宽度（全角字为 1，半角为 ½）。"""
    return sum(1.0 if is_full_width(ch) else 0.5 for ch in text)


def without_end_punctuation(title: str) -> str:
    """标题末尾不用标点（7.3.1）。"""
    return title.rstrip("。.，,；;：:！!？?")


# 断行时不拆开的词：机关名称、常见的报告用语。其中“支部”“党支部”与工作簿的可选值（承诺主体）只是字面相同，
# 意思不同：所以写成一串、用空格隔开，不当作对标准声明的引用
_WORDS = tuple(
    """
    阶段性工作情况汇报 阶段性工作情况 阶段性工作
    党支部 党总支 党委 委员会 支部 阶段性 工作情况 情况汇报 汇报 创先争优
    两学一做学习教育 两学一做 党史学习教育 学习教育 主题教育 活动 开展 关于 工作 情况 总结
    """.split()
)


def _tokens(text: str, width: float) -> list[str]:
    """把标题切成不可拆的小段：引号、书名号里的整体，常用词，数字串，单字。"""
    tokens: list[str] = []
    i = 0
    pairs = {"“": "”", "《": "》", "（": "）", "(": ")", "‘": "’"}
    while i < len(text):
        ch = text[i]
        if ch in pairs:
            end = text.find(pairs[ch], i + 1)
            if end != -1 and text_width(text[i : end + 1]) <= width:
                tokens.append(text[i : end + 1])
                i = end + 1
                continue
        if ch.isascii() and ch.isalnum():
            j = i
            while j < len(text) and text[j].isascii() and (text[j].isalnum() or text[j] in ".-"):
                j += 1
            tokens.append(text[i:j])
            i = j
            continue
        word = next((w for w in sorted(_WORDS, key=len, reverse=True) if text.startswith(w, i)), None)
        if word:
            tokens.append(word)
            i += len(word)
            continue
        tokens.append(ch)
        i += 1
    # 标点不放在行首：并到前一段上；“活动”跟着活动名称（“创先争优活动”不拆成两行）
    merged: list[str] = []
    for token in tokens:
        if merged and (token in "，。、；：？！”’）》" or (token == "活动" and merged[-1] not in ("开展", "关于"))):
            merged[-1] += token
        else:
            merged.append(token)
    return merged


def break_title(text: str, width: float = TITLE_MAX_CHARS) -> tuple[str, ...]:
    """把标题断成每行不超过 width 字（版面方案的 title_max_chars，默认 20）的几行，
    在词与词之间断，成梯形（上长下短）或菱形（中间最长）。

    先定行数（最少的行数），再在梯形、菱形的断法里找各行最均匀的；没有时多断一行再找。
    """
    text = text.strip()
    if text_width(text) <= width:
        return (text,)
    tokens = _tokens(text, width)
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

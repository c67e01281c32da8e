"""行、跨行、跨表的规则：单元格都已读成正确的值之后，检查它们彼此是否说得通。

    check_branch(branch, reported=()) -> list[Finding]

约定（一个根因只报一次）：
- 值为 None（没填，或读取时已报错）的格，这里不再为它说话；
- 文件里没有的列（Source.letters 里没有字母），有关的规则一律不说话；
- reported 是读取阶段已经报过的发现：报过错的格当作“不知道”，
  条件必填（如正式党员的转正日期）不会再报一次“没填”。
- 报告期的起止填反了，凡是要用报告期的规则都跳过（否则每行都会报）。

所有查找都先建好字典（按姓名、按编号、按活动分组），不做“行×行”的循环。
"""

from __future__ import annotations

import bisect
import datetime as dt
import unicodedata
from collections import defaultdict
from typing import Iterable

from toolkit import standard
from toolkit.findings import CATALOGUE, ERROR, Finding, row_ranges
from toolkit.branch.model import Activity, Attendance, Branch, Commitment, Member, Source
from toolkit.checks.values import describe_found, id_birth_date, id_sex, phone_is_valid
from toolkit.text import name_key


# 支委：这些党内职务算作支部委员会成员
COMMITTEE_POSTS = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员", "青年委员")

# 主题党日和“三会一课”
PARTY_LIFE_TYPES = ("主题党日", "支部党员大会", "支部委员会", "党小组会", "党课")

# 名称或内容里出现这些词，多半是文体娱乐活动，不宜算作组织生活
LEISURE_WORDS = (
    "运动会", "田径", "球赛", "比赛", "联欢", "晚会", "聚餐", "聚会", "游览", "旅游", "郊游",
    "春游", "秋游", "踏青", "采摘", "农家乐", "野炊", "烧烤", "拓展训练", "素质拓展", "拓展活动",
    "团建", "K歌", "卡拉OK", "舞会", "拔河", "篮球", "足球", "排球", "羽毛球", "乒乓球", "趣味赛",
)


def check_branch(branch: Branch, reported: Iterable[Finding] = ()) -> list[Finding]:
    rules = _Rules(branch, reported)
    rules.info()
    rules.members()
    rules.activities()
    rules.attendance()
    rules.commitments()
    rules.narrative()
    return rules.findings


# ---------------------------------------------------------------- 小工具


def _day(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 2月29日：按次年3月1日算满
        return dt.date(d.year + years, 3, 1)


def _has(src: Source | None, *columns: str) -> bool:
    if src is None:
        return False
    letters = src.letters  # 每行都要问几次：不用生成器
    for c in columns:
        if not letters.get(c):
            return False
    return True


def _cell(src: Source, column: str) -> str:
    return f"{src.letter(column)}{src.row}"


def _who(src: Source | None) -> str:
    """“第 5 行（张三）”这样指认一行。"""
    if src is None:
        return "另一行"
    ident = "，".join(part.split("：", 1)[-1] for part in src.identity.split("，")) if src.identity else ""
    return f"第 {src.row} 行" + (f"（{ident}）" if ident else "")


def _at(code, src: Source, column: str, value, problem: str, expected: str = "", fix: str = "", sensitive=None) -> Finding:
    return Finding(
        code,
        problem,
        sheet=src.sheet,
        row=src.row,
        column=src.letter(column),
        header=column,
        identity=src.identity,
        found=describe_found(value, sensitive),
        expected=expected,
        fix=fix,
    )


class _Rules:
    def __init__(self, branch: Branch, reported: Iterable[Finding]):
        self.branch = branch
        self.findings: list[Finding] = []
        # 读取时已报错的格：(表, 行, 列字母)
        self.failed = {
            (f.sheet, f.row, f.column) for f in reported if f.row and f.column and CATALOGUE.get(f.code) == ERROR
        }
        info = branch.info
        self.period_ok = not (info.period_start and info.period_end and info.period_end < info.period_start)
        self.period_start = info.period_start if self.period_ok else None
        self.period_end = info.period_end if self.period_ok else None
        self.repeated: set[int] = set()  # 报了“同名无法区分”的行：人数里不再算它
        self.written_ok = not (info.written_on and info.period_end and info.written_on < info.period_end)

        # 党员：按原样姓名、按姓名键
        self.by_name: dict[str, Member] = {}
        self.by_key: dict[str, list[Member]] = defaultdict(list)
        self._keys: dict[str, str] = {}
        for m in branch.members:
            if m.name:
                self.by_name.setdefault(m.name, m)
                self.by_key[self.key(m.name)].append(m)
        self._folds: dict[str, str] | None = None
        # 活动：按编号（重复的取第一行）
        self.by_code: dict[str, Activity] = {}
        self.repeated_codes: set[str] = set()
        for a in branch.activities:
            if a.code:
                if a.code in self.by_code:
                    self.repeated_codes.add(a.code)
                self.by_code.setdefault(a.code, a)

    def near_code(self, code: str) -> str | None:
        """只差大小写、全角半角或空格的编号：“a01”→“A01”。"""
        if self._folds is None:
            self._folds = {}
            for c in self.by_code:
                self._folds.setdefault(_code_fold(c), c)
        return self._folds.get(_code_fold(code))

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def key(self, name: str) -> str:
        k = self._keys.get(name)
        if k is None:
            k = self._keys[name] = name_key(name)
        return k

    def unknown(self, src: Source, column: str) -> bool:
        """这一格读取时已报过错：值不可知。"""
        return (src.sheet, src.row, src.letter(column)) in self.failed

    def blank(self, src: Source | None, column: str, value) -> bool:
        """这一格确实空着（有这一列、没报过错、值为空）。"""
        return _has(src, column) and not self.unknown(src, column) and (value is None or value == "")

    def find_member(self, name: str) -> tuple[Member | None, bool]:
        """（党员, 是否原样一致）。只靠姓名键对上的，第二项为 False。"""
        m = self.by_name.get(name)
        if m is not None:
            return m, True
        same = self.by_key.get(self.key(name))
        return (same[0], False) if same else (None, False)

    # ------------------------------------------------------------ 支部信息

    def info(self) -> None:
        info = self.branch.info
        src = info.sources
        start, end, written = info.period_start, info.period_end, info.written_on
        if start and end and end < start and _has(src.get("报告期结束"), "报告期结束"):
            s = src["报告期结束"]
            other = src.get("报告期开始")
            where = f"{_cell(other, '报告期开始')}：" if _has(other, "报告期开始") else ""
            self.add(
                _at(
                    "info.period_order", s, "报告期结束", end,
                    f"报告期结束（{_day(end)}）早于报告期开始（{where}{_day(start)}），两项可能填反了。",
                    f"不早于报告期开始（{_day(start)}）的日期",
                    "核对后改正报告期结束；若两项填反了，把两格的日期对调",
                )
            )
        if written and end and written < end and _has(src.get("成文日期"), "成文日期"):
            s = src["成文日期"]
            other = src.get("报告期结束")
            where = f"{_cell(other, '报告期结束')}：" if _has(other, "报告期结束") else ""
            self.add(
                _at(
                    "info.written_before_end", s, "成文日期", written,
                    f"成文日期（{_day(written)}）早于报告期结束（{where}{_day(end)}）：报告要在报告期结束以后才能写成。",
                    f"不早于报告期结束（{_day(end)}）的日期；不填时按报告期结束",
                    "改正成文日期，或清空这一格（落款按报告期结束的日期）",
                )
            )

    # ------------------------------------------------------------ 党员名册

    def members(self) -> None:
        end = self.period_end
        secretaries: list[Member] = []
        for m in self.branch.members:
            src = m.source
            if src is None:
                continue
            self._confirmation(m, src)
            if m.birth and m.joined and m.joined < _add_years(m.birth, 18) and _has(src, "入党日期", "出生日期"):
                self.add(
                    _at(
                        "member.join_age", src, "入党日期", m.joined,
                        f"入党日期（{_day(m.joined)}）时未满 18 周岁：出生日期（{_cell(src, '出生日期')}）是 {_day(m.birth)}，"
                        f"年满 18 周岁是 {_day(_add_years(m.birth, 18))}。",
                        f"不早于 {_day(_add_years(m.birth, 18))} 的日期",
                        f"核对入党材料，改正入党日期或 {_cell(src, '出生日期')} 的出生日期",
                    )
                )
            if m.membership == "预备党员" and m.joined and end and _add_years(m.joined, 1) <= end and _has(src, "党员类别"):
                self.add(
                    _at(
                        "member.probation_due", src, "党员类别", m.membership,
                        f"入党日期是 {_day(m.joined)}，到 {_day(_add_years(m.joined, 1))} 预备期已满一年，"
                        f"报告期结束（{_day(end)}）时仍是预备党员，应按期讨论转正。",
                        "已转正的填“正式党员”，并填写转正日期",
                        "把党员类别改为“正式党员”并填写转正日期（已转正的）；延长了预备期或尚待讨论的，可不修改",
                    )
                )
            if m.post == "书记" and _has(src, "党内职务"):
                secretaries.append(m)
            self._id_agrees(m, src)
            if m.phone and not phone_is_valid(m.phone) and _has(src, "联系电话"):
                self.add(
                    _at(
                        "cell.phone_invalid", src, "联系电话", m.phone,
                        "联系电话既不像 11 位手机号，也不像固定电话，可能少了或多了数字。",
                        standard.MEMBERS.column("联系电话").expectation,
                        "核对后重新输入；没有电话的可以留空",
                        sensitive="phone",
                    )
                )
            if m.joined and end and m.joined > end and _has(src, "入党日期"):
                self.add(
                    _at(
                        "member.joined_after_period", src, "入党日期", m.joined,
                        f"入党日期晚于报告期结束（{_day(end)}），这名党员不计入本报告的党员人数。",
                        f"不晚于 {_day(end)} 的日期（若确是报告期后入党，可不修改）",
                        "核对入党日期；确是报告期后入党的可不修改",
                    )
                )
        self._duplicate_names()
        if len(secretaries) > 1:
            rows = "、".join(_who(s.source) for s in secretaries)
            second = secretaries[1]
            self.add(
                _at(
                    "member.secretary_count", second.source, "党内职务", second.post,
                    f"党内职务填“书记”的有 {len(secretaries)} 人：{rows}；一个支部只能有一名书记。",
                    "一名书记；其他人按实际职务选择，如副书记",
                    f"在第 {'、'.join(str(s.source.row) for s in secretaries)} 行中只保留一名“书记”，其余的从下拉列表改选实际职务（如副书记）",
                )
            )

    def _confirmation(self, m: Member, src: Source) -> None:
        """转正日期：正式党员必填、预备党员留空，预备期一到两年。"""
        if m.membership == "正式党员" and self.blank(src, "转正日期", m.confirmed):
            self.add(
                _at(
                    "member.confirmed_missing", src, "转正日期", None,
                    "正式党员必须填写转正日期，这一格是空的。",
                    "转正日期，通常是入党日期后一年" + (f"，如 {_day(_add_years(m.joined, 1))}" if m.joined else ""),
                    "填写转正日期；若还未转正，把党员类别改为“预备党员”",
                )
            )
        elif m.membership == "预备党员" and m.confirmed and _has(src, "转正日期"):
            self.add(
                _at(
                    "member.confirmed_when_probationary", src, "转正日期", m.confirmed,
                    "党员类别是“预备党员”，却填了转正日期。",
                    "预备党员留空；已转正的，党员类别选“正式党员”",
                    "清空转正日期；若已转正，把党员类别改为“正式党员”",
                )
            )
        elif m.membership != "预备党员" and m.confirmed and m.joined and _has(src, "转正日期", "入党日期"):
            one, two = _add_years(m.joined, 1), _add_years(m.joined, 2)
            if m.confirmed < one or m.confirmed > two:
                if m.confirmed < m.joined:
                    why = f"转正日期早于入党日期（{_cell(src, '入党日期')}：{_day(m.joined)}）"
                elif m.confirmed < one:
                    why = f"预备期不满一年（入党日期 {_cell(src, '入党日期')} 是 {_day(m.joined)}，满一年是 {_day(one)}）"
                else:
                    why = f"预备期超过两年（入党日期 {_cell(src, '入党日期')} 是 {_day(m.joined)}，预备期最长到 {_day(two)}）"
                self.add(
                    _at(
                        "member.probation_length", src, "转正日期", m.confirmed,
                        why + "。",
                        f"{_day(one)} 至 {_day(two)} 之间的日期（预备期一年，最长两年）",
                        f"核对转正材料，改正转正日期或 {_cell(src, '入党日期')} 的入党日期",
                    )
                )

    def _id_agrees(self, m: Member, src: Source) -> None:
        """身份证号里的出生日期、性别与本行一致。消息里不写出号码中的数字。"""
        if not m.id_number or len(m.id_number) != 18 or not _has(src, "身份证号"):
            return
        try:
            born = id_birth_date(m.id_number)
            sex = id_sex(m.id_number)
        except ValueError:
            return
        if m.birth and born != m.birth and _has(src, "出生日期"):
            self.add(
                _at(
                    "member.id_birth_mismatch", src, "身份证号", m.id_number,
                    f"身份证号中的出生日期（第 7–14 位）与本行出生日期（{_cell(src, '出生日期')}：{_day(m.birth)}）不一致。",
                    "与证件一致的身份证号和出生日期",
                    f"对照证件，改正身份证号或 {_cell(src, '出生日期')} 的出生日期",
                    sensitive="id",
                )
            )
        if m.sex and sex != m.sex and _has(src, "性别"):
            self.add(
                _at(
                    "member.id_sex_mismatch", src, "身份证号", m.id_number,
                    f"身份证号第 17 位表示性别为“{sex}”，本行性别（{_cell(src, '性别')}）填的是“{m.sex}”。",
                    "与证件一致的身份证号和性别",
                    f"对照证件，改正身份证号或 {_cell(src, '性别')} 的性别",
                    sensitive="id",
                )
            )

    def _duplicate_names(self) -> None:
        """同名的党员须能用出生日期或身份证号区分：只要有一项两人都填了且不同，就算区分开。"""
        for group in self.by_key.values():
            if len(group) < 2:
                continue
            by_pair: dict = {}
            by_birth: dict = {}
            by_id: dict = {}
            first: Member | None = None
            for m in group:
                src = m.source
                if src is None or not _has(src, "姓名"):
                    continue
                if self.unknown(src, "出生日期") or self.unknown(src, "身份证号"):
                    continue  # 出生日期或身份证号读不出，无从比较
                b, i = m.birth, m.id_number
                # 找一个前面的、区分不开的同名者（空值与任何值都区分不开）
                if b is not None and i is not None:
                    twin = by_pair.get((b, i)) or by_pair.get((b, None)) or by_pair.get((None, i)) or by_pair.get((None, None))
                elif b is not None:
                    twin = by_birth.get(b) or by_birth.get(None)
                elif i is not None:
                    twin = by_id.get(i) or by_id.get(None)
                else:
                    twin = first
                if twin is not None:
                    self._report_twin(m, twin)
                    self.repeated.add(id(m))
                by_pair.setdefault((b, i), m)
                by_birth.setdefault(b, m)
                by_id.setdefault(i, m)
                first = first or m

    def _report_twin(self, m: Member, twin: Member) -> None:
        src, other = m.source, twin.source
        if m.birth and twin.birth and m.id_number and twin.id_number:
            same = "出生日期和身份证号也都相同"
        elif m.birth and twin.birth:
            same = "出生日期相同，身份证号又没有两人都填"
        elif m.id_number and twin.id_number:
            same = "身份证号相同，出生日期又没有两人都填"
        else:
            same = "出生日期、身份证号也没有哪一项是两人都填了的"
        self.add(
            _at(
                "member.duplicate_name", src, "姓名", m.name,
                f"与第 {other.row} 行的“{twin.name}”同名，{same}，无法分清是一人还是两人。",
                "同名的两名党员，出生日期或身份证号至少一项不同",
                "删除这一行（同一人重复录入时）；若是两人，填写各自的出生日期或身份证号",
            )
        )

    # ------------------------------------------------------------ 活动记录

    def activities(self) -> None:
        start, end = self.period_start, self.period_end
        sizes = _GroupSizes(tuple(m for m in self.branch.members if id(m) not in self.repeated))
        for a in self.branch.activities:
            src = a.source
            if src is None:
                continue
            first = self.by_code.get(a.code)
            if first is not None and first is not a and _has(src, "编号"):
                self.add(
                    _at(
                        "activity.duplicate_code", src, "编号", a.code,
                        f"编号“{a.code}”与{_who(first.source)}重复；出勤明细和上级编号靠编号找活动，编号不能重复。",
                        "本表内没有用过的编号，如 " + self._free_code(a.code),
                        "给这一行换一个新编号（出勤明细中属于这一行的记录也要一起改）",
                    )
                )
            if a.start and start and end and not start <= a.start <= end and _has(src, "开始日期"):
                self.add(
                    _at(
                        "activity.outside_period", src, "开始日期", a.start,
                        f"开始日期不在报告期（{_day(start)}至{_day(end)}）内，这项活动不写入报告，也不计入活动总数。",
                        f"{_day(start)}至{_day(end)}之间的日期",
                        "改正开始日期（若填错了）；确是报告期外的活动，可不修改",
                    )
                )
            if a.start and a.end and a.end < a.start and _has(src, "结束日期", "开始日期"):
                self.add(
                    _at(
                        "activity.end_before_start", src, "结束日期", a.end,
                        f"结束日期早于开始日期（{_cell(src, '开始日期')}：{_day(a.start)}）。",
                        f"不早于 {_day(a.start)} 的日期；一天内结束的活动可不填",
                        "改正结束日期，或清空这一格",
                    )
                )
            if a.parent_code and a.parent_code not in self.by_code and _has(src, "上级编号"):
                near = self.near_code(a.parent_code)
                self.add(
                    _at(
                        "activity.parent_missing", src, "上级编号", a.parent_code,
                        f"活动记录中没有编号为“{a.parent_code}”的活动。" + (f"有“{near}”，是否指它？" if near else ""),
                        "本表中另一项活动的编号；不是分项的留空",
                        f"改为“{near}”" if near else "改成上级活动的编号，或清空这一格",
                    )
                )
            self._counts(a, src)
            self._group_size(a, src, sizes)
            self._leisure(a, src)
        self._cycles()

    def _free_code(self, code: str) -> str:
        """给重复的编号建议一个没用过的写法。"""
        n = 2
        while f"{code}-{n}" in self.by_code:
            n += 1
        return f"{code}-{n}"

    def _counts(self, a: Activity, src: Source) -> None:
        if a.expected is None or a.present is None:
            return
        if a.present > a.expected:
            if _has(src, "实到人数", "应到人数"):
                self.add(
                    _at(
                        "activity.present_over_expected", src, "实到人数", a.present,
                        f"实到人数 {a.present} 多于应到人数 {a.expected}（{_cell(src, '应到人数')}）。",
                        f"0 到 {a.expected} 之间的整数",
                        f"核对签到情况，改正实到人数或 {_cell(src, '应到人数')} 的应到人数",
                    )
                )
        elif a.on_leave is not None and a.present + a.on_leave > a.expected and _has(src, "请假人数", "实到人数", "应到人数"):
            self.add(
                _at(
                    "activity.attendance_sum", src, "请假人数", a.on_leave,
                    f"实到 {a.present} 人（{_cell(src, '实到人数')}）加请假 {a.on_leave} 人，"
                    f"共 {a.present + a.on_leave} 人，多于应到人数 {a.expected}（{_cell(src, '应到人数')}）。",
                    f"不超过 {a.expected - a.present} 的整数（应到 {a.expected} 减实到 {a.present}）",
                    f"在 {_cell(src, '应到人数')}、{_cell(src, '实到人数')}、{_cell(src, '请假人数')} 中改正填错的一格（以签到和请假情况为准）",
                )
            )

    def _group_size(self, a: Activity, src: Source, sizes: "_GroupSizes") -> None:
        if a.scope not in standard.MEMBER_GROUP_SCOPES or a.expected is None or a.start is None:
            return
        if not _has(src, "应到人数", "参加范围") or not sizes.can_count(a.scope):
            return
        size = sizes.size(a.scope, a.start)
        if size == a.expected:
            return
        self.add(
            _at(
                "activity.group_size", src, "应到人数", a.expected,
                f"参加范围是“{a.scope}”（{_cell(src, '参加范围')}），按党员名册，{sizes.how(a.scope)}"
                f"入党日期不晚于活动开始日期（{_day(a.start)}）的党员共 {size} 人，与应到人数 {a.expected} 不一致。",
                f"{size}（“{a.scope}”在活动当天的人数）",
                f"把应到人数改为 {size}；若参加的不只是这部分党员，把 {_cell(src, '参加范围')} 的参加范围改为实际范围（如“其他”）",
            )
        )

    def _leisure(self, a: Activity, src: Source) -> None:
        if a.type not in PARTY_LIFE_TYPES or not _has(src, "类型"):
            return
        for column, text in (("名称", a.name), ("内容", a.content)):
            if not text or not _has(src, column):
                continue
            upper = text.upper()
            word = next((w for w in LEISURE_WORDS if w.upper() in upper), None)
            if word:
                self.add(
                    _at(
                        "activity.leisure_as_party_life", src, "类型", a.type,
                        f"类型是“{a.type}”，但{column}（{_cell(src, column)}）中有“{word}”，看起来是文体娱乐活动；"
                        "上级要求这类活动不算作主题党日或“三会一课”。",
                        "文体、联欢、参观游览类活动选“群团活动”",
                        "把类型改为“群团活动”；若确是党的组织生活，可不修改",
                    )
                )
                return

    def _cycles(self) -> None:
        """上级编号不能绕成圈：每个圈只报一次，报在圈里最靠前的一行。"""
        parent = {
            code: a.parent_code
            for code, a in self.by_code.items()
            if a.parent_code and a.parent_code in self.by_code and _has(a.source, "上级编号")
        }
        state: dict[str, int] = {}  # 1 正在走，2 走完
        for begin in parent:
            path: list[str] = []
            code = begin
            while code in parent and state.get(code) is None:
                state[code] = 1
                path.append(code)
                code = parent[code]
            if code in parent and state.get(code) == 1:
                loop = path[path.index(code):]
                self._report_cycle(loop)
            for c in path:
                state[c] = 2

    def _report_cycle(self, loop: list[str]) -> None:
        rows = [self.by_code[c] for c in loop]
        head = min(rows, key=lambda a: a.source.row)
        src = head.source
        if len(loop) == 1:
            problem = f"上级编号填的是本行自己的编号“{head.code}”。"
            fix = "清空上级编号，或改成它所属的上级活动的编号"
        else:
            i = loop.index(head.code)
            chain = " → ".join(loop[i:] + loop[:i] + [head.code])
            where = "、".join(str(a.source.row) for a in sorted(rows, key=lambda a: a.source.row))
            problem = f"上级编号绕成了一个圈：{chain}（箭头指向上级，第 {where} 行），报告无法排出哪项在上、哪项在下。"
            fix = f"在第 {where} 行中找出最上一级的活动，清空它的上级编号，其余各行只填直属上级的编号"
        self.add(
            _at("activity.parent_cycle", src, "上级编号", head.parent_code, problem, "上一级活动的编号；最上一级的活动留空", fix)
        )

    # ------------------------------------------------------------ 出勤明细

    def attendance(self) -> None:
        rows = self.branch.attendance
        if not rows:
            return
        seen: dict[tuple[str, str], Attendance] = {}
        counted: dict[str, list[Attendance]] = defaultdict(list)
        for r in rows:
            src = r.source
            if src is None:
                continue
            if r.activity_code and r.activity_code not in self.by_code and _has(src, "活动编号"):
                self.add(self._unknown_activity(r, src))
            member, exact = self.find_member(r.name) if r.name else (None, True)
            if r.activity_code and r.name:
                person = self.key(member.name if member is not None else r.name)
                twin = seen.setdefault((r.activity_code, person), r)
                if twin is not r:
                    if _has(src, "姓名"):
                        self.add(
                            _at(
                                "attendance.duplicate", src, "姓名", r.name,
                                f"活动“{r.activity_code}”中“{r.name}”已经在{_who(twin.source)}出现过，同一人只能记一行。",
                                "每项活动每人一行",
                                f"删除这一行（若这一行的状态才对，先把第 {twin.source.row} 行的状态改过来）",
                            )
                        )
                    continue  # 重复行不再计数，也不再提写法，免得一个原因报几次
            if r.name and _has(src, "姓名"):
                if member is None:
                    self.add(
                        _at(
                            "attendance.unknown_member", src, "姓名", r.name,
                            f"党员名册中没有“{r.name}”。",
                            "党员名册中的姓名，写法一致",
                            "改成党员名册中的写法；若此人不是本支部党员（如入党积极分子），删除这一行",
                        )
                    )
                elif not exact:
                    self.add(
                        _at(
                            "attendance.name_spelling", src, "姓名", r.name,
                            f"党员名册{_who(member.source)}写作“{member.name}”，这里的写法不同（空格或符号不一样），已按同一人处理。",
                            f"与党员名册相同的写法：{member.name}",
                            f"改为“{member.name}”",
                        )
                    )
            if r.activity_code:
                counted[r.activity_code].append(r)
        for code, group in counted.items():
            if code in self.repeated_codes:
                continue  # 编号重复：分不清明细属于哪一行，先报重复
            activity = self.by_code.get(code)
            if activity is not None and activity.source is not None:
                self._tally(activity, group)

    def _unknown_activity(self, r: Attendance, src: Source) -> Finding:
        near = self.near_code(r.activity_code)
        hint = f"活动记录中有“{near}”，是否指它？" if near else ""
        return _at(
            "attendance.unknown_activity", src, "活动编号", r.activity_code,
            f"活动记录中没有编号为“{r.activity_code}”的活动。{hint}",
            "活动记录中某项活动的编号",
            f"改为“{near}”" if near else "改成活动记录中的编号，或先在活动记录中补上这项活动",
        )

    def _tally(self, a: Activity, group: list[Attendance]) -> None:
        src = a.source
        sheet = group[0].source.sheet
        ranges = row_ranges([r.source.row for r in group])
        where = f"{sheet}{ranges}" if len(ranges) <= 30 else f"{sheet}中"  # 行号太散时不列出
        rows = len(group)
        status_known = all(r.status is not None for r in group) and _has(group[0].source, "状态")
        present = sum(1 for r in group if r.status == "出席")
        if a.present is not None and status_known and present != a.present and _has(src, "实到人数"):
            self.add(
                _at(
                    "attendance.present_mismatch", src, "实到人数", a.present,
                    f"{where}记录“{a.code}”的出勤，其中有 {present} 行“出席”，而{src.sheet} {_cell(src, '实到人数')} 的实到人数是 {a.present}。",
                    f"{present}（与{sheet}一致）",
                    f"改正实到人数，或补全、改正{sheet}中“{a.code}”的记录（以签到情况为准）",
                )
            )
        if a.expected is not None and rows != a.expected and _has(src, "应到人数"):
            self.add(
                _at(
                    "attendance.expected_mismatch", src, "应到人数", a.expected,
                    f"{where}记录“{a.code}”的出勤，共 {rows} 人（出席、请假、缺席合计），而{src.sheet} {_cell(src, '应到人数')} 的应到人数是 {a.expected}。",
                    f"{rows}（与{sheet}一致）",
                    f"改正应到人数，或在{sheet}中补全“{a.code}”每位应到党员的记录",
                )
            )

    # ------------------------------------------------------------ 公开承诺

    def commitments(self) -> None:
        info = self.branch.info
        end = self.period_end
        # 兑现日期的上限：成文日期；没填或填错时用报告期结束（报告期也填错时不查）
        if info.written_on and self.written_ok:
            limit, limit_item = info.written_on, "成文日期"
        else:
            limit, limit_item = self.period_end, "报告期结束"
        for c in self.branch.commitments:
            src = c.source
            if src is None:
                continue
            member = self._committer(c, src)
            if member is not None and member.joined and c.date and c.date < member.joined and _has(src, "承诺日期"):
                msrc = member.source
                where = f"（{msrc.sheet} {_cell(msrc, '入党日期')}）" if _has(msrc, "入党日期") else ""
                self.add(
                    _at(
                        "commitment.before_joining", src, "承诺日期", c.date,
                        f"承诺日期早于{member.name}的入党日期 {_day(member.joined)}{where}：入党之前还不能以党员身份承诺。",
                        f"不早于 {_day(member.joined)} 的日期",
                        "核对后改正承诺日期，或改正党员名册中的入党日期",
                    )
                )
            deadline_wrong = bool(c.date and c.deadline and c.deadline < c.date)
            if deadline_wrong and _has(src, "完成时限", "承诺日期"):
                self.add(
                    _at(
                        "commitment.deadline_before_date", src, "完成时限", c.deadline,
                        f"完成时限早于承诺日期（{_cell(src, '承诺日期')}：{_day(c.date)}）。",
                        f"不早于 {_day(c.date)} 的日期",
                        "改正完成时限，或清空这一格",
                    )
                )
            if c.progress == "已兑现" and self.blank(src, "兑现日期", c.fulfilled_on):
                self.add(
                    _at(
                        "commitment.fulfilled_without_date", src, "兑现日期", None,
                        f"践诺进度是“已兑现”（{_cell(src, '践诺进度')}），兑现日期却是空的。",
                        "承诺兑现的日期，不晚于成文日期",
                        "填写兑现日期；若还没有兑现，把践诺进度改为“推进中”",
                    )
                )
            if c.fulfilled_on and limit and c.fulfilled_on > limit and _has(src, "兑现日期"):
                s = info.sources.get(limit_item)
                where = f"{s.sheet} {_cell(s, limit_item)}：" if _has(s, limit_item) else ""
                self.add(
                    _at(
                        "commitment.fulfilled_after_writing", src, "兑现日期", c.fulfilled_on,
                        f"兑现日期晚于{limit_item}（{where}{_day(limit)}）：报告写成时还不能说它已兑现。",
                        f"不晚于 {_day(limit)} 的日期",
                        "改正兑现日期；若到成文时还没有兑现，把践诺进度改为“推进中”并清空兑现日期",
                    )
                )
            if c.progress == "未兑现" and self.blank(src, "备注", c.note):
                self.add(
                    _at(
                        "commitment.unfulfilled_without_reason", src, "备注", None,
                        f"践诺进度是“未兑现”（{_cell(src, '践诺进度')}），备注中要写明没有兑现的原因，这一格是空的。",
                        "未兑现的原因，如：因工作调动未能完成",
                        "写明未兑现的原因",
                    )
                )
            if (
                c.deadline and end and c.deadline < end and c.progress and c.progress != "已兑现" and not deadline_wrong
                and _has(src, "践诺进度", "完成时限")
            ):
                self.add(
                    _at(
                        "commitment.overdue", src, "践诺进度", c.progress,
                        f"完成时限（{_cell(src, '完成时限')}：{_day(c.deadline)}）在报告期结束（{_day(end)}）前已过，"
                        f"践诺进度还是“{c.progress}”。",
                        "按实际情况选择：已兑现（并填兑现日期）或未兑现（并在备注写明原因）",
                        "核对践诺情况，更新践诺进度",
                    )
                )

    def _committer(self, c: Commitment, src: Source) -> Member | None:
        """核对承诺人；是党员时返回名册中的那一位。"""
        if not c.person or not _has(src, "承诺人"):
            return None
        branch_name = self.branch.info.name
        if c.subject == "支部":
            if branch_name and self.key(c.person) != self.key(branch_name):
                self.add(
                    _at(
                        "commitment.unknown_person", src, "承诺人", c.person,
                        f"承诺主体是“支部”，承诺人应是支部名称“{branch_name}”。",
                        f"支部名称：{branch_name}",
                        f"改为“{branch_name}”；若这是党员个人的承诺，把承诺主体改为“党员”",
                    )
                )
            return None
        if c.subject != "党员":
            return None
        member, exact = self.find_member(c.person)
        if member is None:
            if branch_name and self.key(c.person) == self.key(branch_name):
                problem = "承诺人是支部名称，承诺主体却是“党员”。"
                fix = "把承诺主体改为“支部”"
            else:
                problem = f"党员名册中没有“{c.person}”。"
                fix = "改成党员名册中的写法；若是支部的承诺，承诺主体选“支部”、承诺人填支部名称"
            self.add(
                _at("commitment.unknown_person", src, "承诺人", c.person, problem, "党员名册中的姓名，写法一致", fix)
            )
            return None
        if not exact:
            self.add(
                _at(
                    "commitment.name_spelling", src, "承诺人", c.person,
                    f"党员名册{_who(member.source)}写作“{member.name}”，这里的写法不同（空格或符号不一样），已按同一人处理。",
                    f"与党员名册相同的写法：{member.name}",
                    f"改为“{member.name}”",
                )
            )
        # 同名的几位中取入党最早的一位，只在确实早于所有人时才报
        same = self.by_key.get(self.key(member.name), [member])
        known = [m for m in same if m.joined]
        return min(known, key=lambda m: m.joined) if known else member

    # ------------------------------------------------------------ 报告正文

    def narrative(self) -> None:
        paragraphs = self.branch.paragraphs
        sources = [p.source for p in paragraphs if p.source is not None]
        src = sources[0] if sources else None
        if src is not None and not _has(src, "章节"):
            return  # 没有“章节”这一列：已报缺列
        present = {p.section for p in paragraphs if p.section}
        if any(p.section is None and p.source is not None and self.unknown(p.source, "章节") for p in paragraphs):
            return  # 有一行的章节读不出，也许正是缺的那一部分
        campaign = self.branch.info.campaign
        for section in standard.Section.REQUIRED:
            if section in present:
                continue
            title = f"“开展{campaign}活动的{section}”" if campaign else f"“{section}”"
            self.add(
                Finding(
                    "narrative.section_missing",
                    f"报告正文中没有章节为“{section}”的段落，报告的{title}一节将是空的。",
                    sheet=src.sheet if src else standard.NARRATIVE.name,
                    column=src.letter("章节") if src else None,
                    header="章节",
                    expected=f"至少一行章节选“{section}”，并在文本中写这一部分的内容",
                    fix=f"在报告正文中新增一行，章节选“{section}”，文本写这一部分的内容",
                )
            )


def _code_fold(code: str) -> str:
    return "".join(unicodedata.normalize("NFKC", code).upper().split())


class _GroupSizes:
    """参加范围中各组党员在某一天的人数：按入党日期排好序，二分查找。"""

    def __init__(self, members: tuple[Member, ...]):
        letters = next((m.source.letters for m in members if m.source is not None), {})
        self.columns = {
            "全体党员": (),
            "教师党员": ("人员类别",),
            "学生党员": ("人员类别",),
            "支委": ("党内职务",),
        }
        self.present = bool(members) and {"入党日期"} <= set(letters)
        self.letters = letters
        self.dates: dict[str, list[dt.date]] = {}
        self.undated: dict[str, int] = {}
        for scope in self.columns:
            dates, undated = [], 0
            for m in members:
                if not _in_group(m, scope):
                    continue
                if m.joined is None:
                    undated += 1  # 入党日期不知道的，算作已入党（与 Member.is_member_on 一致）
                else:
                    dates.append(m.joined)
            dates.sort()
            self.dates[scope], self.undated[scope] = dates, undated

    def can_count(self, scope: str) -> bool:
        return self.present and all(c in self.letters for c in self.columns[scope])

    def size(self, scope: str, day: dt.date) -> int:
        return self.undated[scope] + bisect.bisect_right(self.dates[scope], day)

    @staticmethod
    def how(scope: str) -> str:
        return {
            "全体党员": "",
            "教师党员": "人员类别为“教师”、",
            "学生党员": "人员类别为“学生”、",
            "支委": "党内职务为" + "、".join(COMMITTEE_POSTS) + "之一、",
        }[scope]


def _in_group(m: Member, scope: str) -> bool:
    if scope == "全体党员":
        return True
    if scope == "教师党员":
        return m.category == "教师"
    if scope == "学生党员":
        return m.category == "学生"
    return m.post in COMMITTEE_POSTS



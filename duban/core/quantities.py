"""Quantities (5万方, 超15家, 58%) and indicators (what a target counts) in Chinese text.

A quantity is a number followed by a unit or measure word; a bare number is not
one, because in plans bare numbers are list numbers, dates, codes and names.
Values are converted to a base unit (5万方 -> 50000 平方米) so that a target and
a report can be compared. The heuristics are documented where they are applied.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from duban.core.numerals import (
    ARABIC_PATTERN,
    CHINESE_PATTERN,
    MULTIPLIER_PATTERN,
    multiplier_of,
    parse_arabic,
    parse_chinese,
    parse_number,
    tidy,
)

__all__ = ["Indicator", "Quantity", "comparable", "extract_indicators", "find_quantities", "parse_number"]


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, converted to the base unit, and where it was written."""

    value: Decimal
    unit: str
    raw: str
    comparator: str
    start: int
    end: int


@dataclass(frozen=True)
class Indicator:
    """One measurable part of a target: what is counted, how, and how much."""

    text: str
    metric: str
    comparator: str
    value: Decimal
    unit: str

    def as_dict(self) -> dict[str, str | int | float]:
        """Return a JSON-friendly dict; the value is an int when it is integral."""
        integral = self.value == self.value.to_integral_value()
        value: int | float = int(self.value) if integral else float(self.value)
        return {"text": self.text, "metric": self.metric, "comparator": self.comparator,
                "value": value, "unit": self.unit}  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Indicator:
        """The inverse of ``as_dict``; the value goes through its text, so 0.58 stays 0.58."""
        value = Decimal(str(data["value"]))
        return cls(data["text"], data["metric"], data["comparator"], value, data["unit"])


def comparable(a: Indicator | Quantity, b: Indicator | Quantity) -> bool:
    """Tell whether two values share a normalised unit and so can be compared."""
    return a.unit == b.unit


# --- units ----------------------------------------------------------------------------------------

_AREA = "平方米"
# surface -> (base unit, factor). Looked up longest first, so 人次 beats 人 and 平方米 beats 米.
_UNITS: dict[str, tuple[str, int]] = {
    "平方米": (_AREA, 1), "平米": (_AREA, 1), "㎡": (_AREA, 1), "m²": (_AREA, 1), "m2": (_AREA, 1),
    "平方公里": ("km²", 1), "平方千米": ("km²", 1), "km²": ("km²", 1),
    "公里": ("km", 1), "千米": ("km", 1), "km": ("km", 1), "米": ("m", 1),
    "亩": ("亩", 1), "公顷": ("公顷", 1), "吨": ("吨", 1), "元": ("元", 1),
    "千瓦时": ("kWh", 1), "千瓦": ("kW", 1), "兆瓦": ("MW", 1),
    "%": ("%", 1), "％": ("%", 1), "个百分点": ("百分点", 1), "个月": ("月", 1),
    "名": ("人", 1), "位": ("人", 1), "人次": ("人次", 1), "人": ("人", 1), "幢": ("栋", 1),
    "年": ("年", 1), "天": ("天", 1), "小时": ("小时", 1), "倍": ("倍", 1),
}  # fmt: skip
# Measure words that count things; "二" before one of these is an ordinal (counting says 两).
_COUNTERS = frozenset("个家栋座所户条套款项场次件台辆支篇份处")
_UNITS.update({ch: (ch, 1) for ch in _COUNTERS})
# 万平 / 万方 / 万平方 are area only after 万 or 亿; alone, 三方 and 一方 are parties, not area.
_AREA_AFTER_MULTIPLIER = {"平方": (_AREA, 1), "平": (_AREA, 1), "方": (_AREA, 1)}
_UNIT_RE = re.compile("|".join(map(re.escape, sorted(_UNITS, key=len, reverse=True))))
_BIG_AREA_RE = re.compile("平方|平|方")

# --- comparators ----------------------------------------------------------------------------------

# 超 / 超过 / 突破 / 多于 say "more than", so they are strict; 不低于 / 达 / 以上 include the number.
_PREFIXES = {
    "不低于": ">=", "不少于": ">=", "不小于": ">=", "至少": ">=", "最少": ">=", "达到": ">=", "达": ">=",
    "超过": ">", "超": ">", "突破": ">", "多于": ">", "高于": ">", "大于": ">",
    "不超过": "<=", "不高于": "<=", "不多于": "<=", "不大于": "<=", "最多": "<=", "最高": "<=", "最长": "<=",
    "低于": "<", "少于": "<", "不足": "<",
    "约": "≈", "大约": "≈", "约为": "≈", "近": "≈", "将近": "≈", "接近": "≈",
}  # fmt: skip
# Characters that turn a comparator into part of another word: 签约, 下达, 最近 ...
_PREFIX_GUARDS = {"达": "下到发传表抵送直", "约": "签节制合预契履特公违邀条解相", "近": "最附临邻靠就亲"}
_SUFFIXES = {"及以上": ">=", "以上": ">=", "及以下": "<=", "以下": "<=", "以内": "<=", "左右": "≈"}
_QUALIFYING_SUFFIXES = frozenset({"及以上", "以上", "及以下", "以下"})
_PREFIX_ORDER = sorted(_PREFIXES, key=len, reverse=True)
_SUFFIX_ORDER = sorted(_SUFFIXES, key=len, reverse=True)
# 60余家 is at least 60; 60多家 is more than 60.
_APPROXIMATE = {"余": ">=", "多": ">"}

# --- text shapes ----------------------------------------------------------------------------------

_SPACE = " \t\u3000\xa0"
_NUMBER_RE = re.compile(
    rf"百分之(?P<percent>{ARABIC_PATTERN}|{CHINESE_PATTERN})"
    rf"|(?P<arabic>{ARABIC_PATTERN})(?:[{_SPACE}]*(?P<multiplier>{MULTIPLIER_PATTERN}))?"
    rf"|(?P<chinese>{CHINESE_PATTERN})"
)
_RANGE_SEPARATOR_RE = re.compile(rf"[{_SPACE}]*[-－~～—–至到][{_SPACE}]*")
_CLAUSE_DELIMITERS = frozenset("，,。；;！!？?：:（）()【】[]\n\t")
_CLAUSE_DELIMITER = re.compile("[" + re.escape("".join(sorted(_CLAUSE_DELIMITERS))) + "]")
# After "N以上" these start a new phrase rather than name the thing qualified.
_NOT_A_NOUN = frozenset("的并且而和及或与、")
_CHINESE_DIGITS = frozenset("一二两三四五六七八九十")
# A unit's last character and the next one forming an idiom: 一次性, 一条龙, 两位数, 一元化.
_IDIOMS = frozenset({"次性", "条龙", "位数", "元化", "个性"})
_LOOKBEHIND = 16  # comparator words and name markers sit right before a number
_YEAR_FOLLOWERS = frozenset("底初末中度")
_PROGRAMME_WORDS = ("行动", "计划", "规划", "攻坚")


@dataclass(frozen=True)
class _Reading:
    """A number and unit as read, before names and comparators are judged."""

    start: int
    end: int
    value: Decimal
    unit: str
    numeral: str
    multiplier: int
    approximate: str  # 余 / 多 between number and unit, or "" (a range gives "-")


@dataclass(frozen=True)
class _Hit:
    """A quantity with the span of its comparator words, for metric extraction."""

    quantity: Quantity
    lead: int  # start of a prefix comparator word, else quantity.start
    tail: int  # end of a suffix comparator word, else quantity.end
    suffix: str
    qualifier: bool = False


def find_quantities(text: str) -> list[Quantity]:
    """Return the quantities in text, leaving out names, dates, ordinals and qualifiers."""
    return [hit.quantity for hit in _scan(text) if not hit.qualifier]


def _scan(text: str) -> list[_Hit]:
    """Read every quantity in text, marking those that only qualify a later count."""
    hits: list[_Hit] = []
    names: set[tuple[int, str]] = set()  # (end, unit) of rejected names, to catch 二栋、三栋
    pos = 0
    while (match := _NUMBER_RE.search(text, pos)) is not None:
        reading = _read(text, match)
        if reading is None:
            pos = match.end()
        elif _is_name(text, reading, names):
            names.add((reading.end, reading.unit))
            pos = reading.end
        else:
            hits.append(_hit(text, reading))
            pos = reading.end
    return _mark_qualifiers(text, hits)


def _read(text: str, match: re.Match[str], allow_range: bool = True) -> _Reading | None:
    """Read the number at match and the unit after it; None when there is no unit."""
    start = match.start()
    if match.group("percent") is not None:
        value = parse_number(match.group("percent"))
        if value is None:
            return None
        return _Reading(start, match.end(), value, "%", match.group("percent"), 1, "")
    numeral = _numeral(match)
    if numeral is None:
        return None
    value, end, multiplier = numeral
    pos = _skip_space(text, end)
    approximate = text[pos] if pos < len(text) and text[pos] in _APPROXIMATE else ""
    pos = _skip_space(text, pos + len(approximate))
    unit = _unit_at(text, pos, multiplier)
    if unit is not None:
        base, factor, unit_end = unit
        reading = _Reading(start, unit_end, value * factor, base, text[start:end], multiplier, approximate)
        return (_range(text, reading, unit_end) if allow_range else None) or reading
    if allow_range and not approximate:
        bare = _Reading(start, end, value, "", text[start:end], multiplier, "")
        return _range(text, bare, end)
    return None


def _numeral(match: re.Match[str]) -> tuple[Decimal, int, int] | None:
    """Return (value, end, multiplier) of the numeral in match."""
    arabic = match.group("arabic")
    if arabic is not None:
        value = parse_arabic(arabic)
        multiplier = multiplier_of(match.group("multiplier") or "")
        return None if value is None else (value * multiplier, match.end(), multiplier)
    chinese = match.group("chinese")
    # The greedy pattern may swallow the start of a unit (十万千瓦 -> 十万千), so retry shorter.
    for length in range(len(chinese), 0, -1):
        value = parse_chinese(chinese[:length])
        if value is not None:
            multiplier = multiplier_of(chinese[length - 1]) if chinese[length - 1] in "万亿" else 1
            return value, match.start() + length, multiplier
    return None


def _unit_at(text: str, pos: int, multiplier: int) -> tuple[str, int, int] | None:
    """Return (base unit, factor, end) of the unit starting at pos."""
    match = _UNIT_RE.match(text, pos)
    if match is not None:
        base, factor = _UNITS[match.group()]
        return base, factor, match.end()
    area = _BIG_AREA_RE.match(text, pos)
    if area is not None and multiplier >= 10**4:
        base, factor = _AREA_AFTER_MULTIPLIER[area.group()]
        return base, factor, area.end()
    return None


def _range(text: str, lower: _Reading, pos: int) -> _Reading | None:
    """Join "3-5个" / "3至5个" / "5%-10%" into one reading of the lower bound.

    A range target is met once the lower bound is reached, so the reading keeps
    the lower bound and is marked so the comparator becomes ">=".
    """
    separator = _RANGE_SEPARATOR_RE.match(text, pos)
    if separator is None:
        return None
    upper_match = _NUMBER_RE.match(text, separator.end())
    if upper_match is None or upper_match.group("percent") is not None:
        return None
    upper = _read(text, upper_match, allow_range=False)
    if upper is None or (lower.unit and lower.unit != upper.unit):
        return None
    value = lower.value
    if not lower.unit:
        # In 3-5万元 the 万 and the unit belong to both bounds.
        if lower.multiplier == 1:
            value *= upper.multiplier
        value *= _UNITS.get(upper.unit, (upper.unit, 1))[1]
    return replace(lower, end=upper.end, value=value, unit=upper.unit, approximate="-")


def _is_name(text: str, reading: _Reading, names: set[tuple[int, str]]) -> bool:
    """Tell whether a number+unit is really a name, ordinal, date or slogan."""
    previous = text[max(0, reading.start - _LOOKBEHIND) : reading.start].rstrip(_SPACE)[-1:]
    following = text[reading.end : reading.end + 1]
    if previous in ("第", "期", "每") or (previous.isascii() and previous.isalpha()):
        return True  # 第五届, 一期二栋, 每一栋, S229
    if text[reading.end - 1 : reading.end + 1] in _IDIOMS or following in _CHINESE_DIGITS:
        return True  # 一次性, 八个一, 一户一策
    if reading.numeral == "二" and reading.unit in _COUNTERS:
        return True  # counting says 两栋; 二栋 is building No. 2
    if previous == "、" and (reading.start - 1, reading.unit) in names:
        return True  # 二栋、三栋: an enumeration of names stays names
    if reading.unit == "年" and _is_year(text, reading):
        return True
    return _in_title(text, reading.start, reading.end)


def _is_year(text: str, reading: _Reading) -> bool:
    """Tell whether N年 is a calendar year or a programme name rather than a duration."""
    after = text[reading.end : reading.end + 2]
    if after[:1] in _YEAR_FOLLOWERS or after in _PROGRAMME_WORDS:
        return True  # 25年底, 三年行动
    return 1000 <= reading.value < 3000  # 2025年, 二〇二五年


def _in_title(text: str, start: int, end: int) -> bool:
    """Tell whether a span sits inside 《title》 or a short quoted slogan such as “八个一”."""
    if text.rfind("《", 0, start) > text.rfind("》", 0, start):
        return True
    opening = text.rfind("“", 0, start)
    if opening <= text.rfind("”", 0, start):
        return False
    closing = text.find("”", end)
    # A short quotation is a slogan or a name; a long one may quote a real target.
    return closing != -1 and closing - opening - 1 <= 6


def _hit(text: str, reading: _Reading) -> _Hit:
    """Attach comparator words to a reading and make it a Quantity."""
    window = max(0, reading.start - _LOOKBEHIND)
    before = text[window : reading.start].rstrip(_SPACE)
    prefix = next((word for word in _PREFIX_ORDER if _prefix_matches(before, word)), "")
    after = _skip_space(text, reading.end)
    suffix = next((word for word in _SUFFIX_ORDER if text.startswith(word, after)), "")
    if prefix:
        comparator = _PREFIXES[prefix]
    elif reading.approximate in _APPROXIMATE:
        comparator = _APPROXIMATE[reading.approximate]
    elif suffix:
        comparator = _SUFFIXES[suffix]
    else:
        comparator = ">=" if reading.approximate == "-" else "="
    quantity = Quantity(
        value=tidy(reading.value),
        unit=reading.unit,
        raw=text[reading.start : reading.end],
        comparator=comparator,
        start=reading.start,
        end=reading.end,
    )
    lead = window + len(before) - len(prefix) if prefix else reading.start
    tail = after + len(suffix) if suffix else reading.end
    return _Hit(quantity, lead, tail, suffix)


def _prefix_matches(before: str, word: str) -> bool:
    """Tell whether before ends with comparator word, and not as part of 签约 / 下达."""
    if not before.endswith(word):
        return False
    guard = _PREFIX_GUARDS.get(word, "")
    preceding = before[-len(word) - 1 : -len(word)]
    return not (guard and preceding and preceding in guard)


def _mark_qualifiers(text: str, hits: list[_Hit]) -> list[_Hit]:
    """Mark "<amount>以上<noun>" amounts that describe what a count in the same clause counts.

    In 招引落地10亿元以上项目5个 the 10亿元 says which projects count, the 5个 is
    the target. An amount is a qualifier when 以上/以下 is followed by more words
    (not the end of the clause) and either the clause holds another quantity or
    a noun follows directly (10亿元以上项目洽谈中). After 的 or a conjunction and
    with no count, as in 培训50人以上并颁发证书, the amount is the target itself.
    """
    clauses = _Clauses(text)
    marked: list[_Hit] = []
    for hit in hits:
        span = clauses.around(hit.quantity.start)
        nxt = _skip_space(text, hit.tail)
        if hit.suffix not in _QUALIFYING_SUFFIXES or nxt >= span[1]:
            marked.append(hit)
            continue
        counted = any(other is not hit and clauses.around(other.quantity.start) == span for other in hits)
        marked.append(replace(hit, qualifier=counted or text[nxt] not in _NOT_A_NOUN))
    return marked


class _Clauses:
    """Clause boundaries of a text: runs between punctuation, tabs and line breaks.

    A line break between two Han characters with no tab near it is taken as a
    wrapped line (股权投\n\n资机构 in text pasted from a PDF), not a boundary.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        cuts = (m.start() for m in _CLAUSE_DELIMITER.finditer(text))  # regex: far faster than a char loop
        self._cuts = [i for i in cuts if not _wrapped(text, i)]

    def around(self, index: int) -> tuple[int, int]:
        """Return (start, end) of the clause holding index."""
        i = bisect.bisect_right(self._cuts, index)
        start = self._cuts[i - 1] + 1 if i else 0
        end = self._cuts[i] if i < len(self._cuts) else len(self._text)
        return start, end


def _wrapped(text: str, index: int) -> bool:
    """Tell whether the line break at index splits a sentence mid-word."""
    if text[index] != "\n":
        return False
    start, end = index, index
    while start > 0 and text[start - 1] in "\n \u3000":
        start -= 1
    while end < len(text) and text[end] in "\n \u3000":
        end += 1
    return start > 0 and end < len(text) and _is_han(text[start - 1]) and _is_han(text[end])


def _is_han(ch: str) -> bool:
    """Tell whether ch is a CJK ideograph (not punctuation, not a digit)."""
    return "\u4e00" <= ch <= "\u9fff"


def _skip_space(text: str, pos: int) -> int:
    """Return the first index at or after pos that is not horizontal space."""
    while pos < len(text) and text[pos] in _SPACE:
        pos += 1
    return pos


# --- indicators -----------------------------------------------------------------------------------

# Verbs that start the counted thing in a goal (完成X, 新增X). The metric is what follows the
# last of them; a verb followed by 率/额/量/数 is part of a noun (签约率, 完成额).
_VERBS = (
    "招引落地", "推荐申报", "完成", "实现", "新增", "引进", "建成", "集聚", "招引", "组织", "开展", "申报",
    "对接", "签约", "设立", "举办", "拜访", "获批", "发布", "促成", "推出", "拓展", "引导", "挑选",
    "培育", "打造", "新建", "建立", "成立", "提供", "达成", "吸引", "带动", "落地", "建设", "搭建", "探索",
    "推进", "推动",
)  # fmt: skip
_VERB_RE = re.compile(f"(?:{'|'.join(sorted(_VERBS, key=len, reverse=True))})(?![率额量数])")
_TRAILING_VERB_RE = re.compile(f"(?:{'|'.join(sorted(_VERBS, key=len, reverse=True))})$")
# Scope and filler words that say when or how, not what: stripped from the front of a metric.
_FILLERS = (
    "截至目前", "年底前", "其中", "全年", "全市", "今年", "年内", "目前", "累计", "预计", "计划", "力争",
    "确保", "争取", "共计", "合计", "已经", "还能", "成功", "服务", "运营", "共", "已", "还", "再", "并",
    "与", "和", "及", "另", "以",
)  # fmt: skip
_FILLER_RE = re.compile(f"^(?:{'|'.join(sorted(_FILLERS + _VERBS, key=len, reverse=True))})")
_TRAILING_RE = re.compile("(?:等|共计|合计|总计|累计|共)$")
# Where a metric read after the number stops: 23个项目进行复赛路演 counts 项目.
_AFTER_STOP_RE = re.compile("进行|报名|用于|的")
_NOISE_RE = re.compile(r"[\s“”‘’\"'《》「」]")
_EDGE = "、，,。；;：:（）()/／"
_COUNT_WORDS_RE = re.compile("(?:数量|总数|个数)$")


def extract_indicators(text: str) -> list[Indicator]:
    """Return the measurable parts of a target or report, one per counted quantity."""
    hits = _scan(text)
    clauses = _Clauses(text)
    counts = [hit for hit in hits if not hit.qualifier]
    indicators: list[Indicator] = []
    for index, hit in enumerate(counts):
        start, end = clauses.around(hit.quantity.start)
        if index and clauses.around(counts[index - 1].quantity.start) == (start, end):
            start = counts[index - 1].tail
        if index + 1 < len(counts) and counts[index + 1].lead < end:
            end = counts[index + 1].lead
        metric = _metric(text[start : hit.lead], text[hit.tail : end])
        metric = _complete_qualifier_only(text, metric, hits, indicators, hit)
        quantity = hit.quantity
        clause = text[slice(*clauses.around(quantity.start))].strip()
        indicators.append(Indicator(clause, metric, quantity.comparator, quantity.value, quantity.unit))
    return indicators


def _metric(before: str, after: str) -> str:
    """Name what a number counts, from the words before it or, failing that, after it.

    Before the number, the metric is what follows the last verb (新增产学研合作项目
    300个); when the verb is right before the number (建成15个服务平台, 完成5万方载体
    招商) the noun after the number is the metric.
    """
    after_clean = _clean(after)
    if after_clean.startswith("的") and len(after_clean) > 1:
        return _after_metric(after_clean[1:])  # 5000平方米的“科创飞地”: the size of the 飞地
    before_clean = _clean(before)
    verbs = list(_VERB_RE.finditer(before_clean))
    if verbs and verbs[-1].end() == len(before_clean) and after_clean:
        return _after_metric(after_clean)
    for verb in reversed(verbs):
        # 完成项目招引3个: nothing follows 招引, so the metric starts after 完成.
        core = _noun_phrase(before_clean[verb.end() :], trailing_verbs=False)
        if core:
            return core
    core = _noun_phrase(before_clean, trailing_verbs=True)  # 征迁工作完成70% -> 征迁工作
    if core:
        return core
    if after_clean:
        return _after_metric(after_clean)
    return _strip_fillers(_TRAILING_RE.sub("", before_clean), keep_last=True)


def _noun_phrase(phrase: str, trailing_verbs: bool) -> str:
    """Trim scope words, 等 and optionally trailing verbs off a phrase; keep what follows the last 的."""
    phrase = _strip_fillers(phrase)
    while trailing_verbs and (verb := _TRAILING_VERB_RE.search(phrase)) is not None and verb.start() > 0:
        phrase = phrase[: verb.start()]
    head, of, noun = phrase.rpartition("的")
    if of and noun and not head.endswith(("以上", "以下")):  # keep 5000平方米以上的楼宇 whole
        phrase = noun  # 国内外知名的专业运营机构 -> 专业运营机构
    return _TRAILING_RE.sub("", phrase).strip(_EDGE)


def _after_metric(after: str) -> str:
    """Cut a metric read after the number at the first word that starts a new phrase."""
    stop = _AFTER_STOP_RE.search(after, 1)
    phrase = after[: stop.start()] if stop else after
    return _TRAILING_RE.sub("", phrase).strip(_EDGE)


def _strip_fillers(phrase: str, keep_last: bool = False) -> str:
    """Remove leading scope words and verbs (全年预计完成); keep_last spares a lone last word (服务)."""
    phrase = phrase.strip(_EDGE)
    while (match := _FILLER_RE.match(phrase)) is not None and not (keep_last and match.end() == len(phrase)):
        phrase = phrase[match.end() :].strip(_EDGE)
    return phrase


def _clean(phrase: str) -> str:
    """Drop whitespace and quotation marks, which carry no meaning in a metric."""
    return _NOISE_RE.sub("", phrase).strip(_EDGE)


def _complete_qualifier_only(
    text: str, metric: str, hits: list[_Hit], done: list[Indicator], hit: _Hit
) -> str:
    """Give "其中，5万平方米以上不低于3栋" the noun of the count it breaks down.

    When the metric is nothing but a qualifier, the counted thing is the one
    the previous indicator with the same unit counts (改造楼宇数量 -> 楼宇).
    """
    qualifiers = {_clean(text[h.quantity.start : h.tail]) for h in hits if h.qualifier}
    if metric not in qualifiers:
        return metric
    earlier = next((i for i in reversed(done) if i.unit == hit.quantity.unit), None)
    return metric if earlier is None else metric + _COUNT_WORDS_RE.sub("", earlier.metric)

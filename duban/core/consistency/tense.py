"""Which clauses of a progress report state facts and which state plans or unfinished work.

A report mixes results (已完成, 完工并投入使用) with plans (计划12月开工), forecasts
(预计完成…), waiting (待验收) and work under way (调试中, 正在进行). Only a fact can
support a claim of 是. The markers and their reach are:

- forward-looking words (计划, 预计, 拟, 争取, 力争, 将于, 有望, 即将) make their clause
  pending and also the clauses after it in the same sentence (预计11月获得施工许可证，
  12月开工建设), until a clause says 已 / 目前 / 截至;
- state words (正在, 待, 尚未/暂未/未开工, 暂缓, 推迟, 调试中/审查中/推进中 …, 具备…条件)
  make their own clause pending;
- weak words — 推进 / 推动, a deadline phrase (年底, 年内, 年末, 月底前, 下半年, 四季度)
  and a month after the as-of day (12月中旬, when the report is read in November) — make
  their clause pending unless the clause also says 已. 年底完成竣工验收 in a report
  written before the year ends restates the deadline; it is not a result. 年内 with a
  quantity (年内新开工项目3个) is a tally of the year so far and stays a fact.

Weak clauses are marked as such: a report that also states the act as done
(已投入运营，持续推进运营优化) is not contradicted by them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from duban.core.consistency.text import Span, clauses
from duban.core.quantities import find_quantities

_FORWARD = re.compile(
    r"预计|计划(?=于|在|将|到|年|月|\d|[一二三四五六七八九十]|今|明|下|本|春节|元旦|国庆|节前|近期|尽快|完成|开工|建成"
    r"|竣工|启动|投入|投产|签|办理|实现|开展|推进|进行)|(?<![模虚草])拟|争取|力争|有望|即将"
    r"|将(?=于|在|会|要|开工|完成|竣工|启动|投产|投入|运营|签|建成|实现|进行)"
)
_UNDER_WAY_VERBS = (
    "调试|审查|审核|审批|推进|进行|洽谈|办理|建设|安装|签约|施工|调整|实施|报批|谈判|对接|装修|编制|协调|论证"
    "|评审|招标|磋商|整改|修订|验收|完善|落实|谋划|沟通|设计|运行|测试|研究|申报|申请|征迁|拆迁|清理|改造|筹建|筹备"
)
_STATE = re.compile(
    r"正在|(?<![接期对款招等看优善])待(?!遇)|(?:尚|暂|仍|还|并)未"
    r"|未(?=开工|完成|完工|竣工|启动|落地|签|到位|达|能|实施|开展|办理|取得|获|通过|验收|交付|投产|运营|动工|建成)"
    rf"|暂缓|推迟|延期|延后|停滞|(?:{_UNDER_WAY_VERBS})中(?![心国央标间期])|具备[^，。；]{{0,12}}条件"
)
_WEAK = re.compile(r"推进|推动|年底前?|年末|年内|月底前?|下半年|第?四季度")
_FACT = re.compile(r"已|目前|截至|截止")
_MONTH = re.compile(
    r"(?:(?P<year>20\d{2})\s*年)?(?<!\d)(?P<month>1[0-2]|0?[1-9])\s*月份?"
    r"(?:(?P<part>中下旬|上中旬|上旬|中旬|下旬|初|中|底|末)|(?P<day>[1-3]?\d)\s*[日号])?"
)
# The first day of a named part of a month: a plan for "12月中旬" is still future on 12月5日.
_PART_START = {
    "上旬": 1,
    "初": 1,
    "上中旬": 1,
    "中旬": 11,
    "中": 11,
    "中下旬": 11,
    "下旬": 21,
    "底": 21,
    "末": 21,
}


@dataclass(frozen=True)
class Clause:
    """A clause of a report and, when it does not state a fact, the words that say so."""

    text: str
    start: int
    end: int
    marker: str = ""  # 计划 / 调试中 / 年底 / 12月中旬 …; "" for a statement of fact
    weak: bool = False  # pending only by 推进 / a deadline phrase / a future month
    sentence: str = ""  # the whole sentence, for quoting: 预计…获得施工许可证，12月开工建设

    @property
    def pending(self) -> bool:
        """Tell whether the clause states a plan, a forecast or unfinished work."""
        return bool(self.marker)


def read_clauses(text: str, *, today: dt.date | None = None, year: int | None = None) -> list[Clause]:
    """Split a report into clauses and mark those that are not statements of fact.

    today is the as-of day of the report; without it, months are not judged.
    year is the calendar year a month without a year belongs to (the plan's year).
    """
    result: list[Clause] = []
    carried, sentence = "", -1
    spans = clauses(text)
    sentences = _sentences(text, spans)
    for span in spans:
        if span.sentence != sentence:
            carried, sentence = "", span.sentence
        forward = _FORWARD.search(span.text)
        marker, weak = _own_marker(span.text, today, year)
        if (not marker or weak) and carried and not _FACT.search(span.text):
            marker, weak = carried, False
        if forward:
            carried = forward.group()
        elif _FACT.search(span.text):
            carried = ""
        result.append(Clause(span.text, span.start, span.end, marker, weak, sentences[span.sentence]))
    return result


def _sentences(text: str, spans: list[Span]) -> dict[int, str]:
    """Return the text of each sentence, from its first clause to its last."""
    bounds: dict[int, tuple[int, int]] = {}
    for span in spans:
        start, _ = bounds.get(span.sentence, (span.start, span.end))
        bounds[span.sentence] = (start, span.end)
    return {number: text[start:end] for number, (start, end) in bounds.items()}


def _own_marker(text: str, today: dt.date | None, year: int | None) -> tuple[str, bool]:
    """Return the words in text that make it pending on their own ("" if none) and whether they are weak."""
    strong = _FORWARD.search(text) or _STATE.search(text)
    if strong:
        return strong.group(), False
    if _FACT.search(text):
        return "", False
    for weak in _WEAK.finditer(text):
        if weak.group() != "年内" or not find_quantities(text):
            return weak.group(), True
    month = _future_month(text, today, year)
    return month, bool(month)


def _future_month(text: str, today: dt.date | None, year: int | None) -> str:
    """Return a month named in text that starts after today (12月中旬 read on 11月15日), or ""."""
    if today is None:
        return ""
    for match in _MONTH.finditer(text):
        named_year = int(match.group("year")) if match.group("year") else (year or today.year)
        month = int(match.group("month"))
        day = int(match.group("day")) if match.group("day") else _PART_START.get(match.group("part") or "", 1)
        try:
            named = dt.date(named_year, month, day)
        except ValueError:
            continue
        if named > today:
            return match.group()
    return ""


def pending_at(text: str, index: int, *, today: dt.date | None = None, year: int | None = None) -> str:
    """Return the marker of the clause holding index ("" when it states a fact)."""
    for clause in read_clauses(text, today=today, year=year):
        if clause.start <= index < clause.end:
            return clause.marker
    return ""

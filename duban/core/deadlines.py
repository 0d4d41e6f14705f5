"""Chinese deadline cells (完成时限 / 时间节点) turned into a date plus the text as written.

A deadline names a period and means "by the end of" it, so every period resolves
to its latest day: 2022年1月 is 2022-01-31, 二季度 is 06-30, 年底 is 12-31.
A deadline in working days (7个工作日内, 3个工作日内签收) counts from the day the item is
交办: it comes back as WORKDAYS with the count, and the caller resolves it to a date with
the working-day calendar (`Deadline.resolve`, `duban.core.workdays.WorkCalendar`).
Parsing never raises: text that is not understood comes back as UNPARSED so a
person can read it.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from duban.core.workdays import WorkCalendar


class DeadlineKind(StrEnum):
    """What a deadline cell says; the values are the strings written to JSON."""

    DATE = "date"
    WORKDAYS = "workdays"  # N个工作日内: a count of working days from the 交办 date
    ONGOING = "ongoing"
    RECURRING = "recurring"
    NONE = "none"
    UNPARSED = "unparsed"


@dataclass(frozen=True)
class Deadline:
    """A deadline cell: its stripped text, what kind it is, for DATE the day, for WORKDAYS the count."""

    text: str
    kind: DeadlineKind
    date: datetime.date | None
    workdays: int | None = None

    def resolve(self, calendar: WorkCalendar, assigned_on: datetime.date) -> datetime.date | None:
        """The day this deadline falls on for an item 交办 on assigned_on: the date itself, or
        the N-th working day after it; None for deadlines that name no day."""
        if self.kind == DeadlineKind.WORKDAYS and self.workdays is not None:
            return calendar.add_workdays(assigned_on, self.workdays)
        return self.date


# NFKC already folds full-width forms (－ ～ ／ ．) to ASCII; these dashes survive it.
_DASHES = str.maketrans(dict.fromkeys("—–―‐‑‒−─~〜", "-"))
_EDGE_PUNCTUATION = "。，；、,;:!?"
# "7个工作日内", "15个工作日", "3个工作日内签收", "收到后五个工作日内"; at most 3 digits.
_WORKDAYS = re.compile(r"(?<!\d)(\d{1,3})个?工作日", re.ASCII)
_NONE = re.compile(r"[-/\\_.]*|无|暂无")
_ONGOING = re.compile(r"长期|持续|常态化")
_RECURRING = re.compile(r"每|按(?:月|季|年|周|旬|日|天|半年)|逐(?:月|季|年)|定期")
_PREFIX = re.compile(r"^(?:力争|确保|计划|预计|争取|截至|截止|最迟|务必|于|在|到|至)")
_SUFFIX = re.compile(r"(?:(?:全面|全部|基本)?完成|之前|以前|为止|前|止|左右)$")

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0}
_CN_NUMBER = re.compile("[〇○零一二三四五六七八九十]+")
_CN_TENS = re.compile("([一二三四五六七八九])?十([一二三四五六七八九])?")

# Only 19xx/20xx count as years, so amounts such as "1000万元" are not read as dates.
_YEAR = re.compile(r"((?:19|20)\d{2})(?:年度?)?", re.ASCII)
_MONTH = re.compile(
    r"(\d{1,2})月份?(?:(\d{1,2})[日号]?|(初|上旬|月初|中|中旬|月中|上中旬|底|末|下旬|中下旬|月底|月末))?",
    re.ASCII,
)
# One separator throughout, so "2022.3-6" is a range (3 to 6月), not 2022-03-06.
_NUMERIC = re.compile(r"([-/.])(\d{1,2})(?:\1(\d{1,2}))?", re.ASCII)
_QUARTER = re.compile(r"(?:第|前)?([1-4])季度?(?:末|底)?|Q([1-4])", re.ASCII)
_RANGE_SEP = re.compile("[-至到]")
_RANGE_LEFT = re.compile(r"[\d年月日号./\-底末初中上下旬季度第Q]+", re.ASCII)
_BARE_DAY = re.compile(r"\d{1,2}[日号]", re.ASCII)
_LEFT_MONTH = re.compile(r"(\d{1,2})月", re.ASCII)

# Part-of-month words give the last day of that part; a missing entry means month end.
_TAIL_DAY = {"初": 10, "上旬": 10, "月初": 10, "中": 20, "中旬": 20, "月中": 20, "上中旬": 20}
# Words that name a part of a year on their own (年底, 上半年), mapped to its last month.
_YEAR_WORDS = {
    "年底": 12,
    "年末": 12,
    "年内": 12,
    "年度": 12,
    "全年": 12,
    "本年": 12,
    "本年度": 12,
    "当年": 12,
    "年中": 6,
    "上半年": 6,
    "下半年": 12,
}
# What may follow "2022年" directly; bare "底" or "中" only means 年底/年中 after a year.
_AFTER_YEAR = {"": 12, "底": 12, "末": 12, "内": 12, "中": 6}


def parse_deadline(text: str, *, default_year: int | None = None) -> Deadline:
    """Parse a deadline cell; default_year fills in cells that name no year (6月底)."""
    written = text.strip()
    s = _normalize(written)
    if _NONE.fullmatch(s):
        return Deadline(written, DeadlineKind.NONE, None)
    day = _resolve(_strip_affixes(_cn_numerals(s)), default_year)
    if day is not None:
        return Deadline(written, DeadlineKind.DATE, day)
    # Recurring wins over ongoing: "每月调度，长期坚持" still tells when reports fall due;
    # and over working days: "每月前5个工作日报送" repeats, it is not one deadline.
    if _RECURRING.search(s):
        return Deadline(written, DeadlineKind.RECURRING, None)
    if (count := _WORKDAYS.search(_cn_numerals(s))) and int(count.group(1)) > 0:
        return Deadline(written, DeadlineKind.WORKDAYS, None, int(count.group(1)))
    if _ONGOING.search(s):
        return Deadline(written, DeadlineKind.ONGOING, None)
    return Deadline(written, DeadlineKind.UNPARSED, None)


def _normalize(text: str) -> str:
    """Fold full-width forms, drop all whitespace, unify dashes and trim edge punctuation."""
    s = "".join(unicodedata.normalize("NFKC", text).split())
    return s.translate(_DASHES).upper().strip(_EDGE_PUNCTUATION)


def _cn_numerals(s: str) -> str:
    """Replace Chinese numerals with digits: 十二月 → 12月, 二〇二二年 → 2022年."""
    return _CN_NUMBER.sub(lambda m: _cn_number(m.group()), s)


def _cn_number(run: str) -> str:
    """One run of Chinese numerals as digits; runs that are not a number are kept."""
    if "十" not in run:
        return "".join(str(_CN_DIGITS[c]) for c in run)
    tens = _CN_TENS.fullmatch(run)
    if tens is None:
        return run
    high, low = tens.groups()
    return str(_CN_DIGITS[high or "一"] * 10 + (_CN_DIGITS[low] if low else 0))


def _strip_affixes(s: str) -> str:
    """Remove hedging prefixes (力争, 确保) and suffixes (前, 完成) until none is left."""
    while True:
        stripped = _SUFFIX.sub("", _PREFIX.sub("", s, count=1), count=1)
        if stripped == s:
            return s
        s = stripped


def _resolve(s: str, default_year: int | None) -> datetime.date | None:
    """The date a cleaned cell names, as a single period or as the end of a range."""
    return _single(s, default_year) or _range_end(s, default_year)


def _range_end(s: str, default_year: int | None) -> datetime.date | None:
    """The end of a range such as 2022年3月—6月 or 2022年3-6月; the right side inherits the year."""
    # Try the rightmost separator first; earlier ones may sit inside a date like 2022-03.
    for sep in reversed(list(_RANGE_SEP.finditer(s))):
        left, right = s[: sep.start()], s[sep.end() :]
        if not _RANGE_LEFT.fullmatch(left):
            continue
        year = _YEAR.match(left)
        month = _LEFT_MONTH.search(left)
        if month and _BARE_DAY.fullmatch(right):
            right = f"{month.group(1)}月{right}"
        end = _single(right, int(year.group(1)) if year else default_year)
        if end is not None:
            return _roll_over(left, right, end)
    return None


def _roll_over(left: str, right: str, end: datetime.date) -> datetime.date:
    """Move an end without its own year past a start it precedes: 2022年11月—2月 ends in 2023."""
    if _YEAR.match(right):
        return end
    start = _single(left, end.year)
    if start is None or start <= end:
        return end
    return _single(right, end.year + 1) or end


def _single(s: str, default_year: int | None) -> datetime.date | None:
    """The last day of the one period s names, or None."""
    match = _YEAR.match(s)
    year = int(match.group(1)) if match else default_year
    rest = s[match.end() :] if match else s
    if year is None or (not match and not rest):
        return None
    month_day = _month_day(rest, explicit_year=match is not None)
    if month_day is None:
        return None
    return _make_date(year, *month_day)


def _month_day(rest: str, *, explicit_year: bool) -> tuple[int, int | None] | None:
    """Month and day (None for month end) of what follows the year."""
    if explicit_year and rest in _AFTER_YEAR:
        return _AFTER_YEAR[rest], None
    if rest in _YEAR_WORDS:
        return _YEAR_WORDS[rest], None
    if quarter := _QUARTER.fullmatch(rest):
        return 3 * int(quarter.group(1) or quarter.group(2)), None
    if month := _MONTH.fullmatch(rest):
        day, tail = month.group(2), month.group(3)
        return int(month.group(1)), int(day) if day else _TAIL_DAY.get(tail or "")
    if explicit_year and (numeric := _NUMERIC.fullmatch(rest)):
        return int(numeric.group(2)), int(numeric.group(3)) if numeric.group(3) else None
    return None


def _make_date(year: int, month: int, day: int | None) -> datetime.date | None:
    """The date, with None meaning the month's last day; None when it does not exist."""
    try:
        last = calendar.monthrange(year, month)[1]
        return datetime.date(year, month, last if day is None else day)
    except ValueError:  # 13月, 2月30日, 0日
        return None


# A deadline inside a sentence of minutes or a 批示, read against the document's date.
# Order matters: the first pattern that matches anywhere in the sentence wins.
_IN_TEXT = re.compile(
    r"(?P<workdays>\d{1,3}个?工作日内?)"
    r"|(?P<days>\d{1,3})(?:天|日)内"
    r"|(?P<weeks>\d{1,2})(?:个)?(?:周|星期)内"
    r"|(?P<months>\d{1,2})个月内"
    r"|(?P<next_month>下月(?:底|末)?前?)"
    r"|(?P<month_end>(?:本|当)?月(?:底|末)前|本月底|本月内|当月内)"
    r"|(?P<year_end>(?:本|今|当)?年(?:底|末)前|(?:本|今|当)?年内|本年度内)"
    r"|(?P<dated>(?:(?:19|20)\d{2}年)?\d{1,2}月(?:\d{1,2}[日号]|上旬|中旬|下旬|底|末|中)?)"
    r"(?:上午|下午|晚上?)?(?:下班)?(?:之前|以前|前)",
    re.ASCII,
)
_LOOK_BACK_DAYS = 92
_TWO = str.maketrans({"两": "2", "俩": "2"})


def find_deadline(sentence: str, *, issued_on: datetime.date) -> Deadline | None:
    """The first deadline a sentence states (两周内, 月底前, 7个工作日内, 3月15日前), resolved
    against the day the document was issued; None when it states none (尽快, 抓紧)."""
    folded = _normalize(sentence)
    match = _IN_TEXT.search(_read_numbers(folded))
    if match is None:
        return None
    written, kind = _as_written(folded, match), match.lastgroup
    if kind == "workdays":
        count = int(match.group().split("个")[0].split("工")[0])
        return Deadline(written, DeadlineKind.WORKDAYS, None, count)
    day = _relative_day(kind or "", match, issued_on)
    return Deadline(written, DeadlineKind.DATE, day) if day else None


def _read_numbers(s: str) -> str:
    """两周 → 2周, 十五天 → 15天: what the patterns match."""
    return _cn_numerals(s.translate(_TWO))


def _as_written(folded: str, match: re.Match[str]) -> str:
    """The matched phrase as the sentence writes it (两周内, not 2周内): the shortest stretch of
    the sentence whose numbers read as the match."""
    start = next(i for i in range(len(folded) + 1) if len(_read_numbers(folded[:i])) >= match.start())
    for end in range(start + 1, len(folded) + 1):
        if _read_numbers(folded[start:end]) == match.group():
            return folded[start:end]
    return match.group()


def _relative_day(kind: str, match: re.Match[str], issued_on: datetime.date) -> datetime.date | None:
    """The day a relative phrase names, counted from the document's date."""
    if kind == "days":
        return issued_on + datetime.timedelta(days=int(match.group("days")))
    if kind == "weeks":
        return issued_on + datetime.timedelta(weeks=int(match.group("weeks")))
    if kind == "months":
        return _add_months(issued_on, int(match.group("months")))
    if kind == "next_month":
        return _month_end(_add_months(issued_on.replace(day=1), 1))
    if kind == "month_end":
        return _month_end(issued_on)
    if kind == "year_end":
        return datetime.date(issued_on.year, 12, 31)
    return _dated(match.group("dated"), issued_on)


def _dated(written: str, issued_on: datetime.date) -> datetime.date | None:
    """X月X日前 in the document's year, or the next year's when that day lies months before the
    document (纪要 of December: 1月15日前); a day a little before it is the meeting's own week."""
    day = parse_deadline(written, default_year=issued_on.year).date
    if day is not None and (issued_on - day).days > _LOOK_BACK_DAYS and not _YEAR.match(written):
        return parse_deadline(written, default_year=issued_on.year + 1).date
    return day


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])

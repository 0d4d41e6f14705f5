"""Lines of the 国务院办公厅's yearly holiday notice read into calendar days, for a preview.

    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
    2月14日（周六）、2月28日（周六）上班。

The words before "：" name the holiday; the dates before "放假" are the days off (a range
"至" or a single day), the dates before "上班" the 调休 working days. A range without a month
on its right keeps the left's month; a month smaller than the one before it is in the next
year (12月31日至1月2日). Parsing never raises: a line it cannot read comes back as a problem
naming the line, so nothing pasted is lost. Plain Python: no Django.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

HOLIDAY = "holiday"
WORKDAY = "workday"

_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+|\d+)[、.．]\s*")
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
_DATE = re.compile(r"(?:(\d{1,2})月)?(\d{1,2})日")
_RANGE = re.compile(r"(\d{1,2})月(\d{1,2})日(?:至(?:(\d{1,2})月)?(\d{1,2})日)?")
MAX_DAYS_OFF = 15  # no statutory holiday runs longer; a longer range is a typing mistake


@dataclass(frozen=True)
class NoticeDay:
    day: dt.date
    kind: str  # HOLIDAY or WORKDAY
    name: str


@dataclass
class NoticeReading:
    days: list[NoticeDay] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # lines that name a holiday but could not be read
    ignored: list[str] = field(default_factory=list)  # lines with neither 放假 nor 上班 (the title)


def read_notice(text: str, year: int) -> NoticeReading:
    """Every holiday and 调休 day the pasted lines give, for the notice's year."""
    reading = NoticeReading()
    seen: dict[dt.date, NoticeDay] = {}
    last_name = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = "".join(unicodedata.normalize("NFKC", raw).split())
        if not line:
            continue
        line = line.replace(":", "：")
        if "放假" not in line and "上班" not in line:
            reading.ignored.append(f"第{number}行：{raw.strip()[:40]}")
            continue
        last_name, days = _read_line(line, year, number, reading.problems, last_name)
        for day in days:
            if day.day in seen and seen[day.day] != day:
                reading.problems.append(f"第{number}行：{_cn(day.day)}已在前面出现，以前面为准")
                continue
            seen.setdefault(day.day, day)
    reading.days = sorted(seen.values(), key=lambda d: d.day)
    return reading


def _read_line(
    line: str, year: int, number: int, problems: list[str], last_name: str
) -> tuple[str, list[NoticeDay]]:
    """The line's holiday name and days; a line of only "…上班" continues the line before it."""
    name, _, body = line.partition("：") if "：" in line else ("", "", line)
    name = _ORDINAL.sub("", name)
    if not name and "放假" not in body and last_name:
        name = last_name
    if not name:
        problems.append(f"第{number}行没有写节日名称（应为“春节：……”），未读取")
        return last_name, []
    body = _BRACKETS.sub("", body)
    off_part, said_off, rest = body.partition("放假")
    days: list[NoticeDay] = []
    if said_off:
        off = _days_off(off_part, year)
        if off is None:
            problems.append(f"第{number}行“{name}”：没有读出放假日期（应为“2月15日至23日放假”）")
            return name, []
        days += [NoticeDay(d, HOLIDAY, name) for d in off]
    else:
        rest = body
    work_part, said_work, _ = rest.partition("上班")
    if said_work:
        worked = _dates(work_part, year)
        if not worked:
            problems.append(f"第{number}行“{name}”：写了“上班”但没有读出日期（应为“2月14日（周六）上班”）")
        days += [NoticeDay(d, WORKDAY, name) for d in worked]
    return name, days


def _days_off(part: str, year: int) -> list[dt.date] | None:
    ranges = list(_RANGE.finditer(part))
    if not ranges:
        return None
    match = ranges[-1]  # the last date range before 放假 is the one that is off
    start = _date(year, int(match.group(1)), int(match.group(2)))
    if match.group(4) is None:
        return [start] if start else None
    end_month = int(match.group(3) or match.group(1))
    end_year = year + 1 if end_month < int(match.group(1)) else year
    end = _date(end_year, end_month, int(match.group(4)))
    if start is None or end is None or not 0 <= (end - start).days < MAX_DAYS_OFF:
        return None
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def _dates(part: str, year: int) -> list[dt.date]:
    found, month = [], None
    for match in _DATE.finditer(part):
        month = int(match.group(1)) if match.group(1) else month
        if month is not None and (day := _date(year, month, int(match.group(2)))) is not None:
            found.append(day)
    return found


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _cn(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"

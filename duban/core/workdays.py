"""工作日: which days count for a deadline, across statutory holidays and 调休.

A day is a working day when it is a 调休上班 day (a weekend day that is worked), or a
Monday to Friday that is not a 法定节假日. The calendar is built from plain sets, so the
rules are a few lines of test; `package_calendar()` seeds it from chinesecalendar, which
knows the years up to its release, and the `workdays` app lays the 系统管理员's table for
later years over it. A year neither knows is counted Monday to Friday, and `knows(year)`
says so, so that the pages and `duban check` can warn.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType

from chinese_calendar import constants as _package

SATURDAY = 5


class WorkCalendar:
    """Holidays and 调休 working days, each with its name (春节, 国庆节), and the years they cover."""

    def __init__(
        self,
        *,
        holidays: Mapping[dt.date, str] | Iterable[dt.date] = (),
        workdays: Mapping[dt.date, str] | Iterable[dt.date] = (),
        years: Iterable[int] = (),
    ) -> None:
        self._holidays = _named(holidays)  # plain dicts: a calendar is pickled into the cache
        self._workdays = _named(workdays)
        self._years = frozenset(years) | {d.year for d in self._holidays} | {d.year for d in self._workdays}
        # What sets a day apart from Monday to Friday, sorted, for counting a span by bisection.
        self._weekdays_off = sorted(
            d for d in self._holidays if d.weekday() < SATURDAY and d not in self._workdays
        )
        self._weekends_on = sorted(d for d in self._workdays if d.weekday() >= SATURDAY)

    @property
    def holidays(self) -> Mapping[dt.date, str]:
        return MappingProxyType(self._holidays)

    @property
    def workdays(self) -> Mapping[dt.date, str]:
        return MappingProxyType(self._workdays)

    @property
    def years(self) -> frozenset[int]:
        return self._years

    def knows(self, year: int) -> bool:
        """Whether this year's holidays are known; an unknown year is counted Monday to Friday."""
        return year in self._years

    def is_workday(self, day: dt.date) -> bool:
        if day in self._workdays:
            return True
        return day.weekday() < SATURDAY and day not in self._holidays

    def name_of(self, day: dt.date) -> str:
        """The holiday a day belongs to (春节), for a 调休 day too; empty for an ordinary day."""
        return self._holidays.get(day) or self._workdays.get(day, "")

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after start ("n个工作日内" from start); n ≤ 0 gives start itself."""
        day = start
        while n > 0:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                n -= 1
        return day

    def workdays_between(self, a: dt.date, b: dt.date) -> int:
        """Working days after a up to and including b; negative when b is before a.

        With a the deadline and b today, this is "逾期 N 个工作日"; it is the inverse of
        add_workdays: workdays_between(s, add_workdays(s, n)) == n.
        """
        if b < a:
            return -self.workdays_between(b, a)
        weeks, rest = divmod((b - a).days, 7)
        weekdays = weeks * 5 + sum(1 for i in range(1, rest + 1) if (a.weekday() + i) % 7 < SATURDAY)
        return weekdays - _count_within(self._weekdays_off, a, b) + _count_within(self._weekends_on, a, b)

    def overlaid(
        self, *, holidays: Mapping[dt.date, str], workdays: Mapping[dt.date, str], years: Iterable[int] = ()
    ) -> WorkCalendar:
        """This calendar with another's days laid over it: a date listed there wins."""
        own_holidays = {d: n for d, n in self._holidays.items() if d not in workdays}
        own_workdays = {d: n for d, n in self._workdays.items() if d not in holidays}
        return WorkCalendar(
            holidays=own_holidays | dict(holidays),
            workdays=own_workdays | dict(workdays),
            years=self._years | frozenset(years),
        )


def _count_within(days: list[dt.date], a: dt.date, b: dt.date) -> int:
    """How many of the sorted days fall after a, up to and including b."""
    return bisect.bisect_right(days, b) - bisect.bisect_right(days, a)


def _named(days: Mapping[dt.date, str] | Iterable[dt.date]) -> dict[dt.date, str]:
    if isinstance(days, Mapping):
        return dict(days)
    return dict.fromkeys(days, "")


@lru_cache(maxsize=1)
def package_calendar() -> WorkCalendar:
    """The calendar chinesecalendar ships: every year from its first to its release year."""
    names = {holiday.value: holiday.chinese for holiday in _package.Holiday}
    holidays: dict[dt.date, str] = {d: names.get(v, str(v)) for d, v in _package.holidays.items()}
    workdays: dict[dt.date, str] = {d: names.get(v, str(v)) for d, v in _package.workdays.items()}
    first, last = min(holidays).year, max(holidays).year
    return WorkCalendar(holidays=holidays, workdays=workdays, years=range(first, last + 1))


def plain_calendar() -> WorkCalendar:
    """Monday to Friday, no holidays: what counting in working days means with nothing known."""
    return WorkCalendar()

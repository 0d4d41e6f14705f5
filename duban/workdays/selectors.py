"""The working-day calendar as every page counts with it: chinesecalendar's data with the
系统管理员's table laid over it, kept until the next write (duban/common/memo.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from duban.common.freshness import SHARED
from duban.common.memo import until_next_write
from duban.core import clock
from duban.core.workdays import WorkCalendar, package_calendar
from duban.workdays.choices import DayKind
from duban.workdays.models import CalendarDay

MEMO_KEY = "workdays:calendar:2"  # :2 since WorkCalendar counts spans by bisection (new attributes)
WEEKDAYS = "一二三四五六日"


def work_calendar() -> WorkCalendar:
    """The calendar deadlines and lights count with."""
    return until_next_write(MEMO_KEY, _build, scopes=(SHARED,)).value


def counting_calendar() -> WorkCalendar | None:
    """The calendar for "N days" windows (临近, 逾期 N 天), or None when the office counts
    calendar days (settings.DUBAN_COUNT_WORKING_DAYS = False)."""
    return work_calendar() if settings.DUBAN_COUNT_WORKING_DAYS else None


def _build() -> WorkCalendar:
    holidays: dict[dt.date, str] = {}
    workdays: dict[dt.date, str] = {}
    for day, kind, name in CalendarDay.objects.values_list("day", "kind", "name"):
        (holidays if kind == DayKind.HOLIDAY else workdays)[day] = name
    return package_calendar().overlaid(holidays=holidays, workdays=workdays)


@dataclass(frozen=True)
class DayRow:
    """One day off or 调休 day of a year, and where it comes from."""

    day: dt.date
    kind: DayKind
    name: str
    in_table: bool  # the 系统管理员's row (removable), else the package's

    @property
    def weekday(self) -> str:
        return "周" + WEEKDAYS[self.day.weekday()]


@dataclass(frozen=True)
class YearView:
    year: int
    rows: list[DayRow]
    known_by_package: bool
    known: bool
    holidays: int
    workdays: int  # 调休上班 days


def year_view(year: int) -> YearView:
    """Every special day of a year: the package's, with the table's rows over them."""
    package = package_calendar()
    table = {row.day: row for row in CalendarDay.objects.filter(day__year=year)}
    rows: dict[dt.date, DayRow] = {}
    for days, kind in ((package.holidays, DayKind.HOLIDAY), (package.workdays, DayKind.WORKDAY)):
        for day, name in days.items():
            if day.year == year:
                rows[day] = DayRow(day, kind, name, in_table=False)
    for day, row in table.items():
        rows[day] = DayRow(day, DayKind(row.kind), row.name, in_table=True)
    ordered = sorted(rows.values(), key=lambda r: r.day)
    return YearView(
        year=year,
        rows=ordered,
        known_by_package=package.knows(year),
        known=package.knows(year) or bool(table),
        holidays=sum(1 for r in ordered if r.kind == DayKind.HOLIDAY),
        workdays=sum(1 for r in ordered if r.kind == DayKind.WORKDAY),
    )


def years_to_check(today: dt.date | None = None) -> list[int]:
    """This year, and from December on the next (the month the notice is usually out)."""
    today = today or clock.today()
    return [today.year, today.year + 1] if today.month == 12 else [today.year]


def unknown_years(today: dt.date | None = None) -> list[int]:
    """The years to check that neither the package nor the table knows."""
    known = {d.year for d in CalendarDay.objects.dates("day", "year")}
    package = package_calendar()
    return [y for y in years_to_check(today) if not package.knows(y) and y not in known]

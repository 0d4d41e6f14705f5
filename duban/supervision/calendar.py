"""Working days for 签收 and other "N个工作日" limits, behind a two-function protocol.

``office_calendar()`` is the ONE place that picks the calendar: Monday to Friday for now.
When duban/core/workdays.py (the ``WorkCalendar`` with statutory holidays and 调休) lands,
``office_calendar()`` returns it instead and nothing else here changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

_SATURDAY = 5


class Workdays(Protocol):
    def add_workdays(self, start: dt.date, n: int) -> dt.date: ...

    def workdays_between(self, a: dt.date, b: dt.date) -> int: ...


class WeekdayCalendar:
    """Monday to Friday are working days; no holidays (a stand-in for the office's calendar)."""

    @staticmethod
    def is_workday(day: dt.date) -> bool:
        return day.weekday() < _SATURDAY

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (start itself does not count)."""
        day = start
        while n > 0:
            day += dt.timedelta(days=1)
            n -= self.is_workday(day)
        return day

    def workdays_between(self, a: dt.date, b: dt.date) -> int:
        """Working days after ``a`` up to and including ``b`` (0 when b is not after a)."""
        days = (b - a).days
        return sum(self.is_workday(a + dt.timedelta(days=i)) for i in range(1, days + 1))


def office_calendar() -> Workdays:
    """The calendar every working-day count here uses (switch to core.workdays' WorkCalendar)."""
    return WeekdayCalendar()

"""基层减负台账: what the office asked of each unit per month, and the plans that asked too often.

Offices must show they guard against 形式主义: how many rounds a unit was asked to fill, how many
fields, how many of its reports came back, how many 催办 and 督办单 it received. Each count is
one ``Count`` over one table, grouped by unit and month in one query, so the page costs the same
for 5 units or 500. A new kind of burden is one more ``CountSource`` appended to ``COUNTS``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, QuerySet
from django.db.models.functions import TruncMonth

from duban.core.clock import OFFICE_ZONE
from duban.reporting.models import ProgressReport, Reminder, ReportingRound, ReportVersion
from duban.reporting.services.caps import round_cap
from duban.supervision.models import SupervisionNotice
from duban.units.models import Unit

# What a unit fills in per task in a round (the report form's fields).
REPORT_FIELDS = ("progress", "problems", "next_steps", "claim")


def _reports(year: int) -> QuerySet[ProgressReport, dict[str, Any]]:
    """The reports asked of each unit, by the month their round was opened."""
    return (
        ProgressReport.objects.filter(round__opened_at__year=year, unit__isnull=False)
        .annotate(month=TruncMonth("round__opened_at", tzinfo=OFFICE_ZONE))
        .values("unit_id", "month")
    )


def _rounds(year: int) -> QuerySet[ProgressReport, dict[str, Any]]:
    return _reports(year).annotate(n=Count("round", distinct=True))


def _fields(year: int) -> QuerySet[ProgressReport, dict[str, Any]]:
    """Every report is one row of the unit's table with the form's fields to fill."""
    return _reports(year).annotate(n=Count("pk") * len(REPORT_FIELDS))


def _returns(year: int) -> QuerySet[ReportVersion, dict[str, Any]]:
    return (
        ReportVersion.objects.filter(action="return", at__year=year, report__unit__isnull=False)
        .annotate(month=TruncMonth("at", tzinfo=OFFICE_ZONE))
        .values("month", unit_id=F("report__unit_id"))
        .annotate(n=Count("pk"))
    )


def _reminders(year: int) -> QuerySet[Reminder, dict[str, Any]]:
    """催办 received, counted once a day whatever the channels it went by."""
    return (
        Reminder.objects.filter(day__year=year)
        .annotate(month=TruncMonth("day"))
        .values("unit_id", "month")
        .annotate(n=Count("day", distinct=True))
    )


def _notices(year: int) -> QuerySet[SupervisionNotice, dict[str, Any]]:
    """督办单 received (三色督办), by the month they were issued."""
    return (
        SupervisionNotice.objects.filter(issued_at__year=year)
        .annotate(month=TruncMonth("issued_at", tzinfo=OFFICE_ZONE))
        .values("unit_id", "month")
        .annotate(n=Count("pk"))
    )


@dataclass(frozen=True)
class CountSource:
    key: str
    label: str  # the column's heading
    rows: Callable[[int], Iterable[dict[str, Any]]]  # unit_id, month, n for one year


COUNTS: tuple[CountSource, ...] = (
    CountSource("rounds", "填报轮次", _rounds),
    CountSource("fields", "填报字段数", _fields),
    CountSource("returns", "被退回次数", _returns),
    CountSource("reminders", "收到催办（天）", _reminders),
    CountSource("notices", "收到督办单", _notices),
)


@dataclass(frozen=True)
class BurdenRow:
    unit: str
    month: dt.date
    counts: tuple[int, ...]  # in the order of COUNTS


@dataclass(frozen=True)
class PlanWarning:
    """A plan that opened more rounds in one month than the office's cap."""

    plan: str
    month: dt.date
    rounds: int


@dataclass(frozen=True)
class BurdenLedger:
    year: int
    cap: int
    columns: tuple[str, ...]
    rows: list[BurdenRow]
    warnings: list[PlanWarning]


def burden_ledger(year: int) -> BurdenLedger:
    """The ledger of one year: per unit and month, each count; and the plans over the cap."""
    cells: dict[tuple[int, dt.date], list[int]] = defaultdict(lambda: [0] * len(COUNTS))
    for column, source in enumerate(COUNTS):
        for row in source.rows(year):
            cells[(row["unit_id"], _day(row["month"]))][column] = row["n"]
    names = dict(Unit.objects.filter(pk__in={unit for unit, _ in cells}).values_list("pk", "name"))
    rows = [BurdenRow(names[unit], month, tuple(counts)) for (unit, month), counts in cells.items()]
    rows.sort(key=lambda r: (r.month, r.unit))
    cap = round_cap()
    return BurdenLedger(year, cap, tuple(s.label for s in COUNTS), rows, _over_cap(year, cap))


def _over_cap(year: int, cap: int) -> list[PlanWarning]:
    rows = (
        ReportingRound.objects.filter(opened_at__year=year)
        .annotate(month=TruncMonth("opened_at", tzinfo=OFFICE_ZONE))
        .values("plan__title", "month")
        .annotate(n=Count("pk"))
        .filter(n__gt=cap)
        .order_by("month", "plan__title")
    )
    return [PlanWarning(r["plan__title"], _day(r["month"]), r["n"]) for r in rows]


def _day(month: dt.date) -> dt.date:
    """TruncMonth gives a datetime for datetime fields and a date for date fields."""
    return month.date() if isinstance(month, dt.datetime) else month

"""A unit merged into another (duban/units): its reports, contributions, extension requests
and reminders follow it."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef

from duban.reporting.choices import ReminderKind
from duban.reporting.models import Contribution, DeadlineExtension, ProgressReport, Reminder, SubTaskReport
from duban.units.models import Unit


def reporting_unit_merge(*, source: Unit, target: Unit, **_: Any) -> dict[str, int]:
    """``unit_merging``: everything the merged unit filed or was sent moves to the unit it joined.
    Both units may have been sent a digest on one day by one channel, which a unit may not
    have twice: those of the merged unit are dropped, counted in the merge's audit row."""
    digests = Reminder.objects.filter(kind=ReminderKind.DIGEST)
    same_day = digests.filter(unit=target, channel=OuterRef("channel"), day=OuterRef("day"))
    dropped, _ = digests.filter(unit=source).filter(Exists(same_day)).delete()
    return {
        "reports": ProgressReport.objects.filter(unit=source).update(unit=target),
        "contributions": Contribution.objects.filter(unit=source).update(unit=target),
        "extensions": DeadlineExtension.objects.filter(unit=source).update(unit=target),
        "reminders": Reminder.objects.filter(unit=source).update(unit=target),
        "subtask_reports": SubTaskReport.objects.filter(unit=source).update(unit=target),
        "same_day_digests_dropped": dropped,
    }

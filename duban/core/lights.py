"""Status lights (红黄绿灯): one computed state per task, coloured by the office's scheme.

Pure functions over plain values: the web app feeds them from the database, the
tests from literals. Thresholds and colours are configuration (settings
DUBAN_LIGHTS), because offices use different schemes — 绿/黄/红, 蓝/黄/红 for a
督办单, even red for good news.

A task falls due on its deadline; a task without one (no deadline, 长期坚持, 定期, a cell not
understood) falls due at the end of its plan's period: the plan's year is over, so the task
is either closed (办结) or late. The 临近 window counts working days when a WorkCalendar is
given (duban/core/workdays.py; the web side passes the office's), calendar days otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from duban.core.workdays import WorkCalendar


class Light(StrEnum):
    DONE = "done"
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    BEHIND = "behind"
    OVERDUE = "overdue"
    NOT_REPORTED = "not_reported"


LABELS = {
    Light.DONE: "已完成",
    Light.ON_TRACK: "正常推进",
    Light.DUE_SOON: "临近",
    Light.BEHIND: "滞后",
    Light.OVERDUE: "逾期",
    Light.NOT_REPORTED: "未填报",
}

# Named schemes: state -> colour (a CSS colour), so a preset is one word in settings.
SCHEMES: dict[str, dict[Light, str]] = {
    "green-yellow-red": {
        Light.DONE: "#198754",
        Light.ON_TRACK: "#198754",
        Light.DUE_SOON: "#ffc107",
        Light.BEHIND: "#fd7e14",
        Light.OVERDUE: "#dc3545",
        Light.NOT_REPORTED: "#dc3545",
    },
    "blue-yellow-red": {
        Light.DONE: "#0d6efd",
        Light.ON_TRACK: "#0d6efd",
        Light.DUE_SOON: "#ffc107",
        Light.BEHIND: "#ffc107",
        Light.OVERDUE: "#dc3545",
        Light.NOT_REPORTED: "#dc3545",
    },
}

# What a legend calls each scheme: the office's own words for the colours it chose.
SCHEME_NAMES = {"green-yellow-red": "绿/黄/红", "blue-yellow-red": "蓝/黄/红"}


def chart_colours(scheme: dict[Light, str]) -> dict[Light, str]:
    """The scheme's colours with every state kept apart: a state that shares its colour with an
    earlier one (已完成 and 正常推进 are one green) takes a lighter, then a darker, shade of it.

    Charts add a pattern per state as well, so the states stay apart in black-and-white print
    and for colour-blind readers, whose red and green look alike.
    """
    seen: dict[str, int] = {}
    colours = {}
    for light, colour in scheme.items():
        repeat = seen.get(colour.lower(), 0)
        seen[colour.lower()] = repeat + 1
        colours[light] = colour if repeat == 0 else _shade(colour, _SHADES[(repeat - 1) % len(_SHADES)])
    return colours


_SHADES = (0.5, -0.35)  # towards white by half, then towards black by a third


def _shade(colour: str, amount: float) -> str:
    """#rrggbb moved towards white (amount > 0) or black (amount < 0)."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    target = 255 if amount > 0 else 0
    return "#" + "".join(f"{round(c + (target - c) * abs(amount)):02x}" for c in channels)


@dataclass(frozen=True)
class LightConfig:
    due_soon_days: int = 7  # a deadline or report due within this many (working) days is 临近
    behind_margin: float = 0.15  # 滞后 when the period elapsed exceeds progress by more than this share
    scheme: dict[Light, str] = field(default_factory=lambda: dict(SCHEMES["green-yellow-red"]))
    scheme_name: str = "green-yellow-red"  # the key in SCHEMES, named in chart legends

    def colour(self, light: Light) -> str:
        return self.scheme[light]


@dataclass(frozen=True)
class TaskFacts:
    """What the system knows about a task on a given day."""

    done: bool
    deadline: dt.date | None = None
    report_due: dt.date | None = None  # the open round's due date, when the task owes a report
    report_submitted: bool = True
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    progress_share: float | None = None  # reported value / target value, when numbers allow

    @property
    def due(self) -> dt.date | None:
        """The day the task falls due: its deadline, else the end of its plan's period."""
        return self.deadline or self.period_end


def task_light(
    facts: TaskFacts, *, today: dt.date, config: LightConfig, calendar: WorkCalendar | None = None
) -> Light:
    """The one state that matters most, checked from the worst news down."""
    if facts.done:
        return Light.DONE
    if facts.due is not None and facts.due < today:
        return Light.OVERDUE
    if facts.report_due is not None and not facts.report_submitted and facts.report_due < today:
        return Light.NOT_REPORTED
    if is_behind_schedule(facts, today=today, margin=config.behind_margin):
        return Light.BEHIND
    window = config.due_soon_days
    if _within(facts.due, today, window, calendar) or (
        not facts.report_submitted and _within(facts.report_due, today, window, calendar)
    ):
        return Light.DUE_SOON
    return Light.ON_TRACK


def elapsed_share(start: dt.date, end: dt.date, today: dt.date) -> float:
    """序时进度: the share of the period gone by, between 0 and 1."""
    if end <= start:
        return 1.0 if today >= end else 0.0
    return min(1.0, max(0.0, (today - start).days / (end - start).days))


def is_behind_schedule(facts: TaskFacts, *, today: dt.date, margin: float) -> bool:
    """Progress (from the numbers) lags the share of the period elapsed by more than the margin."""
    if facts.progress_share is None or facts.period_start is None:
        return False
    end = facts.deadline or facts.period_end
    if end is None:
        return False
    return elapsed_share(facts.period_start, end, today) - facts.progress_share > margin


def days_late(due: dt.date, today: dt.date, calendar: WorkCalendar | None = None) -> int:
    """逾期 N 天: working days after due up to today with a calendar, calendar days without; 0 if not late."""
    if today <= due:
        return 0
    return calendar.workdays_between(due, today) if calendar is not None else (today - due).days


def _within(day: dt.date | None, today: dt.date, days: int, calendar: WorkCalendar | None) -> bool:
    if day is None or day < today:
        return False
    return (calendar.workdays_between(today, day) if calendar is not None else (day - today).days) <= days

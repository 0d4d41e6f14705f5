"""The dashboard is counted by the worker (huey), every 30 seconds and whenever asked.

Readers ask when what they were shown is older than the page's tolerance and the data has
moved since (dashboards.views), and a closed round asks at once. With ``DUBAN_HUEY_IMMEDIATE``
(the tests) an ask is counted on the spot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from django.core.cache import cache
from django.db import transaction
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from duban.core import clock
from duban.dashboards.services import board_count

SECOND_COUNT_DELAY = 30  # huey schedules by the minute; the periodic job asks again half-way
# Readers' asks for a count, once in this many seconds: while reports are being filed, every
# reader finds the board stale, and each ask queued a count of its own (11 counts a minute
# under the load benchmark, each 0.3 s of the worker's time and more with the worker busy).
ASK_SECONDS = 30


class Job(Protocol):
    def __call__(self) -> object: ...

    def schedule(self, *, delay: int) -> object: ...


def _task() -> Callable[[Callable[[], bool]], Job]:
    """huey's ``db_task``, typed: huey ships no types, so its decorator is untyped."""
    decorator: Callable[[Callable[[], bool]], Job] = db_task()
    return decorator


def _periodic(schedule: Callable[[dt.datetime], bool]) -> Callable[[Callable[[], bool]], Job]:
    decorator: Callable[[Callable[[], bool]], Job] = db_periodic_task(schedule)
    return decorator


@_task()
def dashboard_count_job() -> bool:
    """Count the dashboard if the data or the day moved since it was counted."""
    return board_count(today=clock.today()) is not None


def dashboard_count_asked() -> bool:
    """A reader found the board stale: count it, once however many readers ask meanwhile.
    True when it was counted on the spot (where jobs run at once: the tests), not queued."""
    if HUEY.immediate:
        dashboard_count_job()
        return True
    if cache.add("dashboard-count-asked", True, ASK_SECONDS):
        dashboard_count_job()
    return False


@_periodic(crontab(minute="*"))
def count_dashboard_every_minute() -> bool:
    dashboard_count_job.schedule(delay=SECOND_COUNT_DELAY)
    return board_count(today=clock.today()) is not None


def count_after_round_closed(**_: Any) -> None:
    """``round_closed``: the board shows the closed round once its transaction commits."""
    transaction.on_commit(dashboard_count_job)

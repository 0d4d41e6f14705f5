"""Scheduled audit job, run by `duban worker` (huey): the daily checkpoint of the chain's head."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from duban.auditlog.checkpoints import checkpoint_write
from duban.core import clock

Job = Callable[[], bool]


class PeriodicJob(Protocol):
    """What huey keeps in the job's place: calling it queues a run; ``call_local`` runs it here."""

    def call_local(self) -> bool: ...


def _periodic(schedule: Callable[[dt.datetime], bool]) -> Callable[[Job], PeriodicJob]:
    """huey's ``db_periodic_task``, typed: huey ships no types, so its decorator is untyped."""
    decorator: Callable[[Job], PeriodicJob] = db_periodic_task(schedule)
    return decorator


@_periodic(crontab(hour="0", minute="10"))
def audit_checkpoint() -> bool:
    """Just after midnight: the head as it stands then, filed under the day that has just ended."""
    return checkpoint_write(day=clock.today() - dt.timedelta(days=1)) is not None

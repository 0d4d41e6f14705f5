"""Scheduled job, run by `duban worker` (huey): each morning, 回头看 days that have come."""

from __future__ import annotations

from huey import crontab

from duban.common import jobs
from duban.core import clock
from duban.supervision.services.closing import rechecks_come_due


@jobs.periodic(crontab(hour="7", minute="0"))
def put_due_rechecks() -> int:
    return len(rechecks_come_due(today=clock.today()))

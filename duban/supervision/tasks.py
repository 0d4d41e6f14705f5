"""Scheduled jobs, run by `duban worker` (huey): each morning, 回头看 days that have come; every
five minutes, tasks an import stored but its process did not live to issue."""

from __future__ import annotations

from huey import crontab

from duban.common import jobs
from duban.core import clock
from duban.supervision.services.closing import rechecks_come_due
from duban.supervision.services.numbers import items_backfill


@jobs.periodic(crontab(hour="7", minute="0"))
def put_due_rechecks() -> int:
    return len(rechecks_come_due(today=clock.today()))


@jobs.periodic(crontab(minute="*/5"))
def issue_pending_items() -> int:
    return items_backfill()

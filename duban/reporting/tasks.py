"""Scheduled jobs, run by `duban worker` (huey): reminders each morning, rounds from their rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from duban.core import clock
from duban.reporting.services.reminders import reminders_send
from duban.reporting.services.rounds import rounds_open_from_rules

Job = Callable[[], int]


class PeriodicJob(Protocol):
    """What huey keeps in the job's place: calling it queues a run; ``call_local`` runs it here."""

    def call_local(self) -> int: ...


def _periodic(schedule: Callable[[dt.datetime], bool]) -> Callable[[Job], PeriodicJob]:
    """huey's ``db_periodic_task``, typed: huey ships no types, so its decorator is untyped."""
    decorator: Callable[[Job], PeriodicJob] = db_periodic_task(schedule)
    return decorator


@_periodic(crontab(hour=str(settings.DUBAN_REMIND_HOUR), minute="0"))
def send_daily_reminders() -> int:
    return len(reminders_send(today=clock.today()))


@_periodic(crontab(hour="0", minute="30"))
def open_scheduled_rounds() -> int:
    return len(rounds_open_from_rules(today=clock.today()))

"""Scheduled jobs, run by `duban worker` (huey): reminders each morning, rounds from their rules."""

from __future__ import annotations

from django.conf import settings
from huey import crontab

from duban.common import jobs
from duban.core import clock
from duban.reporting.services.reminders import reminders_send
from duban.reporting.services.rounds import rounds_open_from_rules


@jobs.periodic(crontab(hour=str(settings.DUBAN_REMIND_HOUR), minute="0"))
def send_daily_reminders() -> int:
    return len(reminders_send(today=clock.today()))


@jobs.periodic(crontab(hour="0", minute="30"))
def open_scheduled_rounds() -> int:
    return len(rounds_open_from_rules(today=clock.today()))

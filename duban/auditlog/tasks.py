"""Scheduled audit job, run by `duban worker` (huey): the daily checkpoint of the chain's head."""

from __future__ import annotations

import datetime as dt

from huey import crontab

from duban.auditlog.checkpoints import checkpoint_write
from duban.common import jobs
from duban.core import clock


@jobs.periodic(crontab(hour="0", minute="10"))
def audit_checkpoint() -> bool:
    """Just after midnight: the head as it stands then, filed under the day that has just ended."""
    return checkpoint_write(day=clock.today() - dt.timedelta(days=1)) is not None

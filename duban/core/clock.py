"""The one clock of duban: every "now" and "today" in the code is read here.

Reading the time in one place lets the tests pin it (time-machine moves what these
functions return) so that the suite gives the same answers on any day of any year, and
keeps the office's day — Beijing time, whatever zone the server runs in — defined once.
The Django settings take their TIME_ZONE from OFFICE_ZONE.
"""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

OFFICE_ZONE = ZoneInfo("Asia/Shanghai")


def now() -> dt.datetime:
    """The current instant, timezone-aware (UTC), as Django stores it."""
    return dt.datetime.now(tz=dt.UTC)


def local_now() -> dt.datetime:
    """The current instant on the office's wall clock."""
    return now().astimezone(OFFICE_ZONE)


def today() -> dt.date:
    """The office's current day (a report due "today" is due on Beijing's today)."""
    return local_now().date()


def timestamp() -> float:
    """Seconds since the epoch, for session ages kept as plain numbers."""
    return time.time()

"""Login failures, counted per user name and source address (settings.AXES_* point here).

django-axes counts the failures of one user name from one address. From the third on, that
name may not be tried again from that address for a while, twice as long after each further
failure (`login_delay`); the fifth locks the name for that address for DUBAN_LOCKOUT_MINUTES.
The same name from another address is not affected: a stranger who knows the 督办员's user
name cannot lock the office out, while one address guessing a password is slowed, then stopped.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest

from duban.core import clock

# In every audit row of a lock: how the login page and the notifications find them again.
LOCKED_NOTE = "连续登录失败次数过多"


def client_address(request: HttpRequest) -> str | None:
    """The peer's address, as the audit log records it: a forged X-Forwarded-For changes nothing."""
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


def _failures(username: str, address: str | None) -> tuple[int, datetime | None]:
    """The name's failures from the address, and the latest one's time (axes keeps a row per browser)."""
    rows = AccessAttempt.objects.filter(username=username, ip_address=address)
    totals = rows.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    return totals["failures"] or 0, totals["last"]


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """The failure window while a name is not locked from an address; the lockout once it is.

    axes keeps the failures of a name from an address with the latest failure time and drops
    them once that is older than this: so failures count while each follows the previous within
    the window, and a lock lasts DUBAN_LOCKOUT_MINUTES from the failure that set it.
    """
    lockout = timedelta(minutes=settings.DUBAN_LOCKOUT_MINUTES)
    username = get_client_username(request) if request is not None else None
    if request is None or not username:
        return lockout
    failures, _ = _failures(username, client_address(request))
    if failures >= settings.AXES_FAILURE_LIMIT:
        return lockout
    return timedelta(minutes=settings.DUBAN_LOGIN_FAILURE_WINDOW_MINUTES)


def delay_after(failures: int) -> timedelta:
    """How long a name waits at an address after this many failures there (before the lock)."""
    first = settings.DUBAN_LOGIN_DELAY_AFTER_FAILURES
    if failures < first:
        return timedelta(0)
    return timedelta(seconds=settings.DUBAN_LOGIN_DELAY_SECONDS * 2 ** (failures - first))


def login_delay(request: HttpRequest) -> int:
    """Whole seconds before this name may be tried again from this address; 0 if it may now.

    Known and unknown names are slowed alike (axes records both), so the wait tells nothing.
    """
    username = get_client_username(request)
    if not username:
        return 0
    failures, last = _failures(username, client_address(request))
    window = timedelta(minutes=settings.DUBAN_LOGIN_FAILURE_WINDOW_MINUTES)
    if last is None or failures >= settings.AXES_FAILURE_LIMIT or clock.now() - last > window:
        return 0  # nothing recent, or locked: axes answers a lock itself
    remaining = last + delay_after(failures) - clock.now()
    return max(0, int(-(-remaining.total_seconds() // 1)))

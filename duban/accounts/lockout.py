"""How far back django-axes counts login failures (settings.AXES_COOLOFF_TIME points here)."""

from __future__ import annotations

from datetime import timedelta

from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """The failure window while a user name is not locked; the lockout once it is.

    axes keeps one row per user name with its latest failure time and drops it once that is
    older than this: so failures count while each follows the previous within the window, and
    a lock lasts DUBAN_LOCKOUT_MINUTES from the failure that set it.
    """
    lockout = timedelta(minutes=settings.DUBAN_LOCKOUT_MINUTES)
    username = get_client_username(request) if request is not None else None
    if not username:
        return lockout
    locked = AccessAttempt.objects.filter(
        username=username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    return lockout if locked.exists() else timedelta(minutes=settings.DUBAN_LOGIN_FAILURE_WINDOW_MINUTES)

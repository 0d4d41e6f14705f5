"""Reads that decide what a signed-in account must do before it may work.

Order matters and is the middleware's: a session past its absolute age ends; then an account
that needs its second factor passes it; then an account whose password is due changes it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django_otp import user_has_device

from duban.accounts.models import User
from duban.common.roles import OTP_REQUIRED_ROLES
from duban.core import clock

SESSION_AUTH_AT = "duban_auth_at"  # Unix time of the password login; the absolute cap counts from it
SESSION_OTP_ENROLLED = "duban_otp_enrolled"  # an optional-role account had a device at login
SESSION_SEEN_AT = "duban_seen_at"  # Unix time the idle deadline was last pushed on
# The idle deadline moves at most once a minute: a session write on every page would make each
# page view a write transaction (SQLite takes its lock) for no gain. Idle time stays ≤ the limit.
TOUCH_EVERY_SECONDS = 60
# The demo's accounts (`duban demo`, the city demo) all log in with this published password;
# `check --deploy` refuses a database where an active account still does (checks.py).
DEMO_PASSWORD = "Duban@2025-demo"


def session_start(session: SessionBase, user: User) -> None:
    """Stamp a new login: when it began, and whether an optional second factor applies."""
    session[SESSION_AUTH_AT] = session[SESSION_SEEN_AT] = int(clock.timestamp())
    session[SESSION_OTP_ENROLLED] = user_has_device(user)


def session_too_old(session: SessionBase, *, now: float | None = None) -> bool:
    """True past DUBAN_SESSION_MAX_HOURS since login, however active the session was."""
    started = session.get(SESSION_AUTH_AT)
    if not isinstance(started, int):
        return True  # a session without the stamp was not made by our login
    return (now or clock.timestamp()) - started > settings.DUBAN_SESSION_MAX_HOURS * 3600


def session_touch(session: SessionBase, *, now: float | None = None) -> None:
    """Push the idle deadline (SESSION_COOKIE_AGE from now) on, if it was not pushed lately."""
    now = now or clock.timestamp()
    if now - session.get(SESSION_SEEN_AT, 0) >= TOUCH_EVERY_SECONDS:
        session[SESSION_SEEN_AT] = int(now)  # marks the session modified: saved with a new expiry


def otp_required(user: User, session: SessionBase) -> bool:
    """Required for the administrator and 督办员 roles; for others once they enrolled a device."""
    if user.role in OTP_REQUIRED_ROLES and not settings.DUBAN_DEMO_NO_TOTP:
        return True
    return bool(session.get(SESSION_OTP_ENROLLED))


def password_expires_at(user: User) -> datetime | None:
    days = settings.DUBAN_PASSWORD_MAX_AGE_DAYS
    if days <= 0:
        return None
    return (user.password_changed_at or user.date_joined) + timedelta(days=days)


def password_change_due(user: User, *, now: datetime | None = None) -> bool:
    """At first login (the account's password was set by someone else) and once it is too old.

    Never for a directory account: its password is the directory's, changed and aged there.
    """
    if user.is_directory_account:
        return False
    if user.must_change_password:
        return True
    expires = password_expires_at(user)
    return expires is not None and expires <= (now or clock.now())

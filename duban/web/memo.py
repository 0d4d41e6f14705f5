"""Expensive read-only results computed once per change of the data, not once per request.

Every write is audited in its own transaction (duban/auditlog), and audit rows are appended
one at a time under a lock, so the newest row's hash changes exactly when the data may
have changed. A result kept under that hash is current until the next write anywhere.
It is read from Django's cache (per process by default; Redis or the database when
configured, see docs/deploy.md), with a time limit as a backstop for changes made around
the application (a restore, the shell).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.core.cache import cache

from duban.auditlog.models import AuditEntry
from duban.core import clock

T = TypeVar("T")
LIFETIME_SECONDS = 600


@dataclass(frozen=True)
class Memo(Generic[T]):
    value: T
    stamp: str  # the audit log's head when the value was computed
    at: dt.datetime  # when it was computed


def data_stamp() -> str:
    """The hash of the newest audit row: one primary-key lookup."""
    head = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
    return head or "empty"


def until_next_write(key: str, compute: Callable[[], T], *, tolerate_seconds: int = 0) -> Memo[T]:
    """The value kept under key while no write has happened since it was computed, else a new
    one. tolerate_seconds lets a value stay that long across writes, for pages (the leaders'
    dashboard) where being a few seconds behind is better than computing on every request
    while a hundred units file their reports."""
    stamp, now = data_stamp(), clock.now()
    kept: Memo[T] | None = cache.get(key)
    if kept is not None and (kept.stamp == stamp or now - kept.at < dt.timedelta(seconds=tolerate_seconds)):
        return kept
    memo = Memo(compute(), stamp, now)
    cache.set(key, memo, LIFETIME_SECONDS)
    return memo

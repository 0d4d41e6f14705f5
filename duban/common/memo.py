"""Expensive read-only results computed once per change of the data, not once per request.

A result is kept with the versions of the scopes it was computed from (duban/common/
freshness.py: a plan, the shared data, or everything) and is current until a write moves
one of them: a write to one plan leaves every other plan's pages in place.
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

from duban.common.freshness import data_stamp
from duban.core import clock

T = TypeVar("T")
LIFETIME_SECONDS = 600


@dataclass(frozen=True)
class Memo(Generic[T]):
    value: T
    stamp: str  # the versions of its scopes when the value was computed
    at: dt.datetime  # when it was computed


def until_next_write(
    key: str, compute: Callable[[], T], *, scopes: tuple[str, ...] = (), tolerate_seconds: int = 0
) -> Memo[T]:
    """The value kept under key while no write has moved its scopes (everything, when none is
    named) since it was computed, else a new one. tolerate_seconds lets a value stay that long
    across writes, for pages (the leaders' dashboard) where being a few seconds behind is
    better than computing on every request while a hundred units file their reports."""
    stamp, now = data_stamp(*scopes), clock.now()
    kept: Memo[T] | None = cache.get(key)
    if kept is not None and (kept.stamp == stamp or now - kept.at < dt.timedelta(seconds=tolerate_seconds)):
        return kept
    memo = Memo(compute(), stamp, now)
    cache.set(key, memo, LIFETIME_SECONDS)
    return memo

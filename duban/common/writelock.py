"""Room for other writers between one process's write transactions on SQLite.

SQLite has one write lock and no queue: a connection that finds it taken sleeps and tries again
(Python's sqlite3 uses SQLite's default busy handler, whose sleeps grow from 1 ms to 100 ms). A
process that commits and begins its next write at once takes the lock back before any sleeper
wakes, so another user's save queued behind a large import would wait for everything that
follows the import as well — its issuing, the search index's batches.
"""

from __future__ import annotations

import time

from django.db import connection

BUSY_RETRY_SECONDS = 0.1  # the longest sleep of SQLite's default busy handler


def let_others_write() -> None:
    """Between two write transactions of one piece of work: on SQLite, pause as long as a
    waiting writer may sleep, so it takes its turn. Nothing on PostgreSQL, whose locks queue,
    nor inside an outer transaction, which holds the lock through the pause anyway."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        time.sleep(BUSY_RETRY_SECONDS)

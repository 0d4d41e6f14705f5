"""Reads that may lag go to the read replica, when one is configured.

With ``DUBAN_REPLICA_DATABASE_URL`` set, settings add a ``replica`` database and this
router. Queries made inside ``lagging_reads()`` (the leaders' dashboard, which may be
seconds behind anyway) read the replica; everything else, writes and the pages where
people check what they have just saved, stays on the primary. Without a replica the
block changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db.models import Model

REPLICA = "replica"
_lagging: ContextVar[bool] = ContextVar("duban_lagging_reads", default=False)


@contextmanager
def lagging_reads() -> Iterator[None]:
    token = _lagging.set(True)
    try:
        yield
    finally:
        _lagging.reset(token)


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        return REPLICA if _lagging.get() and REPLICA in settings.DATABASES else None

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return None  # the primary

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # one database, copied: rows read from either belong together

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db != REPLICA  # the replica follows the primary's schema by replication

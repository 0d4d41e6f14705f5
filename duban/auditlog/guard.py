"""Lifting the append-only triggers for one transaction: only for erasing a whole database.

The triggers (migration 0003) refuse UPDATE, DELETE and, on PostgreSQL, TRUNCATE of the
audit table. They carry no escape hatch (no session setting that anyone could set):
getting past them means dropping or disabling them, which only the table's owner may do.
`guard_lifted()` does that inside the caller's transaction and puts them back before it
ends, so a failure leaves them in place (DDL is transactional on SQLite and PostgreSQL).

Used by `flush` (which empties every table: the test suite's teardown between
TransactionTestCase tests) and by the tamper tests. Nothing else in the app calls it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction

from duban.auditlog.chain import TABLE

POSTGRES_TRIGGERS = ("auditlog_auditentry_append_only", "auditlog_auditentry_no_truncate")


def installed_triggers(using: str = "default") -> list[str]:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
                "AND name LIKE 'auditlog_auditentry_no_%%' ORDER BY name",
                [TABLE],
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal "
                "AND tgenabled <> 'D' ORDER BY tgname",
                [TABLE],
            )
        else:
            return []
        return [name for (name,) in cursor.fetchall()]


@contextmanager
def guard_lifted(using: str = "default") -> Iterator[None]:
    """Inside one transaction: the audit table accepts UPDATE/DELETE/TRUNCATE until the block ends."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
                "AND name LIKE 'auditlog_auditentry_no_%%' ORDER BY name",
                [TABLE],
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            yield
            for _name, sql in triggers:
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            # ALTER TABLE and TRUNCATE refuse while deferred FK checks are pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name in POSTGRES_TRIGGERS:
                cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {name}")
            yield
            for name in POSTGRES_TRIGGERS:
                cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {name}")
        else:
            yield

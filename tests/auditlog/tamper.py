"""Editing the audit table behind the triggers' back, as an intruder with the owner's rights would.

SQLite: drop the triggers, run the SQL, recreate them (from sqlite_master's own text).
PostgreSQL: ALTER TABLE … DISABLE TRIGGER USER (the test database's owner/superuser), then ENABLE.
Deliberately independent of duban.auditlog.guard, the code under test.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction

TABLE = "auditlog_auditentry"


def tamper(sql: str, params: list[Any] | None = None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE]
            )
            triggers = [(name, text) for name, text in cursor.fetchall() if name.startswith(f"{TABLE}_no_")]
            assert triggers, "the append-only triggers are missing"
            for name, _ in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            cursor.execute(sql, params or [])
            for _, text in triggers:
                cursor.execute(text)
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses while FK checks are pending
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
            cursor.execute(sql, params or [])
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")

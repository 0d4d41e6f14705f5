"""Lifting the append-only triggers for one transaction: only for erasing a whole database.

The triggers (migration 0003) refuse UPDATE, DELETE and, on PostgreSQL, TRUNCATE of the
audit table. They carry no escape hatch (no session setting that anyone could set):
getting past them means dropping or disabling them, which only the table's owner may do.
`guard_lifted()` does that inside the caller's transaction and puts them back before it
ends, so a failure leaves them in place (DDL is transactional on SQLite and PostgreSQL).

`trigger_problems()` compares the installed triggers with the SQL migration 0003 ran, for
`duban audit-log verify`: a dropped, disabled, rewritten or added trigger is reported.

Used by `flush` (which empties every table: the test suite's teardown between
TransactionTestCase tests) and by the tamper tests. Nothing else in the app calls it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

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


def _migration_0003() -> ModuleType:
    return importlib.import_module("duban.auditlog.migrations.0003_append_only")


def _sqlite_problems(cursor: Any) -> list[str]:
    expected = {sql.split()[2]: sql for sql in _migration_0003().SQLITE}
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
    found = dict(cursor.fetchall())
    return _compare(expected, found)


# pg_trigger.tgtype bits: ROW 1, BEFORE 2, DELETE 8, UPDATE 16, TRUNCATE 32 (catalog/pg_trigger.h).
POSTGRES_TYPES = {
    "auditlog_auditentry_append_only": 1 | 2 | 8 | 16,
    "auditlog_auditentry_no_truncate": 2 | 32,
}


def _postgres_problems(cursor: Any) -> list[str]:
    body = _migration_0003().POSTGRES[0].split("$$")[1]
    expected = {name: f"{kind}|auditlog_append_only|{body}" for name, kind in POSTGRES_TYPES.items()}
    cursor.execute(
        "SELECT t.tgname, t.tgtype::int, t.tgenabled, p.proname, p.prosrc FROM pg_trigger t "
        "JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgrelid = %s::regclass AND NOT t.tgisinternal",
        [TABLE],
    )
    found: dict[str, str] = {}
    disabled: list[str] = []
    for name, kind, enabled, function, source in cursor.fetchall():
        found[name] = f"{kind}|{function}|{source}"
        if name in expected and enabled not in {"O", "A"}:
            disabled.append(f"触发器 {name} 已被停用（ALTER TABLE … DISABLE TRIGGER）")
    return _compare(expected, found) + disabled


def _compare(expected: dict[str, str], found: dict[str, str]) -> list[str]:
    problems = [f"缺少触发器 {name}（被删除）" for name in expected if name not in found]
    problems += [
        f"触发器 {name} 的定义与迁移 0003 不同（被改写）"
        for name in expected
        if name in found and found[name] != expected[name]
    ]
    problems += [f"审计表上有不属于本系统的触发器 {name}" for name in found if name not in expected]
    return problems


def trigger_problems(using: str = "default") -> list[str]:
    """What is wrong with the append-only triggers, compared with the SQL migration 0003 created."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            return _sqlite_problems(cursor)
        if connection.vendor == "postgresql":
            return _postgres_problems(cursor)
    return []

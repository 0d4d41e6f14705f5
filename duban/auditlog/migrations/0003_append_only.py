"""Append-only audit table: triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL).

The only way past them is to drop or disable the triggers, which needs the table
owner's rights: `duban.auditlog.guard.guard_lifted` does exactly that, for the test
suite's flush and the tamper tests (see docs/operations.md).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

SQLITE = [
    "CREATE TRIGGER auditlog_auditentry_no_update BEFORE UPDATE ON auditlog_auditentry "
    "BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改（UPDATE）'); END",
    "CREATE TRIGGER auditlog_auditentry_no_delete BEFORE DELETE ON auditlog_auditentry "
    "BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能删除（DELETE）'); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS auditlog_auditentry_no_delete",
    "DROP TRIGGER IF EXISTS auditlog_auditentry_no_update",
]
POSTGRES = [
    """CREATE FUNCTION auditlog_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '审计日志只能追加，不能修改或删除（%）', TG_OP
        USING ERRCODE = 'restrict_violation', TABLE = TG_TABLE_NAME;
END
$$""",
    "CREATE TRIGGER auditlog_auditentry_append_only BEFORE UPDATE OR DELETE ON auditlog_auditentry "
    "FOR EACH ROW EXECUTE FUNCTION auditlog_append_only()",
    "CREATE TRIGGER auditlog_auditentry_no_truncate BEFORE TRUNCATE ON auditlog_auditentry "
    "FOR EACH STATEMENT EXECUTE FUNCTION auditlog_append_only()",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS auditlog_auditentry_no_truncate ON auditlog_auditentry",
    "DROP TRIGGER IF EXISTS auditlog_auditentry_append_only ON auditlog_auditentry",
    "DROP FUNCTION IF EXISTS auditlog_append_only()",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)  # None: keep plpgsql's % as is

    return run


class Migration(migrations.Migration):
    dependencies = [("auditlog", "0002_hash_chain")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]

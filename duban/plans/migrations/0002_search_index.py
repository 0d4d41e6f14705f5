"""Trigram search index: FTS5 on SQLite (kept by triggers), pg_trgm GIN indexes on PostgreSQL."""

from __future__ import annotations

from typing import Any

from django.db import migrations

_NEW = (
    "INSERT INTO plans_task_fts(rowid, title, target, progress) "
    "VALUES (new.id, new.title, new.target, new.progress);"
)
_OLD = (
    "INSERT INTO plans_task_fts(plans_task_fts, rowid, title, target, progress) "
    "VALUES ('delete', old.id, old.title, old.target, old.progress);"
)
SQLITE = [
    "CREATE VIRTUAL TABLE plans_task_fts USING fts5("
    "title, target, progress, content='plans_task', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER plans_task_fts_ai AFTER INSERT ON plans_task BEGIN {_NEW} END",
    f"CREATE TRIGGER plans_task_fts_ad AFTER DELETE ON plans_task BEGIN {_OLD} END",
    f"CREATE TRIGGER plans_task_fts_au AFTER UPDATE ON plans_task BEGIN {_OLD} {_NEW} END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER plans_task_fts_au",
    "DROP TRIGGER plans_task_fts_ad",
    "DROP TRIGGER plans_task_fts_ai",
    "DROP TABLE plans_task_fts",
]
POSTGRES = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"] + [
    f"CREATE INDEX plans_task_{column}_trgm ON plans_task USING gin ({column} gin_trgm_ops)"
    for column in ("title", "target", "progress")
]
POSTGRES_REVERSE = [f"DROP INDEX plans_task_{column}_trgm" for column in ("title", "target", "progress")]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]

"""Tasks inserted in bulk wait outside SQLite's search index (``search_pending``), so that an
import's write lock is not spent indexing them; the triggers pass those rows by, and
plans.services.search_index adds them in short transactions after the import commits.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import migrations, models

_SEARCH = importlib.import_module("duban.plans.migrations.0002_search_index")
_TEXTS = "title, target, progress"  # the columns plans_task_fts indexes (0009)

_WAITING = [
    f"CREATE TRIGGER plans_task_fts_ai AFTER INSERT ON plans_task "
    f"WHEN NOT new.search_pending BEGIN {_SEARCH._NEW} END",
    f"CREATE TRIGGER plans_task_fts_ad AFTER DELETE ON plans_task "
    f"WHEN NOT old.search_pending BEGIN {_SEARCH._OLD} END",
    f"CREATE TRIGGER plans_task_fts_au AFTER UPDATE OF {_TEXTS} ON plans_task "
    f"WHEN NOT old.search_pending BEGIN {_SEARCH._OLD} {_SEARCH._NEW} END",
]
_AS_0009 = [
    *_SEARCH.SQLITE[1:3],
    f"CREATE TRIGGER plans_task_fts_au AFTER UPDATE OF {_TEXTS} ON plans_task "
    f"BEGIN {_SEARCH._OLD} {_SEARCH._NEW} END",
]


def _triggers(statements: list[str]) -> Any:
    """The triggers made again and the index rebuilt from the table (pending rows included:
    the column is new going forward, gone going back): adding or removing the column rebuilds
    plans_task on SQLite, which drops them."""

    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "sqlite":
            return
        for name in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS plans_task_fts_{name}")
        for statement in statements:
            schema_editor.execute(statement)
        schema_editor.execute("INSERT INTO plans_task_fts(plans_task_fts) VALUES ('rebuild')")

    return run


class Migration(migrations.Migration):
    dependencies = [("plans", "0009_search_reindex_on_text_change")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, _triggers(_AS_0009)),  # reversed: last
        migrations.AddField(
            model_name="task",
            name="search_pending",
            field=models.BooleanField(default=False, editable=False, verbose_name="待建检索"),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                condition=models.Q(("search_pending", True)), fields=["id"], name="task_search_pending"
            ),
        ),
        # Reversed: first, as SQLite refuses to drop a column a trigger names.
        migrations.RunPython(_triggers(_WAITING), _triggers([])),
    ]

"""The search index (0002) is kept again only when an indexed text changes.

Its update trigger fired on every update of a task, so numbering an imported plan's 4,000 tasks
(督办编号) or moving their status re-indexed every row inside the import's write lock.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import migrations

_SEARCH = importlib.import_module("duban.plans.migrations.0002_search_index")
_COLUMNS = "title, target, progress"  # the columns plans_task_fts indexes


def _trigger(columns: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "sqlite":
            return
        schema_editor.execute("DROP TRIGGER IF EXISTS plans_task_fts_au")
        of = f" OF {columns}" if columns else ""
        schema_editor.execute(
            f"CREATE TRIGGER plans_task_fts_au AFTER UPDATE{of} ON plans_task "
            f"BEGIN {_SEARCH._OLD} {_SEARCH._NEW} END"
        )

    return run


class Migration(migrations.Migration):
    dependencies = [("plans", "0008_subtask_subtaskmilestone")]
    operations = [migrations.RunPython(_trigger(_COLUMNS), _trigger(""))]

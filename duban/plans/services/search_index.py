"""Adding bulk-inserted tasks to SQLite's search index after the import that inserted them.

An import marks its new tasks ``search_pending`` (the index's triggers pass them by) and queues
this for the worker once its transaction has committed (plans.tasks). Each batch is its own
short transaction, with a pause after it (duban.common.writelock), so another user's save
waits for one batch at most, not for the whole file's index.
"""

from __future__ import annotations

from django.db import connection, transaction

from duban.common.writelock import let_others_write
from duban.plans.models import Task
from duban.plans.search import index_kept_by_triggers

INDEX_BATCH = 500  # about 60 ms of SQLite's write lock on the project's machine


def search_index_pending(*, batch: int = INDEX_BATCH) -> int:
    """Index every pending task, a batch per transaction, other users' saves let in between;
    returns how many were indexed."""
    indexed = 0
    while (done := _index_batch(batch)) > 0:
        indexed += done
        let_others_write()
    return indexed


def _index_batch(size: int) -> int:
    with transaction.atomic():
        ids = list(Task.objects.filter(search_pending=True).order_by().values_list("id", flat=True)[:size])
        if not ids:
            return 0
        if index_kept_by_triggers():
            # The rows' current texts: one changed while pending was passed by the update trigger.
            marks = ", ".join(["%s"] * len(ids))
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO plans_task_fts(rowid, title, target, progress) "
                    f"SELECT id, title, target, progress FROM plans_task WHERE id IN ({marks})",
                    ids,
                )
        # A bare update: the index flag is no change of the task (updated_at, the audit log).
        Task.objects.filter(id__in=ids).update(search_pending=False)
    return len(ids)

"""Search over task titles, targets and progress that works for Chinese text.

Chinese has no spaces between words, so word tokenizers find nothing; a trigram
index matches any substring of three characters or more: SQLite's FTS5 trigram
tokenizer, PostgreSQL's pg_trgm (migration 0002). Shorter queries (two
characters, e.g. 青阳) fall back to a plain substring scan, still one query.

Tasks inserted in bulk (an import) wait outside SQLite's index, marked ``search_pending``,
until short transactions after the import's add them (``plans.services.search_index``): the
import's write lock, which every other user's save waits for, is not spent on indexing 4,000
texts. Until then the search scans those rows, so nothing is missing from it meanwhile.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from duban.accounts.models import User
from duban.plans.access import tasks_visible_to
from duban.plans.models import Task
from duban.plans.selectors import with_units

TRIGRAM = 3


def search_tasks(user: User, query: str) -> QuerySet[Task]:
    query = " ".join(query.split())
    if not query:
        return Task.objects.none()
    tasks = tasks_visible_to(user).filter(_matches(query)).select_related("plan", "section")
    return with_units(tasks).order_by("-plan__period_start", "plan_id", "position")


def index_kept_by_triggers() -> bool:
    """SQLite's index is kept by triggers in the writer's transaction; PostgreSQL's GIN
    indexes are part of the table and not worth deferring."""
    return connection.vendor == "sqlite"


def _matches(query: str) -> Q:
    if index_kept_by_triggers() and len(query) >= TRIGRAM:
        phrase = '"' + query.replace('"', '""') + '"'
        indexed = Q(id__in=RawSQL("SELECT rowid FROM plans_task_fts WHERE plans_task_fts MATCH %s", [phrase]))
        waiting = Task.objects.filter(_scanned(query), search_pending=True).values("id")
        return indexed | Q(id__in=waiting)
    return _scanned(query)


def _scanned(query: str) -> Q:
    return Q(title__contains=query) | Q(target__contains=query) | Q(progress__contains=query)

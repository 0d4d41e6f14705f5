"""Plans' background jobs, run by `duban worker` (huey): tasks an import left waiting for
SQLite's search index are indexed once it commits, and again every few minutes in case a
stopped worker lost the job; the search scans them until then (plans.search). Every few
minutes too, an import whose follow-up (``plan_stored``) did not finish is followed up.
"""

from __future__ import annotations

from django.db import transaction
from huey import crontab

from duban.common import jobs
from duban.plans.search import index_kept_by_triggers
from duban.plans.services.follow_up import plans_follow_up_pending
from duban.plans.services.search_index import search_index_pending


@jobs.queued
def search_index_job() -> int:
    return search_index_pending()


@jobs.periodic(crontab(minute="*/5"))
def search_index_catch_up() -> int:
    return search_index_pending()


def search_index_after_commit() -> None:
    """Once the caller's transaction commits, the worker indexes the tasks it left pending."""
    if index_kept_by_triggers():
        transaction.on_commit(search_index_job)


@jobs.periodic(crontab(minute="*/5"))
def plans_follow_up() -> int:
    return plans_follow_up_pending()

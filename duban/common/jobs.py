"""huey's job decorators (periodic, queued), typed once for every app's jobs: huey ships no types."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol, TypeVar

from huey.contrib.djhuey import db_periodic_task, db_task

Result = TypeVar("Result", covariant=True)
R = TypeVar("R")


class PeriodicJob(Protocol[Result]):
    """What huey keeps in the job's place: calling it queues a run; ``call_local`` runs it here."""

    def call_local(self) -> Result: ...


def periodic(schedule: Callable[[dt.datetime], bool]) -> Callable[[Callable[[], R]], PeriodicJob[R]]:
    decorator: Callable[[Callable[[], R]], PeriodicJob[R]] = db_periodic_task(schedule)
    return decorator


class QueuedJob(Protocol):
    """Calling it queues a run for the worker (runs it at once where huey is immediate: the tests)."""

    def __call__(self) -> object: ...


def queued(function: Callable[[], object]) -> QueuedJob:
    """huey's ``db_task`` for a job without arguments, typed."""
    job: QueuedJob = db_task()(function)
    return job

"""The consistency audit as a background job (huey): after every plan import and every submitted
or accepted report, the plan is checked again, outside the request that changed it.

The job is queued when the changing transaction commits, so it reads what was written and a
rolled-back import queues nothing. With ``DUBAN_HUEY_IMMEDIATE`` (the tests) it runs at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django.core.cache import cache
from django.db import transaction
from huey.contrib.djhuey import HUEY, db_task

from duban.core import clock
from duban.plans.models import Plan
from duban.reporting.models import ProgressReport
from duban.verification.services import plan_audit_run


class PlanJob(Protocol):
    def __call__(self, plan_id: int) -> object: ...

    def schedule(self, *, args: tuple[int], delay: int) -> object: ...


def _task() -> Callable[[Callable[[int], dict[str, int]]], PlanJob]:
    """huey's ``db_task``, typed: huey ships no types, so its decorator is untyped."""
    decorator: Callable[[Callable[[int], dict[str, int]]], PlanJob] = db_task()
    return decorator


@_task()
def plan_audit_job(plan_id: int) -> dict[str, int]:
    """Check one plan again; a plan deleted since the job was queued is skipped."""
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        return {}
    return plan_audit_run(actor=None, plan=plan, today=clock.today())


# While a hundred units file their reports, one audit per report would keep the worker and the
# database busy re-checking the same plan: the first change queues the audit this many seconds
# ahead, and changes until then ride on it (the audit reads what is there when it runs). At 10 s
# the load benchmark's worker audited 42 times a minute and took a third of the machine's CPU
# from the people waiting for pages; a finding a minute late is still the same day's.
AUDIT_GATHER_SECONDS = 60


def plan_audit_soon(plan_id: int) -> None:
    """Queue the plan's audit for when the current transaction commits, unless one is already
    waiting to run in this process."""
    transaction.on_commit(lambda: _queue_once(plan_id))


def _queue_once(plan_id: int) -> None:
    if HUEY.immediate:  # the tests: at once, as each change is made
        plan_audit_job(plan_id)
    elif cache.add(f"audit-queued:{plan_id}", True, AUDIT_GATHER_SECONDS):
        plan_audit_job.schedule(args=(plan_id,), delay=AUDIT_GATHER_SECONDS)


def audit_after_import(*, plan: Plan, **_: Any) -> None:
    """``plan_imported``: the stored plan is checked again."""
    plan_audit_soon(plan.pk)


def audit_after_report(*, report: ProgressReport, **_: Any) -> None:
    """``report_filed``: the report's plan is checked again."""
    plan_audit_soon(report.task.plan_id)

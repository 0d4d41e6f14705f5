"""The consistency audit as a background job (huey): after every plan import and every submitted
or accepted report, the plan is checked again, outside the request that changed it.

The job is queued when the changing transaction commits, so it reads what was written and a
rolled-back import queues nothing. With ``DUBAN_HUEY_IMMEDIATE`` (the tests) it runs at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from huey.contrib.djhuey import db_task

from duban.core import clock
from duban.plans.models import Plan
from duban.reporting.models import ProgressReport
from duban.verification.services import plan_audit_run

PlanJob = Callable[[int], object]


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


def plan_audit_soon(plan_id: int) -> None:
    """Queue the plan's audit for when the current transaction commits."""
    transaction.on_commit(lambda: plan_audit_job(plan_id))


def audit_after_import(*, plan: Plan, **_: Any) -> None:
    """``plan_imported``: the stored plan is checked again."""
    plan_audit_soon(plan.pk)


def audit_after_report(*, report: ProgressReport, **_: Any) -> None:
    """``report_filed``: the report's plan is checked again."""
    plan_audit_soon(report.task.plan_id)

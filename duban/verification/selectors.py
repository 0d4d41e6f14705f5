"""Reading findings."""

from __future__ import annotations

from django.db.models import QuerySet

from duban.plans.models import Plan
from duban.reporting.models import ProgressReport
from duban.verification.choices import FindingState
from duban.verification.models import Finding


def previous_progress(plan: Plan) -> dict[tuple[str, str], str]:
    """The progress each task reported in the plan's second-latest round, for the copy check."""
    rounds = list(plan.rounds.order_by("-due_date").values_list("pk", flat=True)[:2])
    if len(rounds) < 2:
        return {}
    reports = ProgressReport.objects.filter(round_id=rounds[1]).select_related("task__section")
    return {(r.task.section.title, r.task.seq): r.progress for r in reports if r.progress}


def plan_findings(plan: Plan) -> QuerySet[Finding]:
    return plan.findings.exclude(state=FindingState.RESOLVED).select_related("task", "reviewed_by")


def task_findings(task_id: int) -> QuerySet[Finding]:
    return (
        Finding.objects.filter(task_id=task_id)
        .exclude(state=FindingState.RESOLVED)
        .select_related("reviewed_by")
    )

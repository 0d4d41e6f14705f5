"""Reading findings, and a stored plan as the core's PlanDoc so the same checks run on it."""

from __future__ import annotations

from django.db.models import QuerySet

from duban.accounts.models import User
from duban.core.deadlines import DeadlineKind
from duban.core.quantities import extract_indicators
from duban.ingest.plan import GoalDoc, PlanDoc, SectionDoc, TaskDoc
from duban.plans.choices import UnitRole
from duban.plans.models import Plan
from duban.reporting.models import ProgressReport
from duban.verification.choices import FindingState
from duban.verification.models import Finding


def can_see_findings(user: User) -> bool:
    """Findings are the office's working notes: the office and leaders read them, units do not."""
    return user.sees_all_tasks


def plan_as_doc(plan: Plan) -> PlanDoc:
    """The stored plan in the interchange model, with the progress the office has accepted."""
    doc = PlanDoc(
        title=plan.title,
        file=plan.source_name,
        sha256=plan.source_sha256,
        period_start=plan.period_start,
        period_end=plan.period_end,
    )
    sections = {s.pk: SectionDoc(s.title) for s in plan.sections.order_by("position")}
    for task in plan.tasks.prefetch_related("assignments").order_by("position"):
        names = {
            role: [a.written_as or a.name for a in task.assignments.all() if a.role == role]
            for role in UnitRole
        }
        sections[task.section_id].tasks.append(
            TaskDoc(
                seq=task.seq,
                title=task.title,
                category=task.category,
                target=task.target,
                progress=task.progress,
                completed=task.completed,
                shortfall_reason=task.shortfall_reason,
                lead_units=names[UnitRole.LEAD],
                responsible_units=names[UnitRole.RESPONSIBLE],
                deadline=task.deadline,
                deadline_text=task.deadline_text,
                deadline_kind=DeadlineKind(task.deadline_kind),
                indicators=extract_indicators(task.target or task.title),
            )
        )
    doc.sections = [s for s in sections.values() if s.tasks]
    doc.goals = [GoalDoc(g.text, extract_indicators(g.text)) for g in plan.goals.order_by("position")]
    return doc


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

"""A stored plan as the interchange model (PlanDoc), so the core's checks and exports run on it."""

from __future__ import annotations

from django.db.models import QuerySet

from duban.core.deadlines import DeadlineKind
from duban.core.plan import GoalDoc, MilestoneDoc, PlanDoc, ProgressEntryDoc, SectionDoc, TaskDoc
from duban.core.quantities import extract_indicators
from duban.plans.models import Plan, Task
from duban.plans.selectors import unit_names_written


def plan_as_doc(plan: Plan, *, tasks: QuerySet[Task] | None = None) -> PlanDoc:
    """The stored plan in the interchange model, with the progress the office has accepted."""
    return plan_as_doc_numbered(plan, tasks=tasks)[0]


def plan_as_doc_numbered(plan: Plan, *, tasks: QuerySet[Task] | None = None) -> tuple[PlanDoc, list[str]]:
    """The plan as ``plan_as_doc`` gives it, and its tasks' 督办编号 in the document's order
    (section by section, "" for a task without one): the exports print them beside the rows."""
    doc = PlanDoc(
        title=plan.title,
        attachment_label=plan.attachment_label,
        file=plan.source_name,
        sha256=plan.source_sha256,
        period_start=plan.period_start,
        period_end=plan.period_end,
    )
    sections = {s.pk: (SectionDoc(s.title), list[str]()) for s in plan.sections.order_by("position")}
    rows = plan.tasks.all() if tasks is None else tasks.filter(plan=plan)
    for task in rows.prefetch_related(*TASK_DETAILS).order_by("position"):
        row = task_as_doc(task)
        row.indicators = extract_indicators(task.target or task.title)
        section, numbers = sections[task.section_id]
        section.tasks.append(row)
        numbers.append(task.number or "")
    doc.sections = [section for section, _ in sections.values() if section.tasks]
    doc.goals = [GoalDoc(g.text, extract_indicators(g.text)) for g in plan.goals.order_by("position")]
    return doc, [number for _, numbers in sections.values() for number in numbers]


TASK_DETAILS = ("assignments", "leaders", "milestones", "progress_entries")  # what task_as_doc reads


def task_as_doc(task: Task) -> TaskDoc:
    """A stored task in the interchange model, without its indicators (prefetch TASK_DETAILS).

    Its schedule status is "behind" when the table said 滞后 and otherwise not said: 是否完成
    carries done and not done."""
    lead, responsible = unit_names_written(task)
    return TaskDoc(
        seq=task.seq,
        title=task.title,
        category=task.category,
        target=task.target,
        progress=task.progress,
        completed=task.completed,
        shortfall_reason=task.shortfall_reason,
        lead_units=lead,
        responsible_units=responsible,
        deadline=task.deadline,
        deadline_text=task.deadline_text,
        deadline_kind=DeadlineKind(task.deadline_kind),
        leaders=[leader.name for leader in task.leaders.all()],
        milestones=[MilestoneDoc(text=m.text, date=m.date) for m in task.milestones.all()],
        progress_entries=[
            ProgressEntryDoc(period=e.period, text=e.text) for e in task.progress_entries.all()
        ],
        status="behind" if task.behind_schedule else "",
    )

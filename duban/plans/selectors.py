"""Reading plans and tasks, always through what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from duban.accounts.models import User
from duban.core.plan import PlanDoc
from duban.plans.access import naming_unit, plans_visible_to, tasks_visible_to
from duban.plans.choices import TaskStatus, UnitRole
from duban.plans.models import Plan, Section, Task, TaskLeader, TaskMilestone, TaskProgressEntry, TaskUnit
from duban.units.models import Unit, UnitAlias, UnitGroup


def task_key(section: str, seq: str, title: str) -> tuple[str, str]:
    """A task's identity across re-imports: its section and 序号 (its title when unnumbered)."""
    return (section, seq or title)


def existing_plan_for(doc: PlanDoc) -> Plan | None:
    """The stored plan with the same title and period as a parsed one."""
    return Plan.objects.filter(
        title=doc.title, period_start=doc.period_start, period_end=doc.period_end
    ).first()


def import_basis(doc: PlanDoc) -> tuple[object, ...]:
    """What an import's preview of ``doc`` reads from the database, in a few aggregates that
    change whenever it does: the stored plan it updates, that plan's tasks and their details
    (every save stamps ``updated_at``; a detail replaced gets new ids), and the unit directory
    its names are matched against."""
    plan = existing_plan_for(doc)
    directory = tuple(_count_and_last(model.objects.all()) for model in (Unit, UnitAlias, UnitGroup))
    if plan is None:
        return (None, directory)
    tasks = plan.tasks.aggregate(n=Count("id"), changed=Max("updated_at"))
    details = tuple(
        _count_and_last(model.objects.filter(task__plan=plan))
        for model in (TaskUnit, TaskLeader, TaskMilestone, TaskProgressEntry)
    )
    return (plan.pk, plan.updated_at, tasks["n"], tasks["changed"], details, directory)


def _count_and_last(rows: QuerySet[Any]) -> tuple[int, int | None]:
    found = rows.aggregate(n=Count("id"), last=Max("id"))
    return (found["n"], found["last"])


def unit_names_written(task: Task) -> tuple[list[str], list[str]]:
    """The lead and the responsible units of a task as its file named them, or by the directory's
    name where nothing was written (prefetch assignments)."""
    assignments = list(task.assignments.all())
    return (
        [a.written_as or a.name for a in assignments if a.role == UnitRole.LEAD],
        [a.written_as or a.name for a in assignments if a.role == UnitRole.RESPONSIBLE],
    )


def focus_year(user: User, today: dt.date) -> int:
    """The year pages open on: this year if a visible plan covers it, else the latest year planned."""
    covers = Q(period_start__year__lte=today.year, period_end__year__gte=today.year)
    found = plans_visible_to(user).aggregate(covering=Count("pk", filter=covers), latest=Max("period_end"))
    if found["covering"] or found["latest"] is None:
        return today.year
    return int(found["latest"].year)


@dataclass(frozen=True)
class PlanSummary:
    """A plan on the plan list, with how many of its tasks the user sees and how many are done."""

    plan: Plan
    task_count: int
    done_count: int


def plan_summaries(user: User) -> list[PlanSummary]:
    """The plans the user may see, each with its visible tasks counted, in one query."""
    visible = tasks_visible_to(user).values("id")
    plans = plans_visible_to(user).annotate(
        task_count=Count("tasks", filter=Q(tasks__id__in=visible)),
        done_count=Count("tasks", filter=Q(tasks__id__in=visible, tasks__status=TaskStatus.DONE)),
    )
    return [PlanSummary(plan, plan.task_count, plan.done_count) for plan in plans]


def in_year(tasks: QuerySet[Task], year: int) -> QuerySet[Task]:
    """Tasks of plans whose period covers the year (plans without a period always count)."""
    covers = Q(plan__period_start__year__lte=year, plan__period_end__year__gte=year)
    return tasks.filter(covers | Q(plan__period_end=None))


def with_units(tasks: QuerySet[Task]) -> QuerySet[Task]:
    assignments = TaskUnit.objects.select_related("unit", "group").order_by("role", "position")
    return tasks.prefetch_related(Prefetch("assignments", queryset=assignments))


class FoundTask(NamedTuple):
    """A task as the search list prints it."""

    pk: int
    plan_title: str
    seq: str
    title: str
    target: str
    lead_names: str  # its lead units, space-separated


def found_tasks(ids: list[int]) -> list[FoundTask]:
    """These tasks as the search list prints them, in the order of the ids given: two queries
    of plain values (a page of results built as models with their units took twice as long)."""
    leads: dict[int, list[str]] = {}
    named = TaskUnit.objects.filter(task__in=ids, role=UnitRole.LEAD).order_by("position")
    for task_id, name in named.values_list("task_id", Coalesce("unit__name", "group__name")):
        leads.setdefault(task_id, []).append(name)
    rows = Task.objects.filter(id__in=ids).values_list("pk", "plan__title", "seq", "title", "target")
    found = {row[0]: FoundTask(*row, " ".join(leads.get(row[0], ()))) for row in rows}
    return [found[pk] for pk in ids if pk in found]


@dataclass
class TaskFilters:
    category: str = ""
    unit: int | None = None
    status: str = ""
    text: str = ""

    def apply(self, tasks: QuerySet[Task]) -> QuerySet[Task]:
        if self.category:
            tasks = tasks.filter(category=self.category)
        if self.unit:
            tasks = tasks.filter(naming_unit(self.unit))
        if self.status:
            tasks = tasks.filter(status=self.status)
        if self.text:
            tasks = tasks.filter(
                Q(title__contains=self.text) | Q(target__contains=self.text) | Q(progress__contains=self.text)
            )
        return tasks


class TableLine(NamedTuple):
    """What the plan's table prints of a task, as plain values: its import record (a JSON
    document a row), timestamps and bookkeeping are not read, and no model instance is built
    (together half the time spent reading the rows of a 300-task plan)."""

    pk: int
    section_id: int
    seq: str
    category: str
    title: str
    target: str
    progress: str
    completed: bool | None
    shortfall_reason: str
    deadline_text: str
    number: str | None
    behind_schedule: bool
    missing_from_file: bool


@dataclass(frozen=True)
class TableTask:
    """A task as the plan's table prints it, with its lead and responsible units' names (one a line)."""

    task: TableLine
    lead_lines: str
    responsible_lines: str
    leaders: str = ""  # the people named on it (责任领导), 、-separated
    milestones: str = ""  # its 进度安排 steps, ；-separated


@dataclass
class PlanSectionView:
    section: Section
    tasks: list[TableTask] = field(default_factory=list)


def plan_table(plan: Plan, user: User, filters: TaskFilters) -> list[PlanSectionView]:
    """The plan laid out like the office's table: sections in order, and their visible tasks."""
    visible = filters.apply(tasks_visible_to(user).filter(plan=plan)).order_by("position")
    tasks = map(TableLine._make, visible.values_list(*TableLine._fields))
    names = _unit_lines(plan)
    leaders, milestones = task_details_text(plan)
    views = {s.pk: PlanSectionView(s) for s in plan.sections.order_by("position")}
    for task in tasks:
        lines = names.get(task.pk, ("", ""))
        row = TableTask(task, *lines, leaders.get(task.pk, ""), milestones.get(task.pk, ""))
        views[task.section_id].tasks.append(row)
    return [v for v in views.values() if v.tasks]


def _unit_lines(plan: Plan) -> dict[int, tuple[str, str]]:
    """Task id → (lead units, responsible units), a name and a line break each. Plain values
    in one query: a 300-row plan names about a thousand units, too many to build as models."""
    lines: dict[int, dict[str, list[str]]] = {}
    rows = TaskUnit.objects.filter(task__plan=plan).order_by("position")
    for task_id, role, unit, group in rows.values_list("task_id", "role", "unit__name", "group__name"):
        lines.setdefault(task_id, {}).setdefault(role, []).append(f"{unit or group}\n")
    return {
        task_id: ("".join(by_role.get(UnitRole.LEAD, [])), "".join(by_role.get(UnitRole.RESPONSIBLE, [])))
        for task_id, by_role in lines.items()
    }


def task_details_text(plan: Plan) -> tuple[dict[int, str], dict[int, str]]:
    """Task id → its leaders' names (、) and → its 进度安排 steps (；, each with its date), for the
    plan's table: two queries of plain values."""
    leaders: dict[int, list[str]] = {}
    for task_id, name in TaskLeader.objects.filter(task__plan=plan).values_list("task_id", "name"):
        leaders.setdefault(task_id, []).append(name)
    steps: dict[int, list[str]] = {}
    rows = TaskMilestone.objects.filter(task__plan=plan).values_list("task_id", "date", "text")
    for task_id, day, text in rows:
        steps.setdefault(task_id, []).append(milestone_text(day, text))
    return (
        {task_id: "、".join(names) for task_id, names in leaders.items()},
        {task_id: "；".join(texts) for task_id, texts in steps.items()},
    )


def milestone_text(day: dt.date | None, text: str) -> str:
    """一个进度节点 as the office writes it: 3月31日前 完成设计 (the date only when read)."""
    return f"{day.month}月{day.day}日前 {text}" if day else text


def plan_categories(plan: Plan, user: User) -> list[str]:
    rows = tasks_visible_to(user).filter(plan=plan).exclude(category="").order_by("position")
    return list(dict.fromkeys(rows.values_list("category", flat=True)))


class LedgerLine(NamedTuple):
    """What a unit's 台账 prints of a task, as plain values (a unit leads or shares a few
    hundred tasks a year, each with several units: too many model instances to build)."""

    pk: int
    plan_title: str
    section_title: str
    seq: str
    title: str
    target: str
    deadline_text: str
    status: str


_LEDGER_LOOKUPS = ("pk", "plan__title", "section__title", "seq", "title", "target", "deadline_text", "status")


@dataclass(frozen=True)
class LedgerRow:
    """A task on a unit's 台账, with the roles the unit holds on it (a role held through a group
    names it) and the task's lead units, one a line."""

    task: LedgerLine
    unit_roles: tuple[str, ...]
    lead_lines: str


def unit_ledger(unit: Unit, user: User, year: int) -> list[LedgerRow]:
    """A unit's 台账 for a year: every task it leads or shares, across plans, deadlines first.
    The unit's groups are read from it (prefetch them: the page shows them too)."""
    groups = {g.pk for g in unit.groups.all()}
    tasks = in_year(tasks_visible_to(user).filter(naming_unit(unit.pk)), year)
    ordered = tasks.order_by("deadline", "plan__title", "position").values_list(*_LEDGER_LOOKUPS)
    lines = [LedgerLine._make(row) for row in ordered]
    roles: dict[int, list[str]] = {}
    leads: dict[int, list[str]] = {}
    named = TaskUnit.objects.filter(task__in=[line.pk for line in lines]).order_by("role", "position")
    for task_id, role, unit_id, group_id, name in named.values_list(
        "task_id", "role", "unit_id", "group_id", Coalesce("unit__name", "group__name")
    ):
        if unit_id == unit.pk or group_id in groups:
            held = UnitRole(role).label + (f"（{name}）" if group_id else "")
            roles.setdefault(task_id, []).append(held)
        if role == UnitRole.LEAD:
            leads.setdefault(task_id, []).append(f"{name}\n")
    return [LedgerRow(line, tuple(roles.get(line.pk, ())), "".join(leads.get(line.pk, ()))) for line in lines]


def tasks_led_by(user_id: int) -> QuerySet[Task]:
    """The tasks a 领导 account is linked to as their 分管 / 责任 / 牵头 leader: his portfolio."""
    return Task.objects.filter(id__in=TaskLeader.objects.filter(user_id=user_id).values("task_id"))


@dataclass(frozen=True)
class UnlinkedLeader:
    """A leader's name read from a table and linked to no account, with how many tasks bear it."""

    name: str
    tasks: int


def unlinked_leader_names() -> list[UnlinkedLeader]:
    rows = (
        TaskLeader.objects.filter(user__isnull=True).values("name").annotate(n=Count("task", distinct=True))
    )
    return [UnlinkedLeader(row["name"], row["n"]) for row in rows.order_by("name")]

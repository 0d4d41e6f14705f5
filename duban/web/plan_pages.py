"""The plan page and the task page: each composes plans with its rounds and lights
(reporting), its findings (verification) and the live values of its goals (buildings)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django_htmx.middleware import HtmxDetails

from duban.accounts.access import request_user
from duban.accounts.models import User
from duban.accounts.selectors import leader_accounts
from duban.auditlog.display import entries_in_words
from duban.auditlog.models import AuditEntry
from duban.buildings.measures import LiveValue
from duban.buildings.selectors import live_values_for_plan
from duban.common.freshness import SHARED, plan_scope, plan_status_scope
from duban.common.memo import until_next_write
from duban.core import clock
from duban.plans.access import (
    can_keep_task_leaders,
    can_split_task,
    get_plan_for_user,
    get_task_for_user,
    sees_breakdown,
    tasks_visible_to,
    visibility_key,
)
from duban.plans.choices import LeaderKind
from duban.plans.forms import TaskFilterForm
from duban.plans.models import Goal, Plan, PlanPublication, PublicField, Task, TaskUnit
from duban.plans.selectors import TaskFilters, plan_categories, plan_table
from duban.reporting.access import can_give_instructions, is_lead_reporter, is_lead_reviewer
from duban.reporting.breakdown import task_breakdown
from duban.reporting.forms import ExtensionForm, RoundOpenForm
from duban.reporting.selectors import (
    LightRow,
    RoundCounts,
    light_rows,
    rounds_with_counts,
    task_instructions,
    task_latest_filed_report,
    task_lights,
)
from duban.reporting.services.reminders import reminders_for_task
from duban.supervision.selectors import escalation_panel, flagged_tasks, task_panel
from duban.verification.access import can_see_findings
from duban.verification.selectors import task_findings
from duban.web.light_slots import lights_filled, lights_kept
from duban.web.plan_table import plan_rows, plan_table_body


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it (the library's documented way to type it)."""

    htmx: HtmxDetails


@login_required
def plan_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user, today = request_user(request), clock.today()
    plan = get_plan_for_user(user, pk)
    asked = [(name, request.GET.get(name, "")) for name in TaskFilterForm.base_fields]
    key = f"plan-page:{plan.pk}:{visibility_key(user)}:{today}:{_digest(repr(asked))}"
    # The table and its side parts change with this plan's structure and with what all plans
    # share (units, goals); a report saved in the plan moves neither (it moves plan_status_scope).
    kept = until_next_write(
        key, lambda: _plan_page_parts(plan, user, today, request.GET), scopes=(SHARED, plan_scope(plan.pk))
    )
    sides, table = kept.value
    lights = lights_kept(key, [plan.pk], lambda: _light_tasks(plan, table.task_ids), today=today)
    filled = lights_filled(table.html, lights)
    if request.htmx:
        return HttpResponse(filled)
    context = {
        "plan": plan,
        "form": TaskFilterForm(request.GET or None, categories=sides.categories, units=sides.units),
        "table": filled,
        "goals": sides.goals,
        "rounds": _rounds_kept(plan.pk, today),
        "live_values": sides.live_values,
        "public_fields": PublicField.choices,
        "published_fields": sides.published_fields,
        "round_form": RoundOpenForm(),
    }
    return render(request, "web/plan_detail.html", context)


def _rounds_kept(plan_id: int, today: dt.date) -> list[RoundCounts]:
    """The plan's rounds with their counts, kept until a report, round or the plan moves."""
    scopes = (plan_scope(plan_id), plan_status_scope(plan_id))
    return until_next_write(
        f"plan-rounds:{plan_id}:{today}", lambda: rounds_with_counts(plan_id), scopes=scopes
    ).value


@dataclass(frozen=True)
class PlanSides:
    """What the plan page shows around its table: the same for every reader with the same view."""

    categories: list[str]
    units: list[tuple[int, str]]
    goals: list[Goal]
    live_values: dict[int, LiveValue]
    published_fields: list[str]


@dataclass(frozen=True)
class KeptTable:
    """The office's table without its lights (a slot per task), and the tasks it shows."""

    html: str
    task_ids: frozenset[int]


def _plan_page_parts(plan: Plan, user: User, today: dt.date, query: QueryDict) -> tuple[PlanSides, KeptTable]:
    """The costly parts of the plan page, kept together until the plan changes: the table and
    what surrounds it (the filters' choices, goals, live values)."""
    units = (
        TaskUnit.objects.filter(task__in=tasks_visible_to(user).filter(plan=plan), unit__isnull=False)
        .values_list("unit_id", "unit__name")
        .distinct()
        .order_by("unit__name")
    )
    published = PlanPublication.objects.filter(plan=plan).values_list("fields", flat=True).first()
    sides = PlanSides(
        categories=plan_categories(plan, user),
        units=list(units),
        goals=list(plan.goals.prefetch_related("indicators")),
        live_values=live_values_for_plan(plan, user=user, today=today),
        published_fields=published or [],
    )
    form = TaskFilterForm(query or None, categories=sides.categories, units=sides.units)
    return sides, _plan_table(plan, user, form.filters())


def _plan_table(plan: Plan, user: User, filters: TaskFilters) -> KeptTable:
    """The office's table: the costly part of the plan page (its rows are what the user may
    see, so the key names the audience)."""
    views = plan_table(plan, user, filters)
    flagged = frozenset(flagged_tasks().filter(plan=plan).values_list("pk", flat=True))
    sections = [(view.section, plan_rows(view.tasks, flagged)) for view in views]
    has_deadlines = any(row.task.deadline_text for _, rows in sections for row in rows)
    body = plan_table_body(plan, sections, has_deadlines=has_deadlines)
    html = render_to_string("web/_plan_table.html", {"body": body, "has_deadlines": has_deadlines})
    return KeptTable(html, frozenset(t.task.pk for view in views for t in view.tasks))


def _light_tasks(plan: Plan, task_ids: frozenset[int]) -> list[LightRow]:
    """The few fields a light reads, of the tasks the kept table shows: one narrow query."""
    return [row for row in light_rows(Task.objects.filter(plan=plan)) if row.pk in task_ids]


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    task = get_task_for_user(user, pk)
    entries = AuditEntry.objects.filter(object_type="plans.Task", object_id=str(task.pk))
    history = entries_in_words(entries.select_related("actor__unit"))
    context = {
        "task": task,
        "assignments": task.assignments.select_related("unit", "group"),
        "indicators": task.indicators.all(),
        "leaders": task.leaders.all(),
        "milestones": task.milestones.all(),
        "progress_entries": task.progress_entries.all(),
        "history": history,
        "light": task_lights([task], today=clock.today())[task.pk],
        "reports": task.reports.select_related("round", "unit").order_by("-round__due_date"),
        "latest_filed": task_latest_filed_report(task),
        "coordinations": task.coordinations.select_related("unit", "decided_by").order_by("-requested_at"),
        "reminders": reminders_for_task(task),
        "extensions": task.extensions.select_related("unit", "requested_by", "decided_by"),
        "can_request_extension": is_lead_reporter(user, task) or is_lead_reviewer(user, task),
        "extension_form": ExtensionForm(),
        "findings": task_findings(task.pk) if can_see_findings(user) else [],
        "panel": task_panel(task, user),
        "escalation": escalation_panel(task, user),
        "can_split": can_split_task(user, task),
        "breakdown": task_breakdown(task, today=clock.today()) if sees_breakdown(user, task) else [],
        **_leader_parts(task, user),
    }
    return render(request, "web/task_detail.html", context)


def _leader_parts(task: Task, user: User) -> dict[str, object]:
    """The 批示 on the task and, for who may write them, the forms for 批示 and the task's leaders."""
    keeps_leaders, gives = can_keep_task_leaders(user), can_give_instructions(user)
    return {
        "instructions": task_instructions(task),
        "can_give_instruction": gives,
        "can_keep_leaders": keeps_leaders,
        "leader_accounts": list(leader_accounts()) if keeps_leaders or gives else [],
        "leader_kinds": LeaderKind.choices,
        "today": clock.today(),
    }


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]

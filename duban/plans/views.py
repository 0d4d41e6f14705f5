from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.buildings.measures import LiveValue
from duban.buildings.selectors import live_values_for_plan
from duban.core import clock
from duban.exports import (
    ExportError,
    plan_export_from_doc,
    render_plan_docx,
    render_plan_pdf,
    render_plan_xlsx,
    render_unit_assignment_docx,
    unit_assignment_from_doc,
)
from duban.ingest import IngestError
from duban.intake.views import confirm_or_say_why, discard_and_say_so
from duban.plans.downloads import file_response
from duban.plans.forms import TaskFilterForm, UnitChoiceForm, UploadForm
from duban.plans.interchange import plan_as_doc
from duban.plans.layout import office_rows
from duban.plans.models import Goal, ImportBatch, Plan, PlanPublication, PublicField, TaskUnit
from duban.plans.previews import import_preview
from duban.plans.search import search_tasks
from duban.plans.selectors import (
    TaskFilters,
    plan_categories,
    plan_table,
    plans_visible_to,
    tasks_in_order,
    tasks_visible_to,
    visibility_key,
    with_units,
)
from duban.plans.services.imports import plan_import_apply, plan_import_upload
from duban.plans.services.publication import plan_publish, plan_unpublish
from duban.plans.table_html import plan_table_body
from duban.reporting.forms import ExtensionForm, RoundOpenForm
from duban.reporting.models import ReportingRound
from duban.reporting.permissions import is_lead_reporter, is_lead_reviewer
from duban.reporting.selectors import rounds_with_counts, task_lights
from duban.reporting.services.reminders import reminders_for_task
from duban.units.models import Unit
from duban.verification.selectors import can_see_findings, task_findings
from duban.web.access import get_plan_for_user, get_task_for_user, request_user, role_required
from duban.web.memo import until_next_write
from duban.web.paging import page_of

SEARCH_PAGE_SIZE = 50


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    visible = tasks_visible_to(user).values("id")
    plans = plans_visible_to(user).annotate(
        task_count=Count("tasks", filter=Q(tasks__id__in=visible)),
        done_count=Count("tasks", filter=Q(tasks__id__in=visible, tasks__status="done")),
    )
    return render(request, "plans/plan_list.html", {"plans": plans})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user, today = request_user(request), clock.today()
    plan = get_plan_for_user(user, pk)
    asked = [(name, request.GET.get(name, "")) for name in TaskFilterForm.base_fields]
    key = f"plan-page:{plan.pk}:{visibility_key(user)}:{today}:{_digest(repr(asked))}"
    sides, table = until_next_write(key, lambda: _plan_page_parts(plan, user, today, request.GET)).value
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse(table)
    context = {
        "plan": plan,
        "form": TaskFilterForm(request.GET or None, categories=sides.categories, units=sides.units),
        "table": table,
        "goals": sides.goals,
        "rounds": sides.rounds,
        "live_values": sides.live_values,
        "public_fields": PublicField.choices,
        "published_fields": sides.published_fields,
        "round_form": RoundOpenForm(),
    }
    return render(request, "plans/plan_detail.html", context)


@dataclass(frozen=True)
class PlanSides:
    """What the plan page shows around its table: the same for every reader with the same view."""

    categories: list[str]
    units: list[tuple[int, str]]
    goals: list[Goal]
    rounds: list[ReportingRound]
    live_values: dict[int, LiveValue]
    published_fields: list[str]


def _plan_page_parts(plan: Plan, user: User, today: dt.date, query: QueryDict) -> tuple[PlanSides, str]:
    """The costly parts of the plan page, kept together until the next write: the table and
    what surrounds it (the filters' choices, goals, rounds, live values)."""
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
        rounds=list(rounds_with_counts(plan.pk)),
        live_values=live_values_for_plan(plan, user=user, today=today),
        published_fields=published or [],
    )
    form = TaskFilterForm(query or None, categories=sides.categories, units=sides.units)
    return sides, _plan_table_html(plan, user, form.filters(), today)


def _plan_table_html(plan: Plan, user: User, filters: TaskFilters, today: dt.date) -> str:
    """The office's table with each task's light: the costly part of the plan page, kept
    until the next write (its rows are what the user may see, so the key names the audience)."""
    views = plan_table(plan, user, filters)
    lights = task_lights([t for v in views for t in v.tasks], today=today)
    for view in views:
        for task in view.tasks:
            task.light = lights[task.pk]  # type: ignore[attr-defined]
    sections = [(view.section, office_rows(view.tasks)) for view in views]
    has_deadlines = any(row.task.deadline_text for _, rows in sections for row in rows)
    body = plan_table_body(plan, sections, has_deadlines=has_deadlines)
    return render_to_string("plans/_plan_table.html", {"body": body, "has_deadlines": has_deadlines})


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    task = get_task_for_user(user, pk)
    history = AuditEntry.objects.filter(object_type="plans.Task", object_id=str(task.pk)).select_related(
        "actor"
    )
    context = {
        "task": task,
        "assignments": task.assignments.select_related("unit", "group"),
        "indicators": task.indicators.all(),
        "history": history,
        "light": task_lights([task], today=clock.today())[task.pk],
        "reports": task.reports.select_related("round", "unit").order_by("-round__due_date"),
        "reminders": reminders_for_task(task),
        "extensions": task.extensions.select_related("unit", "requested_by", "decided_by"),
        "can_request_extension": is_lead_reporter(user, task) or is_lead_reviewer(user, task),
        "extension_form": ExtensionForm(),
        "findings": task_findings(task.pk) if can_see_findings(user) else [],
    }
    return render(request, "plans/task_detail.html", context)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    context: dict[str, object] = {"q": query}
    if query:
        user = request_user(request)
        key = f"search:{visibility_key(user)}:{_digest(query)}"
        # The matching ids and each page's rows, kept until the next write: the count and
        # paging on cost no new scan, and a query asked again costs no new rendering.
        ids = until_next_write(key, lambda: list(search_tasks(user, query).values_list("id", flat=True)))
        paged = page_of(request, ids.value, SEARCH_PAGE_SIZE)
        page = paged["page"]
        rows = until_next_write(f"{key}:{page.number}", lambda: _search_rows_html(query, page.object_list))
        context |= paged | {"rows": rows.value}
    return render(request, "plans/search.html", context)


def _search_rows_html(query: str, ids: list[int]) -> str:
    return render_to_string("plans/_search_rows.html", {"q": query, "tasks": tasks_in_order(ids)})


@role_required(lambda u: u.can_import, "导入计划")
def import_new(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = plan_import_upload(
                actor=request_user(request), chunks=upload.chunks(), file_name=upload.name
            )
        except IngestError as error:
            form.add_error("file", str(error))
        else:
            return redirect("plans:import_preview", pk=batch.pk)
    return render(request, "plans/import_new.html", {"form": form})


@role_required(lambda u: u.can_import, "导入计划")
def import_preview_view(request: HttpRequest, pk: str) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk)
    preview = import_preview(batch)
    form = UnitChoiceForm(request.POST if request.method == "POST" else None, preview=preview)
    if request.method == "POST" and form.is_valid() and not preview.errors:
        confirm = partial(
            plan_import_apply, actor=request_user(request), batch=batch, unit_choices=form.unit_choices()
        )
        plan = confirm_or_say_why(request, confirm)
        if plan is not None:
            messages.success(request, f"已导入《{plan.title}》，共 {preview.task_count} 项任务")
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/import_preview.html", {"preview": preview, "form": form})


@require_POST
@role_required(lambda u: u.can_import, "导入计划")
def import_discard(request: HttpRequest, pk: str) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk)
    discard_and_say_so(request, actor=request_user(request), batch=batch)
    return redirect("plans:import_new")


_RENDERERS = {"docx": render_plan_docx, "xlsx": render_plan_xlsx, "pdf": render_plan_pdf}


@login_required
def plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The plan in the office's own table layout; a unit's user gets only its own rows."""
    user = request_user(request)
    plan = get_plan_for_user(user, pk)
    if fmt not in _RENDERERS:
        raise Http404("不支持的格式")
    export = plan_export_from_doc(plan_as_doc(plan, tasks=tasks_visible_to(user)), generated_on=clock.today())
    try:
        data = _RENDERERS[fmt](export)
    except ExportError as error:
        messages.error(request, str(error))
        return redirect("plans:detail", pk=plan.pk)
    return file_response(actor=user, obj=plan, data=data, file_name=f"{plan.title}.{fmt}", fmt=fmt)


@role_required(lambda u: u.role == "supervisor", "导出交办单")
def unit_assignment(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    """交办单: what one unit owns in this plan, with deadlines."""
    user = request_user(request)
    plan = get_plan_for_user(user, pk)
    unit = get_object_or_404(Unit, pk=unit_pk)
    office = user.unit.name if user.unit else ""
    export = unit_assignment_from_doc(plan_as_doc(plan), unit.name, issued_on=clock.today(), office=office)
    data = render_unit_assignment_docx(export)
    return file_response(
        actor=user, obj=plan, data=data, file_name=f"交办单-{unit.name}-{plan.title}.docx", fmt="docx"
    )


def public_plan(request: HttpRequest, token: str) -> HttpResponse:
    """政务公开: read-only, no login, only the fields the office selected."""
    publication = get_object_or_404(PlanPublication.objects.select_related("plan"), token=token)
    fields = [PublicField(f) for f in publication.fields]
    tasks = (
        with_units(publication.plan.tasks.order_by("position"))
        if PublicField.LEAD in fields
        else (publication.plan.tasks.order_by("position"))
    )
    context = {"plan": publication.plan, "publication": publication, "fields": fields, "tasks": tasks}
    return render(request, "plans/public_plan.html", context)


@require_POST
@role_required(lambda u: u.role == "supervisor", "发布政务公开")
def plan_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request_user(request), pk)
    if request.POST.get("withdraw"):
        plan_unpublish(actor=request_user(request), plan=plan)
        messages.info(request, "已撤回政务公开")
    else:
        publication = plan_publish(
            actor=request_user(request), plan=plan, fields=request.POST.getlist("fields")
        )
        url = request.build_absolute_uri(reverse("public_plan", args=[publication.token]))
        messages.success(request, f"已发布政务公开：{url}")
    return redirect("plans:detail", pk=plan.pk)

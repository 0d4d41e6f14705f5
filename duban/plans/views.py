from __future__ import annotations

import hashlib
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from duban.accounts.access import request_user
from duban.accounts.models import User
from duban.common.access import role_required
from duban.common.freshness import SHARED, plan_scope
from duban.common.memo import until_next_write
from duban.common.paging import page_of
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
from duban.intake.choices import ImportStatus
from duban.intake.views import confirm_or_say_why, discard_and_say_so
from duban.plans.access import (
    can_import_plans,
    can_issue_to_units,
    get_plan_for_user,
    tasks_visible_to,
    visibility_key,
)
from duban.plans.downloads import file_response
from duban.plans.forms import UnitChoiceForm, UploadForm, take_table_choices
from duban.plans.interchange import plan_as_doc
from duban.plans.mapping import MappingChoice, MappingStep, mapping_step
from duban.plans.models import ImportBatch, Plan, PlanPublication, PublicField
from duban.plans.previews import import_preview
from duban.plans.search import search_tasks
from duban.plans.selectors import plan_summaries, tasks_in_order, with_units
from duban.plans.services.imports import plan_import_apply, plan_import_remap, plan_import_upload
from duban.plans.services.publication import plan_publish, plan_unpublish
from duban.units.models import Unit

SEARCH_PAGE_SIZE = 50


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = plan_summaries(request_user(request))
    return render(request, "plans/plan_list.html", {"plans": plans})


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


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


@role_required(can_import_plans, "导入计划")
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


@role_required(can_import_plans, "导入计划")
def import_preview_view(request: HttpRequest, pk: str) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk)
    if batch.status == ImportStatus.NEEDS_MAPPING or not batch.parsed:  # never read: no preview
        return render(request, "plans/import_mapping.html", {"batch": batch, "mapping": mapping_step(batch)})
    preview = import_preview(batch)
    form = UnitChoiceForm(request.POST if request.method == "POST" else None, preview=preview)
    if request.method == "POST" and form.is_valid() and not preview.errors:
        confirm = partial(
            plan_import_apply,
            actor=request_user(request),
            batch=batch,
            unit_choices=form.unit_choices(),
            take_table=take_table_choices(request.POST, preview),
        )
        plan = confirm_or_say_why(request, confirm)
        if plan is not None:
            messages.success(request, f"已导入《{plan.title}》，共 {preview.task_count} 项任务")
            return redirect("plans:detail", pk=plan.pk)
    context = {"preview": preview, "form": form, "mapping": mapping_step(batch)}
    return render(request, "plans/import_preview.html", context)


@require_POST
@role_required(can_import_plans, "导入计划")
def import_mapping(request: HttpRequest, pk: str) -> HttpResponse:
    """The office's column mapping applied to a kept upload: read again as mapped, then the
    preview (the whole page; htmx swaps it in place as each choice changes). A mapping that
    does not read is shown again as the person left it, with the reason."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    if batch.status not in (ImportStatus.PENDING, ImportStatus.NEEDS_MAPPING):
        messages.error(request, f"“{batch.file_name}”的导入{batch.get_status_display()}，不能再次操作")
        return redirect("plans:import_new")
    choice = MappingChoice.from_post(request.POST)
    try:
        plan_import_remap(actor=request_user(request), batch=batch, layout=choice.layout())
    except IngestError as error:
        return _import_page(request, batch, mapping_step(batch, choice, error=str(error)))
    except ValidationError as error:
        return _import_page(request, batch, mapping_step(batch, choice, error="；".join(error.messages)))
    if request.headers.get("HX-Request"):
        return _import_page(request, batch, mapping_step(batch))
    return redirect("plans:import_preview", pk=batch.pk)


def _import_page(request: HttpRequest, batch: ImportBatch, step: MappingStep | None) -> HttpResponse:
    """The batch's page as it stands: the mapping step alone while it waits for one, else the preview."""
    if batch.status == ImportStatus.NEEDS_MAPPING:
        return render(request, "plans/import_mapping.html", {"batch": batch, "mapping": step})
    preview = import_preview(batch)
    context = {"preview": preview, "form": UnitChoiceForm(preview=preview), "mapping": step}
    return render(request, "plans/import_preview.html", context)


@require_POST
@role_required(can_import_plans, "导入计划")
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
    try:
        data = _exported(user, plan, fmt)
    except ExportError as error:
        messages.error(request, str(error))
        return redirect("plans:detail", pk=plan.pk)
    return file_response(actor=user, obj=plan, data=data, file_name=f"{plan.title}.{fmt}", fmt=fmt)


def _exported(user: User, plan: Plan, fmt: str) -> bytes:
    """The file, kept until the plan changes: LibreOffice takes seconds to start for a PDF, and the
    office downloads the same plan many times between two reports."""
    today = clock.today()

    def render() -> bytes:
        export = plan_export_from_doc(plan_as_doc(plan, tasks=tasks_visible_to(user)), generated_on=today)
        return _RENDERERS[fmt](export)

    key = f"plan-export:{plan.pk}:{fmt}:{visibility_key(user)}:{today}"
    return until_next_write(key, render, scopes=(SHARED, plan_scope(plan.pk))).value


@role_required(can_issue_to_units, "导出交办单")
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
@role_required(can_issue_to_units, "发布政务公开")
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

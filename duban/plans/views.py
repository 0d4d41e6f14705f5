from __future__ import annotations

import hashlib
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from duban.accounts.access import request_user
from duban.accounts.models import User
from duban.accounts.selectors import leader_accounts
from duban.common.access import deny, role_required
from duban.common.freshness import ALL_PLANS, SHARED, plan_scope
from duban.common.memo import until_next_write
from duban.common.paging import page_of
from duban.common.refusals import Refused
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
    can_keep_task_leaders,
    can_split_task,
    get_plan_for_user,
    get_task_for_user,
    tasks_visible_to,
    visibility_key,
)
from duban.plans.downloads import file_response
from duban.plans.forms import SubTaskForm, UnitChoiceForm, UploadForm, take_table_choices
from duban.plans.interchange import plan_as_doc_numbered
from duban.plans.mapping import MappingChoice, MappingStep, mapping_step
from duban.plans.models import ImportBatch, Plan, PlanPublication, PublicField
from duban.plans.previews import import_preview
from duban.plans.search import search_tasks
from duban.plans.selectors import found_tasks, plan_summaries, unlinked_leader_names, with_units
from duban.plans.services.breakdown import subtask_create
from duban.plans.services.imports import plan_import_apply, plan_import_remap, plan_import_upload
from duban.plans.services.leaders import LeaderEntry, task_leader_link, task_leaders_set
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
        # The matching ids and each page's rows, kept until a plan's texts or the units change
        # (a report saved moves neither): paging on costs no new scan, a query asked again no
        # new rendering.
        texts = (ALL_PLANS, SHARED)
        found = lambda: list(search_tasks(user, query).values_list("id", flat=True))  # noqa: E731
        ids = until_next_write(key, found, scopes=texts)
        paged = page_of(request, ids.value, SEARCH_PAGE_SIZE)
        page = paged["page"]
        rows = until_next_write(
            f"{key}:{page.number}", lambda: _search_rows_html(query, page.object_list), scopes=texts
        )
        context |= paged | {"rows": rows.value}
    return render(request, "plans/search.html", context)


def _search_rows_html(query: str, ids: list[int]) -> str:
    # Task pages differ only by the id at the end: one reverse() for the page, not one a row.
    tasks_url = reverse("plans:task", args=[0]).removesuffix("0/")
    context = {"q": query, "tasks": found_tasks(ids), "tasks_url": tasks_url}
    return render_to_string("plans/_search_rows.html", context)


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
        doc, numbers = plan_as_doc_numbered(plan, tasks=tasks_visible_to(user))
        return _RENDERERS[fmt](plan_export_from_doc(doc, generated_on=today, numbers=numbers))

    key = f"plan-export:{plan.pk}:{fmt}:{visibility_key(user)}:{today}"
    return until_next_write(key, render, scopes=(SHARED, plan_scope(plan.pk))).value


@role_required(can_issue_to_units, "导出交办单")
def unit_assignment(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    """交办单: what one unit owns in this plan, with deadlines."""
    user = request_user(request)
    plan = get_plan_for_user(user, pk)
    unit = get_object_or_404(Unit, pk=unit_pk)
    office = user.unit.name if user.unit else ""
    doc, numbers = plan_as_doc_numbered(plan)
    export = unit_assignment_from_doc(doc, unit.name, issued_on=clock.today(), office=office, numbers=numbers)
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


@login_required
def task_split(request: HttpRequest, pk: int) -> HttpResponse:
    """二次分解: the lead unit hands part of its task to a unit under it."""
    user = request_user(request)
    task = get_task_for_user(user, pk)
    if not can_split_task(user, task):
        deny(user, f"分解任务 {task.pk}")
        raise PermissionDenied("只有牵头单位的填报员或审核人可以分解该任务")
    form = SubTaskForm(request.POST or None, children=Unit.objects.filter(parent=user.unit_id))
    if request.method == "POST" and form.is_valid():
        try:
            subtask = subtask_create(actor=user, task=task, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已把“{subtask.title}”分解给{subtask.unit.name}")
            return redirect("plans:task", pk=task.pk)
    return render(request, "plans/task_split.html", {"task": task, "form": form})


@require_POST
@role_required(can_keep_task_leaders, "修改任务领导")
def task_leaders(request: HttpRequest, pk: int) -> HttpResponse:
    """The task's leaders as the office typed them: one row per leader, blank rows left out."""
    user = request_user(request)
    task = get_task_for_user(user, pk)
    try:
        task_leaders_set(actor=user, task=task, leaders=_typed_leaders(request))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已保存任务领导")
    return redirect("plans:task", pk=task.pk)


def _typed_leaders(request: HttpRequest) -> list[LeaderEntry]:
    """The form's rows; an account that is gone refuses the whole list, naming its row."""
    names, kinds, users = (request.POST.getlist(k) for k in ("leader_name", "leader_kind", "leader_user"))
    accounts = {str(u.pk): u for u in leader_accounts().filter(pk__in=[u for u in users if u.isdigit()])}
    rows = []
    for row, name in enumerate(names):
        kind, account = _at(kinds, row), _at(users, row)
        if account and account not in accounts:
            raise Refused(f"第{row + 1}行：所选领导账号不存在或已停用")
        if name.strip() or account:
            rows.append(LeaderEntry(name=name, kind=kind, user=accounts.get(account)))
    return rows


def _at(values: list[str], index: int) -> str:
    return values[index] if index < len(values) else ""


@role_required(can_keep_task_leaders, "关联领导账号")
def leader_links(request: HttpRequest) -> HttpResponse:
    """Names read from tables that no 领导 account matched, each linked to an account in one step."""
    if request.method == "POST":
        name, chosen = request.POST.get("name", ""), request.POST.get("user", "")
        leader = leader_accounts().filter(pk=int(chosen)).first() if chosen.isdigit() else None
        if leader is None:
            messages.error(request, f"请为“{name}”选择领导账号")
        else:
            _link(request, name, leader)
        return redirect("plans:leaders")
    context = {"names": unlinked_leader_names(), "leaders": list(leader_accounts())}
    return render(request, "plans/leader_links.html", context)


def _link(request: HttpRequest, name: str, leader: User) -> None:
    try:
        count = task_leader_link(actor=request_user(request), name=name, user=leader)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已将“{name}”关联到{leader.display_name()}（{count}项任务）")

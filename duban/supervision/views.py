"""督办件 pages: numbering, 交办, 签收, 办结 → 阅示 → 销号, 回头看 and the yearly archive."""

from __future__ import annotations

import uuid
from dataclasses import asdict, replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duban.accounts.access import request_user
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.access import role_required
from duban.common.downloads import attachment
from duban.core import clock
from duban.exports import render_unit_assignment_docx
from duban.ingest import IngestError
from duban.intake.choices import ImportStatus
from duban.intake.services import intake_discard, intake_upload
from duban.intake.storage import store_upload, upload_path, upload_relative
from duban.plans.access import get_task_for_user
from duban.plans.downloads import file_response
from duban.reporting.choices import AdhocSource
from duban.reporting.services.adhoc import AdhocRequest
from duban.supervision import forms
from duban.supervision.access import can_see_office_lists, is_office
from duban.supervision.choices import SourceKind
from duban.supervision.exports import item_assignment_export
from duban.supervision.minutes import PASTED_NAME, MinutesImporter, MinutesProposal, ProposedItem
from duban.supervision.models import Acknowledgement, CloseEvidence, CloseRequest, Lifecycle, MinutesBatch
from duban.supervision.selectors import (
    close_requests_waiting,
    item_source,
    items_from_document,
    overdue_unsigned,
    rechecks_due,
    unsigned_for_unit,
)
from duban.supervision.services.acknowledgements import acknowledgement_remind, acknowledgement_sign
from duban.supervision.services.archive import archive_year
from duban.supervision.services.assign import item_assign
from duban.supervision.services.closing import close_request_decide, close_request_file, recheck_decide
from duban.supervision.services.minutes import minutes_confirm
from duban.supervision.services.numbers import pattern_for, pattern_save
from duban.units.models import Unit


def problem_text(error: ValidationError | IngestError) -> str:
    """A refusal as the one Chinese line the page shows."""
    return str(error) if isinstance(error, IngestError) else "；".join(error.messages)


def form_problem(form: Form) -> str:
    """Each field's error after its label (办结情况：这个字段是必填项。), so the user knows where."""
    return "；".join(
        f"{form.fields[name].label}：{e}" for name, errors in form.errors.items() for e in errors
    )


@role_required(is_office, "设置督办编号格式")
def patterns(request: HttpRequest) -> HttpResponse:
    form = forms.PatternForm(request.POST or None)
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ValidationError(form_problem(form))
            data = form.cleaned_data
            pattern_save(
                actor=request_user(request), source=SourceKind(data["source"]), pattern=data["pattern"]
            )
        except ValidationError as error:
            messages.error(request, problem_text(error))
        else:
            messages.success(request, f"已保存{SourceKind(data['source']).label}编号格式")
            return redirect("supervision:patterns")
    typed = {request.POST.get("source", ""): request.POST.get("pattern", "")}  # a refused one stays
    rows = [(kind, typed.get(kind.value) or pattern_for(kind)) for kind in SourceKind]
    return render(request, "supervision/patterns.html", {"rows": rows, "form": form})


@role_required(is_office, "交办事项")
def assign(request: HttpRequest) -> HttpResponse:
    form = forms.AssignForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            name, path = _stored_document(data.get("document"))
            fields = {k: data[k] for k in ("reference", "title", "target", "lead_units", "responsible_units")}
            asked = AdhocRequest(
                source=AdhocSource(data["source"]),
                deadline=data["deadline"],
                document_name=name,
                document_path=path,
                **fields,
            )
            task = item_assign(
                actor=request_user(request), request=asked, today=clock.today(), leader=data["leader"]
            )
        except (ValidationError, IngestError) as error:
            messages.error(request, problem_text(error))
        else:
            messages.success(request, f"已交办{task.number}：{task.title}（完成时限 {task.deadline_text}）")
            return redirect("plans:task", pk=task.pk)
    return render(request, "supervision/assign.html", {"form": form})


def _stored_document(upload: UploadedFile | None) -> tuple[str, str]:
    """The 批示 or minutes as uploaded, kept under UPLOAD_DIR: (its name, where it is)."""
    if upload is None:
        return "", ""
    path, _sha, _size = store_upload(upload.chunks(), file_name=upload.name or "", area="adhoc")
    return upload.name or "", upload_relative(path)


@login_required
def to_sign(request: HttpRequest) -> HttpResponse:
    """待签收: the unit's items it has not yet signed for."""
    user = request_user(request)
    if not (user.is_unit_user and user.unit_id):
        return redirect("supervision:office" if can_see_office_lists(user) else "plans:list")
    return render(request, "supervision/to_sign.html", {"acks": unsigned_for_unit(user.unit_id)})


@role_required(can_see_office_lists, "查看督办件办理")
def office(request: HttpRequest) -> HttpResponse:
    """The office's lists: 未签收, 办结申请, 待阅示 (the leader's), 回头看."""
    user = request_user(request)
    context = {
        "unsigned": overdue_unsigned(today=clock.today()),
        "waiting": close_requests_waiting(),
        "to_read": close_requests_waiting(leader_id=user.pk),
        "rechecks": rechecks_due(),
    }
    return render(request, "supervision/office.html", context)


@require_POST
@login_required
def sign(request: HttpRequest, task_pk: int) -> HttpResponse:
    user = request_user(request)
    task = get_task_for_user(user, task_pk)
    acks = Acknowledgement.objects.filter(task=task, unit_id=user.unit_id or 0)
    ack = acks.select_related("task", "unit").first()
    try:
        if ack is None:
            raise ValidationError("您的单位不在该事项的签收名单中")
        acknowledgement_sign(actor=user, ack=ack)
    except ValidationError as error:
        messages.error(request, problem_text(error))
    else:
        messages.success(request, f"已签收{task.number or task.title}")
    if request.POST.get("next") == "list":
        return redirect("supervision:to_sign")
    return redirect("plans:task", pk=task.pk)


@require_POST
@role_required(is_office, "催签")
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    ack = get_object_or_404(Acknowledgement.objects.select_related("task__plan", "unit"), pk=pk)
    try:
        acknowledgement_remind(actor=request_user(request), ack=ack, today=clock.today())
    except ValidationError as error:
        messages.error(request, problem_text(error))
    else:
        messages.success(request, f"已催签：{ack.unit.name}")
    return redirect("supervision:office")


@require_POST
@login_required
def close_request(request: HttpRequest, task_pk: int) -> HttpResponse:
    user = request_user(request)
    task = get_task_for_user(user, task_pk)
    form = forms.CloseRequestForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(form_problem(form))
        files = [(f.name or "", f.chunks()) for f in form.cleaned_data["evidence"]]
        close_request_file(actor=user, task=task, text=form.cleaned_data["text"], files=files)
    except (ValidationError, IngestError) as error:
        messages.error(request, problem_text(error))
    else:
        messages.success(request, "办结申请已提交，等待督办员审核")
    return redirect("plans:task", pk=task.pk)


@require_POST
@login_required
def decide(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """退回 / 呈阅 / 阅示 / 新批示 / 销号 on a 办结申请; who may take which step is the service's rule."""
    user = request_user(request)
    found = get_object_or_404(CloseRequest.objects.select_related("task__plan", "unit"), pk=pk)
    task = get_task_for_user(user, found.task_id)
    form = forms.DecideForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form_problem(form))
        close_request_decide(actor=user, request=found, step=step, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, problem_text(error))
    else:
        messages.success(request, f"办结申请：{found.get_status_display()}")
    return redirect("plans:task", pk=task.pk)


@require_POST
@role_required(is_office, "回头看")
def recheck(request: HttpRequest, task_pk: int) -> HttpResponse:
    lifecycle = get_object_or_404(Lifecycle.objects.select_related("task"), task_id=task_pk)
    form = forms.RecheckForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form_problem(form))
        recheck_decide(actor=request_user(request), lifecycle=lifecycle, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, problem_text(error))
    else:
        messages.success(request, f"回头看：{lifecycle.get_recheck_state_display()}")
    return redirect("plans:task", pk=task_pk)


@role_required(is_office, "归档")
def archive(request: HttpRequest) -> HttpResponse:
    """A year's closed items as one .zip (history .docx, attachments, manifest.sha256)."""
    form = forms.ArchiveForm(request.POST or None, initial={"year": clock.today().year})
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ValidationError(form_problem(form))
            year = form.cleaned_data["year"]
            data, _count = archive_year(actor=request_user(request), year=year)
        except ValidationError as error:
            messages.error(request, problem_text(error))
        else:
            response = HttpResponse(data, content_type="application/zip")
            response["Content-Disposition"] = attachment(f"督办件归档-{year}年.zip")
            return response
    return render(request, "supervision/archive.html", {"form": form})


@login_required
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    """A 佐证材料 file, to those who may read the item."""
    found = get_object_or_404(CloseEvidence.objects.select_related("request"), pk=pk)
    user = request_user(request)
    task = get_task_for_user(user, found.request.task_id)
    audit_record(actor=user, action=Action.DOWNLOAD, obj=task, message=f"佐证材料{found.file_name}")
    response = FileResponse(
        upload_path(found.stored_path).open("rb"),
        as_attachment=True,
        filename=found.file_name,
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required(is_office, "导出交办单")
def assignment_docx(request: HttpRequest, task_pk: int, unit_pk: int) -> HttpResponse:
    """The item's 交办单 to one of its units, with its 督办编号."""
    user = request_user(request)
    task = get_task_for_user(user, task_pk)
    unit = get_object_or_404(Unit, pk=unit_pk)
    export = item_assignment_export(task, unit, office=user.unit.name if user.unit else "")
    data = render_unit_assignment_docx(export)
    name = f"交办单-{task.number or task.pk}-{unit.name}.docx"
    return file_response(actor=user, obj=task, data=data, file_name=name, fmt="docx")


@role_required(is_office, "导入会议纪要或批示")
def minutes_upload(request: HttpRequest) -> HttpResponse:
    """Paste or upload a 会议纪要 / 批示; it is split into proposed items for the preview."""
    form = forms.MinutesUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        importer = MinutesImporter(
            actor=request_user(request), today=clock.today(), source=data["source"], leader=data["leader"]
        )
        upload: UploadedFile | None = data.get("document")
        chunks = upload.chunks() if upload else iter([data["text"].encode("utf-8")])
        name = (upload.name or PASTED_NAME) if upload else PASTED_NAME
        try:
            batch = intake_upload(importer=importer, chunks=chunks, file_name=name)
        except (ValidationError, IngestError) as error:
            messages.error(request, problem_text(error))
        else:
            return redirect("supervision:minutes_batch", pk=batch.pk)
    return render(request, "supervision/minutes_upload.html", {"form": form})


@role_required(is_office, "导入会议纪要或批示")
def minutes_batch(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The proposed items to correct and confirm; once confirmed, the items with their numbers."""
    batch = get_object_or_404(MinutesBatch.objects.select_related("leader"), pk=pk)
    proposal = MinutesProposal.from_dict(batch.parsed) if batch.parsed else None
    rows = proposal.items if proposal else []
    formset = forms.MinutesItemFormSet(request.POST or None, initial=[asdict(item) for item in rows])
    header = forms.MinutesHeaderForm(
        request.POST or None, initial={"reference": proposal.reference if proposal else ""}
    )
    valid = request.method == "POST" and formset.is_valid() and header.is_valid()
    if valid and _confirmed(request, batch, [f.cleaned_data for f in formset], rows, header.cleaned_data):
        return redirect("supervision:minutes_batch", pk=batch.pk)
    context = {
        "batch": batch,
        "proposal": proposal,
        "rows": list(zip(formset, rows, strict=False)),  # a tampered form count shows what matches
        "formset": formset,
        "header": header,
        "created": items_from_document(batch.stored_path) if batch.status == ImportStatus.APPLIED else [],
    }
    return render(request, "supervision/minutes_batch.html", context)


def _confirmed(
    request: HttpRequest,
    batch: MinutesBatch,
    edits: list[dict[str, Any]],
    rows: list[ProposedItem],
    header: dict[str, Any],
) -> bool:
    """Confirm the batch with the office's edits; say what was done, or why not."""
    importer = MinutesImporter(
        actor=request_user(request), today=clock.today(), source=batch.source, leader=batch.leader
    )
    try:
        if len(edits) != len(rows):
            raise ValidationError("事项数目与识别结果不符，请重新打开预览页")
        items = [_proposed(data, row) for data, row in zip(edits, rows, strict=True)]
        applied = minutes_confirm(importer=importer, batch=batch, reference=header["reference"], items=items)
    except ValidationError as error:
        messages.error(request, problem_text(error))
        return False
    messages.success(request, f"已交办{applied.changes['items']}项：{'、'.join(applied.changes['numbers'])}")
    return True


def _proposed(data: dict[str, Any], row: ProposedItem) -> ProposedItem:
    """The office's corrections over the proposed item; the text and the phrase read stay."""
    deadline = data["deadline"]
    return replace(
        row,
        keep=data["keep"],
        title=data["title"].strip(),
        lead_units=data["lead_units"].strip(),
        responsible_units=data["responsible_units"].strip(),
        deadline=deadline.isoformat() if deadline else "",
        source=data["source"],
    )


@require_POST
@role_required(is_office, "导入会议纪要或批示")
def minutes_discard(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    batch = get_object_or_404(MinutesBatch, pk=pk)
    try:
        intake_discard(actor=request_user(request), batch=batch)
    except ValidationError as error:
        messages.error(request, problem_text(error))
        return redirect("supervision:minutes_batch", pk=batch.pk)
    messages.success(request, f"已放弃“{batch.file_name}”的导入")
    return redirect("supervision:minutes")


@login_required
def source_document(request: HttpRequest, task_pk: int) -> FileResponse:
    """The 纪要 or 批示 an item was 交办ed from, to those who may read the item."""
    user = request_user(request)
    task = get_task_for_user(user, task_pk)
    source = item_source(task)
    if source is None or not source.document_path:
        raise Http404("该事项没有来源文件")
    audit_record(actor=user, action=Action.DOWNLOAD, obj=task, message=f"来源文件{source.document_name}")
    response = FileResponse(
        upload_path(source.document_path).open("rb"), as_attachment=True, filename=source.document_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

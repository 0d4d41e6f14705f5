"""The per-unit 填报表 and its return (回收表): download, upload, preview, confirm or discard."""

from __future__ import annotations

import uuid
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duban.accounts.access import request_user
from duban.common.access import role_required
from duban.exports.unit_form import render_unit_form_docx, render_unit_form_xlsx
from duban.intake.choices import ImportStatus
from duban.intake.services import intake_apply
from duban.intake.views import confirm_or_say_why, discard_and_say_so
from duban.plans.access import get_plan_for_user
from duban.plans.downloads import file_response
from duban.reporting.access import (
    can_download_unit_forms,
    can_upload_returns,
    get_form_unit_for_user,
    get_return_batches_for_user,
    is_supervisor,
)
from duban.reporting.models import ReportingRound, ReturnBatch
from duban.reporting.selectors import unit_form_export
from duban.reporting.services.returns import ReturnImporter, returns_upload
from duban.units.models import Unit

_FORM_RENDERERS = {"xlsx": render_unit_form_xlsx, "docx": render_unit_form_docx}


def _round_for(request: HttpRequest, pk: int) -> ReportingRound:
    round_ = get_object_or_404(ReportingRound.objects.select_related("plan"), pk=pk)
    get_plan_for_user(request_user(request), round_.plan_id)
    return round_


@role_required(can_download_unit_forms, "下载填报表")
def unit_form(request: HttpRequest, pk: int, unit_pk: int, fmt: str) -> HttpResponse:
    """One unit's 填报表 for the round, as .xlsx or .docx."""
    if fmt not in _FORM_RENDERERS:
        raise Http404("不支持的格式")
    user = request_user(request)
    unit = get_form_unit_for_user(user, unit_pk)
    round_ = _round_for(request, pk)
    form = unit_form_export(round_, unit)
    data = _FORM_RENDERERS[fmt](form)
    return file_response(actor=user, obj=round_, data=data, file_name=f"{form.title}.{fmt}", fmt=fmt)


@role_required(can_upload_returns, "上传回收表")
def returns_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The upload page (the units' forms to download beside it); POST reads the files."""
    round_ = _round_for(request, pk)
    user = request_user(request)
    if request.method == "POST":
        upload = _read_upload(request, round_)
        if upload is not None:
            return redirect("reporting:returns_preview", upload=upload)
    units = _form_units(round_) if is_supervisor(user) else [user.unit] if user.unit else []
    return render(request, "reporting/returns_new.html", {"round": round_, "units": units})


def _read_upload(request: HttpRequest, round_: ReportingRound) -> uuid.UUID | None:
    """The upload's id when at least one file was read; every file that was not is named."""
    user = request_user(request)
    files = [(f.name or "未命名文件", f) for f in request.FILES.getlist("files")]
    if not files:
        messages.error(request, "请选择要上传的回收表（.xlsx、.docx 或 .zip，可多选）")
        return None
    unit = _unit_given(request, round_) if is_supervisor(user) else None
    try:
        upload, batches, refusals = returns_upload(actor=user, round_=round_, files=files, unit=unit)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return None
    for refusal in refusals:
        messages.error(request, f"未读入：{refusal}")
    return upload if batches else None


def _form_units(round_: ReportingRound) -> list[Unit]:
    """The units that owe reports in the round, by name."""
    return list(Unit.objects.filter(reports__round=round_).distinct().order_by("name"))


def _unit_given(request: HttpRequest, round_: ReportingRound) -> Unit | None:
    """The unit the office chose for files that do not name theirs; only one that owes reports."""
    chosen = request.POST.get("unit", "")
    return Unit.objects.filter(pk=chosen, reports__round=round_).first() if chosen.isdigit() else None


@role_required(can_upload_returns, "上传回收表")
def returns_preview(request: HttpRequest, upload: uuid.UUID) -> HttpResponse:
    """Per unit: each matched task's current text beside the file's, the flags, the rows left over."""
    user = request_user(request)
    batches = get_return_batches_for_user(user, upload)
    round_ = batches[0].round
    previews = [
        (batch, ReturnImporter(actor=user, round_=round_, upload=upload).preview(batch))
        for batch in batches
        if batch.status == ImportStatus.PENDING
    ]
    done = [batch for batch in batches if batch.status != ImportStatus.PENDING]
    context = {"round": round_, "upload": upload, "previews": previews, "done": done}
    return render(request, "reporting/returns_preview.html", context)


@require_POST
@role_required(can_upload_returns, "上传回收表")
def returns_confirm(request: HttpRequest, upload: uuid.UUID) -> HttpResponse:
    """File every pending unit's rows, as drafts or submitted; each unit's file wholly or not at all."""
    user = request_user(request)
    batches = get_return_batches_for_user(user, upload)
    submit = request.POST.get("mode") == "submit"
    for batch in _pending(batches):
        importer = ReturnImporter(actor=user, round_=batch.round, upload=upload, submit=submit)
        applied = confirm_or_say_why(request, partial(intake_apply, importer=importer, batch=batch))
        if applied is not None:
            word = "提交" if submit else "保存为草稿"
            messages.success(request, f"{batch.unit.name}：已{word}{applied.changes['filed']}项填报")
    return redirect("reporting:round", pk=batches[0].round_id)


@require_POST
@role_required(can_upload_returns, "上传回收表")
def returns_discard(request: HttpRequest, upload: uuid.UUID) -> HttpResponse:
    user = request_user(request)
    batches = get_return_batches_for_user(user, upload)
    for batch in _pending(batches):
        discard_and_say_so(request, actor=user, batch=batch)
    return redirect("reporting:returns_new", pk=batches[0].round_id)


def _pending(batches: list[ReturnBatch]) -> list[ReturnBatch]:
    return [batch for batch in batches if batch.status == ImportStatus.PENDING]

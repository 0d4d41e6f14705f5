"""Importing the building survey: upload → preview → confirm, as for plans."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from duban.accounts.access import request_user
from duban.accounts.models import User
from duban.buildings.access import can_edit_buildings, can_manage_buildings
from duban.buildings.choices import ImportKind
from duban.buildings.forms import UploadForm
from duban.buildings.models import BuildingImport
from duban.buildings.previews import building_import_preview
from duban.buildings.services.imports import building_import_apply, building_import_upload
from duban.common.access import deny, role_required
from duban.ingest import IngestError
from duban.intake.views import confirm_or_say_why, discard_and_say_so


def get_batch_for_user(user: User, pk: str, kind: ImportKind | None = None) -> BuildingImport:
    """A batch is the uploader's own (the office sees every one)."""
    batches = BuildingImport.objects.filter(pk=pk).select_related("scheme")
    batch = (batches.filter(kind=kind) if kind else batches).first()
    if batch is None or not (can_manage_buildings(user) or batch.created_by_id == user.pk):
        deny(user, f"导入批次 {pk}")
        raise Http404("没有找到该导入")
    return batch


@role_required(can_edit_buildings, "导入楼宇信息")
def import_new(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = building_import_upload(
                actor=request_user(request), chunks=upload.chunks(), file_name=upload.name
            )
        except IngestError as error:
            form.add_error("file", str(error))
        else:
            return redirect("buildings:import_preview", pk=batch.pk)
    return render(request, "buildings/import_new.html", {"form": form})


@role_required(can_edit_buildings, "导入楼宇信息")
def import_preview(request: HttpRequest, pk: str) -> HttpResponse:
    user = request_user(request)
    batch = get_batch_for_user(user, pk, ImportKind.BUILDINGS)
    preview = building_import_preview(batch, user)
    if request.method == "POST":
        counts = confirm_or_say_why(request, partial(building_import_apply, actor=user, batch=batch))
        if counts is not None:
            messages.success(
                request,
                f"已导入“{batch.file_name}”：新增 {counts['new']} 栋，更新 {counts['updated']} 栋，"
                f"不变 {counts['unchanged']} 栋",
            )
            return redirect("buildings:list")
    return render(request, "buildings/import_preview.html", {"preview": preview})


@require_POST
@role_required(can_edit_buildings, "导入楼宇信息")
def import_discard_view(request: HttpRequest, pk: str) -> HttpResponse:
    user = request_user(request)
    batch = get_batch_for_user(user, pk)
    discard_and_say_so(request, actor=user, batch=batch)
    if batch.scheme_id:
        return redirect("buildings:scheme", pk=batch.scheme_id)
    return redirect("buildings:import_new")

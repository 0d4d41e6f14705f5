"""Buildings, their renovations, carriers and attachments: thin views over services and selectors."""

from __future__ import annotations

import hashlib

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from duban.accounts.access import request_user
from duban.accounts.models import User
from duban.auditlog.choices import Action, Result
from duban.auditlog.services import audit_record
from duban.buildings.access import (
    buildings_visible_to,
    can_edit_building,
    can_edit_buildings,
    can_manage_buildings,
    can_see_buildings,
    get_attachment_for_user,
    get_building_for_user,
    get_carrier_for_user,
    get_renovation_for_user,
)
from duban.buildings.choices import BuildingState
from duban.buildings.exports import render_buildings_xlsx
from duban.buildings.forms import (
    AttachmentForm,
    BuildingFilterForm,
    BuildingForm,
    CarrierForm,
    RenovationForm,
)
from duban.buildings.models import Building
from duban.buildings.selectors import (
    building_export_rows,
    building_list,
    building_page,
    building_units,
    carrier_rows,
)
from duban.buildings.services.attachments import CONTENT_TYPES, attachment_add, attachment_download_record
from duban.buildings.services.buildings import building_create, building_update, carrier_save, renovation_save
from duban.common import downloads
from duban.common.access import role_required
from duban.common.paging import page_of
from duban.core import clock
from duban.core.dates import cn_date
from duban.ingest import IngestError
from duban.intake.storage import upload_path

PAGE_SIZE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(form: forms.BaseForm) -> str:
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


def _add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@role_required(can_see_buildings, "查看楼宇信息库")
def building_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = BuildingFilterForm(request.GET or None, units=building_units(user))
    buildings = building_list(user, form.filters())
    summary = building_export_rows(user, form.filters()).aggregate(
        total=Count("id"),
        idle=Count("id", filter=Q(building_state=BuildingState.IDLE)),
        renovated=Count("id", filter=Q(building_state=BuildingState.RENOVATED)),
        area=Sum("floor_area_m2"),
    )
    context = {
        "form": form,
        **page_of(request, buildings, PAGE_SIZE),
        "summary": summary,
        "can_edit": can_edit_buildings(user),
        "can_manage": can_manage_buildings(user),
    }
    return render(request, "buildings/building_list.html", context)


@role_required(can_see_buildings, "导出楼宇信息库")
def building_export(request: HttpRequest) -> HttpResponse:
    """The user's own buildings (a town: only its rows), filtered as on the list."""
    user = request_user(request)
    form = BuildingFilterForm(request.GET or None, units=building_units(user))
    rows = list(building_export_rows(user, form.filters()).order_by("unit__name", "name"))
    content = render_buildings_xlsx(rows)
    audit_record(actor=user, action=Action.EXPORT, changes={"楼宇": len(rows)}, message="导出楼宇信息库")
    response = HttpResponse(content, content_type=XLSX)
    name = f"楼宇信息库-{cn_date(clock.today())}.xlsx"
    response["Content-Disposition"] = downloads.attachment(name)
    return response


@role_required(can_edit_buildings, "新增楼宇")
def building_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = BuildingForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            building = building_create(actor=user, values=form.values())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"已将“{building.name}”录入楼宇信息库")
            return redirect("buildings:detail", pk=building.pk)
    return render(request, "buildings/building_form.html", {"form": form, "building": None})


@role_required(can_see_buildings, "查看楼宇")
def building_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    building = get_building_for_user(user, pk)
    context = {
        "building": building,
        "can_edit": can_edit_building(user, building),
        "attachment_form": AttachmentForm(),
        "page": building_page(building),
    }
    return render(request, "buildings/building_detail.html", context)


@role_required(can_see_buildings, "修改楼宇")
def building_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    building = get_building_for_user(user, pk, write=True)
    form = BuildingForm(request.POST or None, instance=Building.objects.get(pk=building.pk), user=user)
    if request.method == "POST" and form.is_valid():
        try:
            changes = building_update(
                actor=user, building=building, values=form.values(), on=form.cleaned_data["changed_on"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"已保存，记录了 {len(changes)} 项变更" if changes else "没有变化")
            return redirect("buildings:detail", pk=building.pk)
    return render(request, "buildings/building_form.html", {"form": form, "building": building})


@require_POST
@role_required(can_see_buildings, "上传楼宇附件")
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    building = get_building_for_user(user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("buildings:detail", pk=building.pk)
    upload = form.cleaned_data["file"]
    try:
        attachment_add(
            actor=user,
            building=building,
            chunks=upload.chunks(),
            file_name=upload.name,
            description=form.cleaned_data["description"],
        )
    except IngestError as error:
        messages.error(request, f"附件未保存：{error}")
    else:
        messages.success(request, f"已上传附件“{upload.name}”")
    return redirect("buildings:detail", pk=building.pk)


@role_required(can_see_buildings, "下载楼宇附件")
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Always as a download under its own name, never inline; the checksum must still match."""
    user = request_user(request)
    attachment = get_attachment_for_user(user, pk)
    path = upload_path(attachment.stored_path)
    if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != attachment.sha256:
        audit_record(
            actor=user,
            action=Action.DOWNLOAD,
            obj=attachment,
            result=Result.FAILURE,
            message="文件缺失或校验值不符",
        )
        raise Http404("附件文件缺失或已被改动，请联系系统管理员")
    attachment_download_record(actor=user, attachment=attachment)
    content_type = CONTENT_TYPES.get(attachment.kind, "application/octet-stream")
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=attachment.file_name, content_type=content_type
    )


# ---------------------------------------------------------------- renovations


@role_required(can_see_buildings, "登记改造项目")
def renovation_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    building = get_building_for_user(user, pk, write=True)
    form = RenovationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            renovation_save(actor=user, building=building, values=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "已登记改造项目")
            return redirect("buildings:detail", pk=building.pk)
    return render(request, "buildings/renovation_form.html", {"form": form, "building": building})


@role_required(can_see_buildings, "修改改造项目")
def renovation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    renovation = get_renovation_for_user(user, pk)
    form = RenovationForm(request.POST or None, instance=renovation)
    if request.method == "POST" and form.is_valid():
        try:
            renovation_save(
                actor=user, building=renovation.building, values=form.cleaned_data, renovation=renovation
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "已保存改造项目")
            return redirect("buildings:detail", pk=renovation.building_id)
    context = {"form": form, "building": renovation.building, "renovation": renovation}
    return render(request, "buildings/renovation_form.html", context)


# ---------------------------------------------------------------- carriers


@role_required(can_see_buildings, "查看科创载体")
def carrier_list_view(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    context = {"carriers": carrier_rows(user), "can_edit": can_edit_buildings(user)}
    return render(request, "buildings/carrier_list.html", context)


def _editable_buildings(user: User) -> QuerySet[Building]:
    if can_manage_buildings(user):
        return Building.objects.all()
    return buildings_visible_to(user).filter(unit=user.unit_id)


@role_required(can_edit_buildings, "登记科创载体")
def carrier_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    buildings = _editable_buildings(user)
    initial = {"building": request.GET.get("building")} if request.GET.get("building") else {}
    form = CarrierForm(request.POST or None, initial=initial, buildings=buildings)
    if request.method == "POST" and form.is_valid():
        try:
            carrier = carrier_save(actor=user, values=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"已登记科创载体“{carrier.name}”")
            return redirect("buildings:detail", pk=carrier.building_id)
    return render(request, "buildings/carrier_form.html", {"form": form, "carrier": None})


@role_required(can_see_buildings, "修改科创载体")
def carrier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    carrier = get_carrier_for_user(user, pk, write=True)
    buildings = _editable_buildings(user) | Building.objects.filter(pk=carrier.building_id)
    form = CarrierForm(request.POST or None, instance=carrier, buildings=buildings)
    if request.method == "POST" and form.is_valid():
        try:
            carrier_save(
                actor=user, values=form.cleaned_data, carrier=get_carrier_for_user(user, pk, write=True)
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"已保存科创载体“{carrier.name}”")
            return redirect("buildings:carriers")
    return render(request, "buildings/carrier_form.html", {"form": form, "carrier": carrier})

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duban.common.access import request_person, role_required
from duban.units.access import can_manage_units, can_see_directory, units_visible_to
from duban.units.forms import AliasForm, MergeForm, ParentForm
from duban.units.models import Unit
from duban.units.selectors import unit_directory, unit_groups
from duban.units.services import unit_alias_add, unit_merge, unit_parent_set


@role_required(can_see_directory, "查看单位目录")
def directory(request: HttpRequest) -> HttpResponse:
    context = {
        "units": unit_directory(),
        "groups": unit_groups(),
        "merge_form": MergeForm(),
        "parent_form": ParentForm(),
    }
    return render(request, "units/directory.html", context)


@require_POST
@role_required(can_manage_units, "维护单位目录")
def alias_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=pk)
    form = AliasForm(request.POST)
    if form.is_valid():
        try:
            unit_alias_add(actor=request_person(request), unit=unit, name=form.cleaned_data["name"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已为“{unit.name}”添加别名“{form.cleaned_data['name']}”")
    return redirect("units:detail", pk=unit.pk)


@require_POST
@role_required(can_manage_units, "维护单位目录")
def parent_set(request: HttpRequest) -> HttpResponse:
    """From the directory or from a unit's page; back to the unit's page when the user may open it."""
    form = ParentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择单位和上级单位")
        return redirect("units:directory")
    unit, parent = form.cleaned_data["unit"], form.cleaned_data["parent"]
    try:
        unit_parent_set(actor=request_person(request), unit=unit, parent=parent)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _PARENT_SET.format(unit=unit.name, parent=parent.name if parent else "无"))
    if units_visible_to(request_person(request)).filter(pk=unit.pk).exists():
        return redirect("units:detail", pk=unit.pk)
    return redirect("units:directory")


_PARENT_SET = "“{unit}”的上级单位已设为：{parent}"


@require_POST
@role_required(can_manage_units, "维护单位目录")
def merge(request: HttpRequest) -> HttpResponse:
    form = MergeForm(request.POST)
    if not form.is_valid():
        refusals = [error for errors in form.errors.as_data().values() for error in errors]
        messages.error(request, "；".join(m for error in refusals for m in error.messages))
        return redirect("units:directory")
    source, target = form.cleaned_data["source"], form.cleaned_data["target"]
    name = source.name
    try:
        unit_merge(actor=request_person(request), source=source, target=target)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("units:directory")
    messages.success(request, f"已把“{name}”合并到“{target.name}”，原名称保留为别名")
    return redirect("units:detail", pk=target.pk)

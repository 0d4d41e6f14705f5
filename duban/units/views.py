from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from duban.accounts.models import User
from duban.core import clock
from duban.plans.layout import office_rows
from duban.plans.selectors import focus_year, unit_tasks, visibility_key
from duban.units.forms import AliasForm, MergeForm
from duban.units.models import Unit
from duban.units.selectors import unit_directory, unit_groups
from duban.units.services import unit_alias_add, unit_merge
from duban.web.access import deny, request_user, role_required
from duban.web.memo import until_next_write


def _can_see_directory(user: User) -> bool:
    return user.sees_all_tasks or user.can_manage_units


@role_required(_can_see_directory, "查看单位目录")
def directory(request: HttpRequest) -> HttpResponse:
    context = {"units": unit_directory(), "groups": unit_groups(), "merge_form": MergeForm()}
    return render(request, "units/directory.html", context)


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's 台账: every task it leads or shares, across plans."""
    user = request_user(request)
    if not (user.sees_all_tasks or user.unit_id == pk):
        deny(user, f"单位 {pk}")
        raise Http404("没有找到该单位")
    unit = get_object_or_404(Unit.objects.prefetch_related("aliases", "groups"), pk=pk)
    year = (
        int(request.GET["year"]) if request.GET.get("year", "").isdigit() else focus_year(user, clock.today())
    )
    ledger = until_next_write(
        f"ledger:{unit.pk}:{visibility_key(user)}:{year}", lambda: _ledger(unit, user, year)
    ).value
    context = {
        "unit": unit,
        "table": ledger.html,
        "task_count": ledger.task_count,
        "year": year,
        "years": [year - 1, year, year + 1],
        "alias_form": AliasForm(),
    }
    return render(request, "units/unit_detail.html", context)


@dataclass(frozen=True)
class Ledger:
    html: str
    task_count: int


def _ledger(unit: Unit, user: User, year: int) -> Ledger:
    """The 台账 table, kept until the next write (per audience: its rows are what the user may see)."""
    tasks = list(unit_tasks(unit.pk, user, year))
    groups = {g.pk for g in unit.groups.all()}
    for task in tasks:
        task.unit_roles = [  # type: ignore[attr-defined]
            a.get_role_display() + (f"（{a.group.name}）" if a.group_id else "")
            for a in task.assignments.all()
            if a.unit_id == unit.pk or a.group_id in groups
        ]
    return Ledger(render_to_string("units/_ledger_table.html", {"rows": office_rows(tasks)}), len(tasks))


@require_POST
@role_required(lambda u: u.can_manage_units, "维护单位目录")
def alias_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=pk)
    form = AliasForm(request.POST)
    if form.is_valid():
        try:
            unit_alias_add(actor=request_user(request), unit=unit, name=form.cleaned_data["name"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已为“{unit.name}”添加别名“{form.cleaned_data['name']}”")
    return redirect("units:detail", pk=unit.pk)


@require_POST
@role_required(lambda u: u.can_manage_units, "维护单位目录")
def merge(request: HttpRequest) -> HttpResponse:
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("units:directory")
    source, target = form.cleaned_data["source"], form.cleaned_data["target"]
    name = source.name
    unit_merge(actor=request_user(request), source=source, target=target)
    messages.success(request, f"已把“{name}”合并到“{target.name}”，原名称保留为别名")
    return redirect("units:detail", pk=target.pk)

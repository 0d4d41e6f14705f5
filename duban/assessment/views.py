"""考核: the office's schemes, the ranking, one unit's deductions, leader points and the .xlsx."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from duban.accounts.access import request_user
from duban.assessment.access import (
    can_give_points,
    can_manage_schemes,
    can_see_every_score,
    can_see_scores,
    check_unit_visible,
    visible_scores,
)
from duban.assessment.choices import Rule
from duban.assessment.exports import render_ranking_xlsx
from duban.assessment.forms import AsOfForm, LeaderPointsForm, SchemeForm
from duban.assessment.models import AssessmentScheme, LeaderPoints
from duban.assessment.selectors import unit_score, unit_scores
from duban.assessment.services import leader_points_add, leader_points_delete, scheme_save
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.access import role_required
from duban.common.downloads import attachment
from duban.core import clock
from duban.units.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _as_of(request: HttpRequest) -> tuple[AsOfForm, dt.date]:
    form = AsOfForm(request.GET or None)
    return form, form.day(clock.today())


def _errors(error: ValidationError) -> str:
    return "；".join(error.messages)


@role_required(can_see_scores, "查看单位考核")
def scheme_list(request: HttpRequest) -> HttpResponse:
    context = {
        "schemes": AssessmentScheme.objects.all(),
        "can_manage": can_manage_schemes(request_user(request)),
    }
    return render(request, "assessment/scheme_list.html", context)


def _scheme_form(request: HttpRequest, scheme: AssessmentScheme | None) -> HttpResponse:
    form = SchemeForm(request.POST or None, instance=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            saved = scheme_save(actor=request_user(request), values=form.cleaned_data, scheme=scheme)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已保存《{saved}》")
            return redirect("assessment:ranking", pk=saved.pk)
    return render(request, "assessment/scheme_form.html", {"form": form, "scheme": scheme})


@role_required(can_manage_schemes, "设置考核方案")
def scheme_new(request: HttpRequest) -> HttpResponse:
    return _scheme_form(request, None)


@role_required(can_manage_schemes, "设置考核方案")
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _scheme_form(request, get_object_or_404(AssessmentScheme, pk=pk))


@role_required(can_see_scores, "查看单位考核")
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranking: every unit for the office and leaders, a unit's own row for its users."""
    user = request_user(request)
    scheme = get_object_or_404(AssessmentScheme, pk=pk)
    form, as_of = _as_of(request)
    scores = unit_scores(scheme, as_of)
    context = {
        "scheme": scheme,
        "scores": visible_scores(user, scores),
        "assessed": len(scores),
        "as_of": as_of,
        "as_of_form": form,
        "as_of_query": urlencode({"as_of": as_of.isoformat()}),
        "rules": list(Rule),
        "sees_all": can_see_every_score(user),
        "can_manage": can_manage_schemes(user),
    }
    return render(request, "assessment/ranking.html", context)


@role_required(can_see_scores, "查看单位考核")
def unit_detail(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    """One unit's score: every deduction with its task and date, and the leader's points."""
    user = request_user(request)
    check_unit_visible(user, unit_pk)
    scheme = get_object_or_404(AssessmentScheme, pk=pk)
    form, as_of = _as_of(request)
    score = unit_score(scheme, unit_pk, as_of)
    if score is None:
        raise Http404("该单位不在本年度考核范围内")
    context = {
        "scheme": scheme,
        "score": score,
        "as_of": as_of,
        "as_of_form": form,
        "as_of_query": urlencode({"as_of": as_of.isoformat()}),
        "rule_totals": score.rule_totals(),
        "can_give_points": can_give_points(user),
        "points_form": LeaderPointsForm(),
    }
    return render(request, "assessment/unit_detail.html", context)


@require_POST
@role_required(can_give_points, "录入领导评价")
def points_add(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    scheme = get_object_or_404(AssessmentScheme, pk=pk)
    unit = get_object_or_404(Unit, pk=unit_pk)
    form = LeaderPointsForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        leader_points_add(actor=request_user(request), scheme=scheme, unit=unit, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"已为“{unit.name}”录入领导评价")
    return redirect("assessment:unit", pk=scheme.pk, unit_pk=unit.pk)


@require_POST
@role_required(can_give_points, "删除领导评价")
def points_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(LeaderPoints.objects.select_related("unit"), pk=pk)
    scheme_pk, unit_pk = entry.scheme_id, entry.unit_id
    leader_points_delete(actor=request_user(request), entry=entry)
    messages.info(request, "已删除该条领导评价")
    return redirect("assessment:unit", pk=scheme_pk, unit_pk=unit_pk)


@role_required(can_see_every_score, "导出考核排名")
def ranking_export(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    scheme = get_object_or_404(AssessmentScheme, pk=pk)
    _form, as_of = _as_of(request)
    scores = unit_scores(scheme, as_of)
    audit_record(
        actor=user,
        action=Action.EXPORT,
        obj=scheme,
        changes={"as_of": as_of.isoformat(), "units": len(scores)},
        message="导出考核排名",
    )
    response = HttpResponse(render_ranking_xlsx(scheme, scores, as_of), content_type=XLSX)
    name = f"{scheme}排名.xlsx"
    response["Content-Disposition"] = attachment(name)
    return response

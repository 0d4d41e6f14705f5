"""The yearly carrier evaluation: schemes, scores, ranking, and appeals (复核)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duban.accounts.access import request_user
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.buildings.access import (
    can_manage_buildings,
    can_see_buildings,
    carriers_visible_to,
    get_result_for_appeal,
)
from duban.buildings.choices import ImportKind, Outcome
from duban.buildings.exports import render_scores_xlsx
from duban.buildings.forms import (
    AppealDecisionForm,
    AppealForm,
    SchemeForm,
    ScoreGridForm,
    UploadForm,
    indicator_formset,
    indicator_rows,
)
from duban.buildings.models import Appeal, EvaluationScheme
from duban.buildings.previews import score_import_preview
from duban.buildings.selectors import pending_appeals, ranking_rows, result_count, scheme_ranking, score_grid
from duban.buildings.services.evaluations import (
    appeal_decide,
    appeal_file,
    evaluation_compute,
    scheme_save,
    scores_set,
)
from duban.buildings.services.imports import score_import_apply, score_import_upload
from duban.buildings.views.imports import get_batch_for_user
from duban.common.access import role_required
from duban.common.downloads import attachment
from duban.ingest import IngestError
from duban.intake.views import confirm_or_say_why

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@role_required(can_see_buildings, "查看载体考评")
def scheme_list(request: HttpRequest) -> HttpResponse:
    context = {
        "schemes": EvaluationScheme.objects.prefetch_related("indicators"),
        "appeals": pending_appeals() if can_manage_buildings(request_user(request)) else [],
        "can_manage": can_manage_buildings(request_user(request)),
    }
    return render(request, "buildings/scheme_list.html", context)


def _scheme_form(request: HttpRequest, scheme: EvaluationScheme | None) -> HttpResponse:
    form = SchemeForm(request.POST or None, instance=scheme)
    formset = indicator_formset(request.POST or None, scheme)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        values = {k: v for k, v in form.cleaned_data.items()}
        try:
            saved = scheme_save(
                actor=request_user(request), values=values, indicators=indicator_rows(formset), scheme=scheme
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"已保存《{saved.title}》")
            return redirect("buildings:scheme", pk=saved.pk)
    return render(request, "buildings/scheme_form.html", {"form": form, "formset": formset, "scheme": scheme})


@role_required(can_manage_buildings, "设置载体考评方案")
def scheme_new(request: HttpRequest) -> HttpResponse:
    return _scheme_form(request, None)


@role_required(can_manage_buildings, "设置载体考评方案")
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _scheme_form(request, get_object_or_404(EvaluationScheme, pk=pk))


@role_required(can_see_buildings, "查看载体考评")
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranking: every carrier for the office and leaders, a town's own carriers for the town."""
    user = request_user(request)
    scheme = get_object_or_404(EvaluationScheme.objects.prefetch_related("indicators"), pk=pk)
    results = list(scheme_ranking(scheme, user))
    context = {
        "scheme": scheme,
        "rows": ranking_rows(scheme, results),
        "ranked": result_count(scheme),
        "outcomes": {o.label: sum(1 for r in results if r.outcome == o) for o in Outcome},
        "can_manage": can_manage_buildings(user),
        "appeal_form": AppealForm(),
        "decision_form": AppealDecisionForm(),
    }
    return render(request, "buildings/scheme_detail.html", context)


@role_required(can_manage_buildings, "录入考评得分")
def scores_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    scheme = get_object_or_404(EvaluationScheme, pk=pk)
    indicators = list(scheme.indicators.all())
    carriers, scores = score_grid(scheme, user)
    form = ScoreGridForm(request.POST or None, carriers=carriers, indicators=indicators, scores=scores)
    if request.method == "POST" and form.is_valid():
        changes = scores_set(actor=user, scheme=scheme, values=form.values())
        messages.success(request, f"已保存 {len(changes)} 项得分，请重新计算排名")
        return redirect("buildings:scheme", pk=scheme.pk)
    context = {"scheme": scheme, "indicators": indicators, "form": form, "upload_form": UploadForm()}
    return render(request, "buildings/scores_form.html", context)


@role_required(can_manage_buildings, "导出考评得分")
def scores_export(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    scheme = get_object_or_404(EvaluationScheme, pk=pk)
    carriers, scores = score_grid(scheme, user)
    audit_record(actor=user, action=Action.EXPORT, obj=scheme, message="导出考评得分表")
    response = HttpResponse(render_scores_xlsx(scheme, carriers, scores), content_type=XLSX)
    response["Content-Disposition"] = attachment(f"{scheme.year}年载体考评得分.xlsx")
    return response


@require_POST
@role_required(can_manage_buildings, "导入考评得分")
def scores_import(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(EvaluationScheme, pk=pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("buildings:scores", pk=scheme.pk)
    upload = form.cleaned_data["file"]
    try:
        batch = score_import_upload(
            actor=request_user(request), scheme=scheme, chunks=upload.chunks(), file_name=upload.name
        )
    except IngestError as error:
        messages.error(request, str(error))
        return redirect("buildings:scores", pk=scheme.pk)
    return redirect("buildings:scores_preview", pk=batch.pk)


@role_required(can_manage_buildings, "导入考评得分")
def scores_preview(request: HttpRequest, pk: str) -> HttpResponse:
    user = request_user(request)
    batch = get_batch_for_user(user, pk, ImportKind.SCORES)
    preview = score_import_preview(batch, carriers_visible_to(user))
    if request.method == "POST":
        count = confirm_or_say_why(request, partial(score_import_apply, actor=user, batch=batch))
        if count is not None:
            messages.success(request, f"已导入 {count} 项得分，请重新计算排名")
            return redirect("buildings:scheme", pk=preview.scheme.pk)
    return render(request, "buildings/scores_preview.html", {"preview": preview})


@require_POST
@role_required(can_manage_buildings, "计算考评结果")
def scheme_compute(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(EvaluationScheme, pk=pk)
    try:
        results = evaluation_compute(actor=request_user(request), scheme=scheme)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已按规则计算 {len(results)} 个载体的总分、排名和结果")
    return redirect("buildings:scheme", pk=scheme.pk)


@require_POST
@role_required(can_see_buildings, "申请复核")
def appeal_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    result = get_result_for_appeal(user, pk)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            appeal_file(actor=user, result=result, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已就“{result.carrier.name}”的结果申请复核")
    else:
        messages.error(request, "请写明复核理由")
    return redirect("buildings:scheme", pk=result.scheme_id)


@require_POST
@role_required(can_manage_buildings, "答复复核")
def appeal_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = Appeal.objects.select_related("result__carrier").filter(pk=pk).first()
    if appeal is None:
        raise Http404("没有找到该复核申请")
    form = AppealDecisionForm(request.POST)
    if form.is_valid():
        try:
            appeal_decide(
                actor=request_user(request),
                appeal=appeal,
                outcome=Outcome(form.cleaned_data["outcome"]),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已答复“{appeal.result.carrier.name}”的复核申请")
    else:
        messages.error(request, "请选择结果并填写复核意见")
    return redirect("buildings:scheme", pk=appeal.result.scheme_id)

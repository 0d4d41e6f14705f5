from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from duban.accounts.access import request_user
from duban.common.access import role_required
from duban.core import clock
from duban.plans.access import get_plan_for_user
from duban.verification.access import can_run_audit, can_see_findings, get_finding_for_user
from duban.verification.models import Finding
from duban.verification.selectors import plan_findings
from duban.verification.services import (
    finding_ask_unit,
    finding_claim_not_done,
    finding_review,
    plan_audit_run,
)


@role_required(can_see_findings, "查看核查结果")
def plan_findings_view(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = get_plan_for_user(request_user(request), plan_pk)
    return render(request, "verification/plan_findings.html", {"plan": plan, "findings": plan_findings(plan)})


@require_POST
@role_required(can_run_audit, "运行真实性核查")
def plan_audit_view(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = get_plan_for_user(request_user(request), plan_pk)
    counts = plan_audit_run(actor=request_user(request), plan=plan, today=clock.today())
    messages.success(
        request,
        f"核查完成：新发现 {counts['new']} 条，仍存在 {counts['seen']} 条，已消除 {counts['resolved']} 条",
    )
    return redirect("verification:plan", plan_pk=plan.pk)


@require_POST
@role_required(can_run_audit, "核实问题")
def finding_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_finding_for_user(request_user(request), pk, write=True)
    try:
        finding_review(actor=request_user(request), finding=finding, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已标记为已核实")
    return _back(request, finding)


def _back(request: HttpRequest, finding: Finding) -> HttpResponse:
    if request.POST.get("from") == "task" and finding.task_id:
        return redirect("plans:task", pk=finding.task_id)
    return redirect("verification:plan", plan_pk=finding.plan_id)


@require_POST
@role_required(can_run_audit, "请单位说明")
def finding_ask_view(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_finding_for_user(request_user(request), pk, write=True)
    try:
        finding_ask_unit(actor=request_user(request), finding=finding, today=clock.today())
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已请牵头单位说明情况，单位在本单位填报页和任务页可见")
    return _back(request, finding)


@require_POST
@role_required(can_run_audit, "将是否完成改为否")
def finding_not_done_view(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_finding_for_user(request_user(request), pk, write=True)
    try:
        finding_claim_not_done(
            actor=request_user(request), finding=finding, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已将该任务的是否完成改为否，并记入审计日志")
    return _back(request, finding)

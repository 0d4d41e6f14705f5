from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from duban.accounts.access import request_user
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.access import role_required
from duban.core import clock
from duban.ingest import IngestError
from duban.intake.storage import upload_path
from duban.plans.access import get_plan_for_user
from duban.verification.access import (
    can_answer_findings,
    can_read_own_findings,
    can_run_audit,
    can_see_findings,
    findings_visible_to,
    get_finding_for_user,
    get_finding_to_answer,
    get_reply_for_user,
)
from duban.verification.forms import ReplyDecisionForm, ReplyForm
from duban.verification.models import Finding
from duban.verification.selectors import findings_awaiting_decision, plan_findings, unit_findings
from duban.verification.services import (
    Upload,
    finding_ask_unit,
    finding_claim_not_done,
    finding_reply_add,
    finding_reply_decide,
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


@role_required(can_read_own_findings, "查看本单位核查发现")
def unit_findings_view(request: HttpRequest) -> HttpResponse:
    """本单位核查发现: the findings on the unit's tasks, each with its 申辩 and the office's decision."""
    rows = unit_findings(findings_visible_to(request_user(request)))
    return render(request, "verification/unit_findings.html", {"rows": rows, "form": ReplyForm()})


@require_POST
@role_required(can_answer_findings, "申辩")
def finding_reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    finding = get_finding_to_answer(user, pk)
    form = ReplyForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(form.error_text())
        upload = form.cleaned_data["file"]
        finding_reply_add(
            actor=user,
            finding=finding,
            text=form.cleaned_data["text"],
            upload=Upload(upload.name, upload.chunks()) if upload else None,
        )
    except (ValidationError, IngestError) as error:
        # The page again, with what was typed in its place and the reason above it.
        messages.error(request, str(error) if isinstance(error, IngestError) else "；".join(error.messages))
        rows = unit_findings(findings_visible_to(user))
        context = {"rows": rows, "form": form, "failed_pk": finding.pk}
        return render(request, "verification/unit_findings.html", context, status=400)
    messages.success(request, "申辩已提交，等待督办员裁定")
    return redirect("verification:mine")


@role_required(can_run_audit, "裁定申辩")
def replies_view(request: HttpRequest) -> HttpResponse:
    """申辩待裁定: the units' answers the office has to decide."""
    rows = findings_awaiting_decision(findings_visible_to(request_user(request)))
    return render(request, "verification/replies.html", {"rows": rows})


@require_POST
@role_required(can_run_audit, "裁定申辩")
def reply_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    reply = get_reply_for_user(request_user(request), pk, write=True)
    form = ReplyDecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.error_text())
        finding_reply_decide(actor=request_user(request), reply=reply, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已{reply.get_decision_display()}该发现，单位可以看到裁定意见")
    return redirect("verification:replies")


@role_required(lambda user: can_see_findings(user) or can_read_own_findings(user), "下载申辩附件")
def reply_file_view(request: HttpRequest, pk: int) -> FileResponse:
    user = request_user(request)
    reply = get_reply_for_user(user, pk)
    if not reply.stored_path:
        raise Http404("该申辩没有附件")
    audit_record(actor=user, action=Action.DOWNLOAD, obj=reply.finding, message=reply.file_name)
    response = FileResponse(
        upload_path(reply.stored_path).open("rb"),
        as_attachment=True,
        filename=reply.file_name,
        content_type=reply.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duban.accounts.access import request_user
from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.access import role_required
from duban.core import clock
from duban.exports import render_round_bulletin_docx
from duban.ingest import IngestError
from duban.intake.storage import upload_path
from duban.plans.access import get_plan_for_user, get_task_for_user
from duban.plans.downloads import file_response
from duban.reporting import forms
from duban.reporting.access import (
    can_decide_coordinations,
    can_follow_instructions,
    can_give_instructions,
    can_read_bulletins,
    get_report_for_user,
    is_supervisor,
    reports_visible_to,
)
from duban.reporting.breakdown import unit_subtasks
from duban.reporting.choices import SUBMITTED_STATES, Claim, CoordinationStatus, ReportStatus
from duban.reporting.models import (
    DeadlineExtension,
    ProgressReport,
    ReportAttachment,
    ReportingRound,
)
from duban.reporting.selectors import (
    InstructionRow,
    coordinations_for,
    coordinations_settled,
    coordinations_waiting,
    instructions_answered,
    instructions_awaiting,
    report_form_notes,
    report_instructions,
    round_bulletin_export,
    unit_open_reports,
    unit_shared_reports,
    versions_with_diffs,
)
from duban.reporting.services.attachments import ACCEPTED as ATTACHMENT_TYPES
from duban.reporting.services.attachments import attachment_add
from duban.reporting.services.carryover import plan_carry_over
from duban.reporting.services.contributions import contribution_add
from duban.reporting.services.coordinations import coordination_decide, coordination_request
from duban.reporting.services.extensions import extension_decide, extension_request
from duban.reporting.services.instructions import instruction_give
from duban.reporting.services.reminders import task_remind
from duban.reporting.services.rounds import round_close, round_open, round_rule_set
from duban.reporting.services.transitions import (
    TRANSITIONS,
    ReportContent,
    StaleReport,
    actions_for,
    report_transition,
)


def _errors(error: ValidationError) -> str:
    return "；".join(error.messages)


def _form_errors(form: Form) -> str:
    """What is wrong, each with its field; a field without a label is hidden, so the page is stale."""
    shown = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label) if field and field.label else None
        for message in map(str, errors):
            if field and not label:
                message = "提交的内容不完整，请刷新页面后重试"
            elif label and label not in message:
                message = f"{label}：{message}"
            shown.append(message)
    return "；".join(dict.fromkeys(shown))


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    """本单位填报: everything the unit owes in open rounds, deadlines first, and what it shares."""
    user = request_user(request)
    if not user.is_unit_user:
        return redirect("plans:list")
    context = {
        "owed": unit_open_reports(user),
        "shared": unit_shared_reports(user),
        "subtasks": unit_subtasks(user, today=clock.today()),
        "today": clock.today(),
    }
    return render(request, "reporting/my_reports.html", context)


@require_POST
@role_required(is_supervisor, "发起填报轮次")
def round_new(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = get_plan_for_user(request_user(request), plan_pk)
    form = forms.RoundOpenForm(request.POST)
    if form.is_valid():
        try:
            round_ = round_open(actor=request_user(request), plan=plan, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, f"已发起“{round_.label}”填报，共 {round_.reports.count()} 项")
            return redirect("reporting:round", pk=round_.pk)
    else:
        messages.error(request, "请填写轮次名称和截止日期")
    return redirect("plans:detail", pk=plan.pk)


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    round_ = get_object_or_404(ReportingRound.objects.select_related("plan"), pk=pk)
    get_plan_for_user(user, round_.plan_id)
    in_round = reports_visible_to(user).filter(round=round_)
    reports = in_round.select_related("task__section", "unit").order_by("task__position")
    status = request.GET.get("status", "")
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    # Whatever the list shows, the units that still owe a report: counted in the database.
    owing = in_round.filter(unit__isnull=False).exclude(status__in=SUBMITTED_STATES)
    missing = sorted(set(owing.order_by().values_list("unit__name", flat=True)))
    context = {
        "round": round_,
        "reports": reports,
        "missing": missing,
        "status": status,
        "statuses": ReportStatus,
    }
    return render(request, "reporting/round_detail.html", context)


@require_POST
@role_required(is_supervisor, "设置填报周期")
def round_rule_new(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = get_plan_for_user(request_user(request), plan_pk)
    form = forms.RoundRuleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请选择周期并填写截止日")
        rule = round_rule_set(actor=request_user(request), plan=plan, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request, f"已设置：{rule.get_recurrence_display()}{rule.due_day}日前填报，由后台任务按期发起"
        )
    return redirect("plans:detail", pk=plan.pk)


@require_POST
@role_required(is_supervisor, "结束填报轮次")
def round_end(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(ReportingRound, pk=pk)
    round_close(actor=request_user(request), round_=round_)
    messages.info(request, f"“{round_.label}”填报已结束")
    return redirect("reporting:round", pk=round_.pk)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    report = get_report_for_user(user, pk)
    return _report_page(request, user, report)


def _content(data: dict[str, Any]) -> ReportContent:
    return ReportContent(
        progress=data["progress"],
        claim=Claim(data["claim"]),
        shortfall_reason=data["shortfall_reason"],
        problems=data["problems"],
        next_steps=data["next_steps"],
    )


def _report_page(
    request: HttpRequest,
    user: User,
    report: ProgressReport,
    form: forms.ReportForm | None = None,
    status: int = 200,
    coordination_rows: list[tuple[str, str]] | None = None,
    typed_answers: dict[int, str] | None = None,
) -> HttpResponse:
    actions = actions_for(user, report)
    rows = [row for row in coordination_rows or [] if any(row)]
    initial = {
        "version": report.version,
        "progress": report.progress,
        "problems": report.problems,
        "next_steps": report.next_steps,
        "claim": report.claim,
        "shortfall_reason": report.shortfall_reason,
    }
    context = {
        "report": report,
        "actions": {name: TRANSITIONS[name] for name in actions},
        "can_edit": "save" in actions,
        "form": form or forms.ReportForm(initial=initial),
        "review_form": forms.ReviewForm(initial={"version": report.version}),
        "versions": versions_with_diffs(report),
        "contributions": report.contributions.select_related("unit", "author"),
        "attachments": report.attachments.all(),
        "contribution_form": forms.ContributionForm(),
        "attachment_form": forms.AttachmentForm(),
        "attachment_accept": ATTACHMENT_TYPES,  # the phone offers only files the upload will take
        "coordinations": report.coordinations.select_related("unit", "counterpart_unit", "decided_by"),
        "coordination_rows": [*rows, *[("", "")] * (2 if not rows else 1)],
        "notes": report_form_notes(report),  # why it came back and the 催办 on it, beside the form
        "instructions": _instruction_rows(report, typed_answers),
    }
    return render(request, "reporting/report_detail.html", context, status=status)


def _instruction_rows(report: ProgressReport, typed: dict[int, str] | None) -> list[InstructionRow]:
    """The 批示 to answer on the form, with what was typed when a step was refused."""
    rows = report_instructions(report)
    if typed is None:
        return rows
    return [InstructionRow(row.instruction, typed.get(row.instruction.pk, "")) for row in rows]


def _typed_answers(request: HttpRequest) -> dict[int, str]:
    """The form's answers to 领导批示: ``answer_<批示 id>`` → text."""
    prefix = "answer_"
    return {
        int(key[len(prefix) :]): request.POST.get(key, "")
        for key in request.POST
        if key.startswith(prefix) and key[len(prefix) :].isdigit()
    }


def _typed_coordinations(request: HttpRequest) -> list[tuple[str, str]]:
    """The form's 需协调事项 rows as typed, blank rows left out."""
    matters, counterparts = request.POST.getlist("coord_matter"), request.POST.getlist("coord_with")
    width = max(len(matters), len(counterparts))
    matters += [""] * (width - len(matters))
    counterparts += [""] * (width - len(counterparts))
    return [(m, c) for m, c in zip(matters, counterparts, strict=True) if m.strip() or c.strip()]


def _file_report(
    user: User,
    report: ProgressReport,
    action: str,
    expected_version: int,
    content: ReportContent | None,
    comment: str,
    coordinations: list[tuple[str, str]],
    answers: dict[int, str] | None,
) -> None:
    """The transition and the 需协调事项 typed with it: all stored, or none."""
    with transaction.atomic():
        report_transition(
            actor=user,
            report=report,
            action=action,
            expected_version=expected_version,
            content=content,
            comment=comment,
            answers=answers,
        )
        for row, (matter, counterpart) in enumerate(coordinations, start=1):
            coordination_request(actor=user, report=report, matter=matter, counterpart=counterpart, row=row)


@require_POST
@login_required
def report_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One workflow step; a stale or refused step shows the page again with the reason and the newer text."""
    user = request_user(request)
    report = get_report_for_user(user, pk)
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise Http404("未知操作")
    form = forms.ReportForm(request.POST) if transition.edits_content else forms.ReviewForm(request.POST)
    answers = _typed_answers(request) if transition.edits_content else None
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        typed = _typed_coordinations(request)
        return _report_page(request, user, report, status=400, coordination_rows=typed, typed_answers=answers)
    data = form.cleaned_data
    content = None
    if transition.edits_content:
        content = _content(data)
    typed = _typed_coordinations(request) if transition.edits_content else []
    try:
        _file_report(user, report, action, data["version"], content, data.get("comment", ""), typed, answers)
    except StaleReport as stale:
        messages.error(request, _errors(stale))
        newer = request.POST.copy()  # keep what was typed, against the newer version
        newer["version"] = str(stale.current.version)
        kept = forms.ReportForm(newer) if transition.edits_content else None
        return _report_page(
            request,
            user,
            stale.current,
            form=kept,
            status=409,
            coordination_rows=typed,
            typed_answers=answers,
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
        report.refresh_from_db()  # nothing was stored
        kept = forms.ReportForm(request.POST) if transition.edits_content else None
        return _report_page(
            request, user, report, form=kept, status=400, coordination_rows=typed, typed_answers=answers
        )
    messages.success(request, f"已{transition.label}")
    upload = request.FILES.get("file") if transition.edits_content else None
    if upload is not None:  # a file chosen on the form goes up with whichever button was pressed
        try:
            attachment_add(actor=user, report=report, chunks=upload.chunks(), file_name=upload.name or "")
        except (ValidationError, IngestError) as error:
            messages.error(request, str(error) if isinstance(error, IngestError) else _errors(error))
        else:
            messages.success(request, f"已上传附件“{upload.name}”")
    return redirect("reporting:report", pk=report.pk)


@require_POST
@login_required
def report_contribute(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    report = get_report_for_user(user, pk)
    form = forms.ContributionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请填写配合情况")
        contribution_add(actor=user, report=report, text=form.cleaned_data["text"])
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, "已补充本单位配合情况")
    return redirect("reporting:report", pk=report.pk)


@require_POST
@login_required
def report_attach(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a file; from the report form, the draft's typed fields are saved first, in the same POST,
    so choosing a file never costs what was typed. A refused file shows the page again with the text."""
    user = request_user(request)
    report = get_report_for_user(user, pk)
    if "version" in request.POST and "save" in actions_for(user, report):
        saved = _save_typed(request, user, report)
        if isinstance(saved, HttpResponse):
            return saved
        report = saved
    form = forms.AttachmentForm(request.POST, request.FILES)
    refusal = ""
    if not form.is_valid():
        refusal = "；".join(str(m) for errors in form.errors.values() for m in errors)
    else:
        upload = form.cleaned_data["file"]
        try:
            attachment_add(actor=user, report=report, chunks=upload.chunks(), file_name=upload.name)
        except (ValidationError, IngestError) as error:
            refusal = str(error) if isinstance(error, IngestError) else _errors(error)
        else:
            messages.success(request, f"已上传附件“{upload.name}”")
    if refusal:
        messages.error(request, refusal)
        if "version" in request.POST:  # from the report form: the page again, with what was typed
            return _report_page(request, user, report, status=400)
    return redirect("reporting:report", pk=report.pk)


def _save_typed(request: HttpRequest, user: User, report: ProgressReport) -> ProgressReport | HttpResponse:
    """Save the draft as typed on the form; a refusal is the page again with the text kept."""
    form, answers = forms.ReportForm(request.POST), _typed_answers(request)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        typed = _typed_coordinations(request)
        return _report_page(
            request, user, report, form=form, status=400, coordination_rows=typed, typed_answers=answers
        )
    data, rows = form.cleaned_data, _typed_coordinations(request)
    try:
        _file_report(user, report, "save", data["version"], _content(data), "", rows, answers)
    except StaleReport as stale:
        messages.error(request, _errors(stale) + "附件未上传。")
        newer = request.POST.copy()
        newer["version"] = str(stale.current.version)
        kept = forms.ReportForm(newer)
        return _report_page(
            request, user, stale.current, form=kept, status=409, coordination_rows=rows, typed_answers=answers
        )
    except ValidationError as error:
        messages.error(request, _errors(error) + "；附件未上传")
        report.refresh_from_db()
        kept = forms.ReportForm(request.POST)
        return _report_page(
            request, user, report, form=kept, status=400, coordination_rows=rows, typed_answers=answers
        )
    messages.success(request, "已保存草稿")
    return report


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Served only to those who may read the task, as an attachment with a safe file name."""
    user = request_user(request)
    attachment = get_object_or_404(ReportAttachment.objects.select_related("report"), pk=pk)
    get_report_for_user(user, attachment.report_id)
    audit_record(actor=user, action=Action.DOWNLOAD, obj=attachment.report, message=attachment.file_name)
    response = FileResponse(
        upload_path(attachment.stored_path).open("rb"),
        as_attachment=True,
        filename=attachment.file_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@role_required(is_supervisor, "催办")
def task_remind_view(request: HttpRequest, task_pk: int) -> HttpResponse:
    user = request_user(request)
    task = get_task_for_user(user, task_pk)
    try:
        reminders = task_remind(actor=user, task=task, today=clock.today())
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        units = "、".join(sorted({r.unit.name for r in reminders}))
        messages.success(request, f"已催办：{units}")
    return redirect("plans:task", pk=task.pk)


@require_POST
@login_required
def extension_new(request: HttpRequest, task_pk: int) -> HttpResponse:
    user = request_user(request)
    task = get_task_for_user(user, task_pk)
    form = forms.ExtensionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请填写新的完成时限和理由")
        extension_request(actor=user, task=task, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, "延期申请已提交，等待督办员审批")
    return redirect("plans:task", pk=task.pk)


@require_POST
@role_required(is_supervisor, "审批延期申请")
def extension_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    extension = get_object_or_404(DeadlineExtension.objects.select_related("task"), pk=pk)
    form = forms.ExtensionDecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请选择同意或不同意")
        extension_decide(actor=request_user(request), extension=extension, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"已{extension.get_status_display()}延期申请")
    return redirect("plans:task", pk=extension.task_id)


@role_required(is_supervisor, "交办事项")
def adhoc_new(request: HttpRequest) -> HttpResponse:
    """The old 交办 page: its items got their 督办编号 only at backfill. Old links (and bookmarks)
    go on to 交办 in supervision, which numbers the item as it is assigned."""
    return redirect("supervision:assign")


@require_POST
@role_required(is_supervisor, "结转任务")
def carry_over(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = get_plan_for_user(request_user(request), plan_pk)
    try:
        target, count = plan_carry_over(actor=request_user(request), plan=plan)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("plans:detail", pk=plan.pk)
    messages.success(request, f"已将 {count} 项未完成任务结转到《{target.title}》")
    return redirect("plans:detail", pk=target.pk)


@role_required(can_read_bulletins, "导出通报")
def round_bulletin(request: HttpRequest, pk: int) -> HttpResponse:
    """通报 of a round: counts per status, and the items not yet filed or sent back."""
    user = request_user(request)
    round_ = get_object_or_404(ReportingRound.objects.select_related("plan"), pk=pk)
    export = round_bulletin_export(
        round_, issued_on=clock.today(), office=user.unit.name if user.unit else ""
    )
    data = render_round_bulletin_docx(export)
    file_name = f"通报-{round_.plan.title}-{round_.label}.docx"
    return file_response(actor=user, obj=round_, data=data, file_name=file_name, fmt="docx")


@role_required(can_decide_coordinations, "需协调事项")
def coordination_queue(request: HttpRequest) -> HttpResponse:
    """需协调事项 waiting for the office or a leader, each with its outcome form; those settled below."""
    user = request_user(request)
    context = {
        "waiting": coordinations_waiting(user),
        "settled": coordinations_settled(user),
        "statuses": [CoordinationStatus.DONE, CoordinationStatus.IMPOSSIBLE],
    }
    return render(request, "reporting/coordinations.html", context)


@require_POST
@role_required(can_decide_coordinations, "处理需协调事项")
def coordination_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    coordination = get_object_or_404(coordinations_for(request_user(request)).select_related("task"), pk=pk)
    form = forms.CoordinationDecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        coordination_decide(
            actor=request_user(request),
            coordination=coordination,
            status=CoordinationStatus(form.cleaned_data["status"]),
            outcome=form.cleaned_data["outcome"],
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"已记录：{coordination.get_status_display()}（{coordination.task.title}）")
    return redirect("reporting:coordinations")


@require_POST
@role_required(can_give_instructions, "录入领导批示")
def instruction_new(request: HttpRequest, task_pk: int) -> HttpResponse:
    """A leader's 批示 on the task, typed by him or by the office in his name."""
    user = request_user(request)
    task = get_task_for_user(user, task_pk)
    form = forms.InstructionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        data = form.cleaned_data
        instruction_give(
            actor=user, task=task, text=data["text"], given_on=data["given_on"], leader=data["leader"]
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, "已录入领导批示，牵头单位须在下次填报中答复")
    return redirect("plans:task", pk=task.pk)


@role_required(can_follow_instructions, "领导批示")
def instruction_list(request: HttpRequest) -> HttpResponse:
    """批示待答复 (oldest first), then the answers: for the office every 批示, for a leader his own."""
    user = request_user(request)
    context = {
        "awaiting": instructions_awaiting(user),
        "answered": instructions_answered(user)[:50],
    }
    return render(request, "reporting/instructions.html", context)

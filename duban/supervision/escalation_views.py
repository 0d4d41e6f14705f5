"""三色督办 pages: the ladder, 督办单 issued from the task page or for a closed round, their .docx,
the unit's 签收 and answer, the unit's list, and 约谈 records."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duban.accounts.access import request_user
from duban.common.access import role_required
from duban.exports import render_notice_docx
from duban.plans.access import get_task_for_user
from duban.plans.downloads import file_response
from duban.reporting.models import ReportingRound
from duban.supervision import forms
from duban.supervision.access import can_read_notices, get_notice_for_user, is_office, notices_visible_to
from duban.supervision.choices import NoticeLevel
from duban.supervision.exports import notice_export
from duban.supervision.selectors import (
    ladder_rows,
    ladder_rungs,
    latest_closed_round,
    notice_proposals,
    notices_for_unit,
)
from duban.supervision.services.escalation import (
    interview_record,
    ladder_save,
    notice_issue,
    notice_receive,
    notice_reply,
    notices_issue_for_round,
)
from duban.supervision.views import form_problem, problem_text


@role_required(is_office, "设置三色督办规则")
def ladder(request: HttpRequest) -> HttpResponse:
    rungs = ladder_rows()
    form = forms.LadderForm(request.POST or None, rungs=rungs)
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ValidationError(form_problem(form))
            ladder_save(actor=request_user(request), values=form.values())
        except ValidationError as error:
            messages.error(request, problem_text(error))
        else:
            messages.success(request, "已保存三色督办规则")
            return redirect("supervision:ladder")
    return render(request, "supervision/ladder.html", {"form": form})


@role_required(is_office, "签发督办单")
def round_notices(request: HttpRequest, round_pk: int) -> HttpResponse:
    """As a round closes: the notices the ladder calls for; the office ticks and issues them at once."""
    round_ = get_object_or_404(ReportingRound.objects.select_related("plan"), pk=round_pk)
    if request.method == "POST":
        try:
            issued = notices_issue_for_round(
                actor=request_user(request), round_=round_, chosen=request.POST.getlist("chosen")
            )
        except ValidationError as error:
            messages.error(request, problem_text(error))
        else:
            messages.success(request, f"已签发督办单{len(issued)}份：{'、'.join(n.number for n in issued)}")
            return redirect("supervision:round_notices", round_pk=round_.pk)
    context = {"round": round_, "proposals": notice_proposals(round_), "ladder": ladder_rungs()}
    return render(request, "supervision/round_notices.html", context)


@require_POST
@role_required(is_office, "签发督办单")
def notice_new(request: HttpRequest, task_pk: int) -> HttpResponse:
    user = request_user(request)
    task = get_task_for_user(user, task_pk)
    form = forms.NoticeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form_problem(form))
        data = form.cleaned_data
        # Counted against the plan's latest closed round, so the round's batch will not issue it again.
        notice = notice_issue(
            actor=user,
            task=task,
            unit=data["unit"],
            level=NoticeLevel(data["level"]),
            problem=data["problem"],
            round_=latest_closed_round(task.plan_id),
        )
    except ValidationError as error:
        messages.error(request, problem_text(error))
    else:
        messages.success(request, f"已签发{notice.get_level_display()}{notice.number}")
    return redirect("plans:task", pk=task.pk)


@login_required
def notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The 督办单 as a .docx, to the office, the leaders and the unit it was sent to."""
    user = request_user(request)
    notice = get_notice_for_user(user, pk)
    data = render_notice_docx(notice_export(notice))
    name = f"{notice.get_level_display()}-{notice.number}-{notice.unit.name}.docx"
    return file_response(actor=user, obj=notice.task, data=data, file_name=name, fmt="docx")


@require_POST
@login_required
def notice_receive_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    notice = get_notice_for_user(user, pk)
    try:
        notice_receive(actor=user, notice=notice)
    except ValidationError as error:
        messages.error(request, problem_text(error))
    else:
        messages.success(request, f"已签收{notice.number}")
    if request.POST.get("next") == "list":
        return redirect("supervision:notices")
    return redirect("plans:task", pk=notice.task_id)


@require_POST
@login_required
def notice_reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    notice = get_notice_for_user(user, pk)
    form = forms.NoticeReplyForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form_problem(form))
        notice_reply(actor=user, notice=notice, text=form.cleaned_data["text"])
    except ValidationError as error:
        messages.error(request, problem_text(error))
    else:
        messages.success(request, f"已答复{notice.number}")
    return redirect("plans:task", pk=notice.task_id)


@role_required(can_read_notices, "查看督办单")
def notices(request: HttpRequest) -> HttpResponse:
    """督办单: a unit's own, unsigned first; the office and leaders see every one."""
    user = request_user(request)
    if user.is_unit_user and user.unit_id:
        rows = notices_for_unit(user.unit_id)
    else:
        rows = list(notices_visible_to(user).select_related("task__plan", "unit", "received_by"))
    return render(
        request,
        "supervision/notices.html",
        {"notices": rows, "own_unit": user.unit_id if user.is_unit_user else None},
    )


@require_POST
@role_required(is_office, "登记约谈")
def interview_new(request: HttpRequest, task_pk: int) -> HttpResponse:
    user = request_user(request)
    task = get_task_for_user(user, task_pk)
    form = forms.InterviewForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form_problem(form))
        interview_record(actor=user, task=task, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, problem_text(error))
    else:
        messages.success(request, "已登记约谈")
    return redirect("plans:task", pk=task.pk)

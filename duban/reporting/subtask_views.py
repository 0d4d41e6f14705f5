"""二次分解 pages of reporting: a sub-task with its milestones and reports, and the sub-unit's
report form. Kept beside views.py (already long) with the same shape: access helper, form,
service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from duban.accounts.access import request_user
from duban.common.access import deny
from duban.core import clock
from duban.plans.access import get_subtask_for_user, is_subtask_reporter, task_visible_to
from duban.plans.models import SubTask
from duban.reporting.breakdown import SubTaskRow, subtask_reports, subtask_rows
from duban.reporting.forms import SubTaskReportForm
from duban.reporting.models import ProgressReport
from duban.reporting.services.breakdown import SubTaskContent, lead_open_report, subtask_report_submit


@require_GET
@login_required
def subtask_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_subtask_for_user(request_user(request), pk))


def _page(request: HttpRequest, subtask: SubTask, form: SubTaskReportForm | None = None) -> HttpResponse:
    """The sub-task with its milestones and reports; the form for its unit's 填报员 in an open round."""
    user = request_user(request)
    row = subtask_rows(SubTask.objects.filter(pk=subtask.pk), today=clock.today())[0]
    lead_report = lead_open_report(subtask.task)
    may_report = is_subtask_reporter(user, subtask) and lead_report is not None
    context = {
        "row": row,
        "subtask": row.subtask,
        "reports": subtask_reports(subtask),
        "round": lead_report.round if lead_report else None,
        "can_see_task": task_visible_to(user, subtask.task_id),
        "form": (form or _filled_form(row, lead_report)) if may_report else None,
    }
    return render(request, "reporting/subtask_detail.html", context)


def _filled_form(row: SubTaskRow, lead_report: ProgressReport | None) -> SubTaskReportForm:
    """The form holds what the sub-unit filed for this round already, to correct and file again."""
    round_id = lead_report.round_id if lead_report else None
    filed = next((r for r in row.subtask.reports.all() if r.round_id == round_id), None)
    if filed is None:
        return SubTaskReportForm()
    return SubTaskReportForm(
        initial={"progress": filed.progress, "problems": filed.problems, "next_steps": filed.next_steps}
    )


@require_POST
@login_required
def subtask_report(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    subtask = get_subtask_for_user(user, pk)
    if not is_subtask_reporter(user, subtask):
        deny(user, f"填报分解任务 {subtask.pk}")
        raise PermissionDenied("只有承办单位的填报员可以填报该分解任务")
    form = SubTaskReportForm(request.POST)
    if not form.is_valid():
        return _page(request, subtask, form)
    try:
        content = SubTaskContent(**form.cleaned_data)
        report = subtask_report_submit(actor=user, subtask=subtask, content=content)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("reporting:subtask", pk=subtask.pk)
    messages.success(request, f"已提交“{subtask.title}”{report.round.label}填报{_ROLLED[report.rolled_up]}")
    return redirect("reporting:subtask", pk=subtask.pk)


_ROLLED = {True: "，已汇入牵头单位本期填报草稿", False: "；牵头单位本期填报已提交，未能汇入，请告知牵头单位"}

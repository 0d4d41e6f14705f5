from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from duban.accounts.access import request_user
from duban.accounts.models import User
from duban.assessment.selectors import assessment_ranking_for_dashboard
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.access import role_required
from duban.common.downloads import attachment
from duban.common.memo import until_next_write
from duban.common.replica import lagging_reads
from duban.core import clock
from duban.core.lights import LABELS, Light
from duban.dashboards.exports import dashboard_export
from duban.dashboards.selectors import LIGHT_ORDER, dashboard, live_goals, tasks_with_light
from duban.exports.dashboard import render_dashboard_pdf
from duban.exports.errors import ExportError
from duban.plans.access import visibility_key

# While reports pour in, the leaders' page may be this many seconds behind rather than
# recounting every task of the year for each leader who opens it; it says when it was counted.
DASHBOARD_TOLERANCE_SECONDS = 30


def _reads_everything(user: User) -> bool:
    return user.sees_all_tasks


@role_required(_reads_everything, "查看领导驾驶舱")
def home(request: HttpRequest) -> HttpResponse:
    user, today = request_user(request), clock.today()
    board = until_next_write(
        f"dashboard:{visibility_key(user)}:{today}",
        lambda: _board_html(user, today),
        tolerate_seconds=DASHBOARD_TOLERANCE_SECONDS,
    )
    # 待协调 and the other waiting counts come with the inbox, counted on every visit outside the
    # kept board: a settled request leaves the count at once.
    return render(request, "dashboards/home.html", {"board": board.value})


def _board_html(user: User, today: dt.date) -> str:
    """Everything on the page but the site's frame: the same for every reader who sees all
    tasks, and read from the replica when there is one (it may be a second behind)."""
    with lagging_reads():
        data = dashboard(user, today=today)
        context = {
            "d": data,
            "as_of": clock.now(),
            "chart_data": data.chart_data(),
            "light_labels": {light: LABELS[light] for light in LIGHT_ORDER},  # the order of the count columns
            "ranking": assessment_ranking_for_dashboard(today.year),
            "live_goals": live_goals(user),
        }
        return render_to_string("dashboards/_board.html", context)


@role_required(_reads_everything, "导出领导驾驶舱")
def board_pdf(request: HttpRequest) -> HttpResponse:
    """The dashboard on one A4 landscape page, made on the server (no print dialog)."""
    user, today = request_user(request), clock.today()
    try:
        data = until_next_write(
            f"dashboard-pdf:{visibility_key(user)}:{today}",
            lambda: _board_pdf(user, today),
            tolerate_seconds=DASHBOARD_TOLERANCE_SECONDS,
        ).value
    except ExportError as error:
        messages.error(request, str(error))
        return redirect("dashboards:home")
    name = f"领导驾驶舱-{today.year}年{today.month}月{today.day}日.pdf"
    audit_record(actor=user, action=Action.EXPORT, message=name, changes={"bytes": len(data)})
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = attachment(name)
    return response


def _board_pdf(user: User, today: dt.date) -> bytes:
    with lagging_reads():
        board = dashboard(user, today=today)
        return render_dashboard_pdf(dashboard_export(board, as_of=clock.local_now()))


@role_required(_reads_everything, "查看领导驾驶舱")
def task_list(request: HttpRequest) -> HttpResponse:
    """The tasks behind a number on the dashboard."""
    params = {key: request.GET.get(key, "") for key in ("light", "plan", "category", "unit")}
    rows = tasks_with_light(request_user(request), today=clock.today(), **params)
    label = LABELS.get(Light(params["light"])) if params["light"] in Light.__members__.values() else "全部"
    return render(request, "dashboards/task_list.html", {"rows": rows, "label": label, "params": params})

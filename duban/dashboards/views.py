from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from duban.accounts.access import request_user
from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.access import role_required
from duban.common.downloads import attachment
from duban.common.freshness import data_stamp
from duban.common.memo import until_next_write
from duban.common.replica import lagging_reads
from duban.common.roles import Role
from duban.core import clock
from duban.core.lights import LABELS, Light
from duban.dashboards.burden import burden_ledger
from duban.dashboards.exports import dashboard_export
from duban.dashboards.models import CountedBoard
from duban.dashboards.selectors import (
    DASHBOARD_TOLERANCE_SECONDS,
    RED,
    counted_board,
    dashboard,
    leader_portfolio,
    tasks_with_light,
)
from duban.dashboards.tasks import dashboard_count_asked
from duban.exports.dashboard import render_dashboard_pdf
from duban.exports.errors import ExportError
from duban.plans.access import visibility_key
from duban.reporting.services.caps import MAX_MONTHLY_ROUNDS, round_cap_set


def _reads_everything(user: User) -> bool:
    return user.sees_all_tasks


@role_required(_reads_everything, "查看领导驾驶舱")
def home(request: HttpRequest) -> HttpResponse:
    board, today = counted_board(), clock.today()
    # the worker counts it; the board is read again only if it was counted here (the tests)
    if _needs_count(board, today) and dashboard_count_asked():
        board = counted_board()
    # 待协调 and the other waiting counts come with the inbox, counted on every visit outside the
    # counted board: a settled request leaves the count at once. A leader's own portfolio may lag
    # as the board does (kept up to DASHBOARD_TOLERANCE_SECONDS across writes).
    user = request_user(request)
    portfolio = _portfolio(user, today) if user.role == Role.LEADER else None
    # The board's HTML was rendered from our own template by the worker, escaped there.
    html = mark_safe(board.html) if board else None
    return render(request, "dashboards/home.html", {"board": html, "portfolio": portfolio})


def _portfolio(user: User, today: dt.date) -> SafeString:
    """The leader's 我分管的, rendered and kept as the board is (hundreds of rows at city scale)."""

    def rendered() -> SafeString:
        with lagging_reads():  # read where the board is read (the replica, if any)
            portfolio = leader_portfolio(user, today=today)
        return mark_safe(render_to_string("dashboards/_portfolio.html", {"portfolio": portfolio, "red": RED}))

    key = f"portfolio:{user.pk}:{today}"
    return until_next_write(key, rendered, tolerate_seconds=DASHBOARD_TOLERANCE_SECONDS).value


def _needs_count(board: CountedBoard | None, today: dt.date) -> bool:
    if board is None or board.day != today:
        return True
    lag = clock.now() - board.counted_at
    return lag > dt.timedelta(seconds=DASHBOARD_TOLERANCE_SECONDS) and board.stamp != data_stamp()


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


def _is_office(user: User) -> bool:
    return user.role == Role.SUPERVISOR


class _CapForm(forms.Form):
    monthly_rounds = forms.IntegerField(
        label="每个计划每月最多填报轮次", min_value=1, max_value=MAX_MONTHLY_ROUNDS
    )


@role_required(_reads_everything, "查看基层减负台账")
def burden(request: HttpRequest) -> HttpResponse:
    """基层减负台账: per unit and month what was asked of it; the plans over the office's cap."""
    year = _year(request.GET.get("year", ""))
    ledger = burden_ledger(year)
    context = {
        "ledger": ledger,
        "years": range(clock.today().year, clock.today().year - 5, -1),
        "cap_form": _CapForm(initial={"monthly_rounds": ledger.cap}),
        "may_set_cap": _is_office(request_user(request)),
    }
    return render(request, "dashboards/burden.html", context)


def _year(asked: str) -> int:
    """The year asked for, or this year for anything else."""
    return int(asked) if asked.isdigit() and 2000 <= int(asked) <= 2100 else clock.today().year


@require_POST
@role_required(_is_office, "设置填报轮次上限")
def burden_cap(request: HttpRequest) -> HttpResponse:
    form = _CapForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(
                "；".join(f"{form.fields[k].label}：{e}" for k, es in form.errors.items() for e in es)
            )
        round_cap_set(actor=request_user(request), monthly_rounds=form.cleaned_data["monthly_rounds"])
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已设置每个计划每月最多填报{form.cleaned_data['monthly_rounds']}轮")
    return redirect("dashboards:burden")

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from duban.accounts.access import request_user
from duban.accounts.models import User
from duban.assessment.selectors import assessment_ranking_for_dashboard
from duban.common.access import role_required
from duban.common.memo import until_next_write
from duban.common.replica import lagging_reads
from duban.common.roles import Role
from duban.core import clock
from duban.core.lights import LABELS, Light
from duban.dashboards.selectors import (
    LIGHT_ORDER,
    RED,
    dashboard,
    leader_portfolio,
    live_goals,
    tasks_with_light,
)
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
    # kept board: a settled request leaves the count at once. So is a leader's own portfolio.
    with lagging_reads():  # read where the board is read (the replica, if any)
        portfolio = leader_portfolio(user, today=today) if user.role == Role.LEADER else None
    context = {"board": board.value, "portfolio": portfolio, "red": RED}
    return render(request, "dashboards/home.html", context)


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


@role_required(_reads_everything, "查看领导驾驶舱")
def task_list(request: HttpRequest) -> HttpResponse:
    """The tasks behind a number on the dashboard."""
    params = {key: request.GET.get(key, "") for key in ("light", "plan", "category", "unit")}
    rows = tasks_with_light(request_user(request), today=clock.today(), **params)
    label = LABELS.get(Light(params["light"])) if params["light"] in Light.__members__.values() else "全部"
    return render(request, "dashboards/task_list.html", {"rows": rows, "label": label, "params": params})

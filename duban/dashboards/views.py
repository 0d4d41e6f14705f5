from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from duban.accounts.access import request_user
from duban.accounts.models import User
from duban.common.access import role_required
from duban.common.freshness import data_stamp
from duban.core import clock
from duban.core.lights import LABELS, Light
from duban.dashboards.models import CountedBoard
from duban.dashboards.selectors import counted_board, tasks_with_light
from duban.dashboards.tasks import dashboard_count_job

# While reports pour in, the leaders' page may be this many seconds behind rather than asking
# the worker to recount every task of the year for each leader who opens it; it says when it was counted.
DASHBOARD_TOLERANCE_SECONDS = 30


def _reads_everything(user: User) -> bool:
    return user.sees_all_tasks


@role_required(_reads_everything, "查看领导驾驶舱")
def home(request: HttpRequest) -> HttpResponse:
    board, today = counted_board(), clock.today()
    if _needs_count(board, today):
        dashboard_count_job()  # the worker counts it (here only where jobs run at once: the tests)
        board = counted_board()
    # 待协调 and the other waiting counts come with the inbox, counted on every visit outside the
    # counted board: a settled request leaves the count at once.
    # The board's HTML was rendered from our own template by the worker, escaped there.
    html = mark_safe(board.html) if board else None
    return render(request, "dashboards/home.html", {"board": html})


def _needs_count(board: CountedBoard | None, today: dt.date) -> bool:
    if board is None or board.day != today:
        return True
    lag = clock.now() - board.counted_at
    return lag > dt.timedelta(seconds=DASHBOARD_TOLERANCE_SECONDS) and board.stamp != data_stamp()


@role_required(_reads_everything, "查看领导驾驶舱")
def task_list(request: HttpRequest) -> HttpResponse:
    """The tasks behind a number on the dashboard."""
    params = {key: request.GET.get(key, "") for key in ("light", "plan", "category", "unit")}
    rows = tasks_with_light(request_user(request), today=clock.today(), **params)
    label = LABELS.get(Light(params["light"])) if params["light"] in Light.__members__.values() else "全部"
    return render(request, "dashboards/task_list.html", {"rows": rows, "label": label, "params": params})

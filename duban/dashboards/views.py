from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from duban.accounts.models import User
from duban.assessment.selectors import assessment_ranking_for_dashboard
from duban.core.lights import LABELS, Light
from duban.dashboards.selectors import LIGHT_ORDER, dashboard, live_goals, tasks_with_light
from duban.web.access import role_required


def _reads_everything(user: User) -> bool:
    return user.sees_all_tasks


@role_required(_reads_everything, "查看领导驾驶舱")
def home(request: HttpRequest) -> HttpResponse:
    data = dashboard(request.user, today=timezone.localdate())  # type: ignore[arg-type]
    context = {
        "d": data,
        "chart_data": data.chart_data(),
        "light_labels": {light: LABELS[light] for light in LIGHT_ORDER},  # the order of the count columns
        "ranking": assessment_ranking_for_dashboard(timezone.localdate().year),
        "live_goals": live_goals(request.user),  # type: ignore[arg-type]
    }
    return render(request, "dashboards/home.html", context)


@role_required(_reads_everything, "查看领导驾驶舱")
def task_list(request: HttpRequest) -> HttpResponse:
    """The tasks behind a number on the dashboard."""
    params = {key: request.GET.get(key, "") for key in ("light", "plan", "category", "unit")}
    rows = tasks_with_light(request.user, today=timezone.localdate(), **params)  # type: ignore[arg-type]
    label = LABELS.get(Light(params["light"])) if params["light"] in Light.__members__.values() else "全部"
    return render(request, "dashboards/task_list.html", {"rows": rows, "label": label, "params": params})

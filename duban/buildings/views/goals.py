"""Where the office binds a plan's indicator to a measure counted from the building database."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from duban.accounts.access import request_user
from duban.buildings.access import can_manage_buildings
from duban.buildings.forms import GoalBindingForm
from duban.buildings.measures import MEASURES
from duban.buildings.models import GoalBinding
from duban.buildings.selectors import bindable_indicators, binding_period, live_values_for_plan
from duban.buildings.services.goals import goal_bind, goal_bindings_relink, goal_unbind
from duban.common.access import role_required
from duban.plans.models import Indicator, Plan


def _default_plan() -> Plan | None:
    """The buildings plan if there is one: its goals are the ones the database can count."""
    plans = Plan.objects.filter(indicators__isnull=False).distinct()
    return plans.filter(title__contains="楼宇").first() or plans.first()


@role_required(can_manage_buildings, "设置目标统计口径")
def goal_list(request: HttpRequest) -> HttpResponse:
    plans = list(Plan.objects.filter(indicators__isnull=False).distinct().order_by("-period_start", "title"))
    chosen = request.GET.get("plan", "")
    plan = next((p for p in plans if str(p.pk) == chosen), None) or _default_plan()
    indicators = bindable_indicators(plan) if plan else []
    context = {
        "plans": plans,
        "plan": plan,
        "goal_indicators": [i for i in indicators if i.goal_id],
        "task_indicators": [i for i in indicators if i.task_id],
        "live": live_values_for_plan(plan) if plan else {},
        "orphans": list(GoalBinding.objects.filter(plan=plan, indicator__isnull=True)) if plan else [],
        "measures": {key: m.label for key, m in MEASURES.items()},
    }
    return render(request, "buildings/goal_list.html", context)


@role_required(can_manage_buildings, "设置目标统计口径")
def goal_bind_view(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("plan", "goal", "task"), pk=pk)
    binding = GoalBinding.objects.filter(indicator=indicator).first()
    form = GoalBindingForm(request.POST or None, initial=GoalBindingForm.initial_for(binding))
    if request.method == "POST" and form.is_valid():
        user, measure = request_user(request), form.cleaned_data["measure"]
        try:
            if measure:
                goal_bind(actor=user, indicator=indicator, measure=measure, params=form.params())
            else:
                goal_unbind(actor=user, indicator=indicator)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"已设置“{indicator.text}”的统计口径" if measure else "已取消绑定")
            return redirect(f"{reverse('buildings:goals')}?plan={indicator.plan_id}")
    period = binding_period(binding) if binding else None
    context = {"indicator": indicator, "binding": binding, "form": form, "period": period}
    return render(request, "buildings/goal_form.html", context)


@require_POST
@role_required(can_manage_buildings, "设置目标统计口径")
def goal_relink(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk)
    relinked = goal_bindings_relink(actor=request_user(request), plan=plan)
    messages.success(request, f"已恢复 {relinked} 项统计口径")
    return redirect(f"{reverse('buildings:goals')}?plan={plan.pk}")

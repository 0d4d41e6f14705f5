"""A unit's 台账: every task it leads or shares, across plans (units composed with plans).

The table (texts, units, deadlines, accepted claims) changes only with the structure of the
plans the unit has tasks in and with the shared data (unit names, groups, parents), so it is
kept under those scopes alone: a report saved for another unit, or in a plan where this unit
has nothing, leaves it in place. Each row's 红黄绿灯 moves with every report in its plan and is
filled into the kept table on each request from lights kept apart, as on the plan page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from duban.accounts.access import request_user
from duban.accounts.models import User
from duban.common.freshness import ALL_PLANS, SHARED, plan_scope
from duban.common.memo import until_next_write
from duban.core import clock
from duban.plans.access import naming_unit, tasks_visible_to, visibility_key
from duban.plans.models import Task
from duban.plans.selectors import focus_year, in_year, unit_ledger
from duban.reporting.selectors import LightRow, light_rows
from duban.supervision.selectors import notices_for_unit
from duban.units.access import get_unit_for_user
from duban.units.forms import AliasForm, ParentForm
from duban.units.models import Unit
from duban.web.ledger_table import ledger_body
from duban.web.light_slots import lights_filled, lights_kept


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's 台账: every task it leads or shares, across plans."""
    user = request_user(request)
    unit = get_unit_for_user(user, pk)
    year = (
        int(request.GET["year"]) if request.GET.get("year", "").isdigit() else focus_year(user, clock.today())
    )
    key = f"ledger:{unit.pk}:{visibility_key(user)}:{year}"
    # first the tasks its table shows and the plans they are in (the scopes the table and its
    # lights depend on): one narrow query across the unit's years of tasks, kept until any plan's
    # structure or the units move — a report saved anywhere leaves it in place
    shown = until_next_write(
        f"{key}:rows", lambda: _ledger_rows(unit, user, year), scopes=(SHARED, ALL_PLANS)
    )
    plan_ids = sorted({plan_id for _, plan_id in shown.value})
    ledger = until_next_write(
        key, lambda: _ledger(unit, user, year), scopes=(SHARED, *map(plan_scope, plan_ids))
    ).value
    lights = lights_kept(
        key, plan_ids, lambda: _light_tasks([pk for pk, _ in shown.value]), today=clock.today()
    )
    context = {
        "unit": unit,
        "table": lights_filled(ledger.html, lights),
        "task_count": ledger.task_count,
        "year": year,
        "years": [year - 1, year, year + 1],
        "alias_form": AliasForm(),
        # whoever reads the unit's 台账 (the office, leaders, the unit) reads the notices sent to it
        "notices": notices_for_unit(unit.pk),
        "own_unit": user.unit_id if user.is_unit_user else None,
        "children": unit.children.all(),
        "parent_form": ParentForm(initial={"unit": unit.pk, "parent": unit.parent_id}),
    }
    return render(request, "web/unit_ledger.html", context)


@dataclass(frozen=True)
class Ledger:
    html: str
    task_count: int


def _light_tasks(task_ids: list[int]) -> list[LightRow]:
    """The few fields a light reads, of the tasks the 台账 shows."""
    return light_rows(Task.objects.filter(pk__in=task_ids))


def _ledger_rows(unit: Unit, user: User, year: int) -> list[tuple[int, int]]:
    """(task id, plan id) of the rows of the unit's 台账 this user may see."""
    return list(_ledger_tasks(unit, user, year).values_list("id", "plan_id"))


def _ledger_tasks(unit: Unit, user: User, year: int) -> QuerySet[Task]:
    """The tasks of the unit's 台账 that this user may see: the rows the kept table shows."""
    return in_year(tasks_visible_to(user).filter(naming_unit(unit.pk)), year).order_by()


def _ledger(unit: Unit, user: User, year: int) -> Ledger:
    """The 台账 table with a light slot per row (per audience: its rows are what the user may see)."""
    rows = unit_ledger(unit, user, year)
    return Ledger(render_to_string("web/_ledger_table.html", {"body": ledger_body(rows)}), len(rows))

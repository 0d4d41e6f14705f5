"""A unit's 台账: every task it leads or shares, across plans (units composed with plans)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from duban.accounts.access import request_user
from duban.accounts.models import User
from duban.common.memo import until_next_write
from duban.core import clock
from duban.plans.access import visibility_key
from duban.plans.selectors import focus_year, unit_ledger
from duban.supervision.selectors import notices_for_unit
from duban.units.access import get_unit_for_user
from duban.units.forms import AliasForm, ParentForm
from duban.units.models import Unit


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's 台账: every task it leads or shares, across plans."""
    user = request_user(request)
    unit = get_unit_for_user(user, pk)
    year = (
        int(request.GET["year"]) if request.GET.get("year", "").isdigit() else focus_year(user, clock.today())
    )
    ledger = until_next_write(
        f"ledger:{unit.pk}:{visibility_key(user)}:{year}", lambda: _ledger(unit, user, year)
    ).value
    context = {
        "unit": unit,
        "table": ledger.html,
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


def _ledger(unit: Unit, user: User, year: int) -> Ledger:
    """The 台账 table, kept until the next write (per audience: its rows are what the user may see)."""
    rows = unit_ledger(unit, user, year)
    return Ledger(render_to_string("web/_ledger_table.html", {"rows": rows}), len(rows))

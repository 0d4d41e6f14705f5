"""Reading buildings, carriers, evaluations and live goals, always through what the user may see."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, F, Max, Prefetch, Q, QuerySet

from duban.accounts.models import User
from duban.buildings.access import buildings_visible_to, can_edit_carrier, carriers_visible_to
from duban.buildings.measures import MEASURES, LiveValue
from duban.buildings.models import (
    Appeal,
    Building,
    BuildingAttachment,
    BuildingChange,
    Carrier,
    EvaluationResult,
    EvaluationScheme,
    EvaluationScore,
    GoalBinding,
    Renovation,
)
from duban.core import clock
from duban.plans.models import Indicator, Plan


@dataclass
class BuildingFilters:
    unit: int | None = None
    state: str = ""
    owner_type: str = ""
    text: str = ""

    def apply(self, buildings: QuerySet[Building]) -> QuerySet[Building]:
        if self.unit:
            buildings = buildings.filter(unit=self.unit)
        if self.state:
            buildings = buildings.filter(building_state=self.state)
        if self.owner_type:
            buildings = buildings.filter(owner_type=self.owner_type)
        if self.text:
            buildings = buildings.filter(
                Q(name__contains=self.text) | Q(address__contains=self.text) | Q(owner__contains=self.text)
            )
        return buildings


def building_list(user: User, filters: BuildingFilters | None = None) -> QuerySet[Building]:
    """The user's buildings with what the list shows, in one query whatever their number."""
    buildings = (filters or BuildingFilters()).apply(buildings_visible_to(user))
    return (
        buildings.select_related("unit")
        .annotate(
            carrier_count=Count("carriers", distinct=True),
            last_finished=Max("renovations__finished_on"),
        )
        .order_by("unit__name", "name")
    )


def building_units(user: User) -> list[tuple[int, str]]:
    """The units the user's buildings belong to, for the filter."""
    rows = buildings_visible_to(user).values_list("unit_id", "unit__name").distinct().order_by("unit__name")
    return list(rows)


def building_export_rows(user: User, filters: BuildingFilters | None = None) -> QuerySet[Building]:
    return (filters or BuildingFilters()).apply(buildings_visible_to(user)).select_related("unit")


@dataclass(frozen=True)
class BuildingPage:
    """Everything the building page shows besides the building itself."""

    timeline: QuerySet[BuildingChange]
    renovations: QuerySet[Renovation]
    carriers: QuerySet[Carrier]
    attachments: QuerySet[BuildingAttachment]


def building_page(building: Building) -> BuildingPage:
    return BuildingPage(
        timeline=building.changes.all(),
        renovations=building.renovations.order_by("-finished_on", "-started_on", "-id"),
        carriers=building.carriers.select_related("founding_unit"),
        attachments=building.attachments.select_related("uploaded_by"),
    )


def carrier_list(user: User) -> QuerySet[Carrier]:
    return (
        carriers_visible_to(user).select_related("building__unit", "founding_unit").order_by("kind", "name")
    )


@dataclass(frozen=True)
class CarrierRow:
    """A carrier on the list, and whether the user may change it."""

    carrier: Carrier
    editable: bool


def carrier_rows(user: User) -> list[CarrierRow]:
    return [CarrierRow(carrier, can_edit_carrier(user, carrier)) for carrier in carrier_list(user)]


# ---------------------------------------------------------------- evaluation


def scheme_ranking(scheme: EvaluationScheme, user: User) -> QuerySet[EvaluationResult]:
    """The results the user may see (a town: its own carriers), best first, with their appeals."""
    appeals = Appeal.objects.select_related("filed_by", "decided_by")
    return (
        scheme.results.filter(carrier__in=carriers_visible_to(user))
        .select_related("carrier__building__unit", "carrier__founding_unit")
        .prefetch_related(Prefetch("appeals", queryset=appeals))
        .order_by("rank", "carrier__name")
    )


def ranking_rows(
    scheme: EvaluationScheme, results: list[EvaluationResult]
) -> list[tuple[EvaluationResult, list[Decimal | None]]]:
    """Each result with its carrier's value on every indicator, in the scheme's order."""
    indicators = list(scheme.indicators.all())
    scores = EvaluationScore.objects.filter(
        indicator__scheme=scheme, carrier__in=[r.carrier_id for r in results]
    )
    values = {(s.carrier_id, s.indicator_id): s.value for s in scores}
    return [(r, [values.get((r.carrier_id, i.pk)) for i in indicators]) for r in results]


def result_count(scheme: EvaluationScheme) -> int:
    return scheme.results.count()


def score_grid(scheme: EvaluationScheme, user: User) -> tuple[list[Carrier], dict[tuple[int, int], Decimal]]:
    """The carriers the user may score and their stored values by (carrier, indicator)."""
    carriers = list(carrier_list(user).order_by("name"))
    scores = EvaluationScore.objects.filter(indicator__scheme=scheme, carrier__in=[c.pk for c in carriers])
    return carriers, {(s.carrier_id, s.indicator_id): s.value for s in scores}


def pending_appeals() -> QuerySet[Appeal]:
    return Appeal.objects.filter(status="pending").select_related(
        "result__scheme", "result__carrier__building__unit", "filed_by"
    )


# ---------------------------------------------------------------- live goals


def _bound_indicator(binding: GoalBinding) -> Indicator:
    """The indicator a binding counts for; a binding left without one by a re-import counts nothing
    until it is relinked (``goal_bindings_relink``)."""
    if binding.indicator is None:
        raise ValueError(f"目标统计口径 {binding.pk} 尚未关联指标")
    return binding.indicator


def binding_period(binding: GoalBinding, *, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The binding's own period if set; else the task's deadline year or the plan's period."""
    params, indicator = binding.params, _bound_indicator(binding)
    plan = indicator.plan
    today = today or clock.today()
    start = plan.period_start or dt.date(today.year, 1, 1)
    end = plan.period_end or dt.date(today.year, 12, 31)
    if indicator.task_id and indicator.task and indicator.task.deadline:
        end = indicator.task.deadline
        start = max(start, dt.date(end.year, 1, 1))
    if params.get("start"):
        start = dt.date.fromisoformat(params["start"])
    if params.get("end"):
        end = dt.date.fromisoformat(params["end"])
    return start, end


def _measure_kwargs(binding: GoalBinding, today: dt.date) -> dict[str, Any]:
    start, end = binding_period(binding, today=today)
    kwargs: dict[str, Any] = {"start": start, "end": end}
    params = binding.params
    if params.get("min_floor_area"):
        with contextlib.suppress(InvalidOperation):
            kwargs["min_floor_area"] = Decimal(str(params["min_floor_area"]))
    if params.get("level"):
        kwargs["level"] = params["level"]
    if binding.measure == "enclave_area_per_town_year":
        kwargs["towns"] = [int(t) for t in params.get("towns", [])]
        kwargs["target"] = _bound_indicator(binding).value
        kwargs["today"] = today
    return kwargs


def live_value(binding: GoalBinding, *, today: dt.date | None = None) -> LiveValue:
    today = today or clock.today()
    return MEASURES[binding.measure].compute(**_measure_kwargs(binding, today))


def live_values_for_plan(
    plan: Plan, *, user: User | None = None, today: dt.date | None = None
) -> dict[int, LiveValue]:
    """Indicator id → its live value, for every bound indicator of the plan.

    With a user who does not see every building, the counted items are cut to the
    ones the user may see; the number itself stays the city-wide count.
    """
    bindings = GoalBinding.objects.filter(indicator__plan=plan, measure__in=list(MEASURES)).select_related(
        "indicator__plan", "indicator__task"
    )
    values = {b.indicator_id: live_value(b, today=today) for b in bindings if b.indicator_id is not None}
    if user is not None and not user.sees_all_tasks:
        _cut_items(values, user)
    return values


def _cut_items(values: dict[int, LiveValue], user: User) -> None:
    buildings = set(buildings_visible_to(user).values_list("pk", flat=True))
    carriers = set(carriers_visible_to(user).values_list("pk", flat=True))
    for live in values.values():
        live.items = [
            item
            for item in live.items
            if (isinstance(item, Building) and item.pk in buildings)
            or (isinstance(item, Carrier) and item.pk in carriers)
        ]


def bindable_indicators(plan: Plan) -> list[Indicator]:
    """A plan's indicators with their binding: the plan's goals first, then its tasks' targets."""
    return list(
        plan.indicators.select_related("goal", "task", "live_binding").order_by(
            F("task__position").asc(nulls_first=True), "goal__position", "position"
        )
    )

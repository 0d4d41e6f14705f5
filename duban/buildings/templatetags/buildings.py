"""Template helpers for the building pages and the live-goal snippet the plan page includes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from duban.buildings.measures import LiveValue
from duban.plans.models import Indicator

register = template.Library()


@register.filter
def num(value: Any) -> str:
    """52000.50 → 52,000.5; empty for None."""
    if value is None or value == "":
        return ""
    text = f"{Decimal(value):,.2f}".rstrip("0").rstrip(".")
    return text


@register.filter
def live_met(live: LiveValue | None, indicator: Indicator) -> bool:
    return live is not None and live.meets(indicator.comparator, indicator.value)


@register.filter
def live_percent(live: LiveValue | None, indicator: Indicator) -> int:
    return live.percent_of(indicator.value) if live else 0


@register.filter
def lookup(mapping: dict[Any, Any] | None, key: Any) -> Any:
    return (mapping or {}).get(key)


@register.inclusion_tag("buildings/_live_value.html")
def live_value(live_values: dict[int, LiveValue] | None, indicator: Indicator) -> dict[str, Any]:
    """``{% live_value live_values indicator %}``: the indicator's live count, or nothing if unbound."""
    return {"live": (live_values or {}).get(indicator.pk), "indicator": indicator}

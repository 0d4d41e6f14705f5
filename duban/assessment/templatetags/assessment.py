"""Template helpers for the assessment pages and the ranking card the dashboard includes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()
CARD_LENGTH = 5


@register.filter
def points(value: Any) -> str:
    """100.00 → 100, 0.50 → 0.5; empty for None."""
    if value is None or value == "":
        return ""
    text = f"{Decimal(value):.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


@register.filter
def signed(value: Any) -> str:
    """2 → +2, -1.5 → -1.5."""
    text = points(value)
    return text if text.startswith("-") or text in {"", "0"} else f"+{text}"


@register.filter
def top(scores: list[Any] | None, length: Any = "") -> list[Any]:
    """The first few of a ranking (five unless told)."""
    try:
        count = int(length)
    except (TypeError, ValueError):
        count = CARD_LENGTH
    return list(scores or [])[:count]


@register.filter
def rule_points(scheme: Any, rule: Any) -> str:
    return points(scheme.points_for(rule))


@register.filter
def rule_cap(scheme: Any, rule: Any) -> Decimal | None:
    cap: Decimal | None = scheme.cap_for(rule)
    return cap

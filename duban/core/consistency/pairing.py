"""Pairing what a target counts with what a report counts, and telling whether it is met.

Metrics of a target and of its report rarely match as strings (对接重点央企、头部民企…
against 拜访对接重点企业和机构), so pairing goes by unit first and metric second:

1. Only values of the same base unit are compared (quantities.py has already converted
   5万方 to 平方米).
2. When a target and a report each hold exactly one value of a unit, those two are paired.
3. Otherwise each target value takes the unused report value of its unit with the most
   similar metric (Dice coefficient of character bigrams, at least 0.25). A qualifier
   such as 10亿元以上 or 5万平方米以上 must agree: present on both sides with the same
   amount, or absent on both (a count of 5000平方米以上楼宇 is a different measure from a
   count of all buildings).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from duban.core.consistency.text import clause_at, dice
from duban.core.quantities import Indicator, Quantity, extract_indicators, find_quantities

MIN_METRIC_SIMILARITY = 0.25
# "约50家" in a target is met by 47.5家 or more: 5% below the number still rounds to it.
APPROXIMATE_TOLERANCE = Decimal("0.05")

_QUALIFIER_RE = re.compile(
    r"\d+(?:\.\d+)?\s*[万亿千百]?\s*(?:元|平方米|平米|㎡|方|亩|人|个|家|吨|栋)?\s*及?以[上下]"
)
_SMALL_NUMERALS = frozenset("一两二三四五六七八九十")


@dataclass(frozen=True)
class Located:
    """An indicator with the quantity it was read from (None when positions are unknown)."""

    indicator: Indicator
    quantity: Quantity | None


def locate(text: str, indicators: Sequence[Indicator] | None = None) -> list[Located]:
    """Return the indicators of text with their quantities (positions in text).

    extract_indicators and find_quantities read the same counts in the same order;
    when given indicators (a task's, as parsed) differ from a fresh reading, they are
    kept without positions.
    """
    fresh = extract_indicators(text)
    quantities = find_quantities(text)
    wanted = list(indicators) if indicators is not None else fresh
    if wanted != fresh or len(fresh) != len(quantities):
        return [Located(indicator, None) for indicator in wanted]
    return [Located(i, q) for i, q in zip(fresh, quantities, strict=True)]


def is_scope_not_amount(text: str, located: Located) -> bool:
    """Tell whether a target's number names its scope rather than an amount to reach.

    Two shapes: a count that totals the list written right before it (马镇、科学城、
    青阳、峭岐四个站点: the four stations are named, so the report can name them too),
    and 一 + a measure word with no comparator (以一个学院匹配一条产业链: an article).
    """
    quantity = located.quantity
    if quantity is None:
        return False
    if quantity.raw[0] == "一" and quantity.comparator == "=" and quantity.raw[1:2] not in _SMALL_NUMERALS:
        return True
    span = clause_at(text, quantity.start)
    if span is None:
        return False
    items = text[span.start : quantity.start].split("、")
    return len(items) >= 2 and Decimal(len(items)) == quantity.value


def qualifier(metric: str) -> tuple[Decimal, str] | str | None:
    """Return the amount that qualifies a metric (10亿元以上项目 -> 1e9 元), or None."""
    match = _QUALIFIER_RE.search(metric)
    if match is None:
        return None
    found = find_quantities(match.group())
    return (found[0].value, found[0].unit) if found else re.sub(r"\s", "", match.group())


def metric_similarity(a: Indicator, b: Indicator) -> float:
    """Return how alike two metrics are, with any qualifier amount taken out first."""
    return dice(_QUALIFIER_RE.sub("", a.metric), _QUALIFIER_RE.sub("", b.metric))


def pair(targets: Sequence[Indicator], actuals: Sequence[Indicator]) -> list[tuple[Indicator, Indicator]]:
    """Pair target indicators with report indicators by unit, qualifier and metric (module doc)."""
    target_units = Counter(t.unit for t in targets)
    actual_units = Counter(a.unit for a in actuals)
    pairs: list[tuple[Indicator, Indicator]] = []
    used: set[int] = set()
    for target in targets:
        if target_units[target.unit] == 1 and actual_units[target.unit] == 1:
            index = next(i for i, a in enumerate(actuals) if a.unit == target.unit)
            pairs.append((target, actuals[index]))
            used.add(index)
    candidates = sorted(
        (
            (metric_similarity(t, a), ti, ai)
            for ti, t in enumerate(targets)
            for ai, a in enumerate(actuals)
            if _may_pair(t, a) and not (target_units[t.unit] == 1 and actual_units[t.unit] == 1)
        ),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    paired_targets: set[int] = set()
    for score, ti, ai in candidates:
        if score < MIN_METRIC_SIMILARITY or ti in paired_targets or ai in used:
            continue
        pairs.append((targets[ti], actuals[ai]))
        paired_targets.add(ti)
        used.add(ai)
    order = {id(t): i for i, t in enumerate(targets)}
    return sorted(pairs, key=lambda p: order[id(p[0])])


def _may_pair(target: Indicator, actual: Indicator) -> bool:
    """Tell whether two indicators have the same unit and agreeing qualifiers."""
    return target.unit == actual.unit and qualifier(target.metric) == qualifier(actual.metric)


def meets(target: Indicator, actual: Decimal, actual_comparator: str = "=") -> bool:
    """Tell whether a reported value meets a target, honouring both comparators.

    A target written "=" (完成5万方, 招引项目3个) is a floor: more is better. "≈" allows
    APPROXIMATE_TOLERANCE below. A report "不足N / 低于N" counts as just under N.
    """
    just_under = actual_comparator == "<"
    value = target.value
    match target.comparator:
        case ">=" | "=":
            return actual > value if just_under else actual >= value
        case ">":
            return actual > value
        case "≈":
            return actual >= value * (1 - APPROXIMATE_TOLERANCE)
        case "<=":
            return actual <= value
        case "<":
            return actual <= value if just_under else actual < value
    return actual >= value

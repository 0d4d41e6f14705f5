"""The arithmetic of a score: caps per rule and a ranking where ties share a place.

Pure functions over numbers (no Django), so each rule is a few lines of test.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal


def capped(points: Sequence[Decimal], cap: Decimal | None) -> list[Decimal]:
    """Each deduction's points as counted, in order, until the rule's cap is used up.

    The deduction that reaches the cap counts in part and any after it count 0,
    so the list still names every fact and its sum never passes the cap.
    """
    if cap is None:
        return list(points)
    left, counted = cap, []
    for value in points:
        counted.append(min(value, left))
        left -= counted[-1]
    return counted


def shared_ranks(totals: Sequence[Decimal]) -> list[int]:
    """The place of each total, highest first; equal totals share a place (1, 2, 2, 4)."""
    return [1 + sum(1 for other in totals if other > total) for total in totals]

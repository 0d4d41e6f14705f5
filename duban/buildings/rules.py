"""The office's evaluation rules: weighting, ranking with ties, and award or warning.

Pure functions over numbers, so every rule can be shown with a few lines of test.
A carrier that meets both a warning and an award condition is warned: a score
below the line, or a place at the bottom, outweighs a place at the top.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from duban.buildings.choices import Outcome

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Weight:
    indicator: int
    weight: Decimal  # the weights of a scheme sum to 100
    max_value: Decimal  # the value that earns the whole weight


@dataclass(frozen=True)
class Rules:
    award_top_n: int | None = None
    award_min_score: Decimal | None = None
    warning_bottom_n: int | None = None
    warning_line: Decimal | None = None
    pass_line: Decimal | None = None


@dataclass
class Ranked:
    carrier: int
    total: Decimal
    rank: int
    outcome: Outcome = Outcome.PASS
    reasons: list[str] = field(default_factory=list)


def weighted_total(values: Mapping[int, Decimal], weights: Iterable[Weight]) -> Decimal:
    """Σ weight × min(value, max) / max; a missing value scores nothing."""
    total = Decimal(0)
    for w in weights:
        value = min(values.get(w.indicator, Decimal(0)), w.max_value)
        total += w.weight * value / w.max_value
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


def number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def rank(totals: Mapping[int, Decimal], rules: Rules, below_pass_last_year: set[int]) -> list[Ranked]:
    """Rank by total (ties share a place: 1, 2, 2, 4) and apply the rules to each carrier."""
    scores = list(totals.values())
    ranked = []
    for carrier, total in totals.items():
        place = 1 + sum(1 for s in scores if s > total)
        from_bottom = 1 + sum(1 for s in scores if s < total)
        warnings = _warnings(total, from_bottom, rules, carrier in below_pass_last_year)
        awards = _awards(total, place, rules)
        if warnings:
            ranked.append(Ranked(carrier, total, place, Outcome.WARNING, warnings))
        elif awards:
            ranked.append(Ranked(carrier, total, place, Outcome.AWARD, awards))
        else:
            ranked.append(Ranked(carrier, total, place, Outcome.PASS, ["未触发奖励或亮牌条件"]))
    return sorted(ranked, key=lambda r: (r.rank, r.carrier))


def _warnings(total: Decimal, from_bottom: int, rules: Rules, below_last_year: bool) -> list[str]:
    reasons = []
    if rules.warning_bottom_n and from_bottom <= rules.warning_bottom_n:
        reasons.append(f"倒数第{from_bottom}名（后{rules.warning_bottom_n}名亮牌）")
    if rules.warning_line is not None and total < rules.warning_line:
        reasons.append(f"低于亮牌线{number(rules.warning_line)}分")
    if rules.pass_line is not None and total < rules.pass_line and below_last_year:
        reasons.append(f"连续两年低于合格线（本年{number(rules.pass_line)}分）")
    return reasons


def _awards(total: Decimal, place: int, rules: Rules) -> list[str]:
    reasons = []
    if rules.award_top_n and place <= rules.award_top_n:
        reasons.append(f"第{place}名（前{rules.award_top_n}名奖励）")
    if rules.award_min_score is not None and total >= rules.award_min_score:
        reasons.append(f"达到{number(rules.award_min_score)}分")
    return reasons

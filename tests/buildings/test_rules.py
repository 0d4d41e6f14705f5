"""The office's evaluation rules, as pure functions: weighting, ties, awards and warning cards."""

from __future__ import annotations

from decimal import Decimal

from duban.buildings.choices import Outcome
from duban.buildings.rules import Rules, Weight, rank, weighted_total

WEIGHTS = [Weight(1, Decimal(30), Decimal(100)), Weight(2, Decimal(70), Decimal(50))]


def test_the_total_weighs_each_value_against_its_maximum() -> None:
    # 30 × 80/100 + 70 × 25/50 = 24 + 35
    assert weighted_total({1: Decimal(80), 2: Decimal(25)}, WEIGHTS) == Decimal("59.00")


def test_a_value_above_the_maximum_earns_only_the_whole_weight() -> None:
    assert weighted_total({1: Decimal(150), 2: Decimal(50)}, WEIGHTS) == Decimal("100.00")


def test_a_missing_value_scores_nothing() -> None:
    assert weighted_total({2: Decimal(50)}, WEIGHTS) == Decimal("70.00")


def test_ties_share_a_place_and_the_next_place_is_skipped() -> None:
    totals = {10: Decimal(90), 11: Decimal(80), 12: Decimal(80), 13: Decimal(70)}
    assert [(r.carrier, r.rank) for r in rank(totals, Rules(), set())] == [(10, 1), (11, 2), (12, 2), (13, 4)]


def test_the_top_n_are_awarded_and_a_tie_at_the_edge_is_awarded_too() -> None:
    totals = {1: Decimal(90), 2: Decimal(80), 3: Decimal(80), 4: Decimal(60)}
    outcomes = {r.carrier: r.outcome for r in rank(totals, Rules(award_top_n=2), set())}
    assert outcomes == {1: Outcome.AWARD, 2: Outcome.AWARD, 3: Outcome.AWARD, 4: Outcome.PASS}


def test_a_score_at_the_award_line_is_awarded() -> None:
    ranked = rank({1: Decimal(85), 2: Decimal("84.99")}, Rules(award_min_score=Decimal(85)), set())
    assert [(r.carrier, r.outcome) for r in ranked] == [(1, Outcome.AWARD), (2, Outcome.PASS)]
    assert ranked[0].reasons == ["达到85分"]


def test_the_bottom_n_are_warned() -> None:
    totals = {1: Decimal(90), 2: Decimal(70), 3: Decimal(60), 4: Decimal(50)}
    ranked = rank(totals, Rules(warning_bottom_n=2), set())
    assert {r.carrier: r.outcome for r in ranked} == {
        1: Outcome.PASS,
        2: Outcome.PASS,
        3: Outcome.WARNING,
        4: Outcome.WARNING,
    }
    assert ranked[-1].reasons == ["倒数第1名（后2名亮牌）"]


def test_a_score_below_the_warning_line_is_warned_and_one_at_the_line_is_not() -> None:
    ranked = rank({1: Decimal(60), 2: Decimal("59.99")}, Rules(warning_line=Decimal(60)), set())
    assert [(r.carrier, r.outcome) for r in ranked] == [(1, Outcome.PASS), (2, Outcome.WARNING)]


def test_two_consecutive_years_below_the_pass_line_is_a_warning() -> None:
    rules = Rules(pass_line=Decimal(60))
    totals = {1: Decimal(55), 2: Decimal(55), 3: Decimal(65)}
    ranked = {r.carrier: r for r in rank(totals, rules, below_pass_last_year={1, 3})}
    assert ranked[1].outcome == Outcome.WARNING  # below this year and last year
    assert ranked[1].reasons == ["连续两年低于合格线（本年60分）"]
    assert ranked[2].outcome == Outcome.PASS  # below only this year
    assert ranked[3].outcome == Outcome.PASS  # below only last year


def test_a_warning_outweighs_an_award() -> None:
    ranked = rank({1: Decimal(50)}, Rules(award_top_n=1, warning_line=Decimal(60)), set())
    assert ranked[0].outcome == Outcome.WARNING

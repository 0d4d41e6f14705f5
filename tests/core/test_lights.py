"""Status lights: the worst news wins, thresholds come from configuration."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.lights import (
    SCHEME_NAMES,
    SCHEMES,
    Light,
    LightConfig,
    TaskFacts,
    chart_colours,
    elapsed_share,
    task_light,
)

TODAY = dt.date(2025, 11, 20)
CONFIG = LightConfig()


def light(**facts: object) -> Light:
    values = {"done": False, **facts}
    return task_light(TaskFacts(**values), today=TODAY, config=CONFIG)  # type: ignore[arg-type]


def test_done_is_done_whatever_the_dates() -> None:
    assert light(done=True, deadline=dt.date(2025, 1, 1)) == Light.DONE


def test_a_passed_deadline_not_done_is_overdue() -> None:
    assert light(deadline=dt.date(2025, 11, 19)) == Light.OVERDUE


def test_the_deadline_day_itself_is_not_yet_overdue() -> None:
    assert light(deadline=TODAY) == Light.DUE_SOON


def test_a_round_due_with_nothing_submitted_is_not_reported() -> None:
    assert light(report_due=dt.date(2025, 11, 19), report_submitted=False) == Light.NOT_REPORTED


def test_a_report_due_soon_and_not_yet_filed_is_due_soon() -> None:
    assert light(report_due=dt.date(2025, 11, 25), report_submitted=False) == Light.DUE_SOON
    assert light(report_due=dt.date(2025, 11, 25), report_submitted=True) == Light.ON_TRACK


def test_progress_behind_the_elapsed_share_is_behind() -> None:
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    assert light(period_start=start, period_end=end, progress_share=0.5) == Light.BEHIND  # ~88% elapsed
    assert light(period_start=start, period_end=end, progress_share=0.8) == Light.ON_TRACK


def test_without_numbers_nobody_is_called_behind() -> None:
    assert light(period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31)) == Light.ON_TRACK


def test_thresholds_and_colours_are_configuration() -> None:
    near = {"deadline": dt.date(2025, 11, 30)}
    assert light(**near) == Light.ON_TRACK  # 10 days away, default window 7
    wide = LightConfig(due_soon_days=14, scheme=SCHEMES["blue-yellow-red"])
    assert task_light(TaskFacts(done=False, **near), today=TODAY, config=wide) == Light.DUE_SOON  # type: ignore[arg-type]
    assert wide.colour(Light.DONE) == "#0d6efd"


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_every_scheme_colours_every_state(scheme: str) -> None:
    assert set(SCHEMES[scheme]) == set(Light)


@given(st.dates(), st.dates(), st.dates())
def test_the_elapsed_share_stays_between_0_and_1(start: dt.date, end: dt.date, today: dt.date) -> None:
    assert 0.0 <= elapsed_share(start, end, today) <= 1.0


def test_a_task_without_a_deadline_falls_due_at_the_end_of_its_plans_period() -> None:
    period = {"period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 12, 31)}
    assert light(**period) == Light.OVERDUE
    assert light(deadline=dt.date(2026, 3, 31), **period) == Light.ON_TRACK  # its own deadline wins


def test_the_due_soon_window_counts_working_days_across_national_day() -> None:
    from duban.core.workdays import package_calendar

    # On 30 September 2026 a deadline of 9 October is 9 calendar days away but 2 working days (8, 9).
    facts = TaskFacts(done=False, deadline=dt.date(2026, 10, 9))
    today = dt.date(2026, 9, 30)
    assert task_light(facts, today=today, config=CONFIG) == Light.ON_TRACK
    assert task_light(facts, today=today, config=CONFIG, calendar=package_calendar()) == Light.DUE_SOON


def test_days_late_count_working_days_with_a_calendar_and_calendar_days_without() -> None:
    from duban.core.lights import days_late
    from duban.core.workdays import package_calendar

    # Due Friday 13 February 2026; on Wednesday 25 February: 14日(六，上班), 24日, 25日.
    assert days_late(dt.date(2026, 2, 13), dt.date(2026, 2, 25), package_calendar()) == 3
    assert days_late(dt.date(2026, 2, 13), dt.date(2026, 2, 25)) == 12
    assert days_late(dt.date(2026, 2, 13), dt.date(2026, 2, 13), package_calendar()) == 0


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_chart_colours_keep_every_state_apart_in_the_schemes_hues(scheme: str) -> None:
    colours = chart_colours(SCHEMES[scheme])
    assert len(set(colours.values())) == len(colours)
    assert colours[Light.DONE] == SCHEMES[scheme][Light.DONE]  # the first state keeps the office's colour


def test_a_shared_colour_turns_lighter_for_the_second_state_and_darker_for_the_third() -> None:
    same = {Light.DONE: "#198754", Light.ON_TRACK: "#198754", Light.DUE_SOON: "#198754"}
    assert chart_colours(same) == {
        Light.DONE: "#198754",
        Light.ON_TRACK: "#8cc3aa",
        Light.DUE_SOON: "#105837",
    }


def test_every_scheme_has_a_name_for_the_legend() -> None:
    assert set(SCHEME_NAMES) == set(SCHEMES)

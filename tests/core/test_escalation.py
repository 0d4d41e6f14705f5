"""三色督办's rules on plain values: the run of lagging rounds, the rung it reaches, the words."""

from __future__ import annotations

import datetime as dt

from duban.core.escalation import RoundLight, Rung, ladder_check, lagging_run, lagging_text, rung_for
from duban.core.lights import Light

LADDER = [
    Rung("blue", "蓝色督办单", 1, 5, False),
    Rung("yellow", "黄色督办单", 2, 3, False),
    Rung("red", "红色督办单", 3, 2, True),
]


def month(n: int, light: Light) -> RoundLight:
    return RoundLight(f"2025年{n}月", dt.date(2025, n, 25), light)


def test_the_run_counts_lagging_rounds_back_from_the_latest_until_a_good_one() -> None:
    history = [
        month(11, Light.BEHIND),
        month(8, Light.NOT_REPORTED),
        month(9, Light.ON_TRACK),
        month(10, Light.OVERDUE),
    ]
    assert [r.label for r in lagging_run(history)] == ["2025年10月", "2025年11月"]


def test_a_good_latest_round_breaks_the_run() -> None:
    assert lagging_run([month(10, Light.OVERDUE), month(11, Light.DUE_SOON)]) == []


def test_the_highest_rung_reached_is_called_for() -> None:
    assert rung_for(0, LADDER) is None
    assert [rung_for(n, LADDER).level for n in (1, 2, 3, 7)] == ["blue", "yellow", "red", "red"]  # type: ignore[union-attr]


def test_the_problem_names_each_lagging_round_in_chinese() -> None:
    run = [month(10, Light.NOT_REPORTED), month(11, Light.BEHIND)]
    assert lagging_text(run) == "连续2轮推进不力（2025年10月：未填报；2025年11月：滞后）。"
    assert lagging_text(run[1:]) == "本轮推进不力（2025年11月：滞后）。"


def test_a_ladder_must_rise_and_give_at_least_a_working_day() -> None:
    assert ladder_check(LADDER) == []
    bad = [Rung("blue", "蓝色督办单", 2, 0, False), Rung("yellow", "黄色督办单", 2, 3, False)]
    assert ladder_check(bad) == [
        "蓝色督办单的办理时限至少为1个工作日",
        "连续滞后轮次须逐级递增（蓝色 < 黄色 < 红色）",
    ]

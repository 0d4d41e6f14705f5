"""三色督办: which rung of the office's ladder an item's run of lagging rounds calls for.

Pure functions over plain values. A round counts as lagging when the task's light as the round
closed was one of ``LAGGING`` (逾期, 滞后, 未填报: the same lights the dashboard shows red); the
run is the number of lagging rounds in a row up to the latest one. The highest rung whose
threshold the run reaches is the one called for: 1 round → 蓝, 2 → 黄, 3 → 红 by default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from duban.core.lights import LABELS, Light

LAGGING = frozenset({Light.OVERDUE, Light.BEHIND, Light.NOT_REPORTED})


@dataclass(frozen=True)
class Rung:
    level: str  # blue / yellow / red
    label: str  # 蓝色督办单
    rounds: int  # lagging rounds in a row that call for it
    reply_workdays: int
    flagged: bool  # 挂牌督办


@dataclass(frozen=True)
class RoundLight:
    """A task's light in one round, as the round closed."""

    label: str  # the round's label, 2025年10月
    due: dt.date
    light: Light


def lagging_run(history: Sequence[RoundLight]) -> list[RoundLight]:
    """The lagging rounds in a row that end with the latest round (oldest first); empty if it was fine."""
    run: list[RoundLight] = []
    for entry in sorted(history, key=lambda h: h.due, reverse=True):
        if entry.light not in LAGGING:
            break
        run.append(entry)
    return run[::-1]


def rung_for(run_length: int, ladder: Sequence[Rung]) -> Rung | None:
    """The highest rung a run of this many lagging rounds reaches, or None below the first."""
    reached = [rung for rung in ladder if 0 < rung.rounds <= run_length]
    return max(reached, key=lambda rung: rung.rounds, default=None)


def lagging_text(run: Sequence[RoundLight]) -> str:
    """存在问题 in words: 连续2轮进度滞后（2025年10月：未填报；2025年11月：滞后）。"""
    rounds = "；".join(f"{entry.label}：{LABELS[entry.light]}" for entry in run)
    lead = f"连续{len(run)}轮" if len(run) > 1 else "本轮"
    return f"{lead}推进不力（{rounds}）。"


def ladder_check(ladder: Sequence[Rung]) -> list[str]:
    """What is wrong with a ladder: thresholds must rise with the colour, time limits be positive."""
    problems = [f"{r.label}的办理时限至少为1个工作日" for r in ladder if r.reply_workdays < 1]
    problems += [f"{r.label}的连续滞后轮次至少为1" for r in ladder if r.rounds < 1]
    thresholds = [r.rounds for r in ladder]
    if thresholds != sorted(set(thresholds)):
        problems.append("连续滞后轮次须逐级递增（蓝色 < 黄色 < 红色）")
    return problems

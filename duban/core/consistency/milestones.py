"""Checks on a multi-year plan: do the yearly breakdown rows add up to the plan's goals?

A plan such as 科技赋能楼宇三年行动 (2022–2024) states goals for the whole period
(改造楼宇数量不低于30栋) and a breakdown table for one year (2022: 改造楼宇10栋). A row
is a milestone when the plan spans two years or more and the row has a deadline in
the period and indicators of its own. Rows pair with goal indicators as targets pair
with reports (pairing.py: unit, qualifier, metric).

A goal whose sentence says 每年 (其它镇每年…设立不低于5000平方米的“科创飞地”) is a
yearly goal: each year's milestone is compared with it as it is. Any other goal is
for the whole period: the years not broken down yet are assumed to keep the pace of
the years that are (the average of their totals).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from duban.core.consistency.model import Evidence, Finding, Severity
from duban.core.consistency.pairing import meets, pair
from duban.core.consistency.wording import amount, requirement
from duban.core.plan import PlanDoc, TaskDoc
from duban.core.quantities import Indicator

_YEARLY_RE = re.compile(r"每年|年均|每一年|逐年")


@dataclass(frozen=True)
class Milestone:
    """One breakdown row's indicator paired with the goal indicator it contributes to."""

    section: str
    task: TaskDoc
    year: int
    indicator: Indicator
    goal: Indicator
    yearly_goal: bool


def milestone_exceeds_goal(plan: PlanDoc) -> list[Finding]:
    """A single year's milestones already reach a whole-period goal.

    新增各类高层次人才1000人以上 in 2022 against 集聚1000名高层次人才 for 2022–2024: the
    first year alone meets the three-year goal, so either the goal is set too low or the
    milestone is wrong. 警告.
    """
    findings: list[Finding] = []
    span = _years(plan)
    for (_, year), rows in _by_goal_and_year(plan).items():
        goal = rows[0].goal
        if rows[0].yearly_goal or goal.comparator in ("<", "<="):
            continue
        total = sum((m.indicator.value for m in rows), Decimal(0))
        if total < goal.value:
            continue
        for row in rows:
            message = (
                f"{year}年节点“{row.task.title}”（{amount(total, goal.unit)}）已达到{span}年总目标"
                f"“{row.goal.text}”（{requirement(goal)}），年度节点与总目标不匹配："
                "要么总目标定低了，要么年度节点写错了。"
            )
            findings.append(_finding(row, "milestone_exceeds_goal", Severity.WARNING, message, total))
    return findings


def milestones_cannot_reach_goal(plan: PlanDoc) -> list[Finding]:
    """The milestones, kept at the same pace for every year, do not reach the goal.

    引进专业运营机构5家以上 per year for three years gives 15家, and the goal is 超15家:
    15 is not more than 15. When the projection only touches the goal's number (a strict
    超/突破 goal, a milestone written as a floor 以上) the finding is a 提示; when it falls
    below the number, a 警告. A yearly goal is compared with each year's total directly.
    """
    findings: list[Finding] = []
    span = _years(plan)
    groups = _by_goal_and_year(plan)
    years_by_goal: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for (goal_id, year), rows in groups.items():
        years_by_goal[goal_id][year] = sum((m.indicator.value for m in rows), Decimal(0))
    for (goal_id, year), rows in groups.items():
        first = rows[0]
        totals = years_by_goal[goal_id]
        if first.yearly_goal:
            projected, basis = totals[year], f"{year}年合计"
        else:
            pace = sum(totals.values(), Decimal(0)) / len(totals)
            projected = sum(totals.values(), Decimal(0)) + pace * (span - len(totals))
            basis = f"按{year}年节点的进度，{span}年合计约"
        if meets(first.goal, projected):
            continue
        severity = Severity.HINT if projected >= first.goal.value else Severity.WARNING
        for row in rows:
            message = (
                f"{basis}{amount(projected, first.goal.unit)}，达不到总目标“{first.goal.text}”"
                f"（{requirement(first.goal)}）。节点“{row.task.title}”需要提高，或说明其余年份如何补足。"
            )
            findings.append(_finding(row, "milestones_cannot_reach_goal", severity, message, projected))
    return findings


def _finding(row: Milestone, check: str, severity: Severity, message: str, value: Decimal) -> Finding:
    """Return a finding on a breakdown row, with the goal and the row as evidence."""
    evidence = Evidence(
        row.goal.text, row.indicator.text, row.goal.value, value, row.goal.unit, row.task.title
    )
    return Finding(row.section, row.task.seq, row.task.title, check, severity, message, [evidence])


def _years(plan: PlanDoc) -> int:
    """Return how many calendar years the plan spans (0 when its period is unknown)."""
    if plan.period_start is None or plan.period_end is None:
        return 0
    return plan.period_end.year - plan.period_start.year + 1


def _by_goal_and_year(plan: PlanDoc) -> dict[tuple[int, int], list[Milestone]]:
    """Group milestones by (goal indicator, year), in plan order."""
    groups: dict[tuple[int, int], list[Milestone]] = defaultdict(list)
    goal_ids: dict[int, int] = {}
    for milestone in _milestones(plan):
        goal_id = goal_ids.setdefault(id(milestone.goal), len(goal_ids))
        groups[(goal_id, milestone.year)].append(milestone)
    return dict(groups)


def _milestones(plan: PlanDoc) -> list[Milestone]:
    """Return every breakdown row indicator paired with a goal indicator."""
    if _years(plan) < 2 or plan.period_start is None or plan.period_end is None:
        return []
    goals = [(indicator, goal.text) for goal in plan.goals for indicator in goal.indicators]
    found: list[Milestone] = []
    for section in plan.sections:
        for task in section.tasks:
            deadline = task.deadline
            if (
                deadline is None
                or not task.indicators
                or not plan.period_start <= deadline <= plan.period_end
            ):
                continue
            for goal, indicator in pair([g for g, _ in goals], task.indicators):
                text = next(t for g, t in goals if g is goal)
                found.append(
                    Milestone(section.title, task, deadline.year, indicator, goal, _is_yearly(goal, text))
                )
    return found


def _is_yearly(goal: Indicator, goal_text: str) -> bool:
    """Tell whether the sentence of the goal that holds the indicator says 每年."""
    for sentence in re.split("[。；;]", goal_text):
        if goal.text and goal.text in sentence:
            return bool(_YEARLY_RE.search(sentence))
    return False

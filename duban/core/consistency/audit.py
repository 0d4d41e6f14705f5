"""Running every check over a plan and listing the findings most serious first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from duban.core.consistency.checks import (
    TaskContext,
    claimed_done_below_target,
    claimed_done_but_pending,
    deadline_passed_not_done,
    not_done_without_reason,
    progress_copied,
    progress_copies_target,
    quantitative_target_without_number,
    reason_repeats_task,
)
from duban.core.consistency.milestones import milestone_exceeds_goal, milestones_cannot_reach_goal
from duban.core.consistency.model import SEVERITY_ORDER, Finding
from duban.core.plan import PlanDoc

TaskCheck = Callable[[TaskContext], list[Finding]]
PlanCheck = Callable[[PlanDoc], list[Finding]]

TASK_CHECKS: tuple[TaskCheck, ...] = (
    claimed_done_below_target,
    claimed_done_but_pending,
    not_done_without_reason,
    reason_repeats_task,
    quantitative_target_without_number,
    progress_copied,
    progress_copies_target,
    deadline_passed_not_done,
)
PLAN_CHECKS: tuple[PlanCheck, ...] = (milestone_exceeds_goal, milestones_cannot_reach_goal)
# The stable codes, in the order findings on the same task are listed.
CHECKS: tuple[str, ...] = tuple(check.__name__ for check in (*TASK_CHECKS, *PLAN_CHECKS))


def audit_plan(
    plan: PlanDoc,
    *,
    today: dt.date | None = None,
    previous_progress: Mapping[tuple[str, str], str] | None = None,
) -> list[Finding]:
    """Run every check on a plan; return the findings by severity, then by position in the plan.

    today is the as-of day: deadlines before it have passed, and a month after it named
    in a report (12月中旬拿地即开工) is still a plan. Without it, neither is judged.
    previous_progress maps (section title, 序号) to the progress text of the last round.
    """
    tasks = tuple((section.title, task) for section in plan.sections for task in section.tasks)
    findings: list[Finding] = []
    for section, task in tasks:
        context = TaskContext(section, task, today, _calendar_year(plan), tasks, previous_progress or {})
        for task_check in TASK_CHECKS:
            findings.extend(task_check(context))
    for plan_check in PLAN_CHECKS:
        findings.extend(plan_check(plan))
    return sorted(findings, key=_ordering(plan))


def _calendar_year(plan: PlanDoc) -> int | None:
    """Return the year of a one-year plan, to which a month written without a year belongs."""
    if plan.period_start and plan.period_end and plan.period_start.year == plan.period_end.year:
        return plan.period_start.year
    return None


def _ordering(plan: PlanDoc) -> Callable[[Finding], tuple[int, int, int]]:
    """Return the sort key: severity, then the task's place in the plan, then the check's."""
    places: dict[tuple[str, str], int] = {}
    for section in plan.sections:
        for task in section.tasks:
            places.setdefault((section.title, task.seq), len(places))

    def key(finding: Finding) -> tuple[int, int, int]:
        return (
            SEVERITY_ORDER.index(finding.severity),
            places.get((finding.section, finding.seq), len(places)),
            CHECKS.index(finding.check) if finding.check in CHECKS else len(CHECKS),
        )

    return key

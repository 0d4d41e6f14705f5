"""Reading 二次分解: each sub-task of a task with its milestones, last report and light, and who
below is late (a milestone passed without a report). Selectors only; the writes are in
services/breakdown.py (reports) and duban/plans/services/breakdown.py (sub-tasks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from duban.accounts.models import User
from duban.core.breakdown import missed_milestones, subtask_light
from duban.core.clock import OFFICE_ZONE
from duban.core.lights import LABELS, LightConfig, TaskFacts, days_late
from duban.core.workdays import WorkCalendar
from duban.plans.models import SubTask, SubTaskMilestone, Task
from duban.reporting.choices import RoundStatus
from duban.reporting.models import ProgressReport, ReportingRound, SubTaskReport
from duban.reporting.selectors import TaskLight, light_config
from duban.workdays.selectors import counting_calendar


@dataclass(frozen=True)
class MilestoneRow:
    milestone: SubTaskMilestone
    missed: bool  # its day is over and no report came on or after it


@dataclass(frozen=True)
class SubTaskRow:
    subtask: SubTask
    milestones: list[MilestoneRow]
    last_report: SubTaskReport | None
    light: TaskLight
    days_late: int  # since the earliest milestone missed; 0 when none is

    @property
    def late(self) -> bool:
        return self.days_late > 0


def task_breakdown(task: Task, *, today: dt.date) -> list[SubTaskRow]:
    """The task's sub-tasks, in the order they were made: three queries whatever their number."""
    return subtask_rows(task.subtasks.all(), today=today)


def unit_subtasks(user: User, *, today: dt.date) -> list[SubTaskRow]:
    """本单位承担的分解任务: what the user's unit was given, for its 本单位填报 page."""
    if not user.unit_id:
        return []
    return subtask_rows(SubTask.objects.filter(unit=user.unit_id), today=today)


def subtask_rows(subtasks: QuerySet[SubTask], *, today: dt.date) -> list[SubTaskRow]:
    found = list(
        subtasks.select_related("unit", "owner", "task__plan").prefetch_related(
            Prefetch("milestones", queryset=SubTaskMilestone.objects.order_by("position")),
            Prefetch("reports", queryset=SubTaskReport.objects.select_related("round", "submitted_by")),
        )
    )
    due = _open_round_due({subtask.task.plan_id for subtask in found})
    lights = _Lights(light_config(), counting_calendar(), today)
    return [_row(subtask, due.get(subtask.task.plan_id), lights) for subtask in found]


def subtask_reports(subtask: SubTask) -> list[SubTaskReport]:
    return list(subtask.reports.select_related("round", "submitted_by").order_by("-submitted_at"))


def _open_round_due(plan_ids: Iterable[int]) -> dict[int, tuple[int, dt.date]]:
    """Plan → (round, due date) of its open round, the latest when two are open."""
    rounds = ReportingRound.objects.filter(plan__in=plan_ids, status=RoundStatus.OPEN).order_by("due_date")
    return {plan_id: (pk, due) for pk, plan_id, due in rounds.values_list("pk", "plan_id", "due_date")}


@dataclass(frozen=True)
class _Lights:
    """What every row's light is computed with, read once for all rows."""

    config: LightConfig
    calendar: WorkCalendar | None
    today: dt.date


def _row(subtask: SubTask, open_round: tuple[int, dt.date] | None, lights: _Lights) -> SubTaskRow:
    reports = list(subtask.reports.all())  # prefetched, newest first
    reported_on = [report.submitted_at.astimezone(OFFICE_ZONE).date() for report in reports]
    milestones = list(subtask.milestones.all())
    today = lights.today
    missed = set(missed_milestones([m.date for m in milestones], reported_on, today=today))
    round_id, due = open_round if open_round is not None else (None, None)
    facts = TaskFacts(
        done=False,
        deadline=subtask.due,
        report_due=due,
        report_submitted=any(report.round_id == round_id for report in reports),
        period_start=subtask.task.plan.period_start,
        period_end=subtask.task.plan.period_end,
    )
    config = lights.config
    light = subtask_light(facts, missed=bool(missed), today=today, config=config, calendar=lights.calendar)
    return SubTaskRow(
        subtask=subtask,
        milestones=[MilestoneRow(m, m.date in missed) for m in milestones],
        last_report=reports[0] if reports else None,
        light=TaskLight(light, LABELS[light], config.colour(light)),
        days_late=days_late(min(missed), today) if missed else 0,
    )


def subtasks_to_file(user: User) -> QuerySet[SubTask]:
    """待填报的分解任务: the unit's sub-tasks whose task is in an open round and that it has not
    reported on in that round yet (one query to count)."""
    if not user.unit_id:
        return SubTask.objects.none()
    in_round = ProgressReport.objects.filter(task=OuterRef("task"), round__status=RoundStatus.OPEN)
    filed = SubTaskReport.objects.filter(subtask=OuterRef("pk"), round__status=RoundStatus.OPEN)
    return SubTask.objects.filter(Exists(in_round), unit=user.unit_id).exclude(Exists(filed))

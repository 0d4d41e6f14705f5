"""Scoring units from what the system recorded: every point lost names its task and its date.

A scheme for year Y assesses every unit that leads (``TaskUnit`` role lead, a unit,
not a group) a task in a plan whose period overlaps Y. Each fact belongs to Y by
its own date: a report by its round's due date, a task by its deadline, a finding
by the day the office confirmed it. ``as_of`` is the day the score is taken on:

- 未报 ``missing_report``: the round's due date is before ``as_of`` and the unit had
  submitted nothing by ``as_of`` (a draft on the due date is not missing yet, the
  day after it is). Dated the due date.
- 迟报 ``late_report``: the first submission came after the due date (on the due
  date is on time), on or before ``as_of``. Dated the day it was submitted. The
  first submission counts, so a report the office returns and the unit revises
  after the due date is not also late: the return has its own rule.
- 退回 ``returned_report``: each ``ReportVersion`` with action ``return`` (the office)
  or ``unit_return`` (the unit's own reviewer), on or before ``as_of``. Dated the return.
- 核查问题 ``finding``: each ``Finding`` in state ``reviewed`` on a task the unit
  leads, confirmed within Y and on or before ``as_of``. "Reviewed" is the office's
  confirmation: an open finding is only the machine's suspicion, and a resolved one
  has gone from the unit's text. After a 申辩 only an upheld (维持) finding counts: one the
  office withdrew (撤销) is in state ``withdrawn``, and one whose 申辩 still waits for the
  office's decision does not count until it is decided. Dated the confirmation.
- 任务逾期 ``overdue_task``: a task the unit leads whose deadline is in Y and before
  ``as_of`` and whose status is not done (as it stands now). Dated the deadline. A task
  without a deadline falls due at its plan's period end. The note says how many working
  days late it is on ``as_of`` (calendar days with DUBAN_COUNT_WORKING_DAYS=False).

Report rules count against the report's own unit; task rules against every lead
unit of the task. A cap stops a rule's sum; leader points are added after it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Min, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from duban.assessment.choices import RULE_COLOURS, Rule
from duban.assessment.models import AssessmentScheme, LeaderPoints
from duban.assessment.rules import capped, shared_ranks
from duban.core import clock
from duban.core.dates import cn_date
from duban.core.lights import days_late
from duban.plans.choices import TaskStatus, UnitRole
from duban.plans.models import Task, TaskUnit
from duban.reporting.models import ProgressReport, ReportVersion
from duban.supervision.selectors import late_acknowledgements
from duban.units.models import Unit
from duban.verification.choices import FindingState, ReplyDecision
from duban.verification.models import Finding
from duban.workdays.selectors import counting_calendar

RETURN_ACTIONS = {"return": "督办员退回", "unit_return": "单位审核人退回"}
NOTE_LENGTH = 60


@dataclass(frozen=True)
class Deduction:
    rule: Rule
    points: Decimal
    task: Task
    date: dt.date
    note: str

    @property
    def colour(self) -> str:
        return RULE_COLOURS[self.rule]


@dataclass(frozen=True)
class Addition:
    points: Decimal
    reason: str
    by: str
    date: dt.date
    entry_id: int


@dataclass(frozen=True)
class RuleTotal:
    rule: Rule
    count: int
    points: Decimal


@dataclass(frozen=True)
class UnitScore:
    unit: Unit
    base: Decimal
    deductions: list[Deduction]
    additions: list[Addition]
    total: Decimal
    rank: int
    scheme_id: int

    @property
    def deducted(self) -> Decimal:
        return sum((d.points for d in self.deductions), Decimal(0))

    @property
    def added(self) -> Decimal:
        return sum((a.points for a in self.additions), Decimal(0))

    def rule_totals(self) -> list[RuleTotal]:
        """Count and points per rule, every rule in the scheme's order, for the ranking's columns."""
        totals = []
        for rule in Rule:
            found = [d.points for d in self.deductions if d.rule == rule]
            totals.append(RuleTotal(rule, len(found), sum(found, Decimal(0))))
        return totals


@dataclass(frozen=True)
class _Fact:
    rule: Rule
    unit_id: int
    task_id: int
    date: dt.date
    note: str


@dataclass(frozen=True)
class _Lead:
    """A unit leading a task (a lead row that names a unit, not a group)."""

    task: Task
    unit: Unit


@dataclass(frozen=True)
class _Window:
    """The scheme's year and the day the score is taken on."""

    start: dt.date
    end: dt.date
    as_of: dt.date

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def unit_scores(scheme: AssessmentScheme, as_of: dt.date) -> list[UnitScore]:
    """Every assessed unit's score, best first; five queries whatever the number of units and tasks
    (six when the scheme counts 签收不及时), and the working-day calendar's (one to check it is current,
    one more to build it after a write)."""
    window = _Window(dt.date(scheme.year, 1, 1), dt.date(scheme.year, 12, 31), as_of)
    leads = _lead_rows(window)
    units = {lead.unit.pk: lead.unit for lead in leads}
    tasks = {lead.task.pk: lead.task for lead in leads}
    leads_of: dict[int, list[int]] = defaultdict(list)
    for lead in leads:
        if lead.unit.pk not in leads_of[lead.task.pk]:  # a unit named twice on a row answers once
            leads_of[lead.task.pk].append(lead.unit.pk)
    facts = [
        *_report_facts(window),
        *_return_facts(window),
        *_finding_facts(window, leads_of),
        *_overdue_facts(window, tasks.values(), leads_of),
        *(_late_ack_facts(window) if scheme.late_ack_points else []),
    ]
    deductions = _deductions(scheme, facts, units, tasks)
    additions = _additions(scheme, units)
    return _ranked(scheme, units, deductions, additions)


def unit_score(scheme: AssessmentScheme, unit_id: int, as_of: dt.date) -> UnitScore | None:
    """One unit's score, with its place among all; None when the unit is not assessed."""
    return next((s for s in unit_scores(scheme, as_of) if s.unit.pk == unit_id), None)


def assessed_unit_ids(scheme: AssessmentScheme) -> set[int]:
    start, end = dt.date(scheme.year, 1, 1), dt.date(scheme.year, 12, 31)
    rows = TaskUnit.objects.filter(role=UnitRole.LEAD, unit__isnull=False, task__in=_tasks_of(start, end))
    return set(rows.values_list("unit_id", flat=True))


def assessment_ranking_for_dashboard(year: int) -> list[UnitScore] | None:
    """The ranking under the year's latest scheme, as of today; None when the year has no scheme."""
    scheme = AssessmentScheme.objects.filter(year=year).order_by("-created_at", "-id").first()
    if scheme is None:
        return None
    return unit_scores(scheme, clock.today())


def _tasks_of(start: dt.date, end: dt.date) -> QuerySet[Task, int]:
    """The ids of tasks of plans whose period overlaps the year (a plan with no period overlaps none)."""
    return Task.objects.filter(plan__period_start__lte=end, plan__period_end__gte=start).values_list(
        "id", flat=True
    )


def _lead_rows(window: _Window) -> list[_Lead]:
    rows = (
        TaskUnit.objects.filter(
            role=UnitRole.LEAD, unit__isnull=False, task__in=_tasks_of(window.start, window.end)
        )
        .select_related("unit", "task__plan")
        .order_by("task__plan_id", "task__position", "position")
    )
    return [_Lead(row.task, row.unit) for row in rows if row.unit is not None]


def _report_facts(window: _Window) -> list[_Fact]:
    """未报 and 迟报, from each report's first submission (its earliest "submit" version)."""
    first_submit = Min("versions__at", filter=Q(versions__action="submit"))
    rows = (
        ProgressReport.objects.filter(
            task__in=_tasks_of(window.start, window.end),
            unit__isnull=False,
            round__due_date__range=(window.start, window.end),
            round__due_date__lt=window.as_of,
        )
        .annotate(first_submitted=Coalesce(first_submit, "submitted_at"))
        .values_list("task_id", "unit_id", "round__label", "round__due_date", "first_submitted")
    )
    facts = []
    for task_id, unit_id, label, due, first in rows:
        submitted = timezone.localdate(first) if first else None
        if submitted is None or submitted > window.as_of:
            note = f"{label}填报截至{cn_date(due)}未提交"
            facts.append(_Fact(Rule.MISSING_REPORT, unit_id, task_id, due, note))
        elif submitted > due:
            note = f"{label}填报于{cn_date(submitted)}提交，截止日期为{cn_date(due)}"
            facts.append(_Fact(Rule.LATE_REPORT, unit_id, task_id, submitted, note))
    return facts


def _return_facts(window: _Window) -> list[_Fact]:
    rows = ReportVersion.objects.filter(
        action__in=list(RETURN_ACTIONS),
        report__task__in=_tasks_of(window.start, window.end),
        report__unit__isnull=False,
        report__round__due_date__range=(window.start, window.end),
    ).values_list("report__task_id", "report__unit_id", "report__round__label", "action", "at", "comment")
    facts = []
    for task_id, unit_id, label, action, at, comment in rows:
        day = timezone.localdate(at)
        if day <= window.as_of:
            note = f"{label}填报被{RETURN_ACTIONS[action]}" + (f"：{_short(comment)}" if comment else "")
            facts.append(_Fact(Rule.RETURNED_REPORT, unit_id, task_id, day, note))
    return facts


def _finding_facts(window: _Window, leads_of: dict[int, list[int]]) -> list[_Fact]:
    rows = (
        Finding.objects.filter(state=FindingState.REVIEWED, task__in=_tasks_of(window.start, window.end))
        .exclude(replies__decision=ReplyDecision.PENDING)
        .values_list("task_id", "reviewed_at", "last_seen", "message")
    )
    facts: list[_Fact] = []
    for task_id, reviewed_at, last_seen, message in rows:
        day = timezone.localdate(reviewed_at or last_seen)
        if window.holds(day) and day <= window.as_of:
            note = f"核查问题经督办员核实：{_short(message)}"
            facts.extend(_Fact(Rule.FINDING, unit, task_id, day, note) for unit in leads_of.get(task_id, []))
    return facts


def _overdue_facts(window: _Window, tasks: Iterable[Task], leads_of: dict[int, list[int]]) -> list[_Fact]:
    facts: list[_Fact] = []
    calendar = counting_calendar()
    unit_word = "个工作日" if calendar else "天"
    for task in tasks:
        deadline = task.deadline or task.plan.period_end
        if deadline and window.holds(deadline) and deadline < window.as_of and task.status != TaskStatus.DONE:
            late = days_late(deadline, window.as_of, calendar)
            what = "完成时限" if task.deadline else "计划期限（未写完成时限）"
            note = f"{what}{cn_date(deadline)}已过{late}{unit_word}，任务尚未完成"
            facts.extend(
                _Fact(Rule.OVERDUE_TASK, unit, task.pk, deadline, note) for unit in leads_of[task.pk]
            )
    return facts


def _late_ack_facts(window: _Window) -> list[_Fact]:
    """签收及时率: each receipt that missed its working-day limit (duban/supervision)."""
    late = late_acknowledgements(start=window.start, end=window.end, as_of=window.as_of)
    return [_Fact(Rule.LATE_ACK, row.unit_id, row.task_id, row.day, row.note) for row in late]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= NOTE_LENGTH else text[: NOTE_LENGTH - 1] + "…"


def _deductions(
    scheme: AssessmentScheme, facts: list[_Fact], units: dict[int, Unit], tasks: dict[int, Task]
) -> dict[int, list[Deduction]]:
    """Each unit's facts as points, in date order, each rule stopped at its cap."""
    grouped: dict[tuple[int, Rule], list[_Fact]] = defaultdict(list)
    for fact in facts:
        if fact.unit_id in units and fact.task_id in tasks:
            grouped[(fact.unit_id, fact.rule)].append(fact)
    result: dict[int, list[Deduction]] = defaultdict(list)
    for (unit_id, rule), found in grouped.items():
        found.sort(key=lambda f: (f.date, tasks[f.task_id].plan_id, tasks[f.task_id].position))
        full, cap = scheme.points_for(rule), scheme.cap_for(rule)
        for fact, points in zip(found, capped([full] * len(found), cap), strict=True):
            note = fact.note if points == full else f"{fact.note}（本项扣分已达上限）"
            result[unit_id].append(Deduction(rule, points, tasks[fact.task_id], fact.date, note))
    for listed in result.values():
        listed.sort(key=lambda d: (d.date, list(Rule).index(d.rule), d.task.position))
    return result


def _additions(scheme: AssessmentScheme, units: dict[int, Unit]) -> dict[int, list[Addition]]:
    result: dict[int, list[Addition]] = defaultdict(list)
    for entry in LeaderPoints.objects.filter(scheme=scheme).select_related("given_by"):
        if entry.unit_id in units:
            by = entry.given_by.display_name() if entry.given_by else ""
            day = timezone.localdate(entry.given_at)
            result[entry.unit_id].append(Addition(entry.points, entry.reason, by, day, entry.pk))
    return result


def _ranked(
    scheme: AssessmentScheme,
    units: dict[int, Unit],
    deductions: dict[int, list[Deduction]],
    additions: dict[int, list[Addition]],
) -> list[UnitScore]:
    base = Decimal(scheme.base_score)
    ids = list(units)
    totals = [
        base
        - sum((d.points for d in deductions[i]), Decimal(0))
        + sum((a.points for a in additions[i]), Decimal(0))
        for i in ids
    ]
    scores = [
        UnitScore(units[i], base, deductions[i], additions[i], total, rank, scheme.pk)
        for i, total, rank in zip(ids, totals, shared_ranks(totals), strict=True)
    ]
    return sorted(scores, key=lambda s: (s.rank, s.unit.name))

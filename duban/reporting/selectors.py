"""Reading reports, rounds and lights, always through what the user may see."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from duban.accounts.models import User
from duban.core.lights import LABELS, SCHEMES, Light, LightConfig, TaskFacts, task_light
from duban.core.quantities import find_quantities
from duban.core.textdiff import text_diff
from duban.exports import LaggingRow, RoundBulletinExport
from duban.plans.models import Indicator, Plan, Task
from duban.plans.selectors import tasks_visible_to
from duban.reporting.choices import ReportStatus, RoundStatus
from duban.reporting.models import ProgressReport, ReportingRound, ReportVersion


def light_config() -> LightConfig:
    options = settings.DUBAN_LIGHTS
    return LightConfig(
        due_soon_days=options["due_soon_days"],
        behind_margin=options["behind_margin"],
        scheme=dict(SCHEMES[options["scheme"]]),
    )


@dataclass(frozen=True)
class TaskLight:
    light: Light
    label: str
    colour: str


def task_lights(tasks: list[Task], *, today: dt.date) -> dict[int, TaskLight]:
    """The status light of each task: two queries whatever the number of tasks."""
    config = light_config()
    open_reports = {
        r.task_id: r
        for r in ProgressReport.objects.filter(task__in=tasks, round__status=RoundStatus.OPEN).select_related(
            "round"
        )
    }
    indicators: dict[int, list[tuple[Decimal, str]]] = {}
    for task_id, value, unit in Indicator.objects.filter(task__in=tasks).values_list(
        "task_id", "value", "unit"
    ):
        indicators.setdefault(task_id, []).append((value, unit))
    plans = {p.pk: p for p in Plan.objects.filter(pk__in={t.plan_id for t in tasks})}
    lights = {}
    for task in tasks:
        report, plan = open_reports.get(task.pk), plans[task.plan_id]
        facts = TaskFacts(
            done=task.status == "done",
            deadline=task.deadline,
            report_due=report.round.due_date if report else None,
            report_submitted=report.is_submitted if report else True,
            period_start=plan.period_start,
            period_end=plan.period_end,
            progress_share=_progress_share(
                report.progress if report else task.progress, indicators.get(task.pk, [])
            ),
        )
        light = task_light(facts, today=today, config=config)
        lights[task.pk] = TaskLight(light, LABELS[light], config.colour(light))
    return lights


def _progress_share(progress: str, targets: list[tuple[Decimal, str]]) -> float | None:
    """Reported value over target value, for the first target the report gives a number for."""
    if not targets or not progress:
        return None
    reported = find_quantities(progress)
    for value, unit in targets:
        matches = [q.value for q in reported if q.unit == unit]
        if matches and value > 0:
            return float(max(matches) / value)
    return None


def reports_visible_to(user: User) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(task__in=tasks_visible_to(user).values("id"))


def unit_open_reports(user: User) -> QuerySet[ProgressReport]:
    """What a unit owes in open rounds across all plans, deadlines first."""
    return (
        ProgressReport.objects.filter(unit=user.unit_id, round__status=RoundStatus.OPEN)
        .select_related("round", "task__plan", "task__section")
        .order_by("round__due_date", "task__plan__title", "task__position")
    )


def unit_shared_reports(user: User) -> QuerySet[ProgressReport]:
    """Reports of tasks the unit shares as a responsible unit, where it adds its part."""
    return (
        ProgressReport.objects.filter(
            round__status=RoundStatus.OPEN,
            task__assignments__unit=user.unit_id,
            task__assignments__role="responsible",
        )
        .exclude(unit=user.unit_id)
        .select_related("round", "task__plan", "unit")
        .order_by("round__due_date", "task__position")
        .distinct()
    )


def rounds_with_counts(plan_id: int) -> QuerySet[ReportingRound]:
    submitted = [ReportStatus.UNIT_REVIEW, ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
    return ReportingRound.objects.filter(plan_id=plan_id).annotate(
        total=Count("reports"),
        submitted=Count("reports", filter=Q(reports__status__in=submitted)),
        accepted=Count("reports", filter=Q(reports__status=ReportStatus.ACCEPTED)),
        waiting=Count("reports", filter=Q(reports__status=ReportStatus.SUBMITTED)),
    )


@dataclass(frozen=True)
class VersionView:
    version: ReportVersion
    diff: list[tuple[str, str]]


def versions_with_diffs(report: ProgressReport) -> list[VersionView]:
    """Each version with what changed in its progress text since the one before."""
    views, previous = [], ""
    for version in report.versions.select_related("actor").order_by("version"):
        views.append(VersionView(version, text_diff(previous, version.progress)))
        previous = version.progress
    return views[::-1]


def round_bulletin_export(round_: ReportingRound, *, issued_on: dt.date, office: str) -> RoundBulletinExport:
    """A round as its 通报: how many reports in each state, and who has not filed or was sent back."""
    reports = list(
        round_.reports.select_related("task", "unit").prefetch_related("versions").order_by("task__position")
    )
    counts = Counter(ReportStatus(r.status).label for r in reports)
    lagging = [
        LaggingRow(
            r.task.seq, r.task.title, [r.unit.name] if r.unit else [], r.get_status_display(), _lag_note(r)
        )
        for r in reports
        if r.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
    ]
    ordered = [(label, counts[label]) for label in ReportStatus.labels if counts[label]]
    return RoundBulletinExport(
        round_.plan.title, round_.label, ordered, lagging, issued_on=issued_on, office=office
    )


def _lag_note(report: ProgressReport) -> str:
    if report.status == ReportStatus.RETURNED:
        last = max(report.versions.all(), key=lambda v: v.version, default=None)
        return f"退回意见：{last.comment}" if last and last.comment else "已退回待修改"
    return "尚未提交"

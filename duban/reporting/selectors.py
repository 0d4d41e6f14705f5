"""Reading reports, rounds and lights, always through what the user may see."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from duban.accounts.models import User
from duban.common.roles import Role
from duban.core import clock
from duban.core.lights import LABELS, SCHEMES, Light, LightConfig, TaskFacts, task_light
from duban.core.quantities import Quantity, find_quantities
from duban.core.textdiff import text_diff
from duban.exports import LaggingRow, ProblemRow, RoundBulletinExport
from duban.exports.unit_form import FormRow, UnitForm, row_key
from duban.plans.choices import TaskStatus
from duban.plans.models import Indicator, Plan, Task
from duban.plans.selectors import tasks_led_by
from duban.reporting.choices import (
    SUBMITTED_STATES,
    Channel,
    Claim,
    CoordinationStatus,
    InstructionStatus,
    ReportStatus,
    RoundStatus,
)
from duban.reporting.models import (
    Coordination,
    InstructionAnswer,
    LeaderInstruction,
    ProgressReport,
    Reminder,
    ReportingRound,
    ReportVersion,
)
from duban.units.models import Unit
from duban.workdays.selectors import counting_calendar


def light_config() -> LightConfig:
    options = settings.DUBAN_LIGHTS
    return LightConfig(
        due_soon_days=options["due_soon_days"],
        behind_margin=options["behind_margin"],
        scheme=dict(SCHEMES[options["scheme"]]),
        scheme_name=options["scheme"],
    )


LIGHTS_BY_ID = 1000
TASKS_A_PLAN_BY_PLAN = 50


@dataclass(frozen=True)
class TaskLight:
    light: Light
    label: str
    colour: str


class LightRow(NamedTuple):
    """What a light reads of a task, without a model instance: a kept table's lights are read
    for hundreds of rows at once."""

    pk: int
    plan_id: int
    status: str
    deadline: dt.date | None
    progress: str


def light_rows(tasks: QuerySet[Task]) -> list[LightRow]:
    return [LightRow(*row) for row in tasks.values_list("pk", "plan_id", "status", "deadline", "progress")]


def task_lights(tasks: Sequence[Task | LightRow], *, today: dt.date) -> dict[int, TaskLight]:
    """The status light of each task: three queries whatever the number of tasks. Reads plain
    values, not model instances: the dashboard asks this of every task of the year. A task without a
    deadline falls due at its plan's period end; the 临近 window counts working days
    (settings.DUBAN_COUNT_WORKING_DAYS)."""
    config = light_config()
    calendar = counting_calendar()
    plan_ids = {task.plan_id for task in tasks}
    by_plan = _by_plan(tasks, plan_ids)
    if by_plan:
        reports = ProgressReport.objects.filter(round__plan__in=plan_ids, round__status=RoundStatus.OPEN)
    else:  # from the few open rounds, not through each of the tasks' reports of every year
        reports = ProgressReport.objects.filter(round__in=_open_round_ids(), task__in=_ids(tasks))
    open_reports = {
        task_id: (due, status in SUBMITTED_STATES, progress)
        for task_id, due, status, progress in reports.values_list(
            "task_id", "round__due_date", "status", "progress"
        )
    }
    indicators: dict[int, list[tuple[Decimal, str]]] = {}
    of_tasks = Q(task__plan__in=plan_ids) if by_plan else Q(task__in=_ids(tasks))
    for task_id, value, unit in Indicator.objects.filter(of_tasks).values_list("task_id", "value", "unit"):
        indicators.setdefault(task_id, []).append((value, unit))
    plans = Plan.objects.filter(pk__in=plan_ids).values_list("pk", "period_start", "period_end")
    periods = {pk: (start, end) for pk, start, end in plans}
    lights = {}
    for task in tasks:
        due, submitted, progress = open_reports.get(task.pk, (None, True, task.progress))
        start, end = periods[task.plan_id]
        facts = TaskFacts(
            done=task.status == TaskStatus.DONE,
            deadline=task.deadline,
            report_due=due,
            report_submitted=submitted,
            period_start=start,
            period_end=end,
            progress_share=_progress_share(progress, indicators.get(task.pk, [])),
        )
        light = task_light(facts, today=today, config=config, calendar=calendar)
        lights[task.pk] = TaskLight(light, LABELS[light], config.colour(light))
    return lights


def round_lights(rounds: list[ReportingRound], tasks: list[Task]) -> dict[tuple[int, int], Light]:
    """Each task's light as each round closed, keyed (round, task): its report for that round,
    filed or not, judged the day after the round's due date. A task with no report in a round
    (added later) has no entry. Four queries whatever the numbers."""
    config, calendar = light_config(), counting_calendar()
    by_id = {task.pk: task for task in tasks}
    reports = ProgressReport.objects.filter(round__in=rounds, task__in=list(by_id))
    indicators: dict[int, list[tuple[Decimal, str]]] = {}
    for task_id, value, unit in Indicator.objects.filter(task__in=list(by_id)).values_list(
        "task_id", "value", "unit"
    ):
        indicators.setdefault(task_id, []).append((value, unit))
    plans = Plan.objects.filter(pk__in={t.plan_id for t in tasks}).values_list(
        "pk", "period_start", "period_end"
    )
    periods = {pk: (start, end) for pk, start, end in plans}
    dues = {r.pk: r.due_date for r in rounds}
    lights = {}
    for round_id, task_id, status, progress in reports.values_list(
        "round_id", "task_id", "status", "progress"
    ):
        task, due = by_id[task_id], dues[round_id]
        start, end = periods[task.plan_id]
        facts = TaskFacts(
            done=task.status == TaskStatus.DONE,
            deadline=task.deadline,
            report_due=due,
            report_submitted=status in SUBMITTED_STATES,
            period_start=start,
            period_end=end,
            progress_share=_progress_share(progress, indicators.get(task_id, [])),
        )
        closed = due + dt.timedelta(days=1)
        lights[round_id, task_id] = task_light(facts, today=closed, config=config, calendar=calendar)
    return lights


def _by_plan(tasks: Sequence[Task | LightRow], plan_ids: set[int]) -> bool:
    """Whether to read the rows of these tasks' plans rather than of the tasks by id: for many
    tasks of few plans (a plan's page, the year's tasks) a plan's open reports read whole through
    its rounds cost less than hundreds of ids, and SQLite takes at most 32,766 parameters."""
    return len(tasks) > LIGHTS_BY_ID or len(tasks) >= TASKS_A_PLAN_BY_PLAN * len(plan_ids)


def _ids(tasks: Sequence[Task | LightRow]) -> list[int]:
    return [task.pk for task in tasks]


def _progress_share(progress: str, targets: list[tuple[Decimal, str]]) -> float | None:
    """Reported value over target value, for the first target the report gives a number for."""
    if not targets or not progress:
        return None
    reported = _quantities(progress)
    for value, unit in targets:
        matches = [q.value for q in reported if q.unit == unit]
        if matches and value > 0:
            return float(max(matches) / value)
    return None


@lru_cache(maxsize=20_000)
def _quantities(text: str) -> tuple[Quantity, ...]:
    """The numbers in a progress text, kept per text: the dashboard reads the lights of every
    task of the year each time it is counted, and most texts have not changed since."""
    return tuple(find_quantities(text))


def _open_round_ids() -> QuerySet[ReportingRound, int]:
    return ReportingRound.objects.filter(status=RoundStatus.OPEN).values_list("pk", flat=True)


def unit_open_reports(user: User) -> QuerySet[ProgressReport]:
    """What a unit owes in open rounds across all plans, deadlines first.

    It starts from the few open rounds (an index on unit and round), not from the unit's
    reports of every year filtered by their round's status."""
    return (
        ProgressReport.objects.filter(unit=user.unit_id, round__in=_open_round_ids())
        .select_related("round", "task__plan")
        .only(*_LISTED_REPORT)
        .order_by("round__due_date", "task__plan__title", "task__position")
    )


def unit_shared_reports(user: User) -> QuerySet[ProgressReport]:
    """Reports of tasks the unit shares as a responsible unit, where it adds its part."""
    return (
        ProgressReport.objects.filter(
            round__in=_open_round_ids(),
            task__assignments__unit=user.unit_id,
            task__assignments__role="responsible",
        )
        .exclude(unit=user.unit_id)
        .select_related("round", "task__plan", "unit")
        .only(*_LISTED_REPORT, "unit__name")
        .order_by("round__due_date", "task__position")
        .distinct()
    )


# What the unit's lists print of a report: not the task's texts and import record, which a
# unit's tasks of the open rounds would otherwise bring along by the hundred.
_LISTED_REPORT = (
    "status",
    "round__label",
    "round__due_date",
    "task__seq",
    "task__title",
    "task__plan__title",
)


@dataclass(frozen=True)
class RoundCounts:
    """A round with its reports counted: all of them, those filed (submitted or further on),
    those waiting for the office, those accepted."""

    round: ReportingRound
    total: int
    submitted: int
    waiting: int
    accepted: int


def round_counts(rounds: QuerySet[ReportingRound]) -> list[RoundCounts]:
    """These rounds in their order, each with its reports counted, in one query."""
    counted = rounds.annotate(
        total=Count("reports"),
        submitted=Count("reports", filter=Q(reports__status__in=SUBMITTED_STATES)),
        waiting=Count("reports", filter=Q(reports__status=ReportStatus.SUBMITTED)),
        accepted=Count("reports", filter=Q(reports__status=ReportStatus.ACCEPTED)),
    )
    return [RoundCounts(r, r.total, r.submitted, r.waiting, r.accepted) for r in counted]


def rounds_with_counts(plan_id: int) -> list[RoundCounts]:
    return round_counts(ReportingRound.objects.filter(plan_id=plan_id))


@dataclass(frozen=True)
class VersionView:
    version: ReportVersion
    diff: list[tuple[str, str]]  # 完成情况
    problems_diff: list[tuple[str, str]]  # 存在问题
    next_steps_diff: list[tuple[str, str]]  # 下步计划


def versions_with_diffs(report: ProgressReport) -> list[VersionView]:
    """Each version with what changed in each of its three parts since the one before."""
    views: list[VersionView] = []
    previous = ("", "", "")
    for version in report.versions.select_related("actor__unit").order_by("version"):
        texts = (version.progress, version.problems, version.next_steps)
        diffs = [text_diff(old, new) for old, new in zip(previous, texts, strict=True)]
        views.append(VersionView(version, *diffs))
        previous = texts
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
        round_.plan.title,
        round_.label,
        ordered,
        lagging,
        issued_on=issued_on,
        office=office,
        problems=_problem_rows(round_),
    )


def _problem_rows(round_: ReportingRound) -> list[ProblemRow]:
    """The filed reports that name 存在问题 or 需协调事项, in the plan's order."""
    asked: dict[int, list[str]] = {}
    for c in Coordination.objects.filter(report__round=round_).order_by("pk"):
        asked.setdefault(c.report_id, []).append(
            f"{c.matter}（协调对象：{c.counterpart}；{c.get_status_display()}）"
        )
    filed = round_.reports.filter(status__in=SUBMITTED_STATES).filter(~Q(problems="") | Q(pk__in=list(asked)))
    return [
        ProblemRow(r.task.seq, r.task.title, [r.unit.name] if r.unit else [], r.problems, asked.get(r.pk, []))
        for r in filed.select_related("task", "unit").order_by("task__position")
    ]


def _lag_note(report: ProgressReport) -> str:
    if report.status == ReportStatus.RETURNED:
        last = max(report.versions.all(), key=lambda v: v.version, default=None)
        return f"退回意见：{last.comment}" if last and last.comment else "已退回待修改"
    return "尚未提交"


@dataclass(frozen=True)
class CoordinationRow:
    """A 需协调事项 with the task it moves and the report it came with, ready for a list."""

    coordination: Coordination
    task: Task
    round_label: str


def _coordination_rows(coordinations: QuerySet[Coordination]) -> list[CoordinationRow]:
    rows = coordinations.select_related(
        "task__plan", "unit", "counterpart_unit", "report__round", "requested_by", "decided_by"
    )
    return [CoordinationRow(c, c.task, c.report.round.label) for c in rows]


def coordinations_for(person: User) -> QuerySet[Coordination]:
    """The 需协调事项 this person settles: the office every one, a leader those of the tasks he is
    linked to as their leader (分管 / 责任 / 牵头), nobody else any."""
    if person.role == Role.SUPERVISOR:
        return Coordination.objects.all()
    if person.role == Role.LEADER:
        return Coordination.objects.filter(task__in=tasks_led_by(person.pk).values("id"))
    return Coordination.objects.none()


def coordinations_waiting(person: User) -> list[CoordinationRow]:
    """The 需协调事项 waiting for this person to settle, oldest first."""
    return _coordination_rows(coordinations_for(person).filter(status=CoordinationStatus.PENDING))


def coordinations_waiting_count(person: User) -> int:
    """How many 需协调事项 wait for this person (the dashboard's and the inbox's 待协调 N)."""
    return coordinations_for(person).filter(status=CoordinationStatus.PENDING).count()


def coordinations_settled(person: User) -> list[CoordinationRow]:
    """Those already settled, newest first, for the queue page's second list."""
    settled = coordinations_for(person).exclude(status=CoordinationStatus.PENDING)
    return _coordination_rows(settled.order_by("-decided_at", "-pk"))


def task_latest_filed_report(task: Task) -> ProgressReport | None:
    """The task's report of the latest round that was filed (submitted or accepted), with its round."""
    filed = task.reports.filter(status__in=SUBMITTED_STATES).select_related("round")
    return filed.order_by("-round__due_date", "-round__opened_at").first()


@dataclass(frozen=True)
class FormNotes:
    """What the unit should read beside the report form: why it came back, and the 催办 on it."""

    returned: ReportVersion | None
    reminders: list[Reminder]


# 催办 shown beside the form: those of the last weeks, newest first.
FORM_REMINDER_DAYS = 31


def report_form_notes(report: ProgressReport) -> FormNotes:
    returned = None
    if report.status == ReportStatus.RETURNED:
        returns = report.versions.filter(action__in=("return", "unit_return")).select_related("actor")
        returned = returns.order_by("-version").first()
    since = clock.today() - dt.timedelta(days=FORM_REMINDER_DAYS)
    reminders = Reminder.objects.filter(task_id=report.task_id, channel=Channel.SITE, day__gte=since)
    if report.unit_id:
        reminders = reminders.filter(unit_id=report.unit_id)
    return FormNotes(returned, list(reminders.order_by("-at")[:5]))


@dataclass(frozen=True)
class InstructionRow:
    """A 批示 on the report form, with this report's answer as typed so far."""

    instruction: LeaderInstruction
    answer: str


def report_instructions(report: ProgressReport) -> list[InstructionRow]:
    """The 批示 this report answers: the task's open ones, and those its acceptance closed."""
    mine = Q(status=InstructionStatus.OPEN) | Q(answered_by_report=report)
    rows = LeaderInstruction.objects.filter(mine, task_id=report.task_id).select_related("leader")
    answers = dict(InstructionAnswer.objects.filter(report=report).values_list("instruction_id", "text"))
    return [InstructionRow(i, answers.get(i.pk, "")) for i in rows]


def task_instructions(task: Task) -> list[LeaderInstruction]:
    """Every 批示 on the task with who gave and typed it and the report that answered it."""
    related = ("leader", "entered_by", "answered_by_report__round", "answered_by_report__unit")
    return list(task.instructions.select_related(*related))


def instructions_for(person: User) -> QuerySet[LeaderInstruction]:
    """The office follows every 批示; a leader his own; nobody else has the list."""
    if person.role == Role.SUPERVISOR:
        found = LeaderInstruction.objects.all()
    elif person.role == Role.LEADER:
        found = LeaderInstruction.objects.filter(leader=person)
    else:
        found = LeaderInstruction.objects.none()
    return found.select_related("task__plan", "leader", "entered_by", "answered_by_report__unit")


def instructions_awaiting(person: User) -> QuerySet[LeaderInstruction]:
    """批示待答复, oldest first: what the office chases."""
    return instructions_for(person).filter(status=InstructionStatus.OPEN).order_by("given_on", "id")


def instructions_answered(person: User, *, since: dt.date | None = None) -> QuerySet[LeaderInstruction]:
    """批示 answered, newest answer first (since a day, for the leader's inbox)."""
    answered = instructions_for(person).filter(status=InstructionStatus.ANSWERED)
    if since is not None:
        answered = answered.filter(answered_at__date__gte=since)
    return answered.order_by("-answered_at", "-id")


_CLAIM_WORDS = {Claim.DONE: "是", Claim.NOT_DONE: "否", Claim.IN_PROGRESS: "推进中"}


def unit_form_export(round_: ReportingRound, unit: Unit) -> UnitForm:
    """The unit's 填报表 for a round: its reports' text, or the task's last accepted text where
    the report is still empty."""
    reports = (
        round_.reports.filter(unit=unit)
        .select_related("task__plan")
        .prefetch_related("task__assignments__unit", "task__assignments__group")
        .order_by("task__position")
    )
    rows = [_form_row(round_, report) for report in reports]
    return UnitForm(round_.plan.title, round_.label, unit.name, round_.due_date, rows, clock.today())


def unit_names_by_role(task: Task) -> dict[str, list[str]]:
    """牵头单位 and 责任单位 as the task names them, in order (prefetch ``task__assignments``)."""
    names: dict[str, list[str]] = {"lead": [], "responsible": []}
    for assignment in task.assignments.all():
        names.setdefault(assignment.role, []).append(assignment.name)
    return names


def _form_row(round_: ReportingRound, report: ProgressReport) -> FormRow:
    task = report.task
    names = unit_names_by_role(task)
    empty = not report.progress.strip()
    return FormRow(
        key=row_key(round_.pk, task.pk),
        seq=task.seq,
        category=task.category,
        title=task.title,
        target=task.target,
        deadline_text=task.deadline_text,
        lead_units=names["lead"],
        responsible_units=names["responsible"],
        progress=task.progress if empty else report.progress,
        claim=_CLAIM_WORDS[Claim(report.claim)],
        shortfall_reason=task.shortfall_reason if empty else report.shortfall_reason,
        problems=report.problems,
        next_steps=report.next_steps,
    )

"""The leader's two minutes: lights per plan, category and unit; what is red; who has not reported."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlencode

from django.db.models import Count, QuerySet

from duban.accounts.models import User
from duban.buildings.measures import LiveValue
from duban.buildings.selectors import live_values_for_plan
from duban.core.lights import LABELS, SCHEME_NAMES, Light, chart_colours
from duban.dashboards.models import CountedBoard
from duban.plans.access import tasks_visible_to
from duban.plans.choices import UnitRole
from duban.plans.models import Indicator, Plan, Task, TaskUnit
from duban.plans.selectors import focus_year, in_year, tasks_led_by
from duban.reporting.choices import SUBMITTED_STATES, RoundStatus
from duban.reporting.models import ProgressReport, ReportingRound
from duban.reporting.selectors import TaskLight, light_config, round_counts, task_lights
from duban.supervision.choices import ItemState, NoticeLevel
from duban.supervision.models import SupervisionNotice
from duban.verification.choices import FindingState
from duban.verification.models import Finding

# What the dashboard shows of a task and what its light needs; the long texts stay in the database.
DASHBOARD_FIELDS = (
    *("plan__title", "seq", "title", "category"),
    *("status", "deadline", "deadline_text", "progress"),
)
RED = (Light.OVERDUE, Light.NOT_REPORTED, Light.BEHIND)
LIGHT_ORDER = (Light.DONE, Light.ON_TRACK, Light.DUE_SOON, Light.BEHIND, Light.NOT_REPORTED, Light.OVERDUE)


@dataclass
class LightRow:
    """One line of counts: a plan, a category or a unit, with the filter that lists its tasks."""

    label: str
    query: dict[str, str]
    counts: Counter[Light] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done_share(self) -> int:
        return round(100 * self.counts[Light.DONE] / self.total) if self.total else 0

    def ordered_counts(self) -> list[int]:
        return [self.counts[light] for light in LIGHT_ORDER]

    def cells(self) -> list[tuple[int, str]]:
        """Each light's count, and the query string of the task list behind it."""
        return [(self.counts[light], urlencode({"light": str(light), **self.query})) for light in LIGHT_ORDER]


class TaskWithLight(NamedTuple):
    task: Task
    light: TaskLight


class RedTask(NamedTuple):
    """A task whose light is red, with the units that lead it."""

    task: Task
    light: TaskLight
    lead_units: list[str]


class LiveGoal(NamedTuple):
    """A plan's indicator bound to the building database, with its live value."""

    plan: Plan
    indicator: Indicator
    live: LiveValue


class TrendPoint(NamedTuple):
    """One round on the trend chart: the shares of its reports submitted and accepted, in percent."""

    label: str
    submitted: int
    accepted: int


@dataclass
class RoundProgress:
    round: ReportingRound
    total: int
    submitted: int
    accepted: int
    missing_units: list[str]


class FlaggedItem(NamedTuple):
    pk: int
    title: str


@dataclass(frozen=True)
class Escalation:
    """三色督办 on the year's items: notices issued by colour, and the items flagged (挂牌督办)."""

    counts: list[tuple[str, str, int]]  # (level, 蓝色督办单, count), mildest first
    flagged: list[FlaggedItem]

    @property
    def flagged_ids(self) -> set[int]:
        return {item.pk for item in self.flagged}


def _escalation(scope: QuerySet[Task]) -> Escalation:
    """One query: every notice on the year's items, counted by colour; 挂牌 items until 销号."""
    counts: Counter[str] = Counter()
    flagged: dict[int, FlaggedItem] = {}
    rows = SupervisionNotice.objects.filter(task__in=scope.values("id")).order_by(
        "task__plan_id", "task__position"
    )
    for level, is_flagged, task_id, title, state in rows.values_list(
        "level", "flagged", "task_id", "task__title", "task__lifecycle__state"
    ):
        counts[level] += 1
        if is_flagged and state != ItemState.CLOSED:
            flagged[task_id] = FlaggedItem(task_id, title)
    return Escalation([(lv.value, lv.label, counts[lv.value]) for lv in NoticeLevel], list(flagged.values()))


@dataclass
class Dashboard:
    today: dt.date
    year: int
    plans: list[LightRow]
    categories: list[LightRow]
    units: list[LightRow]
    red_tasks: list[RedTask]
    rounds: list[RoundProgress]
    trend: list[TrendPoint]
    findings: list[Finding]
    finding_counts: dict[str, int]
    escalation: Escalation

    def chart_data(self) -> dict[str, object]:
        config = light_config()
        colours = chart_colours(config.scheme)
        return {
            "scheme": SCHEME_NAMES.get(config.scheme_name, config.scheme_name),
            "lights": [
                {"key": str(light), "label": LABELS[light], "colour": colours[light]} for light in LIGHT_ORDER
            ],
            "plans": [{"label": row.label, "counts": row.ordered_counts()} for row in self.plans],
            "categories": [{"label": row.label, "done": row.done_share} for row in self.categories[:15]],
            "trend": [point._asdict() for point in self.trend],
        }


def dashboard(user: User, *, today: dt.date) -> Dashboard:
    """The year in focus (this year, or the latest planned): ten years of history would drown it."""
    year = focus_year(user, today)
    scope = in_year(tasks_visible_to(user), year)
    tasks = list(scope.select_related("plan").only(*DASHBOARD_FIELDS).order_by("plan_id", "position"))
    lights = task_lights(tasks, today=today)
    leads = _lead_names(scope)
    several_plans = len({t.plan_id for t in tasks}) > 1
    return Dashboard(
        today=today,
        plans=_rows(tasks, lights, key=lambda t: (t.plan.title, {"plan": str(t.plan_id)})),
        categories=_rows(
            [t for t in tasks if t.category],
            lights,
            key=lambda t: (
                _category_label(t, several_plans=several_plans),
                {"plan": str(t.plan_id), "category": t.category},
            ),
        ),
        units=_unit_rows(scope, tasks, lights, leads),
        year=year,
        red_tasks=[RedTask(t, lights[t.pk], leads.get(t.pk, [])) for t in tasks if lights[t.pk].light in RED],
        rounds=_open_rounds(user),
        trend=_trend(user),
        findings=list(_findings(user)[:10]),
        finding_counts=dict(_findings(user).values_list("severity").annotate(n=Count("id")).order_by()),
        escalation=_escalation(scope),
    )


def _category_label(task: Task, *, several_plans: bool) -> str:
    """The category in full; with several plans in the year, the plan's full title says whose it is."""
    return f"{task.category}（{task.plan.title}）" if several_plans else task.category


def _rows(
    tasks: list[Task], lights: dict[int, TaskLight], *, key: Callable[[Task], tuple[str, dict[str, str]]]
) -> list[LightRow]:
    rows: dict[str, LightRow] = {}
    for task in tasks:
        label, query = key(task)
        if label not in rows:
            rows[label] = LightRow(label, query)
        rows[label].counts[lights[task.pk].light] += 1
    return list(rows.values())


def _lead_names(tasks: QuerySet[Task]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    rows = TaskUnit.objects.filter(task__in=tasks.values("id"), role=UnitRole.LEAD).order_by("position")
    for task_id, unit, group in rows.values_list("task_id", "unit__name", "group__name"):
        names.setdefault(task_id, []).append(unit or group)
    return names


def _unit_rows(
    scope: QuerySet[Task], tasks: list[Task], lights: dict[int, TaskLight], leads: dict[int, list[str]]
) -> list[LightRow]:
    assignments = TaskUnit.objects.filter(task__in=scope.values("id"), role=UnitRole.LEAD, unit__isnull=False)
    ids = dict(assignments.order_by().values_list("unit__name", "unit_id").distinct())
    rows: dict[str, LightRow] = {}
    for task in tasks:
        light = lights[task.pk].light
        for name in leads.get(task.pk, []):
            if name not in rows:
                rows[name] = LightRow(name, {"unit": str(ids[name])} if name in ids else {})
            rows[name].counts[light] += 1
    return sorted(rows.values(), key=lambda r: (-sum(r.counts[x] for x in RED), -r.total))


def _open_rounds(user: User) -> list[RoundProgress]:
    visible = Plan.objects.filter(id__in=tasks_visible_to(user).values("plan_id"))
    rounds = ReportingRound.objects.filter(status=RoundStatus.OPEN, plan__in=visible)
    missing = (
        ProgressReport.objects.filter(round__in=rounds, unit__isnull=False)
        .exclude(status__in=SUBMITTED_STATES)
        .values_list("round_id", "unit__name")
        .distinct()
    )
    by_round: dict[int, set[str]] = {}
    for round_id, name in missing:
        by_round.setdefault(round_id, set()).add(name)
    return [
        RoundProgress(c.round, c.total, c.submitted, c.accepted, sorted(by_round.get(c.round.pk, set())))
        for c in round_counts(rounds.select_related("plan").order_by("due_date"))
    ]


def _trend(user: User) -> list[TrendPoint]:
    visible = Plan.objects.filter(id__in=tasks_visible_to(user).values("plan_id"))
    # Choose the 24 latest before counting: counting first would aggregate every round there was.
    latest = ReportingRound.objects.filter(plan__in=visible).order_by("-due_date", "-id").values("id")[:24]
    newest_first = ReportingRound.objects.filter(id__in=latest).order_by("-due_date", "-id")
    rounds = round_counts(newest_first.select_related("plan"))[::-1]  # oldest first for the chart
    several_plans = len({c.round.plan_id for c in rounds}) > 1
    return [
        TrendPoint(
            label=f"{c.round.plan.title[:6]}… {c.round.label}" if several_plans else c.round.label,
            submitted=_percent(c.submitted, c.total),
            accepted=_percent(c.accepted, c.total),
        )
        for c in rounds
    ]


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _findings(user: User) -> QuerySet[Finding]:
    visible = tasks_visible_to(user).values("id")
    return (
        Finding.objects.filter(state=FindingState.OPEN, task__in=visible)
        .select_related("task", "plan")
        .order_by("severity", "plan_id", "id")
    )


def tasks_with_light(
    user: User, *, today: dt.date, light: str, plan: str, category: str, unit: str
) -> list[TaskWithLight]:
    """The list behind a dashboard number."""
    tasks = tasks_visible_to(user).select_related("plan", "section")
    if plan.isdigit():
        tasks = tasks.filter(plan_id=int(plan))
    if category:
        tasks = tasks.filter(category=category)
    if unit.isdigit():
        tasks = tasks.filter(assignments__unit=int(unit), assignments__role=UnitRole.LEAD)
    rows = list(tasks.order_by("plan_id", "position").distinct())
    lights = task_lights(rows, today=today)
    return [TaskWithLight(t, lights[t.pk]) for t in rows if not light or lights[t.pk].light == light]


def live_goals(user: User) -> list[LiveGoal]:
    """Plan goals bound to the building database, with their live values (30栋 / 3栋 …)."""
    plans = Plan.objects.filter(indicators__live_binding__isnull=False).distinct()
    rows = []
    for plan in plans:
        values = live_values_for_plan(plan, user=user)
        for indicator in Indicator.objects.filter(pk__in=values).order_by("goal__position", "position"):
            rows.append(LiveGoal(plan, indicator, values[indicator.pk]))
    return rows


ALL_TASKS = "all"  # plans.access.visibility_key of every dashboard reader

# While reports pour in, what leaders are shown (the board, a leader's 我分管的 and its red items
# in the inbox) may be this many seconds behind rather than computed again for each of them
# after every report; the board says when it was counted.
DASHBOARD_TOLERANCE_SECONDS = 30


def counted_board() -> CountedBoard | None:
    """The dashboard the worker last counted, whatever its day."""
    return CountedBoard.objects.filter(audience=ALL_TASKS).first()


# 我分管的: the most urgent first (超期, 未报, 滞后, then 临期 …), 已完成 last.
PORTFOLIO_ORDER = tuple(reversed(LIGHT_ORDER))


def leader_portfolio(user: User, *, today: dt.date) -> list[TaskWithLight]:
    """The tasks this 领导 is linked to as their leader: red and late first, then the rest."""
    tasks = list(tasks_led_by(user.pk).select_related("plan", "section").order_by("plan_id", "position"))
    lights = task_lights(tasks, today=today)
    rows = [TaskWithLight(t, lights[t.pk]) for t in tasks]
    return sorted(rows, key=lambda row: PORTFOLIO_ORDER.index(row.light.light))

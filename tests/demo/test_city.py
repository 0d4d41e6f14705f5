"""The city-scale generator at a tiny scale: the counts it promises, and the same data twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.db.models import Count

from duban.accounts.models import User
from duban.buildings.models import Building
from duban.cli import build_parser
from duban.demo.city import CityScale, city_load
from duban.plans.choices import UnitRole
from duban.plans.models import Plan, Task, TaskUnit
from duban.reporting.choices import RoundStatus
from duban.reporting.models import ProgressReport, ReportingRound, ReportVersion
from duban.units.models import Unit
from duban.verification.models import Finding

TODAY = dt.date(2025, 3, 10)  # the third month of the last year: January and February closed, March open
TINY = CityScale(units=5, years=1, tasks_per_year=20, plans_per_year=2, buildings=3, seed=7, today=TODAY)


def snapshot() -> list[tuple[object, ...]]:
    """The generated content without database ids, which differ between runs."""
    tasks = list(
        Task.objects.order_by("plan__title", "position").values_list(
            "plan__title", "seq", "title", "target", "progress", "status", "deadline"
        )
    )
    units = list(
        TaskUnit.objects.order_by("task__plan__title", "task__position", "role", "position").values_list(
            "unit__name", "group__name", "role"
        )
    )
    reports = list(
        ProgressReport.objects.order_by(
            "round__plan__title", "round__due_date", "task__position"
        ).values_list("status", "progress", "claim", "version", "submitted_at", "unit__name")
    )
    versions = list(
        ReportVersion.objects.order_by(
            "report__round__plan__title", "report__round__due_date", "report__task__position", "version"
        ).values_list("action", "status", "comment", "at", "actor__username")
    )
    buildings = list(Building.objects.order_by("name").values_list("name", "floor_area_m2", "building_state"))
    return [*tasks, *units, *reports, *versions, *buildings]


@pytest.mark.django_db
def test_the_tiny_city_has_what_the_scale_asks_for() -> None:
    lines: list[str] = []
    counts = city_load(TINY, progress=lines.append)

    assert Unit.objects.count() == 5
    assert Plan.objects.count() == counts.plans == 2
    assert Task.objects.count() == counts.tasks == 20
    assert ReportingRound.objects.count() == counts.rounds == 2 * 3  # January to March, per plan
    assert ProgressReport.objects.count() == counts.reports == 20 * 3  # one per task and round
    assert ReportVersion.objects.count() == counts.versions > 0
    assert Finding.objects.count() == counts.findings
    assert Building.objects.count() == counts.buildings == 3
    # Every task has exactly one report per round of its plan, owned by its first lead unit.
    per_task = ProgressReport.objects.values("task").annotate(n=Count("id")).values_list("n", flat=True)
    assert set(per_task) == {3}
    leads = TaskUnit.objects.filter(role=UnitRole.LEAD, position=0)
    assert leads.count() == 20
    owner = {t: u for t, u in leads.values_list("task_id", "unit_id")}
    assert all(owner[r.task_id] == r.unit_id for r in ProgressReport.objects.all())
    # Only this month's rounds are open, due on the 25th; the history has the right version numbers.
    assert set(ReportingRound.objects.filter(status=RoundStatus.OPEN).values_list("label", flat=True)) == {
        "2025年3月"
    }
    assert {r.due_date.day for r in ReportingRound.objects.all()} == {25}
    for report in ProgressReport.objects.prefetch_related("versions"):
        numbers = sorted(v.version for v in report.versions.all())
        assert numbers == list(range(2, report.version + 1))
    # An account per unit to file with, and the office's and the leaders' accounts.
    assert User.objects.filter(role="reporter").count() == 5
    assert User.objects.filter(role="supervisor").count() == 10
    assert User.objects.get(username="tb001").check_password("Duban@2025-demo")
    assert any("第1/1年（2025年）" in line for line in lines)  # progress is shown as it goes


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_city_and_another_seed_another() -> None:
    def generate(scale: CityScale) -> list[tuple[object, ...]]:
        with transaction.atomic():
            point = transaction.savepoint()
            city_load(scale)
            rows = snapshot()
            transaction.savepoint_rollback(point)
        return rows

    first = generate(TINY)
    assert first
    assert generate(TINY) == first
    assert generate(CityScale(**{**TINY.__dict__, "seed": 8})) != first


@pytest.mark.django_db
def test_a_second_run_adds_nothing() -> None:
    city_load(TINY)
    again = city_load(TINY)
    assert again.plans == 0
    assert Task.objects.count() == 20


def test_the_demo_verb_takes_the_scale() -> None:
    args = build_parser().parse_args(["demo", "--scale", "city", "--seed", "3"])
    assert (args.scale, args.seed) == ("city", 3)
    assert build_parser().parse_args(["demo"]).scale == "demo"

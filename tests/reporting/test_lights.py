"""Lights read for many tasks of one plan (through the plan's open rounds) are the lights read
task by task: the plan page reads them one way, a unit's 台账 the other."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duban.accounts.models import User
from duban.core.lights import Light
from duban.plans.models import Plan
from duban.reporting import selectors
from duban.reporting.models import ProgressReport, ReportingRound
from duban.reporting.selectors import light_rows, task_lights
from tests.reporting.test_transitions import DONE, act

NOVEMBER_20 = dt.date(2025, 11, 20)


def _lights_read(plan: Plan, monkeypatch: pytest.MonkeyPatch, *, by_plan: bool) -> dict[int, Light]:
    monkeypatch.setattr(selectors, "TASKS_A_PLAN_BY_PLAN", 1 if by_plan else 1_000_000)
    rows = light_rows(plan.tasks.all())
    with CaptureQueriesContext(connection) as queries:
        lights = task_lights(rows, today=NOVEMBER_20)
    read_by_plan = any('"reporting_reportinground"."plan_id" IN' in q["sql"] for q in queries)
    assert read_by_plan == by_plan
    return {pk: light.light for pk, light in lights.items()}


def test_a_plans_lights_read_by_plan_are_those_read_by_task(
    plan_2025: Plan,
    november: ReportingRound,
    qingyang_report: ProgressReport,
    li: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    act(qingyang_report, li, "submit", DONE)
    by_plan = _lights_read(plan_2025, monkeypatch, by_plan=True)
    assert by_plan == _lights_read(plan_2025, monkeypatch, by_plan=False)
    assert len(set(by_plan.values())) > 1  # a submitted report and the rest: not all alike

"""Lights, 逾期 and reminders count working days, and a task without a deadline falls due at its
plan's period end (tried in December 2026, the 2025 plan used to show "正常推进 4，逾期 0")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from duban.accounts.models import User
from duban.core.clock import OFFICE_ZONE, today
from duban.core.lights import Light
from duban.dashboards.selectors import dashboard
from duban.plans.choices import TaskStatus
from duban.plans.models import Plan
from duban.reporting.selectors import task_lights
from duban.reporting.services.reminders import digests_due
from duban.reporting.services.rounds import round_open
from duban.units.models import Unit
from tests.reporting.conftest import task

DECEMBER_2026 = dt.datetime(2026, 12, 2, 10, 0, tzinfo=OFFICE_ZONE)


def test_in_december_2026_every_open_task_of_the_2025_plan_is_overdue(
    plan_2025: Plan, clock: time_machine.Traveller
) -> None:
    undated = [t for t in plan_2025.tasks.exclude(status=TaskStatus.DONE) if t.deadline is None]
    assert len(undated) >= 4  # the rows that used to count as 正常推进
    clock.move_to(DECEMBER_2026)
    tasks = list(plan_2025.tasks.all())
    lights = task_lights(tasks, today=today())
    open_lights = {lights[t.pk].light for t in tasks if t.status != TaskStatus.DONE}
    assert open_lights == {Light.OVERDUE}
    assert all(lights[t.pk].light == Light.DONE for t in tasks if t.status == TaskStatus.DONE)


def test_the_dashboard_of_2025_shows_no_task_on_track_in_december_2026(
    plan_2025: Plan, zhang: User, clock: time_machine.Traveller
) -> None:
    clock.move_to(DECEMBER_2026)
    board = dashboard(zhang, today=today())
    row = next(r for r in board.plans if r.label == plan_2025.title)
    assert row.counts[Light.ON_TRACK] == 0
    assert row.counts[Light.OVERDUE] == plan_2025.tasks.exclude(status=TaskStatus.DONE).count()


def test_before_the_period_ends_an_undated_task_is_not_late(plan_2025: Plan) -> None:
    undated = next(t for t in plan_2025.tasks.exclude(status=TaskStatus.DONE) if t.deadline is None)
    assert task_lights([undated], today=dt.date(2025, 11, 20))[undated.pk].light != Light.OVERDUE


def test_a_deadline_after_national_day_is_due_soon_in_working_days(plan_2025: Plan, settings: Any) -> None:
    row = task(plan_2025, "54")
    row.deadline, row.progress = dt.date(2026, 10, 9), ""  # no numbers: nobody is called 滞后
    row.save()
    on = dt.date(2026, 9, 30)  # 9 calendar days before, 2 working days (8, 9 October)
    assert task_lights([row], today=on)[row.pk].light == Light.DUE_SOON
    settings.DUBAN_COUNT_WORKING_DAYS = False
    assert task_lights([row], today=on)[row.pk].light != Light.DUE_SOON


def test_a_report_late_across_spring_festival_is_chased_in_working_days(
    plan_2025: Plan, wang: User, qingyang: Unit, settings: Any
) -> None:
    round_open(actor=wang, plan=plan_2025, label="2026年1月", due_date=dt.date(2026, 2, 13))
    on = dt.date(2026, 2, 25)  # late by 14日(六，调休上班), 24日, 25日
    digest = next(d for d in digests_due(today=on) if d.unit == qingyang)
    assert "2026年1月填报尚未提交，已逾期3个工作日" in digest.text(on)
    settings.DUBAN_COUNT_WORKING_DAYS = False
    digest = next(d for d in digests_due(today=on) if d.unit == qingyang)
    assert "2026年1月填报尚未提交，已逾期12天" in digest.text(on)


def test_a_task_without_a_deadline_is_chased_once_its_plan_has_ended(plan_2025: Plan, qingyang: Unit) -> None:
    row = task(plan_2025, "54")  # 青阳镇 leads; claimed 否
    row.deadline, row.deadline_text = None, ""
    row.save()
    assert all(
        row.title[:20] not in d.text(dt.date(2025, 12, 31)) for d in digests_due(today=dt.date(2025, 12, 31))
    )
    on = dt.date(2026, 1, 9)  # 1月1—3日放假, 4日(日)上班, 5—9日: 6 working days
    digest = next(d for d in digests_due(today=on) if d.unit == qingyang)
    assert "未写完成时限，计划期限2025年12月31日已过6个工作日，尚未办结" in digest.text(on)

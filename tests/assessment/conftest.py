"""A small 2025 table led by 青阳镇 and 月城镇, a clock to file reports on chosen days, and a scheme.

Rule tests build exactly the facts they need on ``small_plan``; page tests use the
real 2025 table (``plan_2025``) and its ``november`` round.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from time_machine import Traveller

from duban.accounts.models import User
from duban.assessment.models import AssessmentScheme
from duban.assessment.services import scheme_save
from duban.plans.models import Plan, Section, Task, TaskUnit
from duban.reporting.choices import Claim
from duban.reporting.models import ProgressReport, ReportingRound
from duban.reporting.services.rounds import round_open
from duban.reporting.services.transitions import ReportContent, report_transition
from duban.units.models import Unit
from duban.verification.models import Finding
from tests.reporting.conftest import november  # noqa: F401  (the 2025年11月 round on the real table)
from tests.web.conftest import *  # noqa: F403  (the personas)

DUE = dt.date(2025, 11, 25)


def local(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment on that day in the office's time zone."""
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


def make_plan(title: str = "2025年考核测试安排表", start: int = 2025, end: int = 2025) -> Plan:
    plan = Plan.objects.create(
        title=title, period_start=dt.date(start, 1, 1), period_end=dt.date(end, 12, 31)
    )
    Section.objects.create(plan=plan, title="重点工作", position=1)
    return plan


def lead_task(plan: Plan, unit: Unit, seq: str, *, deadline: dt.date | None = None, **fields: Any) -> Task:
    """A task on the plan led by ``unit``."""
    task = Task.objects.create(
        plan=plan,
        section=plan.sections.get(),
        position=int(seq),
        seq=seq,
        title=fields.pop("title", f"{unit.name}第{seq}项重点工作"),
        deadline=deadline,
        **fields,
    )
    TaskUnit.objects.create(task=task, unit=unit, role="lead")
    return task


@pytest.fixture
def small_plan(db: None) -> Plan:
    return make_plan()


@pytest.fixture
def qingyang_task(small_plan: Plan, qingyang: Unit) -> Task:
    return lead_task(small_plan, qingyang, "1")


@pytest.fixture
def yuecheng_task(small_plan: Plan, yuecheng: Unit) -> Task:
    return lead_task(small_plan, yuecheng, "2")


@pytest.fixture
def small_round(small_plan: Plan, qingyang_task: Task, yuecheng_task: Task) -> ReportingRound:
    return round_open(actor=None, plan=small_plan, label="2025年11月", due_date=DUE)


def report_of(round_: ReportingRound, task: Task) -> ProgressReport:
    return round_.reports.get(task=task)


def file(clock: Traveller, actor: User, report: ProgressReport, moment: dt.datetime) -> ProgressReport:
    """The unit submits its report at that moment."""
    clock.move_to(moment, tick=False)
    report.refresh_from_db()
    return report_transition(
        actor=actor,
        report=report,
        action="submit",
        expected_version=report.version,
        content=ReportContent("已完成厂房建设。", Claim.IN_PROGRESS),
    )


def act(clock: Traveller, actor: User, report: ProgressReport, action: str, moment: dt.datetime) -> None:
    """A reviewer's step (return, unit_return, accept) at that moment."""
    clock.move_to(moment, tick=False)
    report.refresh_from_db()
    report_transition(
        actor=actor, report=report, action=action, expected_version=report.version, comment="请补充投产时间"
    )


def confirmed_finding(
    task: Task, reviewer: User, on: dt.date, state: str = "reviewed", seq: str = ""
) -> Finding:
    return Finding.objects.create(
        plan=task.plan,
        task=task,
        section=task.section.title,
        seq=seq or task.seq,
        check_code="claimed_done_but_pending",
        severity="严重",
        message="填报称已完成，但进展写“设备调试中”",
        state=state,
        reviewed_by=reviewer if state == "reviewed" else None,
        reviewed_at=local(on) if state == "reviewed" else None,
        last_seen=local(on),
    )


@pytest.fixture
def make_scheme(wang: User) -> Callable[..., AssessmentScheme]:
    def make(**values: Any) -> AssessmentScheme:
        defaults: dict[str, Any] = {"year": 2025, "name": "2025年度重点工作考核"}
        return scheme_save(actor=wang, values={**defaults, **values})

    return make


@pytest.fixture
def scheme(make_scheme: Callable[..., AssessmentScheme]) -> AssessmentScheme:
    """100 to start; 未报 2, 迟报 1, 退回 0.5, 核查问题 1, 逾期 2 (the defaults), no caps."""
    return make_scheme()


POINTS = {
    "missing_report": Decimal(2),
    "late_report": Decimal(1),
    "returned_report": Decimal("0.5"),
    "finding": Decimal(1),
    "overdue_task": Decimal(2),
}

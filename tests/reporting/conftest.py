"""A round opened on the 2025 table; 青阳镇 leads row 14 (源容电气) and shares row 6 (清华 MUST)."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.accounts.models import User
from duban.plans.models import Plan, Task
from duban.reporting.models import ProgressReport, ReportingRound
from duban.reporting.services.rounds import round_open
from tests.web.conftest import *  # noqa: F403  (the personas)


@pytest.fixture
def november(plan_2025: Plan, wang: User) -> ReportingRound:
    return round_open(actor=wang, plan=plan_2025, label="2025年11月", due_date=dt.date(2025, 11, 25))


def task(plan: Plan, seq: str) -> Task:
    return plan.tasks.get(seq=seq, section__position=1)


@pytest.fixture
def qingyang_report(november: ReportingRound, plan_2025: Plan) -> ProgressReport:
    return november.reports.get(task=task(plan_2025, "14"))


@pytest.fixture
def shared_report(november: ReportingRound, plan_2025: Plan) -> ProgressReport:
    return november.reports.get(task=task(plan_2025, "6"))

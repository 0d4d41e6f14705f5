"""基层减负台账: what each unit was asked per month, the plans over the cap, and the cap itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.core import clock
from duban.dashboards.burden import COUNTS, REPORT_FIELDS, burden_ledger
from duban.plans.models import Plan
from duban.reporting.models import ProgressReport, ReportingRound
from duban.reporting.services.caps import DEFAULT_MONTHLY_ROUNDS, round_cap_set
from duban.reporting.services.reminders import task_remind, unit_remind
from duban.reporting.services.rounds import round_open
from duban.supervision.choices import NoticeLevel
from duban.supervision.services.escalation import notice_issue
from duban.units.models import Unit
from tests.reporting.conftest import task
from tests.reporting.test_transitions import DONE, act

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]
NOVEMBER = dt.date(2025, 11, 1)


def row_of(unit: str, month: dt.date = NOVEMBER) -> dict[str, int]:
    ledger = burden_ledger(month.year)
    found = next(r for r in ledger.rows if (r.unit, r.month) == (unit, month))
    return {source.key: n for source, n in zip(COUNTS, found.counts, strict=True)}


def test_the_ledger_counts_what_each_unit_was_asked_in_the_month(
    qingyang_report: ProgressReport, november: ReportingRound, li: User, wang: User, plan_2025: Plan
) -> None:
    act(qingyang_report, li, "submit", DONE)
    act(qingyang_report, wang, "return", comment="请写明投产时间")
    task_remind(actor=wang, task=task(plan_2025, "14"), today=clock.today())
    qingyang = Unit.objects.get(name="青阳镇")
    notice_issue(
        actor=wang, task=task(plan_2025, "14"), unit=qingyang, level=NoticeLevel.BLUE, problem="滞后"
    )
    asked = november.reports.filter(unit=qingyang).count()
    assert row_of("青阳镇") == {
        "rounds": 1,
        "fields": asked * len(REPORT_FIELDS),
        "returns": 1,
        "reminders": 1,
        "notices": 1,
    }
    assert row_of("月城镇")["returns"] == 0


def test_a_plan_opening_more_rounds_than_the_cap_is_warned(plan_2025: Plan, wang: User) -> None:
    for n in range(DEFAULT_MONTHLY_ROUNDS + 1):
        round_open(actor=wang, plan=plan_2025, label=f"11月第{n + 1}次", due_date=dt.date(2025, 11, 28))
    (warning,) = burden_ledger(2025).warnings
    assert (warning.plan, warning.month, warning.rounds) == (
        plan_2025.title,
        NOVEMBER,
        DEFAULT_MONTHLY_ROUNDS + 1,
    )
    round_cap_set(actor=wang, monthly_rounds=DEFAULT_MONTHLY_ROUNDS + 1)
    assert burden_ledger(2025).warnings == []


def test_the_ledger_costs_the_same_queries_for_two_units_or_ten(
    november: ReportingRound, wang: User, plan_2025: Plan
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            burden_ledger(2025)
        return len(captured)

    before = queries()
    for n in range(8):
        unit = Unit.objects.create(name=f"测试街道{n}")
        unit_remind(
            actor=wang, unit=unit, task=task(plan_2025, "14"), text="请报送", today=clock.today(), what="催办"
        )
    assert len(burden_ledger(2025).rows) >= 10
    assert queries() == before == len(COUNTS) + 3


def test_leaders_read_the_ledger_and_the_office_sets_the_cap(
    november: ReportingRound, wang: User, zhang: User, client_for: Login
) -> None:
    page = client_for(zhang).get(reverse("dashboards:burden"), {"year": "2025"}).content.decode()
    assert "基层减负台账（2025年）" in page and "青阳镇" in page
    assert reverse("dashboards:burden_cap") not in page  # the leader reads, the office sets
    assert (
        client_for(zhang).post(reverse("dashboards:burden_cap"), {"monthly_rounds": "3"}).status_code == 403
    )
    response = client_for(wang).post(reverse("dashboards:burden_cap"), {"monthly_rounds": "3"}, follow=True)
    assert "已设置每个计划每月最多填报3轮" in response.content.decode()
    assert AuditEntry.objects.filter(message__contains="设置每个计划每月最多填报轮次").exists()


def test_a_cap_of_zero_is_refused_in_chinese(wang: User, client_for: Login) -> None:
    response = client_for(wang).post(reverse("dashboards:burden_cap"), {"monthly_rounds": "0"}, follow=True)
    assert "每个计划每月最多填报轮次" in response.content.decode()
    assert burden_ledger(2025).cap == DEFAULT_MONTHLY_ROUNDS

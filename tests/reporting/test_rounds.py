"""Opening rounds by hand and from rules; drafts start from last month's text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.plans.models import Plan
from duban.reporting.choices import Claim, Recurrence, ReportStatus
from duban.reporting.models import ReportingRound, RoundRule
from duban.reporting.selectors import RoundCounts, rounds_with_counts
from duban.reporting.services.rounds import round_open, rounds_open_from_rules, rule_period
from duban.reporting.services.transitions import ReportContent, report_transition
from tests.reporting.conftest import task


def test_every_task_gets_one_report_owned_by_its_first_lead_unit(
    november: ReportingRound, plan_2025: Plan
) -> None:
    assert november.reports.count() == 73
    row1 = november.reports.get(task=task(plan_2025, "1"))
    assert row1.unit.name == "市自然资源规划局"  # 市自然资源规划局、霞科办 lead row 1


def test_a_plans_rounds_count_their_reports_filed_waiting_and_accepted(
    november: ReportingRound, plan_2025: Plan, wang: User
) -> None:
    october = round_open(actor=wang, plan=plan_2025, label="2025年10月", due_date=dt.date(2025, 10, 25))
    ids = list(november.reports.values_list("pk", flat=True))
    november.reports.filter(pk__in=ids[:2]).update(status=ReportStatus.UNIT_REVIEW)
    november.reports.filter(pk__in=ids[2:5]).update(status=ReportStatus.SUBMITTED)
    november.reports.filter(pk__in=ids[5:9]).update(status=ReportStatus.ACCEPTED)
    november.reports.filter(pk__in=ids[9:10]).update(status=ReportStatus.RETURNED)
    counts = {c.round: c for c in rounds_with_counts(plan_2025.pk)}
    assert counts[november] == RoundCounts(november, total=73, submitted=9, waiting=3, accepted=4)
    assert counts[october] == RoundCounts(october, total=73, submitted=0, waiting=0, accepted=0)


def test_a_round_label_is_unique_per_plan(november: ReportingRound, plan_2025: Plan, wang: User) -> None:
    with pytest.raises(ValidationError, match="已有"):
        round_open(actor=wang, plan=plan_2025, label="2025年11月", due_date=dt.date(2025, 11, 25))


def test_a_new_round_starts_from_the_last_reported_text(
    november: ReportingRound, plan_2025: Plan, li: User, wang: User
) -> None:
    report = november.reports.get(task=task(plan_2025, "14"))
    report_transition(
        actor=li,
        report=report,
        action="save",
        expected_version=1,
        content=ReportContent("11月：设备安装完成。", Claim.IN_PROGRESS),
    )
    december = round_open(actor=wang, plan=plan_2025, label="2025年12月", due_date=dt.date(2025, 12, 25))
    assert december.reports.get(task=task(plan_2025, "14")).progress == "11月：设备安装完成。"
    assert december.reports.get(task=task(plan_2025, "13")).progress.startswith(
        "1号车间主体完工"
    )  # from the table


@pytest.mark.parametrize(
    ("recurrence", "today", "label", "due"),
    [
        (Recurrence.MONTHLY, dt.date(2025, 11, 3), "2025年11月", dt.date(2025, 11, 25)),
        (Recurrence.MONTHLY, dt.date(2025, 2, 10), "2025年2月", dt.date(2025, 2, 25)),
        (Recurrence.QUARTERLY, dt.date(2025, 8, 1), "2025年第三季度", dt.date(2025, 9, 25)),
        (Recurrence.YEARLY, dt.date(2025, 3, 1), "2025年度", dt.date(2025, 12, 25)),
    ],
)
def test_rules_name_their_period_and_due_date(
    recurrence: Recurrence, today: dt.date, label: str, due: dt.date, plan_2025: Plan
) -> None:
    rule = RoundRule(plan=plan_2025, recurrence=recurrence, due_day=25)
    assert rule_period(rule, today) == (label, due)


def test_a_due_day_past_the_month_end_takes_the_last_day(plan_2025: Plan) -> None:
    assert rule_period(
        RoundRule(plan=plan_2025, recurrence=Recurrence.MONTHLY, due_day=31), dt.date(2025, 2, 1)
    )[1] == (dt.date(2025, 2, 28))


def test_rules_open_each_period_once(plan_2025: Plan) -> None:
    RoundRule.objects.create(plan=plan_2025, recurrence=Recurrence.MONTHLY, due_day=25)
    assert [r.label for r in rounds_open_from_rules(today=dt.date(2025, 11, 1))] == ["2025年11月"]
    assert rounds_open_from_rules(today=dt.date(2025, 11, 2)) == []
    assert [r.label for r in rounds_open_from_rules(today=dt.date(2025, 12, 1))] == ["2025年12月"]


def test_the_office_sets_a_monthly_rule_from_the_plan_page(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    client.post(
        reverse("reporting:rule_new", args=[plan_2025.pk]), {"recurrence": "monthly", "due_day": "25"}
    )
    client.post(
        reverse("reporting:rule_new", args=[plan_2025.pk]), {"recurrence": "quarterly", "due_day": "20"}
    )
    assert [(r.recurrence, r.due_day, r.active) for r in plan_2025.round_rules.order_by("id")] == [
        ("monthly", 25, False),
        ("quarterly", 20, True),
    ]
    assert "每季度20日前" in client.get(reverse("plans:detail", args=[plan_2025.pk])).content.decode()

"""签收: one click by the unit's own users; the office's 未签收 list after N working days; 催签."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import override_settings

from duban.accounts.models import User
from duban.common.refusals import Refused
from duban.core.clock import OFFICE_ZONE
from duban.plans.choices import UnitRole
from duban.plans.models import Plan, Section, Task, TaskUnit
from duban.reporting.models import Reminder
from duban.supervision.choices import SourceKind
from duban.supervision.models import Acknowledgement
from duban.supervision.selectors import ack_on_time_rate, overdue_unsigned, unsigned_for_unit
from duban.supervision.services.acknowledgements import acknowledgement_remind, acknowledgement_sign
from duban.supervision.services.numbers import items_issue
from duban.units.models import Unit, UnitGroup

pytestmark = pytest.mark.django_db


def ack_of(item: Task, unit: str) -> Acknowledgement:
    return Acknowledgement.objects.select_related("task", "unit").get(task=item, unit__name=unit)


def test_the_lead_and_the_responsible_unit_each_owe_a_receipt(item: Task) -> None:
    assert sorted(item.acknowledgements.values_list("unit__name", "role")) == [
        ("月城镇", "responsible"),
        ("青阳镇", "lead"),
    ]


def test_li_signs_for_qingyang_and_the_time_and_person_are_kept(item: Task, li: User, qingyang: Unit) -> None:
    ack = acknowledgement_sign(actor=li, ack=ack_of(item, "青阳镇"))
    assert ack.acknowledged_by == li
    assert ack.acknowledged_at is not None
    assert ack.acknowledged_at.astimezone(OFFICE_ZONE).date() == dt.date(2025, 11, 20)
    assert not unsigned_for_unit(qingyang).exists()


def test_the_units_reviewer_may_sign_too(item: Task, qing_reviewer: User) -> None:
    assert (
        acknowledgement_sign(actor=qing_reviewer, ack=ack_of(item, "青阳镇")).acknowledged_by == qing_reviewer
    )


def test_a_second_signature_is_refused(item: Task, li: User) -> None:
    acknowledgement_sign(actor=li, ack=ack_of(item, "青阳镇"))
    with pytest.raises(Refused, match="已于2025-11-20 09:30签收"):
        acknowledgement_sign(actor=li, ack=ack_of(item, "青阳镇"))


@pytest.mark.parametrize("who", ["zhou", "wang", "zhang"])
def test_nobody_signs_for_another_unit(item: Task, who: str, request: pytest.FixtureRequest) -> None:
    with pytest.raises(Refused, match="只有青阳镇的填报员或单位审核人可以签收"):
        acknowledgement_sign(actor=request.getfixturevalue(who), ack=ack_of(item, "青阳镇"))
    assert ack_of(item, "青阳镇").acknowledged_at is None


def test_an_item_unsigned_after_three_working_days_goes_on_the_office_list(
    item: Task, clock: time_machine.Traveller
) -> None:
    # issued Thursday 20 November; Fri, Mon, Tue are three working days: still in time on Tuesday
    assert overdue_unsigned(today=dt.date(2025, 11, 25)) == []
    late = overdue_unsigned(today=dt.date(2025, 11, 26))
    assert sorted((row.ack.unit.name, row.workdays) for row in late) == [("月城镇", 4), ("青阳镇", 4)]


@override_settings(DUBAN_ACK_WORKDAYS=5)
def test_the_limit_is_a_setting(item: Task) -> None:
    assert overdue_unsigned(today=dt.date(2025, 11, 26)) == []


def test_the_limit_counts_the_offices_working_days_across_guoqing(item: Task) -> None:
    # Issued on 30 September 2025: 1–8 October are holidays and Saturday 11 October is worked,
    # so the third working day is the 11th and the item is late from Monday the 13th.
    Acknowledgement.objects.filter(task=item).update(
        issued_at=dt.datetime(2025, 9, 30, 10, tzinfo=OFFICE_ZONE)
    )
    assert overdue_unsigned(today=dt.date(2025, 10, 11)) == []
    late = overdue_unsigned(today=dt.date(2025, 10, 13))
    assert {row.ack.unit.name for row in late} == {"青阳镇", "月城镇"}


def test_the_office_reminds_an_unsigned_unit_through_the_reminders(item: Task, wang: User) -> None:
    reminders = acknowledgement_remind(actor=wang, ack=ack_of(item, "月城镇"), today=dt.date(2025, 11, 26))
    assert [r.channel for r in reminders] == ["site"]
    assert Reminder.objects.get().text.startswith("【督办催签】月城镇：督办件霞督〔2025〕1号")


def test_only_the_office_reminds_and_not_a_signed_unit(item: Task, li: User, wang: User) -> None:
    with pytest.raises(Refused, match="只有督办员可以催签"):
        acknowledgement_remind(actor=li, ack=ack_of(item, "青阳镇"), today=dt.date(2025, 11, 26))
    acknowledgement_sign(actor=li, ack=ack_of(item, "青阳镇"))
    with pytest.raises(Refused, match="青阳镇已签收，无需催签"):
        acknowledgement_remind(actor=wang, ack=ack_of(item, "青阳镇"), today=dt.date(2025, 11, 26))


def test_the_on_time_rate_counts_receipts_within_the_limit(
    item: Task, li: User, qingyang: Unit, yuecheng: Unit, zhou: User, clock: time_machine.Traveller
) -> None:
    acknowledgement_sign(actor=li, ack=ack_of(item, "青阳镇"))
    clock.move_to(dt.datetime(2025, 11, 27, 10, 0, tzinfo=OFFICE_ZONE))
    acknowledgement_sign(actor=zhou, ack=ack_of(item, "月城镇"))
    assert ack_on_time_rate(qingyang.pk, year=2025) == (1, 1)
    assert ack_on_time_rate(yuecheng.pk, year=2025) == (0, 1)


def test_each_member_of_a_named_group_owes_one_receipt_and_a_lead_stays_a_lead(
    qingyang: Unit, yuecheng: Unit
) -> None:
    towns = UnitGroup.objects.create(name="各镇")
    towns.members.set([qingyang, yuecheng])
    plan = Plan.objects.create(title="2026年重点工作", period_start=dt.date(2026, 1, 1))
    task = Task.objects.create(
        plan=plan, section=Section.objects.create(plan=plan, title="一", position=1), position=1
    )
    TaskUnit.objects.create(task=task, unit=yuecheng, role=UnitRole.RESPONSIBLE, position=0)
    TaskUnit.objects.create(task=task, group=towns, role=UnitRole.LEAD, position=0)
    TaskUnit.objects.create(task=task, unit=qingyang, role=UnitRole.RESPONSIBLE, position=1)
    items_issue(actor=None, tasks=[task], source=SourceKind.PLAN)
    assert sorted(task.acknowledgements.values_list("unit__name", "role")) == [
        ("月城镇", "lead"),
        ("青阳镇", "lead"),
    ]

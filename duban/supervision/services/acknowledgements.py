"""签收: a unit confirms receipt with one click; the office reminds (催签) those that have not."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.freshness import plan_status_scope
from duban.common.refusals import Refused
from duban.core import clock
from duban.core.dates import cn_date
from duban.plans.services.tasks import task_refuse_if_closed
from duban.reporting.models import Reminder
from duban.reporting.services.reminders import unit_remind
from duban.supervision import access
from duban.supervision.models import Acknowledgement


@transaction.atomic
def acknowledgement_sign(*, actor: User, ack: Acknowledgement) -> Acknowledgement:
    """签收 once, by a user of the unit; the time and the person stay on the row."""
    if not access.can_acknowledge(actor, ack):
        raise Refused(f"只有{ack.unit.name}的填报员或单位审核人可以签收")
    task_refuse_if_closed(ack.task)
    if ack.acknowledged_at is not None:
        raise Refused(f"{ack.unit.name}已于{local(ack.acknowledged_at):%Y-%m-%d %H:%M}签收，无需重复签收")
    ack.acknowledged_at, ack.acknowledged_by = clock.now(), actor
    ack.save(update_fields=["acknowledged_at", "acknowledged_by"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=ack.task,
        message=f"{actor.display_name()}代表{ack.unit.name}签收{ack.task.number or ''}",
        scope=plan_status_scope(ack.task.plan_id),
    )
    return ack


def acknowledgement_remind(*, actor: User, ack: Acknowledgement, today: dt.date) -> list[Reminder]:
    """催签: the unit is told now, by every channel it has, through the reminder machinery."""
    if not access.is_office(actor):
        raise Refused("只有督办员可以催签")
    if ack.acknowledged_at is not None:
        raise Refused(f"{ack.unit.name}已签收，无需催签")
    task = ack.task
    text = (
        f"【督办催签】{ack.unit.name}：督办件{task.number or ''}“{task.title[:40]}”已于"
        f"{cn_date(local(ack.issued_at).date())}交办，请登录重点工作督查督办平台签收。"
    )
    what = f"催签{ack.unit.name}"
    return unit_remind(actor=actor, unit=ack.unit, task=task, text=text, today=today, what=what)


def local(at: dt.datetime) -> dt.datetime:
    """A stored instant on the office's wall clock."""
    return at.astimezone(clock.OFFICE_ZONE)

"""Responsible units add their part to the lead's report; every version kept and attributed."""

from __future__ import annotations

from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.freshness import plan_status_scope
from duban.common.refusals import Refused
from duban.plans.services.tasks import task_refuse_if_closed
from duban.reporting import access
from duban.reporting.choices import ReportStatus
from duban.reporting.models import Contribution, ProgressReport


def contribution_add(*, actor: User, report: ProgressReport, text: str) -> Contribution:
    if not access.is_responsible_reporter(actor, report.task):
        raise Refused("只有责任单位的填报员可以补充配合情况")
    task_refuse_if_closed(report.task)
    if report.status == ReportStatus.ACCEPTED or report.round.status != "open":
        raise Refused("该填报已通过或轮次已结束，不能再补充")
    if not text.strip():
        raise Refused("请填写配合情况")
    assert actor.unit is not None  # is_responsible_reporter holds only for a user with a unit
    with transaction.atomic():
        contribution = Contribution.objects.create(
            report=report, unit=actor.unit, text=text.strip(), author=actor
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            obj=report,
            changes={"contribution": [None, text.strip()]},
            message=f"{actor.unit.name}补充配合情况",
            scope=plan_status_scope(report.task.plan_id),
        )
    return contribution

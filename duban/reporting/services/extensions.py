"""延期申请: a lead unit asks for a later deadline; the office approves or refuses."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.freshness import plan_scope, plan_status_scope
from duban.common.refusals import Refused
from duban.core import clock
from duban.core.dates import cn_date
from duban.plans.models import Task
from duban.plans.services.tasks import task_deadline_extend, task_refuse_if_closed
from duban.reporting import access
from duban.reporting.choices import ExtensionStatus
from duban.reporting.models import DeadlineExtension


def extension_request(*, actor: User, task: Task, new_deadline: dt.date, reason: str) -> DeadlineExtension:
    if not (access.is_lead_reporter(actor, task) or access.is_lead_reviewer(actor, task)):
        raise Refused("只有牵头单位可以申请延期")
    task_refuse_if_closed(task)
    if not reason.strip():
        raise Refused("请说明延期理由")
    if task.deadline and new_deadline <= task.deadline:
        raise Refused("申请的新时限应晚于原完成时限")
    if task.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise Refused("该任务已有待审批的延期申请")
    assert actor.unit is not None  # the lead checks above hold only for a user with a unit
    with transaction.atomic():
        extension = DeadlineExtension.objects.create(
            task=task,
            unit=actor.unit,
            old_deadline=task.deadline,
            new_deadline=new_deadline,
            reason=reason.strip(),
            requested_by=actor,
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            obj=task,
            message=f"申请延期至{cn_date(new_deadline)}",
            scope=plan_status_scope(task.plan_id),
        )
    return extension


def extension_decide(
    *, actor: User, extension: DeadlineExtension, approve: bool, note: str = ""
) -> DeadlineExtension:
    if not access.is_supervisor(actor):
        raise Refused("只有督办员可以审批延期申请")
    if extension.status != ExtensionStatus.PENDING:
        raise Refused("该申请已审批")
    with transaction.atomic():
        extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
        extension.decided_by, extension.decided_at, extension.decision_note = (
            actor,
            clock.now(),
            note.strip(),
        )
        extension.save()
        task = extension.task
        changes: dict[str, list[str | None]] = {}
        if approve:
            before = task.deadline
            task_deadline_extend(task=task, deadline=extension.new_deadline)
            changes = {
                "deadline": [before.isoformat() if before else None, extension.new_deadline.isoformat()]
            }
        verdict = "同意" if approve else "不同意"
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=task,
            changes=changes,
            message=f"{verdict}延期申请：{note}",
            scope=plan_scope(task.plan_id),
        )
    return extension

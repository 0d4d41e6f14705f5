"""交办: a task from a 领导批示 or 会议纪要, outside any imported plan, with a default deadline in
working days by kind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.refusals import Refused
from duban.common.roles import Role
from duban.core.dates import cn_date
from duban.ingest.cleaning import split_units
from duban.plans.choices import DeadlineKind
from duban.plans.models import Task
from duban.plans.services.tasks import (
    UnitResolver,
    plan_get_or_create,
    section_get_or_create,
    task_assign_units,
    task_create,
)
from duban.reporting.choices import AdhocSource
from duban.reporting.models import AdhocAssignment
from duban.workdays.selectors import work_calendar


@dataclass(frozen=True)
class AdhocRequest:
    source: AdhocSource
    reference: str
    title: str
    target: str
    lead_units: str
    responsible_units: str
    deadline: dt.date | None
    document_name: str = ""
    document_path: str = ""


def default_deadline(source: AdhocSource, today: dt.date) -> dt.date:
    """The N-th working day after the 交办 day, N by source (settings.DUBAN_ADHOC_DEADLINE_WORKDAYS)."""
    workdays: int = settings.DUBAN_ADHOC_DEADLINE_WORKDAYS[str(source)]
    return work_calendar().add_workdays(today, workdays)


def adhoc_task_create(*, actor: User, request: AdhocRequest, today: dt.date) -> Task:
    if actor.role != Role.SUPERVISOR:
        raise Refused("只有督办员可以交办事项")
    leads, responsible = split_units(request.lead_units), split_units(request.responsible_units)
    if not request.title.strip() or not leads:
        raise Refused("请填写交办事项和至少一个牵头单位")
    deadline = request.deadline or default_deadline(request.source, today)
    with transaction.atomic():
        plan = plan_get_or_create(title=f"{today.year}年交办事项", year=today.year)
        task = task_create(
            section=section_get_or_create(plan=plan, title=AdhocSource(request.source).label),
            category=request.reference.strip(),
            title=request.title.strip(),
            target=request.target.strip(),
            deadline=deadline,
            deadline_text=cn_date(deadline),
            deadline_kind=DeadlineKind.DATE,
        )
        resolver = UnitResolver(actor=actor)
        task_assign_units(task=task, leads=leads, responsible=responsible, resolver=resolver)
        AdhocAssignment.objects.create(
            task=task,
            source=request.source,
            reference=request.reference.strip(),
            document_name=request.document_name,
            document_path=request.document_path,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            obj=task,
            changes={"来源": str(request.source.label)},
            message=f"交办（{request.source.label}，完成时限{cn_date(deadline)}）",
        )
    return task

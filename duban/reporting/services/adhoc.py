"""交办: a task from a 领导批示 or 会议纪要, outside any imported plan, with a default deadline by kind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.core.dates import cn_date
from duban.ingest.cleaning import split_units
from duban.plans.choices import DeadlineKind, UnitRole
from duban.plans.models import Plan, Section, Task, TaskUnit
from duban.reporting.choices import AdhocSource
from duban.reporting.models import AdhocAssignment
from duban.reporting.services.transitions import TransitionRefused
from duban.units.models import Unit, UnitGroup
from duban.units.selectors import unit_names_match
from duban.units.services import unit_create


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
    return today + dt.timedelta(days=settings.DUBAN_ADHOC_DEADLINE_DAYS[str(source)])


def adhoc_task_create(*, actor: User, request: AdhocRequest, today: dt.date) -> Task:
    if actor.role != "supervisor":
        raise TransitionRefused("只有督办员可以交办事项")
    leads, responsible = split_units(request.lead_units), split_units(request.responsible_units)
    if not request.title.strip() or not leads:
        raise TransitionRefused("请填写交办事项和至少一个牵头单位")
    deadline = request.deadline or default_deadline(request.source, today)
    with transaction.atomic():
        plan, _ = Plan.objects.get_or_create(
            title=f"{today.year}年交办事项",
            period_start=dt.date(today.year, 1, 1),
            period_end=dt.date(today.year, 12, 31),
        )
        section = _section(plan, AdhocSource(request.source).label)
        position = (plan.tasks.aggregate(last=Max("position"))["last"] or 0) + 1
        task = Task.objects.create(
            plan=plan,
            section=section,
            position=position,
            seq=str(section.tasks.count() + 1),
            category=request.reference.strip(),
            title=request.title.strip(),
            target=request.target.strip(),
            deadline=deadline,
            deadline_text=cn_date(deadline),
            deadline_kind=DeadlineKind.DATE,
        )
        _assign(actor, task, leads, UnitRole.LEAD)
        _assign(actor, task, responsible, UnitRole.RESPONSIBLE)
        AdhocAssignment.objects.create(
            task=task,
            source=request.source,
            reference=request.reference.strip(),
            document_name=request.document_name,
            document_path=request.document_path,
            created_by=actor,
        )
        audit_record(actor=actor, action=Action.CREATE, obj=task, changes={"source": str(request.source)})
    return task


def _section(plan: Plan, title: str) -> Section:
    section = plan.sections.filter(title=title).first()
    return section or Section.objects.create(plan=plan, title=title, position=plan.sections.count() + 1)


def _assign(actor: User, task: Task, names: list[str], role: UnitRole) -> None:
    for position, match in enumerate(unit_names_match(names)):
        target: Unit | UnitGroup = match.unit or match.group or unit_create(actor=actor, name=match.name)
        unit = target if isinstance(target, Unit) else None
        group = target if isinstance(target, UnitGroup) else None
        TaskUnit.objects.create(
            task=task, unit=unit, group=group, role=role, position=position, written_as=match.name
        )

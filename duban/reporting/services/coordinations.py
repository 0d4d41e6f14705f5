"""需协调事项: a lead unit asks, with its report, for what others must do; the office or the task's
leader records the outcome (已协调 / 无法协调)."""

from __future__ import annotations

import re

from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.freshness import plan_status_scope
from duban.common.refusals import Refused
from duban.core import clock
from duban.reporting import access
from duban.reporting.choices import CoordinationStatus
from duban.reporting.models import Coordination, ProgressReport
from duban.units.choices import NameMatch
from duban.units.models import Unit
from duban.units.selectors import unit_names_match

_NAME_SEPARATORS = re.compile(r"[、，,；;/\s]+")
_MATTER_LIMIT, _COUNTERPART_LIMIT = 2000, 200


def coordination_request(
    *, actor: User, report: ProgressReport, matter: str, counterpart: str, row: int = 1
) -> Coordination:
    """One 需协调事项 of the report, with whom it is to be settled; the first name the unit directory
    knows (by name or alias) becomes its 协调单位. ``row`` is its line on the form, for the refusal."""
    if not access.is_lead_reporter(actor, report.task):
        raise Refused("只有牵头单位的填报员可以提出需协调事项")
    matter, counterpart = matter.strip(), counterpart.strip()
    where = f"需协调事项第{row}行"
    if not matter:
        raise Refused(f"{where}：请写明需要协调什么")
    if not counterpart:
        raise Refused(f"{where}：请写明与哪个单位或谁协调")
    if len(matter) > _MATTER_LIMIT or len(counterpart) > _COUNTERPART_LIMIT:
        raise Refused(
            f"{where}：内容过长（事项不超过{_MATTER_LIMIT}字，协调对象不超过{_COUNTERPART_LIMIT}字）"
        )
    assert actor.unit is not None  # a lead reporter has a unit
    with transaction.atomic():
        coordination = Coordination.objects.create(
            report=report,
            task=report.task,
            unit=actor.unit,
            matter=matter,
            counterpart=counterpart,
            counterpart_unit=_known_unit(counterpart),
            requested_by=actor,
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            obj=coordination,
            message=f"提出需协调事项（协调对象：{counterpart}）：{matter}",
            scope=plan_status_scope(report.task.plan_id),
        )
    return coordination


def _known_unit(counterpart: str) -> Unit | None:
    names = [name for name in _NAME_SEPARATORS.split(counterpart) if name]
    for match in unit_names_match(names):
        if match.match in (NameMatch.EXISTING, NameMatch.ALIAS):
            return match.unit
    return None


def coordination_decide(
    *, actor: User, coordination: Coordination, status: CoordinationStatus, outcome: str
) -> Coordination:
    """The office or a leader records how the matter was settled, or why it cannot be."""
    if not access.can_decide_coordinations(actor):
        raise Refused("只有督办员或领导可以处理需协调事项")
    if coordination.status != CoordinationStatus.PENDING:
        raise Refused(f"该事项已处理（{coordination.get_status_display()}）")
    if status == CoordinationStatus.PENDING:
        raise Refused("请选择“已协调”或“无法协调”")
    outcome = outcome.strip()
    if not outcome:
        raise Refused("请填写协调结果")
    with transaction.atomic():
        coordination.status, coordination.outcome = status, outcome
        coordination.decided_by, coordination.decided_at = actor, clock.now()
        coordination.save(update_fields=["status", "outcome", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=coordination,
            changes={"状态": ["待协调", status.label]},
            message=f"需协调事项{status.label}：{outcome}",
            scope=plan_status_scope(coordination.task.plan_id),
        )
    return coordination

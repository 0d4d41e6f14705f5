"""Year end: carry a plan's unfinished tasks into next year's plan, linked to their history."""

from __future__ import annotations

from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.refusals import Refused
from duban.common.roles import Role
from duban.plans.choices import TaskStatus
from duban.plans.models import Plan
from duban.plans.services.carryover import tasks_carry_over
from duban.reporting.models import Carryover


def plan_carry_over(*, actor: User, plan: Plan) -> tuple[Plan, int]:
    """Copy every task not done and not carried before into next year's plan; each copy links back."""
    if actor.role != Role.SUPERVISOR:
        raise Refused("只有督办员可以结转任务")
    with transaction.atomic():
        origins = plan.tasks.exclude(status=TaskStatus.DONE).filter(carried_to__isnull=True)
        target, pairs = tasks_carry_over(plan=plan, origins=origins.order_by("position"))
        Carryover.objects.bulk_create(Carryover(origin=origin, task=copy) for origin, copy in pairs)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            obj=target,
            changes={"carried_over": len(pairs), "from": plan.title},
            message=f"从《{plan.title}》结转{len(pairs)}项未完成任务",
        )
    return target, len(pairs)

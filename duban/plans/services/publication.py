"""政务公开: publish a plan read-only with the fields the office selects, or withdraw it."""

from __future__ import annotations

from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.freshness import plan_scope
from duban.common.refusals import Refused
from duban.common.roles import Role
from duban.plans.models import Plan, PlanPublication, PublicField


def plan_publish(*, actor: User, plan: Plan, fields: list[str]) -> PlanPublication:
    if actor.role != Role.SUPERVISOR:
        raise Refused("只有督办员可以发布政务公开")
    chosen = [f for f in PublicField.values if f in fields]
    if PublicField.TITLE not in chosen:
        chosen.insert(0, PublicField.TITLE)  # a row without its title says nothing
    with transaction.atomic():
        publication, _ = PlanPublication.objects.update_or_create(
            plan=plan, defaults={"fields": chosen, "published_by": actor}
        )
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=plan,
            changes={"public_fields": chosen},
            message="政务公开",
            scope=plan_scope(plan.pk),
        )
    return publication


def plan_unpublish(*, actor: User, plan: Plan) -> None:
    if actor.role != Role.SUPERVISOR:
        raise Refused("只有督办员可以撤回政务公开")
    with transaction.atomic():
        PlanPublication.objects.filter(plan=plan).delete()
        audit_record(
            actor=actor, action=Action.UPDATE, obj=plan, message="撤回政务公开", scope=plan_scope(plan.pk)
        )

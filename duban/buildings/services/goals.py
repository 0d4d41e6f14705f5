"""Binding a plan's indicator to a live measure. Audited like every other write."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.buildings.measures import MEASURES
from duban.buildings.models import GoalBinding
from duban.plans.models import Indicator, Plan

PERIOD_PARAMS = ("start", "end")


def goal_bind(*, actor: User, indicator: Indicator, measure: str, params: dict[str, Any]) -> GoalBinding:
    """Count the indicator with ``measure``; params are the measure's own plus an optional period."""
    if measure not in MEASURES:
        raise ValidationError(f"未知的统计口径：{measure}")
    allowed = (*MEASURES[measure].params, *PERIOD_PARAMS)
    params = {k: v for k, v in params.items() if k in allowed and v not in (None, "", [])}
    with transaction.atomic():
        binding = GoalBinding.objects.filter(indicator=indicator).first()
        before = [binding.measure, binding.params] if binding else [None, None]
        binding = binding or GoalBinding(indicator=indicator, created_by=actor)
        binding.plan_id, binding.indicator_text = indicator.plan_id, indicator.text
        binding.on_goal = indicator.goal_id is not None
        binding.measure, binding.params = measure, params
        binding.full_clean()
        binding.save()
        audit_record(
            actor=actor,
            action=Action.UPDATE if before[0] else Action.CREATE,
            obj=binding,
            changes={"口径": [before[0], measure], "参数": [before[1], params], "指标": str(indicator)},
        )
    return binding


def goal_unbind(*, actor: User, indicator: Indicator) -> None:
    with transaction.atomic():
        binding = GoalBinding.objects.filter(indicator=indicator).first()
        if binding is None:
            return
        audit_record(
            actor=actor,
            action=Action.DELETE,
            obj=binding,
            changes={"口径": [binding.measure, None], "指标": str(indicator)},
        )
        binding.delete()


def goal_bindings_relink_on_import(*, plan: Plan, actor: User | None, **_: Any) -> None:
    """The receiver of plans' ``plan_indicators_replaced``."""
    goal_bindings_relink(actor=actor, plan=plan)


def goal_bindings_relink(*, actor: User | None, plan: Plan) -> int:
    """After a re-import replaced the plan's indicators, bind each new indicator its old measure.

    An indicator is recognised by its text and by whether it belongs to a goal or a
    task; a binding whose indicator is gone from the file stays unlinked (and unshown).
    """
    with transaction.atomic():
        orphans = list(GoalBinding.objects.select_for_update().filter(plan=plan, indicator__isnull=True))
        free = Indicator.objects.filter(plan=plan, live_binding__isnull=True).order_by("pk")
        by_text = {(i.text, i.goal_id is not None): i for i in reversed(list(free))}
        relinked = 0
        for binding in orphans:
            indicator = by_text.pop((binding.indicator_text, binding.on_goal), None)
            if indicator is None:
                continue
            binding.indicator = indicator
            binding.save(update_fields=["indicator", "updated_at"])
            audit_record(
                actor=actor,
                action=Action.UPDATE,
                obj=binding,
                changes={"指标": str(indicator)},
                message="计划重新导入后恢复统计口径",
            )
            relinked += 1
    return relinked

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
from duban.plans.models import Indicator

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

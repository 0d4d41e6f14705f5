"""Writing schemes and leader points; each write is one transaction with its audit row."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from duban.accounts.models import User
from duban.assessment.access import can_give_points, can_manage_schemes
from duban.assessment.models import AssessmentScheme, LeaderPoints
from duban.assessment.selectors import assessed_unit_ids
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record, field_changes
from duban.units.models import Unit

SCHEME_FIELDS = (
    "year",
    "name",
    "base_score",
    "missing_report_points",
    "missing_report_cap",
    "late_report_points",
    "late_report_cap",
    "returned_report_points",
    "returned_report_cap",
    "finding_points",
    "finding_cap",
    "overdue_task_points",
    "overdue_task_cap",
)


def _text(value: object) -> str | None:
    """100.00 and 100 read the same in the audit log."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _snapshot(scheme: AssessmentScheme) -> dict[str, str | None]:
    return {name: _text(getattr(scheme, name)) for name in SCHEME_FIELDS}


def scheme_save(
    *, actor: User, values: dict[str, Any], scheme: AssessmentScheme | None = None
) -> AssessmentScheme:
    """Create or change a year's scheme; the scores follow, since they are computed, never stored."""
    if not can_manage_schemes(actor):
        raise ValidationError("只有督办员可以设置考核方案")
    created = scheme is None
    scheme = scheme or AssessmentScheme(created_by=actor)
    # As stored, not as passed: a bound ModelForm has already written its values onto the instance.
    before = {} if created else _snapshot(AssessmentScheme.objects.get(pk=scheme.pk))
    for name in SCHEME_FIELDS:
        if name in values:
            setattr(scheme, name, values[name])
    scheme.full_clean()
    with transaction.atomic():
        scheme.save()
        audit_record(
            actor=actor,
            action=Action.CREATE if created else Action.UPDATE,
            obj=scheme,
            changes=field_changes(before, _snapshot(scheme)),
        )
    return scheme


def leader_points_add(
    *, actor: User, scheme: AssessmentScheme, unit: Unit, points: Decimal, reason: str
) -> LeaderPoints:
    """A leader's (or the office's) evaluation of one unit: points up or down, with the reason."""
    if not can_give_points(actor):
        raise ValidationError("只有领导或督办员可以录入领导评价")
    if not points:
        raise ValidationError("分值不能为0")
    if not reason.strip():
        raise ValidationError("请填写评价理由")
    if unit.pk not in assessed_unit_ids(scheme):
        raise ValidationError(f"“{unit.name}”不在{scheme.year}年考核范围内")
    entry = LeaderPoints(scheme=scheme, unit=unit, points=points, reason=reason.strip(), given_by=actor)
    entry.full_clean()
    with transaction.atomic():
        entry.save()
        audit_record(
            actor=actor,
            action=Action.CREATE,
            obj=entry,
            changes={"scheme": str(scheme), "unit": unit.name, "points": str(points)},
            message=entry.reason,
        )
    return entry


def leader_points_delete(*, actor: User, entry: LeaderPoints) -> None:
    if not can_give_points(actor):
        raise ValidationError("只有领导或督办员可以删除领导评价")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=Action.DELETE,
            obj=entry,
            changes={"unit": entry.unit.name, "points": str(entry.points)},
            message=entry.reason,
        )
        entry.delete()


def leader_points_unit_merge(*, source: Unit, target: Unit, **_: Any) -> dict[str, int]:
    """``unit_merging``: points a leader gave the merged unit count for the unit it joined."""
    return {"leader_points": LeaderPoints.objects.filter(unit=source).update(unit=target)}

"""Who may read and keep the unit directory: the office and leaders read it; the office and
the system administrator keep it (aliases, merges). A unit's own 台账 is duban/web/ledger.py."""

from __future__ import annotations

from django.db.models import QuerySet

from duban.common.access import Person, found_or_404
from duban.units.models import Unit


def can_see_directory(user: Person) -> bool:
    return user.sees_all_tasks or user.can_manage_units


def can_manage_units(user: Person) -> bool:
    return user.can_manage_units


def units_visible_to(user: Person) -> QuerySet[Unit]:
    """Units whose page (台账) the user may open: every unit for readers of everything, one's own
    unit for the others."""
    if user.sees_all_tasks:
        return Unit.objects.all()
    return Unit.objects.filter(pk=user.unit_id) if user.unit_id else Unit.objects.none()


def get_unit_for_user(user: Person, pk: int) -> Unit:
    unit = (
        units_visible_to(user)
        .select_related("parent")
        .prefetch_related("aliases", "groups")
        .filter(pk=pk)
        .first()
    )
    return found_or_404(unit, user, f"单位 {pk}", "没有找到该单位")

"""Who may see and change which scores.

The office (督办员) sets schemes; the office and leaders read every unit's score,
export the ranking and enter leader points; a unit's users read their own unit's
score only, and another unit's answers 404 as if it did not exist. The auditor
and the system administrator see none.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import Http404

from duban.accounts.models import User
from duban.assessment.selectors import UnitScore
from duban.common.access import deny
from duban.common.roles import Role


def can_manage_schemes(user: User) -> bool:
    return user.role == Role.SUPERVISOR


def can_see_every_score(user: User) -> bool:
    return user.sees_all_tasks


def can_see_scores(user: User) -> bool:
    return user.sees_all_tasks or (user.is_unit_user and user.unit_id is not None)


def can_give_points(user: User) -> bool:
    return user.role in {Role.SUPERVISOR, Role.LEADER}


def may_see_unit(user: User, unit_id: int) -> bool:
    return can_see_every_score(user) or (user.is_unit_user and user.unit_id == unit_id)


def visible_scores(user: User, scores: Iterable[UnitScore]) -> list[UnitScore]:
    """All scores for the office and leaders, the unit's own for a unit's users."""
    return [s for s in scores if may_see_unit(user, s.unit.pk)]


def check_unit_visible(user: User, unit_id: int) -> None:
    if not may_see_unit(user, unit_id):
        deny(user, f"考核单位 {unit_id}")
        raise Http404("没有找到该单位的考核结果")

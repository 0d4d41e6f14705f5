"""Who may do what in a 督办件's lifecycle. Visibility follows the task (duban/plans/access.py)."""

from __future__ import annotations

from django.db.models import QuerySet

from duban.accounts.models import User
from duban.common.access import found_or_404
from duban.common.roles import BUSINESS_ROLES, ROLES_SEEING_ALL_TASKS, Role
from duban.plans.choices import UnitRole
from duban.plans.models import Task
from duban.supervision.models import Acknowledgement, Lifecycle, SupervisionNotice


def is_office(user: User) -> bool:
    """The 督办员: numbers, 催签, 销号, returns, archives, 回头看."""
    return user.role == Role.SUPERVISOR


def can_acknowledge(user: User, ack: Acknowledgement) -> bool:
    """The unit's 填报员 or 单位审核人 signs for their own unit."""
    return user.role in (Role.REPORTER, Role.UNIT_REVIEWER) and user.unit_id == ack.unit_id


def can_request_close(user: User, task: Task) -> bool:
    """A lead unit's 填报员 or 单位审核人 files the 办结申请."""
    leads = task.named_units.get(UnitRole.LEAD, set())
    return user.role in (Role.REPORTER, Role.UNIT_REVIEWER) and user.unit_id in leads


def is_instructing_leader(user: User, lifecycle: Lifecycle | None) -> bool:
    """The 领导 chosen on the item reads its closing report (阅示)."""
    return lifecycle is not None and user.role == Role.LEADER and lifecycle.leader_id == user.pk


def can_see_office_lists(user: User) -> bool:
    return user.role in (Role.SUPERVISOR, Role.LEADER)


def notices_visible_to(user: User) -> QuerySet[SupervisionNotice]:
    """督办单: the office and leaders read every one; a unit reads those sent to it; administrators none."""
    notices = SupervisionNotice.objects.all()
    if user.role in ROLES_SEEING_ALL_TASKS:
        return notices
    if user.is_unit_user and user.unit_id:
        return notices.filter(unit_id=user.unit_id)
    return notices.none()


def get_notice_for_user(user: User, pk: int) -> SupervisionNotice:
    """The notice, or 404 (recorded as a denial) for one the user may not read."""
    found = (
        notices_visible_to(user).select_related("task__plan", "unit", "issued_by__unit").filter(pk=pk).first()
    )
    return found_or_404(found, user, f"督办单#{pk}")


def can_receive_notice(user: User, notice: SupervisionNotice) -> bool:
    """The unit's 填报员 or 单位审核人 signs for and answers a notice sent to their unit."""
    return user.role in (Role.REPORTER, Role.UNIT_REVIEWER) and user.unit_id == notice.unit_id


def can_read_notices(user: User) -> bool:
    """The 督办单 list: business roles (a unit sees its own inside); administrators are refused."""
    return user.role in BUSINESS_ROLES

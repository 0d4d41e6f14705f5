"""Who may do what in a 督办件's lifecycle. Visibility follows the task (duban/plans/access.py)."""

from __future__ import annotations

from duban.accounts.models import User
from duban.common.roles import Role
from duban.plans.choices import UnitRole
from duban.plans.models import Task
from duban.supervision.models import Acknowledgement, Lifecycle


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

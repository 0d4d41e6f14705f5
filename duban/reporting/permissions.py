"""Who may do what to a report: the lead unit files, its reviewer signs off, the office decides."""

from __future__ import annotations

from duban.accounts.models import User
from duban.common.roles import Role
from duban.plans.choices import UnitRole
from duban.plans.models import Task


def unit_ids_of(task: Task, role: UnitRole) -> set[int]:
    """Units named on the task in this role, directly or as members of a named group."""
    return task.named_units.get(role, set())


def is_lead_reporter(user: User, task: Task) -> bool:
    return user.role == Role.REPORTER and user.unit_id in unit_ids_of(task, UnitRole.LEAD)


def is_lead_reviewer(user: User, task: Task) -> bool:
    return user.role == Role.UNIT_REVIEWER and user.unit_id in unit_ids_of(task, UnitRole.LEAD)


def is_responsible_reporter(user: User, task: Task) -> bool:
    return user.role == Role.REPORTER and user.unit_id in unit_ids_of(task, UnitRole.RESPONSIBLE)


def is_supervisor(user: User) -> bool:
    return user.role == Role.SUPERVISOR

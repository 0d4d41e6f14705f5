"""Who may do what to a report: the lead unit files, its reviewer signs off, the office decides."""

from __future__ import annotations

from duban.accounts.choices import Role
from duban.accounts.models import User
from duban.plans.choices import UnitRole
from duban.plans.models import Task, TaskUnit


def unit_ids_of(task: Task, role: UnitRole) -> set[int]:
    """Units named on the task in this role, directly or as members of a named group.
    One query per task and role, kept on the task: a report page asks for each transition."""
    known: dict[UnitRole, set[int]] = task.__dict__.setdefault("_unit_ids_by_role", {})
    if role not in known:
        rows = TaskUnit.objects.filter(task=task, role=role).values_list("unit_id", "group__members")
        known[role] = {unit for pair in rows for unit in pair if unit is not None}
    return known[role]


def is_lead_reporter(user: User, task: Task) -> bool:
    return user.role == Role.REPORTER and user.unit_id in unit_ids_of(task, UnitRole.LEAD)


def is_lead_reviewer(user: User, task: Task) -> bool:
    return user.role == Role.UNIT_REVIEWER and user.unit_id in unit_ids_of(task, UnitRole.LEAD)


def is_responsible_reporter(user: User, task: Task) -> bool:
    return user.role == Role.REPORTER and user.unit_id in unit_ids_of(task, UnitRole.RESPONSIBLE)


def is_supervisor(user: User) -> bool:
    return user.role == Role.SUPERVISOR

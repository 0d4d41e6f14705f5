"""Who may do what to a report: the lead unit files, its reviewer signs off, the office decides."""

from __future__ import annotations

from duban.accounts.models import User
from duban.common.roles import Role
from duban.plans.choices import UnitRole
from duban.plans.models import Task, TaskUnit


def unit_ids_of(task: Task, role: UnitRole) -> set[int]:
    """Units named on the task in this role, directly or as members of a named group."""
    return named_units(task).get(role, set())


def named_units(task: Task) -> dict[str, set[int]]:
    """Role → the units the task names in it, directly or through a group. One query per
    task, kept on it: a report page asks for each transition and for the page itself."""
    if "_named_units" not in task.__dict__:
        named: dict[str, set[int]] = {}
        rows = TaskUnit.objects.filter(task=task).values_list("role", "unit_id", "group__members")
        for role, unit, member in rows:
            named.setdefault(role, set()).update(i for i in (unit, member) if i is not None)
        task.__dict__["_named_units"] = named
    return task.__dict__["_named_units"]  # type: ignore[no-any-return]


def is_lead_reporter(user: User, task: Task) -> bool:
    return user.role == Role.REPORTER and user.unit_id in unit_ids_of(task, UnitRole.LEAD)


def is_lead_reviewer(user: User, task: Task) -> bool:
    return user.role == Role.UNIT_REVIEWER and user.unit_id in unit_ids_of(task, UnitRole.LEAD)


def is_responsible_reporter(user: User, task: Task) -> bool:
    return user.role == Role.REPORTER and user.unit_id in unit_ids_of(task, UnitRole.RESPONSIBLE)


def is_supervisor(user: User) -> bool:
    return user.role == Role.SUPERVISOR

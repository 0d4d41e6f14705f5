"""Who may do what to a report: the lead unit files, its reviewer signs off, the office decides."""

from __future__ import annotations

from django.db.models import Q

from duban.accounts.choices import Role
from duban.accounts.models import User
from duban.plans.choices import UnitRole
from duban.plans.models import Task, TaskUnit


def unit_ids_of(task: Task, role: UnitRole) -> set[int]:
    """Units named on the task in this role, directly or as members of a named group."""
    rows = TaskUnit.objects.filter(task=task, role=role)
    direct = set(rows.filter(unit__isnull=False).values_list("unit_id", flat=True))
    members = set(
        TaskUnit.objects.filter(Q(task=task, role=role, group__isnull=False)).values_list(
            "group__members", flat=True
        )
    )
    return {i for i in direct | members if i is not None}


def is_lead_reporter(user: User, task: Task) -> bool:
    return user.role == Role.REPORTER and user.unit_id in unit_ids_of(task, UnitRole.LEAD)


def is_lead_reviewer(user: User, task: Task) -> bool:
    return user.role == Role.UNIT_REVIEWER and user.unit_id in unit_ids_of(task, UnitRole.LEAD)


def is_responsible_reporter(user: User, task: Task) -> bool:
    return user.role == Role.REPORTER and user.unit_id in unit_ids_of(task, UnitRole.RESPONSIBLE)


def is_supervisor(user: User) -> bool:
    return user.role == Role.SUPERVISOR

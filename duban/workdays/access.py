"""Who keeps the working-day calendar: the 系统管理员 (configuration is his part of 三员)."""

from __future__ import annotations

from duban.common.access import Person
from duban.common.roles import Role


def can_keep_calendar(user: Person) -> bool:
    return user.role == Role.SYSADMIN

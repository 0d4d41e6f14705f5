"""Who may keep the remembered layouts (版式): the office's 督办员."""

from __future__ import annotations

from duban.accounts.models import User
from duban.common.roles import Role


def can_keep_layouts(user: User) -> bool:
    return user.role == Role.SUPERVISOR

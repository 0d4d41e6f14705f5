from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    SYSADMIN = "sysadmin", "系统管理员"
    SUPERVISOR = "supervisor", "督办员"
    REPORTER = "reporter", "单位填报员"
    UNIT_REVIEWER = "unit_reviewer", "单位审核人"
    LEADER = "leader", "领导"
    AUDITOR = "auditor", "审计员"


# Who reads every plan and task; unit roles read only what their unit owns.
ROLES_SEEING_ALL_TASKS = frozenset({Role.SUPERVISOR, Role.LEADER})
UNIT_ROLES = frozenset({Role.REPORTER, Role.UNIT_REVIEWER})

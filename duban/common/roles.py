"""Roles, and which of them are the three separated administrators (三员分立).

One account holds exactly one role, so no account can be two administrators at once.
The rules on who may create and grant which role live in duban/accounts/services.py.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"
    AUDITOR = "auditor", "审计管理员"
    SUPERVISOR = "supervisor", "督办员"
    REPORTER = "reporter", "单位填报员"
    UNIT_REVIEWER = "unit_reviewer", "单位审核人"
    LEADER = "leader", "领导"


# Who reads every plan and task; unit roles read only what their unit owns.
ROLES_SEEING_ALL_TASKS = frozenset({Role.SUPERVISOR, Role.LEADER})
UNIT_ROLES = frozenset({Role.REPORTER, Role.UNIT_REVIEWER})

# 三员: 系统管理员 runs accounts, configuration and backups; 安全管理员 grants roles and units;
# 审计管理员 reads the audit log. None of them works on plans.
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})
BUSINESS_ROLES = frozenset(set(Role) - ADMIN_ROLES)
# A 系统管理员 creates business accounts only: all three administrators, itself included, are made
# on the server (admin_account), so no web form can make a second 系统管理员 by mistake.
ROLES_SYSADMIN_MAY_CREATE = BUSINESS_ROLES
# A 安全管理员 grants business roles only; administrator roles are set on the server (admin_account).
ROLES_SECADMIN_MAY_GRANT = BUSINESS_ROLES
# Accounts only the server command may touch: a 系统管理员 cannot lock out or reset its watchers.
ROLES_BEYOND_SYSADMIN = frozenset({Role.SECADMIN, Role.AUDITOR})

# Roles that must pass a TOTP second factor (settings.DUBAN_OTP_REQUIRED_ROLES can narrow it).
OTP_REQUIRED_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR, Role.SUPERVISOR})

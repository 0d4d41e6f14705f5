"""Who may read the audit log: the 审计管理员 alone (三员分立), who cannot write anything else."""

from __future__ import annotations

from duban.common.access import Person


def can_read_audit_log(user: Person) -> bool:
    return user.can_read_audit_log

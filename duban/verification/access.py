"""Who may see and act on the findings of the consistency audit.

Findings are the office's working notes: the office (督办员) and leaders read them, units do
not. Only the office runs the audit and marks a finding as checked.
"""

from __future__ import annotations

from django.db.models import QuerySet

from duban.accounts.models import User
from duban.common.access import found_or_404, writable_or_403
from duban.common.roles import Role
from duban.verification.models import Finding


def can_see_findings(user: User) -> bool:
    return user.sees_all_tasks


def can_run_audit(user: User) -> bool:
    return user.role == Role.SUPERVISOR


def findings_visible_to(user: User) -> QuerySet[Finding]:
    return Finding.objects.all() if can_see_findings(user) else Finding.objects.none()


def get_finding_for_user(user: User, pk: int, *, write: bool = False) -> Finding:
    finding = found_or_404(findings_visible_to(user).filter(pk=pk).first(), user, f"核查发现 {pk}")
    if write:
        writable_or_403(can_run_audit(user), user, "核查发现")
    return finding

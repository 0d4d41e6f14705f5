"""Who may see and act on the findings of the consistency audit.

The office (督办员) and leaders read every finding; only the office runs the audit, marks a
finding as checked and decides a unit's 申辩. A unit's users see the findings on the tasks their
unit leads (directly or through a group), and answer them; another unit's finding is a 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from duban.accounts.models import User
from duban.common.access import found_or_404, writable_or_403
from duban.common.roles import Role
from duban.plans.choices import UnitRole
from duban.plans.models import TaskUnit
from duban.verification.models import Finding, FindingReply


def can_see_findings(user: User) -> bool:
    return user.sees_all_tasks


def can_run_audit(user: User) -> bool:
    return user.role == Role.SUPERVISOR


def can_answer_findings(user: User) -> bool:
    """A unit's 填报员 or 审核人 answers the findings on the tasks it leads."""
    return user.is_unit_user and user.unit_id is not None


def can_read_own_findings(user: User) -> bool:
    return can_answer_findings(user)


def led_by_unit(unit_id: int) -> Q:
    """Findings on tasks the unit leads, directly or as a member of a named group."""
    leads = TaskUnit.objects.filter(role=UnitRole.LEAD)
    direct = leads.filter(unit=unit_id).values("task_id")
    through_group = leads.filter(group__members=unit_id).values("task_id")
    return Q(task_id__in=direct) | Q(task_id__in=through_group)


def findings_visible_to(user: User) -> QuerySet[Finding]:
    if can_see_findings(user):
        return Finding.objects.all()
    if can_answer_findings(user) and user.unit_id:
        return Finding.objects.filter(led_by_unit(user.unit_id))
    return Finding.objects.none()


def get_finding_for_user(user: User, pk: int, *, write: bool = False) -> Finding:
    finding = found_or_404(findings_visible_to(user).filter(pk=pk).first(), user, f"核查发现 {pk}")
    if write:
        writable_or_403(can_run_audit(user), user, "核查发现")
    return finding


def get_finding_to_answer(user: User, pk: int) -> Finding:
    """A finding the user's unit may answer: on its own task (404 otherwise)."""
    found = findings_visible_to(user).filter(pk=pk).select_related("task", "plan").first()
    visible = found if found is not None and can_answer_findings(user) else None
    return found_or_404(visible, user, f"核查发现 {pk}")


def get_reply_for_user(user: User, pk: int, *, write: bool = False) -> FindingReply:
    visible = FindingReply.objects.filter(finding__in=findings_visible_to(user).values("id"))
    reply = found_or_404(visible.filter(pk=pk).select_related("finding").first(), user, f"申辩 {pk}")
    if write:
        writable_or_403(can_run_audit(user), user, "申辩")
    return reply

"""Who may see and do what to a report: the lead unit files, its reviewer signs off, the office
decides; the responsible units add what they contributed.

A report is visible to whoever may see its task (duban/plans/access.py): in its queryset form
``reports_visible_to``, in its single-object form ``get_report_for_user``, which reads the task's
units the workflow reads anyway instead of a subquery over every task."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from duban.accounts.models import User
from duban.common.access import found_or_404
from duban.common.roles import Role
from duban.plans.access import tasks_visible_to
from duban.plans.choices import UnitRole
from duban.plans.models import Task
from duban.reporting.models import ProgressReport, ReturnBatch
from duban.units.models import Unit


def unit_ids_of(task: Task, role: UnitRole) -> set[int]:
    """Units named on the task in this role, directly or as members of a named group."""
    return task.named_units.get(role, set())


def is_lead_reporter(user: User, task: Task) -> bool:
    return user.role == Role.REPORTER and user.unit_id in unit_ids_of(task, UnitRole.LEAD)


def is_lead_reviewer(user: User, task: Task) -> bool:
    return user.role == Role.UNIT_REVIEWER and user.unit_id in unit_ids_of(task, UnitRole.LEAD)


def is_responsible_reporter(user: User, task: Task) -> bool:
    return user.role == Role.REPORTER and user.unit_id in unit_ids_of(task, UnitRole.RESPONSIBLE)


def is_supervisor(user: User) -> bool:
    """The office: opens and closes rounds, decides reports and extensions, reminds, assigns."""
    return user.role == Role.SUPERVISOR


def can_decide_coordinations(user: User) -> bool:
    """需协调事项 go to the office, and to the leaders linked to their tasks (selectors.coordinations_for)."""
    return user.role in (Role.SUPERVISOR, Role.LEADER)


def can_read_bulletins(user: User) -> bool:
    """The round's 通报 covers every unit: for readers of everything."""
    return user.sees_all_tasks


def reports_visible_to(user: User) -> QuerySet[ProgressReport]:
    if user.sees_all_tasks:  # no subquery over every task: SQLite would list them all first
        return ProgressReport.objects.all()
    return ProgressReport.objects.filter(task__in=tasks_visible_to(user).values("id"))


def report_visible_to(user: User, report: ProgressReport) -> bool:
    if user.sees_all_tasks:
        return True
    if not (user.is_unit_user and user.unit_id):
        return False
    return any(user.unit_id in units for units in report.task.named_units.values())


def get_report_for_user(user: User, pk: int) -> ProgressReport:
    found = ProgressReport.objects.filter(pk=pk)
    report = found.select_related("round__plan", "task__plan", "unit", "updated_by").first()
    visible = report if report is not None and report_visible_to(user, report) else None
    return found_or_404(visible, user, f"填报 {pk}", "没有找到该填报")


def can_give_instructions(user: User) -> bool:
    """A leader writes his 批示 on any task; the office types one on a leader's behalf."""
    return user.role in (Role.SUPERVISOR, Role.LEADER)


def can_follow_instructions(user: User) -> bool:
    """批示待答复: the office follows every 批示, a leader the answers to his own."""
    return user.role in (Role.SUPERVISOR, Role.LEADER)


def can_download_unit_forms(user: User) -> bool:
    """填报表: the office for any unit, a unit's 填报员 and 审核人 for their own, leaders to read."""
    return user.role in (Role.SUPERVISOR, Role.REPORTER, Role.UNIT_REVIEWER, Role.LEADER)


def can_upload_returns(user: User) -> bool:
    """回收表: a unit's 填报员 for its own unit, the office for any unit (代报)."""
    return user.role in (Role.SUPERVISOR, Role.REPORTER)


def get_form_unit_for_user(user: User, unit_pk: int) -> Unit:
    """The unit whose 填报表 is asked for; another unit's answers as if it did not exist."""
    unit = Unit.objects.filter(pk=unit_pk).first()
    visible = unit if unit is not None and (not user.is_unit_user or user.unit_id == unit.pk) else None
    return found_or_404(visible, user, f"单位 {unit_pk} 的填报表", "没有找到该单位的填报表")


def get_return_batches_for_user(user: User, upload: uuid.UUID) -> list[ReturnBatch]:
    """The files of one upload of returned tables: the office's, or the uploader's own."""
    batches = ReturnBatch.objects.filter(upload=upload).select_related("round__plan", "unit", "created_by")
    if not is_supervisor(user):
        batches = batches.filter(created_by=user)
    found = list(batches.order_by("unit__name"))
    return found_or_404(found or None, user, f"回收表上传 {upload}", "没有找到该次上传")

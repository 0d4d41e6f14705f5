"""Who may see which plan and task: the one visibility rule of plans, in its queryset form
(``tasks_visible_to``) and its single-object form (``get_task_for_user``).

The office (督办员) and leaders see every plan; a unit's users see the tasks that name their
unit, directly or through a group, and the plans holding them; other roles see none.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from duban.accounts.models import User
from duban.common.access import found_or_404
from duban.common.roles import Role
from duban.plans.choices import UnitRole
from duban.plans.models import Plan, SubTask, Task, TaskUnit


def naming_unit(unit_id: int) -> Q:
    """Tasks that name the unit, directly or through a group it belongs to. Two indexed
    subqueries: one OR across both joins makes SQLite scan every assignment."""
    direct = TaskUnit.objects.filter(unit=unit_id).values("task_id")
    through_group = TaskUnit.objects.filter(group__members=unit_id).values("task_id")
    return Q(id__in=direct) | Q(id__in=through_group)


def tasks_visible_to(user: User) -> QuerySet[Task]:
    if user.sees_all_tasks:
        return Task.objects.all()
    if user.is_unit_user and user.unit_id:
        return Task.objects.filter(naming_unit(user.unit_id))
    return Task.objects.none()


def visibility_key(user: User) -> str:
    """Users with the same key see the same tasks (a key for results computed per audience)."""
    if user.sees_all_tasks:
        return "all"
    if user.is_unit_user and user.unit_id:
        return f"unit{user.unit_id}"
    return "none"


def task_visible_to(user: User, task_id: int) -> bool:
    """One task's visibility, checked on its own rows (fast whatever the number of tasks)."""
    if user.sees_all_tasks:
        return True
    if not (user.is_unit_user and user.unit_id):
        return False
    assignments = TaskUnit.objects.filter(task_id=task_id)
    return assignments.filter(Q(unit=user.unit_id) | Q(group__members=user.unit_id)).exists()


def plans_visible_to(user: User) -> QuerySet[Plan]:
    if user.sees_all_tasks:
        return Plan.objects.all()
    return Plan.objects.filter(id__in=tasks_visible_to(user).values("plan_id"))


def can_import_plans(user: User) -> bool:
    return user.can_import


def can_issue_to_units(user: User) -> bool:
    """The office issues 交办单 and publishes plans for 政务公开."""
    return user.role == Role.SUPERVISOR


def get_plan_for_user(user: User, pk: int) -> Plan:
    plan = plans_visible_to(user).filter(pk=pk).first()
    return found_or_404(plan, user, f"计划 {pk}", "没有找到该计划")


def get_task_for_user(user: User, pk: int) -> Task:
    task = Task.objects.filter(pk=pk).select_related("plan", "section").first()
    visible = task if task is not None and task_visible_to(user, task.pk) else None
    return found_or_404(visible, user, f"任务 {pk}", "没有找到该任务")


def subtasks_visible_to(user: User) -> QuerySet[SubTask]:
    """二次分解: the office and leaders see every sub-task; a unit sees the sub-tasks it was given
    and those it split off its own tasks — a sibling village sees none of another's."""
    if user.sees_all_tasks:
        return SubTask.objects.all()
    if user.is_unit_user and user.unit_id:
        return SubTask.objects.filter(Q(unit=user.unit_id) | Q(owner=user.unit_id))
    return SubTask.objects.none()


def get_subtask_for_user(user: User, pk: int) -> SubTask:
    found = subtasks_visible_to(user).filter(pk=pk)
    subtask = found.select_related("task__plan", "unit", "owner", "created_by").first()
    return found_or_404(subtask, user, f"分解任务 {pk}", "没有找到该分解任务")


def can_split_task(user: User, task: Task) -> bool:
    """The lead unit's 填报员 and 审核人 split its task for the units under it."""
    leads = task.named_units.get(UnitRole.LEAD, set())
    return user.role in (Role.REPORTER, Role.UNIT_REVIEWER) and user.unit_id in leads


def is_subtask_reporter(user: User, subtask: SubTask) -> bool:
    """The sub-unit's 填报员 reports on its sub-task."""
    return user.role == Role.REPORTER and user.unit_id == subtask.unit_id


def sees_breakdown(user: User, task: Task) -> bool:
    """The office, leaders and the lead unit see how a task was split; responsible units do not."""
    if user.sees_all_tasks:
        return True
    return bool(user.is_unit_user and user.unit_id in task.named_units.get(UnitRole.LEAD, set()))


def can_keep_task_leaders(user: User) -> bool:
    """The office enters a task's leaders and links the names read from tables to 领导 accounts."""
    return user.role == Role.SUPERVISOR

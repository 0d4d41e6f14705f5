"""二次分解: a lead unit splits its task into sub-tasks for the units under it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.freshness import plan_scope
from duban.common.refusals import Refused
from duban.core.breakdown import MilestoneLine, MilestoneProblem, parse_milestones
from duban.core.dates import cn_date
from duban.plans.access import can_split_task
from duban.plans.models import SubTask, SubTaskMilestone, Task
from duban.plans.services.tasks import task_refuse_if_closed
from duban.units.models import Unit


@transaction.atomic
def subtask_create(
    *,
    actor: User,
    task: Task,
    unit: Unit,
    title: str,
    milestones: str,
    deadline: dt.date | None = None,
) -> SubTask:
    """Hand part of the task to a unit under the actor's unit, with dated milestones; all or nothing."""
    _refuse_unless_may_split(actor, task, unit)
    if deadline is not None and task.deadline is not None and deadline > task.deadline:
        raise Refused(f"分解任务的完成时限不能晚于原任务的完成时限（{cn_date(task.deadline)}）")
    steps = _milestones(milestones, latest=deadline or task.deadline)
    assert actor.unit is not None  # can_split_task holds only for a user with a unit
    subtask = SubTask(
        task=task, owner=actor.unit, unit=unit, title=title.strip(), deadline=deadline, created_by=actor
    )
    subtask.full_clean()
    subtask.save()
    SubTaskMilestone.objects.bulk_create(
        SubTaskMilestone(subtask=subtask, date=step.date, text=step.text, position=n)
        for n, step in enumerate(steps)
    )
    _audit(actor, subtask, len(steps))
    return subtask


def _refuse_unless_may_split(actor: User, task: Task, unit: Unit) -> None:
    if not can_split_task(actor, task):
        raise Refused("只有牵头单位的填报员或审核人可以分解该任务")
    task_refuse_if_closed(task)
    if unit.parent_id != actor.unit_id:
        raise Refused(f"“{unit.name}”不是本单位的下级单位，不能向其分解任务")


def _milestones(text: str, *, latest: dt.date | None) -> list[MilestoneLine]:
    try:
        steps = parse_milestones(text, latest=latest)
    except MilestoneProblem as problem:
        raise Refused(str(problem)) from None
    if not steps:
        raise Refused("请至少填写一个进度节点（每行一个：日期 内容）")
    return steps


def _audit(actor: User, subtask: SubTask, steps: int) -> None:
    """One row on the task (its page's history shows it) naming the unit and the sub-task."""
    audit_record(
        actor=actor,
        action=Action.CREATE,
        obj=subtask.task,
        changes={"subtask": [None, f"{subtask.unit.name}：{subtask.title}"], "milestones": steps},
        message=f"分解任务给{subtask.unit.name}：{subtask.title}（{steps}个进度节点）",
        scope=plan_scope(subtask.task.plan_id),
    )

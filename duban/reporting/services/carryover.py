"""Year end: carry a plan's unfinished tasks into next year's plan, linked to their history."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.db.models import Max

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.plans.choices import TaskStatus
from duban.plans.models import Plan, Section, Task, TaskUnit
from duban.reporting.models import Carryover
from duban.reporting.services.transitions import TransitionRefused

CARRIED_SECTION = "上年结转任务"


def next_year_title(title: str, year: int) -> str:
    """霞客湾科学城2025年重点工作安排表 → 霞客湾科学城2026年重点工作安排表."""
    renamed = re.sub(rf"{year}(\s*年)", rf"{year + 1}\1", title, count=1)
    return renamed if renamed != title else f"{title}（{year + 1}年）"


def plan_carry_over(*, actor: User, plan: Plan) -> tuple[Plan, int]:
    """Copy every task not done into next year's plan; each copy links back to its origin."""
    if actor.role != "supervisor":
        raise TransitionRefused("只有督办员可以结转任务")
    if plan.period_end is None:
        raise TransitionRefused("该计划没有期间，无法确定下一年度")
    year = plan.period_end.year
    with transaction.atomic():
        target, _ = Plan.objects.get_or_create(
            title=next_year_title(plan.title, year),
            period_start=dt.date(year + 1, 1, 1),
            period_end=dt.date(year + 1, 12, 31),
        )
        section = target.sections.filter(title=CARRIED_SECTION).first() or Section.objects.create(
            plan=target, title=CARRIED_SECTION, position=0
        )
        origins = (
            plan.tasks.exclude(status=TaskStatus.DONE).filter(carried_to__isnull=True).order_by("position")
        )
        position = target.tasks.aggregate(last=Max("position"))["last"] or 0
        count = 0
        for count, origin in enumerate(origins.prefetch_related("assignments"), start=1):
            _copy(origin, target, section, position + count)
        audit_record(
            actor=actor, action=Action.CREATE, obj=target, changes={"carried_over": count, "from": plan.title}
        )
    return target, count


def _copy(origin: Task, plan: Plan, section: Section, position: int) -> Task:
    task = Task.objects.create(
        plan=plan,
        section=section,
        position=position,
        seq=origin.seq,
        category=origin.category,
        title=origin.title,
        target=origin.target,
        deadline_text="",
        source_ref={"carried_from": origin.pk},
    )
    TaskUnit.objects.bulk_create(
        TaskUnit(
            task=task,
            unit_id=a.unit_id,
            group_id=a.group_id,
            role=a.role,
            position=a.position,
            written_as=a.written_as,
        )
        for a in origin.assignments.all()
    )
    Carryover.objects.create(origin=origin, task=task)
    return task

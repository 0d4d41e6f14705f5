"""Year end: unfinished tasks copied, with their units, into next year's plan of the same name."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet

from duban.plans.models import Plan, Section, Task, TaskUnit
from duban.plans.services.tasks import plan_get_or_create, section_get_or_create, task_create

CARRIED_SECTION = "上年结转任务"


def next_year_title(title: str, year: int) -> str:
    """霞客湾科学城2025年重点工作安排表 → 霞客湾科学城2026年重点工作安排表."""
    renamed = re.sub(rf"{year}(\s*年)", rf"{year + 1}\1", title, count=1)
    return renamed if renamed != title else f"{title}（{year + 1}年）"


@transaction.atomic(savepoint=False)
def tasks_carry_over(*, plan: Plan, origins: QuerySet[Task]) -> tuple[Plan, list[tuple[Task, Task]]]:
    """Copy origins to the end of next year's plan, under 上年结转任务; each copy names its origin.

    Returns next year's plan and (origin, copy) pairs, for the caller to link and audit.
    """
    if plan.period_end is None:
        raise ValidationError("该计划没有期间，无法确定下一年度")
    year = plan.period_end.year
    target = plan_get_or_create(title=next_year_title(plan.title, year), year=year + 1)
    section = section_get_or_create(plan=target, title=CARRIED_SECTION, position=0)  # 结转 comes first
    last = target.tasks.aggregate(last=Max("position"))["last"] or 0
    pairs = [
        (origin, _copy(origin, section, last + number))
        for number, origin in enumerate(origins.prefetch_related("assignments"), start=1)
    ]
    TaskUnit.objects.bulk_create(unit for origin, copy in pairs for unit in _unit_copies(origin, copy))
    return target, pairs


def _copy(origin: Task, section: Section, position: int) -> Task:
    return task_create(
        section=section,
        position=position,
        seq=origin.seq,
        category=origin.category,
        title=origin.title,
        target=origin.target,
        source_ref={"carried_from": origin.pk},
    )


def _unit_copies(origin: Task, copy: Task) -> list[TaskUnit]:
    return [
        TaskUnit(
            task=copy,
            unit_id=a.unit_id,
            group_id=a.group_id,
            role=a.role,
            position=a.position,
            written_as=a.written_as,
        )
        for a in origin.assignments.all()
    ]

"""Year end: unfinished tasks are copied, with their units, into next year's plan of the same name."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from duban.plans.models import Plan, Section, Task
from duban.plans.services.carryover import CARRIED_SECTION, next_year_title, tasks_carry_over
from duban.plans.services.tasks import UnitResolver, section_get_or_create, task_assign_units, task_create
from duban.units.models import Unit


def test_next_years_title_moves_the_year_on_or_names_it() -> None:
    assert next_year_title("霞客湾科学城2025年重点工作安排表", 2025) == "霞客湾科学城2026年重点工作安排表"
    assert next_year_title("科创走廊建设方案", 2025) == "科创走廊建设方案（2026年）"


@pytest.fixture
def rows(section: Section, qingyang: Unit, yuecheng: Unit) -> list[Task]:
    tasks = [
        task_create(section=section, title=title, seq=seq)
        for seq, title in (("3", "建设科创走廊"), ("7", "招引项目"))
    ]
    task_assign_units(
        task=tasks[0], leads=["青阳镇"], responsible=["月城镇"], resolver=UnitResolver(actor=None)
    )
    return tasks


def test_tasks_are_copied_first_in_next_years_plan_with_their_units_and_origins(
    plan: Plan, rows: list[Task]
) -> None:
    target, pairs = tasks_carry_over(plan=plan, origins=plan.tasks.order_by("position"))
    assert target.title == "霞客湾科学城2026年重点工作安排表" and target.period_start.year == 2026
    copies = [copy for _, copy in pairs]
    assert [(c.seq, c.title, c.position, c.source_ref) for c in copies] == [
        ("3", "建设科创走廊", 1, {"carried_from": rows[0].pk}),
        ("7", "招引项目", 2, {"carried_from": rows[1].pk}),
    ]
    assert {c.section.title for c in copies} == {CARRIED_SECTION} and copies[0].section.position == 0
    assert [(a.role, a.name) for a in copies[0].assignments.all()] == [
        ("lead", "青阳镇"),
        ("responsible", "月城镇"),
    ]


def test_a_second_carry_over_adds_after_the_first_in_the_same_section(plan: Plan, rows: list[Task]) -> None:
    target, first = tasks_carry_over(plan=plan, origins=plan.tasks.filter(pk=rows[0].pk))
    later = section_get_or_create(plan=target, title="一、科技创新")
    task_create(section=later, title="本年新任务")
    _, second = tasks_carry_over(plan=plan, origins=plan.tasks.filter(pk=rows[1].pk))
    assert second[0][1].position == 3 and second[0][1].section == first[0][1].section


def test_a_plan_without_a_period_has_no_next_year(db: None) -> None:
    undated = Plan.objects.create(title="无期间计划")
    with pytest.raises(ValidationError, match="无法确定下一年度"):
        tasks_carry_over(plan=undated, origins=undated.tasks.all())

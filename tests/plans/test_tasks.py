"""Sections, tasks and the units named on them are written here, and nowhere else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from pytest_django import DjangoAssertNumQueries

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.models import AuditEntry
from duban.plans.choices import DeadlineKind, TaskStatus, UnitRole
from duban.plans.models import Plan, Section, Task
from duban.plans.services.tasks import (
    NEW_UNIT,
    UnitResolver,
    plan_get_or_create,
    section_get_or_create,
    task_assign_units,
    task_create,
    task_deadline_extend,
    task_progress_roll_up,
)
from duban.units.models import Unit, UnitAlias, UnitGroup


def _named(task: Task) -> list[tuple[str, str, str]]:
    return [(a.role, a.written_as, a.name) for a in task.assignments.order_by("role", "position")]


def test_a_years_plan_is_created_once_and_found_again(plan: Plan) -> None:
    assert (plan.period_start, plan.period_end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert plan_get_or_create(title=plan.title, year=2025) == plan
    assert plan_get_or_create(title=plan.title, year=2026) != plan


def test_a_section_is_found_by_its_title_and_a_new_one_goes_after_the_others(
    plan: Plan, section: Section
) -> None:
    assert section_get_or_create(plan=plan, title="一、科技创新") == section
    second = section_get_or_create(plan=plan, title="二、产业发展")
    assert (section.position, second.position) == (1, 2)


def test_a_new_section_goes_where_it_is_asked_and_an_existing_one_stays_put(
    plan: Plan, section: Section
) -> None:
    first = section_get_or_create(plan=plan, title="上年结转任务", position=0)
    assert first.position == 0
    assert section_get_or_create(plan=plan, title="一、科技创新", position=5).position == 1


def test_a_new_task_is_the_plans_last_row_numbered_after_its_sections_rows(
    plan: Plan, section: Section
) -> None:
    other = section_get_or_create(plan=plan, title="二、产业发展")
    first = task_create(section=section, title="建设科创走廊")
    task_create(section=other, title="招引重大项目")
    third = task_create(section=section, title="培育高新技术企业", deadline=dt.date(2025, 6, 30))
    assert [(t.seq, t.position) for t in (first, third)] == [("1", 1), ("2", 3)]
    assert third.status == TaskStatus.IN_PROGRESS and third.deadline_kind == DeadlineKind.NONE


def test_a_row_read_from_a_year_end_table_keeps_what_it_says_of_completion(section: Section) -> None:
    task = task_create(
        section=section, title="招引项目", progress="已签约2个", completed=False, shortfall_reason="疫情"
    )
    task.refresh_from_db()
    assert (task.completed, task.status, task.shortfall_reason) == (False, TaskStatus.NOT_DONE, "疫情")


def test_a_task_the_database_cannot_hold_is_refused_with_a_reason(section: Section) -> None:
    with pytest.raises(ValidationError, match="category"):
        task_create(section=section, title="建设科创走廊", category="批" * 201)
    with pytest.raises(ValidationError, match="title"):
        task_create(section=section, title="")
    assert not Task.objects.exists()


def test_units_are_named_as_written_and_unknown_names_become_audited_new_units(
    section: Section, qingyang: Unit, wang: User
) -> None:
    UnitAlias.objects.create(unit=qingyang, name="青阳")
    group = UnitGroup.objects.create(name="各镇街园区")
    task = task_create(section=section, title="建设科创走廊")
    task_assign_units(
        task=task,
        leads=["青阳镇", "青阳"],
        responsible=["各镇街园区", "市数据局"],
        resolver=UnitResolver(actor=wang),
    )
    assert _named(task) == [
        (UnitRole.LEAD, "青阳镇", "青阳镇"),  # 青阳 is the same unit again: named once
        (UnitRole.RESPONSIBLE, "各镇街园区", group.name),
        (UnitRole.RESPONSIBLE, "市数据局", "市数据局"),
    ]
    created = Unit.objects.get(name="市数据局")
    assert AuditEntry.objects.filter(action=Action.CREATE, object_id=str(created.pk), actor=wang).exists()


def test_naming_units_again_replaces_the_units_named_before(
    section: Section, qingyang: Unit, yuecheng: Unit
) -> None:
    task = task_create(section=section, title="建设科创走廊")
    resolver = UnitResolver(actor=None)
    task_assign_units(task=task, leads=["青阳镇"], responsible=["月城镇"], resolver=resolver)
    task_assign_units(task=task, leads=["月城镇"], responsible=[], resolver=resolver)
    assert _named(task) == [(UnitRole.LEAD, "月城镇", "月城镇")]


def test_an_import_choice_makes_a_new_name_an_alias_of_the_chosen_unit(
    section: Section, qingyang: Unit, wang: User
) -> None:
    task = task_create(section=section, title="建设科创走廊")
    resolver = UnitResolver(actor=wang, choices={"青阳镇人民政府": str(qingyang.pk), "青阳街道": NEW_UNIT})
    task_assign_units(task=task, leads=["青阳镇人民政府"], responsible=["青阳街道"], resolver=resolver)
    assert _named(task) == [
        (UnitRole.LEAD, "青阳镇人民政府", "青阳镇"),
        (UnitRole.RESPONSIBLE, "青阳街道", "青阳街道"),
    ]
    assert UnitAlias.objects.get(name="青阳镇人民政府").unit == qingyang


def test_the_directory_is_read_once_for_the_names_a_resolver_has_seen(
    qingyang: Unit, yuecheng: Unit, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    resolver = UnitResolver(actor=None)
    with django_assert_num_queries(3):  # units, aliases, groups: once for every name
        assert resolver.resolve(["青阳镇", "月城镇", "青阳镇"]) == [qingyang, yuecheng, qingyang]
    with django_assert_num_queries(0):
        assert resolver.resolve(["月城镇"]) == [yuecheng]


def test_a_granted_extension_keeps_the_deadline_it_replaces_in_the_text(section: Section) -> None:
    task = task_create(section=section, title="建设科创走廊", deadline_text="2025年11月")
    task_deadline_extend(task=task, deadline=dt.date(2026, 3, 31))
    task.refresh_from_db()
    assert (task.deadline, task.deadline_kind) == (dt.date(2026, 3, 31), DeadlineKind.DATE)
    assert task.deadline_text == "2026年3月31日（经批准延期，原2025年11月）"
    task_deadline_extend(task=task_create(section=section, title="招引项目"), deadline=dt.date(2026, 1, 31))
    assert Task.objects.get(title="招引项目").deadline_text == "2026年1月31日（经批准延期，原无）"


def test_an_accepted_report_becomes_the_tasks_progress_and_status_and_is_audited(
    section: Section, wang: User
) -> None:
    task = task_create(section=section, title="建设科创走廊")
    task_progress_roll_up(
        actor=wang,
        task_id=task.pk,
        progress="已建成",
        completed=True,
        shortfall_reason="",
        message="2025年11月填报通过",
    )
    task.refresh_from_db()
    assert (task.progress, task.completed, task.status) == ("已建成", True, TaskStatus.DONE)
    entry = AuditEntry.objects.get(action=Action.UPDATE, object_id=str(task.pk))
    assert entry.message == "2025年11月填报通过" and entry.actor == wang
    assert entry.changes == {"progress": ["", "已建成"], "completed": [None, True]}


@pytest.mark.parametrize(
    ("completed", "status"),
    [(True, TaskStatus.DONE), (False, TaskStatus.NOT_DONE), (None, TaskStatus.IN_PROGRESS)],
)
def test_a_tasks_status_follows_what_the_report_says_of_completion(
    section: Section, wang: User, completed: bool | None, status: TaskStatus
) -> None:
    task = task_create(section=section, title="建设科创走廊")
    rolled = task_progress_roll_up(
        actor=wang, task_id=task.pk, progress="……", completed=completed, shortfall_reason="", message="通过"
    )
    assert rolled.status == status

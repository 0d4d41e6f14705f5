"""Reading plans as the pages show them: typed rows that carry the task and what is computed for it."""

from __future__ import annotations

from duban.accounts.models import User
from duban.plans.choices import TaskStatus, UnitRole
from duban.plans.models import Plan, Task, TaskUnit
from duban.plans.selectors import TableTask, TaskFilters, plan_summaries, plan_table, unit_ledger
from duban.units.models import Unit, UnitGroup


def _task(plan: Plan, seq: str) -> Task:
    return plan.tasks.get(seq=seq, section__position=1)


def _towns(qingyang: Unit, yuecheng: Unit) -> UnitGroup:
    group = UnitGroup.objects.create(name="各镇街园区")
    group.members.add(qingyang, yuecheng)
    return group


def _table(plan: Plan, user: User) -> dict[int, TableTask]:
    return {row.task.pk: row for view in plan_table(plan, user, TaskFilters()) for row in view.tasks}


def test_the_plan_table_names_each_tasks_units_one_a_line(plan_2025: Plan, wang: User) -> None:
    rows = _table(plan_2025, wang)
    led, shared = rows[_task(plan_2025, "14").pk], rows[_task(plan_2025, "6").pk]
    assert (led.lead_lines, led.responsible_lines) == ("青阳镇\n", "")
    assert (shared.lead_lines, shared.responsible_lines) == ("霞科办\n", "青阳镇\n")


def test_the_plan_table_lists_only_the_tasks_the_user_may_see(plan_2025: Plan, li: User) -> None:
    seen = _table(plan_2025, li)
    assert {_task(plan_2025, "6").pk, _task(plan_2025, "14").pk} <= seen.keys()
    assert len(seen) < plan_2025.tasks.count()


def test_a_group_on_a_task_is_one_line_under_its_role(
    plan_2025: Plan, wang: User, qingyang: Unit, yuecheng: Unit
) -> None:
    group = _towns(qingyang, yuecheng)
    TaskUnit.objects.create(task=_task(plan_2025, "6"), group=group, role=UnitRole.RESPONSIBLE, position=9)
    shared = _task(plan_2025, "6")
    assert _table(plan_2025, wang)[shared.pk].responsible_lines == "青阳镇\n各镇街园区\n"


def test_a_units_ledger_names_the_roles_it_holds_directly_and_through_a_group(
    plan_2025: Plan, wang: User, qingyang: Unit, yuecheng: Unit
) -> None:
    group = _towns(qingyang, yuecheng)
    TaskUnit.objects.create(task=_task(plan_2025, "6"), group=group, role=UnitRole.RESPONSIBLE, position=9)
    TaskUnit.objects.create(task=_task(plan_2025, "20"), group=group, role=UnitRole.LEAD, position=9)
    roles = {row.task.pk: row.unit_roles for row in unit_ledger(qingyang, wang, 2025)}
    assert roles[_task(plan_2025, "14").pk] == ("牵头单位",)
    assert roles[_task(plan_2025, "6").pk] == ("责任单位", "责任单位（各镇街园区）")
    assert roles[_task(plan_2025, "20").pk] == ("牵头单位（各镇街园区）",)


def test_a_units_ledger_is_empty_in_a_year_no_plan_covers(
    plan_2025: Plan, wang: User, qingyang: Unit
) -> None:
    assert unit_ledger(qingyang, wang, 2019) == []


def test_the_plan_list_counts_the_tasks_each_user_sees_and_those_done(
    plan_2025: Plan, wang: User, li: User
) -> None:
    everything, own = plan_summaries(wang), plan_summaries(li)
    assert [row.plan for row in everything] == [row.plan for row in own] == [plan_2025]
    assert everything[0].task_count == plan_2025.tasks.count() > own[0].task_count > 0
    assert everything[0].done_count == plan_2025.tasks.filter(status=TaskStatus.DONE).count()
    assert 0 < own[0].done_count <= own[0].task_count

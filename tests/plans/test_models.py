"""A task names its units by role, members of a named group included, read once and kept on it."""

from __future__ import annotations

from pytest_django import DjangoAssertNumQueries

from duban.plans.choices import UnitRole
from duban.plans.models import Plan, TaskUnit
from duban.units.models import Unit, UnitGroup


def test_a_task_names_its_units_by_role_with_the_members_of_its_groups(
    plan_2025: Plan, qingyang: Unit, yuecheng: Unit, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    task = plan_2025.tasks.get(seq="6", section__position=1)
    towns = UnitGroup.objects.create(name="各镇街园区")
    towns.members.add(qingyang, yuecheng)
    TaskUnit.objects.create(task=task, group=towns, role=UnitRole.LEAD, position=9)
    xiakeban = Unit.objects.get(name="霞科办")
    with django_assert_num_queries(1):
        assert task.named_units == {
            UnitRole.LEAD: {xiakeban.pk, qingyang.pk, yuecheng.pk},
            UnitRole.RESPONSIBLE: {qingyang.pk},
        }
        assert task.named_units[UnitRole.LEAD] == {xiakeban.pk, qingyang.pk, yuecheng.pk}

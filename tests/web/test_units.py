"""The unit directory: aliases, groups and merging two spellings of one unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.buildings.choices import OwnerType
from duban.buildings.models import Building
from duban.plans.models import Plan, TaskUnit
from duban.reporting.models import ProgressReport
from duban.reporting.services.rounds import round_open
from duban.units.models import Unit, UnitAlias, UnitGroup
from duban.units.services import guess_unit_kind, units_create


def test_merging_moves_tasks_and_users_and_keeps_the_name_as_an_alias(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    twin = Unit.objects.create(name="市自然资源和规划局")
    original = Unit.objects.get(name="市自然资源规划局")
    task = plan_2025.tasks.get(seq="1", section__position=1)
    TaskUnit.objects.create(task=task, unit=twin, role="responsible", written_as="市自然资源和规划局")
    reporter = User.objects.create(username="ziran", role="reporter", unit=twin)
    before = original.task_assignments.count()
    response = client_for(wang).post(reverse("units:merge"), {"source": twin.pk, "target": original.pk})
    assert response.url == reverse("units:detail", args=[original.pk])
    assert not Unit.objects.filter(name="市自然资源和规划局").exists()
    assert UnitAlias.objects.get(name="市自然资源和规划局").unit == original
    assert original.task_assignments.count() == before + 1
    reporter.refresh_from_db()
    assert reporter.unit == original
    assert AuditEntry.objects.get(action="merge").changes["merged"] == [
        "市自然资源和规划局",
        "市自然资源规划局",
    ]


def test_a_unit_cannot_be_merged_into_itself(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    unit = Unit.objects.get(name="青阳镇")
    client_for(wang).post(reverse("units:merge"), {"source": unit.pk, "target": unit.pk})
    assert Unit.objects.filter(pk=unit.pk).exists()


def test_an_alias_is_added_and_audited(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    unit = Unit.objects.get(name="市住建局")
    client_for(wang).post(reverse("units:alias_add", args=[unit.pk]), {"name": "市住房和城乡建设局"})
    assert unit.aliases.get().name == "市住房和城乡建设局"
    assert AuditEntry.objects.filter(action="create", object_type="units.UnitAlias").exists()


def test_an_alias_cannot_take_a_units_name(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    unit = Unit.objects.get(name="市住建局")
    response = client_for(wang).post(
        reverse("units:alias_add", args=[unit.pk]), {"name": "青阳镇"}, follow=True
    )
    assert "已被单位、别名或单位组使用" in response.content.decode()
    assert not unit.aliases.exists()


def test_a_group_makes_its_tasks_visible_to_its_members(
    plan_2025: Plan, wang: User, li: User, client_for: Callable[[User], Client]
) -> None:
    group = UnitGroup.objects.create(name="功能区四镇")
    group.members.add(li.unit)
    task = plan_2025.tasks.get(seq="12", section__position=1)  # 月城镇's own task
    TaskUnit.objects.create(task=task, group=group, role="responsible", written_as="功能区四镇")
    assert client_for(li).get(reverse("plans:task", args=[task.pk])).status_code == 200


def test_the_directory_shows_units_aliases_and_groups(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    UnitAlias.objects.create(name="霞客湾科学城管理办公室", unit=Unit.objects.get(name="霞科办"))
    page = client_for(wang).get(reverse("units:directory")).content.decode()
    assert "霞客湾科学城管理办公室" in page and "合并两个单位" in page


def test_units_an_import_names_are_made_together_each_with_its_kind_and_its_history(wang: User) -> None:
    made = units_create(actor=wang, names=["璜土镇", "市数据局", "璜土镇"])
    assert [(u.name, u.kind) for u in made] == [("璜土镇", "town"), ("市数据局", "bureau")]
    created = AuditEntry.objects.filter(action="create", object_type="units.Unit")
    assert sorted(created.values_list("object_id", flat=True)) == sorted(str(u.pk) for u in made)


def test_units_are_not_made_when_one_name_is_taken_by_an_alias(plan_2025: Plan, wang: User) -> None:
    UnitAlias.objects.create(unit=Unit.objects.get(name="市住建局"), name="市住房和城乡建设局")
    with pytest.raises(ValidationError, match="“市住房和城乡建设局”已被单位、别名或单位组使用"):
        units_create(actor=wang, names=["璜土镇", "市住房和城乡建设局"])
    assert not Unit.objects.filter(name="璜土镇").exists()


def test_the_kind_of_a_new_unit_is_guessed_from_its_name() -> None:
    assert [
        guess_unit_kind(n).label
        for n in ("青阳镇", "江南大学", "市科技局", "人才集团", "市供电公司", "霞科办")
    ] == [
        "镇街",
        "高校",
        "委办局",
        "集团",
        "企业",
        "委办局",
    ]


def _building(unit: Unit, name: str) -> Building:
    return Building.objects.create(
        unit=unit, name=name, owner_type=OwnerType.STATE, floor_area_m2=Decimal(3200)
    )


def test_merging_a_unit_that_has_filed_reports_and_owns_buildings_moves_them_all(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    twin = Unit.objects.create(name="青阳镇人民政府")
    qingyang = Unit.objects.get(name="青阳镇")
    task = plan_2025.tasks.get(seq="1", section__position=1)
    TaskUnit.objects.create(task=task, unit=twin, role="lead", written_as="青阳镇人民政府")
    november = round_open(actor=wang, plan=plan_2025, label="11月", due_date=dt.date(2025, 11, 25))
    report = november.reports.get(task=task)
    ProgressReport.objects.filter(pk=report.pk).update(unit=twin)  # filed under the other spelling
    building = Building.objects.create(
        unit=twin, name="青阳科创园3号楼", owner_type=OwnerType.STATE, floor_area_m2=Decimal("3200")
    )
    response = client_for(wang).post(reverse("units:merge"), {"source": twin.pk, "target": qingyang.pk})
    assert response.url == reverse("units:detail", args=[qingyang.pk])
    report.refresh_from_db()
    building.refresh_from_db()
    assert report.unit == qingyang and building.unit == qingyang
    changes = AuditEntry.objects.get(action="merge").changes
    assert changes["reports"] == 1 and changes["buildings"] == 1 and changes["tasks"] == 1


def test_two_buildings_of_one_name_stop_a_merge_and_nothing_moves(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    twin = Unit.objects.create(name="青阳镇人民政府")
    qingyang = Unit.objects.get(name="青阳镇")
    Building.objects.create(
        unit=twin, name="青阳科创园3号楼", owner_type=OwnerType.STATE, floor_area_m2=Decimal("3200")
    )
    Building.objects.create(
        unit=qingyang, name="青阳科创园3号楼", owner_type=OwnerType.STATE, floor_area_m2=Decimal("3200")
    )
    reporter = User.objects.create(username="qyzf", role="reporter", unit=twin)
    client = client_for(wang)
    response = client.post(reverse("units:merge"), {"source": twin.pk, "target": qingyang.pk}, follow=True)
    assert "都有楼宇“青阳科创园3号楼”，请先改名" in response.content.decode()
    reporter.refresh_from_db()
    assert reporter.unit == twin and Unit.objects.filter(pk=twin.pk).exists()

"""The unit directory as a tree: a village or a 科室 sits under the unit that splits tasks for it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.units.models import Unit
from duban.units.services import unit_merge, unit_parent_set


@pytest.fixture
def village(qingyang: Unit) -> Unit:
    return Unit.objects.create(name="青阳村")


def test_the_office_puts_a_village_under_its_town_and_the_towns_page_lists_it(
    village: Unit, qingyang: Unit, wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    response = client.post(reverse("units:parent_set"), {"unit": village.pk, "parent": qingyang.pk})
    assert response.url == reverse("units:detail", args=[village.pk])
    village.refresh_from_db()
    assert village.parent == qingyang
    entry = AuditEntry.objects.get(object_type="units.Unit", object_id=str(village.pk))
    assert entry.changes == {"parent": [None, "青阳镇"]} and entry.message == "青阳村的上级单位设为青阳镇"
    town_page = client.get(reverse("units:detail", args=[qingyang.pk])).content.decode()
    assert "下级单位（1 个）" in town_page and "青阳村" in town_page
    assert "青阳镇" in client.get(reverse("units:directory")).content.decode()


def test_a_unit_cannot_go_under_itself_or_under_a_unit_below_it(
    village: Unit, qingyang: Unit, wang: User
) -> None:
    unit_parent_set(actor=wang, unit=village, parent=qingyang)
    group = Unit.objects.create(name="青阳村一组")
    unit_parent_set(actor=wang, unit=group, parent=village)
    refusal = "不能把“青阳镇”设为“青阳村一组”的下级：青阳村一组已在青阳镇之下"
    with pytest.raises(ValidationError, match=refusal):
        unit_parent_set(actor=wang, unit=qingyang, parent=group)
    with pytest.raises(ValidationError, match="青阳镇已在青阳镇之下"):
        unit_parent_set(actor=wang, unit=qingyang, parent=qingyang)
    qingyang.refresh_from_db()
    assert qingyang.parent is None


def test_the_page_shows_the_refusal_and_a_unit_can_be_taken_out_of_the_tree(
    village: Unit, qingyang: Unit, wang: User, client_for: Callable[[User], Client]
) -> None:
    unit_parent_set(actor=wang, unit=village, parent=qingyang)
    client = client_for(wang)
    url = reverse("units:parent_set")
    response = client.post(url, {"unit": qingyang.pk, "parent": village.pk}, follow=True)
    assert "青阳村已在青阳镇之下" in response.content.decode()
    client.post(reverse("units:parent_set"), {"unit": village.pk, "parent": ""})
    village.refresh_from_db()
    assert village.parent is None


def test_a_town_user_cannot_change_the_tree(
    village: Unit, qingyang: Unit, li: User, client_for: Callable[[User], Client]
) -> None:
    url = reverse("units:parent_set")
    response = client_for(li).post(url, {"unit": village.pk, "parent": qingyang.pk})
    assert response.status_code == 403
    village.refresh_from_db()
    assert village.parent is None


def test_a_merged_towns_villages_go_under_the_unit_it_joined(
    village: Unit, qingyang: Unit, wang: User
) -> None:
    twin = Unit.objects.create(name="青阳镇人民政府")
    unit_parent_set(actor=wang, unit=village, parent=twin)
    unit_merge(actor=wang, source=twin, target=qingyang)
    village.refresh_from_db()
    assert village.parent == qingyang


def test_the_system_administrator_sets_the_tree_from_the_directory(
    village: Unit, qingyang: Unit, zhao: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(zhao)
    assert 'data-testid="directory-parent-form"' in client.get(reverse("units:directory")).content.decode()
    response = client.post(reverse("units:parent_set"), {"unit": village.pk, "parent": qingyang.pk})
    assert response.url == reverse("units:directory")  # the administrator reads no unit's 台账
    village.refresh_from_db()
    assert village.parent == qingyang

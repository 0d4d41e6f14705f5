"""A town's users see and change only their own buildings; the office all; the auditor none."""

from __future__ import annotations

import io
from collections.abc import Callable

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.buildings.choices import CarrierKind
from duban.buildings.models import Building, BuildingAttachment, Carrier
from duban.buildings.selectors import carrier_rows
from duban.buildings.services.attachments import attachment_add
from duban.units.models import Unit

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def photo(qingyang_building: Building, wang: User) -> BuildingAttachment:
    return attachment_add(actor=wang, building=qingyang_building, chunks=[PNG], file_name="外立面.png")


@pytest.fixture
def yuecheng_photo(yuecheng_building: Building, wang: User) -> BuildingAttachment:
    return attachment_add(actor=wang, building=yuecheng_building, chunks=[PNG], file_name="厂房.png")


def _names(response: object) -> set[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))  # type: ignore[attr-defined]
    return {row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True)}


def test_a_town_user_lists_only_its_own_buildings(
    li: User, qingyang_building: Building, yuecheng_building: Building, client_for: Callable[[User], Client]
) -> None:
    page = client_for(li).get(reverse("buildings:list")).content.decode()
    assert qingyang_building.name in page
    assert yuecheng_building.name not in page


def test_the_carrier_list_says_which_carriers_the_user_may_change(
    li: User,
    zhang: User,
    qingyang: Unit,
    qingyang_building: Building,
    yuecheng_building: Building,
    make_carrier: Callable[..., Carrier],
) -> None:
    make_carrier(qingyang_building, "青阳孵化器")
    make_carrier(yuecheng_building, "青阳飞地", kind=CarrierKind.ENCLAVE, founding_unit=qingyang)
    make_carrier(yuecheng_building, "月城孵化器")

    def editable(user: User) -> dict[str, bool]:
        return {row.carrier.name: row.editable for row in carrier_rows(user)}

    assert editable(li) == {"青阳孵化器": True, "青阳飞地": True}
    assert editable(zhang) == {"青阳孵化器": False, "青阳飞地": False, "月城孵化器": False}


@pytest.mark.parametrize("persona", ["wang", "zhang"])
def test_the_office_and_leaders_list_every_building(
    persona: str,
    request: pytest.FixtureRequest,
    qingyang_building: Building,
    yuecheng_building: Building,
    client_for: Callable[[User], Client],
) -> None:
    page = client_for(request.getfixturevalue(persona)).get(reverse("buildings:list")).content.decode()
    assert qingyang_building.name in page and yuecheng_building.name in page


@pytest.mark.parametrize("name", ["detail", "edit", "renovation_new"])
def test_another_towns_building_answers_404_and_is_audited(
    name: str, li: User, yuecheng_building: Building, client_for: Callable[[User], Client]
) -> None:
    response = client_for(li).get(reverse(f"buildings:{name}", args=[yuecheng_building.pk]))
    assert response.status_code == 404
    assert AuditEntry.objects.filter(actor=li, action="denied").exists()


def test_a_town_user_cannot_post_an_edit_to_another_towns_building(
    li: User, yuecheng_building: Building, client_for: Callable[[User], Client]
) -> None:
    url = reverse("buildings:edit", args=[yuecheng_building.pk])
    response = client_for(li).post(url, {"name": "改名", "owner_type": "state", "floor_area_m2": "1"})
    assert response.status_code == 404
    yuecheng_building.refresh_from_db()
    assert yuecheng_building.name == "演示·月城镇原丝绸厂厂房"


@pytest.mark.parametrize("persona", ["li", "qing_reviewer"])
def test_a_town_user_edits_its_own_building_and_the_change_is_dated(
    persona: str,
    request: pytest.FixtureRequest,
    qingyang_building: Building,
    client_for: Callable[[User], Client],
) -> None:
    user = request.getfixturevalue(persona)
    data = {
        "name": qingyang_building.name,
        "owner_type": "collective",
        "floor_area_m2": "8800",
        "building_state": "renovating",
        "changed_on": "2025-03-01",
    }
    response = client_for(user).post(reverse("buildings:edit", args=[qingyang_building.pk]), data)
    assert response.status_code == 302
    qingyang_building.refresh_from_db()
    assert qingyang_building.unit.name == "青阳镇"  # a town's user cannot move it elsewhere
    changes = {
        c.label: (c.old, c.new, str(c.on), c.actor_name)
        for c in qingyang_building.changes.filter(source="form")
    }
    assert changes["建筑面积（平方米）"] == ("8600", "8800", "2025-03-01", persona)
    assert changes["房屋状态"][:2] == ("闲置", "改造中")
    assert changes["产权类型"][:2] == ("国有", "集体")


def test_a_leader_reads_but_may_not_edit(
    zhang: User, qingyang_building: Building, client_for: Callable[[User], Client]
) -> None:
    client = client_for(zhang)
    assert client.get(reverse("buildings:detail", args=[qingyang_building.pk])).status_code == 200
    assert client.get(reverse("buildings:edit", args=[qingyang_building.pk])).status_code == 403
    assert client.get(reverse("buildings:new")).status_code == 403


def test_attachments_download_only_for_the_towns_own_building(
    li: User,
    photo: BuildingAttachment,
    yuecheng_photo: BuildingAttachment,
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(li)
    response = client.get(reverse("buildings:attachment", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E5%A4%96%E7%AB%8B%E9%9D%A2.png" in response["Content-Disposition"]
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG  # type: ignore[attr-defined]
    assert client.get(reverse("buildings:attachment", args=[yuecheng_photo.pk])).status_code == 404


def test_an_attachment_altered_on_disk_is_not_served(
    wang: User, photo: BuildingAttachment, client_for: Callable[[User], Client], settings: object
) -> None:
    from duban.intake.storage import upload_path

    upload_path(photo.stored_path).write_bytes(PNG + b"changed")
    assert client_for(wang).get(reverse("buildings:attachment", args=[photo.pk])).status_code == 404


def test_an_upload_that_is_not_what_its_name_says_is_refused(
    li: User, qingyang_building: Building, client_for: Callable[[User], Client]
) -> None:
    fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")
    url = reverse("buildings:attachment_upload", args=[qingyang_building.pk])
    response = client_for(li).post(url, {"file": fake}, follow=True)
    assert "附件未保存" in response.content.decode()
    assert not BuildingAttachment.objects.exists()


def test_a_town_user_exports_only_its_own_rows(
    li: User,
    wang: User,
    qingyang_building: Building,
    yuecheng_building: Building,
    client_for: Callable[[User], Client],
) -> None:
    assert _names(client_for(li).get(reverse("buildings:export"))) == {qingyang_building.name}
    assert _names(client_for(wang).get(reverse("buildings:export"))) == {
        qingyang_building.name,
        yuecheng_building.name,
    }
    assert AuditEntry.objects.filter(actor=li, action="export").exists()


@pytest.mark.parametrize("persona", ["shen", "zhao"])
def test_the_auditor_and_the_administrator_see_no_buildings(
    persona: str,
    request: pytest.FixtureRequest,
    qingyang_building: Building,
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("buildings:list")).status_code == 403
    assert client.get(reverse("buildings:export")).status_code == 403
    assert client.get(reverse("buildings:detail", args=[qingyang_building.pk])).status_code == 403
    assert "楼宇" not in client.get(reverse("web:home"), follow=True).content.decode().split("<main")[0]


def test_anonymous_visitors_are_sent_to_log_in(
    qingyang_building: Building, photo: BuildingAttachment
) -> None:
    client = Client()
    for url in (
        reverse("buildings:list"),
        reverse("buildings:detail", args=[qingyang_building.pk]),
        reverse("buildings:attachment", args=[photo.pk]),
        reverse("buildings:export"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["schemes", "goals", "import_new"])
def test_management_pages_are_for_the_office(
    name: str, zhang: User, wang: User, client_for: Callable[[User], Client]
) -> None:
    expected = {"schemes": 200, "goals": 403, "import_new": 403}[name]
    assert client_for(zhang).get(reverse(f"buildings:{name}")).status_code == expected
    assert client_for(wang).get(reverse(f"buildings:{name}")).status_code == 200

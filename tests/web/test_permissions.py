"""A unit's user sees and changes only what its unit owns; other roles only what they may."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.plans.models import Plan, Task
from duban.units.models import Unit


def _task_of(plan: Plan, seq: str) -> Task:
    return plan.tasks.get(seq=seq, section__position=1)


def test_a_unit_user_reads_a_task_its_unit_shares(
    plan_2025: Plan, li: User, client_for: Callable[[User], Client]
) -> None:
    task = _task_of(plan_2025, "6")  # 霞科办 leads, 青阳镇 responsible
    assert client_for(li).get(reverse("plans:task", args=[task.pk])).status_code == 200


def test_a_unit_user_cannot_read_another_units_task(
    plan_2025: Plan, li: User, client_for: Callable[[User], Client]
) -> None:
    task = _task_of(plan_2025, "12")  # 月城镇 only
    response = client_for(li).get(reverse("plans:task", args=[task.pk]))
    assert response.status_code == 404
    assert AuditEntry.objects.filter(actor=li, action="denied").exists()


def test_a_unit_user_sees_only_its_rows_on_the_plan_page(
    plan_2025: Plan, li: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(li).get(reverse("plans:detail", args=[plan_2025.pk])).content.decode()
    assert "清华大学宽视场巡天望远镜" in page  # 青阳镇 responsible
    assert "江阴机械年产360万件" not in page  # 月城镇 only
    mine = Task.objects.filter(plan=plan_2025, assignments__unit=li.unit_id).distinct().count()
    assert page.count('class="seq"') == mine


def test_a_unit_user_cannot_open_another_units_ledger(
    plan_2025: Plan, li: User, yuecheng: Unit, client_for: Callable[[User], Client]
) -> None:
    assert client_for(li).get(reverse("units:detail", args=[yuecheng.pk])).status_code == 404


def test_a_unit_user_does_not_see_a_plan_without_its_tasks(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    stranger_unit = Unit.objects.create(name="市档案馆")
    stranger = User.objects.create(username="dang", role="reporter", unit=stranger_unit)
    client = client_for(stranger)
    assert client.get(reverse("plans:detail", args=[plan_2025.pk])).status_code == 404
    assert "霞客湾" not in client.get(reverse("plans:list")).content.decode()


def test_search_never_returns_another_units_task(
    plan_2025: Plan, li: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(li).get(reverse("plans:search"), {"q": "江阴机械"}).content.decode()
    assert "重大项目招引" in page  # its progress names 江阴机械, and 青阳镇 shares it
    assert "江阴机械年产360万件" not in page  # 月城镇's own task


@pytest.mark.parametrize("persona", ["li", "qing_reviewer", "zhang", "zhao", "shen"])
def test_only_the_supervisor_can_import(
    persona: str, request: pytest.FixtureRequest, client_for: Callable[[User], Client]
) -> None:
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("plans:import_new")).status_code == 403


@pytest.mark.parametrize("persona", ["li", "qing_reviewer", "zhang", "shen"])
def test_unit_directory_changes_are_for_the_office_and_the_administrator(
    persona: str, request: pytest.FixtureRequest, qingyang: Unit, client_for: Callable[[User], Client]
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.post(reverse("units:alias_add", args=[qingyang.pk]), {"name": "青阳"}).status_code == 403
    assert not qingyang.aliases.exists()


@pytest.mark.parametrize("persona", ["li", "qing_reviewer", "shen"])
def test_unit_users_and_the_auditor_cannot_open_the_unit_directory(
    persona: str, request: pytest.FixtureRequest, client_for: Callable[[User], Client]
) -> None:
    assert client_for(request.getfixturevalue(persona)).get(reverse("units:directory")).status_code == 403


@pytest.mark.parametrize("persona", ["wang", "li", "zhang", "zhao"])
def test_only_the_auditor_reads_the_audit_log(
    persona: str, request: pytest.FixtureRequest, client_for: Callable[[User], Client]
) -> None:
    assert client_for(request.getfixturevalue(persona)).get(reverse("auditlog:list")).status_code == 403


def test_the_auditor_reads_the_audit_log(
    plan_2025: Plan, shen: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(shen).get(reverse("auditlog:list")).content.decode()
    assert "导入" in page and "霞客湾科学城2025年重点工作安排表" in page


def test_the_auditor_and_the_administrator_see_no_tasks(
    plan_2025: Plan, shen: User, zhao: User, client_for: Callable[[User], Client]
) -> None:
    task = _task_of(plan_2025, "1")
    for user in (shen, zhao):
        assert client_for(user).get(reverse("plans:task", args=[task.pk])).status_code == 404


def test_the_leader_reads_everything(
    plan_2025: Plan, zhang: User, client_for: Callable[[User], Client]
) -> None:
    task = _task_of(plan_2025, "12")
    assert client_for(zhang).get(reverse("plans:task", args=[task.pk])).status_code == 200


def test_anonymous_visitors_are_sent_to_login(plan_2025: Plan, client: Client) -> None:
    for url in (
        reverse("plans:list"),
        reverse("plans:detail", args=[plan_2025.pk]),
        reverse("units:directory"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))

"""三员分立: the 系统管理员 runs accounts, the 安全管理员 grants, the 审计管理员 reads the log; none may
act on itself or on the administrators that watch it, and every change is audited."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.accounts.services import (
    account_create,
    account_grant,
    account_otp_reset,
    account_password_reset,
    account_set_active,
)
from duban.auditlog.choices import Action
from duban.auditlog.models import AuditEntry
from duban.common.roles import Role
from duban.units.models import Unit
from tests.accounts.conftest import log_in


def _denied(actor: User) -> list[str]:
    return list(
        AuditEntry.objects.filter(actor=actor, action=Action.DENIED).values_list("message", flat=True)
    )


# --- the 系统管理员 -------------------------------------------------------------------------


def test_the_sysadmin_creates_an_account_with_a_temporary_password(
    zhao: User, qingyang: Unit, client_for: Callable[[User], Client]
) -> None:
    data = {"username": "xiaoli", "full_name": "小李", "role": "reporter", "unit": qingyang.pk}
    page = client_for(zhao).post(reverse("accounts:create"), data)
    password = page.content.decode().split('data-testid="temporary-password">')[1].split("<")[0]
    user = User.objects.get(username="xiaoli")
    assert user.check_password(password) and user.must_change_password and not user.is_superuser
    assert AuditEntry.objects.filter(actor=zhao, action=Action.CREATE, object_id=str(user.pk)).exists()
    assert page["Cache-Control"] == "no-store"


def test_the_sysadmin_is_offered_business_roles_only_and_none_preselected(
    zhao: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(zhao).get(reverse("accounts:create")).content.decode()
    assert 'value="supervisor"' in page and '<option value="" selected>请选择角色</option>' in page
    assert 'value="sysadmin"' not in page and 'value="secadmin"' not in page and 'value="auditor"' not in page


def test_an_unchanged_role_choice_creates_no_account(
    zhao: User, client_for: Callable[[User], Client]
) -> None:
    data = {"username": "xiaoli", "full_name": "小李", "role": "", "unit": ""}
    page = client_for(zhao).post(reverse("accounts:create"), data).content.decode()
    assert "请选择角色" in page and not User.objects.filter(username="xiaoli").exists()
    assert User.objects.filter(role=Role.SYSADMIN).count() == 1


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR])
def test_the_sysadmin_cannot_create_an_administrator(zhao: User, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        account_create(actor=zhao, username="x", full_name="x", role=role, unit=None)
    assert not User.objects.filter(username="x").exists()
    assert _denied(zhao)


def test_a_tampered_form_cannot_create_an_auditor(zhao: User, client_for: Callable[[User], Client]) -> None:
    data = {"username": "x", "full_name": "x", "role": "auditor"}
    assert client_for(zhao).post(reverse("accounts:create"), data).status_code == 200  # the form refuses
    assert not User.objects.filter(username="x").exists()


@pytest.mark.parametrize("persona", ["shen", "an"])
def test_the_sysadmin_cannot_touch_its_watchers(
    persona: str, zhao: User, request: pytest.FixtureRequest
) -> None:
    watcher: User = request.getfixturevalue(persona)
    for act in (
        lambda: account_set_active(actor=zhao, user=watcher, active=False),
        lambda: account_password_reset(actor=zhao, user=watcher),
        lambda: account_otp_reset(actor=zhao, user=watcher),
    ):
        with pytest.raises(PermissionDenied):
            act()
    watcher.refresh_from_db()
    assert watcher.is_active and not watcher.must_change_password
    assert len(_denied(zhao)) == 3


def test_the_sysadmin_cannot_act_on_itself(zhao: User, client_for: Callable[[User], Client]) -> None:
    response = client_for(zhao).post(reverse("accounts:set_active", args=[zhao.pk]), {"active": "0"})
    assert response.status_code == 403
    zhao.refresh_from_db()
    assert zhao.is_active


def test_the_sysadmin_deactivates_and_the_account_can_no_longer_log_in(
    zhao: User, li: User, client_for: Callable[[User], Client]
) -> None:
    li_client = client_for(li)
    client_for(zhao).post(reverse("accounts:set_active", args=[li.pk]), {"active": "0"})
    assert li_client.get(reverse("plans:list")).status_code == 302  # the open session ends too
    assert "用户名或密码不正确" in log_in(Client(), "li").content.decode()
    assert AuditEntry.objects.filter(
        actor=zhao, message="停用账户", changes={"is_active": [True, False]}
    ).exists()


def test_a_reset_password_must_be_changed_at_next_login(
    zhao: User, li: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(zhao).post(reverse("accounts:password_reset", args=[li.pk])).content.decode()
    password = page.split('data-testid="temporary-password">')[1].split("<")[0]
    client = Client()
    log_in(client, "li", password)
    assert client.get(reverse("reporting:mine"))["Location"] == reverse("accounts:password_change")


def test_the_sysadmin_cannot_grant(zhao: User, li: User) -> None:
    with pytest.raises(PermissionDenied):
        account_grant(actor=zhao, user=li, role=Role.SUPERVISOR, unit=None)


# --- the 安全管理员 -------------------------------------------------------------------------


def test_the_secadmin_grants_a_role_and_a_unit(
    an: User, li: User, yuecheng: Unit, client_for: Callable[[User], Client]
) -> None:
    data = {"role": "unit_reviewer", "unit": yuecheng.pk}
    assert client_for(an).post(reverse("accounts:grant", args=[li.pk]), data).status_code == 302
    li.refresh_from_db()
    assert (li.role, li.unit) == (Role.UNIT_REVIEWER, yuecheng)
    entry = AuditEntry.objects.get(actor=an, message="授权")
    assert entry.changes == {"role": ["reporter", "unit_reviewer"], "unit": ["青阳镇", "月城镇"]}


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR])
def test_the_secadmin_grants_no_administrator_role(an: User, li: User, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        account_grant(actor=an, user=li, role=role, unit=None)
    li.refresh_from_db()
    assert li.role == Role.REPORTER


@pytest.mark.parametrize("persona", ["zhao", "shen"])
def test_the_secadmin_cannot_change_an_administrator(
    persona: str, an: User, request: pytest.FixtureRequest
) -> None:
    with pytest.raises(PermissionDenied):
        account_grant(actor=an, user=request.getfixturevalue(persona), role=Role.LEADER, unit=None)


def test_the_secadmin_cannot_change_its_own_role(an: User) -> None:
    with pytest.raises(PermissionDenied, match="不能修改自己的角色"):
        account_grant(actor=an, user=an, role=Role.SUPERVISOR, unit=None)


def test_the_secadmin_creates_no_account_and_resets_no_password(an: User, li: User) -> None:
    with pytest.raises(PermissionDenied):
        account_create(actor=an, username="x", full_name="x", role=Role.LEADER, unit=None)
    with pytest.raises(PermissionDenied):
        account_password_reset(actor=an, user=li)


# --- the 审计管理员 and everyone else --------------------------------------------------------


@pytest.mark.parametrize("persona", ["shen", "wang", "li"])
def test_others_cannot_open_the_account_pages(
    persona: str, li: User, request: pytest.FixtureRequest, client_for: Callable[[User], Client]
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("accounts:manage")).status_code == 403
    assert client.get(reverse("accounts:create")).status_code == 403
    assert client.post(reverse("accounts:password_reset", args=[li.pk])).status_code == 403
    assert client.get(reverse("accounts:grant", args=[li.pk])).status_code == 403


def test_the_account_list_shows_each_administrator_its_own_actions(
    zhao: User, an: User, shen: User, li: User, client_for: Callable[[User], Client]
) -> None:
    as_sysadmin = client_for(zhao).get(reverse("accounts:manage")).content.decode()
    as_secadmin = client_for(an).get(reverse("accounts:manage")).content.decode()
    assert reverse("accounts:password_reset", args=[li.pk]) in as_sysadmin
    assert reverse("accounts:password_reset", args=[shen.pk]) not in as_sysadmin
    assert reverse("accounts:grant", args=[li.pk]) in as_secadmin
    assert reverse("accounts:grant", args=[zhao.pk]) not in as_secadmin
    assert "重置密码</button>" not in as_secadmin and "授权</a>" not in as_sysadmin


def test_the_administrator_roles_carry_their_chinese_names() -> None:
    assert (Role.SYSADMIN.label, Role.SECADMIN.label, Role.AUDITOR.label) == (
        "系统管理员",
        "安全管理员",
        "审计管理员",
    )
    assert Role.AUDITOR.value == "auditor"

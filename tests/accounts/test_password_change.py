"""A password set by someone else is changed at first login, and every password after its maximum age:
until then every page but the change page and logout sends the user to the change page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from duban.accounts.models import User
from duban.accounts.services import account_create
from duban.auditlog.models import AuditEntry
from duban.common.roles import Role
from duban.units.models import Unit
from tests.accounts.conftest import lands_on, log_in

NEW_PASSWORD = "Qingyang#2025-new"
PAGES = [
    "web:home",
    "plans:list",
    "reporting:mine",
    "units:directory",
    "accounts:security",
    "accounts:manage",
]


@pytest.fixture
def newcomer(zhao: User, qingyang: Unit) -> tuple[User, str]:
    return account_create(
        actor=zhao, username="xiaozhang", full_name="小张", role=Role.REPORTER, unit=qingyang
    )


def _held_at_the_change_page(client: Client) -> bool:
    return all(lands_on(client.get(reverse(page)), "accounts:password_change") for page in PAGES)


def test_a_new_account_must_change_its_password_at_first_login(newcomer: tuple[User, str]) -> None:
    user, password = newcomer
    client = Client()
    log_in(client, user.username, password)
    assert _held_at_the_change_page(client)
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200 and "管理员为您设置的初始或临时密码" in page.content.decode()


def test_logout_stays_open_while_the_password_is_due(newcomer: tuple[User, str]) -> None:
    user, password = newcomer
    client = Client()
    log_in(client, user.username, password)
    assert lands_on(client.post(reverse("accounts:logout")), "accounts:login")
    assert lands_on(client.get(reverse("plans:list")), "accounts:login")


def test_after_the_change_the_account_works(newcomer: tuple[User, str]) -> None:
    user, password = newcomer
    client = Client()
    log_in(client, user.username, password)
    data = {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post(reverse("accounts:password_change"), data).status_code == 302
    assert client.get(reverse("plans:list")).status_code == 200  # the session survived the change
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(actor=user, message="修改密码").exists()


def test_the_new_password_must_follow_the_policy_and_differ_from_the_old(newcomer: tuple[User, str]) -> None:
    user, password = newcomer
    client = Client()
    log_in(client, user.username, password)
    weak = {"old_password": password, "new_password1": "abcdefghij", "new_password2": "abcdefghij"}
    assert "至少 3 类" in client.post(reverse("accounts:password_change"), weak).content.decode()
    same = {"old_password": password, "new_password1": password, "new_password2": password}
    assert (
        "新密码不能与当前密码相同" in client.post(reverse("accounts:password_change"), same).content.decode()
    )
    user.refresh_from_db()
    assert user.must_change_password


def _age_password(user: User, days: int) -> None:
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=days))


def test_a_password_past_its_maximum_age_must_be_changed(
    li: User, client_for: Callable[[User], Client]
) -> None:
    _age_password(li, 91)
    client = client_for(li)
    assert _held_at_the_change_page(client)
    assert "已超过使用期限" in client.get(reverse("accounts:password_change")).content.decode()


def test_a_password_younger_than_the_maximum_age_is_fine(
    li: User, client_for: Callable[[User], Client]
) -> None:
    _age_password(li, 89)
    assert client_for(li).get(reverse("plans:list")).status_code == 200


def test_the_maximum_age_is_a_setting(li: User, client_for: Callable[[User], Client], settings: Any) -> None:
    _age_password(li, 40)
    settings.DUBAN_PASSWORD_MAX_AGE_DAYS = 30
    assert lands_on(client_for(li).get(reverse("plans:list")), "accounts:password_change")
    settings.DUBAN_PASSWORD_MAX_AGE_DAYS = 0  # never expires
    assert client_for(li).get(reverse("plans:list")).status_code == 200


def test_the_second_factor_comes_before_the_password_change(
    wang: User, client_for: Callable[[User], Client]
) -> None:
    _age_password(wang, 91)
    client = Client()
    log_in(client, "wang")
    assert lands_on(client.get(reverse("plans:list")), "accounts:otp_setup")
    assert lands_on(client_for(wang).get(reverse("plans:list")), "accounts:password_change")

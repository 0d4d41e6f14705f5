"""TOTP: required for 督办员 and the three administrators, optional for the others. Until the code is
typed, only the two-step pages and logout open."""

from __future__ import annotations

import datetime as dt
import re
from base64 import b32decode
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from duban.accounts.models import User
from duban.accounts.selectors import account_list
from duban.accounts.services import account_otp_reset
from duban.auditlog.models import AuditEntry
from tests.accounts.conftest import lands_on, log_in
from tests.accounts.otp import otp_device, totp_code

PAGES = ["plans:list", "units:directory", "auditlog:list", "accounts:manage", "accounts:password_change"]


def _wait_out_the_throttle(user: User) -> None:
    """django-otp makes each failure wait longer (1 s, 2 s, 4 s …): pretend the wait is over."""
    TOTPDevice.objects.filter(user=user).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(minutes=1)
    )


def _held_at(client: Client, step: str) -> bool:
    return all(lands_on(client.get(reverse(page)), step) for page in PAGES)


def _code_for_secret(page: str) -> str:
    secret = re.search(r'data-testid="otp-secret">([A-Z2-7 ]+)<', page)
    assert secret is not None
    return str(TOTP(b32decode(secret.group(1).replace(" ", ""))).token()).zfill(6)


@pytest.mark.parametrize("persona", ["wang", "zhao", "an", "shen"])
def test_the_required_roles_must_bind_an_authenticator_first(
    persona: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(persona)
    client = Client()
    assert log_in(client, user.username).status_code == 302
    assert _held_at(client, "accounts:otp_setup")
    page = client.get(reverse("accounts:otp_setup")).content.decode()
    assert "<svg" in page and "otpauth://totp/" in page
    assert client.post(reverse("accounts:otp_setup"), {"token": "000000"}).status_code == 200
    assert _held_at(client, "accounts:otp_setup")
    _wait_out_the_throttle(user)
    assert client.post(reverse("accounts:otp_setup"), {"token": _code_for_secret(page)}).status_code == 302
    assert TOTPDevice.objects.get(user=user).confirmed
    assert not lands_on(client.get(reverse("accounts:password_change")), "accounts:otp_setup")


def test_a_wrong_code_makes_the_next_try_wait(wang: User) -> None:
    device = otp_device(wang)
    client = Client()
    log_in(client, "wang")
    client.post(reverse("accounts:otp_verify"), {"token": "123456"})
    assert client.post(reverse("accounts:otp_verify"), {"token": totp_code(device)}).status_code == 200


@pytest.mark.parametrize("persona", ["wang", "zhao", "an", "shen"])
def test_the_required_roles_must_type_the_code_at_every_login(
    persona: str, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(persona)
    device = otp_device(user)
    client = Client()
    log_in(client, user.username)
    assert _held_at(client, "accounts:otp_verify")
    wrong = client.post(reverse("accounts:otp_verify"), {"token": "123456"})
    assert "验证码不正确" in wrong.content.decode()
    assert _held_at(client, "accounts:otp_verify")
    _wait_out_the_throttle(user)
    right = client.post(reverse("accounts:otp_verify"), {"token": totp_code(device), "next": "/plans/"})
    assert right.status_code == 302 and right["Location"] == "/plans/"
    assert client.get(reverse("accounts:security")).status_code == 200


def test_a_code_is_accepted_once(wang: User) -> None:
    device = otp_device(wang)
    code = totp_code(device)
    first, second = Client(), Client()
    log_in(first, "wang")
    log_in(second, "wang")
    assert first.post(reverse("accounts:otp_verify"), {"token": code}).status_code == 302
    assert second.post(reverse("accounts:otp_verify"), {"token": code}).status_code == 200


def test_the_login_remembers_where_the_user_was_going(wang: User) -> None:
    client = Client()
    otp_device(wang)
    client.post(
        reverse("accounts:login") + "?next=/units/",
        {"username": "wang", "password": "Persona-pass-2025", "next": "/units/"},
    )
    held = client.get("/units/")
    assert lands_on(held, "accounts:otp_verify") and "next=%2Funits%2F" in held["Location"]


def test_a_reporter_needs_no_second_factor(li: User) -> None:
    client = Client()
    log_in(client, "li")
    assert client.get(reverse("reporting:mine")).status_code == 200


def test_a_reporter_may_bind_one_and_then_needs_it(li: User, client_for: Callable[[User], Client]) -> None:
    client = client_for(li)
    page = client.get(reverse("accounts:otp_setup")).content.decode()
    client.post(reverse("accounts:otp_setup"), {"token": _code_for_secret(page)})
    assert "已绑定验证器" in client.get(reverse("accounts:security")).content.decode()
    again = Client()
    log_in(again, "li")
    assert lands_on(again.get(reverse("reporting:mine")), "accounts:otp_verify")


def test_htmx_requests_are_sent_to_the_second_factor_with_a_full_page_redirect(wang: User) -> None:
    client = Client()
    log_in(client, "wang")
    response = client.get(reverse("plans:list"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(reverse("accounts:otp_setup"))


def test_a_reset_authenticator_is_bound_again(wang: User, zhao: User) -> None:
    otp_device(wang)
    account_otp_reset(actor=zhao, user=wang)
    client = Client()
    log_in(client, "wang")
    assert lands_on(client.get(reverse("plans:list")), "accounts:otp_setup")
    assert AuditEntry.objects.filter(actor=zhao, message="重置两步验证").exists()


def test_the_account_list_says_who_has_a_confirmed_authenticator(wang: User, li: User, zhao: User) -> None:
    otp_device(wang)
    TOTPDevice.objects.create(user=li, name="扫码未确认", confirmed=False)
    has_otp = {row.account.username: row.has_otp for row in account_list()}
    assert has_otp == {"wang": True, "li": False, "zhao": False}


def test_the_demo_switch_waives_the_requirement(wang: User, settings: Any) -> None:
    settings.DUBAN_DEMO_NO_TOTP = True
    client = Client()
    log_in(client, "wang")
    assert client.get(reverse("plans:list")).status_code == 200


def test_the_real_settings_require_it(settings: Any) -> None:
    """The browser tests pass the second factor with each persona's device: nothing is waived."""
    assert settings.DUBAN_DEMO_NO_TOTP is False
    assert "django_otp.middleware.OTPMiddleware" in settings.MIDDLEWARE
    assert "duban.accounts.middleware.AccountGateMiddleware" in settings.MIDDLEWARE


def test_failed_and_passed_codes_are_audited(wang: User) -> None:
    device = otp_device(wang)
    client = Client()
    log_in(client, "wang")
    client.post(reverse("accounts:otp_verify"), {"token": "123456"})
    _wait_out_the_throttle(wang)
    client.post(reverse("accounts:otp_verify"), {"token": totp_code(device)})
    messages = list(AuditEntry.objects.filter(actor=wang).values_list("message", flat=True))
    assert "两步验证码错误" in messages and "两步验证通过" in messages

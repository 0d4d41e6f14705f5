"""统一身份认证 (OpenID Connect) against a real provider: the platform checks the person, duban grants
the role and unit, finds the account by the platform's subject, and never hands it a local account."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from django.test import Client
from django.urls import reverse

from duban.accounts.models import AccountSource, User
from duban.auditlog.choices import Action
from duban.auditlog.models import AuditEntry
from duban.common.roles import Role
from duban.core import clock
from duban.units.models import Unit
from tests.accounts.platform import CLIENT_ID, CLIENT_SECRET, platform_log_in, running_platform
from tests.web.conftest import _user

BACKEND = "duban.accounts.backends.IdentityPlatformBackend"


@pytest.fixture(scope="session")
def platform(live_server: Any) -> Iterator[str]:
    with running_platform(f"{live_server.url}{reverse('accounts:oidc_callback')}") as issuer:
        yield issuer


@pytest.fixture
def platform_login(transactional_db: None, settings: Any, platform: str, live_server: Any) -> str:
    """The settings DUBAN_OIDC_* give (duban/settings.py); returns where a login starts."""
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    settings.DUBAN_OIDC_CLIENT_ID = settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{platform}/auth"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{platform}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{platform}/me"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{platform}/jwks"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    # The platform signs tokens with its time: the suite's pinned clock, so duban accepts them.
    requests.get(f"{platform}/__clock", params={"now": int(clock.now().timestamp() * 1000)}, timeout=5)
    return f"{live_server.url}{reverse('accounts:oidc_start')}"


def _path(response: requests.Response) -> str:
    return requests.utils.urlparse(response.url).path


def test_the_platform_signs_in_a_new_person_who_then_awaits_a_grant(platform_login: str) -> None:
    landed = platform_log_in(requests.Session(), platform_login, "zhang-0001")
    assert _path(landed) == reverse("accounts:ungranted"), landed.text[:500]
    zhang = User.objects.get(username="zhangsan")
    assert (zhang.source, zhang.external_id, zhang.full_name) == (AccountSource.OIDC, "zhang-0001", "张三")
    assert (zhang.role, zhang.unit_id) == ("", None) and not zhang.has_usable_password()
    login = AuditEntry.objects.filter(actor_name="zhangsan", action=Action.LOGIN).get()
    assert login.message == "统一身份认证登录"


def test_without_a_user_name_the_subject_names_the_account(platform_login: str) -> None:
    platform_log_in(requests.Session(), platform_login, "li-0003")
    assert User.objects.get(external_id="li-0003").username == "li-0003"


def test_the_account_is_found_again_by_its_subject_and_keeps_its_grant(platform_login: str) -> None:
    platform_log_in(requests.Session(), platform_login, "zhang-0001")
    zhang = User.objects.get(username="zhangsan")
    zhang.role, zhang.unit = Role.REPORTER, Unit.objects.create(name="青阳镇")
    zhang.save()
    landed = platform_log_in(requests.Session(), platform_login, "zhang-0001")
    assert _path(landed) == reverse("reporting:mine")  # a 填报员's home: granted, not waiting
    assert User.objects.filter(source=AccountSource.OIDC).count() == 1


def test_the_platform_never_signs_in_a_local_account_of_the_same_name(platform_login: str) -> None:
    local = _user("wang", Role.SUPERVISOR)
    landed = platform_log_in(requests.Session(), platform_login, "wang-0002")
    assert _path(landed) == reverse("accounts:login")
    assert "与本系统已有的账户同名，不能登录" in landed.text
    assert User.objects.filter(username="wang").get() == local
    local.refresh_from_db()
    assert (local.source, local.external_id) == (AccountSource.LOCAL, "")


def test_a_platform_account_has_no_password_here(platform_login: str) -> None:
    platform_log_in(requests.Session(), platform_login, "zhang-0001")
    client = Client()
    client.post(reverse("accounts:login"), {"username": "zhangsan", "password": "any-Password-1"})
    assert "_auth_user_id" not in client.session


def test_a_stopped_platform_account_is_refused(platform_login: str) -> None:
    platform_log_in(requests.Session(), platform_login, "zhang-0001")
    User.objects.filter(username="zhangsan").update(is_active=False)
    landed = platform_log_in(requests.Session(), platform_login, "zhang-0001")
    assert _path(landed) == reverse("accounts:login") and "已停用" in landed.text


def test_without_a_platform_the_login_page_offers_none_and_its_urls_do_not_exist(db: None) -> None:
    client = Client()
    assert "统一身份认证" not in client.get(reverse("accounts:login")).content.decode()
    assert client.get(reverse("accounts:oidc_start")).status_code == 404
    assert client.get(reverse("accounts:oidc_callback")).status_code == 404


def test_with_a_platform_the_login_page_offers_it(platform_login: str) -> None:
    page = Client().get(reverse("accounts:login")).content.decode()
    assert "使用统一身份认证登录" in page and reverse("accounts:oidc_start") in page

"""Directory login against a real OpenLDAP server: the directory checks the password, duban grants
the role and unit, and a local account and a directory account of one name are never confused."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import ldap
import pytest
from django.test import Client
from django.urls import reverse
from django_auth_ldap.config import LDAPSearch
from time_machine import Traveller

from duban.accounts.models import AccountSource, User
from duban.accounts.policy import password_change_due
from duban.accounts.services import account_grant
from duban.auditlog.choices import Action, Result
from duban.auditlog.models import AuditEntry
from duban.common.roles import Role
from duban.core import clock
from duban.units.models import Unit
from tests.accounts.conftest import lands_on, log_in
from tests.accounts.slapd import LI, SEARCHER_DN, SEARCHER_PASSWORD, WANG, Directory, running_directory
from tests.web.conftest import PASSWORD, _user

DIRECTORY_BACKEND = "duban.accounts.backends.DirectoryBackend"
WRONG = "Not-the-directory-pass-1"


@pytest.fixture(scope="session")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Directory]:
    with running_directory(tmp_path_factory.mktemp("slapd")) as server:
        yield server


@pytest.fixture
def directory_login(db: None, settings: Any, directory: Directory) -> Directory:
    """The settings DUBAN_LDAP_URI and DUBAN_LDAP_USER_DN_TEMPLATE give (duban/settings.py)."""
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, DIRECTORY_BACKEND]
    settings.AUTH_LDAP_SERVER_URI = directory.uri
    settings.AUTH_LDAP_USER_DN_TEMPLATE = directory.user_dn_template()
    settings.AUTH_LDAP_BIND_AS_AUTHENTICATING_USER = True
    return directory


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _logins(username: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(actor_name=username, action=Action.LOGIN))


def test_a_directory_password_signs_in_and_makes_an_account_without_role_or_unit(
    directory_login: Directory,
) -> None:
    client = Client()
    assert lands_on(log_in(client, LI.uid, LI.password), "web:home")
    li = User.objects.get(username=LI.uid)
    assert li.source == AccountSource.DIRECTORY
    assert (li.role, li.unit_id) == ("", None)
    assert li.full_name == "李主任"  # the cn: this entry has no displayName
    assert not li.has_usable_password()
    assert _signed_in(client)


def test_the_full_name_is_the_directorys_display_name_before_its_cn(directory_login: Directory) -> None:
    log_in(Client(), WANG.uid, WANG.password)
    assert User.objects.get(username=WANG.uid).full_name == "王科长"


def test_a_new_directory_account_sees_only_a_page_saying_it_awaits_a_grant(
    directory_login: Directory,
) -> None:
    client = Client()
    log_in(client, LI.uid, LI.password)
    for name in ("web:home", "plans:list", "dashboards:home", "accounts:security"):
        assert lands_on(client.get(reverse(name)), "accounts:ungranted"), name
    page = client.get(reverse("accounts:ungranted")).content.decode()
    assert "账户尚未授权" in page and "安全管理员" in page and "李主任" in page
    assert "（）" not in page  # no empty role in the bar


def test_once_the_security_administrator_grants_a_role_the_directory_account_gets_to_work(
    directory_login: Directory, an: User, qingyang: Unit
) -> None:
    client = Client()
    log_in(client, LI.uid, LI.password)
    li = User.objects.get(username=LI.uid)
    account_grant(actor=an, user=li, role=Role.REPORTER, unit=qingyang)
    assert lands_on(client.get(reverse("accounts:ungranted")), "web:home")
    assert lands_on(client.get(reverse("web:home")), "reporting:mine")


def test_the_role_and_unit_granted_in_duban_survive_the_next_directory_login(
    directory_login: Directory, qingyang: Unit
) -> None:
    User.objects.create(
        username=LI.uid, source=AccountSource.DIRECTORY, role=Role.REPORTER, unit=qingyang, full_name="旧名"
    )
    client = Client()
    assert lands_on(log_in(client, LI.uid, LI.password), "web:home")
    li = User.objects.get(username=LI.uid)
    assert (li.role, li.unit) == (Role.REPORTER, qingyang)
    assert li.full_name == "李主任"
    assert lands_on(client.get(reverse("web:home")), "reporting:mine")


def test_a_wrong_directory_password_fails_and_counts_toward_the_lockout(
    directory_login: Directory, clock: Traveller
) -> None:
    client = Client()
    first = log_in(client, LI.uid, WRONG)
    assert first.status_code == 200 and "用户名或密码不正确" in first.content.decode()
    assert not _signed_in(client)
    for _ in range(4):
        clock.shift(dt.timedelta(minutes=2))  # past the growing wait between failures
        log_in(client, LI.uid, WRONG)
    failures = AuditEntry.objects.filter(action=Action.LOGIN_FAILED, result=Result.FAILURE)
    assert failures.filter(message=f"用户名：{LI.uid}").count() == 5
    assert failures.filter(message__contains="连续登录失败次数过多").exists()
    right = log_in(client, LI.uid, LI.password)
    assert right.status_code == 429 and not _signed_in(client)


def test_a_directory_password_does_not_open_a_local_account_of_the_same_name(
    directory_login: Directory,
) -> None:
    local = _user(WANG.uid, Role.SUPERVISOR)
    for name in (WANG.uid, WANG.uid.upper()):
        client = Client()
        assert log_in(client, name, WANG.password).status_code == 200
        assert not _signed_in(client)
    local.refresh_from_db()
    assert local.source == AccountSource.LOCAL and local.full_name == WANG.uid
    assert User.objects.filter(username__iexact=WANG.uid).count() == 1
    assert lands_on(log_in(Client(), WANG.uid, PASSWORD), "web:home")  # its own password still works


def test_a_local_password_does_not_open_a_directory_account(directory_login: Directory) -> None:
    log_in(Client(), LI.uid, LI.password)
    li = User.objects.get(username=LI.uid)
    li.set_password(PASSWORD)  # as if someone gave the directory account a local password
    li.save()
    client = Client()
    assert log_in(client, LI.uid, PASSWORD).status_code == 200 and not _signed_in(client)
    assert lands_on(log_in(client, LI.uid, LI.password), "web:home")


def test_a_directory_account_is_not_signed_in_while_ldap_is_not_configured(
    db: None, directory: Directory
) -> None:
    User.objects.create(username=LI.uid, source=AccountSource.DIRECTORY, role=Role.REPORTER)
    client = Client()
    assert log_in(client, LI.uid, LI.password).status_code == 200 and not _signed_in(client)


def test_a_disabled_directory_account_cannot_sign_in(directory_login: Directory) -> None:
    User.objects.create(username=LI.uid, source=AccountSource.DIRECTORY, is_active=False)
    client = Client()
    assert log_in(client, LI.uid, LI.password).status_code == 200 and not _signed_in(client)


def test_the_audit_log_says_which_logins_were_directory_logins(
    directory_login: Directory, wang: User
) -> None:
    log_in(Client(), LI.uid, LI.password)
    log_in(Client(), "wang", PASSWORD)
    assert [e.message for e in _logins(LI.uid)] == ["目录登录"]
    assert [e.message for e in _logins("wang")] == [""]


def test_a_search_account_finds_the_person_when_there_is_no_dn_template(
    directory_login: Directory, settings: Any
) -> None:
    settings.AUTH_LDAP_USER_DN_TEMPLATE = None
    settings.AUTH_LDAP_BIND_DN = SEARCHER_DN
    settings.AUTH_LDAP_BIND_PASSWORD = SEARCHER_PASSWORD
    settings.AUTH_LDAP_USER_SEARCH = LDAPSearch(directory_login.people, ldap.SCOPE_SUBTREE, "(uid=%(user)s)")
    assert lands_on(log_in(Client(), WANG.uid, WANG.password), "web:home")
    assert log_in(Client(), LI.uid, WRONG).status_code == 200
    assert User.objects.get(username=WANG.uid).full_name == "王科长"


def test_a_directory_accounts_password_is_never_due_for_change_in_duban(directory_login: Directory) -> None:
    log_in(Client(), LI.uid, LI.password)
    li = User.objects.get(username=LI.uid)
    assert not password_change_due(li, now=clock.now() + timedelta(days=400))


def _settings_under(env: dict[str, str]) -> dict[str, Any]:
    script = """
import json
from django.conf import settings as s
search = getattr(s, "AUTH_LDAP_USER_SEARCH", None)
print(json.dumps({
    "backends": s.AUTHENTICATION_BACKENDS,
    "uri": getattr(s, "AUTH_LDAP_SERVER_URI", None),
    "template": getattr(s, "AUTH_LDAP_USER_DN_TEMPLATE", None),
    "tls": getattr(s, "AUTH_LDAP_START_TLS", None),
    "bind": getattr(s, "AUTH_LDAP_BIND_DN", None),
    "search": [search.base_dn, search.filterstr] if search else None,
}))
"""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DUBAN_LDAP_")}
    run_env = {**clean, **env, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    out = subprocess.run(
        [sys.executable, "-c", script], env=run_env, capture_output=True, text=True, check=True
    )
    return dict(json.loads(out.stdout))


def test_the_directory_is_configured_by_environment_variables_only_when_they_are_set() -> None:
    assert DIRECTORY_BACKEND not in _settings_under({})["backends"]
    template = _settings_under(
        {
            "DUBAN_LDAP_URI": "ldap://dc.example:389",
            "DUBAN_LDAP_USER_DN_TEMPLATE": "uid=%(user)s,ou=people,dc=x",
        }
    )
    assert template["backends"][-1] == DIRECTORY_BACKEND
    assert (template["uri"], template["template"], template["tls"]) == (
        "ldap://dc.example:389",
        "uid=%(user)s,ou=people,dc=x",
        False,
    )
    search = _settings_under(
        {
            "DUBAN_LDAP_URI": "ldap://dc.example",
            "DUBAN_LDAP_SEARCH_BASE": "ou=people,dc=x",
            "DUBAN_LDAP_SEARCH_FILTER": "(sAMAccountName=%(user)s)",
            "DUBAN_LDAP_BIND_DN": "cn=duban,dc=x",
            "DUBAN_LDAP_START_TLS": "true",
        }
    )
    assert search["search"] == ["ou=people,dc=x", "(sAMAccountName=%(user)s)"]
    assert (search["template"], search["bind"], search["tls"]) == (None, "cn=duban,dc=x", True)

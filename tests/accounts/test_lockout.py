"""Five failed logins lock a user name for 30 minutes; the answers never tell whether a name exists."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.accounts.services import account_password_reset
from duban.auditlog.choices import Action
from duban.auditlog.models import AuditEntry
from tests.accounts.conftest import log_in
from tests.web.conftest import PASSWORD

LOCKED = "登录失败次数过多，请 30 分钟后再试"


def _fail(client: Client, username: str, times: int) -> list[str]:
    return [log_in(client, username, "Wrong-pass-2025").content.decode() for _ in range(times)]


def _error(page: str) -> str:
    """The alert's text on the login page."""
    return page.split('data-testid="login-error">')[1].split("<")[0]


def _move_failures_back(username: str, minutes: int) -> None:
    attempt_time = AccessAttempt.objects.get(username=username).attempt_time
    AccessAttempt.objects.filter(username=username).update(
        attempt_time=attempt_time - dt.timedelta(minutes=minutes)
    )


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(li: User) -> None:
    wrong = log_in(Client(), "li", "Wrong-pass-2025")
    unknown = log_in(Client(), "nobody", "Wrong-pass-2025")
    assert wrong.status_code == unknown.status_code == 200
    assert _error(wrong.content.decode()) == _error(unknown.content.decode()) == "用户名或密码不正确"


def test_five_failures_lock_the_name_even_against_the_right_password(li: User) -> None:
    client = Client()
    answers = _fail(client, "li", 5)
    assert all("用户名或密码不正确" in a for a in answers[:4]) and LOCKED in answers[4]
    sixth = log_in(client, "li", PASSWORD)
    assert sixth.status_code == 429 and LOCKED in sixth.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("plans:list")).status_code == 302  # still not logged in


def test_an_unknown_name_is_locked_with_the_same_answer(li: User) -> None:
    _fail(Client(), "li", 5)
    _fail(Client(), "nobody", 5)
    known, unknown = log_in(Client(), "li", PASSWORD), log_in(Client(), "nobody", PASSWORD)
    assert known.status_code == unknown.status_code == 429
    assert _error(known.content.decode()) == _error(unknown.content.decode())


def test_the_lock_is_per_user_name(li: User, zhou: User) -> None:
    _fail(Client(), "li", 5)
    assert log_in(Client(), "zhou").status_code == 302


def test_the_lock_lifts_after_30_minutes(li: User) -> None:
    _fail(Client(), "li", 5)
    _move_failures_back("li", 29)
    assert log_in(Client(), "li").status_code == 429
    _move_failures_back("li", 2)  # 31 minutes since the fifth failure
    assert log_in(Client(), "li").status_code == 302


def test_failures_further_apart_than_15_minutes_start_the_count_again(li: User) -> None:
    _fail(Client(), "li", 4)
    _move_failures_back("li", 16)
    _fail(Client(), "li", 1)
    assert log_in(Client(), "li").status_code == 302


def test_a_login_resets_the_count(li: User) -> None:
    _fail(Client(), "li", 4)
    assert log_in(Client(), "li").status_code == 302
    _fail(Client(), "li", 4)
    assert log_in(Client(), "li").status_code == 302


def test_a_password_reset_lifts_the_lock(li: User, zhao: User) -> None:
    _fail(Client(), "li", 5)
    password = account_password_reset(actor=zhao, user=li)
    assert log_in(Client(), "li", password).status_code == 302


def test_failures_and_the_lock_are_audited(li: User) -> None:
    _fail(Client(), "li", 5)
    failures = AuditEntry.objects.filter(action=Action.LOGIN_FAILED)
    assert failures.filter(message="用户名：li").count() == 5
    assert failures.filter(message__contains="锁定 30 分钟").count() == 1


@pytest.mark.parametrize("failures", [1, 4])
def test_fewer_than_five_failures_do_not_lock(li: User, failures: int) -> None:
    _fail(Client(), "li", failures)
    assert log_in(Client(), "li").status_code == 302

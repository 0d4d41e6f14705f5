"""Login failures count per user name and address: from the third on the name waits at that
address, longer after each; the fifth locks it there for 30 minutes. Another address is not
affected, and the answers never tell whether a name exists."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.accounts.selectors import locked_usernames
from duban.accounts.services import account_password_reset
from duban.auditlog.choices import Action
from duban.auditlog.models import AuditEntry
from tests.accounts.conftest import log_in
from tests.web.conftest import PASSWORD

LOCKED = "登录失败次数过多，请 30 分钟后再试"
ATTACKER, OFFICE = "203.0.113.7", "10.1.2.3"
PAUSE = dt.timedelta(minutes=2)  # longer than any delay before the lock, well inside the 15-minute window


def _fail(client: Client, username: str, times: int, clock: time_machine.Traveller) -> list[str]:
    """`times` wrong passwords, each after the delay the previous one set has passed."""
    answers = []
    for _ in range(times):
        answers.append(log_in(client, username, "Wrong-pass-2025").content.decode())
        clock.shift(PAUSE)
    return answers


def _error(page: str) -> str:
    """The alert's text on the login page."""
    return page.split('data-testid="login-error">')[1].split("<")[0]


def _move_failures_back(username: str, minutes: int) -> None:
    for attempt in AccessAttempt.objects.filter(username=username):
        attempt.attempt_time -= dt.timedelta(minutes=minutes)
        attempt.save(update_fields=["attempt_time"])


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(li: User) -> None:
    wrong = log_in(Client(), "li", "Wrong-pass-2025")
    unknown = log_in(Client(), "nobody", "Wrong-pass-2025")
    assert wrong.status_code == unknown.status_code == 200
    assert _error(wrong.content.decode()) == _error(unknown.content.decode()) == "用户名或密码不正确"


def test_five_failures_lock_the_name_at_that_address_even_against_the_right_password(
    li: User, clock: time_machine.Traveller
) -> None:
    client = Client(REMOTE_ADDR=ATTACKER)
    answers = _fail(client, "li", 5, clock)
    assert all("用户名或密码不正确" in a for a in answers[:4]) and LOCKED in answers[4]
    sixth = log_in(client, "li", PASSWORD)
    assert sixth.status_code == 429 and LOCKED in sixth.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("plans:list")).status_code == 302  # still not logged in
    assert locked_usernames() == {"li"}


def test_an_anonymous_client_cannot_lock_the_office_out_from_another_address(
    wang: User, clock: time_machine.Traveller
) -> None:
    _fail(Client(REMOTE_ADDR=ATTACKER), "wang", 5, clock)
    assert log_in(Client(REMOTE_ADDR=ATTACKER), "wang").status_code == 429
    assert log_in(Client(REMOTE_ADDR=OFFICE), "wang").status_code == 302


def test_a_forged_forwarded_for_header_does_not_change_the_address(
    li: User, clock: time_machine.Traveller
) -> None:
    for n in range(5):
        forged = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        log_in(forged, "li", "Wrong-pass-2025")
        clock.shift(PAUSE)
    assert log_in(Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=OFFICE), "li").status_code == 429


def test_an_unknown_name_is_locked_with_the_same_answer(li: User, clock: time_machine.Traveller) -> None:
    _fail(Client(), "li", 5, clock)
    _fail(Client(), "nobody", 5, clock)
    known, unknown = log_in(Client(), "li", PASSWORD), log_in(Client(), "nobody", PASSWORD)
    assert known.status_code == unknown.status_code == 429
    assert _error(known.content.decode()) == _error(unknown.content.decode())


def test_the_lock_is_per_user_name(li: User, zhou: User, clock: time_machine.Traveller) -> None:
    _fail(Client(), "li", 5, clock)
    assert log_in(Client(), "zhou").status_code == 302


def test_from_the_third_failure_the_name_waits_at_that_address_and_the_wait_grows(
    li: User, clock: time_machine.Traveller
) -> None:
    client = Client(REMOTE_ADDR=ATTACKER)
    _fail(client, "li", 2, clock)
    log_in(client, "li", "Wrong-pass-2025")  # the third failure: 30 seconds
    clock.shift(dt.timedelta(seconds=10))
    early = log_in(client, "li", PASSWORD)
    assert early.status_code == 429 and _error(early.content.decode()) == "登录失败次数较多，请 20 秒后再试"
    assert AccessAttempt.objects.get(username="li").failures_since_start == 3  # a refused try is not counted
    clock.shift(dt.timedelta(seconds=21))
    log_in(client, "li", "Wrong-pass-2025")  # the fourth failure: 60 seconds
    clock.shift(dt.timedelta(seconds=31))
    assert _error(log_in(client, "li", PASSWORD).content.decode()) == "登录失败次数较多，请 29 秒后再试"
    assert log_in(Client(REMOTE_ADDR=OFFICE), "li").status_code == 302  # not from another address


def test_an_unknown_name_waits_with_the_same_answer(li: User, clock: time_machine.Traveller) -> None:
    for name in ("li", "nobody"):
        _fail(Client(), name, 2, clock)
    for name in ("li", "nobody"):
        log_in(Client(), name, "Wrong-pass-2025")
    known, unknown = log_in(Client(), "li", PASSWORD), log_in(Client(), "nobody", PASSWORD)
    assert known.status_code == unknown.status_code == 429
    assert (
        _error(known.content.decode())
        == _error(unknown.content.decode())
        == "登录失败次数较多，请 30 秒后再试"
    )


def test_the_wait_ends_and_the_right_password_logs_in(li: User, clock: time_machine.Traveller) -> None:
    client = Client(REMOTE_ADDR=ATTACKER)
    _fail(client, "li", 4, clock)
    assert log_in(client, "li").status_code == 302


def test_the_lock_lifts_after_30_minutes(li: User, clock: time_machine.Traveller) -> None:
    _fail(Client(), "li", 5, clock)
    _move_failures_back("li", 27)  # 29 minutes since the fifth failure
    assert log_in(Client(), "li").status_code == 429
    _move_failures_back("li", 2)  # 31 minutes
    assert log_in(Client(), "li").status_code == 302


def test_failures_further_apart_than_15_minutes_start_the_count_again(
    li: User, clock: time_machine.Traveller
) -> None:
    _fail(Client(), "li", 4, clock)
    clock.shift(dt.timedelta(minutes=16))
    _fail(Client(), "li", 1, clock)
    assert log_in(Client(), "li").status_code == 302


def test_a_login_resets_the_count(li: User, clock: time_machine.Traveller) -> None:
    _fail(Client(), "li", 4, clock)
    assert log_in(Client(), "li").status_code == 302
    _fail(Client(), "li", 4, clock)
    assert log_in(Client(), "li").status_code == 302


def test_a_password_reset_lifts_the_lock(li: User, zhao: User, clock: time_machine.Traveller) -> None:
    _fail(Client(), "li", 5, clock)
    password = account_password_reset(actor=zhao, user=li)
    assert log_in(Client(), "li", password).status_code == 302


def test_failures_and_the_lock_are_audited_once_with_the_address(
    li: User, clock: time_machine.Traveller
) -> None:
    client = Client(REMOTE_ADDR=ATTACKER)
    _fail(client, "li", 5, clock)
    log_in(client, "li")  # refused while locked: a failure, not a second lock
    failures = AuditEntry.objects.filter(action=Action.LOGIN_FAILED)
    assert failures.filter(message="用户名：li").count() == 6
    (lock,) = failures.filter(message__contains="锁定 30 分钟")
    assert ATTACKER in lock.message and lock.object_id == str(li.pk)


@pytest.mark.parametrize("failures", [1, 4])
def test_fewer_than_five_failures_do_not_lock(li: User, failures: int, clock: time_machine.Traveller) -> None:
    _fail(Client(), "li", failures, clock)
    assert log_in(Client(), "li").status_code == 302

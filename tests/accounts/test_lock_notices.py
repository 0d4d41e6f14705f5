"""A lock from an address is told to the account's holder and the 安全管理员: by mail through a
real local SMTP server when the account has an address, else at their next login; each is audited."""

from __future__ import annotations

import datetime as dt
import socket
from typing import Any

import time_machine
from django.contrib.messages import get_messages
from django.test import Client

from duban.accounts.models import User
from duban.auditlog.choices import Action, Result
from duban.auditlog.models import AuditEntry
from tests.accounts.conftest import log_in
from tests.reporting.test_reminders import _Inbox, _subject

ATTACKER, OFFICE = "203.0.113.7", "10.1.2.3"


def _lock(username: str, clock: time_machine.Traveller) -> None:
    client = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(5):
        log_in(client, username, "Wrong-pass-2025")
        clock.shift(dt.timedelta(minutes=2))


def _with_email(user: User, email: str) -> User:
    user.email = email
    user.save(update_fields=["email"])
    return user


def _warnings(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _body(message: Any) -> str:
    return str(message.get_payload(decode=True).decode("utf-8"))


def test_the_holder_and_the_security_administrator_are_mailed_and_it_is_audited(
    li: User, an: User, clock: time_machine.Traveller, smtp: _Inbox
) -> None:
    _with_email(li, "li@qingyang.gov")
    _with_email(an, "an@xiakeban.gov")
    _lock("li", clock)
    assert sorted(recipients[0] for recipients, _ in smtp.messages) == ["an@xiakeban.gov", "li@qingyang.gov"]
    bodies = {recipients[0]: _body(message) for recipients, message in smtp.messages}
    assert all(_subject(message) == "【账户安全】登录锁定提醒" for _, message in smtp.messages)
    assert (
        bodies["li@qingyang.gov"].startswith("li：您的账户（用户名 li）")
        and ATTACKER in bodies["li@qingyang.gov"]
    )
    assert bodies["an@xiakeban.gov"].startswith("an：账户 li（li）") and ATTACKER in bodies["an@xiakeban.gov"]
    sent = AuditEntry.objects.filter(message__startswith="登录锁定提醒已发邮件给", result=Result.SUCCESS)
    assert sent.count() == 2 and set(sent.values_list("object_id", flat=True)) == {str(li.pk)}


def test_a_holder_without_email_is_told_at_the_next_login_once(
    li: User, clock: time_machine.Traveller
) -> None:
    _lock("li", clock)
    first = log_in(Client(REMOTE_ADDR=OFFICE), "li")
    (warning,) = _warnings(first)
    assert warning.startswith("上次登录以来：") and ATTACKER in warning and "锁定 30 分钟" in warning
    assert _warnings(log_in(Client(REMOTE_ADDR=OFFICE), "li")) == []


def test_a_security_administrator_without_email_sees_every_lock_at_the_next_login(
    li: User, wang: User, an: User, clock: time_machine.Traveller
) -> None:
    _lock("li", clock)
    _lock("wang", clock)
    _lock("nobody", clock)  # not an account: audited, nobody to tell
    warnings = _warnings(log_in(Client(REMOTE_ADDR=OFFICE), "an"))
    assert len(warnings) == 2
    assert "用户名：li" in warnings[0] and "用户名：wang" in warnings[1]


def test_an_unknown_name_is_audited_but_mails_nobody(
    an: User, clock: time_machine.Traveller, smtp: _Inbox
) -> None:
    _with_email(an, "an@xiakeban.gov")
    _lock("nobody", clock)
    assert smtp.messages == []
    assert (
        AuditEntry.objects.filter(action=Action.LOGIN_FAILED, message__contains="锁定 30 分钟").count() == 1
    )


def test_a_mail_server_that_is_down_is_audited_and_the_login_page_still_answers(
    li: User, clock: time_machine.Traveller, settings: Any
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    _with_email(li, "li@qingyang.gov")
    _lock("li", clock)
    (failed,) = AuditEntry.objects.filter(
        message__startswith="登录锁定提醒邮件未能发给", result=Result.FAILURE
    )
    assert failed.object_id == str(li.pk)
    assert log_in(Client(REMOTE_ADDR=ATTACKER), "li").status_code == 429


def test_a_locked_security_administrator_gets_one_mail_not_two(
    an: User, clock: time_machine.Traveller, smtp: _Inbox
) -> None:
    _with_email(an, "an@xiakeban.gov")
    _lock("an", clock)
    assert [recipients for recipients, _ in smtp.messages] == [["an@xiakeban.gov"]]
    assert _body(smtp.messages[0][1]).startswith("an：您的账户（用户名 an）")

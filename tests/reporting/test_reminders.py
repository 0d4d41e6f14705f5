"""催办 against a real local SMTP server and a real local webhook receiver."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
from collections.abc import Callable, Iterator
from email import message_from_bytes
from email.header import decode_header, make_header
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.plans.models import Plan
from duban.reporting.models import ProgressReport, Reminder, ReportingRound
from duban.reporting.services.reminders import digests_due, reminders_send, task_remind
from duban.units.models import Unit
from tests.reporting.conftest import task

DUE_SOON = dt.date(2025, 11, 24)  # the November round is due on the 25th


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp(settings: Any) -> Iterator[_Inbox]:
    inbox = _Inbox()
    with socket.socket() as probe:  # aiosmtpd checks its own port on start, so it needs a real one
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield inbox
    controller.stop()


class _Bot(BaseHTTPRequestHandler):
    received: list[tuple[str, dict[str, Any]]] = []
    reply: dict[str, Any] = {"errcode": 0, "errmsg": "ok"}

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Bot.received.append((self.path, json.loads(body)))
        data = json.dumps(_Bot.reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def bot() -> Iterator[str]:
    _Bot.received, _Bot.reply = [], {"errcode": 0, "errmsg": "ok"}
    server = HTTPServer(("127.0.0.1", 0), _Bot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _subject(message: Any) -> str:
    return str(make_header(decode_header(message["Subject"])))


def test_each_unit_gets_one_digest_a_day_listing_all_its_items(
    november: ReportingRound, qingyang: Unit, smtp: _Inbox
) -> None:
    qingyang.emails = "qingyang@example.gov, duban@qingyang.gov"
    qingyang.save()
    owed = november.reports.filter(unit=qingyang).count()
    assert owed >= 3
    reminders_send(today=DUE_SOON)
    assert len(smtp.messages) == 1
    recipients, message = smtp.messages[0]
    assert recipients == ["qingyang@example.gov", "duban@qingyang.gov"]
    assert _subject(message) == "【督办提醒】青阳镇"
    body = message.get_payload(decode=True).decode("utf-8")
    assert body.count("2025年11月填报尚未提交") == owed and "11月25日前" in body
    assert reminders_send(today=DUE_SOON) == [] and len(smtp.messages) == 1  # once a day, not once per run


def test_nothing_is_sent_before_the_reminder_window(november: ReportingRound) -> None:
    assert digests_due(today=dt.date(2025, 11, 10)) == []


def test_submitted_reports_are_not_chased(november: ReportingRound, qingyang: Unit) -> None:
    november.reports.filter(unit=qingyang).update(status="submitted")
    assert qingyang.pk not in {d.unit.pk for d in digests_due(today=DUE_SOON)}


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("wecom", lambda text: {"msgtype": "markdown", "markdown": {"content": text}}),
        ("dingtalk", lambda text: {"msgtype": "markdown", "markdown": {"title": "督办提醒", "text": text}}),
    ],
)
def test_group_bots_receive_their_own_json_format(
    kind: str, expected: Callable[[str], dict[str, Any]], november: ReportingRound, qingyang: Unit, bot: str
) -> None:
    qingyang.webhook_url, qingyang.webhook_kind = f"{bot}/send?key=abc", kind
    qingyang.save()
    reminders_send(today=DUE_SOON)
    assert len(_Bot.received) == 1
    path, payload = _Bot.received[0]
    assert path == "/send?key=abc"
    reminder = Reminder.objects.get(unit=qingyang, channel=kind)
    assert payload == expected(reminder.text) and reminder.ok


def test_a_bot_that_answers_an_error_is_logged_not_fatal(
    november: ReportingRound, qingyang: Unit, bot: str
) -> None:
    _Bot.reply = {"errcode": 93000, "errmsg": "invalid webhook url"}
    qingyang.webhook_url, qingyang.webhook_kind = f"{bot}/send", "wecom"
    qingyang.save()
    reminders_send(today=DUE_SOON)
    reminder = Reminder.objects.get(unit=qingyang, channel="wecom")
    assert not reminder.ok and "93000" in reminder.error
    assert Reminder.objects.filter(channel="site", ok=True).count() >= 2  # the other units still got theirs


def test_overdue_tasks_are_chased_too(plan_2025: Plan, qingyang: Unit) -> None:
    row54 = task(plan_2025, "54")  # 青阳镇 leads; claimed 否
    row54.deadline, row54.deadline_text = dt.date(2025, 10, 31), "2025年10月"
    row54.save()
    digest = next(d for d in digests_due(today=DUE_SOON) if d.unit == qingyang)
    assert "完成时限2025年10月已过" in digest.text(DUE_SOON)


def test_the_office_presses_remind_and_it_shows_on_the_task(
    november: ReportingRound,
    plan_2025: Plan,
    wang: User,
    qingyang: Unit,
    smtp: _Inbox,
    client_for: Callable[[User], Client],
) -> None:
    qingyang.emails = "qingyang@example.gov"
    qingyang.save()
    row14 = task(plan_2025, "14")
    client = client_for(wang)
    client.post(reverse("reporting:remind", args=[row14.pk]))
    assert len(smtp.messages) == 1 and "源容电气" in smtp.messages[0][1].get_payload(decode=True).decode()
    page = client.get(reverse("plans:task", args=[row14.pk])).content.decode()
    assert "人工催办 → 青阳镇（电子邮件）" in page


def test_only_the_office_may_press_remind(november: ReportingRound, plan_2025: Plan, li: User) -> None:
    from duban.common.refusals import Refused

    with pytest.raises(Refused):
        task_remind(actor=li, task=task(plan_2025, "14"), today=DUE_SOON)


def test_a_digest_shows_on_each_task_it_listed(november: ReportingRound, plan_2025: Plan) -> None:
    reminders_send(today=DUE_SOON)
    from duban.reporting.services.reminders import reminders_for_task

    assert [r.kind for r in reminders_for_task(task(plan_2025, "14"))] == ["digest"]
    assert ProgressReport.objects.filter(round=november).count() == 73

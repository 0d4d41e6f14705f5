"""Sessions end after 30 minutes without a request and 12 hours after login, however busy."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from duban.accounts.models import User
from duban.accounts.policy import SESSION_AUTH_AT, SESSION_SEEN_AT
from tests.accounts.conftest import lands_on


def _row(client: Client) -> Session:
    return Session.objects.get(pk=client.session.session_key)


def _shift(client: Client, key: str, seconds: int) -> None:
    session = client.session
    session[key] -= seconds
    session.save()


def test_the_idle_limit_is_30_minutes_and_the_cookie_dies_with_the_browser() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_a_session_idle_for_30_minutes_has_ended(li: User, client_for: Callable[[User], Client]) -> None:
    client = client_for(li)
    assert client.get(reverse("plans:list")).status_code == 200
    Session.objects.filter(pk=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    assert lands_on(client.get(reverse("plans:list")), "accounts:login")


def test_a_request_pushes_the_idle_deadline_on(li: User, client_for: Callable[[User], Client]) -> None:
    client = client_for(li)
    _shift(client, SESSION_SEEN_AT, 120)
    Session.objects.filter(pk=client.session.session_key).update(
        expire_date=timezone.now() + dt.timedelta(minutes=2)
    )
    assert client.get(reverse("plans:list")).status_code == 200
    left = _row(client).expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)


def test_requests_within_a_minute_do_not_write_the_session(
    li: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(li)
    before = _row(client).expire_date
    client.get(reverse("plans:list"))
    assert _row(client).expire_date == before


def test_a_session_ends_12_hours_after_login_however_active(
    li: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(li)
    _shift(client, SESSION_AUTH_AT, 12 * 3600 - 60)
    assert client.get(reverse("plans:list")).status_code == 200
    _shift(client, SESSION_AUTH_AT, 120)  # 12 hours and a minute
    response = client.get(reverse("plans:list"))
    assert lands_on(response, "accounts:login") and "next=" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert "登录时间已超过上限" in client.get(response["Location"]).content.decode()


def test_the_login_stamps_the_session(li: User, client_for: Callable[[User], Client]) -> None:
    session = client_for(li).session
    assert abs(session[SESSION_AUTH_AT] - time.time()) < 60

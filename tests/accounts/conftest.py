"""The web personas (王科长 wang 督办员, 李主任 li 填报员, 赵工 zhao 系统管理员, 沈 shen 审计管理员) plus
安 an, the 安全管理员, and helpers to log in through the real login page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.common.roles import Role
from tests.reporting.test_reminders import smtp  # noqa: F401  (the real local SMTP server of the reminder tests)
from tests.web.conftest import *  # noqa: F403  (the personas and client_for)
from tests.web.conftest import PASSWORD, _user


@pytest.fixture
def an(db: None) -> User:
    return _user("an", Role.SECADMIN)


def log_in(client: Client, username: str, password: str = PASSWORD) -> object:
    """Post the login form as a browser would; returns the response."""
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def lands_on(response: object, name: str) -> bool:
    """The response redirects to the named page (query string aside)."""
    location = getattr(response, "headers", {}).get("Location", "")
    return getattr(response, "status_code", 0) == 302 and location.split("?")[0] == reverse(name)

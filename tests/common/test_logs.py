"""A refused request is one line in the server log, not a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from tests.web.conftest import *  # noqa: F403  (the personas and client_for)


def test_a_403_is_logged_as_one_warning_line_with_the_path_and_the_user(
    li: User, client_for: Callable[[User], Client], caplog: pytest.LogCaptureFixture
) -> None:
    url = reverse("accounts:manage")
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client_for(li).get(url).status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    line = logging.Formatter().format(record)
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert line == f"Forbidden (403): {url} user={li.pk}" and "Traceback" not in line


def test_an_anonymous_403_names_no_user(caplog: pytest.LogCaptureFixture) -> None:
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden: %s", ("/x",), None)
    record.status_code = 403
    logging.getLogger("django.request").handle(record)
    assert [r.getMessage() for r in caplog.records] == ["Forbidden (403): ? user=-"]


def test_other_errors_keep_their_traceback(caplog: pytest.LogCaptureFixture) -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("django.request").error("Internal Server Error: %s", "/x", exc_info=True)
    [record] = caplog.records
    assert record.exc_info is not None and record.getMessage() == "Internal Server Error: /x"

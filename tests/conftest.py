"""Fixtures every test package shares: the suite's pinned clock, and Debian's Chromium through
Playwright for the browser tests."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Browser, Page, sync_playwright

from duban.core.clock import OFFICE_ZONE

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Chromium is required: run scripts/system-packages.sh --with-test-tools"
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop shares the test thread
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]  # never leak it into later subprocesses


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
    yield context.new_page()
    context.close()


@pytest.fixture(autouse=True)
def _live_server_drained(request: pytest.FixtureRequest) -> Iterator[None]:
    """A page's last requests (the 待办 badge loads after the page) finish before the test's data is
    flushed: the live server answers each request in its own thread on the test's own SQLite
    connection, and a request still running when the flush starts makes the flush fail."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")  # set up first, so flushed after this drain
    yield
    _wait_for_live_server_requests()


@pytest.fixture(autouse=True, scope="session")
def _live_server_one_request_at_a_time() -> Iterator[None]:
    """The live server answers each request in a thread of its own, all on the test's one
    in-memory SQLite connection; two at once (a page and its 待办 badge) can deadlock inside
    SQLite — one holds the connection's mutex and waits for the GIL to run one of Django's
    Python SQL functions, the other holds the GIL and waits for the mutex. Django's handler
    (used by nothing but the live server in the tests) therefore answers one at a time."""
    from django.core.handlers.wsgi import WSGIHandler

    answer, lock = WSGIHandler.__call__, threading.Lock()

    def one_at_a_time(self: WSGIHandler, environ: Any, start_response: Any) -> Any:
        with lock:
            return answer(self, environ, start_response)

    WSGIHandler.__call__ = one_at_a_time  # type: ignore[method-assign]
    yield
    WSGIHandler.__call__ = answer  # type: ignore[method-assign]


def _wait_for_live_server_requests(limit: float = 30.0) -> None:
    deadline, quiet_checks = time.monotonic() + limit, 0
    while quiet_checks < 3 and time.monotonic() < deadline:
        busy = any("process_request_thread" in thread.name for thread in threading.enumerate())
        quiet_checks = 0 if busy else quiet_checks + 1
        time.sleep(0.05)


@pytest.fixture(autouse=True)
def _forget_memos() -> Iterator[None]:
    """Results kept until the next write (duban/common/memo.py) live in the process's cache,
    which outlives each test's rolled-back database: start every test without them."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# The suite's moment: late in the 2025 plan year the seed documents describe, with the 2025年11月
# round still open. Every test starts here whatever day the suite runs on, and the clock ticks
# from it; a test that needs another moment moves it with the ``clock`` fixture.
SUITE_NOW = dt.datetime(2025, 11, 20, 9, 30, tzinfo=OFFICE_ZONE)


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    """The pinned clock (duban/core/clock.py reads it); ``clock.move_to(moment)`` moves it."""
    with time_machine.travel(SUITE_NOW, tick=True) as traveller:
        yield traveller

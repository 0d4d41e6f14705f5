"""Every page of the permission matrix, at a phone's 390 px and a desktop's 1366 px, in Chromium.

A page passes when it does not scroll sideways (a wide table scrolls inside its own box) and no
primary action — a primary or submit button — lies outside the screen or outside the box that
clips it. The pages come from tests/security/matrix.py, so a page added there is checked here too.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from playwright.sync_api import Browser, Page

from tests.conftest import SCREENSHOTS
from tests.security.conftest import World, build_world
from tests.security.matrix import MATRIX, expected

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}
# The role that opens a page: the first of these the matrix lets in (a 填报员 first, as the issue asks).
PREFERRED = (
    "reporter",
    "supervisor",
    "leader",
    "unit_reviewer",
    "sysadmin",
    "secadmin",
    "auditor",
    "anonymous",
)
# Pages whose phone layout is shown in docs/screenshots.
SCREENSHOTS_AT_390 = {
    "reporting:mine": "mobile-reporter-home.png",
    "reporting:report": "mobile-report-form.png",
}

# What the page measures: how far it scrolls sideways, and which primary actions are out of view.
MEASURE = """(selector) => {
  const doc = document.documentElement, width = doc.clientWidth, out = [];
  for (const el of document.querySelectorAll(selector)) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === "hidden") continue;
    let clipped = r.left < -1 || r.right > width + 1;
    for (let p = el.parentElement; p && p !== doc && !clipped; p = p.parentElement) {
      if (getComputedStyle(p).overflowX === "visible") continue;
      const box = p.getBoundingClientRect();
      clipped = r.left < box.left - 1 || r.right > box.right + 1;
    }
    if (clipped) out.push((el.textContent || el.value || el.outerHTML.slice(0, 60)).trim());
  }
  return {sideways: Math.max(doc.scrollWidth, document.body.scrollWidth) - width, hidden: out};
}"""
PRIMARY = (
    ".btn-primary, button[type=submit], input[type=submit], form button:not([type]), [data-primary-action]"
)


def opener(name: str) -> str | None:
    """The role that opens the page, or None when nobody gets it on GET (a POST-only URL)."""
    return next((column for column in PREFERRED if expected(name, "GET", column) == "OK"), None)


def html_pages(world: World) -> dict[str, list[tuple[str, str]]]:
    """Role -> [(name, url)] for every GET that answers with a page (not a file download)."""
    pages: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(MATRIX):
        column = opener(name)
        if column is None:
            continue
        url = reverse(name, kwargs=world.resolve(name, "own"))
        response = world.client(column).get(url)
        if response.get("Content-Type", "").startswith("text/html") and not response.has_header(
            "Content-Disposition"
        ):
            pages.setdefault(column, []).append((name, url))
    return pages


def measure(page: Page, url: str) -> dict[str, Any]:
    page.goto(url, wait_until="load")
    result: dict[str, Any] = page.evaluate(MEASURE, PRIMARY)
    return result


def check_role(
    browser: Browser, base: str, world: World, column: str, pages: list[tuple[str, str]]
) -> list[str]:
    """One browser context per role (its session cookie), both screen sizes; the problems found."""
    context = browser.new_context(locale="zh-CN", viewport=VIEWPORTS["desktop"])
    if column != "anonymous":
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": world.sessions[column], "url": base}]
        )
    page, problems = context.new_page(), []
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        for name, url in pages:
            result = measure(page, base + url)
            if result["sideways"] > 0:
                problems.append(
                    f"{size} {column} {name} {url}: the page scrolls sideways by {result['sideways']} px"
                )
            if result["hidden"]:
                problems.append(f"{size} {column} {name} {url}: actions out of view {result['hidden']}")
            if size == "phone" and column == "reporter" and name in SCREENSHOTS_AT_390:
                page.screenshot(path=str(SCREENSHOTS / SCREENSHOTS_AT_390[name]), full_page=True)
    context.close()
    return problems


def test_every_page_fits_a_phone_and_a_desktop_without_scrolling_sideways(
    transactional_db: None, live_server: Any, browser: Browser
) -> None:
    with transaction.atomic():  # as in the matrix: the world's own rows first, then what commits start
        world = build_world()
    pages = html_pages(world)
    assert sum(len(p) for p in pages.values()) > 50, "the matrix's pages were not found"
    problems = [
        p
        for column, listed in pages.items()
        for p in check_role(browser, str(live_server), world, column, listed)
    ]
    assert not problems, "\n".join(problems)

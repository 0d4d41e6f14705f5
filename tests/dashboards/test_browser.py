"""The leader's two minutes in Chromium: the dashboard renders its charts in Chinese, printable on A4."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from duban.accounts.models import User
from duban.plans.models import Plan
from duban.reporting.models import ReportingRound
from tests.conftest import SCREENSHOTS
from tests.reporting.conftest import task
from tests.web.test_browser import _log_in

pytestmark = pytest.mark.browser


def test_the_leader_reads_the_dashboard(
    transactional_db: None,
    live_server: object,
    november: ReportingRound,
    plan_2025: Plan,
    zhang: User,
    page: Page,
) -> None:
    november.reports.exclude(unit__name="青阳镇").update(status="accepted")
    late = task(plan_2025, "54")
    late.deadline, late.deadline_text = dt.date(2025, 10, 31), "2025年10月底"
    late.save()
    _log_in(page, str(live_server), zhang)
    expect(page.get_by_role("heading", name="领导驾驶舱")).to_be_visible()
    expect(page.locator("#chart-plans svg")).to_have_count(1)  # ECharts drew, from the vendored file
    expect(page.get_by_test_id("red-tasks")).to_contain_text("土地征迁清障")
    page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()

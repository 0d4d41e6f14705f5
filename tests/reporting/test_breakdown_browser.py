"""二次分解 in Chromium: 青阳镇 splits row 14 for 青阳村, the village reports, the report rolls up
into 青阳镇's draft, and the office sees the breakdown.

Screenshots go to docs/screenshots/breakdown-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from duban.accounts.models import User
from duban.common.roles import Role
from duban.plans.models import Plan
from duban.reporting.models import ProgressReport, ReportingRound
from duban.units.models import Unit
from tests.conftest import SCREENSHOTS
from tests.reporting.conftest import task
from tests.web.conftest import _user
from tests.web.test_browser import _log_in, switch_user

pytestmark = pytest.mark.browser


def _shot(page: Page, step: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"breakdown-{step}.png"), full_page=True)


def test_a_town_splits_its_task_and_a_village_reports_on_its_part(
    transactional_db: None,
    live_server: object,
    plan_2025: Plan,
    november: ReportingRound,
    li: User,
    wang: User,
    qingyang: Unit,
    page: Page,
) -> None:
    base = str(live_server)
    village = Unit.objects.create(name="青阳村", parent=qingyang)
    cun = _user("cun", Role.REPORTER, village)
    row14 = task(plan_2025, "14")

    _log_in(page, base, li)
    page.goto(f"{base}/plans/tasks/{row14.pk}/")
    page.get_by_test_id("split-link").click()
    page.get_by_label("承办单位").select_option(label="青阳村")
    page.get_by_label("分解任务").fill("走访摸底")
    page.get_by_label("进度节点").fill("2025-11-15 完成走访\n2025-12-10 形成台账")
    page.get_by_role("button", name="分解").click()
    row = page.get_by_test_id("breakdown-row")
    expect(row).to_contain_text("青阳村")
    expect(row).to_contain_text("节点逾期未报 5 天")
    _shot(page, "1-split")

    switch_user(page, base, cun)
    page.goto(f"{base}/reporting/mine/")
    expect(page.get_by_test_id("inbox-subtasks")).to_contain_text("1")
    page.get_by_test_id("my-subtasks").get_by_role("link", name="填报").click()
    page.get_by_label("进展情况").fill("已走访32户，发现问题5处。")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("subtask-reports")).to_contain_text("已汇入牵头单位填报")
    _shot(page, "2-village-report")

    switch_user(page, base, li)
    report = ProgressReport.objects.get(round=november, task=row14)
    page.goto(f"{base}/reporting/reports/{report.pk}/")
    # The draft starts from the task's 完成情况; the village's line comes after what was there.
    expect(page.get_by_label("完成情况")).to_have_value(
        "厂房竣工，设备入驻。\n【分解任务】青阳村“走访摸底”：已走访32户，发现问题5处。"
    )
    _shot(page, "3-lead-draft")

    switch_user(page, base, wang)
    page.goto(f"{base}/plans/tasks/{row14.pk}/")
    expect(page.get_by_test_id("breakdown-row")).to_contain_text("已走访32户")
    expect(page.get_by_test_id("late")).to_have_count(0)
    _shot(page, "4-office")

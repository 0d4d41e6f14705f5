"""The monthly loop in Chromium: the unit files, the office returns, the unit revises, the office accepts."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from duban.accounts.models import User
from duban.reporting.models import ProgressReport
from tests.conftest import SCREENSHOTS
from tests.web.test_browser import _log_in, switch_user

pytestmark = pytest.mark.browser


def test_file_return_revise_accept(
    transactional_db: None,
    live_server: object,
    qingyang_report: ProgressReport,
    li: User,
    wang: User,
    page: Page,
) -> None:
    base = str(live_server)
    _log_in(page, base, li)
    page.get_by_role("link", name="本单位填报").click()
    expect(page.get_by_test_id("owed")).to_contain_text("源容电气高性能电容器生产项目")
    page.get_by_test_id("owed").get_by_role("row", name="源容电气").get_by_role("link", name="填报").click()
    page.get_by_label("完成情况").fill("厂房竣工，设备入驻。")
    page.get_by_label("是否完成").select_option(label="已完成")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("report-status")).to_have_text("待督办审核")

    switch_user(page, base, wang)
    page.goto(f"{base}/reporting/reports/{qingyang_report.pk}/")
    page.get_by_label("审核意见（退回时必填）").fill("请写明投产时间")
    page.get_by_role("button", name="退回").click()
    expect(page.get_by_test_id("report-status")).to_have_text("已退回")

    switch_user(page, base, li)
    page.goto(f"{base}/reporting/reports/{qingyang_report.pk}/")
    expect(page.get_by_test_id("versions")).to_contain_text("意见：请写明投产时间")
    page.get_by_label("完成情况").fill("厂房竣工，设备入驻，10月投产。")
    page.get_by_role("button", name="提交").click()

    switch_user(page, base, wang)
    page.goto(f"{base}/reporting/reports/{qingyang_report.pk}/")
    page.get_by_role("button", name="通过").click()
    expect(page.get_by_test_id("report-status")).to_have_text("已通过")
    page.screenshot(path=str(SCREENSHOTS / "report-versions.png"), full_page=True)
    page.goto(f"{base}/plans/tasks/{qingyang_report.task_id}/")
    expect(page.get_by_test_id("history")).to_contain_text("2025年11月填报通过")
    page.screenshot(path=str(SCREENSHOTS / "task-history.png"), full_page=True)

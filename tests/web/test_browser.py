"""The main journeys in Debian's Chromium, driven by Playwright, with screenshots for the docs."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from duban.accounts.models import User
from duban.demo import BUILDINGS_PLAN_2022
from duban.plans.models import Plan
from tests.accounts.browser import log_in
from tests.conftest import SCREENSHOTS
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _log_in(page: Page, base: str, user: User) -> None:
    log_in(page, base, user, PASSWORD)  # password, then the TOTP code for roles that need one


def switch_user(page: Page, base: str, user: User) -> None:
    """Sign in as another person in the same browser. The page is left first: a request still in
    flight from it (the inbox badge) would otherwise set the old session's CSRF cookie after the
    cookies are cleared, and the next login form would be refused."""
    page.goto("about:blank")
    page.context.clear_cookies()
    _log_in(page, base, user)


def test_a_unit_user_opens_the_plan_filters_by_unit_and_opens_a_task(
    transactional_db: None, live_server: object, plan_2025: Plan, li: User, page: Page
) -> None:
    base = str(live_server)
    _log_in(page, base, li)
    expect(page.get_by_role("heading", name="青阳镇")).to_be_visible()
    page.get_by_role("link", name="本单位台账").click()
    expect(page.get_by_test_id("unit-tasks").locator("[data-light]").first).to_be_visible()  # filled in
    page.screenshot(path=str(SCREENSHOTS / "unit-ledger.png"), full_page=True)
    page.get_by_role("link", name="计划", exact=True).click()
    page.get_by_role("link", name="霞客湾科学城2025年重点工作安排表").click()
    table = page.get_by_test_id("plan-table")
    expect(table).to_contain_text("清华大学宽视场巡天望远镜")
    expect(table).not_to_contain_text("江阴机械年产360万件")  # 月城镇's row is not 青阳镇's to see
    page.screenshot(path=str(SCREENSHOTS / "plan-unit-view.png"), full_page=True)
    page.get_by_label("单位").select_option(label="霞科办")
    expect(page).to_have_url(re.compile(r"unit=\d+"))
    expect(table.locator("td.seq")).not_to_have_count(0)
    expect(table).not_to_contain_text("源容电气高性能电容器生产项目")  # 青阳镇 alone, no 霞科办
    table.get_by_role("link", name="清华大学宽视场巡天望远镜精密光电系统研发（MUST）项目").click()
    expect(
        page.get_by_role("heading", name="清华大学宽视场巡天望远镜精密光电系统研发（MUST）项目")
    ).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "task.png"), full_page=True)


def test_the_office_uploads_a_plan_and_confirms_the_preview(
    transactional_db: None, live_server: object, plan_2025: Plan, wang: User, page: Page
) -> None:
    base = str(live_server)
    _log_in(page, base, wang)
    page.goto(f"{base}/plans/{plan_2025.pk}/")
    page.screenshot(path=str(SCREENSHOTS / "plan.png"), full_page=True)
    page.get_by_role("link", name="导入", exact=True).click()
    page.get_by_label("重点工作表或方案文件").set_input_files(str(BUILDINGS_PLAN_2022))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_role("heading", name="导入预览：江阴市科技赋能楼宇三年行动实施方案")).to_be_visible()
    expect(page.get_by_test_id("unit-matches")).to_contain_text("可能是“市自然资源规划局”")
    page.get_by_label("市自然资源和规划局 的处理").select_option(label="即“市自然资源规划局”")
    page.screenshot(path=str(SCREENSHOTS / "import-preview.png"), full_page=True)
    page.get_by_test_id("confirm").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "已导入《江阴市科技赋能楼宇三年行动实施方案》，共 29 项任务"
    )
    expect(page.get_by_text("改造楼宇数量 不低于 30栋")).to_be_visible()
    assert Plan.objects.count() == 2

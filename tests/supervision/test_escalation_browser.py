"""三色督办 in Chromium: a closed round's batch issues a 蓝色督办单, the office records a 约谈 on the
task page, and 青阳镇 signs for the notice from its list and downloads it.

Screenshots go to docs/screenshots/escalation-*.png.
"""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from playwright.sync_api import Page, expect

from duban.accounts.models import User
from duban.plans.models import Task
from duban.reporting.services.rounds import round_close, round_open
from tests.conftest import SCREENSHOTS
from tests.web.test_browser import _log_in, switch_user

pytestmark = pytest.mark.browser
NOTICE = "霞督单〔2025〕1号"


def _shot(page: Page, step: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"escalation-{step}.png"), full_page=True)


def test_a_lagging_item_gets_a_blue_notice_an_interview_and_the_units_receipt(
    transactional_db: None, live_server: object, item: Task, wang: User, li: User, page: Page
) -> None:
    base = str(live_server)
    october = round_open(actor=wang, plan=item.plan, label="2025年10月", due_date=dt.date(2025, 10, 10))
    round_close(actor=wang, round_=october)

    _log_in(page, base, wang)
    page.goto(f"{base}/reporting/rounds/{october.pk}/")
    page.get_by_test_id("round-notices-link").click()
    expect(page.get_by_test_id("round-notices")).to_contain_text("本轮推进不力（2025年10月：未填报）")
    _shot(page, "1-round")
    page.get_by_role("button", name="签发所选督办单").click()
    expect(page.locator(".alert-success")).to_contain_text(f"已签发督办单1份：{NOTICE}")

    page.goto(f"{base}/plans/tasks/{item.pk}/")
    expect(page.get_by_test_id("task-notices")).to_contain_text(NOTICE)
    page.get_by_label("约谈日期").fill("2025-11-19")
    page.get_by_label("约谈对象").fill("青阳镇镇长王某")
    page.get_by_label("约谈人").fill("张局长")
    page.get_by_label("约谈记录").fill("要求月底前完成主体结构封顶")
    page.get_by_role("button", name="登记约谈").click()
    expect(page.get_by_test_id("interviews")).to_contain_text("张局长约谈青阳镇青阳镇镇长王某")
    expect(page.get_by_test_id("history")).to_contain_text(f"向青阳镇签发蓝色督办单{NOTICE}")
    _shot(page, "2-task")

    switch_user(page, base, li)
    page.get_by_role("link", name="督办单", exact=True).click()
    expect(page.get_by_test_id("notices")).to_contain_text("未签收")
    page.get_by_test_id("notices").get_by_role("button", name="签收").click()
    expect(page.get_by_test_id("notices")).to_contain_text("li 11月20日")
    _shot(page, "3-unit")
    with page.expect_download() as download:
        page.get_by_test_id("notices").get_by_role("link", name=NOTICE).click()
    assert "word/document.xml" in zipfile.ZipFile(download.value.path()).namelist()

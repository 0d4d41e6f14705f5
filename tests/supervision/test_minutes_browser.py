"""A 会议纪要 in Chromium: pasted, its proposed items corrected, confirmed into numbered items;
then the burden ledger as a leader reads it. Screenshots: docs/screenshots/minutes-*.png."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from duban.accounts.models import User
from duban.plans.models import Task
from duban.reporting.services.rounds import round_open
from duban.units.models import Unit
from tests.conftest import SCREENSHOTS
from tests.supervision.test_minutes import MINUTES
from tests.web.test_browser import _log_in, switch_user

pytestmark = pytest.mark.browser


def _shot(page: Page, step: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"minutes-{step}.png"), full_page=True)


def test_the_office_turns_minutes_into_numbered_items(
    transactional_db: None,
    live_server: object,
    wang: User,
    zhang: User,
    qingyang: Unit,
    yuecheng: Unit,
    page: Page,
) -> None:
    base = str(live_server)
    _log_in(page, base, wang)
    page.get_by_role("link", name="交办", exact=True).click()
    page.get_by_role("link", name="从会议纪要或批示导入多项").click()
    page.get_by_label("粘贴正文").fill(MINUTES.replace("月城7个", "月城镇7个"))
    page.get_by_role("button", name="识别议定事项").click()
    expect(page.get_by_test_id("proposed-item")).to_have_count(3)
    expect(page.get_by_label("文号")).to_have_value("霞政纪〔2025〕12号")
    expect(page.get_by_label("第1项牵头单位")).to_have_value("青阳镇")
    expect(page.get_by_label("第1项完成时限")).to_have_value("2025-12-02")
    _shot(page, "1-preview")
    page.get_by_label("第1项交办事项").fill("完成老旧小区安全排查")
    page.get_by_label("第3项保留").uncheck()
    page.get_by_role("button", name="确认交办").click()
    expect(page.get_by_test_id("batch-status")).to_have_text("已导入")
    expect(page.get_by_test_id("created-items")).to_contain_text("霞议〔2025〕1号")
    expect(page.get_by_test_id("created-items")).to_contain_text("霞议〔2025〕2号")
    _shot(page, "2-confirmed")
    page.get_by_role("link", name="完成老旧小区安全排查").click()
    expect(page.get_by_test_id("item-source")).to_contain_text("文号：霞政纪〔2025〕12号")
    items = Task.objects.filter(number__startswith="霞议")
    assert items.count() == 2
    round_open(actor=wang, plan=items[0].plan, label="2025年11月", due_date=dt.date(2025, 11, 28))

    switch_user(page, base, zhang)
    page.get_by_role("link", name="减负台账").click()
    expect(page.get_by_test_id("round-cap")).to_have_text("2")
    expect(page.get_by_test_id("burden-ledger")).to_contain_text("青阳镇")
    _shot(page, "3-burden-ledger")

"""One month from each role's inbox, in Chromium: the 填报员 files from his, the 审核人 signs off
from hers, the office returns one with a reason, the 填报员 reads it beside the form and revises,
the office accepts; a finding appears by itself, the unit answers it, the office withdraws it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from duban.accounts.models import User
from duban.reporting.models import ProgressReport
from duban.verification.models import Finding
from tests.conftest import SCREENSHOTS
from tests.reporting.conftest import *  # noqa: F403  (the November round and 青阳镇's report)
from tests.web.test_browser import switch_user

pytestmark = pytest.mark.browser


def _open_from_inbox(page: Page, key: str, item: str) -> None:
    page.get_by_test_id(f"inbox-{key}").click()
    page.get_by_test_id("inbox-items").get_by_role("link", name=item).click()


def test_a_month_walked_from_each_roles_inbox(
    transactional_db: None,
    live_server: object,
    qingyang_report: ProgressReport,
    li: User,
    qing_reviewer: User,
    wang: User,
    zhang: User,
    page: Page,
) -> None:
    base = str(live_server)
    switch_user(page, base, li)
    owed = qingyang_report.round.reports.filter(unit=qingyang_report.unit_id, status="draft").count()
    expect(page.get_by_test_id("inbox-to_file")).to_contain_text(f"待填报的事项 {owed}")
    expect(page.get_by_test_id("inbox-badge")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "inbox-reporter.png"), full_page=True)
    _open_from_inbox(page, "to_file", "源容电气")
    page.get_by_label("完成情况").fill("厂房主体在建，尚未竣工。")
    page.get_by_label("是否完成").select_option(label="已完成")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("report-status")).to_have_text("待单位审核")

    switch_user(page, base, qing_reviewer)
    expect(page.get_by_test_id("inbox-sign_off")).to_contain_text("1")
    page.screenshot(path=str(SCREENSHOTS / "inbox-unit-reviewer.png"), full_page=True)
    _open_from_inbox(page, "sign_off", "源容电气")
    page.get_by_role("button", name="单位审核通过").click()
    expect(page.get_by_test_id("report-status")).to_have_text("待督办审核")

    switch_user(page, base, wang)
    expect(page.get_by_test_id("inbox-review")).to_contain_text("1")
    page.screenshot(path=str(SCREENSHOTS / "inbox-office.png"), full_page=True)
    _open_from_inbox(page, "review", "源容电气")
    page.get_by_label("审核意见（退回时必填）").fill("请写明设备入驻和投产时间")
    page.get_by_role("button", name="退回").click()
    expect(page.get_by_test_id("report-status")).to_have_text("已退回")

    switch_user(page, base, li)
    _open_from_inbox(page, "returned", "源容电气")
    expect(page.get_by_test_id("return-reason")).to_contain_text("请写明设备入驻和投产时间")
    page.get_by_label("完成情况").fill("厂房主体在建，尚未竣工，设备已订购，计划12月入驻。")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("report-status")).to_have_text("待单位审核")

    switch_user(page, base, qing_reviewer)
    _open_from_inbox(page, "sign_off", "源容电气")
    page.get_by_role("button", name="单位审核通过").click()

    switch_user(page, base, wang)
    _open_from_inbox(page, "review", "源容电气")
    page.get_by_role("button", name="通过").click()
    expect(page.get_by_test_id("report-status")).to_have_text("已通过")
    finding = Finding.objects.get(task=qingyang_report.task_id, check_code="claimed_done_but_pending")
    assert finding.state == "open"  # found by the job after the acceptance, nobody pressed 重新核查

    switch_user(page, base, li)
    expect(page.get_by_test_id("inbox-answer")).to_contain_text("待答复的核查发现")
    page.get_by_test_id("inbox-answer").click()
    mine = page.get_by_test_id("finding").filter(has_text="第14项")
    expect(mine).to_contain_text("称已完成但关键环节尚未完成")
    expect(mine.get_by_test_id("evidence")).to_contain_text("年度目标")
    page.screenshot(path=str(SCREENSHOTS / "unit-findings.png"), full_page=True)
    mine.get_by_label("申辩理由").fill("厂房已于11月25日通过竣工验收，进展文字未及时更新")
    mine.get_by_role("button", name="提交申辩").click()
    expect(page.get_by_role("alert")).to_contain_text("申辩已提交")

    switch_user(page, base, wang)
    expect(page.get_by_test_id("inbox-replies")).to_contain_text("1")
    page.get_by_test_id("inbox-replies").click()
    replies = page.get_by_test_id("replies")
    expect(replies).to_contain_text("厂房已于11月25日通过竣工验收")
    replies.get_by_label("裁定意见").fill("竣工验收单属实")
    replies.get_by_role("button", name="撤销").click()
    expect(page.get_by_test_id("replies")).to_contain_text("暂无待裁定的申辩")
    finding.refresh_from_db()
    assert finding.state == "withdrawn"

    switch_user(page, base, li)
    page.goto(f"{base}/verification/mine/")
    expect(page.get_by_test_id("unit-findings")).to_contain_text("裁定意见：竣工验收单属实")

    switch_user(page, base, zhang)
    expect(page.get_by_test_id("inbox-red")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "inbox-leader.png"), full_page=True)

"""One 批示 item in Chromium, from 交办 to 归档: numbered → 签收 → report answering the 批示 →
办结申请 → 阅示 → 销号 → archived.

Screenshots of the item page at each step go to docs/screenshots/supervision-*.png.
"""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from playwright.sync_api import Page, expect

from duban.accounts.models import User
from duban.plans.models import Plan, Task
from duban.reporting.services.rounds import round_open
from duban.units.models import Unit
from tests.conftest import SCREENSHOTS
from tests.supervision.conftest import JPEG
from tests.web.test_browser import _log_in, switch_user

pytestmark = pytest.mark.browser
NUMBER = "霞督〔2025〕1号"
TITLE = "加快推进青阳镇科创园二期建设"


def _shot(page: Page, step: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"supervision-{step}.png"), full_page=True)


def test_a_batch_item_from_instruction_to_archive(
    transactional_db: None,
    live_server: object,
    wang: User,
    li: User,
    zhang: User,
    qingyang: Unit,
    page: Page,
) -> None:
    base = str(live_server)
    _log_in(page, base, wang)
    page.get_by_role("link", name="交办", exact=True).click()
    page.get_by_label("来源", exact=True).select_option(label="领导批示")
    page.get_by_label("文号或出处").fill("张局长批示（2025年11月18日）")
    page.get_by_label("交办事项").fill(TITLE)
    page.get_by_label("工作要求").fill("年底前完成主体结构封顶")
    page.get_by_label("牵头单位").fill("青阳镇")
    page.get_by_label("批示领导").select_option(label="zhang")
    page.get_by_role("button", name="交办").click()
    expect(page.get_by_test_id("task-number")).to_have_text(NUMBER)
    expect(page.get_by_test_id("acknowledgements")).to_contain_text("未签收")
    expect(page.get_by_test_id("instructions")).to_contain_text("zhang 2025年11月20日批示（wang代录）")
    expect(page.get_by_test_id("instructions")).to_contain_text("待答复")
    _shot(page, "1-assigned")
    task = Task.objects.get(number=NUMBER)
    plan = Plan.objects.get(pk=task.plan_id)
    round_open(actor=wang, plan=plan, label="2025年11月", due_date=dt.date(2025, 11, 25))

    switch_user(page, base, li)
    page.get_by_role("link", name="待签收", exact=True).click()
    expect(page.get_by_test_id("to-sign")).to_contain_text(NUMBER)
    page.get_by_test_id("to-sign").get_by_role("button", name="签收").click()
    expect(page.get_by_test_id("to-sign")).to_contain_text("没有待签收的事项")
    page.goto(f"{base}/plans/tasks/{task.pk}/")
    expect(page.get_by_test_id("acknowledgements")).to_contain_text("已签收")
    _shot(page, "2-signed")

    page.get_by_test_id("task-reports").get_by_role("link", name="2025年11月").click()
    page.get_by_label("完成情况").fill("主体结构已于11月19日封顶。")
    page.get_by_label("是否完成").select_option(label="已完成")
    expect(page.get_by_test_id("report-instructions")).to_contain_text("年底前完成主体结构封顶")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("提交前请逐条答复领导批示")).to_be_visible()
    page.get_by_label("答复zhang11月20日批示").fill("已按批示于11月19日封顶，正在组织验收。")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("report-status")).to_have_text("待督办审核")
    report_url = page.url

    switch_user(page, base, wang)
    page.goto(report_url)
    expect(page.get_by_test_id("report-instruction-answer")).to_contain_text("已按批示于11月19日封顶")
    page.get_by_role("button", name="通过").click()
    expect(page.get_by_test_id("report-status")).to_have_text("已通过")
    page.goto(f"{base}/plans/tasks/{task.pk}/")
    expect(page.get_by_test_id("instruction-answer")).to_contain_text(
        "答复（青阳镇，2025年11月填报）：已按批示于11月19日封顶，正在组织验收。"
    )
    _shot(page, "2b-instruction-answered")

    switch_user(page, base, li)
    page.goto(f"{base}/plans/tasks/{task.pk}/")
    page.get_by_label("办结情况").fill("主体结构已封顶，达到批示要求。")
    page.get_by_label("佐证材料（.jpg .png .pdf .docx .xlsx，可多选）").set_input_files(
        files=[{"name": "封顶照片.jpg", "mimeType": "image/jpeg", "buffer": JPEG}]
    )
    page.get_by_role("button", name="提出办结申请").click()
    expect(page.get_by_test_id("item-state")).to_have_text("办结待审核")
    expect(page.get_by_test_id("close-requests")).to_contain_text("封顶照片.jpg")
    _shot(page, "3-close-requested")

    switch_user(page, base, wang)
    page.goto(f"{base}/plans/tasks/{task.pk}/")
    page.get_by_role("button", name="呈领导阅示").click()
    expect(page.get_by_test_id("item-state")).to_have_text("待领导阅示")

    switch_user(page, base, zhang)
    page.get_by_role("link", name="领导批示").click()
    expect(page.get_by_test_id("instructions-answered")).to_contain_text("已按批示于11月19日封顶")
    page.get_by_role("link", name="督办件").click()
    page.get_by_test_id("to-read").get_by_role("link").click()
    page.get_by_label("阅示意见").fill("同意销号，注意后续招商。")
    page.get_by_role("button", name="已阅").click()
    expect(page.get_by_test_id("item-state")).to_have_text("领导已阅，待销号")
    expect(page.get_by_test_id("close-requests")).to_contain_text("领导阅示：zhang：同意销号，注意后续招商。")
    _shot(page, "4-leader-read")

    switch_user(page, base, wang)
    page.goto(f"{base}/plans/tasks/{task.pk}/")
    page.get_by_role("button", name="销号").click()
    expect(page.get_by_test_id("item-state")).to_have_text("已销号")
    expect(page.get_by_test_id("closing")).to_contain_text("销号编号：霞销〔2025〕1号（2025年11月20日）")
    _shot(page, "5-closed")

    page.goto(f"{base}/supervision/archive/")
    page.get_by_label("年度").fill("2025")
    with page.expect_download() as download:
        page.get_by_role("button", name="导出归档包").click()
    archive = zipfile.ZipFile(download.value.path())
    assert f"{NUMBER}/办理情况.docx" in archive.namelist()
    assert f"{NUMBER}/佐证材料/封顶照片.jpg" in archive.namelist()
    page.goto(f"{base}/plans/tasks/{task.pk}/")
    expect(page.get_by_test_id("archived")).to_have_text("已归档（2025年11月20日）")
    _shot(page, "6-archived")

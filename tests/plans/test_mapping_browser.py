"""In Chromium: another office's table auto-detection refuses is mapped column by column, confirmed,
and next month's file of the same layout imports with the saved 版式 by itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from duban.accounts.models import User
from duban.intake.models import Layout
from duban.plans.models import ImportBatch, Plan
from tests.accounts.browser import log_in
from tests.conftest import SCREENSHOTS
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser

# Column names the lexicon does not know: 名目 is no task column, 经办 / 盯办人 no owners.
HEADER = ["编 号", "名目", "标准", "经办", "盯办人", "是否达序"]


def _workbook(path: Path, title: str, rows: list[list[str]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "民生实事"
    sheet.append([title])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _swapped(page: Page, change: Callable[[], object]) -> None:
    """Make a change and wait until htmx has put the page read as now mapped in place: the next
    change must go to the new page, not to the one being replaced."""
    page.evaluate(
        "window.mapped = false;"
        "document.body.addEventListener('htmx:afterSettle', () => { window.mapped = true }, {once: true})"
    )
    change()
    # Polled from here: wait_for_function evaluates in the page, which the CSP forbids.
    for _ in range(300):
        if page.evaluate("window.mapped"):
            return
        page.wait_for_timeout(100)
    raise AssertionError("htmx did not put the re-read page in place within 30 s")


def _mapped(page: Page, label: str, option: str) -> None:
    """Choose a column's field and wait for the page read as now mapped."""
    _swapped(page, lambda: page.get_by_label(label).select_option(label=option))


def test_the_office_maps_a_refused_table_and_next_months_file_reads_with_the_saved_layout(
    transactional_db: None, live_server: object, wang: User, page: Page, tmp_path: Path
) -> None:
    october = _workbook(
        tmp_path / "民生实事10月.xlsx",
        "2025年民生实事项目推进表",
        [
            ["1", "新建公办幼儿园", "新增学位600个", "市教育局、市住建局", "王强", "是"],
            ["2", "改造薄弱学校", "改造10所", "市教育局", "王强", "否"],
        ],
    )
    base = str(live_server)
    log_in(page, base, wang, PASSWORD)
    page.goto(f"{base}/plans/import/")
    page.get_by_label("重点工作表或方案文件").set_input_files(str(october))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_test_id("needs-mapping")).to_contain_text("自动识别未能读出这份文件")
    grid = page.get_by_test_id("mapping-grid")
    expect(grid).to_contain_text("新建公办幼儿园")
    expect(page.get_by_label("第2行是表头")).to_be_checked()  # the first row of two values or more
    page.screenshot(path=str(SCREENSHOTS / "import-mapping-refused.png"), full_page=True)

    _mapped(page, "第2列名目的内容", "工作任务")
    expect(page.get_by_role("heading", name="导入预览：2025年民生实事项目推进表")).to_be_visible()
    _mapped(page, "第1列编 号的内容", "序号")
    _mapped(page, "第3列标准的内容", "目标")
    _mapped(page, "第4列经办的内容", "责任单位")
    _mapped(page, "第5列盯办人的内容", "责任领导")
    _mapped(page, "第6列是否达序的内容", "推进状态")
    _swapped(
        page, lambda: page.get_by_label("牵头单位", exact=True).select_option(label="列第一位者为牵头单位")
    )
    preview = page.get_by_test_id("preview-table")
    expect(preview).to_contain_text("改造薄弱学校")
    expect(page.get_by_test_id("unit-matches")).to_contain_text("市住建局")
    name = page.get_by_label("版式名称（确认导入后保存，下次同样表头的文件自动按此识别）")
    name.fill("民生实事推进表")
    _swapped(page, lambda: name.press("Tab"))
    page.screenshot(path=str(SCREENSHOTS / "import-mapping.png"), full_page=True)
    page.get_by_test_id("confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("已导入《2025年民生实事项目推进表》，共 2 项任务")
    assert Layout.objects.get().name == "民生实事推进表"
    first = Plan.objects.get().tasks.get(seq="1")
    roles = {(a.written_as, a.role) for a in first.assignments.all()}
    assert roles == {("市教育局", "lead"), ("市住建局", "responsible")}  # 列第一位者为牵头单位

    november = _workbook(
        tmp_path / "民生实事11月.xlsx",
        "2025年民生实事项目推进表（11月）",
        [["1", "建设社区医院", "新建2家", "市卫健委、市财政局", "赵云", "是"]],
    )
    page.goto(f"{base}/plans/import/")
    page.get_by_label("重点工作表或方案文件").set_input_files(str(november))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_test_id("saved-layout")).to_contain_text("按已保存版式「民生实事推进表」识别")
    expect(page.get_by_test_id("preview-table")).to_contain_text("建设社区医院")
    page.screenshot(path=str(SCREENSHOTS / "import-saved-layout.png"), full_page=True)
    page.get_by_test_id("confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("共 1 项任务")
    assert Plan.objects.count() == 2 and Layout.objects.get().times_used == 2


def _settled(page: Page, count: int) -> None:
    """Wait until htmx has put ``count`` answers in place since ``_count_settles``."""
    for _ in range(300):  # polled from here: the CSP forbids wait_for_function
        if page.evaluate("window.settled") >= count and not page.locator(".htmx-request").count():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"htmx did not settle {count} answers within 30 s")


def test_a_second_choice_made_while_the_first_is_on_its_way_is_kept(
    transactional_db: None, live_server: object, wang: User, page: Page, tmp_path: Path
) -> None:
    path = _workbook(
        tmp_path / "民生实事.xlsx",
        "2025年民生实事项目推进表",
        [["1", "新建公办幼儿园", "新增学位600个", "市教育局、市住建局", "王强", "是"]],
    )
    base = str(live_server)
    log_in(page, base, wang, PASSWORD)
    page.goto(f"{base}/plans/import/")
    page.get_by_label("重点工作表或方案文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_test_id("needs-mapping")).to_be_visible()
    page.evaluate(
        "window.settled = 0;document.body.addEventListener('htmx:afterSettle', () => { window.settled += 1 })"
    )
    # Two quick choices: the second is made before the answer to the first is in place.
    page.get_by_label("第2列名目的内容").select_option(label="工作任务")
    page.get_by_label("第4列经办的内容").select_option(label="责任单位")
    _settled(page, 2)
    expect(page.get_by_label("第2列名目的内容")).to_have_value("title")
    expect(page.get_by_label("第4列经办的内容")).to_have_value("responsible")
    expect(page.get_by_test_id("preview-table")).to_contain_text("市住建局")
    batch = ImportBatch.objects.get()
    assert batch.doc.tasks()[0].responsible_units == ["市教育局", "市住建局"]

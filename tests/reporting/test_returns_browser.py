"""The office uploads three towns' returned 填报表 at once in Chromium and files them as drafts."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from duban.accounts.models import User
from duban.exports.unit_form import render_unit_form_xlsx
from duban.reporting.choices import ReportStatus
from duban.reporting.models import ReportingRound
from duban.reporting.selectors import unit_form_export
from duban.units.models import Unit
from tests.conftest import SCREENSHOTS
from tests.web.test_browser import _log_in

pytestmark = pytest.mark.browser
TOWNS = ("青阳镇", "月城镇", "徐霞客镇")


def returned_copy(round_: ReportingRound, unit: Unit, folder: Path) -> Path:
    """The town's form with its first row's 完成情况 written, and 青阳镇 lowering a target."""
    workbook = openpyxl.load_workbook(io.BytesIO(render_unit_form_xlsx(unit_form_export(round_, unit))))
    ws = workbook.active
    ws.cell(5, 8, f"{unit.name}：本月已按计划推进。")
    if unit.name == "青阳镇":
        ws.cell(5, 4, "项目主体完工。")
    path = folder / f"{unit.name}回收表.xlsx"
    workbook.save(path)
    return path


def test_the_office_uploads_three_towns_returned_tables_in_one_go(
    transactional_db: None,
    live_server: object,
    november: ReportingRound,
    wang: User,
    page: Page,
    tmp_path: Path,
) -> None:
    files = [returned_copy(november, Unit.objects.get(name=name), tmp_path) for name in TOWNS]
    base = str(live_server)
    _log_in(page, base, wang)
    page.goto(f"{base}/reporting/rounds/{november.pk}/")
    page.get_by_role("link", name="填报表与回收表").click()
    expect(page.get_by_test_id("unit-forms")).to_contain_text("徐霞客镇")
    page.get_by_label("回收表文件").set_input_files([str(f) for f in files])
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_test_id("return-unit")).to_have_count(3)
    expect(page.get_by_test_id("return-flag")).to_have_text(["青阳镇在回收表中修改了年度目标（不采用）"])
    page.screenshot(path=str(SCREENSHOTS / "returns-preview.png"), full_page=True)
    page.get_by_role("button", name="确认，保存为草稿").click()
    for name in TOWNS:
        expect(page.locator(".alert-success", has_text=name)).to_contain_text("已保存为草稿1项填报")
    filed = november.reports.filter(progress__endswith="本月已按计划推进。", status=ReportStatus.DRAFT)
    assert sorted(filed.values_list("unit__name", flat=True)) == sorted(TOWNS)

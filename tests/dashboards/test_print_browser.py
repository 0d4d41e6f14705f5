"""The dashboard on paper: Chromium prints it on one A4 landscape page, charts inside their boxes."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from duban.accounts.models import User
from duban.plans.models import Plan
from duban.reporting.models import ReportingRound
from tests.web.test_browser import _log_in

pytestmark = pytest.mark.browser


def pdf_pages(data: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        info = subprocess.run(["pdfinfo", pdf.name], capture_output=True, text=True, check=True).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def charts_fit(page: Page) -> bool:
    """Every chart's drawing is inside its box (the first bar chart once ran into the next column)."""
    return bool(
        page.evaluate(
            """() => [...document.querySelectorAll('.dashboard .chart')].every((box) => {
                 const svg = box.querySelector('svg'), b = box.getBoundingClientRect();
                 if (!svg) return false;
                 const s = svg.getBoundingClientRect();
                 return s.width > 0 && s.right <= b.right + 1 && s.bottom <= b.bottom + 1;
               })"""
        )
    )


def test_the_dashboard_prints_on_one_a4_landscape_page(
    transactional_db: None,
    live_server: object,
    november: ReportingRound,
    plan_2025: Plan,
    zhang: User,
    page: Page,
) -> None:
    _log_in(page, str(live_server), zhang)
    expect(page.locator("#chart-plans svg")).to_have_count(1)
    # The page laid out at the paper's width: A4 landscape less the 12 mm margins is 273 mm, 1032 px.
    page.set_viewport_size({"width": 1032, "height": 730})
    page.emulate_media(media="print")
    for _ in range(50):  # the charts redraw for the print boxes (dashboard.js listens to the print media)
        if charts_fit(page):
            break
        page.wait_for_timeout(100)
    assert charts_fit(page), "a chart is drawn outside its box on paper"
    pdf = page.pdf(format="A4", landscape=True, prefer_css_page_size=True, print_background=True)
    if os.environ.get("DUBAN_KEEP_PRINT"):  # to look at it: pdftoppm -png
        Path(os.environ["DUBAN_KEEP_PRINT"]).write_bytes(pdf)
    assert pdf_pages(pdf) == 1


# Every text the page's status line shows, in order: a fast machine makes the PDF in under the
# second after which the page says it is being made, so the test slows the answer down instead
# of hoping LibreOffice is slow, and reads what was said rather than racing to catch it.
RECORD_NOTICES = """
window.__notices = [];
new MutationObserver(function () {
  var box = document.getElementById("duban-progress");
  if (box && !box.hidden) { window.__notices.push(box.textContent); }
}).observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
"""


def _answered_after(seconds: float, asked: list[str]) -> Callable[[Route], None]:
    def answer(route: Route) -> None:
        asked.append(route.request.url)
        time.sleep(seconds)  # the browser's clock runs on meanwhile: its notice comes after one second
        route.continue_()

    return answer


def test_the_pdf_download_says_it_is_being_made_and_then_that_it_has_arrived(
    transactional_db: None,
    live_server: object,
    november: ReportingRound,
    plan_2025: Plan,
    zhang: User,
    page: Page,
) -> None:
    _log_in(page, str(live_server), zhang)
    page.add_init_script(RECORD_NOTICES)
    page.reload()
    asked: list[str] = []
    page.route(re.compile(r"/dashboard/pdf/"), _answered_after(2.0, asked))
    notice = page.get_by_role("status")
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("link", name="导出PDF").click()
    assert download.value.suggested_filename.startswith("领导驾驶舱")
    expect(notice).to_contain_text("驾驶舱PDF已生成", timeout=10_000)
    said = page.evaluate("window.__notices")
    assert any(text.startswith("正在生成驾驶舱PDF") for text in said), said
    assert len(asked) == 1

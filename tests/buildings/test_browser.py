"""The building pages in Debian's Chromium, with screenshots for docs/buildings.md."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from duban.accounts.models import User
from duban.buildings.choices import BuildingState
from duban.buildings.demo import demo_buildings_load
from duban.buildings.models import Building, EvaluationScheme
from duban.buildings.services.attachments import attachment_add
from duban.buildings.services.buildings import building_update
from duban.demo import BUILDINGS_PLAN_2022
from duban.plans.services.imports import plan_import_apply, plan_import_file
from tests.accounts.browser import log_in
from tests.conftest import SCREENSHOTS
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 256


@pytest.fixture
def demo(transactional_db: None, wang: User, li: User) -> None:
    plan_import_apply(
        actor=wang, batch=plan_import_file(actor=wang, path=BUILDINGS_PLAN_2022), unit_choices={}
    )
    demo_buildings_load(actor=wang)
    building = Building.objects.get(name="演示·青阳镇原纺织厂办公楼")
    building_update(
        actor=li, building=building, values={"owner": "演示·青阳镇资产公司"}, on=dt.date(2024, 3, 15)
    )
    building_update(
        actor=wang,
        building=building,
        values={"building_state": BuildingState.IN_USE},
        on=dt.date(2024, 12, 2),
    )
    attachment_add(
        actor=li, building=building, chunks=[JPEG], file_name="改造后外立面.jpg", description="2024年竣工照片"
    )


def _log_in(page: Page, base: str, user: User) -> None:
    log_in(page, base, user, PASSWORD)  # password, then the TOTP code for roles that need one


def test_the_office_browses_the_building_database(
    demo: None, live_server: object, wang: User, page: Page
) -> None:
    base = str(live_server)
    _log_in(page, base, wang)
    page.get_by_role("link", name="楼宇", exact=True).click()
    expect(page.get_by_role("heading", name="楼宇信息库")).to_be_visible()
    expect(page.get_by_test_id("building-list")).to_contain_text("演示·高新区科创大厦")
    page.screenshot(path=str(SCREENSHOTS / "buildings-list.png"), full_page=True)
    page.get_by_label("镇街园区").select_option(label="青阳镇")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_test_id("building-list")).not_to_contain_text("演示·高新区科创大厦")
    page.get_by_role("link", name="演示·青阳镇原纺织厂办公楼").click()
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("2024年12月2日")
    expect(timeline).to_contain_text("已改造")
    page.screenshot(path=str(SCREENSHOTS / "building-timeline.png"), full_page=True)


def test_the_office_reads_the_evaluation_ranking(
    demo: None, live_server: object, wang: User, page: Page
) -> None:
    base = str(live_server)
    scheme = EvaluationScheme.objects.get(year=2024)
    _log_in(page, base, wang)
    page.goto(f"{base}/buildings/evaluations/{scheme.pk}/")
    ranking = page.get_by_test_id("ranking")
    expect(ranking).to_contain_text("演示·霞客湾科创孵化器")
    expect(ranking).to_contain_text("亮牌警示")
    expect(ranking).to_contain_text("连续两年低于合格线")
    page.screenshot(path=str(SCREENSHOTS / "evaluation-ranking.png"), full_page=True)

"""The leader's dashboard: counts that link to their lists, red items, missing reports, no query per task."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from duban.accounts.models import User
from duban.core.clock import today
from duban.core.lights import Light
from duban.dashboards import views as dashboard_views
from duban.dashboards.selectors import counted_board, dashboard, tasks_with_light
from duban.dashboards.services import board_count
from duban.demo import BUILDINGS_PLAN_2022
from duban.plans.choices import LeaderKind
from duban.plans.models import Plan, TaskLeader
from duban.plans.services.imports import plan_import_apply, plan_import_file
from duban.plans.services.leaders import task_leader_link
from duban.reporting.models import ReportingRound
from duban.reporting.services.rounds import round_close, round_open
from tests.reporting.conftest import task


def test_leaders_and_the_office_land_on_the_dashboard(
    zhang: User, wang: User, client_for: Callable[[User], Client]
) -> None:
    for user in (zhang, wang):
        assert client_for(user).get("/").url == reverse("dashboards:home")


@pytest.mark.parametrize("persona", ["li", "zhou", "zhao", "shen"])
def test_others_cannot_open_the_dashboard(
    persona: str, request: pytest.FixtureRequest, client_for: Callable[[User], Client]
) -> None:
    assert client_for(request.getfixturevalue(persona)).get(reverse("dashboards:home")).status_code == 403


def test_every_count_links_to_the_list_behind_it(
    november: ReportingRound, plan_2025: Plan, zhang: User, client_for: Callable[[User], Client]
) -> None:
    overdue = task(plan_2025, "54")
    overdue.deadline, overdue.deadline_text = dt.date(2025, 10, 31), "2025年10月底"
    overdue.save()
    client = client_for(zhang)
    page = client.get(reverse("dashboards:home")).content.decode()
    link = f"/dashboard/tasks/?light=overdue&amp;plan={plan_2025.pk}"
    assert link in page
    listing = client.get(link.replace("&amp;", "&")).content.decode()
    assert listing.count('class="seq"') == 1 and "土地征迁清障" in listing


def test_red_items_and_missing_units_are_listed(
    november: ReportingRound, plan_2025: Plan, zhang: User, client_for: Callable[[User], Client]
) -> None:
    november.due_date = dt.date(2025, 11, 1)  # already due, nothing submitted
    november.save()
    november.reports.exclude(unit__name="青阳镇").update(status="submitted")
    page = client_for(zhang).get(reverse("dashboards:home")).content.decode()
    assert "未提交：青阳镇" in page
    red = page.split('data-testid="red-tasks"')[1].split("</table>")[0]
    assert "土地征迁清障" in red and "未填报" in red  # row 54: 青阳镇's, not done, not reported
    assert "源容电气" not in red  # 青阳镇's too, but claimed done


def test_the_charts_get_their_data_without_inline_script(
    plan_2025: Plan, zhang: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(zhang).get(reverse("dashboards:home")).content.decode()
    assert '<script id="dashboard-data" type="application/json">' in page
    assert "vendor/echarts/echarts.min.js" in page and "duban/dashboard.js" in page
    assert "<script>" not in page


def test_the_dashboard_costs_the_same_queries_with_more_plans(
    plan_2025: Plan, wang: User, zhang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(zhang)
    client.get(reverse("dashboards:home"))  # counted once: the page reads what was counted
    with CaptureQueriesContext(connection) as page_one:
        client.get(reverse("dashboards:home"))
    with CaptureQueriesContext(connection) as count_one:
        board_count(today=today(), only_if_stale=False)
    plan_import_apply(
        actor=wang, batch=plan_import_file(actor=wang, path=BUILDINGS_PLAN_2022), unit_choices={}
    )
    board_count(today=today())  # the working-day calendar is read again after any write, once
    with CaptureQueriesContext(connection) as count_two:
        board_count(today=today(), only_if_stale=False)
    with CaptureQueriesContext(connection) as page_two:
        client.get(reverse("dashboards:home"))
    assert len(count_one) == len(count_two) <= 21
    assert len(page_one) == len(page_two) <= 13  # the leader's inbox counts four entries


def test_readers_never_count_the_board_the_worker_counted(
    plan_2025: Plan, wang: User, zhang: User, client_for: Callable[[User], Client]
) -> None:
    board_count(today=today())
    counted = counted_board()
    assert counted is not None
    round_open(actor=wang, plan=plan_2025, label="11月专项填报", due_date=dt.date(2025, 11, 25))
    page = client_for(zhang).get(reverse("dashboards:home")).content.decode()
    assert "11月专项填报" not in page  # counted a moment ago: shown as it was, with its time
    assert f"数据更新于 {timezone.localtime(counted.counted_at):%H:%M:%S}" in page


def test_a_closed_round_is_counted_at_once(
    november: ReportingRound, wang: User, zhang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(zhang)
    assert "本轮填报" in client.get(reverse("dashboards:home")).content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        round_close(actor=wang, round_=november)
    board = counted_board()
    assert board is not None
    assert november.label not in board.html.split("本轮填报")[1].split("填报趋势")[0]


def test_without_a_count_the_page_says_it_is_counting_and_asks_the_worker(
    plan_2025: Plan, zhang: User, client_for: Callable[[User], Client]
) -> None:
    HUEY.immediate = False  # a real queue: the ask waits for a worker, as in production
    try:
        page = client_for(zhang).get(reverse("dashboards:home")).content.decode()
        queued = HUEY.pending_count()
    finally:
        HUEY.flush()
        HUEY.immediate = True
    assert 'data-testid="board-counting"' in page and 'http-equiv="refresh"' in page
    assert queued == 1 and counted_board() is None


def test_readers_who_find_the_board_stale_together_ask_for_one_count(
    plan_2025: Plan, zhang: User, client_for: Callable[[User], Client]
) -> None:
    HUEY.immediate = False  # a real queue: the asks wait for a worker, as in production
    try:
        for _ in range(3):
            client_for(zhang).get(reverse("dashboards:home"))
        queued = HUEY.pending_count()
    finally:
        HUEY.flush()
        HUEY.immediate = True
    assert queued == 1


def test_the_count_columns_follow_their_headers(
    plan_2025: Plan, zhang: User, client_for: Callable[[User], Client]
) -> None:
    overdue = task(plan_2025, "54")
    overdue.deadline = dt.date(2025, 10, 31)
    overdue.save()
    page = client_for(zhang).get(reverse("dashboards:home")).content.decode()
    table = page.split('data-testid="plan-lights"')[1].split("</table>")[0]
    headers = [h.split("</th>")[0] for h in table.split('<th class="text-end">')[1:]]
    cells = table.split("<tbody>")[1].split('<td class="text-end">')[1:]
    overdue_cell = cells[headers.index("逾期")]
    assert "light=overdue" in overdue_cell


def test_a_red_task_comes_with_its_light_and_its_lead_units(
    november: ReportingRound, plan_2025: Plan, zhang: User
) -> None:
    overdue = task(plan_2025, "54")
    overdue.deadline, overdue.deadline_text = dt.date(2025, 10, 31), "2025年10月底"
    overdue.save()
    red = {row.task: row for row in dashboard(zhang, today=today()).red_tasks}
    assert red[overdue].light.light == Light.OVERDUE and red[overdue].lead_units == ["青阳镇"]
    listed = tasks_with_light(
        zhang, today=today(), light="overdue", plan=str(plan_2025.pk), category="", unit=""
    )
    assert [(row.task, row.light.light) for row in listed] == [(overdue, Light.OVERDUE)]


def test_a_leader_sees_his_portfolio_first_red_and_late_items_before_the_rest(
    plan_2025: Plan, zhang: User, wang: User, client_for: Callable[[User], Client]
) -> None:
    late, on_time = task(plan_2025, "54"), task(plan_2025, "13")
    late.deadline, late.deadline_text = dt.date(2025, 10, 31), "2025年10月底"
    late.save()
    for led in (on_time, late):
        TaskLeader.objects.create(task=led, name="张明", kind=LeaderKind.IN_CHARGE, user=zhang)
    page = client_for(zhang).get(reverse("dashboards:home")).content.decode()
    portfolio = page[page.index('data-testid="portfolio"') : page.index("我的待办")]
    assert "我分管的" in portfolio and portfolio.count('data-testid="portfolio-row"') == 2
    assert portfolio.index(late.title) < portfolio.index(on_time.title)
    assert 'class="table-danger" data-testid="portfolio-row"' in portfolio
    assert 'data-testid="portfolio"' not in client_for(wang).get(reverse("dashboards:home")).content.decode()


def test_a_leaders_portfolio_lags_with_the_board_and_catches_up_after_its_tolerance(
    plan_2025: Plan,
    zhang: User,
    wang: User,
    client_for: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    led = task(plan_2025, "13")
    TaskLeader.objects.create(task=led, name="张明", kind=LeaderKind.IN_CHARGE, user=zhang)
    client, url = client_for(zhang), reverse("dashboards:home")
    assert client.get(url).content.decode().count('data-testid="portfolio-row"') == 1
    TaskLeader.objects.create(task=task(plan_2025, "54"), name="张明", kind=LeaderKind.IN_CHARGE)
    task_leader_link(actor=wang, name="张明", user=zhang)  # an audited write
    assert client.get(url).content.decode().count('data-testid="portfolio-row"') == 1  # kept, as the board
    monkeypatch.setattr(dashboard_views, "DASHBOARD_TOLERANCE_SECONDS", 0)
    assert client.get(url).content.decode().count('data-testid="portfolio-row"') == 2

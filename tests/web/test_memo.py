"""Costly pages are computed once per write, per audience: never stale for a form, never leaking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.memo import data_stamp, until_next_write
from duban.dashboards import views as dashboard_views
from duban.demo import BUILDINGS_PLAN_2022
from duban.plans.models import Plan
from duban.plans.services.imports import plan_import_apply, plan_import_file
from duban.reporting.choices import Claim
from duban.reporting.models import ReportingRound
from duban.reporting.services.rounds import round_open
from duban.reporting.services.transitions import ReportContent, report_transition
from duban.workdays.selectors import work_calendar


def _get(client: Client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_stamp_moves_with_every_audited_write(plan_2025: Plan, wang: User) -> None:
    before = data_stamp()
    audit_record(actor=wang, action=Action.UPDATE, obj=plan_2025, message="测试")
    assert data_stamp() != before


def test_a_value_is_computed_again_only_after_a_write(plan_2025: Plan, wang: User) -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert [until_next_write("k", compute).value for _ in range(3)] == [1, 1, 1]
    audit_record(actor=wang, action=Action.UPDATE, obj=plan_2025)
    assert until_next_write("k", compute).value == 2


def _row_14_reported_done_and_accepted(plan: Plan, wang: User, li: User) -> None:
    november = round_open(actor=wang, plan=plan, label="2025年11月", due_date=dt.date(2025, 11, 25))
    report = november.reports.get(task__seq="14", task__section__position=1)
    done = ReportContent("厂房竣工，设备入驻，已于11月投产。", Claim.DONE)
    report = report_transition(actor=li, report=report, action="submit", expected_version=1, content=done)
    report_transition(actor=wang, report=report, action="accept", expected_version=report.version)


def test_the_plan_table_shows_an_accepted_report_on_the_next_view(
    plan_2025: Plan, wang: User, li: User, client_for: Callable[[User], Client]
) -> None:
    client, url = client_for(wang), reverse("plans:detail", args=[plan_2025.pk])
    work_calendar()  # shared by every plan, kept across this plan's writes: build it before counting
    first, computed = _get(client, url)
    _, kept = _get(client, url)
    assert kept < computed  # the table came from the memo
    _row_14_reported_done_and_accepted(plan_2025, wang, li)
    after, recomputed = _get(client, url)
    assert "已于11月投产" in after and "已于11月投产" not in first
    assert recomputed == computed


def _light_of_row(seq: str, page: str) -> str:
    row = next(r for r in page.split("<tr>") if f'class="seq">{seq}</td>' in r)
    return row.split('data-light="')[1].split('"')[0]


def test_a_report_submitted_changes_the_light_but_leaves_the_table_kept(
    plan_2025: Plan, wang: User, li: User, client_for: Callable[[User], Client]
) -> None:
    november = round_open(actor=wang, plan=plan_2025, label="2025年11月", due_date=dt.date(2025, 11, 25))
    ReportingRound.objects.filter(pk=november.pk).update(due_date=dt.date(2025, 11, 10))  # already due
    client, url = client_for(wang), reverse("plans:detail", args=[plan_2025.pk])
    work_calendar()
    before, computed = _get(client, url)
    _, kept = _get(client, url)
    report = november.reports.get(task__seq="54", task__section__position=1)
    content = ReportContent("拆迁清障完成八成。", Claim.IN_PROGRESS)
    report_transition(actor=li, report=report, action="submit", expected_version=1, content=content)
    after, queries = _get(client, url)
    assert kept < queries < computed  # the plan's lights were read again, not its table
    assert _light_of_row("54", before) == "not_reported" != _light_of_row("54", after)
    assert "已提交 0/" in before and "已提交 1/" in after  # the rounds' counts, kept with the lights


def test_a_search_asked_again_after_a_report_is_not_searched_again(
    plan_2025: Plan, wang: User, li: User, client_for: Callable[[User], Client]
) -> None:
    november = round_open(actor=wang, plan=plan_2025, label="2025年11月", due_date=dt.date(2025, 11, 25))
    client, url = client_for(wang), reverse("plans:search") + "?q=厂房"
    _, computed = _get(client, url)
    report = november.reports.get(task__seq="14", task__section__position=1)
    content = ReportContent("厂房主体完工。", Claim.IN_PROGRESS)
    report_transition(actor=li, report=report, action="submit", expected_version=1, content=content)
    page, kept = _get(client, url)
    assert kept < computed and "没有找到" not in page  # the same results, from the kept ones


def test_each_audience_gets_its_own_table(
    plan_2025: Plan, wang: User, li: User, zhou: User, client_for: Callable[[User], Client]
) -> None:
    url = reverse("plans:detail", args=[plan_2025.pk])
    everything, _ = _get(client_for(wang), url)
    qingyang, _ = _get(client_for(li), url)
    yuecheng, _ = _get(client_for(zhou), url)
    assert "北越新能源锂电池项目" in everything  # 月城镇's row
    assert "北越新能源锂电池项目" not in qingyang and "北越新能源锂电池项目" in yuecheng
    assert "源容电气" in qingyang and "源容电气" not in yuecheng
    filtered, _ = _get(client_for(wang), url + "?category=要素保障")
    assert "北越新能源锂电池项目" not in filtered  # the filters are part of the key too


def test_the_dashboard_may_lag_by_its_tolerance_and_says_so(
    plan_2025: Plan,
    wang: User,
    zhang: User,
    client_for: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client, url = client_for(zhang), reverse("dashboards:home")
    before, _ = _get(client, url)
    assert "数据更新于" in before and "本轮填报" in before
    round_open(actor=wang, plan=plan_2025, label="11月专项填报", due_date=dt.date(2025, 11, 25))
    lagging, _ = _get(client, url)
    assert "11月专项填报" not in lagging  # within 30 s of the last count: shown as it was
    monkeypatch.setattr(dashboard_views, "DASHBOARD_TOLERANCE_SECONDS", 0)
    current, _ = _get(client, url)
    assert "11月专项填报" in current


def test_a_report_accepted_on_one_plan_leaves_the_other_plans_page_kept(
    plan_2025: Plan, wang: User, li: User, client_for: Callable[[User], Client]
) -> None:
    other = plan_import_apply(
        actor=wang, batch=plan_import_file(actor=wang, path=BUILDINGS_PLAN_2022), unit_choices={}
    )
    client = client_for(wang)
    url_2025, url_2022 = (reverse("plans:detail", args=[p.pk]) for p in (plan_2025, other))
    _, computed = _get(client, url_2022)
    _, kept = _get(client, url_2022)
    _row_14_reported_done_and_accepted(plan_2025, wang, li)
    _, after = _get(client, url_2022)
    assert after == kept < computed  # neither the 2022 plan's table nor its lights computed again
    assert "已于11月投产" in _get(client, url_2025)[0]


def _light_of_task(task_id: int, page: str) -> str:
    link = f'href="{reverse("plans:task", args=[task_id])}"'
    row = next(r for r in page.split("<tr>") if link in r)
    return row.split('data-light="')[1].split('"')[0]


def test_a_report_submitted_by_the_unit_changes_its_light_but_leaves_its_ledger_kept(
    plan_2025: Plan, wang: User, li: User, client_for: Callable[[User], Client]
) -> None:
    november = round_open(actor=wang, plan=plan_2025, label="2025年11月", due_date=dt.date(2025, 11, 25))
    ReportingRound.objects.filter(pk=november.pk).update(due_date=dt.date(2025, 11, 10))  # already due
    client, url = client_for(wang), reverse("units:detail", args=[li.unit_id])
    work_calendar()
    before, computed = _get(client, url)
    _, kept = _get(client, url)
    report = november.reports.get(task__seq="54", task__section__position=1, unit=li.unit_id)
    content = ReportContent("拆迁清障完成八成。", Claim.IN_PROGRESS)
    report_transition(actor=li, report=report, action="submit", expected_version=1, content=content)
    after, queries = _get(client, url)
    assert kept < queries < computed  # the lights were read again, not the table
    assert _light_of_task(report.task_id, before) == "not_reported" != _light_of_task(report.task_id, after)


def test_a_report_saved_for_another_unit_leaves_the_ledger_as_it_was(
    plan_2025: Plan, wang: User, li: User, zhou: User, client_for: Callable[[User], Client]
) -> None:
    november = round_open(actor=wang, plan=plan_2025, label="2025年11月", due_date=dt.date(2025, 11, 25))
    client, url = client_for(wang), reverse("units:detail", args=[li.unit_id])
    work_calendar()
    _, computed = _get(client, url)
    before, kept = _get(client, url)
    theirs = november.reports.filter(unit=zhou.unit_id).exclude(task__assignments__unit=li.unit_id).first()
    assert theirs is not None
    content = ReportContent("项目主体施工完成。", Claim.IN_PROGRESS)
    report_transition(actor=zhou, report=theirs, action="submit", expected_version=1, content=content)
    after, queries = _get(client, url)
    # the plan's lights are read again (its status moved), the table is the one kept
    assert kept < queries < computed and _ledger_table(after) == _ledger_table(before)


def _ledger_table(page: str) -> str:
    return page.split('data-testid="unit-tasks"')[1].split("</table>")[0]


def test_a_report_accepted_in_a_plan_where_the_unit_has_nothing_leaves_its_ledger_kept(
    plan_2025: Plan, wang: User, li: User, client_for: Callable[[User], Client]
) -> None:
    other = plan_import_apply(
        actor=wang, batch=plan_import_file(actor=wang, path=BUILDINGS_PLAN_2022), unit_choices={}
    )
    unit = other.tasks.values_list("assignments__unit", flat=True).exclude(assignments__unit=None).first()
    client, url = client_for(wang), reverse("units:detail", args=[unit]) + "?year=2022"
    work_calendar()
    _, computed = _get(client, url)
    _, kept = _get(client, url)
    _row_14_reported_done_and_accepted(plan_2025, wang, li)  # moves the 2025 plan's structure
    page, queries = _get(client, url)
    # which rows it shows is read again (a plan's structure moved); its table is the one kept
    assert kept < queries < computed and "data-light=" in page


def test_a_report_submitted_anywhere_leaves_the_rows_of_a_ledger_kept(
    plan_2025: Plan, wang: User, li: User, zhou: User, client_for: Callable[[User], Client]
) -> None:
    november = round_open(actor=wang, plan=plan_2025, label="2025年11月", due_date=dt.date(2025, 11, 25))
    client, url = client_for(wang), reverse("units:detail", args=[li.unit_id])
    rows_read = f'FROM "plans_taskunit" U0 WHERE U0."unit_id" = {li.unit_id}'
    assert rows_read in _sql_of(client, url)
    theirs = november.reports.filter(unit=zhou.unit_id).exclude(task__assignments__unit=li.unit_id).first()
    assert theirs is not None
    content = ReportContent("项目主体施工完成。", Claim.IN_PROGRESS)
    report_transition(actor=zhou, report=theirs, action="submit", expected_version=1, content=content)
    assert rows_read not in _sql_of(client, url)  # the plan's lights are read again, not its rows


def _sql_of(client: Client, url: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return "\n".join(query["sql"] for query in queries.captured_queries)

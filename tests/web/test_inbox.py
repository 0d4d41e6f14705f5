"""待办: every role's home page says what waits for it, each count links to its list, the
navigation carries the total, and the counts cost the same queries however much data there is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from time_machine import Traveller

from duban.accounts.models import User
from duban.core.clock import today
from duban.core.lights import Light
from duban.dashboards.selectors import DASHBOARD_TOLERANCE_SECONDS, RED, tasks_with_light
from duban.plans.choices import LeaderKind
from duban.plans.models import Plan
from duban.plans.services.leaders import LeaderEntry, task_leaders_set
from duban.reporting.choices import Claim
from duban.reporting.models import ProgressReport, ReportingRound
from duban.reporting.services.extensions import extension_request
from duban.reporting.services.reminders import task_remind
from duban.reporting.services.transitions import ReportContent, report_transition
from duban.verification.models import Finding
from duban.verification.services import finding_reply_add
from duban.web.inbox import Inbox
from tests.reporting.conftest import *  # noqa: F403  (the November round and 青阳镇's report)
from tests.reporting.conftest import task

DONE = ReportContent("厂房竣工，设备入驻。", Claim.DONE)


def act(
    report: ProgressReport, actor: User, action: str, content: ReportContent | None = None, comment: str = ""
) -> None:
    report.refresh_from_db()
    report_transition(
        actor=actor,
        report=report,
        action=action,
        expected_version=report.version,
        content=content,
        comment=comment,
    )


def counts(user: User) -> dict[str, int]:
    return {entry.key: entry.count for entry in Inbox(user).entries}


def _finding(plan: Plan, seq: str) -> Finding:
    row = task(plan, seq)
    return Finding.objects.create(
        plan=plan,
        task=row,
        section=row.section.title,
        seq=row.seq,
        check_code="claimed_done_but_pending",
        severity="严重",
        message="填报称已完成，但进展写“尚未竣工”",
        last_seen=timezone.now(),
    )


def test_the_office_sees_reports_replies_extensions_and_findings_waiting(
    qingyang_report: ProgressReport,
    plan_2025: Plan,
    li: User,
    wang: User,
    client_for: Callable[[User], Client],
) -> None:
    act(qingyang_report, li, "submit", DONE)
    extension_request(
        actor=li, task=qingyang_report.task, new_deadline=dt.date(2026, 6, 30), reason="设备延期到货"
    )
    finding_reply_add(actor=li, finding=_finding(plan_2025, "14"), text="厂房已竣工验收")
    _finding(plan_2025, "13")
    assert counts(wang) == {
        "review": 1,
        "replies": 1,
        "extensions": 1,
        "findings": 2,
        "unsigned": 0,
        "close_requests": 0,
        "rechecks": 0,
        "instructions": 0,
        "coordinations": 0,
    }
    home = client_for(wang).get(reverse("dashboards:home")).content.decode()
    assert "我的待办（5）" in home and reverse("web:inbox_list", args=["review"]) in home
    listed = client_for(wang).get(reverse("web:inbox_list", args=["review"])).content.decode()
    assert "源容电气" in listed and reverse("reporting:report", args=[qingyang_report.pk]) in listed
    extensions = client_for(wang).get(reverse("web:inbox_list", args=["extensions"])).content.decode()
    assert "青阳镇申请延至2026年6月30日：设备延期到货" in extensions


def test_the_unit_reviewer_sees_what_waits_for_her_sign_off(
    qingyang_report: ProgressReport, li: User, qing_reviewer: User, client_for: Callable[[User], Client]
) -> None:
    act(qingyang_report, li, "submit", DONE)
    assert counts(qing_reviewer)["sign_off"] == 1
    home = client_for(qing_reviewer).get(reverse("reporting:mine")).content.decode()
    assert "待本单位审核的填报" in home and reverse("web:inbox_list", args=["sign_off"]) in home
    listed = client_for(qing_reviewer).get(reverse("web:inbox_list", args=["sign_off"])).content.decode()
    assert "li 提交" in listed


def test_the_reporter_reads_the_return_reason_in_his_inbox_and_beside_the_form(
    qingyang_report: ProgressReport, li: User, wang: User, client_for: Callable[[User], Client]
) -> None:
    owed = counts(li)["to_file"]
    act(qingyang_report, li, "submit", DONE)
    assert counts(li)["to_file"] == owed - 1
    act(qingyang_report, wang, "return", comment="请写明投产时间")
    assert counts(li)["returned"] == 1
    listed = client_for(li).get(reverse("web:inbox_list", args=["returned"])).content.decode()
    assert "退回理由：请写明投产时间" in listed
    form = client_for(li).get(reverse("reporting:report", args=[qingyang_report.pk])).content.decode()
    beside = form.split('data-testid="return-reason"')[1].split('data-testid="report-form"')[0]
    assert "督办员退回了本填报" in beside and "请写明投产时间" in beside


def test_a_reminder_shows_on_the_reporters_home_and_beside_the_form(
    qingyang_report: ProgressReport, li: User, zhou: User, wang: User, client_for: Callable[[User], Client]
) -> None:
    task_remind(actor=wang, task=qingyang_report.task, today=today())
    assert counts(li)["reminders"] == 1 and counts(zhou)["reminders"] == 0
    home = client_for(li).get(reverse("reporting:mine")).content.decode()
    assert "近7日收到的催办" in home and 'data-testid="inbox-reminders"' in home
    form = client_for(li).get(reverse("reporting:report", args=[qingyang_report.pk])).content.decode()
    assert "收到的催办" in form.split('data-testid="report-form"')[0] and "【督办催办】青阳镇" in form


def test_the_reporter_sees_findings_to_answer_until_he_answers(plan_2025: Plan, li: User, zhou: User) -> None:
    finding = _finding(plan_2025, "14")
    assert counts(li)["answer"] == 1 and counts(zhou)["answer"] == 0
    finding_reply_add(actor=li, finding=finding, text="厂房已竣工验收")
    assert counts(li)["answer"] == 0


def test_the_leader_sees_the_red_items_of_his_portfolio_only(
    november: ReportingRound,
    zhang: User,
    wang: User,
    client_for: Callable[[User], Client],
    clock: Traveller,
) -> None:
    clock.move_to(dt.datetime(2025, 11, 28, 10, 0, tzinfo=dt.UTC))  # the round is overdue: reports missing
    assert counts(zhang)["red"] == 0  # red items elsewhere are not his
    rows = tasks_with_light(zhang, today=today(), light="", plan="", category="", unit="")
    red = [row.task for row in rows if row.light.light in RED][:2]
    done = next(row.task for row in rows if row.light.light == Light.DONE)
    in_charge = LeaderEntry(name="", kind=LeaderKind.IN_CHARGE, user=zhang)
    for led in (*red, done):
        task_leaders_set(actor=wang, task=led, leaders=[in_charge])
    assert counts(zhang)["red"] == 0  # kept as his dashboard's portfolio: it may lag that long
    clock.shift(dt.timedelta(seconds=DASHBOARD_TOLERANCE_SECONDS + 1))
    assert counts(zhang)["red"] == 2
    listed = client_for(zhang).get(reverse("web:inbox_list", args=["red"])).content.decode()
    assert listed.count("list-group-item") == 2 and red[0].title in listed and done.title not in listed


def test_the_badge_carries_the_total_and_other_roles_get_no_list(
    qingyang_report: ProgressReport, li: User, wang: User, zhang: User, client_for: Callable[[User], Client]
) -> None:
    act(qingyang_report, li, "submit", DONE)
    badge = client_for(wang).get(reverse("web:inbox_badge")).content.decode()
    assert '<span class="badge rounded-pill text-bg-danger">1</span>' in badge
    assert client_for(zhang).get(reverse("web:inbox_list", args=["review"])).status_code == 404
    page = client_for(wang).get(reverse("reporting:round", args=[qingyang_report.round_id])).content.decode()
    assert reverse("web:inbox_badge") in page  # loaded after the page, so the page itself counts nothing


@pytest.mark.parametrize("persona", ["wang", "li", "zhang"])
def test_the_home_page_costs_the_same_queries_with_more_waiting(
    persona: str,
    qingyang_report: ProgressReport,
    plan_2025: Plan,
    li: User,
    wang: User,
    zhang: User,
    client_for: Callable[[User], Client],
) -> None:
    user = {"wang": wang, "li": li, "zhang": zhang}[persona]
    home = reverse("reporting:mine") if user.is_unit_user else reverse("dashboards:home")
    client = client_for(user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(home).status_code == 200
        return len(captured)

    client.get(home)  # warm the session and the kept dashboard
    before = queries()
    act(qingyang_report, li, "submit", DONE)
    act(qingyang_report, wang, "return", comment="请补充")
    for seq in ("13", "14", "6"):
        _finding(plan_2025, seq)
    task_remind(actor=wang, task=qingyang_report.task, today=today())
    cache.clear()
    client.get(home)
    assert queries() <= before

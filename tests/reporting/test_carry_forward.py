"""Drafts carry the last round forward — text, claim and reason — and accepting a report that claims
nothing leaves the plan's 是否完成 as it was, down to the year-end table."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import docx
import openpyxl
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.plans.models import Plan
from duban.reporting.choices import Claim, ReportStatus
from duban.reporting.models import ProgressReport, ReportingRound
from duban.reporting.services.rounds import round_open
from duban.reporting.services.transitions import ReportContent, report_transition
from tests.reporting.conftest import task

ROW54_REASON = "毓秀园二期安置房建设缓慢"


def _act(report: ProgressReport, actor: User, action: str, content: ReportContent | None = None) -> None:
    report.refresh_from_db()
    report_transition(
        actor=actor, report=report, action=action, expected_version=report.version, content=content
    )


def _december(plan: Plan, wang: User) -> ReportingRound:
    return round_open(actor=wang, plan=plan, label="2025年12月", due_date=dt.date(2025, 12, 25))


def test_a_first_draft_starts_from_the_plan_tables_claim_and_reason(
    november: ReportingRound, plan_2025: Plan
) -> None:
    draft = november.reports.get(task=task(plan_2025, "54"))
    assert draft.claim == Claim.NOT_DONE and draft.shortfall_reason == ROW54_REASON
    assert draft.carried_from is None


def test_a_new_draft_carries_the_last_accepted_text_claim_and_reason(
    november: ReportingRound, plan_2025: Plan, li: User, wang: User, client_for: Callable[[User], Client]
) -> None:
    filed = november.reports.get(task=task(plan_2025, "54"))
    content = ReportContent("安置房主体封顶，道路同步施工。", Claim.NOT_DONE, "安置房交付推迟到明年3月")
    _act(filed, li, "submit", content)
    _act(filed, wang, "accept")
    draft = _december(plan_2025, wang).reports.get(task=task(plan_2025, "54"))
    assert (draft.progress, draft.claim, draft.shortfall_reason) == (
        "安置房主体封顶，道路同步施工。",
        Claim.NOT_DONE,
        "安置房交付推迟到明年3月",
    )
    assert draft.carried_from == filed and draft.status == ReportStatus.DRAFT
    page = client_for(li).get(reverse("reporting:report", args=[draft.pk])).content.decode()
    assert "上期（2025年11月）填报" in page and "安置房交付推迟到明年3月" in page
    assert '<option value="not_done" selected>' in page


def test_a_filed_report_is_carried_rather_than_a_later_unsent_draft_of_another_round(
    november: ReportingRound, plan_2025: Plan, li: User, wang: User
) -> None:
    filed = november.reports.get(task=task(plan_2025, "14"))
    _act(filed, li, "submit", ReportContent("10月投产。", Claim.DONE))
    december = _december(plan_2025, wang)
    unsent = december.reports.get(task=task(plan_2025, "14"))
    _act(unsent, li, "save", ReportContent("草稿：还没写完", Claim.IN_PROGRESS))
    january = round_open(actor=wang, plan=plan_2025, label="2026年1月", due_date=dt.date(2026, 1, 25))
    draft = january.reports.get(task=task(plan_2025, "14"))
    assert (draft.progress, draft.claim, draft.carried_from) == ("10月投产。", Claim.DONE, filed)


def test_accepting_a_report_that_claims_nothing_keeps_the_plans_completed_and_reason(
    november: ReportingRound, plan_2025: Plan, li: User, wang: User, client_for: Callable[[User], Client]
) -> None:
    report = november.reports.get(task=task(plan_2025, "54"))
    _act(report, li, "submit", ReportContent("征迁协议签订过半。", Claim.IN_PROGRESS))
    _act(report, wang, "accept")
    row54 = task(plan_2025, "54")
    assert row54.progress == "征迁协议签订过半。"
    assert (row54.completed, row54.shortfall_reason) == (False, ROW54_REASON)

    office = client_for(wang)
    xlsx = office.get(reverse("plans:export", args=[plan_2025.pk, "xlsx"])).content
    cells = [str(c.value) for row in openpyxl.load_workbook(io.BytesIO(xlsx)).active.iter_rows() for c in row]
    assert f"否（{ROW54_REASON}）" in cells
    word = docx.Document(io.BytesIO(office.get(reverse("plans:export", args=[plan_2025.pk, "docx"])).content))
    row = next(r for r in word.tables[0].rows if any("征迁协议签订过半" in c.text for c in r.cells))
    assert f"否（{ROW54_REASON}）" in [c.text for c in row.cells]


def test_accepting_a_done_claim_still_writes_it(
    november: ReportingRound, plan_2025: Plan, li: User, wang: User
) -> None:
    report = november.reports.get(task=task(plan_2025, "54"))
    _act(report, li, "submit", ReportContent("安置房交付，道路通车。", Claim.DONE))
    _act(report, wang, "accept")
    row54 = task(plan_2025, "54")
    assert (row54.completed, row54.shortfall_reason) == (True, "")

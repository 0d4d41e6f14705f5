"""The three-part report (完成情况, 存在问题, 下步计划): filed, shown, carried forward, put in the 通报."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import docx
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.plans.models import Plan
from duban.reporting.models import ProgressReport, ReportingRound
from duban.reporting.services.rounds import round_open

FILED = {
    "progress": "厂房竣工，设备入驻。",
    "problems": "二期用地指标未落实",
    "next_steps": "12月底前完成设备调试",
    "claim": "in_progress",
    "shortfall_reason": "",
}


def _post(client: Client, report: ProgressReport, action: str, **data: str) -> object:
    report.refresh_from_db()
    url = reverse("reporting:act", args=[report.pk, action])
    return client.post(url, {"version": str(report.version), **data})


def test_the_unit_files_all_three_parts_and_the_office_reads_them_on_the_review_page(
    qingyang_report: ProgressReport, li: User, wang: User, client_for: Callable[[User], Client]
) -> None:
    _post(client_for(li), qingyang_report, "submit", **FILED)
    qingyang_report.refresh_from_db()
    assert (qingyang_report.problems, qingyang_report.next_steps) == (
        "二期用地指标未落实",
        "12月底前完成设备调试",
    )
    version = qingyang_report.versions.get()
    assert (version.problems, version.next_steps) == ("二期用地指标未落实", "12月底前完成设备调试")
    page = client_for(wang).get(reverse("reporting:report", args=[qingyang_report.pk])).content.decode()
    assert '<p data-testid="report-problems">二期用地指标未落实</p>' in page
    assert '<p data-testid="report-next-steps">12月底前完成设备调试</p>' in page


def test_the_task_page_shows_the_latest_filed_problems_and_next_steps(
    qingyang_report: ProgressReport, li: User, client_for: Callable[[User], Client]
) -> None:
    _post(client_for(li), qingyang_report, "submit", **FILED)
    page = client_for(li).get(reverse("plans:task", args=[qingyang_report.task_id])).content.decode()
    assert "2025年11月填报" in page
    assert '<td data-testid="task-problems">二期用地指标未落实</td>' in page


def test_a_draft_keeps_its_unsent_problems_and_the_next_round_carries_the_filed_ones(
    qingyang_report: ProgressReport,
    november: ReportingRound,
    plan_2025: Plan,
    li: User,
    wang: User,
    client_for: Callable[[User], Client],
) -> None:
    _post(client_for(li), qingyang_report, "submit", **FILED)
    december = round_open(actor=wang, plan=plan_2025, label="2025年12月", due_date=dt.date(2025, 12, 25))
    draft = december.reports.get(task=qingyang_report.task)
    assert (draft.problems, draft.next_steps) == ("二期用地指标未落实", "12月底前完成设备调试")
    page = client_for(li).get(reverse("reporting:report", args=[draft.pk])).content.decode()
    assert ">二期用地指标未落实</textarea>" in page and ">12月底前完成设备调试</textarea>" in page


def test_the_round_bulletin_lists_the_problems_and_coordination_requests(
    qingyang_report: ProgressReport, li: User, wang: User, client_for: Callable[[User], Client]
) -> None:
    _post(
        client_for(li),
        qingyang_report,
        "submit",
        **FILED,
        coord_matter="协调二期用地指标",
        coord_with="市自然资源规划局",
    )
    data = client_for(wang).get(reverse("reporting:bulletin", args=[qingyang_report.round_id])).content
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "三、存在问题和需协调事项" in text and "四、有关要求" in text
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    row = next(r for r in rows if "二期用地指标未落实" in r)
    assert row[2] == "青阳镇" and "协调二期用地指标（协调对象：市自然资源规划局；待协调）" in row[4]

"""需协调事项: filed with the report (0..n rows), queued for the office and the leaders, each settled
with an outcome, audited; the dashboard says how many wait."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.common.refusals import Refused
from duban.plans.choices import LeaderKind
from duban.plans.models import TaskLeader
from duban.reporting.choices import CoordinationStatus
from duban.reporting.models import Coordination, ProgressReport
from duban.reporting.selectors import coordinations_waiting, coordinations_waiting_count
from duban.reporting.services.coordinations import coordination_decide, coordination_request
from duban.units.models import Unit


def _save(client: Client, report: ProgressReport, **data: object) -> object:
    report.refresh_from_db()
    url = reverse("reporting:act", args=[report.pk, "save"])
    return client.post(
        url, {"version": str(report.version), "progress": "推进中", "claim": "in_progress", **data}
    )


def test_the_unit_files_two_requests_with_its_draft_and_blank_rows_are_ignored(
    qingyang_report: ProgressReport, li: User, client_for: Callable[[User], Client]
) -> None:
    Unit.objects.get_or_create(name="市自然资源规划局")
    response = _save(
        client_for(li),
        qingyang_report,
        coord_matter=["二期用地指标", "", "10千伏专线接入"],
        coord_with=["市自然资源规划局", "", "供电公司、园区管委会"],
    )
    assert response.status_code == 302
    first, second = qingyang_report.coordinations.order_by("pk")
    assert (first.matter, first.counterpart, first.unit.name) == (
        "二期用地指标",
        "市自然资源规划局",
        "青阳镇",
    )
    assert first.counterpart_unit is not None and first.counterpart_unit.name == "市自然资源规划局"
    assert second.counterpart_unit is None and second.status == CoordinationStatus.PENDING
    entry = AuditEntry.objects.filter(object_type="reporting.Coordination").order_by("pk").first()
    assert entry is not None and entry.message == "提出需协调事项（协调对象：市自然资源规划局）：二期用地指标"


def test_a_request_without_whom_is_refused_naming_its_row_and_nothing_typed_is_lost(
    qingyang_report: ProgressReport, li: User, client_for: Callable[[User], Client]
) -> None:
    response = _save(
        client_for(li),
        qingyang_report,
        progress="设备调试过半",
        coord_matter=["二期用地指标", "10千伏专线接入"],
        coord_with=["市自然资源规划局", ""],
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "需协调事项第2行：请写明与哪个单位或谁协调" in page
    assert "设备调试过半" in page and 'value="10千伏专线接入"' in page and 'value="市自然资源规划局"' in page
    qingyang_report.refresh_from_db()
    assert qingyang_report.version == 1 and not qingyang_report.coordinations.exists()  # all or nothing


def test_only_the_lead_units_reporter_files_requests(qingyang_report: ProgressReport, zhou: User) -> None:
    with pytest.raises(Refused, match="牵头单位"):
        coordination_request(actor=zhou, report=qingyang_report, matter="用地", counterpart="市住建局")


def test_the_office_settles_a_request_from_its_queue_and_the_count_drops(
    qingyang_report: ProgressReport, li: User, wang: User, client_for: Callable[[User], Client]
) -> None:
    asked = coordination_request(
        actor=li, report=qingyang_report, matter="二期用地指标", counterpart="市自然资源规划局"
    )
    office = client_for(wang)
    assert _inbox_count(office, "coordinations") == "1"  # on the dashboard, in the office's 待办
    queue = office.get(reverse("reporting:coordinations")).content.decode()
    assert "二期用地指标" in queue and "青阳镇" in queue and "2025年11月填报" in queue
    response = office.post(
        reverse("reporting:coordination_decide", args=[asked.pk]),
        {"status": "done", "outcome": "已召开专题会，用地指标11月底下达"},
        follow=True,
    )
    assert "已记录：已协调" in response.content.decode()
    asked.refresh_from_db()
    assert asked.status == CoordinationStatus.DONE and asked.decided_by == wang and asked.decided_at
    entry = AuditEntry.objects.filter(object_type="reporting.Coordination", action="update").get()
    assert entry.message == "需协调事项已协调：已召开专题会，用地指标11月底下达"
    assert entry.changes == {"状态": ["待协调", "已协调"]}
    assert coordinations_waiting_count(wang) == 0
    assert _inbox_count(office, "coordinations") == "0"
    report_page = client_for(li).get(reverse("reporting:report", args=[qingyang_report.pk])).content.decode()
    assert "协调结果：已召开专题会，用地指标11月底下达" in report_page


def test_a_leader_sees_the_queue_and_records_that_it_cannot_be_settled(
    qingyang_report: ProgressReport, li: User, zhang: User, client_for: Callable[[User], Client]
) -> None:
    TaskLeader.objects.create(task=qingyang_report.task, name="张明", kind=LeaderKind.IN_CHARGE, user=zhang)
    asked = coordination_request(
        actor=li, report=qingyang_report, matter="跨区道路", counterpart="邻区交通局"
    )
    assert [row.coordination for row in coordinations_waiting(zhang)] == [asked]
    client_for(zhang).post(
        reverse("reporting:coordination_decide", args=[asked.pk]),
        {"status": "impossible", "outcome": "涉及邻区规划，报市政府协调"},
    )
    asked.refresh_from_db()
    assert asked.status == CoordinationStatus.IMPOSSIBLE and asked.outcome == "涉及邻区规划，报市政府协调"


def test_a_leader_neither_sees_nor_settles_the_requests_of_tasks_he_does_not_lead(
    qingyang_report: ProgressReport, li: User, zhang: User, client_for: Callable[[User], Client]
) -> None:
    asked = coordination_request(
        actor=li, report=qingyang_report, matter="跨区道路", counterpart="邻区交通局"
    )
    assert coordinations_waiting(zhang) == [] and coordinations_waiting_count(zhang) == 0
    url = reverse("reporting:coordination_decide", args=[asked.pk])
    response = client_for(zhang).post(url, {"status": "done", "outcome": "已协调"})
    assert response.status_code == 404
    assert Coordination.objects.get(pk=asked.pk).status == CoordinationStatus.PENDING


def test_an_outcome_is_required_and_a_settled_request_is_not_settled_twice(
    qingyang_report: ProgressReport, li: User, wang: User, client_for: Callable[[User], Client]
) -> None:
    asked = coordination_request(
        actor=li, report=qingyang_report, matter="二期用地指标", counterpart="市自然资源规划局"
    )
    url = reverse("reporting:coordination_decide", args=[asked.pk])
    page = client_for(wang).post(url, {"status": "done", "outcome": ""}, follow=True).content.decode()
    assert "请填写协调结果" in page
    assert Coordination.objects.get(pk=asked.pk).status == CoordinationStatus.PENDING
    coordination_decide(actor=wang, coordination=asked, status=CoordinationStatus.DONE, outcome="已落实")
    with pytest.raises(Refused, match="已处理"):
        coordination_decide(
            actor=wang, coordination=asked, status=CoordinationStatus.IMPOSSIBLE, outcome="重复"
        )


def test_units_have_nothing_waiting_and_cannot_decide(
    qingyang_report: ProgressReport, li: User, client_for: Callable[[User], Client]
) -> None:
    asked = coordination_request(actor=li, report=qingyang_report, matter="用地", counterpart="市住建局")
    assert coordinations_waiting(li) == [] and coordinations_waiting_count(li) == 0
    with pytest.raises(Refused, match="督办员或领导"):
        coordination_decide(actor=li, coordination=asked, status=CoordinationStatus.DONE, outcome="自行解决")
    assert client_for(li).get(reverse("reporting:coordinations")).status_code == 403


def _inbox_count(client: Client, key: str) -> str:
    page = client.get(reverse("dashboards:home")).content.decode()
    entry = page.split(f'data-testid="inbox-{key}"')[1].split("</a>")[0]
    return re.sub(r"<[^>]+>", " ", entry.split(">", 1)[1]).split()[-1]

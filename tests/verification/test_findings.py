"""The consistency audit on a stored plan: findings kept, reviewed with a note, resolved when gone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.common.refusals import Refused
from duban.core.consistency import audit_plan
from duban.demo import KEY_WORK_2025
from duban.ingest import parse_file
from duban.plans.models import Plan
from duban.verification.models import Finding
from duban.verification.services import finding_review, plan_audit_run

AS_OF = dt.date(2025, 11, 15)


def test_a_stored_plan_gets_the_same_findings_as_its_file(plan_2025: Plan, wang: User) -> None:
    counts = plan_audit_run(actor=wang, plan=plan_2025, today=AS_OF)
    from_file = {f.key() for f in audit_plan(parse_file(KEY_WORK_2025), today=AS_OF)}
    stored = set(Finding.objects.values_list("section", "seq", "check_code"))
    assert stored == from_file and counts["new"] == len(from_file)
    row13 = Finding.objects.get(seq="13", section=plan_2025.title)
    assert row13.check_code == "claimed_done_but_pending" and row13.task.title == "北越新能源锂电池项目"


def test_a_review_is_kept_across_runs_and_a_fixed_row_resolves(plan_2025: Plan, wang: User) -> None:
    plan_audit_run(actor=wang, plan=plan_2025, today=AS_OF)
    finding = Finding.objects.get(seq="13", section=plan_2025.title)
    finding_review(actor=wang, finding=finding, note="已电话核实，设备调试中，单位改为否")
    plan_audit_run(actor=wang, plan=plan_2025, today=AS_OF)
    finding.refresh_from_db()
    assert finding.state == "reviewed" and finding.review_note.startswith("已电话核实")
    task = finding.task
    task.progress, task.completed = "已投入运营。", True
    task.save()
    counts = plan_audit_run(actor=wang, plan=plan_2025, today=AS_OF)
    finding.refresh_from_db()
    assert finding.state == "resolved" and counts["resolved"] == 1
    assert AuditEntry.objects.filter(object_type="verification.Finding", action="update").count() == 1


def test_a_resolved_finding_seen_again_reopens(plan_2025: Plan, wang: User) -> None:
    plan_audit_run(actor=wang, plan=plan_2025, today=AS_OF)
    Finding.objects.filter(seq="13", section=plan_2025.title).update(state="resolved")
    plan_audit_run(actor=wang, plan=plan_2025, today=AS_OF)
    assert Finding.objects.get(seq="13", section=plan_2025.title).state == "open"


def test_an_audit_writes_in_a_few_statements_whatever_its_findings(plan_2025: Plan, wang: User) -> None:
    """The job runs after every report, holding SQLite's write lock while it writes."""
    first = plan_audit_run(actor=wang, plan=plan_2025, today=AS_OF)
    with CaptureQueriesContext(connection) as queries:
        again = plan_audit_run(actor=wang, plan=plan_2025, today=AS_OF)
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert again["seen"] == first["new"] > 20 and len(writes) <= 8


def test_only_the_office_reviews_and_a_note_is_required(plan_2025: Plan, wang: User, li: User) -> None:
    plan_audit_run(actor=wang, plan=plan_2025, today=AS_OF)
    finding = Finding.objects.first()
    with pytest.raises(Refused):
        finding_review(actor=li, finding=finding, note="……")
    with pytest.raises(Refused, match="核实意见"):
        finding_review(actor=wang, finding=finding, note=" ")


def test_findings_show_on_the_task_for_the_office_not_for_the_unit(
    plan_2025: Plan, wang: User, zhou: User, client_for: Callable[[User], Client]
) -> None:
    plan_audit_run(actor=wang, plan=plan_2025, today=AS_OF)
    row13 = Finding.objects.get(seq="13", section=plan_2025.title).task
    url = reverse("plans:task", args=[row13.pk])
    assert "设备调试中" in client_for(wang).get(url).content.decode().split("真实性核查")[1]
    assert "真实性核查" not in client_for(zhou).get(url).content.decode()
    assert client_for(zhou).get(reverse("verification:plan", args=[plan_2025.pk])).status_code == 403


def test_the_office_runs_the_audit_from_the_plan(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    response = client.post(reverse("verification:run", args=[plan_2025.pk]), follow=True)
    assert "核查完成：新发现" in response.content.decode()
    assert Finding.objects.filter(plan=plan_2025).exists()

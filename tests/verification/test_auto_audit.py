"""The audit runs by itself after an import and after a filed report, and a finding reads in the
office's words: labelled evidence, the unit's name, the rule's Chinese name, and two actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.core import clock
from duban.core.consistency import CHECK_NAMES, CHECKS, audit_plan
from duban.demo import KEY_WORK_2025
from duban.ingest import parse_file
from duban.plans.models import Plan
from duban.plans.services.imports import plan_import_apply, plan_import_file
from duban.reporting.choices import Claim
from duban.reporting.models import ProgressReport, Reminder
from duban.reporting.services.transitions import ReportContent, report_transition
from duban.verification.models import Finding
from duban.verification.services import finding_claim_not_done
from duban.verification.tasks import plan_audit_job, plan_audit_soon

OnCommit = Callable[..., Any]


def _file(report: ProgressReport, actor: User, action: str, content: ReportContent | None = None) -> None:
    report.refresh_from_db()
    report_transition(
        actor=actor, report=report, action=action, expected_version=report.version, content=content
    )


def test_every_rule_has_a_chinese_name() -> None:
    assert set(CHECKS) <= set(CHECK_NAMES)
    assert all(not name.isascii() for name in CHECK_NAMES.values())


def test_importing_a_plan_runs_the_audit_once_the_import_commits(
    wang: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        plan = plan_import_apply(
            actor=wang, batch=plan_import_file(actor=wang, path=KEY_WORK_2025), unit_choices={}
        )
    expected = {f.key() for f in audit_plan(parse_file(KEY_WORK_2025), today=clock.today())}
    stored = set(Finding.objects.filter(plan=plan).values_list("section", "seq", "check_code"))
    assert stored and stored == expected
    line = AuditEntry.objects.filter(object_type="plans.Plan", message__startswith="真实性核查（自动）").get()
    assert line.actor is None and f"新发现 {len(stored)} 条" in line.message


def test_a_submitted_report_runs_the_audit_and_the_dashboard_counts_it(
    qingyang_report: ProgressReport,
    li: User,
    zhang: User,
    client_for: Callable[[User], Client],
    django_capture_on_commit_callbacks: OnCommit,
) -> None:
    assert not Finding.objects.exists()  # the fixture's import did not commit
    with django_capture_on_commit_callbacks(execute=True):
        _file(qingyang_report, li, "submit", ReportContent("厂房竣工，设备入驻。", Claim.DONE))
    open_count = Finding.objects.filter(state="open").count()
    assert open_count > 0
    board = client_for(zhang).get(reverse("dashboards:home")).content.decode()
    assert "真实性核查待核实（" in board and "暂无</li>" not in board.split("真实性核查待核实")[1][:600]


def test_reports_filed_together_wait_for_one_audit_of_their_plan(
    qingyang_report: ProgressReport, li: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    HUEY.immediate = False  # a real queue, as with a worker: the jobs wait there
    try:
        for text in ("厂房主体施工。", "厂房竣工，设备入驻。"):
            with django_capture_on_commit_callbacks(execute=True):
                _file(qingyang_report, li, "save", ReportContent(text, Claim.IN_PROGRESS))
                plan_audit_soon(qingyang_report.task.plan_id)
        queued = HUEY.scheduled_count() + HUEY.pending_count()
    finally:
        HUEY.flush()
        HUEY.immediate = True
    assert queued == 1 and not Finding.objects.exists()


def test_an_accepted_claim_the_text_does_not_support_appears_by_itself(
    qingyang_report: ProgressReport, li: User, wang: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _file(qingyang_report, li, "submit", ReportContent("厂房主体在建，尚未竣工。", Claim.DONE))
        _file(qingyang_report, wang, "accept")
    finding = Finding.objects.get(task=qingyang_report.task_id, check_code="claimed_done_but_pending")
    assert finding.state == "open"
    assert str(finding).endswith("称已完成但关键环节尚未完成")


def test_the_findings_page_lays_out_the_evidence_with_labels_and_the_unit(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:

    plan_audit_job(plan_2025.pk)
    page = client_for(wang).get(reverse("verification:plan", args=[plan_2025.pk])).content.decode()
    for label in ("年度目标", "本期填报", "判断", "单位"):
        assert f'<th scope="col">{label}</th>' in page
    assert "claimed_done_but_pending" not in page and "docs/audit.md" not in page
    assert "称已完成但关键环节尚未完成" in page and "依据：" not in page
    row13 = Finding.objects.get(seq="13", section=plan_2025.title, check_code="claimed_done_but_pending")
    leads = "、".join(a.name for a in row13.task.assignments.filter(role="lead"))
    assert leads and leads in page


def test_the_office_asks_the_unit_to_explain_a_finding(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    plan_audit_job(plan_2025.pk)
    finding = Finding.objects.get(seq="13", section=plan_2025.title, check_code="claimed_done_but_pending")
    response = client_for(wang).post(reverse("verification:ask", args=[finding.pk]), follow=True)
    assert "已请牵头单位说明情况" in response.content.decode()
    reminder = Reminder.objects.filter(task=finding.task, channel="site").get()
    assert reminder.text.startswith("【督办催办】") and "称已完成但关键环节尚未完成" in reminder.text
    finding.refresh_from_db()
    assert finding.asked_at is not None
    line = AuditEntry.objects.get(object_type="verification.Finding", object_id=str(finding.pk))
    assert line.message == "请单位说明情况" and "称已完成" in line.object_repr


def test_the_office_changes_the_claim_to_no_and_the_audit_log_says_so_in_chinese(
    plan_2025: Plan, wang: User, li: User
) -> None:
    plan_audit_job(plan_2025.pk)
    finding = Finding.objects.get(seq="13", section=plan_2025.title, check_code="claimed_done_but_pending")
    finding_claim_not_done(actor=wang, finding=finding, reason="设备尚在调试，未投产")
    finding.task.refresh_from_db()
    assert finding.task.completed is False and finding.task.shortfall_reason == "设备尚在调试，未投产"
    assert finding.state == "reviewed"
    task_line = AuditEntry.objects.filter(object_type="plans.Task", object_id=str(finding.task_id)).latest(
        "id"
    )
    assert task_line.message == "核查发现（称已完成但关键环节尚未完成）：督办员将是否完成改为否"
    assert not AuditEntry.objects.filter(object_repr__contains="claimed_done").exists()

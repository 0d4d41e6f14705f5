"""Every transition of the report workflow, and every refusal, per role."""

from __future__ import annotations

import pytest

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.reporting.choices import Claim, ReportStatus
from duban.reporting.models import ProgressReport
from duban.reporting.services.rounds import round_close
from duban.reporting.services.transitions import (
    ReportContent,
    StaleReport,
    TransitionRefused,
    actions_for,
    report_transition,
)

DONE = ReportContent("厂房竣工，设备入驻，已投产。", Claim.DONE)


def act(
    report: ProgressReport, actor: User, action: str, content: ReportContent | None = None, comment: str = ""
) -> ProgressReport:
    report.refresh_from_db()
    return report_transition(
        actor=actor,
        report=report,
        action=action,
        expected_version=report.version,
        content=content,
        comment=comment,
    )


def test_the_lead_reporter_saves_a_draft_then_submits(qingyang_report: ProgressReport, li: User) -> None:
    act(qingyang_report, li, "save", DONE)
    assert qingyang_report.status == ReportStatus.DRAFT and qingyang_report.version == 2
    act(qingyang_report, li, "submit", DONE)
    assert qingyang_report.status == ReportStatus.SUBMITTED and qingyang_report.submitted_at


def test_with_a_unit_reviewer_the_report_goes_to_them_first(
    qingyang_report: ProgressReport, li: User, qing_reviewer: User, wang: User
) -> None:
    act(qingyang_report, li, "submit", DONE)
    assert qingyang_report.status == ReportStatus.UNIT_REVIEW
    with pytest.raises(TransitionRefused, match="必须填写意见"):
        act(qingyang_report, qing_reviewer, "unit_return")
    with pytest.raises(TransitionRefused, match="不能"):
        act(qingyang_report, wang, "accept")  # not yet the office's turn
    act(qingyang_report, qing_reviewer, "unit_approve")
    assert qingyang_report.status == ReportStatus.SUBMITTED


def test_the_office_returns_with_a_comment_the_unit_revises_the_office_accepts(
    qingyang_report: ProgressReport, li: User, wang: User
) -> None:
    act(qingyang_report, li, "submit", DONE)
    with pytest.raises(TransitionRefused, match="必须填写意见"):
        act(qingyang_report, wang, "return")
    act(qingyang_report, wang, "return", comment="请写明投产时间和产值")
    assert qingyang_report.status == ReportStatus.RETURNED
    act(qingyang_report, li, "submit", ReportContent("厂房竣工，设备入驻，10月投产。", Claim.DONE))
    act(qingyang_report, wang, "accept")
    assert qingyang_report.status == ReportStatus.ACCEPTED and qingyang_report.accepted_at
    versions = list(qingyang_report.versions.values_list("version", "action", "comment"))
    assert versions == [
        (2, "submit", ""),
        (3, "return", "请写明投产时间和产值"),
        (4, "submit", ""),
        (5, "accept", ""),
    ]


def test_an_accepted_report_becomes_the_tasks_progress_and_claim(
    qingyang_report: ProgressReport, li: User, wang: User
) -> None:
    act(qingyang_report, li, "submit", ReportContent("土建完成70%。", Claim.NOT_DONE, "设备延迟到货"))
    act(qingyang_report, wang, "accept")
    task = qingyang_report.task
    task.refresh_from_db()
    assert (task.progress, task.completed, task.shortfall_reason, task.status) == (
        "土建完成70%。",
        False,
        "设备延迟到货",
        "not_done",
    )
    assert AuditEntry.objects.filter(
        object_type="plans.Task", object_id=str(task.pk), action="update"
    ).exists()


@pytest.mark.parametrize("persona", ["zhou", "qing_reviewer", "wang", "zhang", "zhao", "shen"])
def test_only_the_lead_units_reporter_may_save_or_submit(
    persona: str, qingyang_report: ProgressReport, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    for action in ("save", "submit"):
        with pytest.raises(TransitionRefused):
            act(qingyang_report, user, action, DONE)
    assert qingyang_report.version == 1


@pytest.mark.parametrize("persona", ["li", "qing_reviewer", "zhou", "zhang", "zhao", "shen"])
def test_only_the_office_may_accept_or_return(
    persona: str, qingyang_report: ProgressReport, li: User, request: pytest.FixtureRequest
) -> None:
    act(qingyang_report, li, "submit", DONE)
    user = request.getfixturevalue(persona)
    for action in ("accept", "return"):
        with pytest.raises(TransitionRefused):
            act(qingyang_report, user, action, comment="意见")


def test_an_accepted_report_cannot_be_edited_or_reviewed_again(
    qingyang_report: ProgressReport, li: User, wang: User
) -> None:
    act(qingyang_report, li, "submit", DONE)
    act(qingyang_report, wang, "accept")
    assert actions_for(li, qingyang_report) == [] and actions_for(wang, qingyang_report) == []
    with pytest.raises(TransitionRefused, match="已通过"):
        act(qingyang_report, li, "save", DONE)


def test_not_done_needs_a_reason_and_a_report_needs_text(qingyang_report: ProgressReport, li: User) -> None:
    with pytest.raises(TransitionRefused, match="必须说明理由"):
        act(qingyang_report, li, "submit", ReportContent("在建", Claim.NOT_DONE))
    with pytest.raises(TransitionRefused, match="请填写完成情况"):
        act(qingyang_report, li, "submit", ReportContent("  ", Claim.IN_PROGRESS))
    act(qingyang_report, li, "save", ReportContent("", Claim.NOT_DONE))  # a draft may be unfinished
    assert qingyang_report.status == ReportStatus.DRAFT


def test_a_stale_save_is_refused_and_the_newer_text_is_kept(
    qingyang_report: ProgressReport, li: User
) -> None:
    stale_version = qingyang_report.version
    act(qingyang_report, li, "save", ReportContent("第一位填报员的内容", Claim.IN_PROGRESS))
    with pytest.raises(StaleReport) as refused:
        report_transition(
            actor=li,
            report=qingyang_report,
            action="save",
            expected_version=stale_version,
            content=ReportContent("第二位填报员的旧页面内容", Claim.IN_PROGRESS),
        )
    assert refused.value.current.progress == "第一位填报员的内容"
    assert "第 2 版" in refused.value.messages[0]
    qingyang_report.refresh_from_db()
    assert qingyang_report.progress == "第一位填报员的内容" and qingyang_report.version == 2


def test_a_closed_round_refuses_every_step(qingyang_report: ProgressReport, li: User, wang: User) -> None:
    round_close(actor=wang, round_=qingyang_report.round)
    with pytest.raises(TransitionRefused, match="已结束"):
        act(qingyang_report, li, "save", DONE)


def test_every_step_is_audited(qingyang_report: ProgressReport, li: User, wang: User) -> None:
    act(qingyang_report, li, "submit", DONE)
    act(qingyang_report, wang, "accept")
    messages = list(
        AuditEntry.objects.filter(object_type="reporting.ProgressReport")
        .order_by("id")
        .values_list("message", flat=True)
    )
    assert messages == ["提交（第2版）", "通过（第3版）"]

"""The report workflow as a transition table: 填报 → (单位审核) → 督办审核 → 通过 / 退回 → 修改 → …

Each transition is one atomic, audited service call. The version column makes a
stale save fail instead of silently overwriting someone else's newer text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.freshness import plan_status_scope
from duban.common.refusals import Refused
from duban.common.roles import Role
from duban.core import clock
from duban.plans.models import Task
from duban.plans.services.tasks import task_progress_roll_up, task_refuse_if_closed
from duban.reporting import access
from duban.reporting.choices import Claim, ReportStatus
from duban.reporting.models import ProgressReport, ReportVersion
from duban.reporting.services.instructions import (
    instruction_answers_save,
    instructions_close_by,
    instructions_refuse_unanswered,
)
from duban.reporting.signals import report_filed

S = ReportStatus


@dataclass(frozen=True)
class Transition:
    label: str
    sources: frozenset[ReportStatus]
    allowed: Callable[[User, Task], bool]
    comment_required: bool = False
    edits_content: bool = False


TRANSITIONS: dict[str, Transition] = {
    "save": Transition(
        "保存草稿", frozenset({S.DRAFT, S.RETURNED}), access.is_lead_reporter, edits_content=True
    ),
    "submit": Transition(
        "提交", frozenset({S.DRAFT, S.RETURNED}), access.is_lead_reporter, edits_content=True
    ),
    "unit_approve": Transition("单位审核通过", frozenset({S.UNIT_REVIEW}), access.is_lead_reviewer),
    "unit_return": Transition("单位退回", frozenset({S.UNIT_REVIEW}), access.is_lead_reviewer, True),
    "accept": Transition("通过", frozenset({S.SUBMITTED}), lambda user, task: access.is_supervisor(user)),
    "return": Transition(
        "退回", frozenset({S.SUBMITTED}), lambda user, task: access.is_supervisor(user), True
    ),
}


class TransitionRefused(Refused):
    """The action is not open to this user, in this state, or with this content."""


class StaleReport(ValidationError):
    """Someone saved a newer version first; carries it so the page can show it."""

    def __init__(self, current: ProgressReport) -> None:
        super().__init__(
            f"该填报已被 {current.updated_by.display_name() if current.updated_by else '他人'} 更新为第 "
            f"{current.version} 版，您的修改未保存。请查看最新内容后再修改。"
        )
        self.current = current


@dataclass(frozen=True)
class ReportContent:
    """The three parts offices ask for — 进展情况 (progress), 存在问题, 下步计划 — and the claim."""

    progress: str
    claim: Claim
    shortfall_reason: str = ""
    problems: str = ""
    next_steps: str = ""


def actions_for(user: User, report: ProgressReport) -> list[str]:
    """The transitions this user may take on this report now."""
    return [
        name
        for name, t in TRANSITIONS.items()
        if report.status in t.sources and report.round.status == "open" and t.allowed(user, report.task)
    ]


def report_transition(
    *,
    actor: User,
    report: ProgressReport,
    action: str,
    expected_version: int,
    content: ReportContent | None = None,
    comment: str = "",
    answers: Mapping[int, str] | None = None,
    on_behalf: bool = False,
) -> ProgressReport:
    """Take one step of the workflow, or refuse with a Chinese reason; never half-done.

    ``answers`` (批示 id → text) are the report's answers to the task's open 领导批示: kept with
    the draft, required of each on submit, and closing their 批示 when the report is accepted.
    ``on_behalf``: the office files for the report's unit (代报, from a returned 填报表); the audit
    row is the 督办员's and its message names the unit.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionRefused(f"未知操作：{action}")
    if on_behalf:
        transition = _on_behalf(actor, action, transition)
    _check_allowed(actor, report, action, transition, content, comment)
    target, before = _target_status(action, report), str(report.status)
    with transaction.atomic():
        if transition.edits_content and answers is not None:
            instruction_answers_save(report=report, answers=answers)
        if action == "submit":
            instructions_refuse_unanswered(report)
        values = _new_values(actor, report, target, transition, content)
        updated = ProgressReport.objects.filter(pk=report.pk, version=expected_version).update(**values)
        if not updated:
            raise StaleReport(ProgressReport.objects.select_related("updated_by").get(pk=report.pk))
        # The row now holds exactly these values (the version matched, so it is one more).
        for name, value in values.items():
            setattr(report, name, value)
        report.version = expected_version + 1
        report_version_record(actor, report, action, comment)
        if target == S.ACCEPTED:
            task_progress_roll_up(
                actor=actor,
                task_id=report.task_id,
                progress=report.progress,
                completed=_COMPLETED[Claim(report.claim)],
                shortfall_reason=report.shortfall_reason,
                keep_completed=report.claim == Claim.IN_PROGRESS,
                message=f"{report.round.label}填报通过",
            )
            instructions_close_by(actor=actor, report=report)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=report,
            changes=_changes(before, str(target), report, on_behalf),
            scope=plan_status_scope(report.task.plan_id),
            message=_behalf_prefix(actor, report, on_behalf)
            + f"{transition.label}（第{report.version}版）"
            + (f"：{comment}" if comment else ""),
        )
        if target in (S.UNIT_REVIEW, S.SUBMITTED, S.ACCEPTED) and before != target:
            report_filed.send(sender=ProgressReport, report=report)
    return report


ON_BEHALF_ACTIONS = frozenset({"save", "submit"})


def _on_behalf(actor: User, action: str, transition: Transition) -> Transition:
    """The same step, open to the office instead of the unit's 填报员."""
    if action not in ON_BEHALF_ACTIONS or not access.is_supervisor(actor):
        raise TransitionRefused(f"您（{actor.get_role_display()}）不能代单位“{transition.label}”")
    return replace(transition, allowed=lambda user, task: True)


def _changes(before: str, target: str, report: ProgressReport, on_behalf: bool) -> dict[str, object]:
    changes: dict[str, object] = {"status": [before, target]} if before != target else {}
    if on_behalf:
        changes["on_behalf_of"] = report.unit.name if report.unit else ""
    return changes


def _behalf_prefix(actor: User, report: ProgressReport, on_behalf: bool) -> str:
    unit = report.unit.name if report.unit else "牵头单位"
    return f"代报（{actor.display_name()}代{unit}）：" if on_behalf else ""


def _check_allowed(
    actor: User,
    report: ProgressReport,
    action: str,
    transition: Transition,
    content: ReportContent | None,
    comment: str,
) -> None:
    if report.round.status != "open":
        raise TransitionRefused("该填报轮次已结束，不能再修改")
    task_refuse_if_closed(report.task)
    if not transition.allowed(actor, report.task):
        raise TransitionRefused(f"您（{actor.get_role_display()}）不能对此填报执行“{transition.label}”")
    if report.status not in transition.sources:
        raise TransitionRefused(f"填报当前为“{report.get_status_display()}”，不能“{transition.label}”")
    if transition.comment_required and not comment.strip():
        raise TransitionRefused(f"“{transition.label}”时必须填写意见，说明需要修改什么")
    if transition.edits_content and content is None:
        raise TransitionRefused("缺少填报内容")
    if action == "submit" and content is not None:
        _check_complete(content)


def _check_complete(content: ReportContent) -> None:
    if not content.progress.strip():
        raise TransitionRefused("提交前请填写完成情况")
    if content.claim == Claim.NOT_DONE and not content.shortfall_reason.strip():
        raise TransitionRefused("选择“未完成”时必须说明理由")


def _target_status(action: str, report: ProgressReport) -> ReportStatus:
    if action == "save":
        return ReportStatus(report.status)
    if action == "submit":
        has_reviewer = User.objects.filter(
            role=Role.UNIT_REVIEWER, unit=report.unit_id, is_active=True
        ).exists()
        return S.UNIT_REVIEW if has_reviewer else S.SUBMITTED
    return {
        "unit_approve": S.SUBMITTED,
        "unit_return": S.RETURNED,
        "accept": S.ACCEPTED,
        "return": S.RETURNED,
    }[action]


def _new_values(
    actor: User,
    report: ProgressReport,
    target: ReportStatus,
    transition: Transition,
    content: ReportContent | None,
) -> dict[str, object]:
    now = clock.now()
    values: dict[str, object] = {
        "status": target,
        "version": F("version") + 1,
        "updated_by": actor,
        "updated_at": now,
    }
    if transition.edits_content and content is not None:
        values.update(
            progress=content.progress,
            problems=content.problems,
            next_steps=content.next_steps,
            claim=content.claim,
            shortfall_reason=content.shortfall_reason,
        )
    if target in (S.UNIT_REVIEW, S.SUBMITTED) and report.status in (S.DRAFT, S.RETURNED):
        values["submitted_at"] = now
    if target == S.ACCEPTED:
        values["accepted_at"] = now
    return values


def report_version_record(actor: User, report: ProgressReport, action: str, comment: str = "") -> None:
    """The report as it now stands, kept in its history under the step that made it."""
    ReportVersion.objects.create(
        report=report,
        version=report.version,
        action=action,
        status=report.status,
        progress=report.progress,
        problems=report.problems,
        next_steps=report.next_steps,
        claim=report.claim,
        shortfall_reason=report.shortfall_reason,
        comment=comment,
        actor=actor,
    )


# What an accepted claim writes into the task's 是否完成 (the year-end table); 推进中 writes nothing.
_COMPLETED = {Claim.DONE: True, Claim.NOT_DONE: False, Claim.IN_PROGRESS: None}

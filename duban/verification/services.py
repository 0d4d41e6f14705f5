"""Running the consistency audit on a stored plan, and the office's review of what it found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.freshness import plan_status_scope
from duban.common.refusals import Refused
from duban.common.roles import Role
from duban.core import clock
from duban.core.consistency import audit_plan
from duban.plans.interchange import plan_as_doc
from duban.plans.models import Plan, Task
from duban.plans.services.tasks import task_progress_roll_up
from duban.reporting.access import is_lead_reporter, is_lead_reviewer
from duban.reporting.services.attachments import StoredFile, upload_store_checked
from duban.reporting.services.reminders import task_remind
from duban.verification.choices import FindingState, ReplyDecision
from duban.verification.models import Finding, FindingReply
from duban.verification.selectors import previous_progress


def plan_audit_run(*, actor: User | None, plan: Plan, today: dt.date) -> dict[str, int]:
    """Check the plan; new findings open, known ones keep their review, vanished ones resolve.

    Everything is worked out before the write transaction, which holds SQLite's write lock for
    a few statements whatever the number of findings: the job runs after every report, while
    the units are saving theirs."""
    found = audit_plan(plan_as_doc(plan), today=today, previous_progress=previous_progress(plan))
    tasks = {(t.section.title, t.seq): t.pk for t in plan.tasks.select_related("section")}
    now, changes = clock.now(), _FindingChanges()
    known = {(f.section, f.seq, f.check_code): f for f in plan.findings.all()}
    for item in found:
        values: dict[str, object] = {
            "task_id": tasks.get((item.section, item.seq)),
            "severity": item.severity.value,
            "message": item.message,
            "evidence": [e.as_dict() for e in item.evidence],
        }
        finding = known.pop((item.section, item.seq, item.check), None)
        if finding is None:
            key = {"section": item.section, "seq": item.seq, "check_code": item.check}
            changes.new.append(Finding(plan=plan, last_seen=now, **key, **values))
        else:
            changes.see(finding, values)
    gone = [f.pk for f in known.values() if f.state not in (FindingState.RESOLVED, FindingState.WITHDRAWN)]
    with transaction.atomic():
        counts = changes.write(now, gone)
        # The job runs after every report: it writes a line only when the findings changed.
        if actor is not None or counts["new"] or counts["resolved"]:
            audit_record(
                actor=actor,
                action=Action.UPDATE,
                obj=plan,
                changes=counts,
                message=f"真实性核查{'' if actor else '（自动）'}：新发现 {counts['new']} 条，"
                f"仍存在 {counts['seen']} 条，已消除 {counts['resolved']} 条",
                scope=plan_status_scope(plan.pk),
            )
    return counts


@dataclass
class _FindingChanges:
    """What an audit run writes: new findings, changed texts, the ones seen again (reopened when
    they had been resolved) — each kind in one statement."""

    new: list[Finding] = field(default_factory=list)
    changed: list[Finding] = field(default_factory=list)
    seen: list[int] = field(default_factory=list)
    reopened: list[int] = field(default_factory=list)

    def see(self, finding: Finding, values: dict[str, object]) -> None:
        self.seen.append(finding.pk)
        if finding.state == FindingState.RESOLVED:
            self.reopened.append(finding.pk)
        if any(getattr(finding, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(finding, name, value)
            self.changed.append(finding)

    def write(self, now: dt.datetime, gone: list[int]) -> dict[str, int]:
        # A finding another run stored meanwhile is left as that run stored it.
        Finding.objects.bulk_create(self.new, ignore_conflicts=True)
        Finding.objects.bulk_update(self.changed, ["task", "severity", "message", "evidence"])
        Finding.objects.filter(pk__in=self.seen).update(last_seen=now)
        reopening = Finding.objects.filter(pk__in=self.reopened, state=FindingState.RESOLVED)
        reopening.update(state=FindingState.OPEN)
        closing = Finding.objects.filter(pk__in=gone).exclude(
            state__in=[FindingState.RESOLVED, FindingState.WITHDRAWN]
        )
        resolved = closing.update(state=FindingState.RESOLVED)
        return {"new": len(self.new), "seen": len(self.seen), "resolved": resolved}


def finding_review(*, actor: User, finding: Finding, note: str) -> Finding:
    """The office marks a finding as looked into, with its note (e.g. 已电话核实，单位改为否)."""
    if actor.role != Role.SUPERVISOR:
        raise Refused("只有督办员可以核实发现的问题")
    if not note.strip():
        raise Refused("请填写核实意见")
    with transaction.atomic():
        finding.state, finding.review_note = FindingState.REVIEWED, note.strip()
        finding.reviewed_by, finding.reviewed_at = actor, clock.now()
        finding.save()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=finding,
            changes={"state": ["open", "reviewed"]},
            message=note,
            scope=plan_status_scope(finding.plan_id),
        )
    return finding


def _finding_task(actor: User, finding: Finding) -> Task:
    if actor.role != Role.SUPERVISOR:
        raise Refused("只有督办员可以处理核查发现")
    if finding.task is None:
        raise Refused("该发现不属于某一项任务（是计划的年度分解），请在计划页处理")
    return finding.task


def finding_ask_unit(*, actor: User, finding: Finding, today: dt.date) -> Finding:
    """The office asks the task's lead units to explain a finding: a 催办 they see on their pages."""
    task = _finding_task(actor, finding)
    task_remind(actor=actor, task=task, today=today, ask=f"{finding.check_name}——{finding.message}")
    with transaction.atomic():
        finding.asked_at = clock.now()
        finding.save(update_fields=["asked_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=finding,
            message="请单位说明情况",
            scope=plan_status_scope(finding.plan_id),
        )
    return finding


@transaction.atomic
def finding_claim_not_done(*, actor: User, finding: Finding, reason: str) -> Finding:
    """The office changes the task's 是否完成 to 否 with the reason it found, and marks the finding
    as looked into: the year-end table then says 否 and why."""
    task = _finding_task(actor, finding)
    if not reason.strip():
        raise Refused("改为“否”时请填写未完成理由")
    task_progress_roll_up(
        actor=actor,
        task_id=task.pk,
        progress=task.progress,
        completed=False,
        shortfall_reason=reason.strip(),
        message=f"核查发现（{finding.check_name}）：督办员将是否完成改为否",
    )
    finding.state, finding.review_note = FindingState.REVIEWED, f"已将是否完成改为否：{reason.strip()}"
    finding.reviewed_by, finding.reviewed_at = actor, clock.now()
    finding.save()
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=finding,
        changes={"state": [FindingState.OPEN.label, FindingState.REVIEWED.label]},
        message=finding.review_note,
        scope=plan_status_scope(finding.plan_id),
    )
    return finding


@dataclass(frozen=True)
class Upload:
    """A file sent with a 申辩: its name as sent and its content."""

    file_name: str
    chunks: Iterable[bytes]


def finding_reply_add(
    *, actor: User, finding: Finding, text: str, upload: Upload | None = None
) -> FindingReply:
    """申辩: the task's lead unit answers a finding; the office decides. One answer waits at a time."""
    task = finding.task
    if task is None or not (is_lead_reporter(actor, task) or is_lead_reviewer(actor, task)):
        raise Refused("只有该任务牵头单位的填报员或审核人可以申辩")
    if finding.state not in (FindingState.OPEN, FindingState.REVIEWED):
        raise Refused(f"该发现已{finding.get_state_display()}，无需申辩")
    if finding.replies.filter(decision=ReplyDecision.PENDING).exists():
        raise Refused("本单位对该发现的申辩正在等待督办员裁定，请勿重复提交")
    if not text.strip():
        raise Refused("请填写申辩理由：说明为什么填报与目标并不矛盾")
    stored = (
        upload_store_checked(chunks=upload.chunks, file_name=upload.file_name, area="attachments")
        if upload
        else None
    )
    return _reply_save(actor, finding, text.strip(), stored)


@transaction.atomic
def _reply_save(actor: User, finding: Finding, text: str, stored: StoredFile | None) -> FindingReply:
    assert actor.unit is not None  # a lead unit's user, checked above
    reply = FindingReply(finding=finding, unit=actor.unit, text=text, author=actor)
    if stored is not None:
        reply.file_name, reply.stored_path, reply.sha256 = stored.file_name, stored.stored_path, stored.sha256
        reply.size, reply.content_type = stored.size, stored.content_type
    reply.full_clean(exclude=["finding", "unit", "author"])
    reply.save()
    audit_record(
        actor=actor,
        action=Action.CREATE,
        obj=finding,
        changes={"申辩": text, **({"附件": stored.file_name} if stored else {})},
        message=f"{actor.unit.name}申辩：{text}",
        scope=plan_status_scope(finding.plan_id),
    )
    return reply


def finding_reply_decide(*, actor: User, reply: FindingReply, decision: str, note: str) -> FindingReply:
    """The office upholds (维持: the finding counts in 考核) or withdraws (撤销) after a 申辩."""
    if actor.role != Role.SUPERVISOR:
        raise Refused("只有督办员可以裁定申辩")
    if decision not in (ReplyDecision.UPHELD, ReplyDecision.WITHDRAWN):
        raise Refused("请选择“维持”或“撤销”")
    if reply.decision != ReplyDecision.PENDING:
        raise Refused(f"该申辩已裁定为“{reply.get_decision_display()}”")
    if not note.strip():
        raise Refused("请填写裁定意见，单位会看到")
    with transaction.atomic():
        reply.decision, reply.decision_note = decision, note.strip()
        reply.decided_by, reply.decided_at = actor, clock.now()
        reply.save()
        finding = reply.finding
        before = finding.get_state_display()
        upheld = decision == ReplyDecision.UPHELD
        finding.state = FindingState.REVIEWED if upheld else FindingState.WITHDRAWN
        finding.review_note = f"{'维持' if upheld else '撤销'}（申辩裁定）：{note.strip()}"
        finding.reviewed_by, finding.reviewed_at = actor, clock.now()
        finding.save()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=finding,
            changes={"状态": [before, finding.get_state_display()]},
            message=f"申辩裁定：{reply.get_decision_display()}。{note.strip()}",
            scope=plan_status_scope(finding.plan_id),
        )
    return reply

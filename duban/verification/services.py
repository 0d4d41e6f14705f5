"""Running the consistency audit on a stored plan, and the office's review of what it found."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.freshness import plan_scope
from duban.common.refusals import Refused
from duban.common.roles import Role
from duban.core import clock
from duban.core.consistency import audit_plan
from duban.plans.interchange import plan_as_doc
from duban.plans.models import Plan
from duban.verification.choices import FindingState
from duban.verification.models import Finding
from duban.verification.selectors import previous_progress


def plan_audit_run(*, actor: User | None, plan: Plan, today: dt.date) -> dict[str, int]:
    """Check the plan; new findings open, known ones keep their review, vanished ones resolve."""
    found = audit_plan(plan_as_doc(plan), today=today, previous_progress=previous_progress(plan))
    tasks = {(t.section.title, t.seq): t for t in plan.tasks.select_related("section")}
    now = clock.now()
    counts = {"new": 0, "seen": 0, "resolved": 0}
    with transaction.atomic():
        seen_ids = []
        for item in found:
            finding, created = Finding.objects.update_or_create(
                plan=plan,
                section=item.section,
                seq=item.seq,
                check_code=item.check,
                defaults={
                    "task": tasks.get((item.section, item.seq)),
                    "severity": item.severity.value,
                    "message": item.message,
                    "evidence": [e.as_dict() for e in item.evidence],
                    "last_seen": now,
                },
            )
            if finding.state == FindingState.RESOLVED:
                finding.state = FindingState.OPEN
                finding.save(update_fields=["state"])
            seen_ids.append(finding.pk)
            counts["new" if created else "seen"] += 1
        gone = plan.findings.exclude(pk__in=seen_ids).exclude(state=FindingState.RESOLVED)
        counts["resolved"] = gone.update(state=FindingState.RESOLVED)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=plan,
            changes=counts,
            message="真实性核查",
            scope=plan_scope(plan.pk),
        )
    return counts


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
            scope=plan_scope(finding.plan_id),
        )
    return finding

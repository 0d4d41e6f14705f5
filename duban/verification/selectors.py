"""Reading findings: as rows laid out for the office (年度目标 | 本期填报 | 判断 | 单位)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from duban.plans.choices import UnitRole
from duban.plans.models import Plan, TaskUnit
from duban.reporting.models import ProgressReport
from duban.verification.choices import FindingState, ReplyDecision
from duban.verification.models import Finding, FindingReply

# Findings the office still works on: not gone from the data, not withdrawn after a 申辩.
SHOWN_STATES = (FindingState.OPEN, FindingState.REVIEWED)


@dataclass(frozen=True)
class EvidenceRow:
    """One comparison: what the task asks for against what the unit reported."""

    target: str
    reported: str
    quote: str  # the passage of the report the reported value was read from, when it differs


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    evidence: list[EvidenceRow]
    units: str  # the lead units' names: who answers for the task
    replies: list[FindingReply]

    @property
    def awaiting_decision(self) -> bool:
        return any(reply.decision == ReplyDecision.PENDING for reply in self.replies)

    @property
    def answerable(self) -> bool:
        """The unit may answer: the finding stands and no earlier answer waits for the office."""
        return self.finding.state in SHOWN_STATES and not self.awaiting_decision

    @property
    def can_be_set_to_no(self) -> bool:
        """The office may turn the task's 是否完成 to 否 when the unit claims 是."""
        return self.finding.task is not None and self.finding.task.completed is True


def previous_progress(plan: Plan) -> dict[tuple[str, str], str]:
    """The progress each task reported in the plan's second-latest round, for the copy check."""
    rounds = list(plan.rounds.order_by("-due_date").values_list("pk", flat=True)[:2])
    if len(rounds) < 2:
        return {}
    reports = ProgressReport.objects.filter(round_id=rounds[1]).select_related("task__section")
    return {(r.task.section.title, r.task.seq): r.progress for r in reports if r.progress}


def finding_rows(findings: QuerySet[Finding]) -> list[FindingRow]:
    """The findings with their evidence labelled, the lead units named and the 申辩 (four queries)."""
    leads = TaskUnit.objects.filter(role=UnitRole.LEAD).select_related("unit", "group")
    replies = FindingReply.objects.select_related("unit", "author", "decided_by")
    found = findings.select_related("task", "reviewed_by").prefetch_related(
        Prefetch("task__assignments", queryset=leads, to_attr="leads"),
        Prefetch("replies", queryset=replies, to_attr="answers"),
    )
    return [_row(finding) for finding in found]


def _row(finding: Finding) -> FindingRow:
    leads = getattr(finding.task, "leads", []) if finding.task else []
    return FindingRow(
        finding=finding,
        evidence=[_evidence(item) for item in finding.evidence if isinstance(item, dict)],
        units="、".join(lead.name for lead in leads),
        replies=list(getattr(finding, "answers", [])),
    )


def _evidence(item: dict[str, object]) -> EvidenceRow:
    reported, quote = str(item.get("actual") or ""), str(item.get("source_text") or "")
    return EvidenceRow(
        target=str(item.get("target") or ""),
        reported=reported,
        quote=quote if quote and quote not in reported else "",
    )


def plan_findings(plan: Plan) -> list[FindingRow]:
    return finding_rows(plan.findings.filter(state__in=SHOWN_STATES))


def task_findings(task_id: int) -> list[FindingRow]:
    return finding_rows(Finding.objects.filter(task_id=task_id, state__in=SHOWN_STATES))


def unit_findings(findings: QuerySet[Finding]) -> list[FindingRow]:
    """What a unit sees: the findings on its tasks, withdrawn ones too (with the office's note)."""
    shown = (*SHOWN_STATES, FindingState.WITHDRAWN)
    return finding_rows(findings.filter(state__in=shown).order_by("state", "plan", "id"))


def findings_awaiting_decision(findings: QuerySet[Finding]) -> list[FindingRow]:
    """The 申辩 the office has to decide, oldest first."""
    waiting = findings.filter(replies__decision=ReplyDecision.PENDING).order_by("replies__at")
    return finding_rows(waiting)

"""二次分解: a sub-unit reports on its sub-task; the report rolls up into the lead's draft."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.freshness import plan_scope
from duban.common.refusals import Refused
from duban.core import clock
from duban.core.breakdown import block_merge
from duban.plans.access import is_subtask_reporter
from duban.plans.models import SubTask, Task
from duban.plans.services.tasks import task_refuse_if_closed
from duban.reporting.choices import ReportStatus, RoundStatus
from duban.reporting.models import ProgressReport, SubTaskReport
from duban.reporting.services.transitions import report_version_record

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)  # the lead's draft: still in its hands


@dataclass(frozen=True)
class SubTaskContent:
    progress: str
    problems: str = ""
    next_steps: str = ""


def lead_open_report(task: Task) -> ProgressReport | None:
    """The lead's report on the task in the open round (the latest, if the office opened two)."""
    reports = ProgressReport.objects.filter(task=task, round__status=RoundStatus.OPEN)
    return reports.select_related("round").order_by("-round__due_date").first()


def subtask_report_submit(*, actor: User, subtask: SubTask, content: SubTaskContent) -> SubTaskReport:
    """File (or file again) the sub-unit's report for the open round and roll it up."""
    if not is_subtask_reporter(actor, subtask):
        raise Refused("只有承办单位的填报员可以填报该分解任务")
    task_refuse_if_closed(subtask.task)
    if not content.progress.strip():
        raise Refused("请填写进展情况")
    lead_report = lead_open_report(subtask.task)
    if lead_report is None:
        raise Refused("当前没有进行中的填报轮次，暂不能填报")
    with transaction.atomic():
        report, before = _save(actor, subtask, lead_report, content)
        report.rolled_up = _roll_up(actor, lead_report, subtask, content)
        report.save(update_fields=["rolled_up"])
        audit_record(
            actor=actor,
            action=Action.UPDATE if before is not None else Action.CREATE,
            obj=subtask.task,
            changes={"subtask_report": [before, report.progress]},
            message=f"{subtask.unit.name}填报分解任务“{subtask.title}”（{lead_report.round.label}）",
            scope=plan_scope(subtask.task.plan_id),
        )
    return report


def _save(
    actor: User, subtask: SubTask, lead_report: ProgressReport, content: SubTaskContent
) -> tuple[SubTaskReport, str | None]:
    """The round's one row for the sub-task, created or overwritten; with the text it replaced."""
    existing = SubTaskReport.objects.filter(round=lead_report.round, subtask=subtask).first()
    report = existing or SubTaskReport(round=lead_report.round, subtask=subtask)
    before = existing.progress if existing is not None else None
    report.unit_id = subtask.unit_id
    report.progress = content.progress.strip()
    report.problems = content.problems.strip()
    report.next_steps = content.next_steps.strip()
    report.submitted_by = actor
    report.submitted_at = clock.now()
    report.full_clean(exclude=["round", "subtask", "unit"])
    report.save()
    return report, before


def _roll_up(actor: User, lead_report: ProgressReport, subtask: SubTask, content: SubTaskContent) -> bool:
    """Add the labelled block to the lead's draft; a report already filed is left alone (the lead
    sees the sub-report on the task page). The version moves on, so a lead editing the draft at
    the same moment is told to reload instead of saving over the block."""
    if lead_report.status not in EDITABLE:
        return False
    label = f"{subtask.unit.name}“{subtask.title}”"
    values = {
        "progress": block_merge(lead_report.progress, label=label, body=content.progress),
        "problems": _merged(lead_report.problems, label, content.problems),
        "next_steps": _merged(lead_report.next_steps, label, content.next_steps),
    }
    before = lead_report.progress
    ProgressReport.objects.filter(pk=lead_report.pk).update(
        **values, version=F("version") + 1, updated_at=clock.now(), updated_by=actor
    )
    lead_report.refresh_from_db()
    report_version_record(actor, lead_report, "roll_up")
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=lead_report,
        changes={"progress": [before, lead_report.progress]},
        message=f"汇入{subtask.unit.name}的分解任务填报（第{lead_report.version}版）",
        scope=plan_scope(subtask.task.plan_id),
    )
    return True


def _merged(text: str, label: str, body: str) -> str:
    return block_merge(text, label=label, body=body) if body.strip() else text

"""领导批示: a leader (or the office on his behalf) writes an instruction on a task; the lead unit
answers it in its next report; the accepted report closes it with its answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.freshness import plan_scope
from duban.common.refusals import Refused
from duban.common.roles import Role
from duban.core import clock
from duban.core.dates import cn_date
from duban.plans.models import Task
from duban.plans.services.tasks import task_refuse_if_closed
from duban.reporting.choices import InstructionStatus
from duban.reporting.models import InstructionAnswer, LeaderInstruction, ProgressReport


@transaction.atomic
def instruction_give(
    *, actor: User, task: Task, text: str, given_on: dt.date, leader: User | None = None
) -> LeaderInstruction:
    """A 批示 on the task, in the leader's name; when the office types it, both names are kept."""
    leader = _instructing_leader(actor, leader)
    task_refuse_if_closed(task)  # nobody could answer it: a closed item takes no more reports
    if not text.strip():
        raise Refused("请填写批示内容")
    if given_on > clock.today():
        raise Refused(f"批示日期{cn_date(given_on)}晚于今天，请核对")
    instruction = LeaderInstruction(
        task=task,
        text=text.strip(),
        given_on=given_on,
        leader=leader,
        entered_by=actor,
        entered_at=clock.now(),
    )
    instruction.full_clean()
    instruction.save()
    on_behalf = f"，{actor.display_name()}代录" if actor != leader else ""
    audit_record(
        actor=actor,
        action=Action.CREATE,
        obj=task,
        changes={
            "批示领导": leader.display_name(),
            "录入人": actor.display_name(),
            "批示内容": instruction.text,
        },
        scope=plan_scope(task.plan_id),
        message=f"录入领导批示（{leader.display_name()}{cn_date(given_on)}批示{on_behalf}）",
    )
    return instruction


def _instructing_leader(actor: User, leader: User | None) -> User:
    """A leader writes his own 批示; the office types one for the leader it names."""
    if actor.role == Role.LEADER:
        if leader is not None and leader != actor:
            raise Refused("领导只能录入本人的批示")
        return actor
    if actor.role != Role.SUPERVISOR:
        raise Refused("只有领导或督办员可以录入领导批示")
    if leader is None or leader.role != Role.LEADER:
        raise Refused("请选择作出批示的领导")
    return leader


def open_instructions(task_id: int) -> list[LeaderInstruction]:
    return list(
        LeaderInstruction.objects.filter(task_id=task_id, status=InstructionStatus.OPEN).select_related(
            "leader"
        )
    )


def instruction_answers_save(*, report: ProgressReport, answers: Mapping[int, str]) -> None:
    """The report's answers to the task's open 批示, as typed (an emptied answer is removed)."""
    for instruction in open_instructions(report.task_id):
        text = answers.get(instruction.pk, "").strip()
        found = InstructionAnswer.objects.filter(instruction=instruction, report=report)
        if text:
            found.update_or_create(instruction=instruction, report=report, defaults={"text": text})
        else:
            found.delete()


def instructions_refuse_unanswered(report: ProgressReport) -> None:
    """Submitting a report with a 批示 left unanswered is refused, naming the 批示."""
    answered = set(InstructionAnswer.objects.filter(report=report).values_list("instruction_id", flat=True))
    missing = [i for i in open_instructions(report.task_id) if i.pk not in answered]
    if missing:
        names = "；".join(
            f"{i.leader.display_name()}{cn_date(i.given_on)}批示“{i.text[:20]}”" for i in missing
        )
        raise Refused(f"提交前请逐条答复领导批示：{names}")


def instructions_close_by(*, actor: User, report: ProgressReport) -> None:
    """The accepted report's answers close their 批示, each answer kept with its 批示."""
    answers = InstructionAnswer.objects.filter(report=report, instruction__status=InstructionStatus.OPEN)
    for answer in answers.select_related("instruction__leader"):
        instruction = answer.instruction
        instruction.status = InstructionStatus.ANSWERED
        instruction.answer, instruction.answered_by_report = answer.text, report
        instruction.answered_at = clock.now()
        instruction.save(update_fields=["status", "answer", "answered_by_report", "answered_at"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=report.task,
            changes={"批示答复": answer.text},
            scope=plan_scope(report.task.plan_id),
            message=f"{instruction.leader.display_name()}{cn_date(instruction.given_on)}批示已答复（{report.round.label}填报通过）",
        )

"""三色督办: the office's ladder, 督办单 issued on it (one at a time or for a closed round), the
unit's 签收 and answer, and 约谈 records. Each change is one atomic, audited function; notices and
约谈 are logged on the task, so its history shows them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.freshness import plan_scope, plan_status_scope
from duban.common.refusals import Refused
from duban.core import clock
from duban.core.dates import cn_date
from duban.core.escalation import Rung, ladder_check
from duban.plans.choices import LeaderKind
from duban.plans.models import Task
from duban.reporting.models import ReportingRound
from duban.supervision import access
from duban.supervision.choices import NoticeLevel, SourceKind
from duban.supervision.models import EscalationRung, Interview, SupervisionNotice
from duban.supervision.selectors import ladder_rows, local, notice_proposals
from duban.supervision.services.numbers import numbers_next
from duban.units.models import Unit
from duban.workdays.selectors import work_calendar


@dataclass(frozen=True)
class RungValues:
    """What the office sets on one rung of the ladder."""

    rounds: int
    reply_workdays: int
    flagged: bool
    requirement: str


def _office_only(actor: User, what: str) -> None:
    if not access.is_office(actor):
        raise Refused(f"只有督办员可以{what}")


@transaction.atomic
def ladder_save(*, actor: User, values: dict[NoticeLevel, RungValues]) -> list[EscalationRung]:
    """The 督办员 sets the ladder; thresholds rise blue → yellow → red, limits are working days."""
    _office_only(actor, "设置三色督办规则")
    ladder = [Rung(lv.value, lv.label, v.rounds, v.reply_workdays, v.flagged) for lv, v in values.items()]
    problems = ladder_check(sorted(ladder, key=lambda r: list(NoticeLevel).index(NoticeLevel(r.level))))
    problems += [f"{lv.label}的督办要求不能为空" for lv, v in values.items() if not v.requirement.strip()]
    if problems:
        raise Refused("；".join(problems))
    rows = []
    for level, v in values.items():
        row, _ = EscalationRung.objects.update_or_create(
            level=level,
            defaults={
                "rounds": v.rounds,
                "reply_workdays": v.reply_workdays,
                "flagged": v.flagged,
                "requirement": v.requirement.strip(),
                "updated_by": actor,
            },
        )
        rows.append(row)
    summary = "；".join(f"{r.label}连续{r.rounds}轮、{r.reply_workdays}个工作日" for r in ladder)
    audit_record(actor=actor, action=Action.UPDATE, obj=None, message=f"设置三色督办规则：{summary}")
    return rows


def _rung(level: NoticeLevel) -> EscalationRung:
    return ladder_rows()[level]


def _copied(task: Task) -> tuple[str, list[User]]:
    """The task's 分管领导 a 挂牌 notice is copied to: their names, and the accounts linked to them."""
    leaders = list(task.leaders.filter(kind=LeaderKind.IN_CHARGE).select_related("user"))
    names = "、".join(f"分管领导{leader.name}" for leader in leaders)
    return names, [leader.user for leader in leaders if leader.user is not None]


@transaction.atomic
def notice_issue(
    *,
    actor: User,
    task: Task,
    unit: Unit,
    level: NoticeLevel,
    problem: str,
    round_: ReportingRound | None = None,
    lagging_rounds: int = 0,
) -> SupervisionNotice:
    """签发督办单: numbered, the rung's requirement and working-day limit, copied to the task's
    分管领导 on a 挂牌 rung; refused twice for the same task, unit, round and level."""
    _office_only(actor, "签发督办单")
    if not problem.strip():
        raise Refused("请填写督办单的“存在问题”")
    rung, now = _rung(level), clock.now()
    copied_to, copied_users = _copied(task) if rung.flagged else ("", [])
    notice = SupervisionNotice(
        number=numbers_next(source=SourceKind.NOTICE, year=clock.today().year, count=1)[0],
        task=task,
        unit=unit,
        level=level,
        round=round_,
        lagging_rounds=lagging_rounds,
        problem=problem.strip(),
        requirement=rung.requirement,
        due_on=work_calendar().add_workdays(clock.today(), rung.reply_workdays),
        flagged=rung.flagged,
        copied_to=copied_to,
        issued_by=actor,
        issued_at=now,
    )
    _save_once(notice, task)
    notice.copied_users.set(copied_users)
    audit_record(
        actor=actor,
        action=Action.CREATE,
        obj=task,
        message=_issue_message(notice),
        scope=plan_scope(task.plan_id),
    )
    return notice


def _save_once(notice: SupervisionNotice, task: Task) -> None:
    duplicate = SupervisionNotice.objects.filter(
        task=task, unit=notice.unit, round=notice.round, level=notice.level
    ).exists()
    if duplicate and notice.round is not None:
        raise Refused(f"{notice.unit.name}本轮已收到{notice.get_level_display()}，不重复签发")
    try:
        with transaction.atomic():
            notice.save()
    except IntegrityError:
        raise Refused(f"{notice.unit.name}本轮已收到{notice.get_level_display()}，不重复签发") from None


def _issue_message(notice: SupervisionNotice) -> str:
    flagged = "，挂牌督办" if notice.flagged else ""
    copied = f"，抄送{notice.copied_to}" if notice.copied_to else ""
    due = cn_date(notice.due_on)
    return (
        f"向{notice.unit.name}签发{notice.get_level_display()}{notice.number}（{due}前办复）{flagged}{copied}"
    )


@transaction.atomic
def notices_issue_for_round(
    *, actor: User, round_: ReportingRound, chosen: Collection[str]
) -> list[SupervisionNotice]:
    """The notices the ladder calls for as a round closes, those the office ticked (by proposal key);
    a notice already issued for the task, unit, round and level is not proposed again."""
    _office_only(actor, "签发督办单")
    proposals = [p for p in notice_proposals(round_) if p.key in chosen]
    if not proposals:
        raise Refused("请至少勾选一项需签发的督办单")
    return [
        notice_issue(
            actor=actor,
            task=p.task,
            unit=p.unit,
            level=NoticeLevel(p.rung.level),
            problem=p.problem,
            round_=round_,
            lagging_rounds=len(p.run),
        )
        for p in proposals
    ]


@transaction.atomic
def notice_receive(*, actor: User, notice: SupervisionNotice) -> SupervisionNotice:
    """The unit signs for a 督办单 it was sent (签收, with the time)."""
    if not access.can_receive_notice(actor, notice):
        raise Refused("只有受文单位的填报员或审核人可以签收督办单")
    if notice.received_at is not None:
        raise Refused(f"{notice.number}已于{local(notice.received_at):%Y-%m-%d %H:%M}签收")
    notice.received_at, notice.received_by = clock.now(), actor
    notice.save(update_fields=["received_at", "received_by"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=notice.task,
        message=f"{notice.unit.name}签收{notice.get_level_display()}{notice.number}",
        scope=plan_status_scope(notice.task.plan_id),
    )
    return notice


@transaction.atomic
def notice_reply(*, actor: User, notice: SupervisionNotice, text: str) -> SupervisionNotice:
    """The unit answers a 督办单 (办理情况); answering signs for it too if it was not yet signed."""
    if not access.can_receive_notice(actor, notice):
        raise Refused("只有受文单位的填报员或审核人可以答复督办单")
    if not text.strip():
        raise Refused("请填写办理情况")
    now = clock.now()
    if notice.received_at is None:
        notice.received_at, notice.received_by = now, actor
    notice.reply, notice.replied_by, notice.replied_at = text.strip(), actor, now
    notice.save(update_fields=["received_at", "received_by", "reply", "replied_by", "replied_at"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=notice.task,
        message=f"{notice.unit.name}答复{notice.number}：{notice.reply}",
        scope=plan_status_scope(notice.task.plan_id),
    )
    return notice


@transaction.atomic
def interview_record(
    *, actor: User, task: Task, unit: Unit, held_on: dt.date, people: str, held_by: str, notes: str
) -> Interview:
    """约谈: the office records who was talked to, by whom, on which day, and what was said."""
    _office_only(actor, "登记约谈")
    if held_on > clock.today():
        raise Refused("约谈日期不能晚于今天")
    interview = Interview(
        task=task,
        unit=unit,
        held_on=held_on,
        people=people.strip(),
        held_by=held_by.strip(),
        notes=notes.strip(),
        recorded_by=actor,
        recorded_at=clock.now(),
    )
    interview.full_clean()
    interview.save()
    audit_record(
        actor=actor,
        action=Action.CREATE,
        obj=task,
        message=f"登记约谈：{interview.held_by}约谈{unit.name}{interview.people}（{cn_date(held_on)}）",
        scope=plan_status_scope(task.plan_id),
    )
    return interview

"""办结 → (阅示) → 销号 → 回头看 as a transition table: one atomic, audited function per step.

The lead unit files a 办结申请 with evidence; the office returns it or closes the item (销号, a
closing number and the date). An item from a leader's 批示 first goes to that leader (呈阅): he
marks it 已阅, or writes a new instruction that reopens the item as a new round of work.
A closed item is read-only; on its 回头看 date it comes back to the office, which confirms
the result still holds or reopens it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.freshness import plan_scope
from duban.common.refusals import Refused
from duban.core import clock
from duban.core.dates import cn_date
from duban.plans.models import Task
from duban.plans.services.tasks import task_closed_set, task_refuse_if_closed
from duban.reporting.services.attachments import upload_store_checked
from duban.supervision import access
from duban.supervision.choices import CloseRequestStatus, ItemState, RecheckState, SourceKind
from duban.supervision.models import CloseEvidence, CloseRequest, Lifecycle
from duban.supervision.services.numbers import number_next

R = CloseRequestStatus


class TransitionRefused(Refused):
    """The step is not open to this user, in this state, or with this content."""


@dataclass(frozen=True)
class Step:
    label: str
    sources: frozenset[CloseRequestStatus]
    target: CloseRequestStatus
    item_state: ItemState  # where the item goes with it


STEPS = {
    "return": Step("退回办结申请", frozenset({R.PENDING, R.READ}), R.RETURNED, ItemState.OPEN),
    "forward": Step("呈领导阅示", frozenset({R.PENDING}), R.LEADER_REVIEW, ItemState.LEADER_REVIEW),
    "read": Step("阅示（已阅）", frozenset({R.LEADER_REVIEW}), R.READ, ItemState.LEADER_READ),
    "instruct": Step("作出新批示", frozenset({R.LEADER_REVIEW}), R.REOPENED, ItemState.OPEN),
    "close": Step("销号", frozenset({R.PENDING, R.READ}), R.CLOSED, ItemState.CLOSED),
}


def lifecycle_of(task: Task) -> Lifecycle:
    lifecycle = Lifecycle.objects.filter(task=task).select_related("leader").first()
    if lifecycle is None:
        raise Refused("该任务尚未交办编号，不能办理办结")
    return lifecycle


@transaction.atomic
def close_request_file(
    *, actor: User, task: Task, text: str, files: Iterable[tuple[str, Iterable[bytes]]] = ()
) -> CloseRequest:
    """办结申请: the lead unit's closing report, with its evidence files."""
    lifecycle = lifecycle_of(task)
    if not access.can_request_close(actor, task):
        raise Refused("只有牵头单位的填报员或单位审核人可以提出办结申请")
    task_refuse_if_closed(task)
    if lifecycle.state != ItemState.OPEN:
        raise Refused(f"该事项当前为“{lifecycle.get_state_display()}”，不能再提出办结申请")
    if not text.strip():
        raise Refused("请填写办结情况：做了什么、达到了什么结果")
    assert actor.unit is not None  # can_request_close holds only for a user with a unit
    request = CloseRequest.objects.create(
        task=task,
        unit=actor.unit,
        work_round=lifecycle.work_round,
        text=text.strip(),
        requested_by=actor,
        requested_at=clock.now(),
    )
    names = [_evidence_add(request, name, chunks).file_name for name, chunks in files]
    _set_state(lifecycle, ItemState.CLOSE_REQUESTED)
    shown = f"，佐证材料：{'、'.join(names)}" if names else ""
    _audit(actor, task, f"{actor.display_name()}代表{actor.unit.name}提出办结申请{shown}")
    return request


def _evidence_add(request: CloseRequest, file_name: str, chunks: Iterable[bytes]) -> CloseEvidence:
    stored = upload_store_checked(chunks=chunks, file_name=file_name, area="evidence")
    return CloseEvidence.objects.create(
        request=request,
        file_name=stored.file_name,
        stored_path=stored.stored_path,
        sha256=stored.sha256,
        size=stored.size,
        content_type=stored.content_type,
    )


@transaction.atomic
def close_request_decide(
    *, actor: User, request: CloseRequest, step: str, note: str = "", recheck_on: dt.date | None = None
) -> CloseRequest:
    """One step on a 办结申请 (退回, 呈阅, 阅示, 新批示, 销号), or a refusal saying why not."""
    move = STEPS.get(step)
    if move is None:
        raise TransitionRefused(f"未知操作：{step}")
    lifecycle = lifecycle_of(request.task)
    _check(actor, request, lifecycle, step, move, note, recheck_on)
    now = clock.now()
    request.status = move.target
    if step in ("read", "instruct"):
        request.leader_by, request.leader_at, request.leader_note = actor, now, note.strip()
    elif step == "forward":
        request.forwarded_at, request.forwarded_by = now, actor
    else:
        request.decided_by, request.decided_at = actor, now
        request.decision_note = note.strip() or request.decision_note
    request.save()
    message = f"{actor.display_name()}{move.label}" + (f"：{note.strip()}" if note.strip() else "")
    if step == "close":
        message += _close(actor, lifecycle, recheck_on)
    if step == "instruct":
        lifecycle.work_round += 1
        message += f"（转入第{lifecycle.work_round}轮办理）"
    _set_state(lifecycle, move.item_state)
    _audit(actor, request.task, message)
    return request


def _check(
    actor: User,
    request: CloseRequest,
    lifecycle: Lifecycle,
    step: str,
    move: Step,
    note: str,
    recheck_on: dt.date | None,
) -> None:
    leader_step = step in ("read", "instruct")
    if leader_step and not access.is_instructing_leader(actor, lifecycle):
        raise TransitionRefused(f"只有批示领导可以{move.label}")
    if not leader_step and not access.is_office(actor):
        raise TransitionRefused(f"只有督办员可以{move.label}")
    task_refuse_if_closed(request.task)
    if request.status not in move.sources:
        raise TransitionRefused(f"办结申请当前为“{request.get_status_display()}”，不能{move.label}")
    if step in ("return", "instruct") and not note.strip():
        raise TransitionRefused("退回时请写明理由" if step == "return" else "请写下新的批示内容")
    needs_leader = lifecycle.source == SourceKind.INSTRUCTION and lifecycle.leader_id is not None
    if step == "forward" and not needs_leader:
        raise TransitionRefused("该事项没有批示领导，无需呈阅，可直接销号")
    if step == "close" and needs_leader and request.status != R.READ:
        raise TransitionRefused("批示件须先呈批示领导阅示，领导已阅后才能销号")
    if step == "close" and recheck_on is not None and recheck_on <= clock.today():
        raise TransitionRefused("回头看日期应晚于今天")


def _close(actor: User, lifecycle: Lifecycle, recheck_on: dt.date | None) -> str:
    today = clock.today()
    lifecycle.closing_number = number_next(source=SourceKind.CLOSING, year=today.year)
    lifecycle.closed_on, lifecycle.closed_by = today, actor
    lifecycle.recheck_on = recheck_on
    lifecycle.recheck_state = RecheckState.SCHEDULED if recheck_on else RecheckState.NONE
    task_closed_set(task=lifecycle.task, closed_on=today)
    recheck = f"，{cn_date(recheck_on)}回头看" if recheck_on else ""
    return f"（销号编号{lifecycle.closing_number}，{cn_date(today)}{recheck}）"


def _set_state(lifecycle: Lifecycle, state: ItemState) -> None:
    lifecycle.state = state
    lifecycle.save()


def _audit(actor: User | None, task: Task, message: str) -> None:
    audit_record(actor=actor, action=Action.UPDATE, obj=task, message=message, scope=plan_scope(task.plan_id))


def rechecks_come_due(*, today: dt.date) -> list[Lifecycle]:
    """The daily job: closed items whose 回头看 day has come go to the office's 回头看 list."""
    due = list(
        Lifecycle.objects.filter(
            state=ItemState.CLOSED, recheck_state=RecheckState.SCHEDULED, recheck_on__lte=today
        ).select_related("task")
    )
    for lifecycle in due:
        with transaction.atomic():
            lifecycle.recheck_state = RecheckState.DUE
            lifecycle.save(update_fields=["recheck_state"])
            _audit(
                None,
                lifecycle.task,
                f"回头看日期{cn_date(lifecycle.recheck_on or today)}已到，转督办员回头看",
            )
    return due


@transaction.atomic
def recheck_decide(*, actor: User, lifecycle: Lifecycle, hold: bool, note: str = "") -> Lifecycle:
    """回头看: the office confirms the result holds, or reopens the item as a new round of work."""
    if not access.is_office(actor):
        raise Refused("只有督办员可以回头看")
    if lifecycle.recheck_state != RecheckState.DUE:
        raise Refused("该事项没有到期的回头看")
    if not hold and not note.strip():
        raise Refused("重新办理时请写明原因")
    task = lifecycle.task
    if hold:
        lifecycle.recheck_state = RecheckState.HELD
        message = f"{actor.display_name()}回头看：成效巩固，维持销号"
    else:
        lifecycle.recheck_state, lifecycle.state = RecheckState.REOPENED, ItemState.OPEN
        lifecycle.work_round += 1
        task_closed_set(task=task, closed_on=None)
        message = f"{actor.display_name()}回头看后重新办理（第{lifecycle.work_round}轮）"
    lifecycle.save()
    _audit(actor, task, message + (f"：{note.strip()}" if note.strip() else ""))
    return lifecycle

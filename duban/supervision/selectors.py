"""Reads of the 督办件 lifecycle: lists for the office and the units, and an item's history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet

from duban.accounts.models import User
from duban.common.roles import Role
from duban.core import clock
from duban.core.dates import cn_date
from duban.core.escalation import RoundLight, Rung, lagging_run, lagging_text, rung_for
from duban.plans.choices import UnitRole
from duban.plans.models import Task, TaskUnit
from duban.reporting.choices import RoundStatus
from duban.reporting.models import AdhocAssignment, ReportingRound, ReportVersion
from duban.reporting.selectors import round_lights
from duban.supervision import access
from duban.supervision.choices import (
    DEFAULT_LADDER,
    CloseRequestStatus,
    ItemState,
    NoticeLevel,
    RecheckState,
)
from duban.supervision.models import (
    Acknowledgement,
    CloseRequest,
    EscalationRung,
    Interview,
    Lifecycle,
    SupervisionNotice,
)
from duban.units.models import Unit, UnitAlias
from duban.workdays.selectors import work_calendar


def local(at: dt.datetime) -> dt.datetime:
    """A stored instant on the office's wall clock."""
    return at.astimezone(clock.OFFICE_ZONE)


def unsigned_for_unit(unit: Unit | int) -> QuerySet[Acknowledgement]:
    """待签收: the unit's items not yet signed (for the unit's list and the inbox)."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    return (
        Acknowledgement.objects.filter(
            unit_id=unit_id, acknowledged_at__isnull=True, task__closed_on__isnull=True
        )
        .select_related("task__plan", "unit")
        .order_by("issued_at")
    )


@dataclass(frozen=True)
class UnsignedRow:
    ack: Acknowledgement
    workdays: int  # working days since 交办


def overdue_unsigned(*, today: dt.date | None = None) -> list[UnsignedRow]:
    """未签收: items a unit has not signed within DUBAN_ACK_WORKDAYS working days, longest first."""
    today = today or clock.today()
    calendar, limit = work_calendar(), settings.DUBAN_ACK_WORKDAYS
    pending = Acknowledgement.objects.filter(acknowledged_at__isnull=True, task__closed_on__isnull=True)
    rows = [
        UnsignedRow(ack, calendar.workdays_between(local(ack.issued_at).date(), today))
        for ack in pending.select_related("task__plan", "unit").order_by("issued_at")
    ]
    return [row for row in rows if row.workdays > limit]


def ack_on_time_rate(unit_id: int, *, year: int) -> tuple[int, int]:
    """签收及时率 of a unit for items issued in the year: (signed within the limit, items)."""
    calendar, limit = work_calendar(), settings.DUBAN_ACK_WORKDAYS
    acks = Acknowledgement.objects.filter(unit_id=unit_id, issued_at__year=year)
    on_time = sum(
        ack.acknowledged_at is not None
        and calendar.workdays_between(local(ack.issued_at).date(), local(ack.acknowledged_at).date()) <= limit
        for ack in acks
    )
    return on_time, acks.count()


def close_requests_waiting(*, leader_id: int | None = None) -> QuerySet[CloseRequest]:
    """办结申请 waiting for the office (待审核, 领导已阅), or for one leader's 阅示."""
    found = CloseRequest.objects.select_related("task__plan", "unit", "requested_by")
    if leader_id is not None:
        return found.filter(status=CloseRequestStatus.LEADER_REVIEW, task__lifecycle__leader_id=leader_id)
    return found.filter(status__in=[CloseRequestStatus.PENDING, CloseRequestStatus.READ])


def rechecks_due() -> QuerySet[Lifecycle]:
    return Lifecycle.objects.filter(recheck_state=RecheckState.DUE).select_related("task__plan")


def closed_in_year(year: int) -> QuerySet[Lifecycle]:
    return (
        Lifecycle.objects.filter(state=ItemState.CLOSED, closed_on__year=year)
        .select_related("task__plan", "leader", "closed_by")
        .order_by("closed_on", "closing_number")
    )


@dataclass(frozen=True)
class HistoryLine:
    at: dt.datetime
    actor: str  # a person's name
    text: str


def _name(user: object) -> str:
    display = getattr(user, "display_name", None)
    return display() if callable(display) else "系统"


def item_history(task: Task) -> list[HistoryLine]:
    """交办, 签收, reports, 办结申请, 阅示 and 销号 of the item, in time order."""
    lines: list[HistoryLine] = []
    lifecycle = Lifecycle.objects.filter(task=task).select_related("issued_by").first()
    if lifecycle is not None:
        lines.append(
            HistoryLine(lifecycle.issued_at, _name(lifecycle.issued_by), f"交办，督办编号{task.number}")
        )
    for ack in task.acknowledgements.filter(acknowledged_at__isnull=False).select_related(
        "unit", "acknowledged_by"
    ):
        assert ack.acknowledged_at is not None
        lines.append(HistoryLine(ack.acknowledged_at, _name(ack.acknowledged_by), f"{ack.unit.name}签收"))
    versions = ReportVersion.objects.filter(report__task=task).select_related("report__round", "actor")
    for version in versions.exclude(action__in=("save", "roll_up")):  # roll_up: 二次分解 text added
        label = f"{version.report.round.label}填报：{version.get_status_display()}"
        detail = f"。{version.progress}" if version.action == "submit" else ""
        comment = f"（意见：{version.comment}）" if version.comment else ""
        lines.append(HistoryLine(version.at, _name(version.actor), label + detail + comment))
    closing = lifecycle.closing_number if lifecycle is not None else ""
    related = ("unit", "requested_by", "forwarded_by", "decided_by", "leader_by")
    for request in task.close_requests.select_related(*related):
        lines += _close_lines(request, closing)
    return sorted(lines, key=lambda line: line.at)


def _close_lines(request: CloseRequest, closing_number: str) -> list[HistoryLine]:
    text = f"{request.unit.name}办结申请：{request.text}"
    lines = [HistoryLine(request.requested_at, _name(request.requested_by), text)]
    if request.forwarded_at is not None:
        lines.append(HistoryLine(request.forwarded_at, _name(request.forwarded_by), "呈批示领导阅示"))
    if request.leader_at is not None:
        verb = "新批示" if request.status == CloseRequestStatus.REOPENED else "阅示：已阅"
        note = f"：{request.leader_note}" if request.leader_note else ""
        lines.append(HistoryLine(request.leader_at, _name(request.leader_by), verb + note))
    if request.decided_at is not None:
        if request.status == CloseRequestStatus.CLOSED:
            done = f"销号，销号编号{closing_number}"
        else:
            done = request.get_status_display() + (
                f"：{request.decision_note}" if request.decision_note else ""
            )
        lines.append(HistoryLine(request.decided_at, _name(request.decided_by), done))
    return lines


@dataclass(frozen=True)
class TaskPanel:
    """What the task page shows of the item's lifecycle, and which buttons this reader gets."""

    lifecycle: Lifecycle | None
    acks: list[Acknowledgement]
    requests: list[CloseRequest]
    own_ack: Acknowledgement | None  # this reader's unit's receipt, still unsigned
    may_request_close: bool
    is_office: bool
    is_leader: bool
    source: AdhocAssignment | None = None  # the 文号 and document a 交办 item came from


def task_panel(task: Task, user: User) -> TaskPanel:
    lifecycle = Lifecycle.objects.filter(task=task).select_related("leader", "closed_by").first()
    acks = list(task.acknowledgements.select_related("unit", "acknowledged_by"))
    own = next((a for a in acks if a.unit_id == user.unit_id and a.acknowledged_at is None), None)
    requests = list(
        task.close_requests.select_related(
            "unit", "requested_by", "leader_by", "decided_by"
        ).prefetch_related("evidence")
    )
    open_ = lifecycle is not None and lifecycle.state == ItemState.OPEN
    return TaskPanel(
        lifecycle=lifecycle,
        acks=acks,
        requests=requests,
        own_ack=own if own is not None and access.can_acknowledge(user, own) else None,
        may_request_close=open_ and access.can_request_close(user, task),
        is_office=access.is_office(user),
        is_leader=access.is_instructing_leader(user, lifecycle),
        source=item_source(task),
    )


@dataclass(frozen=True)
class LateAcknowledgement:
    """A receipt signed after the limit, or still unsigned past it (the assessment's 签收及时率)."""

    task_id: int
    unit_id: int
    day: dt.date  # the day it was signed, or the day the limit passed
    note: str


def late_acknowledgements(*, start: dt.date, end: dt.date, as_of: dt.date) -> list[LateAcknowledgement]:
    """Receipts for items issued between start and end that missed DUBAN_ACK_WORKDAYS working days."""
    calendar, limit = work_calendar(), settings.DUBAN_ACK_WORKDAYS
    rows = Acknowledgement.objects.filter(issued_at__date__range=(start, end)).values_list(
        "task_id", "unit_id", "issued_at", "acknowledged_at"
    )
    late = []
    for task_id, unit_id, issued_at, signed_at in rows:
        issued = local(issued_at).date()
        due = calendar.add_workdays(issued, limit)
        signed = local(signed_at).date() if signed_at else None
        if signed is not None and due < signed <= as_of:
            note = f"交办于{cn_date(issued)}，{cn_date(signed)}才签收（应在{limit}个工作日内）"
            late.append(LateAcknowledgement(task_id, unit_id, signed, note))
        elif (signed is None or signed > as_of) and due < as_of:
            note = f"交办于{cn_date(issued)}，超过{limit}个工作日未签收"
            late.append(LateAcknowledgement(task_id, unit_id, due, note))
    return late


# 三色督办: the ladder, what it calls for when a round closes, and the notices issued.


def ladder_rows() -> dict[str, EscalationRung]:
    """Each colour's rung as the office set it, or the usual default where it set none (unsaved)."""
    saved = {r.level: r for r in EscalationRung.objects.all()}
    defaults = {
        level: EscalationRung(
            level=level, rounds=rounds, reply_workdays=days, flagged=flagged, requirement=requirement
        )
        for level, rounds, days, flagged, requirement in DEFAULT_LADDER
    }
    return defaults | saved


def ladder_rungs() -> list[Rung]:
    """The office's ladder, mildest rung first."""
    rows = sorted(ladder_rows().values(), key=lambda r: r.rounds)
    return [Rung(r.level, r.get_level_display(), r.rounds, r.reply_workdays, r.flagged) for r in rows]


@dataclass(frozen=True)
class NoticeProposal:
    """A 督办单 the ladder calls for: this task's run of lagging rounds reached this rung."""

    task: Task
    unit: Unit
    rung: Rung
    run: list[RoundLight]
    problem: str

    @property
    def key(self) -> str:
        return f"{self.task.pk}-{self.unit.pk}"


def task_runs(round_: ReportingRound, tasks: list[Task], depth: int) -> dict[int, list[RoundLight]]:
    """Each task's lagging rounds in a row ending with this (closed) round, looking back ``depth`` rounds."""
    rounds = list(
        ReportingRound.objects.filter(
            plan_id=round_.plan_id, status=RoundStatus.CLOSED, due_date__lte=round_.due_date
        ).order_by("-due_date")[:depth]
    )
    lights = round_lights(rounds, tasks)
    runs = {}
    for task in tasks:
        history = [
            RoundLight(r.label, r.due_date, lights[r.pk, task.pk])
            for r in rounds
            if (r.pk, task.pk) in lights
        ]
        if history and history[0].due == round_.due_date:  # lagging in this very round
            runs[task.pk] = lagging_run(history)
    return runs


def notice_proposals(round_: ReportingRound) -> list[NoticeProposal]:
    """The notices the ladder calls for as this round closes: one per lagging task and lead unit,
    leaving out items already closed and notices already issued for this round and rung."""
    ladder = ladder_rungs()
    if round_.status != RoundStatus.CLOSED or not ladder:
        return []
    tasks = list(
        Task.objects.filter(plan_id=round_.plan_id)
        .exclude(lifecycle__state=ItemState.CLOSED)
        .select_related("plan")
        .order_by("position")
    )
    runs = task_runs(round_, tasks, max(r.rounds for r in ladder))
    issued = set(SupervisionNotice.objects.filter(round=round_).values_list("task_id", "unit_id", "level"))
    leads = _lead_units([t for t in tasks if t.pk in runs])
    proposals = []
    for task in tasks:
        run = runs.get(task.pk, [])
        rung = rung_for(len(run), ladder)
        if rung is None:
            continue
        for unit in leads.get(task.pk, []):
            if (task.pk, unit.pk, rung.level) not in issued:
                proposals.append(NoticeProposal(task, unit, rung, run, lagging_text(run)))
    return proposals


def _lead_units(tasks: list[Task]) -> dict[int, list[Unit]]:
    """Each task's lead units, named directly or through a group (the 督办单 goes to the lead)."""
    named = TaskUnit.objects.filter(task__in=tasks, role=UnitRole.LEAD).values_list(
        "task_id", "unit_id", "group__members"
    )
    ids: dict[int, set[int]] = {}
    for task_id, unit_id, member_id in named:
        ids.setdefault(task_id, set()).update(i for i in (unit_id, member_id) if i is not None)
    units = Unit.objects.in_bulk({i for found in ids.values() for i in found})
    return {
        task_id: sorted((units[i] for i in found), key=lambda u: u.name) for task_id, found in ids.items()
    }


def task_lead_units(task: Task) -> list[Unit]:
    return _lead_units([task]).get(task.pk, [])


def notices_for_unit(unit_id: int) -> list[SupervisionNotice]:
    """A unit's 督办单, those it has not signed for first, newest first within each."""
    notices = SupervisionNotice.objects.filter(unit_id=unit_id).select_related("task__plan", "received_by")
    return sorted(notices, key=lambda n: (n.received_at is not None, -n.issued_at.timestamp()))


def unread_notices(unit_id: int) -> QuerySet[SupervisionNotice]:
    """督办单 sent to the unit and not yet signed for (the inbox's 收到督办单)."""
    return SupervisionNotice.objects.filter(unit_id=unit_id, received_at__isnull=True).select_related(
        "task__plan", "unit"
    )


def flagged_tasks() -> QuerySet[Task]:
    """挂牌督办 items: a notice on a flagging rung was issued and the item is not yet 销号 (摘牌)."""
    return Task.objects.filter(notices__flagged=True).exclude(lifecycle__state=ItemState.CLOSED).distinct()


def flagged_task_ids(task_ids: list[int]) -> set[int]:
    return set(flagged_tasks().filter(pk__in=task_ids).values_list("pk", flat=True))


@dataclass(frozen=True)
class EscalationPanel:
    """The task page's 督办单 and 约谈 section, and which forms this reader gets."""

    notices: list[SupervisionNotice]
    interviews: list[Interview]
    flagged: bool
    proposal: NoticeProposal | None  # what the ladder calls for now, for the office's form
    lead_units: list[Unit]
    is_office: bool
    own_unit_id: int | None  # a unit user who may sign for and answer notices sent to his unit
    levels: list[tuple[str, str]] = field(default_factory=lambda: list(NoticeLevel.choices))


def escalation_panel(task: Task, user: User) -> EscalationPanel:
    notices = list(
        access.notices_visible_to(user)
        .filter(task=task)
        .select_related("unit", "issued_by", "received_by", "replied_by")
    )
    office = access.is_office(user)
    return EscalationPanel(
        notices=notices,
        interviews=list(task.interviews.select_related("unit", "recorded_by")),
        flagged=bool(flagged_task_ids([task.pk])),
        proposal=task_proposal(task) if office else None,
        lead_units=task_lead_units(task) if office else [],
        is_office=office,
        own_unit_id=user.unit_id if user.role in (Role.REPORTER, Role.UNIT_REVIEWER) else None,
    )


def latest_closed_round(plan_id: int) -> ReportingRound | None:
    """The round a notice issued from the task page answers to: the plan's latest closed one."""
    return (
        ReportingRound.objects.filter(plan_id=plan_id, status=RoundStatus.CLOSED)
        .order_by("-due_date")
        .first()
    )


def task_proposal(task: Task) -> NoticeProposal | None:
    """What the ladder calls for on this task after its plan's latest closed round, if anything."""
    latest = latest_closed_round(task.plan_id)
    if latest is None:
        return None
    return next((p for p in notice_proposals(latest) if p.task.pk == task.pk), None)


def notices_copied_to(user_id: int) -> QuerySet[SupervisionNotice]:
    """挂牌 notices copied to this leader whose item is not yet 销号 (the leader's inbox)."""
    return (
        SupervisionNotice.objects.filter(copied_users=user_id)
        .exclude(task__lifecycle__state=ItemState.CLOSED)
        .select_related("task", "unit")
    )


def unit_directory() -> dict[str, str]:
    """Every unit's name and alias → the unit's name, for matching the units a 纪要 names."""
    names = {name: name for name in Unit.objects.values_list("name", flat=True)}
    return names | dict(UnitAlias.objects.values_list("name", "unit__name"))


def items_from_document(stored_path: str) -> QuerySet[Task]:
    """The items 交办ed from one stored 纪要 or 批示, in the order they were numbered."""
    tasks = Task.objects.filter(adhoc__document_path=stored_path) if stored_path else Task.objects.none()
    return tasks.order_by("pk")


def item_source(task: Task) -> AdhocAssignment | None:
    """Where a 交办 item came from: its 文号 and the document it was read from."""
    return AdhocAssignment.objects.filter(task=task).first()

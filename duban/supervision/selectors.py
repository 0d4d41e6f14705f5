"""Reads of the 督办件 lifecycle: lists for the office and the units, and an item's history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from duban.accounts.models import User
from duban.core import clock
from duban.core.dates import cn_date
from duban.plans.models import Task
from duban.reporting.models import AdhocAssignment, ReportVersion
from duban.supervision import access
from duban.supervision.choices import CloseRequestStatus, ItemState, RecheckState
from duban.supervision.models import Acknowledgement, CloseRequest, Lifecycle
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
    for version in versions.exclude(action="save"):
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

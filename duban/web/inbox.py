"""待办: what waits for this person now, on every role's home page and as a badge in the navigation.

The inbox is a list of entry providers. Each provider names its label, the roles it is for,
how to count what waits (one query, whatever the amount of data) and where the count links:
its own list page, or the generic list ``/inbox/<key>/`` built from its ``items``. To add an
entry (未签收 items, 需协调事项 …), append one ``Provider`` to ``PROVIDERS``.

Pages read the inbox through the ``inbox`` context variable (``inbox_context``), which counts
nothing until a template asks, so pages that do not show it pay nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.urls import reverse

from duban.accounts.models import User
from duban.common.memo import until_next_write
from duban.common.replica import lagging_reads
from duban.common.roles import Role
from duban.core import clock
from duban.core.dates import cn_date
from duban.dashboards.selectors import DASHBOARD_TOLERANCE_SECONDS, RED, leader_portfolio
from duban.plans.models import SubTask
from duban.reporting.breakdown import subtasks_to_file
from duban.reporting.choices import Channel, ExtensionStatus, ReportStatus, RoundStatus
from duban.reporting.models import DeadlineExtension, ProgressReport, Reminder, ReportVersion
from duban.reporting.selectors import (
    coordinations_waiting_count,
    instructions_answered,
    instructions_awaiting,
)
from duban.supervision.selectors import (
    close_requests_waiting,
    notices_copied_to,
    overdue_unsigned,
    rechecks_due,
    unread_notices,
    unsigned_for_unit,
)
from duban.verification.access import findings_visible_to
from duban.verification.choices import FindingState, ReplyDecision
from duban.verification.models import Finding, FindingReply

# How long a 催办 stays in the 填报员's inbox.
REMINDER_DAYS = 7


@dataclass(frozen=True)
class InboxItem:
    """One line of an entry's list: what it is, a detail (a reason, a unit), where to act on it."""

    title: str
    detail: str
    url: str


@dataclass(frozen=True)
class Provider:
    key: str
    label: str
    roles: frozenset[Role]
    count: Callable[[User], int]
    items: Callable[[User], list[InboxItem]] | None = None
    url: Callable[[User], str] | None = None  # its own list page; else the generic list

    def link(self, user: User) -> str:
        return self.url(user) if self.url else reverse("web:inbox_list", args=[self.key])


@dataclass(frozen=True)
class InboxEntry:
    key: str
    label: str
    count: int
    url: str


# ------------------------------------------------------------------ what each role waits for


def _open_reports(user: User, status: ReportStatus) -> QuerySet[ProgressReport]:
    reports = ProgressReport.objects.filter(status=status, round__status=RoundStatus.OPEN)
    if user.role == Role.SUPERVISOR:
        return reports
    return reports.filter(unit_id=user.unit_id) if user.unit_id else reports.none()


def _report_items(
    reports: QuerySet[ProgressReport], detail: Callable[[ProgressReport], str]
) -> list[InboxItem]:
    rows = reports.select_related("task", "round", "unit").order_by("round__due_date", "task__position")
    return [
        InboxItem(
            f"{r.round.label} 第{r.task.seq}项 {r.task.title}",
            detail(r),
            reverse("reporting:report", args=[r.pk]),
        )
        for r in rows
    ]


def _subtask_items(subtasks: QuerySet[SubTask]) -> list[InboxItem]:
    rows = subtasks.select_related("task", "owner").order_by("pk")
    return [
        InboxItem(s.title, f"{s.owner.name}分解：{s.task.title}", reverse("reporting:subtask", args=[s.pk]))
        for s in rows
    ]


def _to_review(user: User) -> QuerySet[ProgressReport]:
    return _open_reports(user, ReportStatus.SUBMITTED)


def _to_sign_off(user: User) -> QuerySet[ProgressReport]:
    return _open_reports(user, ReportStatus.UNIT_REVIEW)


def _to_file(user: User) -> QuerySet[ProgressReport]:
    return _open_reports(user, ReportStatus.DRAFT)


def _returned(user: User) -> QuerySet[ProgressReport]:
    return _open_reports(user, ReportStatus.RETURNED)


def _returned_items(user: User) -> list[InboxItem]:
    reports = _returned(user)
    reasons = dict(
        ReportVersion.objects.filter(report__in=reports, action__in=("return", "unit_return"))
        .order_by("report_id", "version")
        .values_list("report_id", "comment")
    )  # the latest return of each report wins
    return _report_items(reports, lambda r: f"退回理由：{reasons.get(r.pk, '') or '（未写明）'}")


def _reminders(user: User) -> QuerySet[Reminder]:
    since = clock.today() - timedelta(days=REMINDER_DAYS)
    if not user.unit_id:
        return Reminder.objects.none()
    return Reminder.objects.filter(unit_id=user.unit_id, channel=Channel.SITE, day__gte=since)


def _reminder_items(user: User) -> list[InboxItem]:
    return [
        InboxItem(
            f"{cn_date(r.day)} {r.get_kind_display()}",
            r.text,
            reverse("plans:task", args=[r.task_id]) if r.task_id else reverse("reporting:mine"),
        )
        for r in _reminders(user).order_by("-at")
    ]


def _findings_to_answer(user: User) -> QuerySet[Finding]:
    return (
        findings_visible_to(user)
        .filter(
            state__in=(FindingState.OPEN, FindingState.REVIEWED),
            task__isnull=False,
        )
        .exclude(Exists(FindingReply.objects.filter(finding=OuterRef("pk"))))
    )


def _extensions(user: User) -> QuerySet[DeadlineExtension]:
    return DeadlineExtension.objects.filter(status=ExtensionStatus.PENDING)


def _extension_items(user: User) -> list[InboxItem]:
    rows = _extensions(user).select_related("task", "unit").order_by("requested_at")
    return [
        InboxItem(
            f"第{e.task.seq}项 {e.task.title}",
            f"{e.unit.name}申请延至{cn_date(e.new_deadline)}：{e.reason}",
            reverse("plans:task", args=[e.task_id]),
        )
        for e in rows
    ]


def _open_findings(user: User) -> QuerySet[Finding]:
    return Finding.objects.filter(state=FindingState.OPEN)


def _finding_items(user: User) -> list[InboxItem]:
    rows = _open_findings(user).select_related("task").order_by("plan_id", "id")
    return [
        InboxItem(
            f"{f.section} 第{f.seq}项（{f.check_name}）",
            f.message,
            reverse("plans:task", args=[f.task_id])
            if f.task_id
            else reverse("verification:plan", args=[f.plan_id]),
        )
        for f in rows
    ]


def _red_tasks(user: User) -> list[InboxItem]:
    """The red items of the leader's own portfolio (the tasks he is linked to as their leader),
    kept as the portfolio on his dashboard is: up to DASHBOARD_TOLERANCE_SECONDS across writes."""
    today = clock.today()

    def red() -> list[InboxItem]:
        # The same lights as the leaders' dashboard, read where it reads them (the replica, if any).
        with lagging_reads():
            rows = leader_portfolio(user, today=today)
        return [
            InboxItem(
                f"第{row.task.seq}项 {row.task.title}",
                row.light.label,
                reverse("plans:task", args=[row.task.pk]),
            )
            for row in rows
            if row.light.light in RED
        ]

    key = f"portfolio-red:{user.pk}:{today}"
    return until_next_write(key, red, tolerate_seconds=DASHBOARD_TOLERANCE_SECONDS).value


def _answered_lately(user: User) -> int:
    return instructions_answered(user, since=clock.today() - timedelta(days=REMINDER_DAYS)).count()


def _to_sign(user: User) -> int:
    return unsigned_for_unit(user.unit_id).count() if user.unit_id else 0


def _unread_notices(user: User) -> int:
    return unread_notices(user.unit_id).count() if user.unit_id else 0


def _copied_items(user: User) -> list[InboxItem]:
    return [
        InboxItem(
            f"{n.number} {n.task.title}",
            f"{n.get_level_display()}，主送{n.unit.name}，{cn_date(n.due_on)}前办复",
            reverse("plans:task", args=[n.task_id]),
        )
        for n in notices_copied_to(user.pk)
    ]


OFFICE = frozenset({Role.SUPERVISOR})
REPORTER = frozenset({Role.REPORTER})
REVIEWER = frozenset({Role.UNIT_REVIEWER})
UNIT = frozenset({Role.REPORTER, Role.UNIT_REVIEWER})
LEADER = frozenset({Role.LEADER})

PROVIDERS: list[Provider] = [
    Provider(
        "review",
        "待审核的填报",
        OFFICE,
        lambda u: _to_review(u).count(),
        lambda u: _report_items(_to_review(u), lambda r: f"{r.unit.name if r.unit else ''} 提交"),
    ),
    Provider(
        "replies",
        "待裁定的申辩",
        OFFICE,
        lambda u: FindingReply.objects.filter(decision=ReplyDecision.PENDING).count(),
        url=lambda u: reverse("verification:replies"),
    ),
    Provider("extensions", "待审批的延期申请", OFFICE, lambda u: _extensions(u).count(), _extension_items),
    Provider(
        "unsigned",
        "超期未签收的督办件",
        OFFICE,
        lambda u: len(overdue_unsigned()),
        url=lambda u: reverse("supervision:office"),
    ),
    Provider(
        "close_requests",
        "待销号的办结申请",
        OFFICE,
        lambda u: close_requests_waiting().count(),
        url=lambda u: reverse("supervision:office"),
    ),
    Provider(
        "rechecks",
        "到期的回头看",
        OFFICE,
        lambda u: rechecks_due().count(),
        url=lambda u: reverse("supervision:office"),
    ),
    Provider(
        "coordinations",
        "待协调的事项",
        OFFICE | LEADER,
        coordinations_waiting_count,
        url=lambda u: reverse("reporting:coordinations"),
    ),
    Provider(
        "instructions",
        "批示待答复",
        OFFICE,
        lambda u: instructions_awaiting(u).count(),
        url=lambda u: reverse("reporting:instructions"),
    ),
    Provider("findings", "待核实的核查发现", OFFICE, lambda u: _open_findings(u).count(), _finding_items),
    Provider(
        "sign_off",
        "待本单位审核的填报",
        REVIEWER,
        lambda u: _to_sign_off(u).count(),
        lambda u: _report_items(
            _to_sign_off(u), lambda r: f"{r.updated_by.display_name() if r.updated_by else ''} 提交"
        ),
    ),
    Provider(
        "to_file",
        "待填报的事项",
        REPORTER,
        lambda u: _to_file(u).count(),
        lambda u: _report_items(_to_file(u), lambda r: f"截止{cn_date(r.round.due_date)}"),
    ),
    Provider("returned", "被退回的填报", REPORTER, lambda u: _returned(u).count(), _returned_items),
    Provider(
        "subtasks",
        "待填报的分解任务",
        REPORTER,
        lambda u: subtasks_to_file(u).count(),
        lambda u: _subtask_items(subtasks_to_file(u)),
    ),
    Provider(
        "reminders", f"近{REMINDER_DAYS}日收到的催办", UNIT, lambda u: _reminders(u).count(), _reminder_items
    ),
    Provider(
        "answer",
        "待答复的核查发现",
        UNIT,
        lambda u: _findings_to_answer(u).count(),
        url=lambda u: reverse("verification:mine"),
    ),
    Provider("to_sign", "待签收的督办件", UNIT, _to_sign, url=lambda u: reverse("supervision:to_sign")),
    Provider("notices", "收到的督办单", UNIT, _unread_notices, url=lambda u: reverse("supervision:notices")),
    Provider(
        "leader_review",
        "待阅示的办结报告",
        LEADER,
        lambda u: close_requests_waiting(leader_id=u.pk).count(),
        url=lambda u: reverse("supervision:office"),
    ),
    Provider("red", "我分管的红灯事项", LEADER, lambda u: len(_red_tasks(u)), _red_tasks),
    Provider(
        "copied_notices", "抄送的挂牌督办单", LEADER, lambda u: notices_copied_to(u.pk).count(), _copied_items
    ),
    Provider(
        "instructions_answered",
        f"近{REMINDER_DAYS}日答复的批示",
        LEADER,
        _answered_lately,
        url=lambda u: reverse("reporting:instructions"),
    ),
]


# ------------------------------------------------------------------ reading the inbox


def providers_for(user: User) -> list[Provider]:
    return [p for p in PROVIDERS if user.role in p.roles]


def provider(user: User, key: str) -> Provider | None:
    return next((p for p in providers_for(user) if p.key == key), None)


@dataclass
class Inbox:
    """One user's inbox, counted on first use."""

    user: User

    @cached_property
    def entries(self) -> list[InboxEntry]:
        return [
            InboxEntry(p.key, p.label, p.count(self.user), p.link(self.user))
            for p in providers_for(self.user)
        ]

    @cached_property
    def total(self) -> int:
        return sum(entry.count for entry in self.entries)

    @property
    def shown(self) -> bool:
        return bool(providers_for(self.user))


def inbox_context(request: HttpRequest) -> dict[str, Inbox]:
    """The context processor: ``inbox`` for signed-in users, counted only if a page shows it."""
    user = getattr(request, "user", None)
    if isinstance(user, User) and user.is_authenticated:
        return {"inbox": Inbox(user)}
    return {}

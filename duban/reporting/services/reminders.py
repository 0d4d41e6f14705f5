"""催办: find what is due or late, and tell each unit once a day — not once per task.

A Reminder row is written before sending; the unique constraint on (unit, channel,
day) for digests means a second worker, or a second run the same day, sends nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.freshness import plan_status_scope
from duban.common.refusals import Refused
from duban.common.roles import Role
from duban.core.dates import cn_date
from duban.core.lights import days_late
from duban.core.workdays import WorkCalendar
from duban.plans.choices import TaskStatus, UnitRole
from duban.plans.models import Task
from duban.plans.services.tasks import task_refuse_if_closed
from duban.reporting.choices import Channel, ReminderKind, ReportStatus, RoundStatus
from duban.reporting.models import ProgressReport, Reminder
from duban.units.models import Unit
from duban.workdays.selectors import counting_calendar

log = logging.getLogger(__name__)
WEBHOOK_TIMEOUT = 10


@dataclass
class Digest:
    unit: Unit
    lines: list[str] = field(default_factory=list)
    task_ids: list[int] = field(default_factory=list)

    def add(self, task: Task, reason: str) -> None:
        if task.pk not in self.task_ids:
            self.task_ids.append(task.pk)
            number = f"（{task.number}）" if task.number else ""
            self.lines.append(f"- {task.plan.title} 第{task.seq}项{number}“{task.title[:40]}”：{reason}")

    def text(self, day: dt.date) -> str:
        head = f"【督办提醒】{self.unit.name}：截至{cn_date(day)}，以下{len(self.lines)}项需要办理："
        return "\n".join([head, *self.lines, "请登录重点工作督查督办平台办理。"])


def digests_due(*, today: dt.date) -> list[Digest]:
    """One digest per unit: reports due within the window and not submitted, and overdue tasks.
    The window and "已逾期 N" count working days (settings.DUBAN_COUNT_WORKING_DAYS); a task
    without a deadline is overdue once its plan's period has ended."""
    digests: dict[int, Digest] = {}
    calendar = counting_calendar()
    ahead = settings.DUBAN_REMIND_DAYS_BEFORE
    window = calendar.add_workdays(today, ahead) if calendar else today + dt.timedelta(days=ahead)
    unit_word = "个工作日" if calendar else "天"
    owed = ProgressReport.objects.filter(
        round__status=RoundStatus.OPEN,
        round__due_date__lte=window,
        status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED],
        unit__isnull=False,
    ).select_related("unit", "task__plan", "round")
    for report in owed:
        due = report.round.due_date
        when = (
            f"已逾期{days_late(due, today, calendar)}{unit_word}"
            if due < today
            else f"{due.month}月{due.day}日前"
        )
        state = "被退回待修改" if report.status == ReportStatus.RETURNED else "尚未提交"
        assert report.unit is not None  # unit__isnull=False above
        _digest(digests, report.unit).add(report.task, f"{report.round.label}填报{state}，{when}")
    for task in _overdue_tasks(today):
        for assignment in task.assignments.all():
            if assignment.role == UnitRole.LEAD and assignment.unit is not None:
                _digest(digests, assignment.unit).add(task, _overdue_reason(task, today, calendar, unit_word))
    return sorted(digests.values(), key=lambda d: d.unit.name)


def _digest(digests: dict[int, Digest], unit: Unit) -> Digest:
    return digests.setdefault(unit.pk, Digest(unit))


def _overdue_tasks(today: dt.date) -> list[Task]:
    """Tasks past their deadline, or without one past their plan's period end, not done."""
    late = Q(deadline__lt=today) | Q(deadline__isnull=True, plan__period_end__lt=today)
    tasks = Task.objects.filter(late).exclude(status=TaskStatus.DONE)
    return list(tasks.select_related("plan").prefetch_related("assignments__unit"))


def _overdue_reason(task: Task, today: dt.date, calendar: WorkCalendar | None, unit_word: str) -> str:
    if task.deadline is not None:
        late = days_late(task.deadline, today, calendar)
        return f"完成时限{task.deadline_text or cn_date(task.deadline)}已过{late}{unit_word}，尚未完成"
    end = task.plan.period_end
    assert end is not None  # _overdue_tasks: plan__period_end__lt=today
    late = days_late(end, today, calendar)
    return f"未写完成时限，计划期限{cn_date(end)}已过{late}{unit_word}，尚未办结"


def reminders_send(*, today: dt.date) -> list[Reminder]:
    """The daily job: every due digest, by every channel the unit has; each logged."""
    sent = []
    for digest in digests_due(today=today):
        for channel in channels_of(digest.unit):
            reminder = _claim(digest, channel, today)
            if reminder is not None:
                _deliver(reminder)
                sent.append(reminder)
    return sent


def channels_of(unit: Unit) -> list[Channel]:
    channels = [Channel.SITE]
    if unit.emails.strip():
        channels.append(Channel.EMAIL)
    if unit.webhook_url and unit.webhook_kind in (Channel.WECOM, Channel.DINGTALK):
        channels.append(Channel(unit.webhook_kind))
    return channels


def _claim(digest: Digest, channel: Channel, today: dt.date) -> Reminder | None:
    """Write the log row first; if today's digest already exists, someone else sent it."""
    try:
        with transaction.atomic():
            return Reminder.objects.create(
                unit=digest.unit,
                kind=ReminderKind.DIGEST,
                channel=channel,
                day=today,
                text=digest.text(today),
                task_ids=digest.task_ids,
            )
    except IntegrityError:
        return None


def task_remind(*, actor: User, task: Task, today: dt.date, ask: str = "") -> list[Reminder]:
    """The office presses 催办 on one task: every lead unit is told now, by all its channels.

    ask is what the office wants explained (a finding of the consistency audit), said in the text.
    """
    if actor.role != Role.SUPERVISOR:
        raise Refused("只有督办员可以催办")
    task_refuse_if_closed(task)
    leads = [a.unit for a in task.assignments.select_related("unit") if a.role == UnitRole.LEAD and a.unit]
    if not leads:
        raise Refused("该任务没有牵头单位，无法催办")
    reminders = []
    for unit in leads:
        number = f"（{task.number}）" if task.number else ""
        item = f"《{task.plan.title}》第{task.seq}项{number}“{task.title[:40]}”"
        text = f"【督办催办】{unit.name}：" + (f"请就{item}说明情况：{ask}" if ask else f"请抓紧办理{item}。")
        what = f"请{unit.name}说明情况" if ask else f"催办{unit.name}"
        reminders += unit_remind(actor=actor, unit=unit, task=task, text=text, today=today, what=what)
    return reminders


def unit_remind(
    *, actor: User, unit: Unit, task: Task, text: str, today: dt.date, what: str
) -> list[Reminder]:
    """One message to one unit about one task, by every channel it has, each logged and audited
    (``what`` says it in the audit log after the sender's name: 催签青阳镇, 请青阳镇说明情况 …).
    Callers check who may send it."""
    task_refuse_if_closed(task)
    reminders = []
    for channel in channels_of(unit):
        with transaction.atomic():
            reminder = Reminder.objects.create(
                unit=unit,
                task=task,
                kind=ReminderKind.MANUAL,
                channel=channel,
                day=today,
                text=text,
                task_ids=[task.pk],
                sent_by=actor,
            )
            audit_record(
                actor=actor,
                action=Action.CREATE,
                obj=task,
                message=f"{actor.display_name()}{what}（{channel.label}）",
                scope=plan_status_scope(task.plan_id),
            )
        _deliver(reminder)
        reminders.append(reminder)
    return reminders


def reminders_for_task(task: Task) -> list[Reminder]:
    """Manual reminders on the task, and the digests that listed it."""
    leads = task.assignments.filter(role=UnitRole.LEAD).values("unit_id")
    candidates = Reminder.objects.filter(Q(task=task) | Q(kind=ReminderKind.DIGEST, unit__in=leads))
    return [r for r in candidates.select_related("unit") if r.task_id == task.pk or task.pk in r.task_ids]


def _deliver(reminder: Reminder) -> None:
    try:
        _send(reminder)
    except Exception as error:  # a dead mail server or bot must not stop the other units' reminders
        log.warning("reminder %s failed: %s", reminder.pk, error)
        reminder.ok, reminder.error = False, f"{type(error).__name__}: {error}"[:1000]
    else:
        reminder.ok, reminder.error = True, ""
    reminder.save(update_fields=["ok", "error"])


def _send(reminder: Reminder) -> None:
    unit = reminder.unit
    if reminder.channel == Channel.EMAIL:
        recipients = [
            a.strip() for a in unit.emails.replace("；", ",").replace(";", ",").split(",") if a.strip()
        ]
        send_mail("【督办提醒】" + unit.name, reminder.text, settings.DEFAULT_FROM_EMAIL, recipients)
    elif reminder.channel in (Channel.WECOM, Channel.DINGTALK):
        _post_json(unit.webhook_url, webhook_payload(Channel(reminder.channel), reminder.text))


def webhook_payload(channel: Channel, text: str) -> dict[str, object]:
    """The group-bot JSON of 企业微信 and 钉钉 (both take markdown)."""
    if channel == Channel.WECOM:
        return {"msgtype": "markdown", "markdown": {"content": text}}
    return {"msgtype": "markdown", "markdown": {"title": "督办提醒", "text": text}}


def _post_json(url: str, payload: dict[str, object]) -> None:
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json; charset=utf-8"}
    )
    with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
        body = response.read()
    if response.status != 200:
        raise RuntimeError(f"HTTP {response.status}")
    reply = json.loads(body or b"{}")
    if reply.get("errcode", 0) != 0:  # both bots answer 200 with an errcode on failure
        raise RuntimeError(f"errcode {reply.get('errcode')}: {reply.get('errmsg', '')}")

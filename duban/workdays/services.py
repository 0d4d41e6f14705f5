"""Writes to the working-day table, each audited; every write moves SHARED, so the kept calendar
(duban/workdays/selectors.py) is built again on the next read."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.access import Person
from duban.common.refusals import Refused
from duban.core.workdays import package_calendar
from duban.workdays.access import can_keep_calendar
from duban.workdays.choices import DayKind
from duban.workdays.models import CalendarDay
from duban.workdays.notice import NoticeDay

WEEKDAYS = "一二三四五六日"
NAME_LENGTH = 40


def _refuse_unless_keeper(actor: Person) -> None:
    if not can_keep_calendar(actor):
        raise Refused("只有系统管理员可以维护工作日历")


@transaction.atomic
def calendar_day_set(*, actor: Person, day: dt.date, kind: DayKind, name: str) -> CalendarDay:
    """Add a date to the table, or change the kind and name of one already there. A weekday is a
    调休上班 day only to correct the package, which has it as a holiday."""
    _refuse_unless_keeper(actor)
    name = name.strip()
    if kind == DayKind.WORKDAY and day.weekday() < 5 and day not in package_calendar().holidays:
        raise Refused(f"{_cn(day)}是周{WEEKDAYS[day.weekday()]}，本来就是工作日，无需登记为调休上班")
    if len(name) > NAME_LENGTH:
        raise Refused(f"节日名称最多{NAME_LENGTH}个字")
    before = CalendarDay.objects.filter(day=day).first()
    row, _ = CalendarDay.objects.update_or_create(day=day, defaults={"kind": kind, "name": name})
    audit_record(
        actor=actor,
        action=Action.UPDATE if before else Action.CREATE,
        obj=row,
        changes={"day": day.isoformat(), "kind": str(kind), "name": name},
        message=f"工作日历：{_cn(day)}登记为{row.name}{row.get_kind_display()}",
    )
    return row


@transaction.atomic
def calendar_day_remove(*, actor: Person, day: dt.date) -> None:
    """Take a date out of the table: it falls back to the package's data, or to Monday–Friday."""
    _refuse_unless_keeper(actor)
    row = CalendarDay.objects.filter(day=day).first()
    if row is None:
        raise Refused(f"工作日历表中没有{_cn(day)}")
    text = str(row)
    row.delete()
    audit_record(
        actor=actor,
        action=Action.DELETE,
        changes={"day": day.isoformat()},
        message=f"工作日历：删除{text}",
    )


@transaction.atomic
def calendar_notice_save(*, actor: Person, year: int, days: list[NoticeDay]) -> int:
    """Save the days read from a year's notice; a date already in the table takes the notice's kind."""
    _refuse_unless_keeper(actor)
    if not days:
        raise Refused("没有读出任何日期，未保存")
    outside = [d.day for d in days if d.day.year not in (year, year + 1)]
    if outside:
        raise Refused(f"{_cn(outside[0])}不在{year}年，未保存")
    for d in days:
        if len(d.name) > NAME_LENGTH:
            raise Refused(f"{_cn(d.day)}的节日名称“{d.name[:20]}…”超过{NAME_LENGTH}个字，未保存")
        CalendarDay.objects.update_or_create(day=d.day, defaults={"kind": DayKind(d.kind), "name": d.name})
    audit_record(
        actor=actor,
        action=Action.IMPORT,
        changes={"year": year, "days": [[d.day.isoformat(), d.kind, d.name] for d in days]},
        message=f"工作日历：按国务院办公厅通知登记{year}年{len(days)}天",
    )
    return len(days)


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"

"""The 系统管理员 keeps the working-day calendar: a year's list, one day at a time, or a whole notice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.core.clock import OFFICE_ZONE
from duban.core.deadlines import parse_deadline
from duban.workdays.checks import unknown_year_check
from duban.workdays.choices import DayKind
from duban.workdays.models import CalendarDay
from duban.workdays.notice import read_notice
from duban.workdays.selectors import work_calendar
from duban.workdays.services import calendar_notice_save

D = dt.date
NOTICE_2031 = "二、春节：1月22日（周三）至29日（周三）放假调休，共8天。1月19日（周日）、2月8日（周六）上班。"
CALENDAR = reverse("workdays:calendar")


@pytest.fixture
def admin(zhao: User, client_for: Callable[[User], Client]) -> Client:
    return client_for(zhao)


def test_the_admin_sees_spring_festival_2026_from_the_package(admin: Client) -> None:
    page = admin.get(CALENDAR, {"year": 2026}).content.decode()
    assert "工作日历 · 2026年" in page
    assert "2月15日" in page and "2月28日" in page and "随系统数据" in page
    assert "共 33 天放假，6 天调休上班" in page
    assert 'data-testid="unknown-this-year"' not in page


def test_a_year_nobody_knows_shows_a_warning(admin: Client) -> None:
    page = admin.get(CALENDAR, {"year": 2031}).content.decode()
    assert "2031年的节假日安排尚未登记，工作日按周一至周五计算" in page


def test_the_pasted_notice_is_previewed_and_nothing_is_saved(admin: Client) -> None:
    response = admin.post(
        reverse("workdays:notice"), {"year": 2031, "text": NOTICE_2031, "action": "preview"}
    )
    page = response.content.decode()
    assert "预览（尚未保存）" in page and "2031年1月22日" in page and "2031年2月8日" in page
    assert "保存这 10 天" in page
    assert NOTICE_2031 in page  # the pasted text stays in the box
    assert not CalendarDay.objects.exists()


def test_the_saved_notice_teaches_the_calendar_2031(admin: Client, zhao: User) -> None:
    before = work_calendar()
    assert before.add_workdays(D(2031, 1, 20), 7) == D(2031, 1, 29)  # Monday to Friday only
    response = admin.post(reverse("workdays:notice"), {"year": 2031, "text": NOTICE_2031, "action": "save"})
    assert response.status_code == 302 and response.url == f"{CALENDAR}?year=2031"
    assert CalendarDay.objects.filter(kind=DayKind.HOLIDAY).count() == 8
    assert list(CalendarDay.objects.filter(kind=DayKind.WORKDAY).values_list("day", flat=True)) == [
        D(2031, 1, 19),
        D(2031, 2, 8),
    ]
    entry = AuditEntry.objects.filter(actor_id=zhao.pk).latest("pk")
    assert entry.message == "工作日历：按国务院办公厅通知登记2031年10天"
    calendar = work_calendar()  # the kept calendar was built again after the write
    assert calendar.knows(2031)
    # 21日(二) | 22—29日放假 | 30 31日 | 2月3 4 5 6日
    assert parse_deadline("7个工作日内").resolve(calendar, D(2031, 1, 20)) == D(2031, 2, 6)
    # A deadline of 21 January is 8 working days late on the worked Saturday 8 February.
    assert calendar.workdays_between(D(2031, 1, 21), D(2031, 2, 8)) == 8
    page = admin.get(CALENDAR, {"year": 2031}).content.decode()
    assert "本表登记" in page and "尚未登记" not in page


def test_a_notice_with_a_line_it_cannot_read_is_not_saved(admin: Client) -> None:
    text = NOTICE_2031 + "\n国庆节：十月一日至七日放假"
    page = admin.post(
        reverse("workdays:notice"), {"year": 2031, "text": text, "action": "save"}
    ).content.decode()
    assert "第2行“国庆节”：没有读出放假日期" in page and "未保存" in page
    assert not CalendarDay.objects.exists()


def test_the_admin_adds_a_day_and_removes_it(admin: Client, zhao: User) -> None:
    response = admin.post(reverse("workdays:add"), {"day": "2031-10-01", "kind": "holiday", "name": "国庆节"})
    assert response.url == f"{CALENDAR}?year=2031"
    assert not work_calendar().is_workday(D(2031, 10, 1))
    assert (
        AuditEntry.objects.filter(actor_id=zhao.pk).latest("pk").message
        == "工作日历：2031年10月1日登记为国庆节节假日"
    )
    admin.post(reverse("workdays:remove"), {"day": "2031-10-01"})
    assert not CalendarDay.objects.exists()
    assert work_calendar().is_workday(D(2031, 10, 1))  # a Wednesday again


def test_the_table_overrides_the_package_for_a_known_year(admin: Client) -> None:
    admin.post(reverse("workdays:add"), {"day": "2026-10-08", "kind": "holiday", "name": "国庆节"})
    assert not work_calendar().is_workday(D(2026, 10, 8))
    page = admin.get(CALENDAR, {"year": 2026}).content.decode()
    assert "本表登记" in page


def test_a_weekday_cannot_be_registered_as_a_worked_weekend_day(admin: Client) -> None:
    response = admin.post(
        reverse("workdays:add"), {"day": "2031-10-08", "kind": "workday", "name": "国庆节"}, follow=True
    )
    assert "2031年10月8日是周三，本来就是工作日，无需登记为调休上班" in response.content.decode()
    assert not CalendarDay.objects.exists()


def test_a_package_holiday_can_be_corrected_into_a_working_day(admin: Client) -> None:
    assert not work_calendar().is_workday(D(2026, 10, 7))  # 国庆节, a Wednesday
    admin.post(reverse("workdays:add"), {"day": "2026-10-07", "kind": "workday", "name": "国庆节"})
    assert work_calendar().is_workday(D(2026, 10, 7))


def test_a_day_without_a_date_is_refused_naming_the_field(admin: Client) -> None:
    response = admin.post(reverse("workdays:add"), {"kind": "holiday", "name": "春节"}, follow=True)
    assert "未登记：日期：请填写日期" in response.content.decode()


def test_the_supervisor_may_not_keep_the_calendar(wang: User, client_for: Callable[[User], Client]) -> None:
    client = client_for(wang)
    assert client.get(CALENDAR).status_code == 403
    response = client.post(
        reverse("workdays:add"), {"day": "2031-10-01", "kind": "holiday", "name": "国庆节"}
    )
    assert response.status_code == 403
    assert not CalendarDay.objects.exists()


def test_the_check_warns_in_a_year_nobody_knows_and_not_after_the_notice(
    zhao: User, clock: time_machine.Traveller
) -> None:
    clock.move_to(dt.datetime(2031, 3, 2, 9, 0, tzinfo=OFFICE_ZONE))
    assert [m.id for m in unknown_year_check()] == ["workdays.W001"]
    assert "2031年" in unknown_year_check()[0].msg
    # (the service, not the page: by 2031 the persona's password has expired)
    calendar_notice_save(actor=zhao, year=2031, days=read_notice(NOTICE_2031, 2031).days)
    assert unknown_year_check() == []


def test_in_december_the_check_notes_that_next_year_is_missing(
    db: None, clock: time_machine.Traveller
) -> None:
    clock.move_to(dt.datetime(2026, 12, 2, 9, 0, tzinfo=OFFICE_ZONE))
    messages = unknown_year_check()
    assert [(m.id, "2027年" in m.msg) for m in messages] == [("workdays.I001", True)]

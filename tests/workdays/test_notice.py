"""Reading the 国务院办公厅's holiday notice, pasted line by line."""

from __future__ import annotations

import datetime as dt

from duban.workdays.notice import HOLIDAY, WORKDAY, read_notice

D = dt.date

NOTICE_2026 = """国务院办公厅关于2026年部分节假日安排的通知
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
"""


def days_of(text: str, year: int, kind: str) -> dict[dt.date, str]:
    return {d.day: d.name for d in read_notice(text, year).days if d.kind == kind}


def test_the_2026_notice_gives_the_same_days_as_the_package() -> None:
    from duban.core.workdays import package_calendar

    package = package_calendar()
    holidays = days_of(NOTICE_2026, 2026, HOLIDAY)
    workdays = days_of(NOTICE_2026, 2026, WORKDAY)
    assert set(holidays) == {d for d in package.holidays if d.year == 2026}
    assert set(workdays) == {d for d in package.workdays if d.year == 2026}
    assert holidays[D(2026, 2, 15)] == "春节" and workdays[D(2026, 10, 10)] == "国庆节"


def test_the_title_line_is_set_aside_not_read_and_not_a_problem() -> None:
    reading = read_notice(NOTICE_2026, 2026)
    assert reading.problems == []
    assert reading.ignored == ["第1行：国务院办公厅关于2026年部分节假日安排的通知"]


def test_the_line_from_the_brief() -> None:
    reading = read_notice("春节：2月15日至23日放假调休，共9天。2月14日（周六）、2月28日（周六）上班。", 2026)
    assert [d.day for d in reading.days if d.kind == HOLIDAY] == [
        D(2026, 2, 15) + dt.timedelta(i) for i in range(9)
    ]
    assert [d.day for d in reading.days if d.kind == WORKDAY] == [D(2026, 2, 14), D(2026, 2, 28)]


def test_a_range_across_months_and_a_single_day_off() -> None:
    text = "春节：1月28日至2月4日放假调休，共8天。\n清明节：4月5日放假，共1天。"
    holidays = days_of(text, 2030, HOLIDAY)
    spring = sorted(d for d, name in holidays.items() if name == "春节")
    assert spring == [D(2030, 1, 28) + dt.timedelta(i) for i in range(8)]
    assert [d for d, name in holidays.items() if name == "清明节"] == [D(2030, 4, 5)]


def test_the_working_saturdays_on_a_line_of_their_own_belong_to_the_holiday_above() -> None:
    text = "国庆节：10月1日至7日放假调休，共7天。\n9月29日（周日）、10月12日（周六）上班。"
    assert days_of(text, 2031, WORKDAY) == {D(2031, 9, 29): "国庆节", D(2031, 10, 12): "国庆节"}


def test_full_width_digits_and_an_ascii_colon_are_read() -> None:
    assert D(2031, 5, 1) in days_of("劳动节:５月１日至５日放假", 2031, HOLIDAY)


def test_a_line_that_cannot_be_read_names_its_line_and_what_was_expected() -> None:
    reading = read_notice("元旦：1月1日放假\n春节：正月初一至初七放假调休", 2031)
    assert reading.problems == ["第2行“春节”：没有读出放假日期（应为“2月15日至23日放假”）"]
    assert [d.day for d in reading.days] == [D(2031, 1, 1)]


def test_a_range_too_long_for_a_holiday_is_a_problem() -> None:
    reading = read_notice("春节：1月1日至3月1日放假", 2031)
    assert reading.problems and not reading.days


def test_a_day_given_twice_keeps_the_first_and_says_so() -> None:
    reading = read_notice("元旦：1月1日放假\n春节：1月1日至2日放假", 2031)
    assert reading.problems == ["第2行：1月1日已在前面出现，以前面为准"]
    assert {d.day: d.name for d in reading.days} == {D(2031, 1, 1): "元旦", D(2031, 1, 2): "春节"}

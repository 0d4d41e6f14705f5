"""The working-day calendar: 春节 and 国庆 2026 as the 国务院办公厅 notice set them, and unknown years."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from duban.core.deadlines import DeadlineKind, parse_deadline
from duban.core.workdays import WorkCalendar, package_calendar, plain_calendar

D = dt.date


def test_the_package_knows_2026_and_not_2031() -> None:
    calendar = package_calendar()
    assert calendar.knows(2026)
    assert calendar.knows(2025)
    assert not calendar.knows(2031)


def test_spring_festival_2026_is_off_from_the_15th_to_the_23rd_and_two_saturdays_are_worked() -> None:
    calendar = package_calendar()
    off = [D(2026, 2, day) for day in range(15, 24)]
    assert not any(calendar.is_workday(day) for day in off)
    assert calendar.is_workday(D(2026, 2, 14))  # 周六上班
    assert calendar.is_workday(D(2026, 2, 28))  # 周六上班
    assert calendar.name_of(D(2026, 2, 17)) == "春节"
    assert calendar.name_of(D(2026, 2, 28)) == "春节"


def test_seven_working_days_from_12_february_2026_end_on_the_worked_saturday_after_spring_festival() -> None:
    # 13日(五) 14日(六，调休上班) | 15—23日放假 | 24 25 26 27日 28日(六，调休上班)
    assert package_calendar().add_workdays(D(2026, 2, 12), 7) == D(2026, 2, 28)
    assert D(2026, 2, 12) + dt.timedelta(days=7) == D(2026, 2, 19)  # what calendar days would have said


def test_national_day_2026_is_off_from_the_1st_to_the_7th_and_10_october_is_worked() -> None:
    calendar = package_calendar()
    assert not any(calendar.is_workday(D(2026, 10, day)) for day in range(1, 8))
    assert calendar.is_workday(D(2026, 10, 10))  # 周六上班
    assert calendar.is_workday(D(2026, 9, 20))  # 周日上班
    assert not calendar.is_workday(D(2026, 10, 11))  # an ordinary Sunday


def test_a_seven_working_day_deadline_from_28_september_2026_spans_national_day() -> None:
    # 29 30日 | 10月1—7日放假 | 8 9日 10日(六，调休上班) | 11日(日) | 12 13日
    deadline = parse_deadline("7个工作日内").resolve(package_calendar(), D(2026, 9, 28))
    assert deadline == D(2026, 10, 13)


def test_days_late_count_working_days_across_spring_festival() -> None:
    calendar = package_calendar()
    # A deadline on Friday 13 February: by Wednesday 25 February it is 3 working days late (14, 24, 25).
    assert calendar.workdays_between(D(2026, 2, 13), D(2026, 2, 25)) == 3
    assert calendar.workdays_between(D(2026, 2, 25), D(2026, 2, 13)) == -3
    assert calendar.workdays_between(D(2026, 2, 13), D(2026, 2, 13)) == 0


def test_a_year_nobody_knows_counts_monday_to_friday() -> None:
    calendar = package_calendar()
    # 2031-01-31 is a Friday; five working days later is the next Friday.
    assert calendar.add_workdays(D(2031, 1, 31), 5) == D(2031, 2, 7)


def test_the_admins_table_laid_over_the_package_teaches_it_a_new_year() -> None:
    table = {D(2031, 1, 23) + dt.timedelta(days=i): "春节" for i in range(8)}  # 1月23日至30日
    calendar = package_calendar().overlaid(holidays=table, workdays={D(2031, 1, 19): "春节"}, years=[2031])
    assert calendar.knows(2031)
    assert calendar.is_workday(D(2031, 1, 19))  # a Sunday worked
    # From Wednesday 22 January: 19日 is before; 23—30日 off; 31日(五) is the first working day.
    assert calendar.add_workdays(D(2031, 1, 22), 1) == D(2031, 1, 31)
    assert package_calendar().add_workdays(D(2031, 1, 22), 1) == D(2031, 1, 23)


def test_the_table_wins_over_the_package_for_the_same_day() -> None:
    calendar = package_calendar().overlaid(holidays={}, workdays={D(2026, 10, 7): "国庆节"})
    assert calendar.is_workday(D(2026, 10, 7))
    assert not calendar.is_workday(D(2026, 10, 6))


@given(st.dates(D(2020, 1, 1), D(2032, 12, 31)), st.integers(0, 40))
def test_counting_back_gives_the_number_added(start: dt.date, n: int) -> None:
    calendar = package_calendar()
    end = calendar.add_workdays(start, n)
    assert calendar.workdays_between(start, end) == n
    assert n == 0 or calendar.is_workday(end)


@given(st.dates(D(2019, 12, 1), D(2033, 1, 31)), st.integers(-400, 400))
def test_a_span_counts_the_days_it_would_count_one_by_one(start: dt.date, days: int) -> None:
    calendar = package_calendar().overlaid(holidays={D(2031, 6, 3): "停工"}, workdays={D(2031, 6, 7): "补班"})
    end = start + dt.timedelta(days=days)
    first, last = min(start, end), max(start, end)
    one_by_one = sum(
        calendar.is_workday(first + dt.timedelta(days=i)) for i in range(1, (last - first).days + 1)
    )
    assert calendar.workdays_between(start, end) == (one_by_one if end >= start else -one_by_one)


def test_working_day_deadlines_are_parsed_with_their_count() -> None:
    for text, count in [
        ("7个工作日内", 7),
        ("15个工作日", 15),
        ("3个工作日内签收", 3),
        ("5个工作日", 5),
        ("收到后五个工作日内", 5),
        ("十五个工作日内办结", 15),
    ]:
        deadline = parse_deadline(text)
        assert (deadline.kind, deadline.workdays, deadline.date) == (DeadlineKind.WORKDAYS, count, None), text


def test_a_repeated_working_day_limit_is_recurring_not_one_deadline() -> None:
    assert parse_deadline("每月前5个工作日内报送").kind == DeadlineKind.RECURRING


def test_a_dated_deadline_resolves_to_its_own_date_and_none_to_nothing() -> None:
    calendar = plain_calendar()
    assert parse_deadline("2026年6月底").resolve(calendar, D(2026, 1, 5)) == D(2026, 6, 30)
    assert parse_deadline("长期坚持").resolve(calendar, D(2026, 1, 5)) is None
    assert parse_deadline("0个工作日").kind == DeadlineKind.UNPARSED


def test_a_calendar_built_from_plain_sets() -> None:
    calendar = WorkCalendar(holidays={D(2030, 3, 4)}, workdays={D(2030, 3, 9)})
    assert not calendar.is_workday(D(2030, 3, 4))
    assert calendar.is_workday(D(2030, 3, 9))
    assert calendar.knows(2030)

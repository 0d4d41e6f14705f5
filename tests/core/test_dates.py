"""A day is written the way official documents write it, and reads back as the same day."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from duban.core.dates import cn_date
from duban.core.deadlines import DeadlineKind, parse_deadline


def test_a_day_is_written_without_leading_zeros() -> None:
    assert cn_date(dt.date(2025, 3, 1)) == "2025年3月1日"
    assert cn_date(dt.date(2025, 11, 25)) == "2025年11月25日"


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_a_written_day_is_read_back_as_the_same_deadline(day: dt.date) -> None:
    deadline = parse_deadline(cn_date(day))
    assert (deadline.kind, deadline.date) == (DeadlineKind.DATE, day)

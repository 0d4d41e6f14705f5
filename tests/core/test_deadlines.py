"""Tests for parsing Chinese deadline cells into dates."""

from __future__ import annotations

import calendar
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.deadlines import Deadline, DeadlineKind, find_deadline, parse_deadline

D = datetime.date
YEAR = 2022  # the default year for cells that name none

_FULL_WIDTH = str.maketrans("0123456789-/.", "０１２３４５６７８９－／．")


def full_width(s: str) -> str:
    return s.translate(_FULL_WIDTH)


DATES: list[tuple[str, datetime.date]] = [
    # year and month: the month's last day
    ("2022年1月", D(2022, 1, 31)),
    ("2022 年 1 月", D(2022, 1, 31)),
    ("２０２２年１月", D(2022, 1, 31)),
    ("2022.1", D(2022, 1, 31)),
    ("2022-01", D(2022, 1, 31)),
    ("2022/1", D(2022, 1, 31)),
    ("２０２２／１", D(2022, 1, 31)),
    ("2022年11月", D(2022, 11, 30)),
    ("2024年2月", D(2024, 2, 29)),
    ("2023年2月", D(2023, 2, 28)),
    # full dates
    ("2022年3月15日", D(2022, 3, 15)),
    ("2022-03-15", D(2022, 3, 15)),
    ("2022/3/15", D(2022, 3, 15)),
    ("2022.3.15", D(2022, 3, 15)),
    ("2022．3．15", D(2022, 3, 15)),
    ("3月15日", D(YEAR, 3, 15)),
    ("3月15日前", D(YEAR, 3, 15)),
    ("3月15号", D(YEAR, 3, 15)),
    # year end
    ("2022年底", D(2022, 12, 31)),
    ("2022年年底", D(2022, 12, 31)),
    ("2022年末", D(2022, 12, 31)),
    ("2022年内", D(2022, 12, 31)),
    ("2022年", D(2022, 12, 31)),
    ("2022年度", D(2022, 12, 31)),
    ("2023年底前", D(2023, 12, 31)),
    ("年底", D(YEAR, 12, 31)),
    ("年底前", D(YEAR, 12, 31)),
    ("年内", D(YEAR, 12, 31)),
    ("年末", D(YEAR, 12, 31)),
    ("全年", D(YEAR, 12, 31)),
    ("本年度", D(YEAR, 12, 31)),
    # months of the default year
    ("6月底前", D(YEAR, 6, 30)),
    ("6月底", D(YEAR, 6, 30)),
    ("6月末", D(YEAR, 6, 30)),
    ("6月份", D(YEAR, 6, 30)),
    ("6月前", D(YEAR, 6, 30)),
    ("6月", D(YEAR, 6, 30)),
    ("６月底前", D(YEAR, 6, 30)),
    # parts of a month
    ("6月中", D(YEAR, 6, 20)),
    ("6月月中", D(YEAR, 6, 20)),
    ("6月中旬", D(YEAR, 6, 20)),
    ("3月上旬", D(YEAR, 3, 10)),
    ("6月下旬", D(YEAR, 6, 30)),
    ("11月中下旬", D(YEAR, 11, 30)),
    ("2022年3月上旬", D(2022, 3, 10)),
    # quarters and halves
    ("一季度", D(YEAR, 3, 31)),
    ("第一季度", D(YEAR, 3, 31)),
    ("1季度", D(YEAR, 3, 31)),
    ("Q1", D(YEAR, 3, 31)),
    ("q1", D(YEAR, 3, 31)),
    ("二季度", D(YEAR, 6, 30)),
    ("三季度", D(YEAR, 9, 30)),
    ("四季度", D(YEAR, 12, 31)),
    ("2023年第二季度末", D(2023, 6, 30)),
    ("2023Q3", D(2023, 9, 30)),
    ("上半年", D(YEAR, 6, 30)),
    ("下半年", D(YEAR, 12, 31)),
    ("年中", D(YEAR, 6, 30)),
    ("2023年中", D(2023, 6, 30)),
    ("2023年上半年", D(2023, 6, 30)),
    ("前三季度", D(YEAR, 9, 30)),
    # Chinese numerals
    ("十一月", D(YEAR, 11, 30)),
    ("十二月底", D(YEAR, 12, 31)),
    ("二〇二三年十月二十五日", D(2023, 10, 25)),
    # ranges: the end of the range
    ("2022年3月—6月", D(2022, 6, 30)),
    ("2022年3-6月", D(2022, 6, 30)),
    ("2022年3月至6月底前", D(2022, 6, 30)),
    ("2022年3月-2023年2月", D(2023, 2, 28)),
    ("2022—2024年", D(2024, 12, 31)),
    ("2022-2024年", D(2024, 12, 31)),
    ("2022年3月1日-15日", D(2022, 3, 15)),
    ("2022年一至二季度", D(2022, 6, 30)),
    ("2022-03-2023-06", D(2023, 6, 30)),
    ("2022年11月—2月", D(2023, 2, 28)),
    ("2023年11月-2月", D(2024, 2, 29)),
    ("11月至2月", D(YEAR + 1, 2, 28)),
    # prefixes and suffixes
    ("力争2022年底", D(2022, 12, 31)),
    ("确保6月底前完成", D(YEAR, 6, 30)),
    ("计划2022年3月", D(2022, 3, 31)),
    ("预计2022年3月", D(2022, 3, 31)),
    ("争取2022年3月", D(2022, 3, 31)),
    ("2022年6月之前", D(2022, 6, 30)),
    ("2022年6月以前", D(2022, 6, 30)),
    ("2022年6月止", D(2022, 6, 30)),
    ("2022年6月完成", D(2022, 6, 30)),
    ("2022年6月底前完成。", D(2022, 6, 30)),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_dates(text: str, expected: datetime.date) -> None:
    assert parse_deadline(text, default_year=YEAR) == Deadline(text.strip(), DeadlineKind.DATE, expected)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("长期坚持", DeadlineKind.ONGOING),
        ("持续推进", DeadlineKind.ONGOING),
        ("持续", DeadlineKind.ONGOING),
        ("常态化", DeadlineKind.ONGOING),
        ("长期", DeadlineKind.ONGOING),
        ("每月", DeadlineKind.RECURRING),
        ("每季度", DeadlineKind.RECURRING),
        ("每年", DeadlineKind.RECURRING),
        ("每周", DeadlineKind.RECURRING),
        ("每半年", DeadlineKind.RECURRING),
        ("按月", DeadlineKind.RECURRING),
        ("每月25日前", DeadlineKind.RECURRING),
        ("每年12月底前", DeadlineKind.RECURRING),
        ("", DeadlineKind.NONE),
        ("   ", DeadlineKind.NONE),
        ("——", DeadlineKind.NONE),
        ("—", DeadlineKind.NONE),
        ("-", DeadlineKind.NONE),
        ("无", DeadlineKind.NONE),
        ("/", DeadlineKind.NONE),
        ("／", DeadlineKind.NONE),
        ("尽快", DeadlineKind.UNPARSED),
        ("2022年13月", DeadlineKind.UNPARSED),
        ("2月30日", DeadlineKind.UNPARSED),
        ("2023年2月29日", DeadlineKind.UNPARSED),
        ("2022.3-6", DeadlineKind.UNPARSED),
        ("2022.3/15", DeadlineKind.UNPARSED),
        ("0月", DeadlineKind.UNPARSED),
        ("25日前", DeadlineKind.UNPARSED),
        ("力争", DeadlineKind.UNPARSED),
        ("1000万元", DeadlineKind.UNPARSED),
        ("2022年底前完成初步方案", DeadlineKind.UNPARSED),
    ],
)
def test_kinds_without_date(text: str, kind: DeadlineKind) -> None:
    assert parse_deadline(text, default_year=YEAR) == Deadline(text.strip(), kind, None)


@pytest.mark.parametrize(
    "text", ["年底", "年内", "6月底前", "3月15日", "一季度", "上半年", "Q1", "11月中下旬"]
)
def test_no_year_and_no_default_is_unparsed(text: str) -> None:
    assert parse_deadline(text) == Deadline(text, DeadlineKind.UNPARSED, None)


def test_named_year_needs_no_default() -> None:
    assert parse_deadline("2022年3月").date == D(2022, 3, 31)


def test_text_is_kept_as_written_but_stripped() -> None:
    expected = Deadline("2022 年 1 月", DeadlineKind.DATE, D(2022, 1, 31))
    assert parse_deadline("  2022 年 1 月\u3000") == expected


def test_kind_values_are_json_strings() -> None:
    assert [k.value for k in DeadlineKind] == ["date", "workdays", "ongoing", "recurring", "none", "unparsed"]


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31)))
def test_any_full_date_round_trips(d: datetime.date) -> None:
    texts = [
        f"{d.year}年{d.month}月{d.day}日",
        full_width(f"{d.year}年{d.month}月{d.day}日"),
        f"{d.year}-{d.month}-{d.day}",
        f"{d.year}-{d.month:02d}-{d.day:02d}",
        full_width(f"{d.year}-{d.month:02d}-{d.day:02d}"),
    ]
    for text in texts:
        assert parse_deadline(text) == Deadline(text, DeadlineKind.DATE, d)


@given(st.integers(1900, 2099), st.integers(1, 12))
def test_any_month_means_its_last_day(year: int, month: int) -> None:
    last = D(year, month, calendar.monthrange(year, month)[1])
    plain = parse_deadline(f"{year}年{month}月")
    assert plain.date == last
    assert parse_deadline(f"{year} 年 {month} 月").date == last
    assert parse_deadline(f"{year}年{month}月底前").date == last


@given(st.text(), st.one_of(st.none(), st.integers(1900, 2099)))
def test_never_raises_and_date_iff_kind_date(text: str, default_year: int | None) -> None:
    result = parse_deadline(text, default_year=default_year)
    assert isinstance(result.kind, DeadlineKind)
    assert (result.kind is DeadlineKind.DATE) == (result.date is not None)
    assert result.text == text.strip()


DEADLINE_ALPHABET = "0123456789０１２３４５６７８９年月日号底末前中上下旬季度第一二三四十-—/.至每长期 "


@given(st.text(alphabet=DEADLINE_ALPHABET, max_size=16))
def test_never_raises_on_deadline_like_text(text: str) -> None:
    result = parse_deadline(text, default_year=YEAR)
    assert (result.kind is DeadlineKind.DATE) == (result.date is not None)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("两周内拿出方案", D(2025, 12, 4)),
        ("月底前报送", D(2025, 11, 30)),
        ("本月底前完成", D(2025, 11, 30)),
        ("十五天内整改到位", D(2025, 12, 5)),
        ("两个月内完成", D(2026, 1, 20)),
        ("下月底前验收", D(2025, 12, 31)),
        ("年底前全面完成", D(2025, 12, 31)),
        ("12月15日前报县政府", D(2025, 12, 15)),
        ("3月底前开工", D(2026, 3, 31)),  # months before the document: next year's March
        ("11月18日前已报送", D(2025, 11, 18)),  # days before: the meeting's own week
        ("于2月9日下午下班前报县发改局", D(2026, 2, 9)),
        ("2026年6月30日前完成", D(2026, 6, 30)),
    ],
)
def test_a_deadline_in_a_sentence_counts_from_the_document_s_date(sentence: str, expected: D) -> None:
    found = find_deadline(sentence, issued_on=D(2025, 11, 20))
    assert found is not None and (found.kind, found.date) == (DeadlineKind.DATE, expected)


def test_working_days_in_a_sentence_wait_for_the_calendar() -> None:
    found = find_deadline("请于七个工作日内报告", issued_on=D(2025, 11, 20))
    assert found is not None and (found.kind, found.workdays) == (DeadlineKind.WORKDAYS, 7)


@pytest.mark.parametrize("sentence", ["尽快研究", "抓紧推进，确保8月底完工率大幅提升", "长期坚持"])
def test_a_sentence_without_a_deadline_has_none(sentence: str) -> None:
    assert find_deadline(sentence, issued_on=D(2025, 11, 20)) is None

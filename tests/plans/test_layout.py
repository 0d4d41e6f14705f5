"""The office's table merges a category cell down over the rows that share it."""

from __future__ import annotations

from duban.plans.layout import category_spans


def test_the_first_row_of_a_run_spans_it_and_the_rows_below_are_covered() -> None:
    assert category_spans(["招商", "招商", "招商", "人才"]) == [3, 0, 0, 1]


def test_a_category_that_comes_back_starts_a_new_cell() -> None:
    assert category_spans(["招商", "人才", "招商"]) == [1, 1, 1]


def test_rows_without_a_category_merge_like_any_other() -> None:
    assert category_spans(["", "", "招商"]) == [2, 0, 1]


def test_no_rows_no_spans() -> None:
    assert category_spans([]) == []

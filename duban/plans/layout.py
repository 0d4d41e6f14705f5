"""The office's table layout: category cells merged down over the rows that share them."""

from __future__ import annotations

from collections.abc import Sequence


def category_spans(categories: Sequence[str]) -> list[int]:
    """Each row's rowspan for its category cell: the first row of a run of equal categories
    spans the run, the rows below it get 0 (covered by the merged cell above)."""
    spans = [0] * len(categories)
    start = 0
    for index in range(1, len(categories) + 1):
        if index == len(categories) or categories[index] != categories[start]:
            spans[start] = index - start
            start = index
    return spans

"""The office's way of writing a day, shared by documents, messages and parsed cells alike."""

from __future__ import annotations

import datetime as dt


def cn_date(day: dt.date) -> str:
    """2025年11月25日: the form official documents use, without leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"

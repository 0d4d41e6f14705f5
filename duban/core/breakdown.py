"""二次分解: reading a sub-task's milestones as typed, and telling when a sub-unit is late.

Pure functions over plain values (no Django): the plans service parses what the lead unit
typed, the reporting selector asks who below is late.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from duban.core.dates import cn_date
from duban.core.lights import Light, LightConfig, TaskFacts, task_light

if TYPE_CHECKING:
    from duban.core.workdays import WorkCalendar

# 2025-12-10 完成摸底 / 2025年12月10日 完成摸底 / 2025.12.10：完成摸底
_LINE = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(?:前)?\s*[：:，,、]?\s*(.*)$"
)


class MilestoneProblem(ValueError):
    """A milestone line that cannot be read, with its line number (1-based)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"进度节点第{line}行：{message}")
        self.line = line


@dataclass(frozen=True)
class MilestoneLine:
    date: dt.date
    text: str


def parse_milestones(text: str, *, latest: dt.date | None = None) -> list[MilestoneLine]:
    """One milestone per non-empty line, date first; none may fall after ``latest``."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    return [_milestone(n, line, latest) for n, line in lines]


def _milestone(number: int, line: str, latest: dt.date | None) -> MilestoneLine:
    match = _LINE.match(line)
    if match is None:
        raise MilestoneProblem(number, f"请以日期开头，如“2025-12-10 完成摸底”（原文：{line.strip()}）")
    year, month, day, what = match.groups()
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        raise MilestoneProblem(number, f"日期 {year}-{month}-{day} 不存在") from None
    if not what.strip():
        raise MilestoneProblem(number, "请在日期后写明节点内容")
    if latest is not None and date > latest:
        raise MilestoneProblem(number, f"节点日期{cn_date(date)}晚于完成时限{cn_date(latest)}")
    return MilestoneLine(date, what.strip())


def missed_milestones(
    milestones: list[dt.date], reported_on: list[dt.date], *, today: dt.date
) -> list[dt.date]:
    """The milestones that have passed without a report: a milestone is met by a report filed
    on or after its date (the sub-unit says how the step went), and it is missed once its day is
    over with none."""
    last_report = max(reported_on, default=None)
    return [day for day in sorted(milestones) if day < today and (last_report is None or last_report < day)]


BLOCK_MARK = "【分解任务】"


def block_merge(text: str, *, label: str, body: str) -> str:
    """The lead's text with one labelled line for a sub-unit's report: the line with the same
    label is replaced (a report filed again), otherwise the line is added at the end. What the
    lead typed elsewhere is kept as it is; the block is one line so it can be found again."""
    prefix = f"{BLOCK_MARK}{label}："
    line = prefix + _one_line(body)
    lines = text.splitlines()
    for n, existing in enumerate(lines):
        if existing.startswith(prefix):
            lines[n] = line
            return "\n".join(lines)
    return f"{text.rstrip()}\n{line}" if text.strip() else line


def _one_line(body: str) -> str:
    return " ".join(part.strip() for part in body.strip().splitlines() if part.strip())


def subtask_light(
    facts: TaskFacts,
    *,
    missed: bool,
    today: dt.date,
    config: LightConfig,
    calendar: WorkCalendar | None = None,
) -> Light:
    """A sub-task's light is a task's, except that a milestone passed without a report makes an
    otherwise good light 滞后: the office wants to see who below is late."""
    light = task_light(facts, today=today, config=config, calendar=calendar)
    return Light.BEHIND if missed and light in (Light.ON_TRACK, Light.DUE_SOON) else light

"""The office's table layout, shared by the Word and Excel adapters.

Which columns, in which order, how wide, what each cell says, and which cells
merge. The office merges a category cell over the rows of that category, a
task cell over consecutive rows of the same task, and a unit cell over
consecutive rows with the same units; merges never cross a section, and those
below the category never cross a category either (as in 霞客湾科学城2025年重点工作安排表).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from duban.exports.model import ExportRow, ExportSection, PlanExport


class Column(Enum):
    """A column of the table: its heading (as the office words it) and its share of the width."""

    # Unit columns fit an eight-character name on one line (市自然资源规划局, 市文体广电旅游局).
    SEQ = ("序号", 5)
    CATEGORY = ("主要任务", 6)
    TITLE = ("重点工作", 13)
    TARGET = ("年度主要目标", 21)
    DEADLINE = ("完成时限", 8)
    PROGRESS = ("年度任务完成情况", 23)
    COMPLETED = ("是否完成年度任务目标\n（如未完成请说明理由）", 11)
    LEAD = ("牵头单位", 14)
    RESPONSIBLE = ("责任单位", 14)
    STATUS = ("督办状态", 7)
    # Last, so the office's columns keep their order and a re-import reads 序号 as written.
    NUMBER = ("督办编号", 9)

    def __init__(self, heading: str, weight: int) -> None:
        self.heading = heading
        self.weight = weight


# The office's own eight columns, in its order; the optional ones slot in by Column order.
OFFICE_COLUMNS = (
    Column.SEQ,
    Column.CATEGORY,
    Column.TITLE,
    Column.TARGET,
    Column.PROGRESS,
    Column.COMPLETED,
    Column.LEAD,
    Column.RESPONSIBLE,
)
MERGED_COLUMNS = (Column.CATEGORY, Column.TITLE, Column.LEAD, Column.RESPONSIBLE)
# Short values read best centred; running text reads best from the left.
CENTRED_COLUMNS = frozenset(
    {
        Column.SEQ,
        Column.CATEGORY,
        Column.DEADLINE,
        Column.COMPLETED,
        Column.LEAD,
        Column.RESPONSIBLE,
        Column.STATUS,
        Column.NUMBER,
    }
)


def table_columns(plan: PlanExport) -> list[Column]:
    """The office's columns plus each optional column that was asked for and has a value."""
    rows = plan.rows()
    wanted = set(OFFICE_COLUMNS)
    if plan.columns.deadline and any(r.deadline_text.strip() for r in rows):
        wanted.add(Column.DEADLINE)
    if plan.columns.status and any(r.status_label.strip() for r in rows):
        wanted.add(Column.STATUS)
    if plan.columns.number and any(r.number for r in rows):
        wanted.add(Column.NUMBER)
    return [c for c in Column if c in wanted]


def cell_text(row: ExportRow, column: Column) -> str:
    """What a row says in a column; units one per line, as offices list them."""
    return _VALUES[column](row)


_VALUES: dict[Column, Callable[[ExportRow], str]] = {
    Column.SEQ: lambda r: r.seq,
    Column.CATEGORY: lambda r: r.category,
    Column.TITLE: lambda r: r.title,
    Column.TARGET: lambda r: r.target,
    Column.DEADLINE: lambda r: r.deadline_text,
    Column.PROGRESS: lambda r: r.progress,
    Column.COMPLETED: lambda r: r.completed_text,
    Column.LEAD: lambda r: "\n".join(r.lead_units),
    Column.RESPONSIBLE: lambda r: "\n".join(r.responsible_units),
    Column.STATUS: lambda r: r.status_label,
    Column.NUMBER: lambda r: r.number,
}


def shows_section_row(plan: PlanExport, section: ExportSection) -> bool:
    """A section gets a full-width title row unless it is the table itself (titled as the plan)."""
    return bool(section.title.strip()) and section.title.strip() != plan.title.strip()


@dataclass(frozen=True)
class Spans:
    """For each mergeable column, how many rows each row's cell covers: n ≥ 1 starts a merge, 0 is covered."""

    by_column: dict[Column, list[int]]

    def of(self, column: Column, index: int) -> int:
        spans = self.by_column.get(column)
        return spans[index] if spans else 1


def section_spans(rows: list[ExportRow]) -> Spans:
    """The merges of one section's rows."""
    categories = [r.category for r in rows]
    block = _block_ids(categories)
    return Spans(
        {
            Column.CATEGORY: _runs(categories, within=block),
            Column.TITLE: _runs([r.title for r in rows], within=block),
            Column.LEAD: _runs(["\n".join(r.lead_units) for r in rows], within=block),
            Column.RESPONSIBLE: _runs(["\n".join(r.responsible_units) for r in rows], within=block),
        }
    )


def _runs(values: list[str], *, within: list[int]) -> list[int]:
    """Spans of runs of equal, non-empty values that stay inside one block."""
    spans = [1] * len(values)
    start = 0
    for i in range(1, len(values) + 1):
        same = i < len(values) and values[i] == values[start] and within[i] == within[start]
        if same and values[i].strip():
            spans[i] = 0
            continue
        spans[start] = i - start
        start = i
    return spans


def _block_ids(categories: list[str]) -> list[int]:
    """A number per row that changes where the category changes (rows without one share a block)."""
    ids = [0] * len(categories)
    for i in range(1, len(categories)):
        ids[i] = ids[i - 1] + (categories[i] != categories[i - 1])
    return ids

"""Finding the header row of a key-work table by the names offices give its columns."""

from __future__ import annotations

from dataclasses import dataclass

from duban.ingest.cleaning import compact
from duban.ingest.model import Row

# Checked in this order, so that the more specific names win: 目标任务 is a
# target, not a task; 年度任务完成情况 is progress; 主要任务 is a category.
SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("seq", ("序号", "编号")),
    ("completed", ("是否完成",)),
    ("progress", ("完成情况", "进展情况", "推进情况", "落实情况", "进度情况")),
    ("deadline", ("完成时限", "时间节点", "完成时间", "时限", "时间安排")),
    ("lead", ("牵头单位", "牵头部门", "牵头")),
    ("responsible", ("责任单位", "责任部门", "配合单位", "配合部门", "协办单位", "协办部门")),
    ("category", ("主要任务", "工作类别", "任务类别", "类别")),
    ("target", ("年度主要目标", "工作目标", "目标任务", "主要目标", "年度目标", "目标")),
    ("title", ("重点工作", "工作任务", "工作事项", "工作内容", "任务", "内容", "事项")),
)
FIELDS = tuple(name for name, _ in SYNONYMS)
_LONGEST_HEADER = 30


@dataclass(frozen=True)
class Header:
    row: int  # index in the table's rows of the (last) header row
    columns: dict[str, int]  # field -> 1-based column
    signature: tuple[str, ...]  # the header texts, to recognise a repeat after a page break


def field_of(text: str) -> str | None:
    """The field a header cell names, or None."""
    if len(text) > _LONGEST_HEADER * 2:  # cheap first: long cells are data, not names
        return None
    flat = compact(text)
    if not flat or len(flat) > _LONGEST_HEADER:
        return None
    for name, words in SYNONYMS:
        if any(word in flat for word in words):
            return name
    return None


def match_header(texts: list[str]) -> dict[str, int]:
    """Field -> column for one row of header texts; the first column wins a repeated field."""
    columns: dict[str, int] = {}
    for column, text in enumerate(texts, start=1):
        name = field_of(text)
        if name and name not in columns:
            columns[name] = column
    return columns


def is_header(columns: dict[str, int]) -> bool:
    return "title" in columns and len(columns) >= 3


def find_header(rows: list[Row]) -> Header | None:
    """The first row (or pair of rows, for headers split across cells) that names the columns."""
    for index, row in enumerate(rows):
        texts = [c.text for c in row.cells]
        columns = match_header(texts)
        if _may_continue_below(row) and index + 1 < len(rows) and not _starts_with_number(rows[index + 1]):
            below = [c.text for c in rows[index + 1].cells]
            joined = [a + b if a != b else a for a, b in zip(texts, below, strict=False)]
            if len(match_header(joined)) > len(columns) and is_header(match_header(joined)):
                return Header(index + 1, match_header(joined), _signature(rows[index + 1]))
        if is_header(columns):
            return Header(index, columns, _signature(row))
    return None


def _may_continue_below(row: Row) -> bool:
    """A title row (one value, often merged across) never joins the row below into a header."""
    return len({c.text for c in row.cells if c.text.strip()}) > 1


def _signature(row: Row) -> tuple[str, ...]:
    return tuple(compact(c.text) for c in row.cells)


def _starts_with_number(row: Row) -> bool:
    first = compact(row.cells[0].text) if row.cells else ""
    return first.isdigit()

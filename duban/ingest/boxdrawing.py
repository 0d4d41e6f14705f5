"""Tables drawn with box characters (┌─┬─┐ │ ├─┼─┤ └─┴─┘), as law libraries and old
text exports print them.

Each line is cut at its junctions (│ ├ ┼ ┤ …) into one segment per column. A segment of
rule characters (───) closes that column's cell; any other segment is a line of it, so a
merged cell is simply a column whose rule is missing while its neighbours' rules are
drawn. Cell lines were wrapped at the drawing's width and join without a separator
(分管领 / 导 → 分管领导).

Rows are the bands between the lines where any column opens a cell, and a bullet (△ ▲ ●)
opens a cell too: offices list several tasks in one drawn cell, one bullet each. In a table
whose tasks are bulleted, a band of the first column without a bullet is a heading: it
becomes a section row and hands the cells it opened to the band below it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from duban.ingest.model import Cell, Row, Table

_BOX_LINE = re.compile(r"^\s*[┌├└│┏┣┗┃╔╠╚║]")
_JUNCTION = re.compile(r"[│┃║├┤┼┬┴┌┐└┘┣┫╋┳┻┏┓┗┛╠╣╬╦╩╔╗╚╝]")
_RULE = re.compile(r"^[\s─━═]*[─━═][\s─━═]*$")
BULLETS = "△▲●◆■□○◇•"


@dataclass
class _Cell:
    start: int  # index of the drawing's line where the cell opens
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(line.strip() for line in self.lines)


def split_box_tables(lines: list[str]) -> list[tuple[int, list[str]] | tuple[int, Table]]:
    """The text's lines in runs: (first line, plain lines) or (first line, a drawn table)."""
    parts: list[tuple[int, list[str]] | tuple[int, Table]] = []
    start = 0
    while start < len(lines):
        end = start
        box = bool(_BOX_LINE.match(lines[start]))
        while end < len(lines) and bool(_BOX_LINE.match(lines[end])) == box:
            end += 1
        drawn = read_box_table(lines[start:end], first_line=start + 1) if box else None
        parts.append((start, drawn) if drawn is not None else (start, lines[start:end]))
        start = end
    return parts


def read_box_table(lines: list[str], *, first_line: int) -> Table | None:
    """The drawn table as rows of cells; None when the lines are not a grid."""
    segments = [_segments(line) for line in lines]
    width = max((len(s) for s in segments), default=0)
    if width < 2:
        return None
    columns = [_column_cells(segments, c) for c in range(width)]
    bands = sorted({cell.start for column in columns for cell in column})
    rows = [_row(columns, bands, i, first_line) for i in range(len(bands))]
    _headings_hand_down(rows, columns[0])
    return Table(name="", rows=rows)


def _segments(line: str) -> list[str]:
    parts = _JUNCTION.split(line.strip())
    return parts[1:-1] if len(parts) > 2 else []


def _column_cells(segments: list[list[str]], column: int) -> list[_Cell]:
    cells: list[_Cell] = []
    current: _Cell | None = None
    for index, line_segments in enumerate(segments):
        text = line_segments[column] if column < len(line_segments) else ""
        if _RULE.match(text) or not line_segments:
            current = None
            continue
        if current is None or _bulleted(text):
            current = _Cell(index)
            cells.append(current)
        current.lines.append(text)
    return cells


def _bulleted(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and stripped[0] in BULLETS


def _row(columns: list[list[_Cell]], bands: list[int], band: int, first_line: int) -> Row:
    start, number = bands[band], band + 1
    cells = []
    for column, column_cells in enumerate(columns, start=1):
        cell = next((c for c in reversed(column_cells) if c.start <= start), None)
        if cell is None:
            cells.append(Cell(text="", row=number, column=column))
        elif cell.start == start:
            cells.append(Cell(text=cell.text, row=number, column=column))
        else:
            origin = (bands.index(cell.start) + 1, column)
            cells.append(Cell(text=cell.text, row=number, column=column, merged=True, origin=origin))
    return Row(cells=cells, number=number, line=first_line + start)


def _headings_hand_down(rows: list[Row], first_column: list[_Cell]) -> None:
    """Under bulleted tasks, a band without a bullet is a heading over the bands below."""
    if not any(_bulleted(c.text) for c in first_column):
        return
    for index, row in enumerate(rows[1:-1], start=1):
        title = row.cells[0].text
        if not title or _bulleted(title):
            continue
        below = rows[index + 1]
        for later in rows[index + 1 :]:
            later.cells[1:] = [_handed(c, below.number, row.number, later is below) for c in later.cells[1:]]
        row.cells = [row.cells[0]]
        row.spanning = True


def _handed(cell: Cell, below: int, heading: int, opens: bool) -> Cell:
    """A cell merged from the heading's band opens in the band below instead."""
    if not (cell.merged and cell.origin and cell.origin[0] == heading):
        return cell
    if opens:
        return Cell(text=cell.text, row=below, column=cell.column)
    return Cell(text=cell.text, row=cell.row, column=cell.column, merged=True, origin=(below, cell.column))

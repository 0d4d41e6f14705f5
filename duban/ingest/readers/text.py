"""Plain-text tables: Word's text export, tab-separated rows and box-drawn tables.

Word's "save as text" writes a table row as one line per cell, each cell's first
line starting with a tab and its further lines (line breaks inside the cell)
without one; a blank line ends the row. Tab-separated exports write one row per
line. A line with no tab between rows of a table is a row that spanned the
whole width in Word (a section title), so it stays inside the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from duban.ingest.boxdrawing import split_box_tables
from duban.ingest.cleaning import strip_pinyin
from duban.ingest.model import Block, Cell, Document, Paragraph, Row, Table
from duban.ingest.recovery import (
    pipe_cell_stream_to_tabs,
    pipe_rows_to_tabs,
    pipe_terminated_rows_to_tabs,
    recover_tables,
    space_rows_to_tabs,
)


@dataclass
class _State:
    blocks: list[Block] = field(default_factory=list)
    table: Table | None = None
    cells: list[list[str]] | None = None  # the Word-style row being read
    row_line: int = 0
    pending: list[tuple[int, str]] = field(default_factory=list)  # plain lines after a table
    paragraphs: int = 0


def read_text_document(text: str, *, file: str, sha256: str, kind: str = "txt") -> Document:
    """Read a decoded text file into blocks of paragraphs and tables."""
    state = _State()
    for start, part in split_box_tables(strip_pinyin(text).split("\n")):
        if isinstance(part, Table):
            state.blocks.append(part)
            continue
        _read_lines(state, start, "\n".join(part))
    for table in (b for b in state.blocks if isinstance(b, Table)):
        _mark_spanning_rows(table)
    blocks = recover_tables(state.blocks, 0)
    for number, table in enumerate((b for b in blocks if isinstance(b, Table)), start=1):
        table.name = f"表{number}"
    return Document(file=file, sha256=sha256, kind=kind, blocks=blocks)


def _read_lines(state: _State, start: int, text: str) -> None:
    lines = space_rows_to_tabs(
        pipe_rows_to_tabs(pipe_cell_stream_to_tabs(pipe_terminated_rows_to_tabs(text)))
    ).split("\n")
    for number, line in enumerate(lines, start=start + 1):
        _read_line(state, number, line.rstrip("\r"))
    _end_word_row(state)
    _flush_pending(state, as_rows=False)


def _mark_spanning_rows(table: Table) -> None:
    """A row of one cell in a wider table was one cell across the table in Word."""
    width = max(len(r.cells) for r in table.rows)
    for row in table.rows:
        row.spanning = row.spanning or (width > 1 and len(row.cells) == 1)


def _read_line(state: _State, number: int, line: str) -> None:
    if line.startswith("\t") and line.count("\t") == 1:
        _flush_pending(state, as_rows=True)
        if state.cells is None:
            state.cells, state.row_line = [], number
        state.cells.append([line[1:]])
    elif not line.strip():
        _end_word_row(state)
    elif "\t" in line:
        _end_word_row(state)
        _flush_pending(state, as_rows=True)
        _append_row(state, [[c] for c in line.split("\t")], number)
    elif state.cells is not None:
        state.cells[-1].append(line)  # a line break inside the current cell
    elif state.table is not None:
        state.pending.append((number, line.strip()))
    else:
        _add_paragraph(state, number, line.strip())


def _end_word_row(state: _State) -> None:
    if state.cells is not None:
        cells, state.cells = state.cells, None
        _append_row(state, cells, state.row_line)


def _append_row(state: _State, cell_lines: list[list[str]], line: int) -> None:
    if state.table is None:
        state.table = Table(name=f"表{len([b for b in state.blocks if isinstance(b, Table)]) + 1}")
        state.blocks.append(state.table)
    number = len(state.table.rows) + 1
    cells = [
        Cell(text="\n".join(lines).strip("\n"), row=number, column=i)
        for i, lines in enumerate(cell_lines, start=1)
    ]
    state.table.rows.append(Row(cells=cells, number=number, line=line))


def _flush_pending(state: _State, *, as_rows: bool) -> None:
    """Plain lines met after a table: spanning rows if the table goes on, else paragraphs."""
    pending, state.pending = state.pending, []
    if as_rows and state.table is not None:
        for number, text in pending:
            row_no = len(state.table.rows) + 1
            cell = Cell(text=text, row=row_no, column=1)
            state.table.rows.append(Row(cells=[cell], number=row_no, line=number, spanning=True))
        return
    state.table = None
    for number, text in pending:
        _add_paragraph(state, number, text)


def _add_paragraph(state: _State, number: int, text: str) -> None:
    state.paragraphs += 1
    state.blocks.append(Paragraph(text=text, number=state.paragraphs, line=number))

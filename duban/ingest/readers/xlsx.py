"""Excel .xlsx workbooks: one table per sheet, merged ranges resolved.

Formulas are read as the values Excel cached when the file was saved
(``data_only=True``); nothing is ever evaluated. The workbook is opened read-only and each
sheet's XML parsed once by openpyxl's own sheet parser, which collects the merged ranges as it
goes: the normal mode would build a cell object per cell and restyle every merged-over cell (a
third of a large table's read) only to hand back the same values.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet._reader import WorkSheetParser

from duban.core.dates import cn_date
from duban.ingest.model import Cell, Document, Row, Table

Bounds = tuple[int, int, int, int]  # first column, first row, last column, last row


def read_xlsx_document(path: Path, *, file: str, sha256: str) -> Document:
    """Read every visible, non-empty sheet into a table."""
    workbook = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    try:
        tables = [_read_sheet(workbook, ws) for ws in workbook.worksheets if ws.sheet_state == "visible"]
    finally:
        workbook.close()
    return Document(file=file, sha256=sha256, kind="xlsx", blocks=[t for t in tables if t.rows])


def _read_sheet(workbook: Any, ws: Any) -> Table:
    texts, merges = _sheet_contents(workbook, ws)
    while texts and not any(texts[-1]):
        texts.pop()
    width = max((_last_filled(r) for r in texts), default=0)
    origins, spanning = _merge_map(merges, width)
    table = Table(name=ws.title)
    for r, values in enumerate(texts, start=1):
        cells = [_cell(values, origins, texts, r, c) for c in range(1, width + 1)]
        table.rows.append(Row(cells=cells, number=r, spanning=r in spanning))
    return table


def _sheet_contents(workbook: Any, ws: Any) -> tuple[list[list[str]], list[Bounds]]:
    """The sheet's rows as texts (row 1 first; a row the file leaves out is empty) and its
    merged ranges, from one pass of openpyxl's parser over the sheet's XML. The sheet's stated
    dimension is not trusted: some programs write a wrong one."""
    rows: dict[int, list[str]] = {}
    with ws._get_source() as source:  # the read-only sheet's XML, as openpyxl reads its rows
        parser = WorkSheetParser(
            source,
            ws._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            filled = [(cell["column"], _text(cell["value"])) for cell in cells if cell["value"] is not None]
            if not filled:  # a formatted but empty row (the last may be row 1,048,576): nothing kept
                continue
            values = [""] * max(column for column, _ in filled)
            for column, text in filled:
                values[column - 1] = text
            rows[number] = values
        merged = parser.merged_cells.mergeCell if parser.merged_cells else []
    texts = [rows.get(number, []) for number in range(1, max(rows, default=0) + 1)]
    return texts, [range_boundaries(m.ref) for m in merged]


def _merge_map(merges: list[Bounds], width: int) -> tuple[dict[tuple[int, int], tuple[int, int]], set[int]]:
    """Covered (row, column) -> origin, and the rows whose single merge spans the table."""
    origins: dict[tuple[int, int], tuple[int, int]] = {}
    spanning: set[int] = set()
    for left, top, right, bottom in merges:
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if (r, c) != (top, left):
                    origins[(r, c)] = (top, left)
        if width > 1 and left == 1 and right >= width and top == bottom:
            spanning.add(top)
    return origins, spanning


def _cell(
    values: list[str],
    origins: dict[tuple[int, int], tuple[int, int]],
    texts: list[list[str]],
    r: int,
    c: int,
) -> Cell:
    origin = origins.get((r, c))
    if origin is not None:
        orow, ocol = origin
        source = texts[orow - 1][ocol - 1] if ocol <= len(texts[orow - 1]) else ""
        return Cell(text=source, row=r, column=c, merged=True, origin=origin)
    return Cell(text=values[c - 1] if c <= len(values) else "", row=r, column=c)


def _last_filled(values: list[str]) -> int:
    for i in range(len(values), 0, -1):
        if values[i - 1]:
            return i
    return 0


def _text(value: object) -> str:
    """A cell value as the office sees it on screen."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return cn_date(value)
    return str(value).strip()

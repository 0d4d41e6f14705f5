"""Excel .xlsx workbooks: one table per sheet, merged ranges resolved.

Formulas are read as the values Excel cached when the file was saved
(``data_only=True``); nothing is ever evaluated. Read-only mode is not used
because it does not expose merged ranges.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

from duban.core.dates import cn_date
from duban.ingest.model import Cell, Document, Row, Table


def read_xlsx_document(path: Path, *, file: str, sha256: str) -> Document:
    """Read every visible, non-empty sheet into a table."""
    workbook = openpyxl.load_workbook(str(path), data_only=True)
    tables = [_read_sheet(ws) for ws in workbook.worksheets if ws.sheet_state == "visible"]
    workbook.close()
    return Document(file=file, sha256=sha256, kind="xlsx", blocks=[t for t in tables if t.rows])


def _read_sheet(ws: Any) -> Table:
    texts = [[_text(v) for v in values] for values in ws.iter_rows(values_only=True)]
    while texts and not any(texts[-1]):
        texts.pop()
    width = max((_last_filled(r) for r in texts), default=0)
    origins, spanning = _merge_map(ws, width)
    table = Table(name=ws.title)
    for r, values in enumerate(texts, start=1):
        cells = [_cell(values, origins, texts, r, c) for c in range(1, width + 1)]
        table.rows.append(Row(cells=cells, number=r, spanning=r in spanning))
    return table


def _merge_map(ws: Any, width: int) -> tuple[dict[tuple[int, int], tuple[int, int]], set[int]]:
    """Covered (row, column) -> origin, and the rows whose single merge spans the table."""
    origins: dict[tuple[int, int], tuple[int, int]] = {}
    spanning: set[int] = set()
    for rng in ws.merged_cells.ranges:
        top, left = rng.min_row, rng.min_col
        for r in range(top, rng.max_row + 1):
            for c in range(left, rng.max_col + 1):
                if (r, c) != (top, left):
                    origins[(r, c)] = (top, left)
        if width > 1 and left == 1 and rng.max_col >= width and rng.min_row == rng.max_row:
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

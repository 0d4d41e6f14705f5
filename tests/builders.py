"""Build real .docx and .xlsx files with real merges, the way offices' tables are made.

A table spec is a header plus rows; in a data row ``None`` means "merged with
the cell above" (Word's vMerge / an Excel merged range), and a section row is a
single text spanning the whole width.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import docx
import openpyxl
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from duban.ingest.model import Table
from duban.ingest.readers.text import read_text_document


@dataclass
class TableSpec:
    headings: list[str]
    header: list[str]
    rows: list[list[str | None] | str] = field(default_factory=list)  # str: a section row


def spec_from_text_table(text: str, *, merge_columns: dict[str, int]) -> TableSpec:
    """The seed's text export as a merged table: blanks that mean "same as above" become merges."""
    doc = read_text_document(text, file="seed", sha256="")
    headings = [p.text for p in doc.paragraphs()]
    table = doc.tables()[0]
    return TableSpec(headings, [c.text for c in table.rows[0].cells], _rows(table, merge_columns))


def _rows(table: Table, columns: dict[str, int]) -> list[list[str | None] | str]:
    rows: list[list[str | None] | str] = []
    first_in_section = True
    for row in table.rows[1:]:
        if row.spanning:
            rows.append(row.cells[0].text)
            first_in_section = True
            continue
        cells: list[str | None] = [c.text for c in row.cells]
        if not first_in_section:
            _mark_merges(cells, columns)
        rows.append(cells)
        first_in_section = False
    return rows


def _mark_merges(cells: list[str | None], columns: dict[str, int]) -> None:
    lead_blank = not cells[columns["lead"] - 1]
    for name in ("category", "title", "lead"):
        if not cells[columns[name] - 1]:
            cells[columns[name] - 1] = None
    if lead_blank and not cells[columns["responsible"] - 1]:
        cells[columns["responsible"] - 1] = None


def write_docx(spec: TableSpec, path: Path) -> Path:
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for heading in spec.headings:
        document.add_paragraph(heading)
    width = len(spec.header)
    table = document.add_table(rows=1 + len(spec.rows), cols=width)
    for c, text in enumerate(spec.header):
        table.rows[0].cells[c].text = text
    _repeat_header(table.rows[0])
    for r, row in enumerate(spec.rows, start=1):
        cells = table.rows[r].cells
        if isinstance(row, str):
            merged = cells[0].merge(cells[width - 1])
            merged.text = row
            continue
        for c, text in enumerate(row):
            if text is None:
                _continue_merge(table, r, c)
            else:
                cells[c].text = text
    document.save(str(path))
    return path


def _repeat_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _continue_merge(table: object, r: int, c: int) -> None:
    """Mark the cell as a vertical continuation of the one above (Word's own encoding)."""
    tc = table.rows[r].cells[c]._tc  # type: ignore[attr-defined]
    above = table.rows[r - 1].cells[c]._tc  # type: ignore[attr-defined]
    if above.vMerge is None:
        above.vMerge = "restart"
    tc.vMerge = "continue"


def write_xlsx(spec: TableSpec, path: Path, *, formulas_in: int | None = None) -> Path:
    """An .xlsx with title rows merged across, vertical merges and section rows merged across."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "重点工作"
    width = len(spec.header)
    for heading in spec.headings:
        ws.append([heading])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    ws.append(spec.header)
    starts: dict[int, int] = {}
    for row in spec.rows:
        if isinstance(row, str):
            ws.append([row])
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
            _close_merges(ws, starts, ws.max_row - 1)
            continue
        ws.append(["" if v is None else v for v in row])
        current = ws.max_row
        for c, value in enumerate(row, start=1):
            if value is not None:
                _close_merge(ws, starts, c, current - 1)
                starts[c] = current
    _close_merges(ws, starts, ws.max_row)
    workbook.save(str(path))
    return path


def _close_merges(ws: object, starts: dict[int, int], last: int) -> None:
    for c in list(starts):
        _close_merge(ws, starts, c, last)
    starts.clear()


def _close_merge(ws: object, starts: dict[int, int], c: int, last: int) -> None:
    start = starts.pop(c, None)
    if start is not None and last > start:
        ws.merge_cells(start_row=start, start_column=c, end_row=last, end_column=c)  # type: ignore[attr-defined]

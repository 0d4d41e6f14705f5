"""Excel export of the plan in the office's table layout.

Title rows merged across, the office's header, merged category / task / unit
cells as in the Word export, wrapped text, a frozen and print-repeated header,
A4 landscape fitted to the page width. Every user string goes through
``spreadsheet_text``: nothing a user typed can become a formula.
"""

from __future__ import annotations

import io
import math
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from duban.exports.fonts import BODY_FONT, HEADING_FONT, TITLE_FONT
from duban.exports.layout import (
    CENTRED_COLUMNS,
    Column,
    Spans,
    cell_text,
    section_spans,
    shows_section_row,
    table_columns,
)
from duban.exports.model import ExportRow, PlanExport
from duban.exports.text import spreadsheet_text

SHEET_TITLE = "重点工作"
WIDTH_PER_WEIGHT = 1.4  # Excel width units per layout weight: about 140 units fill an A4 landscape page
BODY_SIZE, TITLE_SIZE, LABEL_SIZE = 11, 22, 14
LINE_HEIGHT = 16.0  # points per line of 11 pt CJK text (CJK fonts are taller than Latin ones)
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BODY = Font(name=BODY_FONT, size=BODY_SIZE)
_HEADER = Font(name=HEADING_FONT, size=BODY_SIZE)


def render_plan_xlsx(plan: PlanExport) -> bytes:
    """The plan as one worksheet laid out like the office's table."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = SHEET_TITLE
    workbook.properties.title, workbook.properties.creator = plan.title, "重点工作督查督办平台"
    columns = table_columns(plan)
    header_row = _title_rows(ws, plan, len(columns))
    _header(ws, header_row, columns)
    _body(ws, plan, columns, header_row + 1)
    _page_setup(ws, header_row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _title_rows(ws: Any, plan: PlanExport, width: int) -> int:
    """附件1 and the title, each merged across the table; returns the header's row number."""
    row = 1
    if plan.attachment_label:
        _across(ws, row, width, plan.attachment_label, Font(name=HEADING_FONT, size=LABEL_SIZE), "left")
        row += 1
    _across(ws, row, width, plan.title, Font(name=TITLE_FONT, size=TITLE_SIZE), "center")
    ws.row_dimensions[row].height = TITLE_SIZE * 2
    return row + 1


def _across(ws: Any, row: int, width: int, text: str, font: Font, horizontal: str) -> None:
    cell = ws.cell(row=row, column=1, value=spreadsheet_text(text))
    cell.font = font
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    if width > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _header(ws: Any, row: int, columns: list[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=index, value=column.heading)
        cell.font, cell.border = _HEADER, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = column.weight * WIDTH_PER_WEIGHT
    ws.row_dimensions[row].height = LINE_HEIGHT * 4


def _body(ws: Any, plan: PlanExport, columns: list[Column], first_row: int) -> None:
    row = first_row
    for section in plan.sections:
        if shows_section_row(plan, section):
            _section_row(ws, row, len(columns), section.title)
            row += 1
        spans = section_spans(section.rows)
        for index, export_row in enumerate(section.rows):
            _data_row(ws, row + index, columns, export_row, spans, index)
        _fit_heights(ws, row, columns, section.rows, spans)
        row += len(section.rows)


def _section_row(ws: Any, row: int, width: int, title: str) -> None:
    _across(ws, row, width, title, _HEADER, "center")
    for column in range(1, width + 1):
        ws.cell(row=row, column=column).border = BORDER  # a merged range shows the borders of every cell
    ws.row_dimensions[row].height = LINE_HEIGHT * 1.5


def _data_row(ws: Any, row: int, columns: list[Column], data: ExportRow, spans: Spans, index: int) -> None:
    for number, column in enumerate(columns, start=1):
        span = spans.of(column, index)
        if span == 0:
            continue  # covered by the merge started above
        cell = ws.cell(row=row, column=number, value=spreadsheet_text(cell_text(data, column)))
        cell.font = _BODY
        horizontal = "center" if column in CENTRED_COLUMNS else "left"
        cell.alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=True)
        if span > 1:
            ws.merge_cells(start_row=row, start_column=number, end_row=row + span - 1, end_column=number)
        for covered in range(row, row + span):
            ws.cell(row=covered, column=number).border = BORDER


def _fit_heights(ws: Any, first: int, columns: list[Column], rows: list[ExportRow], spans: Spans) -> None:
    """Row heights from the wrapped text, since no spreadsheet sizes rows with merged cells itself."""
    heights = [LINE_HEIGHT] * len(rows)
    merged: list[tuple[int, int, float]] = []  # (first index, span, height needed)
    for index, data in enumerate(rows):
        for column in columns:
            span, needed = spans.of(column, index), _text_height(cell_text(data, column), column)
            if span == 1:
                heights[index] = max(heights[index], needed)
            elif span > 1:
                merged.append((index, span, needed))
    for index, span, needed in merged:  # a tall merged cell grows its last row
        heights[index + span - 1] += max(0.0, needed - sum(heights[index : index + span]))
    for index, height in enumerate(heights):
        ws.row_dimensions[first + index].height = height


def _text_height(text: str, column: Column) -> float:
    usable = column.weight * WIDTH_PER_WEIGHT - 1  # the cell's own padding
    lines = sum(max(1, math.ceil(_display_width(line) / usable)) for line in text.split("\n"))
    return lines * LINE_HEIGHT + 4


def _display_width(text: str) -> float:
    """Width in Excel units: a CJK or full-width character is about two digits wide."""
    return sum(2.2 if ord(char) > 0x2E7F else 1.1 for char in text)


def _page_setup(ws: Any, header_row: int) -> None:
    """Frozen header on screen; on paper A4 landscape, fitted to the width, the header on every page."""
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1).coordinate
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0  # 0: as many pages tall as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top, ws.page_margins.bottom = 0.7, 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"

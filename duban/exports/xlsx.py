"""Excel export of the plan in the office's table layout.

Title rows merged across, the office's header, merged category / task / unit
cells as in the Word export, wrapped text, a frozen and print-repeated header,
A4 landscape fitted to the page width. Every user string goes through
``spreadsheet_text``: nothing a user typed can become a formula.

A plan has thousands of cells, so body cells share styles made once
(``_prepared``) and merges skip openpyxl's check against every earlier merge
(``_merge``): the public setters cost a 2,000-row plan about 3 s.
"""

from __future__ import annotations

import io
import math
import re
from copy import copy
from itertools import islice
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange

from duban.exports.fonts import BODY_FONT, HEADING_FONT, TITLE_FONT
from duban.exports.layout import (
    CENTRED_COLUMNS,
    Column,
    cell_text,
    section_spans,
    shows_section_row,
    table_columns,
)
from duban.exports.model import PlanExport
from duban.exports.text import spreadsheet_text, strip_control

SHEET_TITLE = "重点工作"
WIDTH_PER_WEIGHT = 1.4  # Excel width units per layout weight: about 140 units fill an A4 landscape page
BODY_SIZE, TITLE_SIZE, LABEL_SIZE = 11, 22, 14
# Points per line of 11 pt CJK text: Excel's own height for 仿宋/宋体 at 11 pt is 14.25 (CJK fonts are
# taller than Latin ones); a little more keeps the last line clear of the border in WPS.
LINE_HEIGHT = 14.6
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BODY = Font(name=BODY_FONT, size=BODY_SIZE)
_HEADER = Font(name=HEADING_FONT, size=BODY_SIZE)
# In Excel width units (the width of a digit of the workbook's 11 pt default font, 7 px): a digit or
# Latin letter of the 11 pt body font is about one, a CJK or full-width character (11 pt, 14.7 px) two.
_DIGIT_WIDTH = 1.0
_WIDE_WIDTH = 2.05
_WIDE = re.compile("[\u2e80-\U0010ffff]+")  # runs of CJK and full-width characters


def render_plan_xlsx(plan: PlanExport) -> bytes:
    """The plan as one worksheet laid out like the office's table."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = SHEET_TITLE
    workbook.properties.title, workbook.properties.creator = strip_control(plan.title), "重点工作督查督办平台"
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
        _merge(ws, row, 1, row, width)


def _header(ws: Any, row: int, columns: list[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=index, value=column.heading)
        cell.font, cell.border = _HEADER, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = column.weight * WIDTH_PER_WEIGHT
    ws.row_dimensions[row].height = max(_text_height(column.heading, column) for column in columns)


def _body(ws: Any, plan: PlanExport, columns: list[Column], first_row: int) -> None:
    styles = [_body_style(ws, column) for column in columns]
    border = _prepared(ws, border=BORDER)
    row = first_row
    for section in plan.sections:
        if shows_section_row(plan, section):
            _section_row(ws, row, len(columns), section.title)
            row += 1
        spans = section_spans(section.rows)
        texts = [[cell_text(data, column) for column in columns] for data in section.rows]
        row_spans = [[spans.of(column, index) for column in columns] for index in range(len(texts))]
        for index, (row_texts, spans_of_row) in enumerate(zip(texts, row_spans, strict=True)):
            _data_row(ws, row + index, row_texts, spans_of_row, styles, border)
        _fit_heights(ws, row, columns, texts, row_spans)
        row += len(section.rows)


def _body_style(ws: Any, column: Column) -> Any:
    horizontal = "center" if column in CENTRED_COLUMNS else "left"
    alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=True)
    return _prepared(ws, font=_BODY, alignment=alignment, border=BORDER)


def _prepared(ws: Any, **style: Any) -> Any:
    """A style made once through openpyxl's setters, as the index array each cell keeps.

    Each ``cell.font = …`` hashes the style object to find it in the workbook,
    about 50 µs; body cells are made with the array instead (``Cell(style_array=…)``).
    """
    scratch = Cell(ws)
    for name, value in style.items():
        setattr(scratch, name, value)
    return scratch._style


def _section_row(ws: Any, row: int, width: int, title: str) -> None:
    _across(ws, row, width, title, _HEADER, "center")
    for column in range(1, width + 1):
        ws.cell(row=row, column=column).border = BORDER  # a merged range shows the borders of every cell
    ws.row_dimensions[row].height = LINE_HEIGHT * 1.5


def _data_row(ws: Any, row: int, texts: list[str], spans: list[int], styles: list[Any], border: Any) -> None:
    for number, (text, span, style) in enumerate(zip(texts, spans, styles, strict=True), start=1):
        if span == 0:
            continue  # covered by the merge started above
        _place(ws, Cell(ws, row=row, column=number, value=spreadsheet_text(text), style_array=style))
        if span > 1:
            for covered in _merge(ws, row, number, row + span - 1, number):
                covered._style = copy(border)  # a merged range shows the borders of every cell


def _place(ws: Any, cell: Any) -> None:
    """Put a cell made by the caller where ``ws.cell(row, column)`` would make one."""
    ws._cells[cell.row, cell.column] = cell


def _merge(ws: Any, top: int, left: int, bottom: int, right: int) -> list[MergedCell]:
    """``ws.merge_cells`` without its check of the new range against every earlier one.

    That check makes merging quadratic (2 s for the 1,500 merges of a 2,000-row
    plan), and the layout never overlaps merges. As merge_cells does, every cell
    but the first becomes a MergedCell; unlike it, their borders are left to the caller.
    """
    coordinates = f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}"
    merged = MergedCellRange(ws, coordinates)
    ws.merged_cells.ranges.add(merged)
    covered = [MergedCell(ws, row, column) for row, column in islice(merged.cells, 1, None)]
    for cell in covered:
        _place(ws, cell)
    return covered


def _fit_heights(
    ws: Any, first: int, columns: list[Column], texts: list[list[str]], spans: list[list[int]]
) -> None:
    """Row heights from the wrapped text, since no spreadsheet sizes rows with merged cells itself."""
    heights = [LINE_HEIGHT] * len(texts)
    merged: list[tuple[int, int, float]] = []  # (first index, span, height needed)
    for index, (row_texts, row_spans) in enumerate(zip(texts, spans, strict=True)):
        for column, text, span in zip(columns, row_texts, row_spans, strict=True):
            if span == 1:
                heights[index] = max(heights[index], _text_height(text, column))
            elif span > 1:
                merged.append((index, span, _text_height(text, column)))
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
    wide = sum(map(len, _WIDE.findall(text)))
    return _DIGIT_WIDTH * (len(text) - wide) + _WIDE_WIDTH * wide


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

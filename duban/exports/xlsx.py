"""Excel export of the plan in the office's table layout.

Title rows merged across, the office's header, merged category / task / unit
cells as in the Word export, wrapped text, a frozen and print-repeated header,
A4 landscape fitted to the page width. Every user string goes through
``spreadsheet_text``: nothing a user typed can become a formula.

A plan has thousands of cells, so the sheet is streamed (openpyxl's write-only
mode, rows written as they are made), body cells share styles made once
(``_prepared``) and merges skip openpyxl's check against every earlier merge
(``_Sheet.merge``): the public setters cost a 2,000-row plan about 3 s.
"""

from __future__ import annotations

import io
import math
import re
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet

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
Style = tuple[StyleArray, int]  # a style's index array, as each cell keeps it, and its number in the book
_WIDE = re.compile("[\u2e80-\U0010ffff]+")  # runs of CJK and full-width characters


def render_plan_xlsx(plan: PlanExport) -> bytes:
    """The plan as one worksheet laid out like the office's table."""
    workbook = openpyxl.Workbook(write_only=True)
    columns = table_columns(plan)
    sheet = _Sheet(workbook.create_sheet(SHEET_TITLE), len(columns))
    workbook.properties.title, workbook.properties.creator = strip_control(plan.title), "重点工作督查督办平台"
    header_row = 3 if plan.attachment_label else 2
    _page_setup(sheet.ws, columns, header_row)  # a streamed sheet takes its layout before its first row
    _title_rows(sheet, plan, len(columns))
    _header(sheet, columns)
    _body(sheet, plan, columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class _Sheet:
    """A write-only sheet filled from the top: each row goes out with its height and merges.

    openpyxl's write-only mode streams rows as they come instead of keeping every
    cell and sorting them all when saving, which made a 2,000-row plan's save half
    of its export time.
    """

    def __init__(self, ws: Any, width: int) -> None:
        self.ws, self.row = ws, 0
        # A streamed row is written out as it is appended, so one cell per column serves every row.
        self._cells = [_StyledCell(ws, row=1, column=column) for column in range(1, width + 1)]
        self._heights: dict[float, RowDimension] = {}
        # The cells come styled and placed (``cell``): openpyxl's own conversion would try each as
        # a value first and raise, and format, an error for every cell before taking it as a cell.
        ws._values_to_row = lambda cells, _row: cells

    def append(self, cells: list[Cell], height: float | None = None) -> None:
        """Write the next row: ``cells`` from ``cell``, left to right, merged-over ones left out."""
        self.row += 1
        if height is not None:
            self.ws.row_dimensions[self.row] = self._dimension(height)
        self.ws.append(cells)

    def _dimension(self, height: float) -> RowDimension:
        """Rows of one height share their RowDimension (the writer only reads it): a plan's rows
        have a handful of heights, and each RowDimension made costs its validated attributes."""
        if height not in self._heights:
            self._heights[height] = RowDimension(self.ws, ht=height)
        return self._heights[height]

    def merge_down(self, column: int, span: int) -> None:
        """Merge the next row's cell in ``column`` with the ``span - 1`` cells under it."""
        self.merge(self.row + 1, column, self.row + span, column)

    def merge(self, top: int, left: int, bottom: int, right: int) -> None:
        # Straight into the ranges: MultiCellRange.add compares with every earlier range (quadratic).
        self.ws.merged_cells.ranges.add(CellRange(min_col=left, min_row=top, max_col=right, max_row=bottom))

    def cell(self, column: int, value: str | None, style: Style) -> Cell:
        """The next row's cell in ``column``, with a style made once (``_prepared``): setting fonts
        costs 50 µs a cell. Valid until the row is appended."""
        cell = self._cells[column - 1]
        cell.row, cell.value, (cell._style, cell.known_style_id) = self.row + 1, value, style
        return cell


class _StyledCell(Cell):  # type: ignore[misc]  # openpyxl has no type hints
    """A cell that knows its style's number in the workbook: openpyxl's ``style_id`` looks it up,
    hashing the style, for every cell it writes."""

    __slots__ = ("known_style_id",)

    @property
    def style_id(self) -> int:
        return int(self.known_style_id)


def _title_rows(sheet: _Sheet, plan: PlanExport, width: int) -> None:
    """附件1 and the title, each merged across the table."""
    if plan.attachment_label:
        label = _prepared(sheet.ws, font=Font(name=HEADING_FONT, size=LABEL_SIZE), alignment=_across("left"))
        _merged_across(sheet, [sheet.cell(1, spreadsheet_text(plan.attachment_label), label)], width)
    title = _prepared(sheet.ws, font=Font(name=TITLE_FONT, size=TITLE_SIZE), alignment=_across("center"))
    _merged_across(sheet, [sheet.cell(1, spreadsheet_text(plan.title), title)], width, TITLE_SIZE * 2)


def _across(horizontal: str) -> Alignment:
    return Alignment(horizontal=horizontal, vertical="center", wrap_text=True)


def _merged_across(sheet: _Sheet, cells: list[Cell], width: int, height: float | None = None) -> None:
    """A row of ``cells`` (the first holding the text) merged across the table's ``width`` columns."""
    if width > 1:
        sheet.merge(sheet.row + 1, 1, sheet.row + 1, width)
    sheet.append(cells, height)


def _header(sheet: _Sheet, columns: list[Column]) -> None:
    style = _prepared(sheet.ws, font=_HEADER, alignment=_across("center"), border=BORDER)
    height = max(_text_height(column.heading, column) for column in columns)
    sheet.append([sheet.cell(n, column.heading, style) for n, column in enumerate(columns, start=1)], height)


def _body(sheet: _Sheet, plan: PlanExport, columns: list[Column]) -> None:
    styles = [_body_style(sheet.ws, column) for column in columns]
    border = _prepared(sheet.ws, border=BORDER)
    for section in plan.sections:
        if shows_section_row(plan, section):
            _section_row(sheet, len(columns), section.title, border)
        spans = section_spans(section.rows)
        texts = [[cell_text(data, column) for column in columns] for data in section.rows]
        row_spans = [[spans.of(column, index) for column in columns] for index in range(len(texts))]
        heights = _fitted_heights(columns, texts, row_spans)
        for row_texts, spans_of_row, height in zip(texts, row_spans, heights, strict=True):
            _data_row(sheet, row_texts, spans_of_row, styles, border, height)


def _body_style(ws: Any, column: Column) -> Style:
    horizontal = "center" if column in CENTRED_COLUMNS else "left"
    alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=True)
    return _prepared(ws, font=_BODY, alignment=alignment, border=BORDER)


def _prepared(ws: Any, **style: Any) -> Style:
    """A style made once through openpyxl's setters, as the index array each cell keeps and its number.

    Each ``cell.font = …`` hashes the style object to find it in the workbook,
    about 50 µs; body cells are given the array and number instead (``_Sheet.cell``).
    """
    scratch = Cell(ws)
    for name, value in style.items():
        setattr(scratch, name, value)
    return scratch._style, scratch.style_id


def _section_row(sheet: _Sheet, width: int, title: str, border: Style) -> None:
    style = _prepared(sheet.ws, font=_HEADER, alignment=_across("center"), border=BORDER)
    cells = [sheet.cell(1, spreadsheet_text(title), style)]
    # A merged range shows the borders of every cell it covers.
    cells += [sheet.cell(column, None, border) for column in range(2, width + 1)]
    _merged_across(sheet, cells, width, LINE_HEIGHT * 1.5)


def _data_row(
    sheet: _Sheet,
    texts: list[str],
    spans: list[int],
    styles: list[Style],
    border: Style,
    height: float,
) -> None:
    cells: list[Cell] = []
    for number, (text, span, style) in enumerate(zip(texts, spans, styles, strict=True), start=1):
        if span == 0:  # covered by a merge started above; a merged range shows every cell's borders
            cells.append(sheet.cell(number, None, border))
            continue
        cells.append(sheet.cell(number, spreadsheet_text(text), style))
        if span > 1:
            sheet.merge_down(number, span)
    sheet.append(cells, height)


def _fitted_heights(columns: list[Column], texts: list[list[str]], spans: list[list[int]]) -> list[float]:
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
    return heights


def _text_height(text: str, column: Column) -> float:
    usable = column.weight * WIDTH_PER_WEIGHT - 1  # the cell's own padding
    lines = sum(max(1, math.ceil(_display_width(line) / usable)) for line in text.split("\n"))
    return lines * LINE_HEIGHT + 4


def _display_width(text: str) -> float:
    """Width in Excel units: a CJK or full-width character is about two digits wide."""
    wide = sum(map(len, _WIDE.findall(text)))
    return _DIGIT_WIDTH * (len(text) - wide) + _WIDE_WIDTH * wide


def _page_setup(ws: Any, columns: list[Column], header_row: int) -> None:
    """Column widths, the header frozen on screen; on paper A4 landscape, fitted to the width,
    the header on every page."""
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.weight * WIDTH_PER_WEIGHT
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0  # 0: as many pages tall as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top, ws.page_margins.bottom = 0.7, 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"

"""The plan as an Excel sheet in the office's layout, and nothing a user typed runs as a formula."""

from __future__ import annotations

import io
import itertools
import statistics
from pathlib import Path
from typing import Any

import openpyxl
import pdfplumber
import pytest
from openpyxl.cell.cell import MergedCell

from duban.exports import ExportRow, ExportSection, PlanExport, render_plan_xlsx
from duban.exports.layout import OFFICE_COLUMNS, section_spans, shows_section_row
from duban.exports.text import spreadsheet_text, strip_control
from tests.formulas import FORMULA_LOOKALIKES

HEADER_ROW = 3  # 附件1, the title, then the header
TARGET_COLUMN, PROGRESS_COLUMN = 4, 5


@pytest.fixture(scope="module")
def sheet(exported: dict[str, Path]) -> Any:
    return openpyxl.load_workbook(exported["plan.xlsx"]).active


def _merged_range_at(ws: Any, row: int, column: int) -> Any:
    return next(r for r in ws.merged_cells.ranges if r.min_row == row and r.min_col == column)


def test_the_title_rows_are_merged_across_the_table(sheet: Any) -> None:
    assert sheet["A1"].value == "附件1"
    assert sheet["A2"].value == "霞客湾科学城2025年重点工作安排表"
    assert _merged_range_at(sheet, 2, 1).max_col == len(OFFICE_COLUMNS)


def test_the_header_names_the_office_columns(sheet: Any) -> None:
    values = [c.value for c in sheet[HEADER_ROW]]
    assert values[:3] == ["序号", "主要任务", "重点工作"] and values[-2:] == ["牵头单位", "责任单位"]


def test_categories_and_units_are_merged_as_in_the_word_export(sheet: Any) -> None:
    first = HEADER_ROW + 1
    category = _merged_range_at(sheet, first, 2)
    assert (sheet.cell(first, 2).value, category.max_row) == ("体制机制", first + 4)  # tasks 1–5
    assert isinstance(sheet.cell(first + 1, 2), MergedCell)
    assert _merged_range_at(sheet, first + 3, 7).max_row == first + 4  # 霞科办 leads tasks 4 and 5
    assert _merged_range_at(sheet, first + 2, 8).max_row == first + 4  # the four towns, tasks 3–5


def test_the_section_row_is_merged_across(sheet: Any) -> None:
    row = next(c.row for c in sheet["A"] if c.value == "校地合作“八个一”工作清单")
    assert _merged_range_at(sheet, row, 1).max_col == len(OFFICE_COLUMNS)


def test_the_saved_file_has_every_merge_of_the_layout(sheet: Any, seed_export: PlanExport) -> None:
    """Merges are added in bulk, not through ws.merge_cells: the file must still hold each one."""
    expected = 0
    for section in seed_export.sections:
        expected += shows_section_row(seed_export, section)  # a section row is merged across
        expected += sum(n > 1 for spans in section_spans(section.rows).by_column.values() for n in spans)
    assert len([r for r in sheet.merged_cells.ranges if r.min_row > HEADER_ROW]) == expected > 20


def test_every_cell_of_a_merged_range_has_the_table_borders(sheet: Any, exported: dict[str, Path]) -> None:
    """Read as stored: openpyxl's normal reader redraws a merged-over cell's borders from the first cell's."""
    stored = openpyxl.load_workbook(exported["plan.xlsx"], read_only=True).active
    cells = {(c.row, c.column): c for row in stored.iter_rows(min_row=HEADER_ROW + 1) for c in row}
    body = [r for r in sheet.merged_cells.ranges if r.min_row > HEADER_ROW]
    merged = [cells[coordinate] for r in body for coordinate in r.cells]
    assert len(merged) > 100
    for cell in merged:
        sides = (cell.border.left, cell.border.right, cell.border.top, cell.border.bottom)
        assert {side.style for side in sides} == {"thin"}, cell.coordinate


def test_body_cells_wrap_from_the_top(sheet: Any) -> None:
    body = [
        c for row in sheet.iter_rows(min_row=HEADER_ROW + 1) for c in row if not isinstance(c, MergedCell)
    ]
    assert len(body) > 400
    assert all(c.alignment.wrap_text for c in body)
    assert {c.alignment.vertical for c in body if c.value and c.column != 1} == {"top"}


def test_columns_are_as_wide_as_their_content_needs(sheet: Any) -> None:
    width = {letter: sheet.column_dimensions[letter].width for letter in "ADEG"}
    assert width["A"] * 3 < width["D"] and width["A"] * 3 < width["E"]
    assert width["G"] >= 8 * 2.2  # an eight-character unit name on one line


def test_the_header_is_frozen_and_printed_on_every_page(sheet: Any) -> None:
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"


def test_it_prints_on_a4_landscape_fitted_to_the_width(sheet: Any) -> None:
    setup = sheet.page_setup
    assert setup.orientation == "landscape"
    assert str(setup.paperSize) == "9"  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)


def _hostile_plan() -> PlanExport:
    rows = [
        ExportRow(seq=str(i), category="安全", title=f"任务{i}", target=target, progress="进展\x07顺利\x1b。")
        for i, target in enumerate(FORMULA_LOOKALIKES, start=1)
    ]
    return PlanExport(title="=恶意标题", sections=[ExportSection("=恶意标题", rows)])


@pytest.fixture(scope="module")
def hostile_sheet() -> Any:
    return openpyxl.load_workbook(io.BytesIO(render_plan_xlsx(_hostile_plan()))).active


def test_text_that_looks_like_a_formula_comes_back_as_a_quoted_string(hostile_sheet: Any) -> None:
    targets = [hostile_sheet.cell(row, TARGET_COLUMN) for row in range(3, 3 + len(FORMULA_LOOKALIKES))]
    assert [c.value for c in targets] == ["'" + t for t in FORMULA_LOOKALIKES]
    assert {c.data_type for c in targets} == {"s"}
    assert hostile_sheet["A1"].value == "'=恶意标题" and hostile_sheet["A1"].data_type == "s"


def test_control_characters_are_stripped_not_fatal(hostile_sheet: Any) -> None:
    assert hostile_sheet.cell(3, PROGRESS_COLUMN).value == "进展顺利。"


def test_control_characters_in_the_title_are_stripped_from_the_properties_too() -> None:
    plan = PlanExport(
        title="表\x01", sections=[ExportSection("表", [ExportRow(seq="1", category="", title="x")])]
    )
    workbook = openpyxl.load_workbook(io.BytesIO(render_plan_xlsx(plan)))
    assert workbook.properties.title == "表" and workbook.active["A1"].value == "表"


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("  +1", "'  +1"),
        ("\t=1", "'\t=1"),
        ("-", "'-"),
        ("@", "'@"),
        ("霞科办", "霞科办"),
        ("1-2月", "1-2月"),
        ("", ""),
        ("a\x00b\x1fc\ud800d", "abcd"),
    ],
)
def test_spreadsheet_text(text: str, cell: str) -> None:
    assert spreadsheet_text(text) == cell


def test_strip_control_covers_everything_openpyxl_refuses() -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    every_control = "".join(chr(c) for c in range(32))
    assert not ILLEGAL_CHARACTERS_RE.search(strip_control(every_control))
    assert strip_control(every_control) == "\t\n\r"


def _empty_lines_under_text(pdf_path: Path) -> list[float]:
    """For each table row on the first pages of LibreOffice's print of the sheet: the empty space
    between the row's lowest line of text and its bottom border, in lines of body text.

    Rows are the bands between the table's horizontal rules; text from the 重点工作 column on
    (the first two columns hold tall merged cells whose text belongs to many rows).
    """
    empty: list[float] = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages[:4]:
            rules = sorted(
                {round(e["top"], 1) for e in page.edges if e["orientation"] == "h" and e["width"] > 30}
            )
            left = sorted({round(e["x0"], 1) for e in page.edges if e["orientation"] == "v"})[2]
            words = [w for w in page.extract_words() if w["x0"] > left]
            for top, bottom in itertools.pairwise(rules):
                inside = [w for w in words if top <= w["top"] < bottom]
                if inside:
                    line = statistics.median(w["height"] for w in inside) * 1.4  # text height, line pitch
                    empty.append((bottom - max(w["bottom"] for w in inside)) / line)
    return empty


def test_row_heights_fit_their_text_when_printed(exported_pdfs: dict[str, Path]) -> None:
    empty = _empty_lines_under_text(exported_pdfs["plan.xlsx"])
    assert len(empty) > 20
    assert statistics.mean(empty) < 0.8, f"rows keep {statistics.mean(empty):.1f} empty lines on average"
    assert max(empty) < 3, f"a row keeps {max(empty):.1f} empty lines under its text"
    assert min(empty) > -0.5, "a row's text runs past its bottom border"


def test_row_heights_follow_the_amount_of_text(sheet: Any) -> None:
    """A row of one short line is one line tall; the 183-character 完成情况 of task 4 takes its
    lines at about fifteen characters each in a column of 31 units, not more."""
    heights = {ws_row: sheet.row_dimensions[ws_row].height for ws_row in range(HEADER_ROW + 1, 30)}
    progress = {row: str(sheet.cell(row=row, column=PROGRESS_COLUMN).value or "") for row in heights}
    long_row = next(row for row, text in progress.items() if len(text) > 180)
    assert 11 * 14.6 <= heights[long_row] <= 14 * 14.6 + 4

"""The building database as .xlsx: what a user typed is written as text, never run as a formula."""

from __future__ import annotations

import io

import openpyxl

from duban.buildings.exports import render_buildings_xlsx
from duban.buildings.models import Building
from duban.buildings.sheet import BY_FIELD, COLUMNS, read_text
from duban.units.models import Unit
from tests.buildings.conftest import MakeBuilding
from tests.formulas import FORMULA_LOOKALIKES

NOTE_COLUMN = next(number for number, c in enumerate(COLUMNS, start=1) if c.field == "note")


def _exported_notes(make_building: MakeBuilding, unit: Unit) -> list[str]:
    for number, text in enumerate(FORMULA_LOOKALIKES, start=1):
        make_building(unit, f"演示·楼宇{number}", note=text)
    content = render_buildings_xlsx(Building.objects.select_related("unit").order_by("name"))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [sheet.cell(row, NOTE_COLUMN) for row in range(2, sheet.max_row + 1)]
    assert {c.data_type for c in cells} == {"s"}
    return [c.value for c in cells]


def test_text_that_looks_like_a_formula_is_exported_quoted(
    make_building: MakeBuilding, qingyang: Unit
) -> None:
    assert _exported_notes(make_building, qingyang) == ["'" + text for text in FORMULA_LOOKALIKES]


def test_the_import_reads_a_quoted_cell_back_as_typed(make_building: MakeBuilding, qingyang: Unit) -> None:
    notes = _exported_notes(make_building, qingyang)
    assert [read_text(note, BY_FIELD["note"]) for note in notes] == FORMULA_LOOKALIKES

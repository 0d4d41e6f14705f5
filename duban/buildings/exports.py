"""The building database and the score sheet as .xlsx, in the same columns the import reads.

Text that a spreadsheet would take for a formula (= + - @ at the start) is written
with a leading apostrophe, and the import strips it again.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from duban.buildings.models import Building, Carrier, EvaluationScheme
from duban.buildings.sheet import COLUMNS
from duban.exports.text import spreadsheet_text

DATE_FORMAT = 'yyyy"年"m"月"d"日"'
WIDTHS = {"name": 32, "unit": 14, "address": 30, "owner": 24, "note": 30}


def _value(building: Building, field: str) -> object:
    if field == "unit":
        return spreadsheet_text(building.unit.name)
    value = getattr(building, field)
    if value is None:
        return None
    column = next(c for c in COLUMNS if c.field == field)
    if column.kind == "choice":
        return str(getattr(building, f"get_{field}_display")())
    if isinstance(value, Decimal | dt.date):
        return value
    return spreadsheet_text(str(value)) if value else None


def _header(ws: Any, headers: list[str]) -> None:  # openpyxl is untyped: its sheets are Any
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F0F0F0")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = "A2"


def render_buildings_xlsx(buildings: Iterable[Building]) -> bytes:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "楼宇信息库"
    _header(ws, [c.header for c in COLUMNS])
    for building in buildings:
        ws.append([_value(building, c.field) for c in COLUMNS])
        for column, cell in zip(COLUMNS, ws[ws.max_row], strict=True):
            if column.kind == "date":
                cell.number_format = DATE_FORMAT
            elif column.kind == "area":
                cell.number_format = "#,##0.##"
    for position, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(position)].width = WIDTHS.get(column.field, 16)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def render_scores_xlsx(
    scheme: EvaluationScheme, carriers: Iterable[Carrier], scores: dict[tuple[int, int], Decimal]
) -> bytes:
    """The score sheet for a scheme: one row per carrier, one column per indicator, values filled in."""
    indicators = list(scheme.indicators.all())
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = f"{scheme.year}年考评得分"
    _header(
        ws, ["载体名称", "所在楼宇", *(f"{i.name}（{i.unit}）" if i.unit else i.name for i in indicators)]
    )
    for carrier in carriers:
        values = [scores.get((carrier.pk, i.pk)) for i in indicators]
        ws.append([spreadsheet_text(carrier.name), spreadsheet_text(carrier.building.name), *values])
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 32
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

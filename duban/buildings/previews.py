"""What an import will do, shown before anything is stored, and re-checked when confirmed.

A building in the file is the stored one with the same name in the same unit
(镇街园区); columns present in the file are authoritative (a blank clears an
optional value), columns absent from it leave the stored values alone.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from duban.accounts.models import User
from duban.buildings.access import can_manage_buildings
from duban.buildings.choices import BuildingState
from duban.buildings.models import Building, BuildingImport, Carrier, EvaluationIndicator, EvaluationScheme
from duban.buildings.services.buildings import TRACKED, field_label, shown
from duban.buildings.sheet import (
    BY_FIELD,
    CellError,
    Column,
    Problem,
    normal_header,
    read_area,
    read_choice,
    read_date,
    read_number,
    read_text,
)
from duban.exports.text import formula_unescape
from duban.units.choices import NameMatch
from duban.units.models import Unit
from duban.units.selectors import unit_names_match

NEW, UPDATED, UNCHANGED, INVALID = "new", "updated", "unchanged", "invalid"
KIND_LABELS = {NEW: "新增", UPDATED: "更新", UNCHANGED: "不变", INVALID: "有错误"}


@dataclass
class PreviewRow:
    number: int
    kind: str
    name: str
    shown: dict[str, str] = field(default_factory=dict)  # header → value as it will be stored
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)  # label → (old, new)
    problems: list[Problem] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    building: Building | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass
class BuildingImportPreview:
    batch: BuildingImport
    headers: list[str]
    rows: list[PreviewRow]
    problems: list[Problem]  # of the whole file

    @property
    def errors(self) -> list[Problem]:
        return [*self.problems, *(p for r in self.rows for p in r.problems)]

    def count(self, kind: str) -> int:
        return sum(1 for r in self.rows if r.kind == kind)

    @property
    def counts(self) -> dict[str, int]:
        return {kind: self.count(kind) for kind in KIND_LABELS}

    def table(self) -> list[tuple[PreviewRow, list[str]]]:
        """Each row with its cells in the order of the headers."""
        return [(row, [row.shown.get(h, "") for h in self.headers]) for row in self.rows]


def building_import_preview(batch: BuildingImport, actor: User) -> BuildingImportPreview:
    data = batch.parsed
    columns = {name: int(col) for name, col in data["columns"].items()}
    units = _units(data["rows"], columns)
    existing = _existing(data["rows"], columns, units)
    seen: dict[tuple[int, str], int] = {}
    rows = []
    for raw in data["rows"]:
        row = _row(raw, columns, units, actor, existing)
        key = (row.values["unit"].pk, row.name) if isinstance(row.values.get("unit"), Unit) else None
        if key and key in seen:
            row.problems.append(Problem(f"与第{seen[key]}行重复（同一镇街园区的同名楼宇）", row=row.number))
        elif key:
            seen[key] = row.number
        if row.problems:
            row.kind = INVALID
        rows.append(row)
    headers = [BY_FIELD[name].header for name in columns]
    return BuildingImportPreview(batch, headers, rows, [Problem(p) for p in data["problems"]])


def _cell(raw: dict[str, Any], columns: dict[str, int], name: str) -> str:
    return str(raw["cells"].get(str(columns[name]), "")) if name in columns else ""


def _units(rows: list[dict[str, Any]], columns: dict[str, int]) -> dict[str, Unit]:
    names = [n for n in dict.fromkeys(_cell(r, columns, "unit").strip() for r in rows) if n]
    return {
        m.name: m.unit
        for m in unit_names_match(names)
        if m.unit is not None and m.match in (NameMatch.EXISTING, NameMatch.ALIAS)
    }


def _existing(
    rows: list[dict[str, Any]], columns: dict[str, int], units: dict[str, Unit]
) -> dict[tuple[int, str], Building]:
    names = {formula_unescape(_cell(r, columns, "name").strip()) for r in rows}
    stored = Building.objects.filter(unit__in=list(units.values()), name__in=names).select_related("unit")
    return {(b.unit_id, b.name): b for b in stored}


def _read(column: Column, text: str, units: dict[str, Unit]) -> Any:
    if column.kind == "area":
        return read_area(text)
    if column.kind == "date":
        return read_date(text)
    if column.kind == "choice":
        return read_choice(text, column) if text.strip() else ""
    if column.kind == "unit":
        unit = units.get(text.strip())
        if unit is None:
            raise CellError(f"“{text.strip()}”不在单位目录中，请先在单位目录中添加该单位或设置别名")
        return unit
    return read_text(text, column)


def _row(
    raw: dict[str, Any],
    columns: dict[str, int],
    units: dict[str, Unit],
    actor: User,
    existing: dict[tuple[int, str], Building],
) -> PreviewRow:
    row = PreviewRow(
        number=raw["number"], kind=NEW, name=formula_unescape(_cell(raw, columns, "name").strip())
    )
    for name, col in columns.items():
        column, text = BY_FIELD[name], _cell(raw, columns, name)
        try:
            if column.required and not text.strip():
                raise CellError("必填，不能为空")
            row.values[name] = _read(column, text, units)
        except CellError as error:
            row.problems.append(Problem(str(error), row=row.number, column=col, header=column.header))
    _check_unit(row, columns, actor)
    if row.problems:
        row.shown = {BY_FIELD[n].header: _cell(raw, columns, n) for n in columns}
        return row
    row.building = existing.get((row.values["unit"].pk, row.name))
    _compare(row, columns)
    return row


def _check_unit(row: PreviewRow, columns: dict[str, int], actor: User) -> None:
    unit = row.values.get("unit")
    if isinstance(unit, Unit) and not can_manage_buildings(actor) and unit.pk != actor.unit_id:
        message = f"只能导入本单位（{actor.unit}）的楼宇"
        row.problems.append(Problem(message, row=row.number, column=columns["unit"], header="所属镇街园区"))


def _compare(row: PreviewRow, columns: dict[str, int]) -> None:
    """Build the building as it would be stored, check it, and diff it against the stored one."""
    if not row.values.get("building_state"):
        if row.building is None:
            row.values["building_state"] = BuildingState.IDLE
        else:
            row.values.pop("building_state", None)
    candidate = copy.copy(row.building) if row.building else Building()
    for name, value in row.values.items():
        setattr(candidate, name, value)
    try:
        candidate.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            row.problems.append(
                Problem("；".join(messages), row=row.number, column=columns.get(name), header=_header(name))
            )
        return
    row.shown = {BY_FIELD[n].header: shown(candidate, n) for n in columns}
    if row.building is not None:
        row.changes = {
            field_label(Building, n): (shown(row.building, n), shown(candidate, n))
            for n in TRACKED
            if shown(row.building, n) != shown(candidate, n)
        }
        row.kind = UPDATED if row.changes else UNCHANGED


def _header(name: str) -> str:
    return BY_FIELD[name].header if name in BY_FIELD else ""


# ---------------------------------------------------------------- evaluation scores


@dataclass
class ScoreRow:
    number: int
    carrier_name: str
    carrier: Carrier | None = None
    values: dict[int, Decimal | None] = field(default_factory=dict)  # indicator id → value (None: blank)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ScoreImportPreview:
    batch: BuildingImport
    scheme: EvaluationScheme
    indicators: list[EvaluationIndicator]
    rows: list[ScoreRow]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [*self.problems, *(p for r in self.rows for p in r.problems)]


def score_import_preview(batch: BuildingImport, visible: QuerySet[Carrier]) -> ScoreImportPreview:
    """``visible`` is the queryset of carriers the actor may score (the office: all of them)."""
    assert batch.scheme is not None
    scheme, data = batch.scheme, batch.parsed
    headers: dict[str, int] = data["headers"]
    indicators = list(scheme.indicators.all())
    problems = [Problem(f"缺少指标列“{i.name}”") for i in indicators if normal_header(i.name) not in headers]
    columns = {i.pk: headers[normal_header(i.name)] for i in indicators if normal_header(i.name) in headers}
    carriers = list(visible.select_related("building"))
    rows = [_score_row(raw, headers, columns, carriers) for raw in data["rows"]]
    return ScoreImportPreview(batch, scheme, indicators, rows, problems)


def _score_row(
    raw: dict[str, Any], headers: dict[str, int], columns: dict[int, int], carriers: list[Carrier]
) -> ScoreRow:
    cells = raw["cells"]
    name = str(cells.get(str(headers["载体名称"]), "")).strip()
    building = str(cells.get(str(headers.get("所在楼宇", 0)), "")).strip()
    row = ScoreRow(number=raw["number"], carrier_name=name)
    matches = [c for c in carriers if c.name == name and (not building or c.building.name == building)]
    if len(matches) != 1:
        message = "找不到该载体" if not matches else "有多个同名载体，请填写“所在楼宇”列"
        row.problems.append(Problem(f"“{name}”{message}", row=row.number, column=headers["载体名称"]))
    else:
        row.carrier = matches[0]
    for indicator, column in columns.items():
        try:
            row.values[indicator] = read_number(str(cells.get(str(column), "")))
        except CellError as error:
            row.problems.append(Problem(str(error), row=row.number, column=column))
    return row

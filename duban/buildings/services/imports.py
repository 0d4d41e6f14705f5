"""Importing the building survey and carrier scores through the intake pipeline.

The upload passes the gate and its first sheet is kept on the batch as rows of cell
texts; the preview and the confirmation both read those rows, so the office confirms
exactly what it saw. A file with any error is refused as a whole when confirmed:
nothing of it is stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from duban.accounts.models import User
from duban.buildings.access import carriers_visible_to
from duban.buildings.choices import ChangeSource, ImportKind
from duban.buildings.models import BuildingImport, EvaluationScheme
from duban.buildings.previews import (
    NEW,
    UNCHANGED,
    UPDATED,
    BuildingImportPreview,
    ScoreImportPreview,
    building_import_preview,
    score_import_preview,
)
from duban.buildings.services.buildings import building_create, building_update
from duban.buildings.services.evaluations import scores_set
from duban.buildings.sheet import building_columns, find_header, first_sheet, require_workbook, sheet_rows
from duban.ingest import IngestError, Where
from duban.ingest.model import Document, Table
from duban.intake.importers import Applied, Importer, PreviewT
from duban.intake.services import intake_apply, intake_upload

MAX_ROWS = 5000


def building_import_upload(*, actor: User, chunks: Iterable[bytes], file_name: str) -> BuildingImport:
    """Store and parse an uploaded survey; a file that cannot be read leaves nothing behind."""
    return intake_upload(importer=BuildingsImporter(actor=actor), chunks=chunks, file_name=file_name)


def building_import_apply(*, actor: User, batch: BuildingImport) -> dict[str, int]:
    """Create the new buildings and update the changed ones, all or nothing."""
    return intake_apply(importer=BuildingsImporter(actor=actor), batch=batch).changes


def score_import_upload(
    *, actor: User, scheme: EvaluationScheme, chunks: Iterable[bytes], file_name: str
) -> BuildingImport:
    importer = ScoresImporter(actor=actor, scheme=scheme)
    return intake_upload(importer=importer, chunks=chunks, file_name=file_name)


def score_import_apply(*, actor: User, batch: BuildingImport) -> int:
    """Store every non-blank value of the file, all or nothing; return how many were stored."""
    if batch.scheme is None:
        raise ValidationError("该导入不是考评得分，不能按得分导入")
    applied = intake_apply(importer=ScoresImporter(actor=actor, scheme=batch.scheme), batch=batch)
    return int(applied.changes["scores"])


class _Workbook(Importer[BuildingImport, dict[str, Any], PreviewT]):
    """The first sheet of an .xlsx, kept on its batch as rows of cell texts."""

    def admit(self, file_name: str) -> None:
        require_workbook(file_name)

    def dump(self, doc: dict[str, Any]) -> dict[str, Any]:
        return doc


@dataclass
class BuildingsImporter(_Workbook[BuildingImportPreview]):
    """The building survey: new buildings created, matched ones updated with their history."""

    actor: User

    def new_batch(self) -> BuildingImport:
        return BuildingImport(kind=ImportKind.BUILDINGS)

    def read(self, document: Document) -> dict[str, Any]:
        table, header_row, headers = _headed_sheet(
            document, "楼宇名称", "“楼宇名称”“所属镇街园区”“建筑面积”等列名"
        )
        columns, problems = building_columns(headers)
        rows = _rows(table, header_row, document.file)
        return {"sheet": table.name, "columns": columns, "problems": [str(p) for p in problems], "rows": rows}

    def preview(self, batch: BuildingImport) -> BuildingImportPreview:
        return building_import_preview(batch, self.actor)

    def apply(self, batch: BuildingImport, preview: BuildingImportPreview) -> Applied:
        for row in preview.rows:
            if row.kind == NEW:
                building_create(actor=self.actor, values=row.values, source=ChangeSource.IMPORT)
            elif row.kind == UPDATED and row.building is not None:
                building_update(
                    actor=self.actor, building=row.building, values=row.values, source=ChangeSource.IMPORT
                )
        return Applied(subject=batch, changes={k: preview.count(k) for k in (NEW, UPDATED, UNCHANGED)})


@dataclass
class ScoresImporter(_Workbook[ScoreImportPreview]):
    """Carrier scores for one evaluation scheme: one column per indicator."""

    actor: User
    scheme: EvaluationScheme

    def new_batch(self) -> BuildingImport:
        return BuildingImport(kind=ImportKind.SCORES, scheme=self.scheme)

    def read(self, document: Document) -> dict[str, Any]:
        table, header_row, headers = _headed_sheet(document, "载体名称", "“载体名称”和各项指标名称")
        return {"sheet": table.name, "headers": headers, "rows": _rows(table, header_row, document.file)}

    def preview(self, batch: BuildingImport) -> ScoreImportPreview:
        return score_import_preview(batch, carriers_visible_to(self.actor))

    def apply(self, batch: BuildingImport, preview: ScoreImportPreview) -> Applied:
        values = {
            (row.carrier.pk, indicator): value
            for row in preview.rows
            if row.carrier is not None
            for indicator, value in row.values.items()
            if value is not None
        }
        scores_set(actor=self.actor, scheme=preview.scheme, values=values)
        return Applied(subject=batch, changes={"scores": len(values)})


def _headed_sheet(document: Document, required: str, expected: str) -> tuple[Table, int, dict[str, int]]:
    """The first sheet with its header row (number, header → column), found by its required column."""
    table = first_sheet(document)
    found = find_header(table, required)
    if found is None:
        raise IngestError(f"找不到表头：应有一行写着{expected}", where=Where(file=document.file))
    return table, *found


def _rows(table: Table, header_row: int, file_name: str) -> list[dict[str, Any]]:
    rows = sheet_rows(table, header_row)
    if len(rows) > MAX_ROWS:
        raise IngestError(f"行数超过上限 {MAX_ROWS} 行，请拆分后分批导入", where=Where(file=file_name))
    return rows

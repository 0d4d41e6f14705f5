"""Importing the building survey and carrier scores: upload → preview → confirm, in one transaction.

The upload passes the gate (``check_file`` inside ``read_document``) and is parsed
into rows of cell texts kept on the batch; the preview and the confirmation both
read those rows, so the office confirms exactly what it saw. A file with any error
is refused as a whole when confirmed: nothing of it is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action, Result
from duban.auditlog.services import audit_record
from duban.buildings.access import carriers_visible_to
from duban.buildings.choices import ChangeSource, ImportKind
from duban.buildings.models import BuildingImport, EvaluationScheme
from duban.buildings.previews import NEW, UPDATED, building_import_preview, score_import_preview
from duban.buildings.services.buildings import building_create, building_update
from duban.buildings.services.evaluations import scores_set
from duban.buildings.sheet import building_columns, find_header, read_table, sheet_rows
from duban.core import clock
from duban.ingest import IngestError, Where
from duban.ingest.model import Table
from duban.plans.choices import ImportStatus
from duban.plans.services.uploads import store_upload, upload_relative

MAX_ROWS = 5000


def _upload(
    *,
    actor: User,
    chunks: Iterable[bytes],
    file_name: str,
    kind: ImportKind,
    parse: Callable[[Table, str], dict[str, Any]],
    scheme: EvaluationScheme | None = None,
) -> BuildingImport:
    path, sha256, size = store_upload(chunks, file_name=file_name, area="imports")
    try:
        parsed = parse(read_table(path, display_name=file_name), file_name)
    except IngestError as error:
        path.unlink(missing_ok=True)
        audit_record(actor=actor, action=Action.UPLOAD, result=Result.FAILURE, message=str(error))
        raise
    with transaction.atomic():
        batch = BuildingImport.objects.create(
            kind=kind,
            scheme=scheme,
            file_name=file_name,
            stored_path=upload_relative(path),
            sha256=sha256,
            size=size,
            parsed=parsed,
            created_by=actor,
        )
        audit_record(actor=actor, action=Action.UPLOAD, obj=batch, changes={"sha256": sha256, "size": size})
    return batch


def _rows(table: Table, header_row: int, file_name: str) -> list[dict[str, Any]]:
    rows = sheet_rows(table, header_row)
    if len(rows) > MAX_ROWS:
        raise IngestError(f"行数超过上限 {MAX_ROWS} 行，请拆分后分批导入", where=Where(file=file_name))
    return rows


def _parse_buildings(table: Table, file_name: str) -> dict[str, Any]:
    found = find_header(table, "楼宇名称")
    if found is None:
        raise IngestError(
            "找不到表头：应有一行写着“楼宇名称”“所属镇街园区”“建筑面积”等列名", where=Where(file=file_name)
        )
    header_row, headers = found
    columns, problems = building_columns(headers)
    rows = _rows(table, header_row, file_name)
    return {"sheet": table.name, "columns": columns, "problems": [str(p) for p in problems], "rows": rows}


def building_import_upload(*, actor: User, chunks: Iterable[bytes], file_name: str) -> BuildingImport:
    """Store and parse an uploaded survey; a file that cannot be read leaves nothing behind."""
    return _upload(
        actor=actor, chunks=chunks, file_name=file_name, kind=ImportKind.BUILDINGS, parse=_parse_buildings
    )


def _locked_pending(batch: BuildingImport) -> BuildingImport:
    batch = BuildingImport.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.PENDING:
        raise ValidationError(f"该导入已{batch.get_status_display()}，不能再次操作")
    return batch


def _applied(actor: User, batch: BuildingImport, counts: dict[str, int]) -> None:
    batch.status, batch.applied_at = ImportStatus.APPLIED, clock.now()
    batch.save(update_fields=["status", "applied_at"])
    audit_record(
        actor=actor,
        action=Action.IMPORT,
        obj=batch,
        changes={"file": batch.file_name, "sha256": batch.sha256, **counts},
    )


def building_import_apply(*, actor: User, batch: BuildingImport) -> dict[str, int]:
    """Create the new buildings and update the changed ones, all or nothing."""
    with transaction.atomic():
        batch = _locked_pending(batch)
        preview = building_import_preview(batch, actor)
        if preview.errors:
            raise ValidationError([str(p) for p in preview.errors[:20]])
        for row in preview.rows:
            if row.kind == NEW:
                building_create(actor=actor, values=row.values, source=ChangeSource.IMPORT)
            elif row.kind == UPDATED and row.building is not None:
                building_update(
                    actor=actor, building=row.building, values=row.values, source=ChangeSource.IMPORT
                )
        counts = {k: preview.count(k) for k in ("new", "updated", "unchanged")}
        _applied(actor, batch, counts)
    return counts


def import_discard(*, actor: User, batch: BuildingImport) -> None:
    with transaction.atomic():
        batch = _locked_pending(batch)
        batch.status = ImportStatus.DISCARDED
        batch.save(update_fields=["status"])
        audit_record(
            actor=actor, action=Action.UPDATE, obj=batch, changes={"status": ["pending", "discarded"]}
        )


# ---------------------------------------------------------------- scores


def _parse_scores(table: Table, file_name: str) -> dict[str, Any]:
    found = find_header(table, "载体名称")
    if found is None:
        raise IngestError("找不到表头：应有一行写着“载体名称”和各项指标名称", where=Where(file=file_name))
    header_row, headers = found
    return {"sheet": table.name, "headers": headers, "rows": _rows(table, header_row, file_name)}


def score_import_upload(
    *, actor: User, scheme: EvaluationScheme, chunks: Iterable[bytes], file_name: str
) -> BuildingImport:
    return _upload(
        actor=actor,
        chunks=chunks,
        file_name=file_name,
        kind=ImportKind.SCORES,
        parse=_parse_scores,
        scheme=scheme,
    )


def score_import_apply(*, actor: User, batch: BuildingImport) -> int:
    """Store every non-blank value of the file, all or nothing; return how many were stored."""
    with transaction.atomic():
        batch = _locked_pending(batch)
        preview = score_import_preview(batch, carriers_visible_to(actor))
        if preview.errors:
            raise ValidationError([str(p) for p in preview.errors[:20]])
        values = {
            (row.carrier.pk, indicator): value
            for row in preview.rows
            if row.carrier is not None
            for indicator, value in row.values.items()
            if value is not None
        }
        scores_set(actor=actor, scheme=preview.scheme, values=values)
        _applied(actor, batch, {"scores": len(values)})
    return len(values)

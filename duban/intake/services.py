"""The pipeline: store an upload and read it into a batch, then confirm it once or discard it.

Every step is audited with its actor; confirming re-checks the preview and stores it in
one transaction, so a file is either wholly imported, with one audit row saying so, or
not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action, Result
from duban.auditlog.services import audit_record
from duban.core import clock
from duban.ingest import IngestError, read_document
from duban.intake.choices import ImportStatus
from duban.intake.importers import Applied, BatchT, Importer, PreviewT
from duban.intake.models import IntakeBatch
from duban.intake.storage import CHUNK, store_upload, upload_path, upload_relative

AREA = "imports"  # the folder under UPLOAD_DIR that keeps imported files
ERRORS_SHOWN = 20  # a refused confirmation names this many problems at most


def intake_upload(*, importer: Importer[BatchT, Any, Any], chunks: Iterable[bytes], file_name: str) -> BatchT:
    """Store an upload, check and read it into a pending batch; a file that cannot be read
    leaves nothing behind but the audit row of its refusal."""
    path, sha256, size = store_upload(chunks, file_name=file_name, area=AREA)
    try:
        importer.admit(file_name)
        doc = importer.read(read_document(path, display_name=file_name))
    except IngestError as error:
        path.unlink(missing_ok=True)
        audit_record(actor=importer.actor, action=Action.UPLOAD, result=Result.FAILURE, message=str(error))
        raise
    batch = importer.new_batch()
    batch.file_name, batch.stored_path = file_name, upload_relative(path)
    batch.sha256, batch.size, batch.parsed = sha256, size, importer.dump(doc)
    batch.created_by = importer.actor if importer.actor and importer.actor.pk else None
    with transaction.atomic():
        batch.save(force_insert=True)
        audit_record(
            actor=importer.actor, action=Action.UPLOAD, obj=batch, changes={"sha256": sha256, "size": size}
        )
    return batch


def intake_upload_file(*, importer: Importer[BatchT, Any, Any], path: Path) -> BatchT:
    """The command line's way in: the same upload, fed from a file on disk."""
    with path.open("rb") as f:
        return intake_upload(importer=importer, chunks=iter(lambda: f.read(CHUNK), b""), file_name=path.name)


def intake_apply(*, importer: Importer[BatchT, Any, PreviewT], batch: BatchT) -> Applied:
    """Confirm a pending batch in one transaction: its preview worked out again and refused
    if it shows errors, then stored, the batch marked applied and the import audited."""
    with transaction.atomic():
        _lock_pending(batch)
        preview = importer.preview(batch)
        if preview.errors:
            raise ValidationError([str(e) for e in preview.errors[:ERRORS_SHOWN]])
        applied = importer.apply(batch, preview)
        batch.status, batch.applied_at = ImportStatus.APPLIED, clock.now()
        batch.save(update_fields=["status", "applied_at", *applied.batch_fields])
        changes = {"file": batch.file_name, "sha256": batch.sha256, **applied.changes}
        audit_record(actor=importer.actor, action=Action.IMPORT, obj=applied.subject, changes=changes)
    return applied


def intake_discard(*, actor: User | None, batch: IntakeBatch) -> None:
    """Discard a pending batch; its stored file is deleted once the discard is committed."""
    with transaction.atomic():
        _lock_pending(batch)
        batch.status = ImportStatus.DISCARDED
        batch.save(update_fields=["status"])
        audit_record(
            actor=actor, action=Action.UPDATE, obj=batch, changes={"status": ["pending", "discarded"]}
        )
        transaction.on_commit(partial(upload_path(batch.stored_path).unlink, missing_ok=True))


def _lock_pending(batch: IntakeBatch) -> None:
    """Read the batch's status again, locked until the transaction ends, so that two
    confirmations (two tabs, a double click) cannot both pass; refuse unless pending."""
    # IntakeBatch is abstract: lock the row in its own kind's table.
    locked = type(batch)._default_manager.select_for_update()
    batch.refresh_from_db(from_queryset=locked, fields=["status"])
    if batch.status != ImportStatus.PENDING:
        raise ValidationError(f"该导入已{batch.get_status_display()}，不能再次操作")

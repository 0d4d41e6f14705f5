"""The pipeline: store an upload and read it into a batch, then confirm it once or discard it.

Every step is audited with its actor; confirming re-checks the preview and stores it in
one transaction, so a file is either wholly imported, with one audit row saying so, or
not at all.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action, Result
from duban.auditlog.services import audit_record
from duban.core import clock
from duban.ingest import IngestError, NeedsMapping, read_document
from duban.ingest.layout import Layout as LayoutSpec
from duban.ingest.layout import propose_layouts
from duban.ingest.model import Document
from duban.intake.choices import ImportStatus, LayoutOrigin
from duban.intake.importers import Applied, BatchT, Importer, PreviewT
from duban.intake.layouts import HeaderOf, header_of, layout_remember, layout_used, saved_layout_for
from duban.intake.models import IntakeBatch, Layout
from duban.intake.storage import CHUNK, store_upload, upload_path, upload_relative

AREA = "imports"  # the folder under UPLOAD_DIR that keeps imported files
ERRORS_SHOWN = 20  # a refused confirmation names this many problems at most


def intake_upload(
    *,
    importer: Importer[BatchT, Any, Any],
    chunks: Iterable[bytes],
    file_name: str,
    layout: LayoutSpec | None = None,
    saved_layout: Layout | None = None,
) -> BatchT:
    """Store an upload, check and read it into a pending batch; a file that cannot be read
    leaves nothing behind but the audit row of its refusal.

    A file read with a remembered layout (版式) whose header it shares, or with the layout
    given (the command line's ``--layout``), says so on its batch. A file the importer cannot
    read but that has a grid is kept, waiting for a person to map its columns (待映射).
    """
    path, sha256, size = store_upload(chunks, file_name=file_name, area=AREA)
    try:
        importer.admit(file_name)
        reading = _read(importer, read_document(path, display_name=file_name), layout, saved_layout)
    except IngestError as error:
        path.unlink(missing_ok=True)
        audit_record(actor=importer.actor, action=Action.UPLOAD, result=Result.FAILURE, message=str(error))
        raise
    batch = importer.new_batch()
    batch.file_name, batch.stored_path = file_name, upload_relative(path)
    batch.sha256, batch.size = sha256, size
    batch.parsed = importer.dump(reading.doc) if reading.doc is not None else {}
    batch.status = ImportStatus.PENDING if reading.doc is not None else ImportStatus.NEEDS_MAPPING
    _keep_layout(batch, reading.layout, reading.header, reading.origin)
    batch.created_by = importer.actor if importer.actor and importer.actor.pk else None
    changes: dict[str, Any] = {"sha256": sha256, "size": size}
    if reading.origin in (LayoutOrigin.SAVED, LayoutOrigin.MAPPED):
        changes["layout"] = [
            LayoutOrigin(reading.origin).label,
            reading.layout.name if reading.layout else "",
        ]
    with transaction.atomic():
        batch.save(force_insert=True)
        audit_record(
            actor=importer.actor,
            action=Action.UPLOAD,
            obj=batch,
            changes=changes,
            message=f"自动识别未能读出，待映射：{reading.refusal}" if reading.refusal else "",
        )
    return batch


@dataclass
class _Reading:
    doc: Any  # the importer's document; None when the file waits for a person's mapping
    layout: LayoutSpec | None = None
    header: HeaderOf | None = None
    origin: LayoutOrigin = LayoutOrigin.NONE
    refusal: str = ""  # why auto-detection could not read the file (待映射)


def _read(
    importer: Importer[BatchT, Any, Any],
    document: Document,
    layout: LayoutSpec | None,
    saved_layout: Layout | None,
) -> _Reading:
    if saved_layout is not None:
        layout = LayoutSpec.from_dict({**saved_layout.spec, "name": saved_layout.name})
    if layout is not None:
        origin = LayoutOrigin.SAVED if saved_layout is not None else LayoutOrigin.MAPPED
        header = header_of(document, layout)
        return _Reading(importer.read_with_layout(document, layout), layout, header, origin)
    if not importer.mappable:
        return _Reading(importer.read(document))
    saved = saved_layout_for(document)
    if saved is not None:
        try:
            doc = importer.read_with_layout(document, saved[1])
        except IngestError:
            pass  # the header matches but the rows do not read: auto-detection tries its own way
        else:
            return _Reading(doc, saved[1], header_of(document, saved[1]), LayoutOrigin.SAVED)
    try:
        doc = importer.read(document)
    except IngestError as error:
        # A grid whose header auto-detection cannot find goes to a person (the parser says so
        # with NeedsMapping); a grid it reads but whose rows are wrong is refused with the place,
        # as are a file with no grid and what the parser recognises as no task list (an
        # indicator matrix, a 通报 without its ledger).
        if not isinstance(error, NeedsMapping):
            raise
        return _Reading(None, refusal=str(error))
    proposal = next((p for p in propose_layouts(document) if p.layout is not None), None)
    if proposal is None or proposal.layout is None:
        return _Reading(doc)
    return _Reading(doc, proposal.layout, header_of(document, proposal.layout), LayoutOrigin.AUTO)


def _keep_layout(
    batch: IntakeBatch, layout: LayoutSpec | None, header: HeaderOf | None, origin: LayoutOrigin
) -> None:
    batch.layout = {**layout.as_dict(), "header": header.texts if header else []} if layout else {}
    batch.layout_fingerprint = header.fingerprint if header else ""
    batch.layout_origin = origin


def batch_layout(batch: IntakeBatch) -> LayoutSpec | None:
    """The layout a batch was read with, if any."""
    return LayoutSpec.from_dict(batch.layout) if batch.layout else None


def intake_upload_file(
    *,
    importer: Importer[BatchT, Any, Any],
    path: Path,
    layout: LayoutSpec | None = None,
    saved_layout: Layout | None = None,
) -> BatchT:
    """The command line's way in: the same upload, fed from a file on disk."""
    with path.open("rb") as f:
        chunks = iter(lambda: f.read(CHUNK), b"")
        return intake_upload(
            importer=importer, chunks=chunks, file_name=path.name, layout=layout, saved_layout=saved_layout
        )


def intake_remap(*, importer: Importer[BatchT, Any, Any], batch: BatchT, layout: LayoutSpec) -> BatchT:
    """Read a kept batch's file again as a person mapped it (待映射 or pending alike): the batch
    keeps the new reading and its layout and waits for confirmation. A mapping that does not
    read raises IngestError (LayoutError) in Chinese and leaves the batch as it was."""
    if batch.status not in (ImportStatus.PENDING, ImportStatus.NEEDS_MAPPING):
        raise ValidationError(f"该导入已{batch.get_status_display()}，不能再次操作")
    document = read_document(upload_path(batch.stored_path), display_name=batch.file_name)
    doc = importer.read_with_layout(document, layout)
    header = header_of(document, layout)
    with transaction.atomic():
        _lock(batch, ImportStatus.PENDING, ImportStatus.NEEDS_MAPPING)
        before = batch.status
        batch.parsed, batch.status = importer.dump(doc), ImportStatus.PENDING
        _keep_layout(batch, layout, header, LayoutOrigin.MAPPED)
        batch.save(update_fields=["parsed", "status", "layout", "layout_fingerprint", "layout_origin"])
        audit_record(
            actor=importer.actor,
            action=Action.UPDATE,
            obj=batch,
            changes={"status": [before, batch.status], "layout": layout.as_dict()},
            message="按人工映射的列重新识别",
        )
    return batch


def intake_apply(*, importer: Importer[BatchT, Any, PreviewT], batch: BatchT) -> Applied:
    """Confirm a pending batch in one transaction: its preview worked out again and refused
    if it shows errors, then stored, the batch marked applied and the import audited.

    The preview is worked out before the transaction when the importer can say what it read
    (its basis): SQLite's write lock, which every other user's save waits for, is then held
    for the writes alone, and a basis changed meanwhile works the preview out again inside.
    What follows from the stored rows is written after the commit (``Importer.committed``)."""
    with _collector_paused():
        basis = importer.basis(batch)
        early = importer.preview(batch) if basis is not None else None
        if early is not None:
            importer.prepare(early)
        with transaction.atomic():
            _lock(batch, ImportStatus.PENDING)
            if early is None or importer.basis(batch) != basis:
                early = importer.preview(batch)
            applied = _apply_locked(importer, batch, early)
        importer.committed(applied)
        return applied


def _apply_locked(importer: Importer[BatchT, Any, PreviewT], batch: BatchT, preview: PreviewT) -> Applied:
    if preview.errors:
        raise ValidationError([str(e) for e in preview.errors[:ERRORS_SHOWN]])
    applied = importer.apply(batch, preview)
    batch.status, batch.applied_at = ImportStatus.APPLIED, clock.now()
    batch.save(update_fields=["status", "applied_at", *applied.batch_fields])
    changes = {"file": batch.file_name, "sha256": batch.sha256, **applied.changes}
    remembered = _layout_confirmed(importer.actor, batch)
    if remembered is not None:
        changes["layout"] = remembered.name
    audit_record(actor=importer.actor, action=Action.IMPORT, obj=applied.subject, changes=changes)
    return applied


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for an import's bulk work: a 4,000-row file
    makes hundreds of thousands of short-lived objects, and each collection they trigger walks
    every live object again (a third of a large confirmation's time). It resumes after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def intake_discard(*, actor: User | None, batch: IntakeBatch) -> None:
    """Discard a pending batch; its stored file is deleted once the discard is committed."""
    with transaction.atomic():
        _lock(batch, ImportStatus.PENDING, ImportStatus.NEEDS_MAPPING)
        before, batch.status = batch.status, ImportStatus.DISCARDED
        batch.save(update_fields=["status"])
        audit_record(actor=actor, action=Action.UPDATE, obj=batch, changes={"status": [before, "discarded"]})
        transaction.on_commit(partial(upload_path(batch.stored_path).unlink, missing_ok=True))


def _layout_confirmed(actor: User | None, batch: IntakeBatch) -> Layout | None:
    """Confirming a mapping a person made remembers it as a layout (版式); confirming a file
    read with a saved layout counts one more use of it."""
    spec = batch_layout(batch)
    if spec is None or not batch.layout_fingerprint:
        return None
    if batch.layout_origin == LayoutOrigin.MAPPED:
        header = HeaderOf(list(batch.layout.get("header", [])), batch.layout_fingerprint)
        return layout_remember(actor=actor, spec=spec, header=header, default_name=_title(batch))
    if batch.layout_origin == LayoutOrigin.SAVED:
        saved = Layout.objects.filter(fingerprint=batch.layout_fingerprint).first()
        if saved is not None:
            layout_used(layout=saved)
        return saved
    return None


def _title(batch: IntakeBatch) -> str:
    """A name for the batch's layout: its document's title, or its file's name."""
    title = batch.parsed.get("title") if isinstance(batch.parsed, dict) else None
    return str(title or Path(batch.file_name).stem)


def _lock(batch: IntakeBatch, *allowed: ImportStatus) -> None:
    """Read the batch's status again, locked until the transaction ends, so that two
    confirmations (two tabs, a double click) cannot both pass; refuse unless in an allowed state."""
    # IntakeBatch is abstract: lock the row in its own kind's table.
    locked = type(batch)._default_manager.select_for_update()
    batch.refresh_from_db(from_queryset=locked, fields=["status"])
    if batch.status not in allowed:
        raise ValidationError(f"该导入已{batch.get_status_display()}，不能再次操作")

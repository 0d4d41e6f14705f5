"""Attachments to a report: photos and documents, checked, checksummed, kept outside the web root."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.freshness import plan_status_scope
from duban.common.refusals import Refused
from duban.ingest import IngestError, Where
from duban.ingest.safety import check_file
from duban.intake.storage import shortened_name, store_upload, upload_relative
from duban.plans.services.tasks import task_refuse_if_closed
from duban.reporting import access
from duban.reporting.models import ProgressReport, ReportAttachment

# Extension -> (content type, leading bytes); Office files go through the upload gate instead.
_SIGNED = {
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".pdf": ("application/pdf", b"%PDF-"),
}
_OFFICE = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ACCEPTED = ", ".join(sorted({*_SIGNED, *_OFFICE}))
_NAME_LIMIT = 255  # ReportAttachment.file_name's max_length


@dataclass(frozen=True)
class StoredFile:
    """An upload that passed the checks, kept under UPLOAD_DIR."""

    file_name: str
    stored_path: str
    sha256: str
    size: int
    content_type: str


def upload_store_checked(*, chunks: Iterable[bytes], file_name: str, area: str) -> StoredFile:
    """An attachment's bytes stored and checked: a known type whose content matches it, not empty.
    A file that fails is removed again and refused with its name."""
    suffix = Path(file_name).suffix.lower()
    if suffix not in _SIGNED and suffix not in _OFFICE:
        raise IngestError(f"附件只接受 {ACCEPTED} 文件", where=Where(file=file_name))
    path, sha256, size = store_upload(chunks, file_name=file_name, area=area)
    if size == 0:
        path.unlink(missing_ok=True)
        raise IngestError("文件是空的（0 字节），请检查后重新上传", where=Where(file=file_name))
    try:
        content_type = _checked_type(path, suffix, file_name)
    except IngestError:
        path.unlink(missing_ok=True)
        raise
    name = shortened_name(Path(file_name).name, _NAME_LIMIT)
    return StoredFile(name, upload_relative(path), sha256, size, content_type)


def attachment_add(
    *, actor: User, report: ProgressReport, chunks: Iterable[bytes], file_name: str
) -> ReportAttachment:
    if not (
        access.is_lead_reporter(actor, report.task) or access.is_responsible_reporter(actor, report.task)
    ):
        raise Refused("只有牵头或责任单位的填报员可以上传附件")
    task_refuse_if_closed(report.task)
    stored = upload_store_checked(chunks=chunks, file_name=file_name, area="attachments")
    with transaction.atomic():
        attachment = ReportAttachment.objects.create(
            report=report,
            file_name=stored.file_name,
            stored_path=stored.stored_path,
            sha256=stored.sha256,
            size=stored.size,
            content_type=stored.content_type,
            uploaded_by=actor,
        )
        audit_record(
            actor=actor,
            action=Action.UPLOAD,
            obj=report,
            changes={"attachment": file_name, "sha256": stored.sha256},
            message=f"上传附件“{file_name}”",
            scope=plan_status_scope(report.task.plan_id),
        )
    return attachment


def _checked_type(path: Path, suffix: str, file_name: str) -> str:
    if suffix in _OFFICE:
        check_file(path, display_name=file_name)
        return _OFFICE[suffix]
    content_type, magic = _SIGNED[suffix]
    with path.open("rb") as f:
        if not f.read(len(magic)).startswith(magic):
            raise IngestError(f"文件内容与扩展名 {suffix} 不符", where=Where(file=file_name))
    return content_type

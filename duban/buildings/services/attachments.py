"""Photos and documents on a building: stored outside the web root, checked, checksummed.

Office documents pass the ingest gate (``check_file``); photos and PDFs, which that
gate does not know, must at least be what their name says, judged by their first
bytes. Nothing is ever served inline: downloads go through an authorised view.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePath

from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action, Result
from duban.auditlog.services import audit_record
from duban.buildings.choices import ChangeSource
from duban.buildings.models import Building, BuildingAttachment
from duban.buildings.services.buildings import history_write
from duban.ingest.errors import IngestError, Where
from duban.ingest.safety import KINDS as DOCUMENT_KINDS
from duban.ingest.safety import check_file
from duban.intake.storage import shortened_name, store_upload, upload_relative

SIGNATURES = {
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "pdf": (b"%PDF-",),
}
ALLOWED = (*SIGNATURES, *DOCUMENT_KINDS)
# Built from the two lists the gate checks, so the message never leaves out a kind it accepts.
REFUSED_KIND = "只接受照片和 PDF（{}）以及文档（{}）".format(
    " ".join(f".{kind}" for kind in SIGNATURES), " ".join(f".{kind}" for kind in DOCUMENT_KINDS)
)
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def check_attachment(path: Path, *, display_name: str) -> str:
    """The attachment's kind after its gate passed; IngestError (in Chinese) otherwise."""
    kind = PurePath(display_name).suffix.lower().lstrip(".")
    where = Where(file=display_name)
    if kind not in ALLOWED:
        raise IngestError(REFUSED_KIND, where=where)
    if kind in DOCUMENT_KINDS:
        return check_file(path, display_name=display_name)
    with path.open("rb") as stream:
        head = stream.read(16)
    if not head:
        raise IngestError("文件是空的（0 字节），请检查后重新上传", where=where)
    if not head.startswith(SIGNATURES[kind]):
        raise IngestError(f"文件内容不是 .{kind} 文件，请确认文件类型后重新上传", where=where)
    return "jpg" if kind == "jpeg" else kind


def safe_file_name(name: str) -> str:
    """The name as shown and offered for download: no folders, no control characters."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?')
    return shortened_name(cleaned, 200) or "附件"


def attachment_add(
    *, actor: User, building: Building, chunks: Iterable[bytes], file_name: str, description: str = ""
) -> BuildingAttachment:
    name = safe_file_name(file_name)
    path, sha256, size = store_upload(chunks, file_name=name, area="buildings")
    try:
        kind = check_attachment(path, display_name=name)
    except IngestError as error:
        path.unlink(missing_ok=True)
        audit_record(
            actor=actor, action=Action.UPLOAD, obj=building, result=Result.FAILURE, message=str(error)
        )
        raise
    with transaction.atomic():
        attachment = BuildingAttachment(
            building=building,
            file_name=name,
            stored_path=upload_relative(path),
            sha256=sha256,
            size=size,
            kind=kind,
            description=description,
            uploaded_by=actor,
        )
        attachment.full_clean()
        attachment.save()
        history_write(building, actor, source=ChangeSource.ATTACHMENT, on=None, rows=[("", "附件", "", name)])
        audit_record(
            actor=actor,
            action=Action.UPLOAD,
            obj=attachment,
            changes={"building": building.name, "file_name": file_name, "sha256": sha256, "size": size},
        )
    return attachment


def attachment_download_record(*, actor: User, attachment: BuildingAttachment) -> None:
    audit_record(actor=actor, action=Action.DOWNLOAD, obj=attachment, changes={"sha256": attachment.sha256})

"""Handing files back: exports and downloads with a safe Content-Disposition, each audited."""

from __future__ import annotations

from django.db import models
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def file_response(*, actor: User, obj: models.Model, data: bytes, file_name: str, fmt: str) -> HttpResponse:
    """The bytes as a download named file_name (RFC 6266, UTF-8 for Chinese), recorded as an export."""
    audit_record(actor=actor, action=Action.EXPORT, obj=obj, message=file_name, changes={"bytes": len(data)})
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response

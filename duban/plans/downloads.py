"""Handing files back: exports and downloads with a safe Content-Disposition, each audited."""

from __future__ import annotations

from django.db import models
from django.http import HttpResponse

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.downloads import attachment

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def file_response(*, actor: User, obj: models.Model, data: bytes, file_name: str, fmt: str) -> HttpResponse:
    """The bytes as a download named file_name (RFC 6266, UTF-8 for Chinese), recorded as an export."""
    audit_record(actor=actor, action=Action.EXPORT, obj=obj, message=file_name, changes={"bytes": len(data)})
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = attachment(file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response

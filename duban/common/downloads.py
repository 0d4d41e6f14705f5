"""The header that hands a response back as a named download."""

from __future__ import annotations

from django.utils.http import content_disposition_header


def attachment(file_name: str) -> str:
    """Content-Disposition for a download named file_name (RFC 6266, UTF-8 for Chinese names)."""
    header = content_disposition_header(as_attachment=True, filename=file_name)
    assert header is not None  # Django gives None only for an inline response without a name
    return header

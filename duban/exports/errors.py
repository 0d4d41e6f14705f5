"""The one error an export raises: a message in Chinese that a user can act on."""

from __future__ import annotations


class ExportError(Exception):
    """An export could not be produced (LibreOffice missing, failed or too slow)."""

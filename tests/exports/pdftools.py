"""Reading PDFs back with poppler-utils (pdftotext), as a person copying text from them would."""

from __future__ import annotations

import subprocess
from pathlib import Path


def pdf_text(pdf: Path) -> str:
    """The PDF's text with all whitespace removed (lines wrap wherever the page ends)."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    return "".join(result.stdout.decode("utf-8").split())

"""Reading offices' key-work tables and plans: ``parse_file(path) -> PlanDoc``.

This package and ``duban.core`` never import Django (a test proves it), so the
parser runs anywhere: the CLI, the web app's import service, the benchmarks.
"""

from __future__ import annotations

import hashlib
import tempfile
import zipfile
from pathlib import Path

from duban.core.plan import PlanDoc
from duban.ingest.encoding import decode_html, decode_text
from duban.ingest.errors import IngestError, NeedsMapping, Where
from duban.ingest.interpret import interpret_document
from duban.ingest.layout import Layout
from duban.ingest.legacy import TARGET, convert_legacy
from duban.ingest.model import Document
from duban.ingest.readers.csv import read_csv_document
from duban.ingest.readers.docx import read_docx_document
from duban.ingest.readers.html import read_html_document
from duban.ingest.readers.text import read_text_document
from duban.ingest.readers.xlsx import read_xlsx_document
from duban.ingest.safety import check_file

__all__ = ["IngestError", "NeedsMapping", "PlanDoc", "Where", "parse_file", "read_document"]


def parse_file(path: Path, *, display_name: str | None = None, layout: Layout | None = None) -> PlanDoc:
    """Read and interpret one file (as the layout says, if any); IngestError in Chinese names the place."""
    return interpret_document(read_document(path, display_name=display_name), layout)


def read_document(path: Path, *, display_name: str | None = None) -> Document:
    """Check a file at the gate and read it into the table model, whatever its format."""
    name = display_name or path.name
    kind = check_file(path, display_name=name)
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    if kind in TARGET:
        with tempfile.TemporaryDirectory(prefix="duban-convert-") as tmp:
            converted = convert_legacy(path, kind, Path(tmp), display_name=name)
            check_file(converted, display_name=str(Path(name).with_suffix(f".{TARGET[kind]}")))
            return _read(converted, TARGET[kind], name, sha256)
    return _read(path, kind, name, sha256)


def _read(path: Path, kind: str, name: str, sha256: str) -> Document:
    try:
        if kind == "docx":
            return read_docx_document(path, file=name, sha256=sha256)
        if kind == "xlsx":
            return read_xlsx_document(path, file=name, sha256=sha256)
        if kind == "pdf":
            # pdfplumber, pdfminer and Pillow cost about 11 MB: loaded only when a PDF arrives.
            from duban.ingest.readers.pdf import read_pdf_document

            return read_pdf_document(path, file=name, sha256=sha256)
        if kind in ("html", "htm"):
            page, _encoding = decode_html(path.read_bytes(), display_name=name)
            return read_html_document(page, file=name, sha256=sha256)
        text, _encoding = decode_text(path.read_bytes(), display_name=name)
        if kind == "csv":
            return read_csv_document(text, file=name, sha256=sha256)
        return read_text_document(text, file=name, sha256=sha256)
    except IngestError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        # The gate has already refused what it can recognise; this is a file the
        # library could not make sense of even so.
        raise IngestError(
            f"文件已损坏，无法按 .{kind} 格式读取（{type(exc).__name__}）", where=Where(file=name)
        ) from exc

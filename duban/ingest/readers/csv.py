"""CSV files: one table, delimiter sniffed among the ones offices' tools write."""

from __future__ import annotations

import csv
import io

from duban.ingest.errors import IngestError, Where
from duban.ingest.model import Cell, Document, Row, Table

_DELIMITERS = ",\t;|"


def read_csv_document(text: str, *, file: str, sha256: str) -> Document:
    """Read decoded CSV text into a one-table document."""
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=_DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    table = Table(name="表1")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for values in reader:
            number = len(table.rows) + 1
            cells = [Cell(text=v.strip(), row=number, column=i) for i, v in enumerate(values, start=1)]
            table.rows.append(Row(cells=cells, number=number, line=reader.line_num))
    except csv.Error as exc:
        raise IngestError(f"CSV 格式错误：{exc}", where=Where(file=file, line=reader.line_num)) from exc
    return Document(file=file, sha256=sha256, kind="csv", blocks=[table])

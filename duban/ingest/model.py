"""The one typed table model every reader produces, whatever the file format.

A document is an ordered list of blocks: paragraphs (text outside tables) and
tables. Merged cells are already resolved by the readers: a cell covered by a
merge carries its origin's text and ``merged=True``, so the interpreter never
needs to know whether the source was Word, Excel or a text export.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    text: str
    row: int  # 1-based row in its table (or sheet)
    column: int  # 1-based column
    merged: bool = False  # covered by a merge: text is the origin cell's
    origin: tuple[int, int] | None = None  # (row, column) of the merge origin when merged
    guess: float | None = None  # confidence (< 1) when structure recovery placed this cell by a guess


@dataclass
class Row:
    cells: list[Cell]
    number: int  # 1-based row number in the table or sheet
    line: int | None = None  # line in a text file where the row starts
    spanning: bool = False  # one cell spans the whole width (a section title in the source)

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def non_empty(self) -> list[Cell]:
        return [c for c in self.cells if c.text.strip()]


@dataclass
class Table:
    name: str  # 表1, 表2 … for documents; the sheet name for workbooks
    rows: list[Row] = field(default_factory=list)


@dataclass
class Paragraph:
    text: str
    number: int  # 1-based paragraph number in the document
    line: int | None = None


Block = Paragraph | Table


@dataclass
class Document:
    file: str  # the name shown to users
    sha256: str
    kind: str  # docx, xlsx, csv, txt
    blocks: list[Block] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

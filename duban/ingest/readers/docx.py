"""Word .docx files: paragraphs and tables in document order, merges resolved.

Word encodes a horizontal merge as one ``w:tc`` with ``w:gridSpan`` and a
vertical merge as a ``w:vMerge="restart"`` cell followed, in the rows below, by
``w:vMerge`` cells (no value means "continue") whose own text is empty. We walk
``w:tc`` elements ourselves instead of ``row.cells``, which repeats merge
origins and costs a quadratic lookup per cell; each covered grid position gets
its origin's text and ``merged=True``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

from duban.ingest.model import Block, Cell, Document, Paragraph, Row, Table

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_TC_PR, _GRID_SPAN, _V_MERGE, _VAL = qn("w:tcPr"), qn("w:gridSpan"), qn("w:vMerge"), qn("w:val")
_TEXT_OF = {_TAB: "\t", _BR: "\n", _CR: "\n"}


def read_docx_document(path: Path, *, file: str, sha256: str) -> Document:
    """Read a .docx into blocks of paragraphs and tables."""
    body = docx.Document(str(path)).element.body
    blocks: list[Block] = []
    tables = paragraphs = 0
    for element in body.iterchildren():
        if element.tag == _P:
            paragraphs += 1
            blocks.append(Paragraph(text=_paragraph_text(element), number=paragraphs))
        elif element.tag == _TBL:
            tables += 1
            blocks.append(_read_table(element, name=f"表{tables}"))
    return Document(file=file, sha256=sha256, kind="docx", blocks=blocks)


def _paragraph_text(p: Any) -> str:
    """Run text, tabs and line breaks, read straight from the XML (hyperlinks included)."""
    return "".join(e.text or "" if e.tag == _T else _TEXT_OF[e.tag] for e in p.iter(_T, _TAB, _BR, _CR))


def _merge_of(tc: Any) -> tuple[int, str | None]:
    """(gridSpan, vMerge value) of a cell; a bare ``w:vMerge`` means "continue"."""
    properties = tc.find(_TC_PR)
    if properties is None:
        return 1, None
    span = properties.find(_GRID_SPAN)
    merge = properties.find(_V_MERGE)
    vmerge = None if merge is None else merge.get(_VAL, "continue")
    return (int(span.get(_VAL, "1")) if span is not None else 1), vmerge


def _cell_text(tc: Any) -> str:
    return "\n".join(_paragraph_text(p) for p in tc.iterchildren(_P)).strip()


def _read_table(tbl: Any, *, name: str) -> Table:
    table = Table(name=name)
    above: dict[int, Cell] = {}  # grid column -> the cell last seen there, for vMerge
    width = len(tbl.tblGrid.gridCol_lst) if tbl.tblGrid is not None else 0
    for number, tr in enumerate(tbl.iterchildren(_TR), start=1):
        cells = _read_row(tr, number, above)
        spanning = len(tr.findall(_TC)) == 1 and len(cells) >= max(width, 2)
        table.rows.append(Row(cells=cells, number=number, spanning=spanning))
    return table


def _read_row(tr: Any, number: int, above: dict[int, Cell]) -> list[Cell]:
    cells: list[Cell] = []
    column = tr.grid_before + 1
    cells.extend(Cell(text="", row=number, column=c) for c in range(1, column))
    for tc in tr.iterchildren(_TC):
        span, vmerge = _merge_of(tc)
        origin = _origin_cell(tc, vmerge, number, column, above)
        for offset in range(span):
            cell = origin if offset == 0 else _covered(origin, number, column + offset)
            cells.append(cell)
            above[column + offset] = cell
        column += span
    return cells


def _origin_cell(tc: Any, vmerge: str | None, number: int, column: int, above: dict[int, Cell]) -> Cell:
    if vmerge == "continue" and column in above:
        source = above[column]
        start = source.origin or (source.row, source.column)
        return Cell(text=source.text, row=number, column=column, merged=True, origin=start)
    return Cell(text=_cell_text(tc), row=number, column=column)


def _covered(origin: Cell, number: int, column: int) -> Cell:
    start = origin.origin or (origin.row, origin.column)
    return Cell(text=origin.text, row=number, column=column, merged=True, origin=start)

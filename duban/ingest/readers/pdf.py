"""PDF files with a text layer (pdfplumber over pdfminer.six).

Ruled tables are read with ``find_tables``: a cell covered by a merge (pdfplumber gives
``None``) takes the text of the cell whose box covers it, as the other readers resolve
merges. A table that goes on over a page break continues the table before it when
nothing but the page number lies between them and the widths agree. Text outside the
tables becomes paragraphs, line by line. A PDF without any ruled table is read as text
lines, so that structure recovery can rebuild grids that lost their lines. A scan (no
characters anywhere) is refused with what to upload instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSException

from duban.ingest.errors import IngestError, Where
from duban.ingest.model import Block, Cell, Document, Paragraph, Row, Table
from duban.ingest.readers.text import read_text_document

MAX_PAGES = 500
SCANNED = (
    "这是扫描件（图片）PDF，没有文字层，无法读取其中的文字。请上传原始的 Word、WPS 或 Excel 文件；"
    "如只有纸质件或扫描件，请先用文字识别（OCR）软件转换为 Word 后再上传"
)
# — 3 —, -3-, 第3页, 第 3 页 共 10 页, 3/10: page furniture between a table and its continuation.
_PAGE_NUMBER = re.compile(r"^[\s\-—–－]*(第\s*)?\d+\s*(页)?(\s*共\s*\d+\s*页)?[\s\-—–－]*$|^\d+\s*/\s*\d+$")
_TABLE_SETTINGS: dict[str, Any] = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def read_pdf_document(path: Path, *, file: str, sha256: str) -> Document:
    """Read a PDF's tables and text into the table model; IngestError for scans and locked files."""
    where = Where(file=file)
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise IngestError(
                    f"PDF 有 {len(pdf.pages)} 页，超过上限 {MAX_PAGES} 页，请拆分后再上传", where=where
                )
            pages = [_read_page(page) for page in pdf.pages]
    except IngestError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise IngestError("PDF 设有打开密码或加密方式无法识别，请去掉密码后再上传", where=where) from exc
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise IngestError(f"文件已损坏，无法按 .pdf 格式读取（{type(exc).__name__}）", where=where) from exc
    if not any(chars for _, chars in pages):
        raise IngestError(SCANNED, where=where)
    items = [page for page, _ in pages]
    if not any(not isinstance(item, str) for page in items for item in page):
        lines = [
            item for page in items for item in page if isinstance(item, str) and not _PAGE_NUMBER.match(item)
        ]
        return read_text_document("\n".join(lines), file=file, sha256=sha256, kind="pdf")
    return Document(file=file, sha256=sha256, kind="pdf", blocks=_blocks(items))


# One page read: its items top to bottom, each a text line or a grid of (text, origin) cells.
_Grid = list[list[tuple[str, tuple[int, int] | None]]]
_Item = str | _Grid


def _read_page(page: Any) -> tuple[list[_Item], int]:
    """(the page's text lines outside tables and its tables, top to bottom; its character count)."""
    found = [t for t in page.find_tables(_TABLE_SETTINGS) if len(t.columns) > 1]
    boxes = [t.bbox for t in found]

    def outside(obj: dict[str, Any]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    rest = page.filter(outside) if boxes else page
    placed: list[tuple[float, _Item]] = [
        (float(line["top"]), str(line["text"])) for line in rest.extract_text_lines(return_chars=False)
    ]
    if found:
        chars = [ch for ch in page.chars if not ch["text"].isspace()]
        placed.extend((float(t.bbox[1]), _grid(t, chars)) for t in found)
    placed.sort(key=lambda item: item[0])
    return [item for _, item in placed], len(page.chars)


# (top, bottom, x0 of the first character, x1 of the last, width of the last) of each printed line.
_Line = tuple[float, float, float, float, float]


def _char_lines(chars: list[dict[str, Any]]) -> list[_Line]:
    """The page's characters grouped into lines by their vertical position."""
    lines: list[list[dict[str, Any]]] = []
    for char in sorted(chars, key=lambda ch: (round(ch["top"]), ch["x0"])):
        if lines and abs(lines[-1][0]["top"] - char["top"]) < 2:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [(g[0]["top"], g[0]["bottom"], g[0]["x0"], g[-1]["x1"], g[-1]["x1"] - g[-1]["x0"]) for g in lines]


def _unwrap(text: str, box: tuple[float, ...], chars: list[dict[str, Any]]) -> str:
    """Join the lines of a cell that the PDF only wrapped at the cell's edge; keep real line breaks.

    A printed line that reaches the cell's right edge (less than two characters' room left)
    was wrapped by the layout; one that stops short ended where the author pressed Enter.
    """
    parts = text.split("\n")
    if len(parts) < 2:
        return text
    x0, top, x1, bottom = box[:4]
    inside = [
        ch
        for ch in chars
        if x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1 and top <= (ch["top"] + ch["bottom"]) / 2 <= bottom
    ]
    mine = _char_lines(inside)
    if len(mine) != len(parts):
        return text
    joined = parts[0]
    for part, line in zip(parts[1:], mine, strict=False):
        wrapped = x1 - line[3] < 2 * max(line[4], 1.0)
        joined += part if wrapped else "\n" + part
    return joined


def _grid(table: Any, chars: list[dict[str, Any]]) -> _Grid:
    """The table's rows; a merged position (None) takes the text and origin of the box covering it."""
    raw: list[list[str | None]] = table.extract()
    boxes: dict[tuple[float, ...], tuple[str, tuple[int, int]]] = {}
    for r, (row, values) in enumerate(zip(table.rows, raw, strict=False), start=1):
        for c, (box, text) in enumerate(zip(row.cells, values, strict=False), start=1):
            if box is not None:
                text = _unwrap(text, box, chars) if text else ""
                raw[r - 1][c - 1] = text
                boxes[tuple(box)] = (text, (r, c))
    centres = [(col.bbox[0] + col.bbox[2]) / 2 for col in table.columns]
    grid: _Grid = []
    for row, values in zip(table.rows, raw, strict=False):
        y = (row.bbox[1] + row.bbox[3]) / 2
        line: list[tuple[str, tuple[int, int] | None]] = []
        for c, text in enumerate(values, start=1):
            if text is not None or c > len(centres):
                line.append((text or "", None))
                continue
            x = centres[c - 1]
            cover = next((b for b in boxes if b[0] <= x <= b[2] and b[1] <= y <= b[3]), None)
            line.append(boxes[cover] if cover else ("", None))
        grid.append(line)
    return grid


def _blocks(pages: Sequence[list[_Item]]) -> list[Block]:
    """Paragraphs and tables in order; a table split by a page break is joined back together."""
    blocks: list[Block] = []
    paragraphs = 0
    for items in pages:
        for item in items:
            if isinstance(item, str):
                if _PAGE_NUMBER.match(item):
                    continue
                paragraphs += 1
                blocks.append(Paragraph(text=item, number=paragraphs))
                continue
            last = blocks[-1] if blocks else None
            if isinstance(last, Table) and item and len(item[0]) == max(len(r.cells) for r in last.rows):
                _continue_split_row(last, item)
                _append_rows(last, item)
            else:
                table = Table(name=f"表{len([b for b in blocks if isinstance(b, Table)]) + 1}")
                _append_rows(table, item)
                blocks.append(table)
    return blocks


def _continue_split_row(table: Table, grid: _Grid) -> None:
    """A row broken by the page break: its rest (blank 序号, fewer cells) is joined to the row above."""
    first, previous = grid[0], table.rows[-1]
    filled = [text for text, _ in first if text.strip()]
    if first[0][0].strip() or not previous.cells[0].text.strip() or not filled:
        return
    if len(filled) >= len(previous.non_empty()) or len(previous.cells) != len(first):
        return
    previous.cells = [
        Cell(text=cell.text + text, row=cell.row, column=cell.column, merged=cell.merged, origin=cell.origin)
        for cell, (text, _) in zip(previous.cells, first, strict=True)
    ]
    del grid[0]


def _append_rows(table: Table, grid: _Grid) -> None:
    offset = len(table.rows)
    for r, values in enumerate(grid, start=1):
        number = offset + r
        cells = []
        for c, (text, origin) in enumerate(values, start=1):
            moved = (origin[0] + offset, origin[1]) if origin else None
            merged = moved is not None and moved != (number, c)
            cells.append(
                Cell(text=text.strip(), row=number, column=c, merged=merged, origin=moved if merged else None)
            )
        origins = {cell.origin or (cell.row, cell.column) for cell in cells}
        spanning = len(cells) > 1 and len(origins) == 1
        table.rows.append(Row(cells=cells, number=number, spanning=spanning))

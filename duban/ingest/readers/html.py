"""Web pages saved from a government site: tables with rowspan/colspan, and the text around them.

Pages lay themselves out with tables too (a banner, a menu, a frame around the article),
so only *leaf* tables — tables with no table inside — are data; a leaf table of one
column is a framed paragraph and reads as text. Everything else becomes paragraphs,
one per block element or ``<br>``-separated line, in document order. ``rowspan`` and
``colspan`` are resolved as the other readers resolve merges: every covered grid
position carries its origin's text with ``merged=True``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from duban.ingest.errors import IngestError, Where
from duban.ingest.model import Block, Cell, Document, Paragraph, Row, Table

_SKIPPED = frozenset(
    {"script", "style", "head", "noscript", "template", "iframe", "object", "select", "button"}
)
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol"}
    | {"table", "tr", "td", "th", "tbody", "thead", "tfoot", "center", "blockquote", "pre", "dd", "dt"}
    | {"header", "footer", "nav", "form", "caption", "title", "hr", "dl", "figure", "figcaption"}
)
# A merge larger than this is a broken page, not a table (and would cost memory).
_MAX_SPAN = 1000
_MAX_CELLS = 400_000
_SPACES = re.compile(r"[ \t\u00a0\u3000\r\f\v]+")


@dataclass
class _Walker:
    blocks: list[Block] = field(default_factory=list)
    line: list[str] = field(default_factory=list)
    paragraphs: int = 0
    tables: int = 0

    def flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.line)).strip()
        self.line = []
        if text:
            self.paragraphs += 1
            self.blocks.append(Paragraph(text=text, number=self.paragraphs))

    def walk(self, element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.lower() in _SKIPPED:
            self.line.append(element.tail or "")
            return
        if tag == "br":
            self.flush()
        elif tag == "table" and _is_data_table(element):
            self.flush()
            self.tables += 1
            self.blocks.append(_read_table(element, f"表{self.tables}"))
            self.line.append(element.tail or "")
            return
        block = tag.lower() in _BLOCKS
        if block:
            self.flush()
        if isinstance(element.tag, str):
            self.line.append(element.text or "")
            for child in element:
                self.walk(child)
        if block:
            self.flush()
        self.line.append(element.tail or "")


def read_html_document(text: str, *, file: str, sha256: str) -> Document:
    """Read a decoded web page into paragraphs and tables, in the order the page shows them."""
    # lxml refuses str input that still carries an XML declaration naming an encoding.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(
            "网页内容为空或无法解析，请在浏览器中另存为“网页，完整”后再上传", where=Where(file=file)
        ) from exc
    walker = _Walker()
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    return Document(file=file, sha256=sha256, kind="html", blocks=walker.blocks)


def _is_data_table(table: etree._Element) -> bool:
    """A table with no table inside it and at least two columns in some row."""
    if table.find(".//table") is not None:
        return False
    return any(
        len(_cells_of(tr)) > 1 or _span(_cells_of(tr)[0], "colspan") > 1
        for tr in _rows_of(table)
        if _cells_of(tr)
    )


def _rows_of(table: etree._Element) -> list[etree._Element]:
    return [tr for tr in table.iter("tr")]


def _cells_of(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]


def _span(cell: etree._Element, name: str) -> int:
    digits = re.match(r"\s*(\d+)", cell.get(name) or "")
    value = int(digits.group(1)) if digits else 1
    return min(max(value, 1), _MAX_SPAN)


def _cell_text(cell: etree._Element) -> str:
    """A cell's text with its own line breaks (<br>, <p>, <div>) kept, spaces tidied."""
    walker = _Walker()
    walker.line.append(cell.text or "")
    for child in cell:
        walker.walk(child)
    walker.flush()
    return "\n".join(p.text for p in walker.blocks if isinstance(p, Paragraph))


def _read_table(element: etree._Element, name: str) -> Table:
    grid: dict[tuple[int, int], Cell] = {}
    rows = _rows_of(element)
    width = 0
    for r, tr in enumerate(rows, start=1):
        c = 1
        for td in _cells_of(tr):
            while (r, c) in grid:
                c += 1
            text = _cell_text(td)
            rowspan = min(_span(td, "rowspan"), len(rows) - r + 1)
            colspan = _span(td, "colspan")
            if len(grid) + rowspan * colspan > _MAX_CELLS:
                raise IngestError("网页中的表格过大（合并单元格范围异常），无法读取", where=Where(file=name))
            for dr in range(rowspan):
                for dc in range(colspan):
                    merged = (dr, dc) != (0, 0)
                    grid[(r + dr, c + dc)] = Cell(
                        text=text, row=r + dr, column=c + dc, merged=merged, origin=(r, c) if merged else None
                    )
            c += colspan
            width = max(width, c - 1)
    table = Table(name=name)
    for r in range(1, len(rows) + 1):
        cells = [grid.get((r, c)) or Cell(text="", row=r, column=c) for c in range(1, width + 1)]
        while cells and not cells[-1].text.strip() and not cells[-1].merged:
            cells.pop()
        if not cells:
            continue
        origins = {cell.origin or (cell.row, cell.column) for cell in cells}
        spanning = width > 1 and len(cells) == width and len(origins) == 1
        table.rows.append(Row(cells=cells, number=r, spanning=spanning))
    return table

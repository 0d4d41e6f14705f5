"""Small python-docx helpers: pages, Chinese fonts, tables with merges, all as Word encodes them.

python-docx is untyped here (``Any``); these helpers keep its XML details out
of the renderers in ``docx.py``.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from copy import deepcopy
from typing import Any, NamedTuple

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc
from docx.shared import Emu, Length, Mm, Pt, RGBColor
from docx.table import _Cell

from duban.exports.text import strip_control

CENTER, LEFT, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
A4_SHORT, A4_LONG = Mm(210), Mm(297)
RED = RGBColor(0xE6, 0x00, 0x00)  # 红头 red
# GB/T 9704 margins for portrait notices; landscape tables get narrower ones to fit eight columns.
PORTRAIT_MARGINS = (Mm(37), Mm(35), Mm(28), Mm(26))  # top, bottom, left, right
LANDSCAPE_MARGINS = (Mm(25), Mm(20), Mm(20), Mm(20))
_BORDER_EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")
RESTART, CONTINUE = "restart", "continue"  # w:vMerge: the first cell of a vertical merge, a cell under it


def new_document(*, landscape: bool, body_font: str, title: str, made_on: dt.date, subject: str = "") -> Any:
    """An empty A4 document whose default text is Chinese, single-spaced, without paragraph gaps."""
    document = docx.Document()
    _page(document.sections[0], landscape=landscape)
    _chinese_defaults(document, body_font)
    _properties(document.core_properties, title=title, subject=subject, made_on=made_on)
    return document


def _properties(properties: Any, *, title: str, subject: str, made_on: dt.date) -> None:
    # python-docx refuses core properties longer than 255 characters.
    properties.title, properties.subject = strip_control(title)[:255], strip_control(subject)[:255]
    properties.author, properties.last_modified_by = "重点工作督查督办平台", ""
    properties.created = properties.modified = dt.datetime.combine(made_on, dt.time())
    properties.revision = 1


def _page(section: Any, *, landscape: bool) -> None:
    # Orientation alone does not turn the page: Word reads the width and height.
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (A4_LONG, A4_SHORT) if landscape else (A4_SHORT, A4_LONG)
    margins = LANDSCAPE_MARGINS if landscape else PORTRAIT_MARGINS
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = margins


def _chinese_defaults(document: Any, body_font: str) -> None:
    """Mark the default language as zh-CN (line breaking, font fallback) and drop the template's gaps."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    language = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    language.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    _set_font_names(document.styles["Normal"].element.get_or_add_rPr(), body_font)


def content_width(document: Any) -> int:
    section = document.sections[0]
    return int(section.page_width - section.left_margin - section.right_margin)


def set_font(run: Any, name: str, size: float, *, bold: bool = False) -> None:
    """Font and size of one run.

    ``run.font.name`` sets only the Latin slots (w:ascii, w:hAnsi); Chinese text
    is drawn with the w:eastAsia font, so every slot is set explicitly. The name
    is the official font (方正小标宋简体, 黑体, 仿宋_GB2312) or, for the PDF, its
    installed stand-in: 方正小标宋简体 → Noto Serif CJK SC, 黑体 → Noto Sans CJK SC,
    仿宋_GB2312 → FangSong → Noto Serif CJK SC (the chains are in fonts.py).
    """
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    _set_font_names(run._element.get_or_add_rPr(), name)


def _set_font_names(r_pr: Any, name: str) -> None:
    fonts = r_pr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


def add_text(
    container: Any, text: str, *, font: str, size: float, align: Any = None, bold: bool = False
) -> Any:
    """A paragraph of one run at the end of a document or cell."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    set_font(paragraph.add_run(strip_control(text)), font, size, bold=bold)
    return paragraph


def body_paragraph(document: Any, text: str, *, font: str, size: float) -> Any:
    """Running text of a notice: first line indented two characters, fixed line pitch."""
    paragraph = add_text(document, text, font=font, size=size, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(size * 1.75)
    return paragraph


def write_cell(cell: Any, text: str, *, font: str, size: float, centred: bool) -> None:
    """Cell text, one paragraph per line (how offices put one unit per line)."""
    lines = strip_control(text).split("\n")
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        # Left, not justified: justifying a narrow CJK column stretches a line before a Latin word.
        paragraph.alignment = CENTER if centred else LEFT
        set_font(paragraph.add_run(line), font, size)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def add_table(
    document: Any, headings: Sequence[str], weights: Sequence[int], *, font: str, size: float
) -> Any:
    """A bordered, centred, fixed-layout table with a header row that repeats on every page."""
    table = document.add_table(rows=1, cols=len(headings))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # fixed layout: Word and LibreOffice keep the widths we give
    _borders(table)
    widths = _widths(content_width(document), weights)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    header = table.rows[0]
    for cell, heading, width in zip(header.cells, headings, widths, strict=True):
        cell.width = width
        write_cell(cell, heading, font=font, size=size, centred=True)
    _header_row(header)
    return table


def _widths(total: int, weights: Sequence[int]) -> list[Any]:
    """Column widths in proportion to their weights, summing to the text width."""
    share = total // sum(weights)
    return [Emu(share * w) for w in weights]


def _borders(table: Any) -> None:
    """Single 0.5 pt lines on every edge, set on the table itself rather than trusting a style."""
    borders = OxmlElement("w:tblBorders")
    for edge in _BORDER_EDGES:
        line = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            line.set(qn(key), value)
        borders.append(line)
    table._tbl.tblPr.append(borders)


def _header_row(row: Any) -> None:
    """w:tblHeader repeats the row at the top of each page; w:cantSplit keeps it whole."""
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)


def merge_down(cell: Any, *, starts: bool) -> None:
    """Word's vertical merge: the first cell says "restart", those below it "continue"."""
    cell._tc.get_or_add_tcPr().vMerge_val = RESTART if starts else CONTINUE


class Cell(NamedTuple):
    """A body cell for ``TableRows``: its text, how it is aligned, its part in a vertical merge."""

    text: str
    centred: bool = False
    merge: str | None = None  # RESTART, CONTINUE (the cell stays empty) or None


class TableRows:
    """Appends body rows to a table, each cell a copy of a template that ``write_cell`` made.

    The XML is what ``add_row`` and ``write_cell`` would write, at a small part of
    the cost: python-docx adds each element through helpers that look up its place
    in the schema, about 1 ms a cell, where copying a finished cell takes microseconds.
    """

    def __init__(self, table: Any, *, font: str, size: float) -> None:
        self._table, self._font, self._size = table, font, size
        self._widths = [column.width for column in table.columns]
        self._templates: dict[tuple[Length, bool, str | None], Any] = {}

    def add(self, cells: Sequence[Cell]) -> None:
        row = self._table._tbl.add_tr()
        for width, cell in zip(self._widths, cells, strict=True):
            tc = deepcopy(self._template(width, cell.centred, cell.merge))
            if cell.merge != CONTINUE:
                _fill(tc, strip_control(cell.text).split("\n"))
            row.append(tc)

    def _template(self, width: Length, centred: bool, merge: str | None) -> Any:
        key = (width, centred, merge)
        if key not in self._templates:
            cell = _Cell(CT_Tc.new(), self._table)
            cell.width = width
            if merge:
                merge_down(cell, starts=merge == RESTART)
            if merge != CONTINUE:  # a covered cell keeps the bare empty paragraph add_row gives it
                write_cell(cell, "", font=self._font, size=self._size, centred=centred)
            self._templates[key] = cell._tc
        return self._templates[key]


def _fill(tc: Any, lines: list[str]) -> None:
    """Put one line into each paragraph of a copied cell, copying its one paragraph as needed."""
    paragraphs = [tc[-1], *(deepcopy(tc[-1]) for _ in lines[1:])]
    tc.extend(paragraphs[1:])
    for paragraph, line in zip(paragraphs, lines, strict=True):
        run = paragraph[-1]
        if "\t" in line or "\r" in line:
            run.text = line  # python-docx writes these as w:tab and w:br
        elif line:
            run.add_t(line)


def spanning_row(table: Any, text: str, *, font: str, size: float) -> None:
    """A row of one cell across the whole table (w:gridSpan), e.g. a section title."""
    cells = table.add_row().cells
    merged = cells[0].merge(cells[-1])
    write_cell(merged, text, font=font, size=size, centred=True)


def page_number_footer(document: Any, *, font: str, size: float) -> None:
    """A centred "— 1 —" page number, the usual form in official documents."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = CENTER
    set_font(paragraph.add_run("— "), font, size)
    _page_field(paragraph, font, size)
    set_font(paragraph.add_run(" —"), font, size)


def _page_field(paragraph: Any, font: str, size: float) -> None:
    for kind, instruction in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        run = paragraph.add_run()
        set_font(run, font, size)
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if instruction == " PAGE " else "w:t")
            element.text = instruction
        run._element.append(element)


def to_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def red_head(document: Any, text: str, *, font: str, size: float) -> Any:
    """红头: the issuing office's name in red, centred, as on the office's own letterhead."""
    paragraph = add_text(document, text, font=font, size=size, align=CENTER)
    paragraph.runs[0].font.color.rgb = RED
    return paragraph


def rule_below(paragraph: Any, *, colour: str = "E60000") -> None:
    """A full-width line under the paragraph (the red rule under a 红头, the lines around 抄送)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "1"), ("w:color", colour)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)

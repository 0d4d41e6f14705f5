"""The per-unit 填报表: one unit's rows of a round, sent out as a file and returned filled (回收表).

The unit may change five columns (完成情况, 是否完成, 未完成理由, 存在问题, 下步计划); the others are
the office's and are locked in Excel, shaded apart in Word. Each row carries a key
(``row_key``) that travels with the row when a unit deletes, reorders or copies rows:

- in .xlsx, a hidden, locked last column (回收标识): a hidden column survives Excel, WPS and
  LibreOffice re-saves, and sorting or deleting rows takes its cell along;
- in .docx, hidden text (``w:vanish``) after the 序号 in the row's first cell: Word, WPS and
  LibreOffice keep the hidden attribute on a re-save and neither show nor print it, and it
  moves with its cell. A custom XML part or document property would not follow the rows.

A line above the table names the unit and the round (填报单位 / 填报轮次), so a returned copy
says whose it is even after its keys are gone.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter

from duban.core.dates import cn_date
from duban.exports import _word as word
from duban.exports.fonts import BODY_FONT, HEADING_FONT, OFFICIAL_FONTS, SIZE_2, SIZE_5, SIZE_SMALL_4, Fonts
from duban.exports.text import spreadsheet_text, strip_control
from duban.exports.xlsx import BORDER

KEY_HEADING = "回收标识"
EDITABLE_FILL = "FFF2CC"  # the pale yellow offices use for "fill in here"
INSTRUCTIONS = (
    "填写说明：请只填写黄色的五列（完成情况、是否完成、未完成理由、存在问题、下步计划），“是否完成”填“是”、“否”或“推进中”，"
    "选“否”须说明理由。其余各列为督办内容，在本表中修改不会生效。请勿删除行首的隐藏标识。"
)


def row_key(round_id: int, task_id: int) -> str:
    """The key of one task's row in one round's 填报表."""
    return f"dbk-{round_id}-{task_id}"


@dataclass(frozen=True)
class FormRow:
    """One task of the unit's form, with the text last accepted or drafted, written out."""

    key: str
    seq: str
    category: str
    title: str
    target: str = ""
    deadline_text: str = ""
    lead_units: list[str] = field(default_factory=list)
    responsible_units: list[str] = field(default_factory=list)
    progress: str = ""
    claim: str = ""  # 是 / 否 / 推进中
    shortfall_reason: str = ""
    problems: str = ""
    next_steps: str = ""


@dataclass(frozen=True)
class UnitForm:
    """A unit's 填报表 for one round."""

    plan_title: str
    round_label: str
    unit: str
    due_date: dt.date
    rows: list[FormRow]
    made_on: dt.date

    @property
    def title(self) -> str:
        return f"{self.unit}{self.round_label}重点工作填报表"

    @property
    def identity(self) -> str:
        """填报单位：青阳镇　填报轮次：2025年11月 — read back by ``duban.ingest.returned``."""
        return (
            f"填报单位：{self.unit}　填报轮次：{self.round_label}　截止日期：{cn_date(self.due_date)}"
            f"　所属计划：{self.plan_title}"
        )


# (heading, width weight, the unit fills it in)
COLUMNS: tuple[tuple[str, int, bool], ...] = (
    ("序号", 4, False),
    ("主要任务", 5, False),
    ("重点工作", 11, False),
    ("年度主要目标", 16, False),
    ("完成时限", 6, False),
    ("牵头单位", 8, False),
    ("责任单位", 8, False),
    ("完成情况", 20, True),
    ("是否完成", 5, True),
    ("未完成理由", 9, True),
    ("存在问题", 10, True),
    ("下步计划", 10, True),
)


def _values(row: FormRow) -> list[str]:
    return [
        row.seq,
        row.category,
        row.title,
        row.target,
        row.deadline_text,
        "\n".join(row.lead_units),
        "\n".join(row.responsible_units),
        row.progress,
        row.claim,
        row.shortfall_reason,
        row.problems,
        row.next_steps,
    ]


def render_unit_form_xlsx(form: UnitForm) -> bytes:
    """The form as a protected sheet: the five columns to fill unlocked, the key column hidden."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "填报表"
    workbook.properties.title, workbook.properties.creator = strip_control(form.title), "重点工作督查督办平台"
    width = len(COLUMNS) + 1
    for number, (text, size) in enumerate(((form.title, 16), (form.identity, 11), (INSTRUCTIONS, 10)), 1):
        _xlsx_line(ws, number, width, text, size)
    _xlsx_header(ws, 4)
    for index, row in enumerate(form.rows, start=5):
        _xlsx_row(ws, index, row)
    _xlsx_protect(ws, width)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_line(ws: Any, row: int, width: int, text: str, size: int) -> None:
    cell = ws.cell(row=row, column=1, value=spreadsheet_text(text))
    cell.font = Font(name=HEADING_FONT if row == 1 else BODY_FONT, size=size)
    cell.alignment = Alignment(horizontal="center" if row == 1 else "left", vertical="center", wrap_text=True)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width - 1)
    ws.row_dimensions[row].height = 30 if row != 2 else 20


def _xlsx_header(ws: Any, row: int) -> None:
    headings = [c[0] for c in COLUMNS] + [KEY_HEADING]
    for number, heading in enumerate(headings, start=1):
        cell = ws.cell(row=row, column=number, value=heading)
        cell.font, cell.border = Font(name=HEADING_FONT, size=11), BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        weight = COLUMNS[number - 1][1] if number <= len(COLUMNS) else 10
        ws.column_dimensions[get_column_letter(number)].width = weight * 1.6


def _xlsx_row(ws: Any, number: int, row: FormRow) -> None:
    fill = PatternFill("solid", fgColor=EDITABLE_FILL)
    for column, (value, (_heading, _weight, editable)) in enumerate(
        zip(_values(row), COLUMNS, strict=True), 1
    ):
        cell = ws.cell(row=number, column=column, value=spreadsheet_text(value))
        cell.font, cell.border = Font(name=BODY_FONT, size=11), BORDER
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        if editable:
            cell.protection, cell.fill = Protection(locked=False), fill
    ws.cell(row=number, column=len(COLUMNS) + 1, value=row.key)


def _xlsx_protect(ws: Any, width: int) -> None:
    """Locked cells stay locked, but rows may be added, deleted, sized and sorted: a unit may
    delete a row it does not report on, or type one in; neither is lost on upload."""
    ws.column_dimensions[get_column_letter(width)].hidden = True
    ws.freeze_panes = "A5"
    protection = ws.protection
    protection.sheet = True
    protection.insertRows = protection.deleteRows = False
    protection.formatRows = protection.formatColumns = protection.formatCells = False
    protection.sort = protection.autoFilter = False
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4


def render_unit_form_docx(form: UnitForm, *, fonts: Fonts = OFFICIAL_FONTS) -> bytes:
    """The form as a Word table: the five columns to fill shaded, a hidden key in each row."""
    document = word.new_document(landscape=True, body_font=fonts.body, title=form.title, made_on=form.made_on)
    heading = word.add_text(document, form.title, font=fonts.title, size=SIZE_2, align=word.CENTER)
    heading.paragraph_format.space_after = Pt(SIZE_5)
    word.add_text(document, form.identity, font=fonts.body, size=SIZE_SMALL_4)
    word.add_text(document, INSTRUCTIONS, font=fonts.body, size=SIZE_5)
    headings, weights = [c[0] for c in COLUMNS], [c[1] for c in COLUMNS]
    table = word.add_table(document, headings, weights, font=fonts.heading, size=SIZE_5)
    body = word.TableRows(table, font=fonts.body, size=SIZE_5)
    for row in form.rows:
        body.add(
            [word.Cell(text, centred=weight < 7) for text, weight in zip(_values(row), weights, strict=True)]
        )
        _mark_row(table.rows[-1]._tr, row.key, fonts.body)
    word.page_number_footer(document, font=fonts.body, size=SIZE_SMALL_4)
    return word.to_bytes(document)


def _mark_row(tr: Any, key: str, font: str) -> None:
    cells = tr.findall(qn("w:tc"))
    for tc, (_heading, _weight, editable) in zip(cells, COLUMNS, strict=True):
        if editable:
            _shade(tc)
    paragraph = cells[0].findall(qn("w:p"))[-1]
    paragraph.append(_hidden_run(key, font))


def _shade(tc: Any) -> None:
    shading = OxmlElement("w:shd")
    for name, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", EDITABLE_FILL)):
        shading.set(qn(name), value)
    tc.get_or_add_tcPr().append(shading)


def _hidden_run(text: str, font: str) -> Any:
    """A run Word, WPS and LibreOffice keep but neither show nor print (w:vanish)."""
    run, properties, text_element = OxmlElement("w:r"), OxmlElement("w:rPr"), OxmlElement("w:t")
    properties.append(OxmlElement("w:vanish"))
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    properties.append(size)
    run.append(properties)
    text_element.text = text
    run.append(text_element)
    return run

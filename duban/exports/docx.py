"""Word exports: the plan in the office's own table, a unit's 交办单, a round's 通报.

Fonts follow GB/T 9704 (see ``fonts.py`` for the sizes and the stand-ins used
where the official fonts are not installed): titles 方正小标宋简体 二号 (22 pt),
the attachment label and headings 黑体 三号 (16 pt), table headers 黑体 and
table text 仿宋_GB2312 五号 (10.5 pt), notice text 仿宋_GB2312 三号 (16 pt).
Each run names its East-Asian font (w:eastAsia), which Word and WPS use for
Chinese characters; ``font.name`` alone would not.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docx.shared import Pt

from duban.core.dates import cn_date
from duban.exports import _word as word
from duban.exports.fonts import OFFICIAL_FONTS, SIZE_2, SIZE_3, SIZE_5, SIZE_SMALL_4, Fonts
from duban.exports.layout import (
    CENTRED_COLUMNS,
    Column,
    cell_text,
    section_spans,
    shows_section_row,
    table_columns,
)
from duban.exports.model import (
    LEAD_ROLE,
    AssignmentRow,
    ExportRow,
    PlanExport,
    RoundBulletinExport,
    UnitAssignmentExport,
)

_ASSIGNMENT_COLUMNS = (("序号", 4), ("重点工作", 14), ("年度主要目标", 24), ("承担方式", 7), ("完成时限", 8))
_COUNT_COLUMNS = (("推进状态", 10), ("项数", 5), ("占比", 5))
_LAGGING_COLUMNS = (("序号", 4), ("重点工作", 14), ("牵头单位", 9), ("推进状态", 7), ("情况说明", 18))
_PROBLEM_COLUMNS = (("序号", 4), ("重点工作", 12), ("牵头单位", 8), ("存在问题", 14), ("需协调事项", 14))


def render_plan_docx(plan: PlanExport, *, fonts: Fonts = OFFICIAL_FONTS) -> bytes:
    """The plan as the office's table: 附件1, the title, then the table across A4 landscape pages."""
    document = word.new_document(
        landscape=True,
        body_font=fonts.body,
        title=plan.title,
        subject=plan.period_label,
        made_on=plan.generated_on,
    )
    if plan.attachment_label:
        word.add_text(document, plan.attachment_label, font=fonts.heading, size=SIZE_3)
    title = word.add_text(document, plan.title, font=fonts.title, size=SIZE_2, align=word.CENTER)
    title.paragraph_format.space_after = Pt(SIZE_5)
    _plan_table(document, plan, fonts)
    word.page_number_footer(document, font=fonts.body, size=SIZE_SMALL_4)
    return word.to_bytes(document)


def _plan_table(document: Any, plan: PlanExport, fonts: Fonts) -> None:
    columns = table_columns(plan)
    headings, weights = [c.heading for c in columns], [c.weight for c in columns]
    table = word.add_table(document, headings, weights, font=fonts.heading, size=SIZE_5)
    rows = word.TableRows(table, font=fonts.body, size=SIZE_5)
    for section in plan.sections:
        if shows_section_row(plan, section):
            word.spanning_row(table, section.title, font=fonts.heading, size=SIZE_SMALL_4)
        spans = section_spans(section.rows)
        for index, row in enumerate(section.rows):
            rows.add([_plan_cell(row, column, spans.of(column, index)) for column in columns])


def _plan_cell(row: ExportRow, column: Column, span: int) -> word.Cell:
    centred = column in CENTRED_COLUMNS
    if span == 0:  # covered: Word shows the text of the merge's first cell
        return word.Cell("", centred, word.CONTINUE)
    return word.Cell(cell_text(row, column), centred, word.RESTART if span > 1 else None)


def render_unit_assignment_docx(x: UnitAssignmentExport, *, fonts: Fonts = OFFICIAL_FONTS) -> bytes:
    """A 交办单: to the unit, what it leads or shares, soonest deadline first, signed by the office."""
    document = _notice("交办单", fonts, made_on=x.issued_on)
    if x.number:
        word.add_text(document, x.number, font=fonts.body, size=SIZE_3, align=word.CENTER)
    word.add_text(document, f"{x.unit}：", font=fonts.body, size=SIZE_3)
    rows = assignment_order(x.rows)
    word.body_paragraph(document, assignment_intro(x.plan_title, rows), font=fonts.body, size=SIZE_3)
    if rows:
        _simple_table(document, _ASSIGNMENT_COLUMNS, [_assignment_cells(r) for r in rows], fonts)
    _signature(document, x.office, x.issued_on, fonts)
    return word.to_bytes(document)


def assignment_intro(plan_title: str, rows: list[AssignmentRow]) -> str:
    """根据《…》，现将贵单位承担的N项重点工作（牵头a项、配合b项）交办如下…"""
    if not rows:
        return f"《{plan_title}》中暂无贵单位承担的重点工作。"
    leads = sum(r.role == LEAD_ROLE for r in rows)
    return (
        f"根据《{plan_title}》，现将贵单位承担的{len(rows)}项重点工作"
        f"（牵头{leads}项、配合{len(rows) - leads}项）交办如下，请按完成时限抓好落实，并按要求报送推进情况。"
    )


def assignment_order(rows: list[AssignmentRow]) -> list[AssignmentRow]:
    """Soonest deadline first; tasks without a date keep the plan's order, after the dated ones."""
    return sorted(rows, key=lambda r: r.deadline or dt.date.max)


def _assignment_cells(row: AssignmentRow) -> list[str]:
    due = row.deadline_text or (cn_date(row.deadline) if row.deadline else "—")
    seq = f"{row.seq}\n{row.number}" if row.number else row.seq  # our own table: the 序号 cell has room
    return [seq, row.title, row.target, row.role, due]


def render_round_bulletin_docx(x: RoundBulletinExport, *, fonts: Fonts = OFFICIAL_FONTS) -> bytes:
    """A 通报: the counts per status, in words and in a table, then the lagging items with their units."""
    document = _notice(f"关于{x.round_label}重点工作推进情况的通报", fonts, made_on=x.issued_on)
    word.add_text(document, "各牵头单位、责任单位：", font=fonts.body, size=SIZE_3)
    word.body_paragraph(document, bulletin_summary(x), font=fonts.body, size=SIZE_3)
    _heading(document, "一、总体情况", fonts)
    _simple_table(document, _COUNT_COLUMNS, _count_cells(x), fonts)
    _heading(document, "二、需加快推进的事项", fonts)
    if x.lagging:
        cells = [[r.seq, r.title, "\n".join(r.units), r.status_label, r.note] for r in x.lagging]
        _simple_table(document, _LAGGING_COLUMNS, cells, fonts)
    else:
        word.body_paragraph(document, "本期无进度滞后的事项。", font=fonts.body, size=SIZE_3)
    if x.problems:
        _heading(document, "三、存在问题和需协调事项", fonts)
        cells = [
            [r.seq, r.title, "\n".join(r.units), r.problems, "\n".join(r.coordinations)] for r in x.problems
        ]
        _simple_table(document, _PROBLEM_COLUMNS, cells, fonts)
    _heading(document, "四、有关要求" if x.problems else "三、有关要求", fonts)
    word.body_paragraph(document, _REQUEST, font=fonts.body, size=SIZE_3)
    _signature(document, x.office, x.issued_on, fonts)
    return word.to_bytes(document)


_REQUEST = "请上述事项的牵头单位认真分析原因，制定整改措施，明确完成时间，并在下一轮填报时一并报告推进情况。"


def bulletin_summary(x: RoundBulletinExport) -> str:
    """截至2025年11月，《…》所列55项重点工作中，已完成50项、未完成5项。"""
    parts = "、".join(f"{label}{count}项" for label, count in x.status_counts)
    return (
        f"截至{x.round_label}，《{x.plan_title}》所列{x.total()}项重点工作中，{parts}。现将有关情况通报如下。"
    )


def _count_cells(x: RoundBulletinExport) -> list[list[str]]:
    total = x.total()
    rows = [[label, str(count), _share(count, total)] for label, count in x.status_counts]
    return [*rows, ["合计", str(total), _share(total, total)]]


def _share(count: int, total: int) -> str:
    return f"{count * 100 / total:.1f}%" if total else "—"


def _notice(title: str, fonts: Fonts, *, made_on: dt.date) -> Any:
    """A portrait A4 notice with its title; the page number at the foot of each page."""
    document = word.new_document(landscape=False, body_font=fonts.body, title=title, made_on=made_on)
    heading = word.add_text(document, title, font=fonts.title, size=SIZE_2, align=word.CENTER)
    heading.paragraph_format.space_after = Pt(SIZE_3)
    word.page_number_footer(document, font=fonts.body, size=SIZE_SMALL_4)
    return document


def _heading(document: Any, text: str, fonts: Fonts) -> None:
    paragraph = word.add_text(document, text, font=fonts.heading, size=SIZE_3)
    paragraph.paragraph_format.first_line_indent = Pt(SIZE_3 * 2)
    paragraph.paragraph_format.space_before = Pt(SIZE_5)


def _simple_table(
    document: Any, columns: tuple[tuple[str, int], ...], rows: list[list[str]], fonts: Fonts
) -> None:
    """A table without merges: 黑体 header, 仿宋 body, short columns centred."""
    headings, weights = [c[0] for c in columns], [c[1] for c in columns]
    table = word.add_table(document, headings, weights, font=fonts.heading, size=SIZE_SMALL_4)
    body = word.TableRows(table, font=fonts.body, size=SIZE_SMALL_4)
    for values in rows:
        body.add([word.Cell(v, centred=w < 10) for v, w in zip(values, weights, strict=True)])


def _signature(document: Any, office: str, day: dt.date, fonts: Fonts) -> None:
    """落款: the office, and below it the date in 2025年11月25日 form, right-aligned."""
    first = word.add_text(document, office, font=fonts.body, size=SIZE_3, align=word.RIGHT)
    first.paragraph_format.space_before = Pt(SIZE_3 * 2)
    word.add_text(document, cn_date(day), font=fonts.body, size=SIZE_3, align=word.RIGHT)

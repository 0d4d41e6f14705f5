"""The plan as a Word table in the office's own layout, checked in the file's XML."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from duban.core.plan import PlanDoc
from duban.exports import ColumnChoice, ExportRow, ExportSection, PlanExport, render_plan_docx
from duban.exports import _word as word
from duban.exports.fonts import BODY_FONT, HEADING_FONT

SECTION_TITLE = "校地合作“八个一”工作清单"
CATEGORY, TITLE, LEAD, RESPONSIBLE = 1, 2, 6, 7  # 0-based columns of the office's table


@pytest.fixture(scope="module")
def document(exported: dict[str, Path]) -> Any:
    return docx.Document(str(exported["plan.docx"]))


@pytest.fixture(scope="module")
def table(document: Any) -> Any:
    assert len(document.tables) == 1
    return document.tables[0]


def _east_asian(run: Any) -> str | None:
    fonts = run._element.rPr.rFonts
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def _paragraph(document: Any, text: str) -> Any:
    return next(p for p in document.paragraphs if p.text == text)


def _data_rows(table: Any) -> list[Any]:
    """The <w:tr> of each task row: neither the header nor a section row."""
    return [tr for tr in table._tbl.tr_lst[1:] if len(tr.tc_lst) > 1]


def _vmerge(tr: Any, column: int) -> str | None:
    value: str | None = tr.tc_lst[column].vMerge
    return value


def _cell_text(tc: Any) -> str:
    return "\n".join("".join(t.text for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))


def test_the_page_is_a4_landscape(document: Any) -> None:
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert abs(section.page_width - Mm(297)) < Mm(0.5)
    assert abs(section.page_height - Mm(210)) < Mm(0.5)
    assert Mm(15) <= section.left_margin <= Mm(30)


def test_the_attachment_label_is_heiti_size_3_above_the_title(document: Any) -> None:
    assert document.paragraphs[0].text == "附件1"
    run = document.paragraphs[0].runs[0]
    assert _east_asian(run) == "黑体"
    assert run.font.size == Pt(16)


def test_the_title_is_xiaobiaosong_size_2_centred(document: Any, seed: PlanDoc) -> None:
    paragraph = _paragraph(document, seed.title)
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    for run in paragraph.runs:
        assert _east_asian(run) == "方正小标宋简体"
        assert run.font.size == Pt(22)


def test_every_run_of_the_task_rows_is_fangsong(table: Any) -> None:
    runs = [r for tr in _data_rows(table) for r in tr.iter(qn("w:r"))]
    assert len(runs) > 300
    assert {r.rPr.rFonts.get(qn("w:eastAsia")) for r in runs} == {"仿宋_GB2312"}
    assert {r.rPr.sz_val for r in runs} == {Pt(10.5)}


def test_the_header_row_repeats_on_every_page_and_has_the_office_columns(table: Any) -> None:
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text.replace("\n", "") for c in header.cells] == [
        "序号",
        "主要任务",
        "重点工作",
        "年度主要目标",
        "年度任务完成情况",
        "是否完成年度任务目标（如未完成请说明理由）",
        "牵头单位",
        "责任单位",
    ]


def test_the_category_is_merged_over_its_rows_as_in_the_original(table: Any) -> None:
    rows = _data_rows(table)
    # 体制机制 covers tasks 1–5, 项目建设 starts at 6.
    assert [_vmerge(tr, CATEGORY) for tr in rows[:6]] == ["restart", *["continue"] * 4, "restart"]
    assert _cell_text(rows[0].tc_lst[CATEGORY]) == "体制机制"
    assert _cell_text(rows[1].tc_lst[CATEGORY]) == ""  # a continued cell holds no text of its own


def test_units_merge_where_consecutive_rows_name_the_same_units(table: Any) -> None:
    rows = _data_rows(table)
    # Tasks 4 and 5: 霞科办 leads both; tasks 3–5: the same four towns are responsible.
    assert [_vmerge(tr, LEAD) for tr in rows[2:5]] == [None, "restart", "continue"]
    assert [_vmerge(tr, RESPONSIBLE) for tr in rows[1:5]] == [None, "restart", "continue", "continue"]


def test_units_are_listed_one_per_line(table: Any) -> None:
    first = _data_rows(table)[0]
    paragraphs = ["".join(t.text for t in p.iter(qn("w:t"))) for p in first.tc_lst[LEAD].p_lst]
    assert paragraphs == ["市自然资源规划局", "霞科办"]


def test_the_section_row_spans_the_table(table: Any) -> None:
    section_rows = [tr for tr in table._tbl.tr_lst if len(tr.tc_lst) == 1]
    assert len(section_rows) == 1  # the first section is the table itself: no row of its own
    assert section_rows[0].tc_lst[0].grid_span == 8
    assert _cell_text(section_rows[0].tc_lst[0]) == SECTION_TITLE


def test_every_task_title_appears_once(table: Any, seed: PlanDoc) -> None:
    shown = Counter(
        _cell_text(tr.tc_lst[TITLE]) for tr in _data_rows(table) if _vmerge(tr, TITLE) != "continue"
    )
    assert shown == Counter({t.title: 1 for t in seed.tasks()})


def test_the_table_has_borders_and_widths_by_content(table: Any) -> None:
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {e.tag.split("}")[1] for e in borders} >= {"top", "bottom", "insideH", "insideV"}
    widths = [col.w for col in table._tbl.tblGrid.gridCol_lst]
    seq, target, progress = widths[0], widths[3], widths[4]
    assert seq * 3 < target and seq * 3 < progress
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def test_a_deadline_column_appears_only_when_a_row_has_a_deadline() -> None:
    row = ExportRow(seq="1", category="", title="建设泵站", lead_units=["霞科办"])
    plain = PlanExport(title="表", sections=[ExportSection("表", [row])])
    dated = PlanExport(
        title="表",
        sections=[
            ExportSection("表", [ExportRow(seq="1", category="", title="建设泵站", deadline_text="6月底")])
        ],
    )
    assert "完成时限" not in _headings(render_plan_docx(plain))
    assert _headings(render_plan_docx(dated))[4] == "完成时限"
    unwanted = PlanExport(title="表", sections=dated.sections, columns=ColumnChoice(deadline=False))
    assert "完成时限" not in _headings(render_plan_docx(unwanted))


def test_control_characters_are_dropped_not_refused() -> None:
    row = ExportRow(seq="1", category="体制\x0b机制", title="任务\x00", progress="进展\x07顺利\x1b")
    data = render_plan_docx(PlanExport(title="表\x01", sections=[ExportSection("表", [row])]))
    xml = _xml(data)
    assert "进展顺利" in xml and "体制机制" in xml
    assert not any(ch in xml for ch in "\x00\x01\x07\x0b\x1b")


# Cells that take every path of TableRows: merges, several lines, tabs and carriage returns
# (w:tab, w:br), spaces at either end (xml:space), empty lines and cells, control characters.
TRICKY_ROWS = [
    [
        word.Cell(" 体制机制 ", centred=True, merge=word.RESTART),
        word.Cell("第一行\n\n第三行"),
        word.Cell("任务\t一\r\n二", merge=word.RESTART),
    ],
    [word.Cell("", centred=True, merge=word.CONTINUE), word.Cell(""), word.Cell("", merge=word.CONTINUE)],
    [word.Cell("3", centred=True), word.Cell("进展\x07顺利\x1b"), word.Cell("=1+1")],
]


def test_table_rows_write_exactly_what_python_docx_writes_cell_by_cell() -> None:
    """TableRows copies prepared cells for speed; the XML must not differ from add_row and write_cell."""
    copied, built = (_empty_table() for _ in range(2))
    rows = word.TableRows(copied, font=BODY_FONT, size=10.5)
    for cells in TRICKY_ROWS:
        rows.add(cells)
        for cell, spec in zip(built.add_row().cells, cells, strict=True):
            if spec.merge:
                word.merge_down(cell, starts=spec.merge == word.RESTART)
            if spec.merge != word.CONTINUE:
                word.write_cell(cell, spec.text, font=BODY_FONT, size=10.5, centred=spec.centred)
    assert copied._tbl.xml == built._tbl.xml
    assert "<w:tab/>" in copied._tbl.xml and 'xml:space="preserve"' in copied._tbl.xml


def _empty_table() -> Any:
    document = word.new_document(landscape=True, body_font=BODY_FONT, title="表", made_on=dt.date(2025, 1, 1))
    return word.add_table(document, ["一", "二", "三"], [5, 20, 10], font=HEADING_FONT, size=10.5)


def _headings(data: bytes) -> list[str]:
    return [c.text for c in docx.Document(io.BytesIO(data)).tables[0].rows[0].cells]


def _xml(data: bytes) -> str:
    return str(docx.Document(io.BytesIO(data)).element.xml)

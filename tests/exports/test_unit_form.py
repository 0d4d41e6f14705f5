"""The per-unit 填报表 files: what a unit may change is open, the rest locked or shaded, and the
row keys survive a re-save by another office suite (LibreOffice, as WPS users do)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import openpyxl
import pytest

from duban.core.office import soffice_convert
from duban.exports.unit_form import FormRow, UnitForm, render_unit_form_docx, render_unit_form_xlsx, row_key
from duban.ingest import read_document
from duban.ingest.returned import read_returned

FORM = UnitForm(
    plan_title="霞客湾科学城2025年重点工作安排表",
    round_label="2025年11月",
    unit="青阳镇",
    due_date=dt.date(2025, 11, 25),
    made_on=dt.date(2025, 11, 20),
    rows=[
        FormRow(
            row_key(7, 14), "14", "项目建设", "源容电气高性能电容器生产项目", "项目竣工。", "", ["青阳镇"]
        ),
        FormRow(
            row_key(7, 54),
            "54",
            "拆迁清障",
            "土地征迁清障",
            "=100%签约",
            progress="已签约98%",
            claim="推进中",
        ),
    ],
)


def test_the_sheet_is_protected_but_the_five_columns_a_unit_fills_are_open() -> None:
    ws = openpyxl.load_workbook(io.BytesIO(render_unit_form_xlsx(FORM))).active
    assert ws.protection.sheet
    header = [c.value for c in ws[4]]
    open_columns = {header[c.column - 1] for c in ws[5] if not c.protection.locked}
    assert open_columns == {"完成情况", "是否完成", "未完成理由", "存在问题", "下步计划"}
    assert ws.column_dimensions["M"].hidden and ws["M5"].value == "dbk-7-14"
    assert ws["D6"].value == "'=100%签约"  # the office's text is never a formula


def test_the_word_form_hides_each_rows_key_and_shades_the_columns_to_fill() -> None:
    document = docx.Document(io.BytesIO(render_unit_form_docx(FORM)))
    first_cell = document.tables[0].rows[1].cells[0]
    hidden = [run for run in first_cell.paragraphs[0].runs if run.font.hidden]
    assert [run.text for run in hidden] == ["dbk-7-14"]
    shaded = document.tables[0].rows[1].cells[7]._tc.tcPr.xpath("./w:shd/@w:fill")
    assert shaded == ["FFF2CC"]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_the_keys_unit_and_round_survive_a_libreoffice_resave(fmt: str, tmp_path: Path) -> None:
    render = render_unit_form_docx if fmt == "docx" else render_unit_form_xlsx
    source = tmp_path / "in" / f"青阳镇.{fmt}"
    source.parent.mkdir()
    source.write_bytes(render(FORM))
    soffice_convert([source], target=fmt, out_dir=tmp_path, timeout=120)
    returned = read_returned(read_document(tmp_path / source.name))
    assert (returned.unit, returned.round_label) == ("青阳镇", "2025年11月")
    assert [(row.key, row.seq, row.values["progress"]) for row in returned.rows] == [
        ((7, 14), "14", ""),
        ((7, 54), "54", "已签约98%"),
    ]

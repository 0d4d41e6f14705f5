"""Real .docx and .xlsx files with real merges read exactly like the office's text export."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from duban.core.plan import PlanDoc
from duban.demo import BUILDINGS_PLAN_2022, KEY_WORK_2025
from duban.ingest import IngestError, parse_file, read_document
from duban.ingest.layout import propose_layouts
from tests.builders import TableSpec, spec_from_text_table, write_docx, write_xlsx

KEY_WORK_COLUMNS = {"category": 2, "title": 3, "lead": 7, "responsible": 8}


def _meaning(plan: PlanDoc) -> dict[str, Any]:
    """Everything but where it came from (a file, a table name, row numbers)."""
    data = plan.as_dict()
    del data["source"]
    for section in data["sections"]:
        for task in section["tasks"]:
            del task["source_ref"]
    data["warnings"] = [w["message"] for w in data["warnings"]]
    return data


@pytest.fixture(scope="module")
def key_work_spec() -> TableSpec:
    return spec_from_text_table(KEY_WORK_2025.read_text("utf-8"), merge_columns=KEY_WORK_COLUMNS)


def test_the_spec_really_merges_cells(key_work_spec: TableSpec) -> None:
    merged = sum(1 for row in key_work_spec.rows if not isinstance(row, str) for v in row if v is None)
    assert merged > 80
    assert "校地合作“八个一”工作清单" in key_work_spec.rows


def test_a_docx_with_vertical_merges_reads_like_the_text(key_work_spec: TableSpec, tmp_path: Path) -> None:
    path = write_docx(key_work_spec, tmp_path / "安排表.docx")
    assert _meaning(parse_file(path)) == _meaning(parse_file(KEY_WORK_2025))


def test_the_docx_really_holds_vmerge_and_gridspan(key_work_spec: TableSpec, tmp_path: Path) -> None:
    path = write_docx(key_work_spec, tmp_path / "安排表.docx")
    xml = docx.Document(str(path)).element.xml
    assert ('w:vMerge w:val="restart"' in xml and "<w:vMerge/>" in xml) or 'w:val="continue"' in xml
    assert 'w:gridSpan w:val="8"' in xml


def test_an_xlsx_with_merged_ranges_reads_like_the_text(key_work_spec: TableSpec, tmp_path: Path) -> None:
    path = write_xlsx(key_work_spec, tmp_path / "安排表.xlsx")
    assert len(openpyxl.load_workbook(path).active.merged_cells.ranges) > 40
    assert _meaning(parse_file(path)) == _meaning(parse_file(KEY_WORK_2025))


def test_an_xlsx_whose_stated_dimension_is_wrong_is_read_in_full(
    key_work_spec: TableSpec, tmp_path: Path
) -> None:
    path = write_xlsx(key_work_spec, tmp_path / "安排表.xlsx")
    wrong = tmp_path / "尺寸有误.xlsx"  # some programs state A1 whatever the sheet holds
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(wrong, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, stated = re.subn(rb'<dimension ref="[^"]+"', b'<dimension ref="A1"', data)
                assert stated == 1
            target.writestr(item, data)
    assert _meaning(parse_file(wrong)) == _meaning(parse_file(KEY_WORK_2025))


def test_a_csv_of_the_same_table_reads_like_the_text(key_work_spec: TableSpec, tmp_path: Path) -> None:
    path = tmp_path / "安排表.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerows([[h] for h in key_work_spec.headings])
        writer.writerow(key_work_spec.header)
        for row in key_work_spec.rows:
            writer.writerow([row] if isinstance(row, str) else ["" if v is None else v for v in row])
    assert _meaning(parse_file(path)) == _meaning(parse_file(KEY_WORK_2025))


def test_the_annex_table_as_xlsx_reads_like_the_text(tmp_path: Path) -> None:
    text_plan = parse_file(BUILDINGS_PLAN_2022)
    annex = text_plan.sections[1]
    header = ["序号", "内容", "牵头部门", "责任部门", "完成时限"]
    rows: list[list[str | None] | str] = [
        [t.seq, t.title, "、".join(t.lead_units), "、".join(t.responsible_units) or "——", t.deadline_text]
        for t in annex.tasks
    ]
    path = write_xlsx(TableSpec(["附件", "2022 年重点工作分解表"], header, rows), tmp_path / "分解表.xlsx")
    plan = parse_file(path)
    assert plan.title == "2022年重点工作分解表" and plan.attachment_label == "附件"
    assert [t.as_dict() | {"source_ref": None} for t in plan.tasks()] == [
        t.as_dict() | {"source_ref": None} for t in annex.tasks
    ]


def test_formulas_are_read_as_cached_values_never_evaluated(tmp_path: Path) -> None:
    path = tmp_path / "公式.xlsx"
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["序号", "重点工作", "牵头单位", "完成时限"])
    ws.append(["1", '=HYPERLINK("http://example.invalid","点我")', "市科技局", "2025年6月底"])
    workbook.save(path)
    task = parse_file(path).tasks()[0]
    assert task.title == ""  # no cached value was saved: nothing is evaluated
    assert task.deadline is not None and str(task.deadline) == "2025-06-30"


def test_a_header_repeated_after_a_page_break_is_skipped(key_work_spec: TableSpec, tmp_path: Path) -> None:
    spec = TableSpec(key_work_spec.headings, key_work_spec.header, list(key_work_spec.rows))
    # A page break before a row that starts its own merges (as Word splits them).
    at = next(i for i, row in enumerate(spec.rows) if i > 10 and not isinstance(row, str) and None not in row)
    spec.rows.insert(at, list(spec.header))
    assert len(parse_file(write_xlsx(spec, tmp_path / "x.xlsx")).tasks()) == 73


def test_a_header_split_across_two_rows_still_matches(tmp_path: Path) -> None:
    rows: list[list[str | None] | str] = [
        ["", "工作", "单位", "单位"],
        ["1", "建设孵化器", "市科技局", "青阳镇"],
    ]
    spec = TableSpec(["2025年重点工作"], ["序号", "重点", "牵头", "责任"], rows)
    task = parse_file(write_xlsx(spec, tmp_path / "split.xlsx")).tasks()[0]
    assert (task.title, task.lead_units, task.responsible_units) == ("建设孵化器", ["市科技局"], ["青阳镇"])


def test_a_table_with_only_responsible_units_names_no_lead(tmp_path: Path) -> None:
    spec = TableSpec(["2025年工作清单"], ["序号", "工作任务", "责任单位", "完成时限"], [])
    spec.rows.append(["1", "编制规划", "市自然资源规划局、霞科办、青阳镇", "一季度"])
    spec.rows.append(["2", "开展调研", None, "上半年"])
    tasks = parse_file(write_docx(spec, tmp_path / "清单.docx")).tasks()
    assert [(t.lead_units, t.responsible_units, str(t.deadline)) for t in tasks] == [
        ([], ["市自然资源规划局", "霞科办", "青阳镇"], "2025-03-31"),
        ([], ["市自然资源规划局", "霞科办", "青阳镇"], "2025-06-30"),
    ]


def test_a_note_that_the_first_listed_leads_makes_the_first_unit_of_a_table_the_lead(tmp_path: Path) -> None:
    headings = ["2025年工作清单", "（列第一位者为牵头单位，下同）"]
    spec = TableSpec(headings, ["序号", "工作任务", "责任单位"], [])
    spec.rows.append(["1", "编制规划", "市自然资源规划局、霞科办、青阳镇"])
    [task] = parse_file(write_docx(spec, tmp_path / "清单.docx")).tasks()
    assert (task.lead_units, task.responsible_units) == (["市自然资源规划局"], ["霞科办", "青阳镇"])


def test_units_inside_brackets_stay_one_unit(tmp_path: Path) -> None:
    spec = TableSpec(["2025年工作"], ["序号", "工作任务", "牵头单位", "责任单位"], [])
    spec.rows.append(["1", "统筹推进", "市政府办", "各县(市、区)人民政府、市科技局；市财政局\n市人社局"])
    task = parse_file(write_xlsx(spec, tmp_path / "u.xlsx")).tasks()[0]
    assert task.responsible_units == ["各县(市、区)人民政府", "市科技局", "市财政局", "市人社局"]


def test_a_row_with_more_cells_than_the_header_names_its_row(tmp_path: Path) -> None:
    path = tmp_path / "多列.csv"
    path.write_text("序号,重点工作,牵头单位\n1,建设,市科技局\n2,规划,市科技局,多余\n", encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        parse_file(path)
    assert "比表头多" in str(caught.value) and "第3行" in str(caught.value) and "第4列" in str(caught.value)


def test_units_of_a_partner_column_beside_the_responsible_column_are_responsible_too(tmp_path: Path) -> None:
    spec = TableSpec(["2025年民生实事"], ["序号", "实事项目", "牵头领导", "责任单位", "配合单位"], [])
    spec.rows.append(["1", "新增停车位", "王强", "市交通委", "市公安局、市交通委、各区政府"])
    path = write_docx(spec, tmp_path / "实事.docx")
    [task] = parse_file(path).tasks()
    assert (task.lead_units, task.responsible_units) == ([], ["市交通委", "市公安局", "各区政府"])
    [proposal] = propose_layouts(read_document(path))
    assert [c.field for c in proposal.columns][3:] == ["responsible", "responsible"]

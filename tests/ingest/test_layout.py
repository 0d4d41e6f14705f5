"""A layout (版式) says which column holds which field; the document is read as it says."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from duban.core.plan import ProgressEntryDoc
from duban.ingest.errors import NeedsMapping
from duban.ingest.interpret import interpret_document
from duban.ingest.layout import (
    ColumnMap,
    Layout,
    LayoutError,
    LeadRule,
    header_fingerprint,
    propose_layouts,
)
from duban.ingest.model import Document
from duban.ingest.readers.text import read_text_document

# A 民生实事 table in another office's words: 项目名称 is the task, 建设内容 the target, 承办单位
# the units, 分管领导 people, two dated progress columns and 是否达序 the schedule status.
MINSHENG = "\n".join(
    [
        "2025年民生实事项目推进表",
        "编 号\t项目名称\t建设内容\t承办单位\t分管领导\t1-10月进展\t1-11月进展\t是否达序",
        "一、教育",
        "1\t新建公办幼儿园\t新增学位600个\t市教育局、市住建局\t王强、李敏\t主体封顶\t装修完成\t是",
        "2\t改造薄弱学校\t改造10所\t市教育局；各镇人民政府\t王强\t完成招标\t已完工5所\t否",
    ]
)


def _document(text: str = MINSHENG) -> Document:
    return read_text_document(text, file="民生实事.txt", sha256="0" * 64)


def _layout(**changes: Any) -> Layout:
    columns = (
        ColumnMap(1, "seq"),
        ColumnMap(2, "title"),
        ColumnMap(3, "target"),
        ColumnMap(4, "responsible"),
        ColumnMap(5, "leaders"),
        ColumnMap(6, "progress_entry", "1-10月"),
        ColumnMap(7, "progress_entry", "1-11月"),
        ColumnMap(8, "status"),
    )
    return replace(Layout(header_rows=(1,), columns=columns, table=1), **changes)


def test_a_table_with_unknown_column_names_goes_to_the_mapping_step() -> None:
    unknown = MINSHENG.replace(
        "编 号\t项目名称\t建设内容\t承办单位\t分管领导", "编 号\t实事\t规模\t承办\t领导"
    )
    doc = _document(unknown)
    with pytest.raises(NeedsMapping) as caught:
        interpret_document(doc)
    assert "未找到表头" in caught.value.message and "对应列" in caught.value.message
    [proposal] = caught.value.proposals
    assert not proposal.readable
    assert proposal.name == "表1"


def test_the_other_office_s_column_names_are_understood_by_scoring() -> None:
    [proposal] = propose_layouts(_document())
    assert proposal.layout is not None
    assert (
        proposal.layout.columns
        == replace(
            _layout(), columns=(*_layout().columns[:2], ColumnMap(3, "target"), *_layout().columns[3:])
        ).columns
    )
    confidences = {c.column: c.confidence for c in proposal.columns}
    assert confidences[2] == confidences[5] == 1.0 and 0.5 < confidences[6] < 1.0
    plan = interpret_document(_document())
    first, second = plan.tasks()
    assert first.leaders == ["王强", "李敏"] and first.status == "on_schedule" and second.status == "behind"
    assert [e.period for e in first.progress_entries] == ["1-10月", "1-11月"]
    assert first.target == "新增学位600个" and first.lead_units == []
    assert first.responsible_units == ["市教育局", "市住建局"]  # only 承办单位 and no note: nobody leads


def test_the_mapped_table_is_read_as_the_layout_says() -> None:
    plan = interpret_document(_document(), _layout())
    assert plan.title == "2025年民生实事项目推进表"
    [section] = plan.sections
    assert section.title == "一、教育"
    first, second = section.tasks
    assert (first.seq, first.title, first.target) == ("1", "新建公办幼儿园", "新增学位600个")
    assert first.lead_units == [] and first.responsible_units == ["市教育局", "市住建局"]
    assert first.leaders == ["王强", "李敏"]
    assert first.progress_entries == [
        ProgressEntryDoc("1-10月", "主体封顶"),
        ProgressEntryDoc("1-11月", "装修完成"),
    ]
    assert (first.status, second.status) == ("on_schedule", "behind")


def test_the_lead_rule_and_the_unit_separator_are_the_persons_choice() -> None:
    all_lead = interpret_document(_document(), _layout(lead_rule=LeadRule.ALL_LEAD)).tasks()[0]
    assert all_lead.lead_units == ["市教育局", "市住建局"] and all_lead.responsible_units == []
    first_listed = interpret_document(_document(), _layout(lead_rule=LeadRule.FIRST_LISTED)).tasks()[0]
    assert first_listed.lead_units == ["市教育局"] and first_listed.responsible_units == ["市住建局"]
    rule = LeadRule.FIRST_LISTED
    semicolon = interpret_document(_document(), _layout(unit_separator="；", lead_rule=rule)).tasks()[1]
    assert semicolon.lead_units == ["市教育局"] and semicolon.responsible_units == ["各镇人民政府"]


def test_a_row_the_person_marks_as_a_section_starts_one() -> None:
    section = "二、卫生健康\t（共1项）\t\t\t\t\t\t"  # two values: not a section row by itself
    task = "3\t建设社区医院\t2家\t市卫健委\t赵云\t选址\t开工\t是"
    text = MINSHENG.replace("一、教育\n", "") + f"\n{section}\n{task}"
    plain = interpret_document(_document(text), _layout())
    assert [s.title for s in plain.sections] == ["2025年民生实事项目推进表"]
    assert [t.seq for t in plain.tasks()] == ["1", "2", "二、卫生健康", "3"]
    marked = interpret_document(_document(text), _layout(section_rows=(4,)))
    assert [s.title for s in marked.sections] == ["2025年民生实事项目推进表", "二、卫生健康"]
    assert [t.seq for t in marked.tasks()] == ["1", "2", "3"]


def test_a_layout_survives_its_stored_form_and_refuses_nonsense_in_chinese() -> None:
    layout = _layout(name="民生实事推进表", lead_rule=LeadRule.FIRST_LISTED)
    assert Layout.from_dict(layout.as_dict()) == layout
    with pytest.raises(LayoutError, match="工作任务"):
        _layout(columns=(ColumnMap(1, "seq"),))
    with pytest.raises(LayoutError, match="无法识别的字段"):
        _layout(columns=(ColumnMap(1, "title"), ColumnMap(2, "owner")))
    with pytest.raises(LayoutError, match="格式不正确"):
        Layout.from_dict({"columns": []})
    with pytest.raises(LayoutError, match="只有1个表格"):
        interpret_document(_document(), _layout(table=2))
    with pytest.raises(LayoutError, match="表头在第9行"):
        interpret_document(_document(), _layout(header_rows=(9,)))


def test_the_fingerprint_of_a_header_ignores_spacing_and_line_breaks() -> None:
    assert header_fingerprint(["编 号", "项目\n名称"]) == header_fingerprint(["编号", "项目名称"])
    assert header_fingerprint(["编号", "项目名称"]) != header_fingerprint(["编号", "工作任务"])


def test_a_table_auto_detection_reads_comes_with_its_layout_and_confidence() -> None:
    text = "序号\t工作任务\t牵头单位\t完成时限\n1\t建设科创载体\t市科技局\t2025年底"
    [proposal] = propose_layouts(_document(text))
    assert proposal.readable and proposal.layout is not None
    assert [(c.header, c.field, c.confidence) for c in proposal.columns] == [
        ("序号", "seq", 1.0),
        ("工作任务", "title", 1.0),
        ("牵头单位", "lead", 1.0),
        ("完成时限", "deadline", 1.0),
    ]
    plan = interpret_document(_document(text), proposal.layout)
    assert plan.tasks()[0].lead_units == ["市科技局"]

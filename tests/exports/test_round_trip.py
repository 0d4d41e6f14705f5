"""The strongest proof the layout is the office's: our own parser reads the exports back unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from duban.core.plan import PlanDoc
from duban.exports import ExportRow, ExportSection, PlanExport, render_plan_docx, render_plan_xlsx
from duban.ingest import parse_file


def _meaning(plan: PlanDoc) -> dict[str, Any]:
    """Everything the plan says, but not where it came from (file, table, row numbers)."""
    data = plan.as_dict()
    del data["source"]
    for section in data["sections"]:
        for task in section["tasks"]:
            del task["source_ref"]
    return data


def _tasks(plan: PlanDoc) -> list[tuple[object, ...]]:
    return [
        (
            s.title,
            t.seq,
            t.category,
            t.title,
            t.lead_units,
            t.responsible_units,
            t.completed,
            t.shortfall_reason,
        )
        for s in plan.sections
        for t in s.tasks
    ]


@pytest.mark.parametrize("name", ["plan.docx", "plan.xlsx"])
def test_the_export_reads_back_as_the_same_tasks(name: str, exported: dict[str, Path], seed: PlanDoc) -> None:
    again = parse_file(exported[name])
    assert len(_tasks(again)) == 73
    assert _tasks(again) == _tasks(seed)


@pytest.mark.parametrize("name", ["plan.docx", "plan.xlsx"])
def test_the_export_reads_back_as_the_same_plan_in_every_detail(
    name: str, exported: dict[str, Path], seed: PlanDoc
) -> None:
    again = parse_file(exported[name])
    assert again.warnings == []
    assert _meaning(again) == _meaning(seed)


@pytest.mark.parametrize("render", [render_plan_docx, render_plan_xlsx], ids=["docx", "xlsx"])
def test_deadlines_read_back_from_their_own_column(render: Any, tmp_path: Path) -> None:
    rows = [
        ExportRow(
            seq="1", category="基础设施", title="建设泵站", lead_units=["霞科办"], deadline_text="6月底"
        ),
        ExportRow(
            seq="2", category="基础设施", title="道路提升", lead_units=["青阳镇"], deadline_text="年底前"
        ),
    ]
    plan = PlanExport(title="2025年重点工作分解表", sections=[ExportSection("2025年重点工作分解表", rows)])
    path = tmp_path / f"分解表.{render.__name__.rsplit('_', 1)[1]}"
    path.write_bytes(render(plan))
    tasks = parse_file(path).tasks()
    assert [(t.deadline_text, t.deadline) for t in tasks] == [
        ("6月底", dt.date(2025, 6, 30)),
        ("年底前", dt.date(2025, 12, 31)),
    ]

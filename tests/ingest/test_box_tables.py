"""Tables drawn with box characters: cells per column, merges where a rule is missing."""

from __future__ import annotations

from pathlib import Path

from duban.ingest import parse_file
from duban.ingest.boxdrawing import read_box_table

FIXTURE = Path(__file__).parent / "fixtures" / "box_table.txt"


def test_a_box_drawn_table_is_read_by_its_columns_with_wrapped_lines_joined() -> None:
    lines = FIXTURE.read_text("utf-8").splitlines()[1:]
    table = read_box_table(lines, first_line=2)
    assert table is not None
    assert table.rows[0].texts() == ["工 作 任 务", "分管领导", "牵头组织实施单位", "完成时限"]


def test_bulleted_tasks_share_the_merged_cells_beside_them_under_their_headings() -> None:
    plan = parse_file(FIXTURE)
    assert [s.title for s in plan.sections] == ["做好财政保障", "提升教育质量"]
    assert [(t.title, t.lead_units, t.leaders, str(t.deadline)) for t in plan.tasks()] == [
        ("优化支出结构,保障民生投入", ["县财政局", "县税务局"], ["王强"], "2025-12-31"),
        ("加强财政监督", ["县审计局"], ["王强"], "2025-12-31"),
        ("新建幼儿园2所", ["县审计局"], ["王强"], "2025-12-31"),
    ]


def test_lines_that_are_not_a_grid_stay_text() -> None:
    assert read_box_table(["│只有一段文字│"], first_line=1) is None

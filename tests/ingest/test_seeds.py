"""The two seed documents read exactly as the office means them."""

from __future__ import annotations

from pathlib import Path

import pytest

from duban.core.plan import PlanDoc, TaskDoc
from duban.demo import BUILDINGS_PLAN_2022, KEY_WORK_2025
from duban.ingest import parse_file
from tests.ingest.seed_expectations import BUILDINGS_PLAN_ROWS, KEY_WORK_2025_ROWS


@pytest.fixture(scope="module")
def key_work() -> PlanDoc:
    return parse_file(KEY_WORK_2025)


@pytest.fixture(scope="module")
def buildings_plan() -> PlanDoc:
    return parse_file(BUILDINGS_PLAN_2022)


def _row(plan: PlanDoc) -> list[tuple[object, ...]]:
    return [
        (
            section.title,
            t.seq,
            t.category,
            t.title,
            tuple(t.lead_units),
            tuple(t.responsible_units),
            t.completed,
            t.shortfall_reason,
            t.deadline.isoformat() if t.deadline else None,
        )
        for section in plan.sections
        for t in section.tasks
    ]


def _task(plan: PlanDoc, section: int, seq: str) -> TaskDoc:
    return next(t for t in plan.sections[section].tasks if t.seq == seq)


class TestKeyWorkTable2025:
    def test_it_has_73_tasks_in_two_sections(self, key_work: PlanDoc) -> None:
        assert [len(s.tasks) for s in key_work.sections] == [55, 18]
        assert [s.title for s in key_work.sections] == [
            "霞客湾科学城2025年重点工作安排表",
            "校地合作“八个一”工作清单",
        ]

    def test_the_heading_is_the_title_and_the_attachment_label_is_kept_apart(self, key_work: PlanDoc) -> None:
        assert key_work.title == "霞客湾科学城2025年重点工作安排表"
        assert key_work.attachment_label == "附件1"

    def test_the_period_is_the_year_in_the_title(self, key_work: PlanDoc) -> None:
        assert (str(key_work.period_start), str(key_work.period_end)) == ("2025-01-01", "2025-12-31")

    @pytest.mark.parametrize("expected", KEY_WORK_2025_ROWS, ids=lambda r: f"{r[0][:4]}-{r[1]}")
    def test_every_row_reads_as_the_office_means_it(
        self, key_work: PlanDoc, expected: tuple[object, ...]
    ) -> None:
        rows = {(r[0], r[1]): r for r in _row(key_work)}
        assert rows[(expected[0], expected[1])] == expected

    def test_all_rows_are_covered_by_the_expectations(self, key_work: PlanDoc) -> None:
        assert _row(key_work) == KEY_WORK_2025_ROWS

    def test_a_blank_lead_continues_the_lead_and_units_above(self, key_work: PlanDoc) -> None:
        row5 = _task(key_work, 0, "5")
        assert (row5.lead_units, row5.responsible_units) == (
            ["霞科办"],
            ["徐霞客镇", "月城镇", "青阳镇", "祝塘镇"],
        )
        assert row5.source_ref is not None and row5.source_ref.cells["lead"] == (5, 7)

    def test_a_lead_with_a_blank_responsible_cell_has_no_responsible_units(self, key_work: PlanDoc) -> None:
        assert _task(key_work, 0, "12").responsible_units == []

    def test_conversion_artefacts_are_removed(self, key_work: PlanDoc) -> None:
        target = _task(key_work, 0, "45").target
        assert target.startswith("霞客湾创智园") and "bookmark" not in target

    def test_a_label_wrapped_across_lines_joins_without_a_separator(self, key_work: PlanDoc) -> None:
        assert _task(key_work, 0, "22").category == "基础设施提升"

    def test_a_reason_drops_its_leading_label(self, key_work: PlanDoc) -> None:
        assert _task(key_work, 1, "11").shortfall_reason.startswith("大科园分园")

    def test_every_value_is_traced_to_its_cell(self, key_work: PlanDoc) -> None:
        ref = _task(key_work, 0, "2").source_ref
        assert ref is not None
        assert (ref.table, ref.row) == ("表1", 3)
        assert ref.cells["category"] == (2, 2)  # blank: continues row 1's cell
        assert ref.cells["title"] == (3, 3)


class TestBuildingsPlan:
    def test_it_has_29_tasks_in_two_sections(self, buildings_plan: PlanDoc) -> None:
        assert [(s.title, len(s.tasks)) for s in buildings_plan.sections] == [
            ("主要工作", 9),
            ("2022年重点工作分解表", 20),
        ]

    def test_title_and_period_come_from_the_text(self, buildings_plan: PlanDoc) -> None:
        assert buildings_plan.title == "江阴市科技赋能楼宇三年行动实施方案"
        assert (str(buildings_plan.period_start), str(buildings_plan.period_end)) == (
            "2022-01-01",
            "2024-12-31",
        )

    def test_every_task_reads_as_the_office_means_it(self, buildings_plan: PlanDoc) -> None:
        assert _row(buildings_plan) == BUILDINGS_PLAN_ROWS

    def test_the_goals_carry_ten_indicators(self, buildings_plan: PlanDoc) -> None:
        indicators = [i for g in buildings_plan.goals for i in g.indicators]
        assert [len(g.indicators) for g in buildings_plan.goals] == [3, 4, 3]
        values = [(i.comparator, int(i.value), i.unit) for i in indicators]
        assert values == [
            (">=", 30, "栋"),
            (">=", 3, "栋"),
            (">=", 5000, "平方米"),
            ("=", 15, "个"),
            (">", 15, "家"),
            (">", 15, "家"),
            (">", 15_000_000_000, "元"),
            ("=", 600, "个"),
            ("=", 300, "个"),
            ("=", 1000, "人"),
        ]

    def test_page_breaks_inside_a_word_are_joined(self, buildings_plan: PlanDoc) -> None:
        assert "股权投资机构超 15 家" in buildings_plan.goals[1].text
        assert _task(buildings_plan, 0, "5").lead_units == ["市委组织部"]
        assert "“霞客之光”" in _task(buildings_plan, 0, "8").target

    def test_a_main_work_item_splits_into_title_and_body(self, buildings_plan: PlanDoc) -> None:
        task = _task(buildings_plan, 0, "3")
        assert task.title == "科学制订发展规划"
        assert task.target.startswith("针对梳理出的相关楼宇") and task.target.endswith("“楼尽所能”。")

    def test_deadlines_keep_the_text_as_written(self, buildings_plan: PlanDoc) -> None:
        task = _task(buildings_plan, 1, "1")
        assert (task.deadline_text, str(task.deadline), task.deadline_kind) == (
            "2022 年 1 月",
            "2022-01-31",
            "date",
        )

    def test_annex_rows_carry_their_indicators(self, buildings_plan: PlanDoc) -> None:
        task = _task(buildings_plan, 1, "11")
        assert [(int(i.value), i.unit) for i in task.indicators] == [(10, "栋"), (1, "栋")]


def test_the_seeds_are_shipped_inside_the_package() -> None:
    assert KEY_WORK_2025.is_file() and BUILDINGS_PLAN_2022.is_file()
    assert Path(KEY_WORK_2025).parent.parent.name == "demo"

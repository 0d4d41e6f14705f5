"""Which cells merge: the office's rules, independent of Word or Excel."""

from __future__ import annotations

from duban.exports import ColumnChoice, ExportRow, ExportSection, PlanExport
from duban.exports.layout import OFFICE_COLUMNS, Column, section_spans, shows_section_row, table_columns


def _row(category: str, title: str, lead: str, responsible: str = "", **extra: str) -> ExportRow:
    return ExportRow(
        seq="",
        category=category,
        title=title,
        lead_units=lead.split(),
        responsible_units=responsible.split(),
        **extra,
    )


def test_categories_merge_over_consecutive_equal_values() -> None:
    rows = [_row("甲", "a", "x"), _row("甲", "b", "y"), _row("乙", "c", "z"), _row("甲", "d", "w")]
    assert section_spans(rows).by_column[Column.CATEGORY] == [2, 0, 1, 1]


def test_units_and_titles_do_not_merge_across_a_category() -> None:
    rows = [_row("甲", "同一任务", "霞科办", "青阳镇"), _row("乙", "同一任务", "霞科办", "青阳镇")]
    spans = section_spans(rows)
    assert [spans.by_column[c] for c in (Column.TITLE, Column.LEAD, Column.RESPONSIBLE)] == [[1, 1]] * 3


def test_empty_cells_never_merge_but_rows_without_a_category_still_merge_units() -> None:
    rows = [_row("", "a", "霞科办"), _row("", "b", "霞科办"), _row("", "c", "")]
    spans = section_spans(rows)
    assert spans.by_column[Column.CATEGORY] == [1, 1, 1]
    assert spans.by_column[Column.LEAD] == [2, 0, 1]
    assert spans.by_column[Column.RESPONSIBLE] == [1, 1, 1]


def test_unit_lists_merge_only_when_identical_in_order() -> None:
    rows = [_row("甲", "a", "x", "p q"), _row("甲", "b", "x", "q p"), _row("甲", "c", "x", "q p")]
    assert section_spans(rows).by_column[Column.RESPONSIBLE] == [1, 2, 0]


def test_optional_columns_show_only_when_asked_and_filled() -> None:
    plain = [_row("甲", "a", "x")]
    busy = [_row("甲", "a", "x", deadline_text="6月底", status_label="已逾期")]
    assert table_columns(PlanExport("表", [ExportSection("表", plain)])) == list(OFFICE_COLUMNS)
    shown = table_columns(PlanExport("表", [ExportSection("表", busy)], columns=ColumnChoice(status=True)))
    assert shown.index(Column.DEADLINE) == shown.index(Column.TARGET) + 1
    assert shown[-1] == Column.STATUS


def test_a_number_column_comes_last_and_only_for_numbered_tasks() -> None:
    numbered = [_row("甲", "a", "x", number="霞重〔2025〕1号"), _row("甲", "b", "x")]
    shown = table_columns(
        PlanExport("表", [ExportSection("表", numbered)], columns=ColumnChoice(status=True))
    )
    assert shown == [*OFFICE_COLUMNS, Column.NUMBER]  # no 督办状态 here: no row has one
    unnumbered = PlanExport("表", [ExportSection("表", numbered)], columns=ColumnChoice(number=False))
    assert table_columns(unnumbered) == list(OFFICE_COLUMNS)


def test_a_section_titled_as_the_plan_gets_no_row_of_its_own() -> None:
    plan = PlanExport("2025年重点工作安排表", [])
    assert not shows_section_row(plan, ExportSection("2025年重点工作安排表"))
    assert not shows_section_row(plan, ExportSection(""))
    assert shows_section_row(plan, ExportSection("校地合作“八个一”工作清单"))

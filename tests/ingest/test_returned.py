"""Matching a returned table's rows to a unit's tasks: key first, then 序号 and title, never a guess."""

from __future__ import annotations

from duban.ingest.returned import Candidate, ReturnedRow, guarded_changes, match_rows

TASKS = [
    Candidate(14, "14", "源容电气高性能电容器生产项目"),
    Candidate(34, "34", "青阳镇乡村振兴项目一期"),
    Candidate(35, "35", "青阳镇乡村振兴项目二期"),
]


def row(number: int, seq: str, title: str, key: tuple[int, int] | None = None, **values: str) -> ReturnedRow:
    return ReturnedRow("表1", number, key, seq, title, values)


def test_a_key_wins_over_the_title_and_a_copied_rows_key_is_matched_once() -> None:
    rows = [row(2, "14", "改过的标题", key=(7, 14)), row(3, "14", "改过的标题", key=(7, 14))]
    first, copy = match_rows(rows, TASKS, round_id=7)
    assert (first.task_id, first.how) == (14, "key")
    assert copy.task_id is None and copy.note == "没有找到序号和标题相符的任务"


def test_a_key_from_another_round_is_not_matched_and_says_why() -> None:
    (match,) = match_rows([row(2, "14", "源容电气高性能电容器生产项目", key=(6, 14))], TASKS, round_id=7)
    assert match.task_id is None and match.note == "该行的回收标识属于另一轮次的填报表"


def test_a_retyped_title_matches_with_its_seq_and_a_look_alike_without_one_is_ambiguous() -> None:
    retyped, alike = match_rows(
        [row(2, "34", "青阳镇乡村振兴一期项目"), row(3, "", "青阳镇乡村振兴项目期")], TASKS, round_id=7
    )
    assert (retyped.task_id, retyped.how) == (34, "title")
    assert alike.task_id is None and "无法确定" in alike.note


def test_a_row_for_a_task_the_unit_does_not_have_matches_nothing() -> None:
    (match,) = match_rows([row(2, "99", "村级道路硬化")], TASKS, round_id=7)
    assert match.task_id is None


def test_only_what_the_office_owns_is_flagged_and_units_compare_as_sets() -> None:
    returned = row(2, "14", "源容电气", target="项目开工。", lead="青阳镇、霞科办", deadline="")
    current = {"target": "项目竣工。", "lead": "霞科办 青阳镇", "deadline": "2025年底"}
    assert guarded_changes(returned, current) == ["年度目标"]

"""二次分解's pure rules: milestones as typed, who below is late, the labelled block in the lead's text."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.core.breakdown import (
    MilestoneLine,
    MilestoneProblem,
    block_merge,
    missed_milestones,
    parse_milestones,
    subtask_light,
)
from duban.core.lights import Light, LightConfig, TaskFacts

D = dt.date


def test_milestones_are_read_one_a_line_in_the_offices_ways_of_writing_a_date() -> None:
    text = "2025-12-10 完成摸底\n\n2025年12月20日前：完成整改\n2025.12.31、验收"
    assert parse_milestones(text) == [
        MilestoneLine(D(2025, 12, 10), "完成摸底"),
        MilestoneLine(D(2025, 12, 20), "完成整改"),
        MilestoneLine(D(2025, 12, 31), "验收"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("完成摸底", "进度节点第1行：请以日期开头"),
        ("2025-12-10 摸底\n2025-02-30 整改", "进度节点第2行：日期 2025-02-30 不存在"),
        ("2025-12-10", "进度节点第1行：请在日期后写明节点内容"),
        ("2026-01-05 验收", "进度节点第1行：节点日期2026年1月5日晚于完成时限2025年12月31日"),
    ],
)
def test_a_line_that_cannot_be_read_is_named_by_its_number(text: str, message: str) -> None:
    with pytest.raises(MilestoneProblem, match=message):
        parse_milestones(text, latest=D(2025, 12, 31))


def test_a_milestone_is_missed_once_its_day_is_over_without_a_report_on_or_after_it() -> None:
    milestones = [D(2025, 11, 10), D(2025, 11, 18), D(2025, 11, 30)]
    assert missed_milestones(milestones, [], today=D(2025, 11, 20)) == [D(2025, 11, 10), D(2025, 11, 18)]
    assert missed_milestones(milestones, [D(2025, 11, 12)], today=D(2025, 11, 20)) == [D(2025, 11, 18)]
    assert missed_milestones(milestones, [D(2025, 11, 18)], today=D(2025, 11, 20)) == []
    assert missed_milestones(milestones, [], today=D(2025, 11, 10)) == []  # its day is not over


def test_the_block_is_added_after_what_the_lead_typed_and_replaced_when_filed_again() -> None:
    lead = "本月完成设备采购。\n正在调试。"
    first = block_merge(lead, label="青阳村“摸底”", body="完成摸底\n共32户")
    assert first == "本月完成设备采购。\n正在调试。\n【分解任务】青阳村“摸底”：完成摸底 共32户"
    edited = first + "\n牵头单位补充：已汇总。"
    again = block_merge(edited, label="青阳村“摸底”", body="完成摸底40户")
    assert (
        again
        == "本月完成设备采购。\n正在调试。\n【分解任务】青阳村“摸底”：完成摸底40户\n牵头单位补充：已汇总。"
    )
    assert block_merge("", label="湖东村“整改”", body="已整改") == "【分解任务】湖东村“整改”：已整改"


def test_a_missed_milestone_turns_a_good_light_behind_but_never_hides_worse_news() -> None:
    config, today = LightConfig(), D(2025, 11, 20)
    on_track = TaskFacts(done=False, deadline=D(2025, 12, 31))
    overdue = TaskFacts(done=False, deadline=D(2025, 11, 1))
    assert subtask_light(on_track, missed=False, today=today, config=config) == Light.ON_TRACK
    assert subtask_light(on_track, missed=True, today=today, config=config) == Light.BEHIND
    assert subtask_light(overdue, missed=True, today=today, config=config) == Light.OVERDUE

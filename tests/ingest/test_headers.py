"""Header cells are scored against a lexicon of column names with exclusions, not first-substring."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.core.plan import PlanDoc
from duban.ingest.cleaning import split_milestones
from duban.ingest.headers import find_header, score_header
from duban.ingest.interpret import interpret_document
from duban.ingest.readers.text import read_text_document


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("项目名称", "title"),
        ("民生实事", "title"),
        ("工作事项", "title"),
        ("全年目标任务", "target"),
        ("攻坚目标任务", "target"),
        ("目标任务", "target"),
        ("责任科室", "responsible"),
        ("责任主体与协同单位", "responsible"),
        ("承办单位", "responsible"),
        ("进度安排", "milestones"),
        ("分管领导", "leaders"),
        ("责任领导", "leaders"),
        ("牵头领导", "leaders"),
        ("牵头单位", "lead"),
        ("是否达序", "status"),
        ("达序推进", "status"),
        ("滞后", "status"),
        ("是否完成", "completed"),
        ("年度任务完成情况", "progress"),
        ("主要任务", "category"),
        ("备注", "note"),
    ],
)
def test_each_office_s_name_for_a_column_scores_as_its_field(header: str, field: str) -> None:
    assert score_header(header).field == field


def test_a_count_of_projects_is_not_a_task_column() -> None:
    assert score_header("实事项目数量").field is None
    assert score_header("完成投资（万元）").field is None


def test_a_period_progress_column_carries_its_period() -> None:
    assert score_header("1-10月完成情况").period == "1-10月"
    assert score_header("第二季度完成情况").period == "第二季度"


def test_confidence_is_the_share_of_the_cell_the_name_explains() -> None:
    assert score_header("工作任务").confidence == 1.0
    assert 0.5 < score_header("工作任务（具体到项目）").confidence < 1.0


def _plan(text: str) -> PlanDoc:
    return interpret_document(read_text_document(text, file="表.txt", sha256="0"))


_PROGRESS = "\n".join(
    [
        "2025年重点项目推进表",
        "序号\t工作事项\t实事项目数量\t全年目标任务\t责任领导\t1-10月完成情况\t1-11月完成情况\t进度安排",
        "1\t城区道路改造\t3\t改造道路3条\t张伟\t完成2条\t完成3条\t①3月底前完成设计；②6月底前开工；③年底前完工",
    ]
)


def test_several_period_columns_become_dated_progress_and_the_count_is_no_task() -> None:
    header = find_header(read_text_document(_PROGRESS, file="表.txt", sha256="0").tables()[0].rows)
    assert header is not None
    assert header.columns["title"] == 2 and "progress" not in header.columns
    assert header.periods == ((6, "1-10月"), (7, "1-11月"))


def test_leaders_milestones_and_period_progress_are_read_into_the_task() -> None:
    (task,) = _plan(_PROGRESS).tasks()
    assert task.title == "城区道路改造" and task.target == "改造道路3条"
    assert task.leaders == ["张伟"]
    assert [(e.period, e.text) for e in task.progress_entries] == [
        ("1-10月", "完成2条"),
        ("1-11月", "完成3条"),
    ]
    assert [(m.date, m.text) for m in task.milestones] == [
        (dt.date(2025, 3, 31), "完成设计"),
        (dt.date(2025, 6, 30), "开工"),
        (dt.date(2025, 12, 31), "完工"),
    ]


def test_a_table_without_owner_columns_still_gives_tasks_with_one_warning() -> None:
    text = "\n".join(
        ["2025年民生实事", "序号\t民生实事\t全年目标任务\t完成情况"]
        + [f"{n}\t第{n}件实事\t目标{n}\t进展{n}" for n in range(1, 21)]
    )
    plan = _plan(text)
    assert len(plan.tasks()) == 20
    assert all(not t.lead_units for t in plan.tasks())
    assert [w.message for w in plan.warnings] == [
        "表格没有牵头单位或责任单位列，任务已导入但未指定责任单位，请导入后分派"
    ]


def test_a_step_opening_with_its_date_keeps_the_date_apart_from_its_text() -> None:
    steps = split_milestones("①2月上旬前,完成设计招标。\n②3月底前，完成图纸深化设计；③做好验收", 2023)
    assert [(m.date, m.text) for m in steps] == [
        (dt.date(2023, 2, 10), "完成设计招标"),
        (dt.date(2023, 3, 31), "完成图纸深化设计"),
        (None, "做好验收"),
    ]


def test_a_second_completion_column_saying_on_schedule_or_behind_is_the_status() -> None:
    text = (
        "序号\t工作事项\t进展情况\t完成情况\n1\t建设综合体\t已完成招标\t达序推进\n2\t建设道路\t未开工\t滞后"
    )
    tasks = _plan(text).tasks()
    assert [(t.progress, t.status) for t in tasks] == [
        ("已完成招标", "on_schedule"),
        ("未开工", "behind"),
    ]


def test_a_header_naming_the_lead_is_the_lead_column_whatever_else_it_says() -> None:
    assert score_header("牵头组织实施单位").field == "lead"
    assert score_header("实施单位").field == "responsible"

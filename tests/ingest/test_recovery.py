"""Text that lost its grid is read back into the table model, every guessed cell marked."""

from __future__ import annotations

from duban.core.plan import PlanDoc
from duban.ingest.interpret import interpret_document
from duban.ingest.readers.text import read_text_document
from duban.ingest.recovery import (
    LEFTOVER,
    TYPED,
    align_by_content,
    align_short_rows,
    kind_of,
    pipe_terminated_rows_to_tabs,
)


def _plan(text: str) -> PlanDoc:
    return interpret_document(read_text_document(text, file="复制.txt", sha256="0"))


def test_one_cell_per_line_rows_separated_by_blank_lines() -> None:
    text = "\n".join(
        [
            "2025年重点工作任务分解表",
            "序号",
            "重点工作",
            "牵头单位",
            "完成时限",
            "",
            "1",
            "推进城区道路改造",
            "县住建局",
            "2025年6月底",
            "",
            "2",
            "新建城乡养老服务中心",
            "县民政局",
            "2025年底",
        ]
    )
    plan = _plan(text)
    assert plan.title == "2025年重点工作任务分解表"
    assert [(t.seq, t.title, t.lead_units, str(t.deadline)) for t in plan.tasks()] == [
        ("1", "推进城区道路改造", ["县住建局"], "2025-06-30"),
        ("2", "新建城乡养老服务中心", ["县民政局"], "2025-12-31"),
    ]
    assert all(not t.source_ref.guessed for t in plan.tasks())


def test_rows_starting_with_their_number_and_a_header_word_split_over_two_lines() -> None:
    text = "\n".join(
        [
            "序号",
            "工作任务",
            "责任",
            "领导",
            "责任单位",
            "1",
            "推进城区道路改造",
            "王强",
            "县住建局",
            "2",
            "新建城乡养老服务中心",
            "李敏",
            "县民政局",
        ]
    )
    plan = _plan(text)
    first, second = plan.tasks()
    assert first.leaders == ["王强"] and first.responsible_units == ["县住建局"]
    assert second.title == "新建城乡养老服务中心" and second.leaders == ["李敏"]


def test_pipe_separated_rows_with_a_rule() -> None:
    text = "\n".join(
        [
            "| 序号 | 重点工作 | 牵头单位 | 完成时限 |",
            "|---|---|---|---|",
            "| 1 | 推进城区道路改造 | 县住建局 | 2025年6月底 |",
            "| 2 | 新建城乡养老服务中心 | 县民政局 | 2025年底 |",
        ]
    )
    plan = _plan(text)
    assert [t.lead_units for t in plan.tasks()] == [["县住建局"], ["县民政局"]]


def test_a_short_row_is_aligned_by_content_and_its_guesses_are_marked() -> None:
    text = "\n".join(
        [
            "序号",
            "重点工作",
            "责任领导",
            "牵头单位",
            "完成时限",
            "",
            "1",
            "推进城区道路改造",
            "王强",
            "县住建局",
            "2025年6月底",
            "",
            "2",
            "新建城乡养老服务中心",
            "县民政局",
        ]
    )
    first, second = _plan(text).tasks()
    assert not first.source_ref.guessed
    assert second.leaders == [] and second.lead_units == ["县民政局"] and second.deadline is None
    assert second.source_ref.guessed == {"lead": TYPED, "title": TYPED, "seq": TYPED}


def test_values_are_told_apart_by_what_they_look_like() -> None:
    assert kind_of("县住建局、县财政局") == "unit"
    assert kind_of("各县（市、区）人民政府") == "unit"
    assert kind_of("王强") == "person" and kind_of("李晓明同志") == "person"
    assert kind_of("2025年6月底") == "date" and kind_of("三季度") == "date"
    assert kind_of("推进城区道路改造") == "text"


def test_a_date_goes_to_the_deadline_column_even_when_cells_before_it_are_missing() -> None:
    fields: list[str | None] = ["seq", "title", "leaders", "lead", "deadline"]
    placed = align_by_content(["3", "建设智慧停车场", "2025年底"], fields)
    assert [text for text, _ in placed] == ["3", "建设智慧停车场", "", "", "2025年底"]
    assert placed[4][1] == TYPED
    placed = align_by_content(["3", "建设智慧停车场", "补充说明"], fields)
    assert placed[2] == ("补充说明", LEFTOVER)


def test_one_cell_per_line_ending_in_a_pipe_is_read_by_the_header_width() -> None:
    cells = ["完成情况表", "序号", "项目名称", "责任单位", "目标任务", "完成情况"]
    cells += ["1", "新增城镇就业", "人社局", "8950", "", "2", "新增养老床位", "民政局", "71个", "已完成"]
    plan = _plan("\n".join(f"{c} |" if c else "|" for c in cells))
    assert [(t.seq, t.title, t.responsible_units, t.target, t.progress) for t in plan.tasks()] == [
        ("1", "新增城镇就业", ["人社局"], "8950", ""),
        ("2", "新增养老床位", ["民政局"], "71个", "已完成"),
    ]


def test_traditional_headers_match_and_pinyin_in_brackets_goes_while_the_text_is_kept() -> None:
    text = "序號\t項目名稱\t責任單位\t目標任務\n1\t新增城鎮(zhèn)就業\t人社局\t8950人"
    (task,) = _plan(text).tasks()
    assert (task.title, task.responsible_units, task.target) == ("新增城鎮就業", ["人社局"], "8950人")


def test_space_separated_rows_under_a_space_separated_header_are_a_table() -> None:
    text = "\n".join(
        [
            "主要指标完成情况",
            "表1",
            "序号 指标名称 2020 年目标值 2020 年实际值 完成情况",
            "1 全区生产总值(亿元) 1000 1008.5 完成",
            "2 新增城镇就业(人) 8000 7600 滞后",
        ]
    )
    plan = _plan(text)
    assert plan.title == "主要指标完成情况"
    assert [(t.seq, t.title, t.target, t.progress, t.status) for t in plan.tasks()] == [
        ("1", "全区生产总值(亿元)", "1000", "1008.5", "done"),
        ("2", "新增城镇就业(人)", "8000", "7600", "behind"),
    ]


def test_a_blank_line_inside_a_cell_keeps_the_cells_paragraphs_in_their_row() -> None:
    lines = ["序号", "工作事项", "进展情况", "", "1", "长期照顾", ""]
    lines += ["一、规划推进：", "（一）召开会议。", "（二）修正计划。"]
    lines += ["", "2", "社区照顾", "试点20个社区"]
    first, second = _plan("\n".join(lines)).tasks()
    assert (first.seq, first.title) == ("1", "长期照顾")
    assert first.progress == "一、规划推进：\n（一）召开会议。\n（二）修正计划。"
    assert (second.title, second.progress) == ("社区照顾", "试点20个社区")


PAGE_COPY = "\n".join(
    [
        "序号 |",
        "牵头单位 |",
        "项目名称 |",
        "业主单位 |",
        "进展 |",
        "|",
        "一 |",
        "区住建局 |",
        "新建文化中心北路 |",
        "区城投 |",
        "已完工 |",
        "|",
        "2.乐业路 |",
        "区城管局 |",
        "已完工 |",
        "|||",
        "二 |",
        "区教体局 |",
        "区城管局 |",
        "已完工 |",
        "||",
    ]
)


def test_a_page_copy_with_rows_ended_by_the_pipes_they_lack_becomes_rows_of_its_width() -> None:
    rows = [line.split("\t") for line in pipe_terminated_rows_to_tabs(PAGE_COPY).split("\n")]
    assert rows == [
        ["序号", "牵头单位", "项目名称", "业主单位", "进展", ""],
        ["一", "区住建局", "新建文化中心北路", "区城投", "已完工", ""],
        ["2.乐业路", "区城管局", "已完工", "", "", ""],
        ["二", "区教体局", "区城管局", "已完工", "", ""],
    ]


def test_lines_ending_in_a_pipe_without_rows_of_one_width_are_left_alone() -> None:
    text = "甲 |\n乙 |\n||\n丙 |\n|\n丁 |\n戊 |\n己 |\n||"
    assert pipe_terminated_rows_to_tabs(text) == text


def test_short_rows_go_right_by_content_and_take_the_cells_on_their_left_from_the_row_above() -> None:
    doc = read_text_document(pipe_terminated_rows_to_tabs(PAGE_COPY), file="复制.txt", sha256="0")
    table = doc.tables()[0]
    fields = {1: "seq", 2: "lead", 3: "title", 4: "responsible", 5: "progress"}
    aligned = align_short_rows(table, 0, fields)
    assert aligned.rows[1] is table.rows[1]  # a full row is kept as read
    continued, grouped = aligned.rows[2], aligned.rows[3]
    assert continued.texts() == ["一", "区住建局", "2.乐业路", "区城管局", "已完工"]
    assert [c.merged for c in continued.cells] == [True, True, False, False, False]
    assert continued.cells[1].origin == (2, 2)
    # 区教体局 is a unit: it goes to the 牵头单位 column, leaving the task's cell empty.
    assert grouped.texts() == ["二", "区教体局", "", "区城管局", "已完工"]
    assert continued.cells[2].guess == LEFTOVER

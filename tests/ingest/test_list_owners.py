"""List forms from other offices: how they write who owns each item."""

from __future__ import annotations

from duban.core.plan import PlanDoc
from duban.ingest.cleaning import split_units
from duban.ingest.interpret import interpret_document
from duban.ingest.readers.text import read_text_document


def _plan(*lines: str) -> PlanDoc:
    text = "\n".join(["2025年重点工作责任分工", "一、产业发展", *lines])
    return interpret_document(read_text_document(text, file="分工.txt", sha256="0"))


def _owners(plan: PlanDoc) -> list[tuple[list[str], list[str]]]:
    return [(t.lead_units, t.responsible_units) for t in plan.tasks()]


def test_a_note_with_brackets_inside_it() -> None:
    plan = _plan("1. 推进县域经济高质量发展。（责任单位：市发改委、各县（市、区）人民政府）")
    assert _owners(plan) == [([], ["市发改委", "各县（市、区）人民政府"])]
    assert plan.tasks()[0].title == "推进县域经济高质量发展"


def test_only_responsible_units_name_no_lead_unless_a_note_says_the_first_listed_leads() -> None:
    plain = _plan("1. 推进县域经济高质量发展。（责任单位：市发改委、市财政局）")
    noted = _plan("1. 推进县域经济高质量发展。（责任单位：市发改委、市财政局）（列第一位者为牵头单位）")
    assert _owners(plain) == [([], ["市发改委", "市财政局"])]
    assert _owners(noted) == [(["市发改委"], ["市财政局"])]


def test_the_key_on_one_line_and_the_units_on_the_next() -> None:
    plan = _plan("1. 推进县域经济高质量发展。", "牵头单位：", "市发改委", "责任单位：", "市财政局、市商务局")
    assert _owners(plan) == [(["市发改委"], ["市财政局", "市商务局"])]


def test_x_leads_and_y_share_the_work_or_assist() -> None:
    plan = _plan(
        "1. 推进县域经济高质量发展。（市发改委牵头，市财政局、市商务局按职责分工负责）",
        "2. 建设智慧城市。（市大数据局牵头，市公安局配合）",
    )
    assert _owners(plan) == [(["市发改委"], ["市财政局", "市商务局"]), (["市大数据局"], ["市公安局"])]


def test_the_first_listed_note_is_understood_for_this_and_the_following_items_and_stripped() -> None:
    plan = _plan(
        "1. 推进县域经济高质量发展。（牵头单位：市发改委、市财政局）（列第一位者为牵头单位，下同）",
        "2. 建设智慧城市。（牵头单位：市大数据局、市公安局）",
    )
    assert _owners(plan) == [(["市发改委"], ["市财政局"]), (["市大数据局"], ["市公安局"])]
    assert not any("列第一位" in u for t in plan.tasks() for u in t.lead_units + t.responsible_units)


def test_traditional_characters_are_matched_and_kept() -> None:
    plan = _plan("1. 推進縣域經濟發展。（牽頭單位：市發改委；責任單位：市財政局）")
    assert _owners(plan) == [(["市發改委"], ["市財政局"])]


def test_a_note_that_is_not_understood_never_takes_the_next_item_s_units() -> None:
    plan = _plan(
        "1. 推进县域经济高质量发展。（由市发改委会同有关部门负责统筹）",
        "2. 建设智慧城市。（牵头单位：市大数据局）",
    )
    assert [t.title for t in plan.tasks()] == ["建设智慧城市"]
    assert _owners(plan) == [(["市大数据局"], [])]


def test_leaders_and_lead_and_partner_lines_under_each_item() -> None:
    plan = _plan(
        "1. 地区生产总值增长8%以上。",
        "牵头负责领导：金力。",
        "牵头责任单位：市发展改革委。",
        "协同责任单位：市经信局、市商务局。",
    )
    (task,) = plan.tasks()
    assert task.leaders == ["金力"]
    assert (task.lead_units, task.responsible_units) == (["市发展改革委"], ["市经信局", "市商务局"])


def test_a_trailing_deng_after_a_unit_is_not_part_of_its_name() -> None:
    assert split_units("市疫情防控指挥部办公室、市卫生健康委等，各县政府") == [
        "市疫情防控指挥部办公室",
        "市卫生健康委",
        "各县政府",
    ]
    assert split_units("平等") == ["平等"]


def test_the_units_of_a_note_end_with_its_sentence() -> None:
    text = "1. 深化政务服务。(牵头单位:市审批局;责任单位:各区市政府。以下任务均需各区市政府落实,不再一一列出)"
    (task,) = interpret_document(read_text_document(text, file="要点.txt", sha256="0")).tasks()
    assert (task.lead_units, task.responsible_units) == (["市审批局"], ["各区市政府"])


def test_pieces_that_are_no_unit_of_their_own_stay_in_the_name_they_were_cut_from() -> None:
    assert split_units("市商务局、各县、市、区政府") == ["市商务局", "各县、市、区政府"]
    assert split_units("市直有关部门、单位，各区市政府") == ["市直有关部门、单位", "各区市政府"]


def test_two_units_joined_by_ji_are_two_units() -> None:
    assert split_units("市級各有關部門及各縣市區政府") == ["市級各有關部門", "各縣市區政府"]
    assert split_units("市场监管及质量提升办公室") == ["市场监管及质量提升办公室"]


def test_a_trailing_note_on_who_builds_is_not_part_of_the_units_name() -> None:
    assert split_units("区教体局（区国资公司代建）、开发商（配建学校项目）") == ["区教体局", "开发商"]
    assert split_units("各县(市、区)政府(管委会)") == ["各县(市、区)政府(管委会)"]

"""Plans written as numbered lists with their units, in text and in Word."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from duban.core.plan import PlanDoc
from duban.ingest import parse_file
from duban.ingest.interpret import interpret_document
from duban.ingest.readers.text import read_text_document

NOTICE = Path(__file__).parent / "fixtures" / "notice_list.txt"


def _as_docx(tmp_path: Path) -> Path:
    document = docx.Document()
    for paragraph in NOTICE.read_text("utf-8").split("\n\n"):
        document.add_paragraph(paragraph.strip())
    path = tmp_path / "通知.docx"
    document.save(str(path))
    return path


@pytest.fixture(params=["txt", "docx"])
def notice(request: pytest.FixtureRequest, tmp_path: Path) -> PlanDoc:
    return parse_file(NOTICE if request.param == "txt" else _as_docx(tmp_path))


def _rows(plan: PlanDoc) -> list[tuple[object, ...]]:
    return [
        (s.title, t.seq, t.category, t.title, t.lead_units, t.responsible_units, t.deadline_text)
        for s in plan.sections
        for t in s.tasks
    ]


def test_the_plan_named_in_the_issuing_notice_is_the_title(notice: PlanDoc) -> None:
    assert notice.title == "2025年全市科技创新重点工作任务分解"
    assert str(notice.period_start) == "2025-01-01"


def test_the_notice_text_before_the_list_does_not_become_tasks(notice: PlanDoc) -> None:
    assert [t.seq for t in notice.tasks()] == ["1", "2", "3", "4", "5", "6", "7"]


def test_items_take_their_unit_lines_and_a_closing_note_covers_its_block(notice: PlanDoc) -> None:
    assert _rows(notice) == [
        (
            "强化企业创新主体地位",
            "1",
            "培育高新技术企业",
            "新认定高新技术企业300家以上",
            ["市科技局"],
            ["各镇街园区"],
            "",
        ),
        (
            "强化企业创新主体地位",
            "2",
            "培育高新技术企业",
            "推进规上工业企业研发机构建设，覆盖率达到60%",
            ["市工信局"],
            ["市科技局", "各镇街园区"],
            "",
        ),
        (
            "强化企业创新主体地位",
            "3",
            "支持企业研发投入",
            "落实研发费用加计扣除政策",
            [],
            ["市税务局", "市科技局"],
            "2025年6月底",
        ),
        (
            "强化企业创新主体地位",
            "4",
            "支持企业研发投入",
            "开展企业研发投入专项辅导20场",
            [],
            ["市税务局", "市科技局"],
            "2025年6月底",
        ),
        ("集聚创新人才", "5", "", "引进高层次人才1000名", ["市委组织部"], ["市人社局", "各镇街园区"], ""),
        ("集聚创新人才", "6", "", "新建人才公寓500套，年底前交付", [], ["市科技局", "团市委"], ""),
        ("集聚创新人才", "7", "", "举办“霞客杯”创新创业大赛", [], ["市科技局", "团市委"], ""),
    ]


def test_a_deadline_in_a_unit_note_is_parsed(notice: PlanDoc) -> None:
    task = notice.tasks()[3]
    assert str(task.deadline) == "2025-06-30"


def test_an_inline_lead_key_after_the_items_name_and_progress_under_a_progress_heading() -> None:
    text = "\n".join(
        [
            "现将1至7月民生工程实施进度通报如下:",
            "二、部分项目进展情况",
            "1、农村道路畅通工程,牵头部门:市交通局。建设进度相对较慢的县区为舒城县。",
            "2、棚户区改造,牵头部门:市住建委。新开工进度较慢。 某市民生办",
        ]
    )
    plan = interpret_document(read_text_document(text, file="通报.txt", sha256="0"))
    assert [(t.title, t.lead_units, t.progress, t.target) for t in plan.tasks()] == [
        ("农村道路畅通工程", ["市交通局"], "建设进度相对较慢的县区为舒城县。", ""),
        ("棚户区改造", ["市住建委"], "新开工进度较慢。", ""),
    ]


def test_a_heading_naming_the_lead_unit_or_the_leader_gives_them_to_its_items() -> None:
    text = "\n".join(
        [
            "一、县示范区管委会牵头工作(2项)",
            "1.建设对虾养殖基地。",
            "2.打造食用菌生产基地。",
            "二、洪湖鹏市长主抓重点工作",
            "3.提升城市品质。(责任单位:市住建局)",
        ]
    )
    plan = interpret_document(read_text_document(text, file="清单.txt", sha256="0"))
    assert [(t.title, t.lead_units + t.responsible_units, t.leaders) for t in plan.tasks()] == [
        ("建设对虾养殖基地", ["县示范区管委会"], []),
        ("打造食用菌生产基地", ["县示范区管委会"], []),
        ("提升城市品质", ["市住建局"], ["洪湖鹏"]),
    ]


def test_lines_as_wide_as_the_pages_full_lines_wrap_onto_the_next_one() -> None:
    lines = [
        "为深入贯彻落实上级文件精神，结合我市实际，特制定本",  # a page's text layer: full lines of one width
        "工作要点。全面提升数字建设水平，推进各项工作落实好",
        "一、着力构建高效协同的数字政府",
        "1.深化政务服务网上办。全面深化提升工程，持续推进",
        "政务服务标准化改革。(牵头单位:市行政审批服务局)",
    ]
    plan = interpret_document(read_text_document("\n".join(lines), file="要点.txt", sha256="0"))
    (task,) = plan.tasks()
    assert (task.title, task.lead_units) == ("深化政务服务网上办", ["市行政审批服务局"])
    assert task.target == "全面深化提升工程，持续推进政务服务标准化改革。"


def test_a_record_of_keyed_fields_gives_the_name_the_content_the_units_and_the_progress() -> None:
    text = "\n".join(
        [
            "全县办实事项目进展情况汇报",
            "01 项目名称:提升县域生态环境",
            "项目内容:",
            "新建城区公共厕所5座。",
            "责任单位",
            "县城管局",
            "进展与成效:",
            "已确定5座公厕建厕位置。",
            "已完成开标。",
            "02 项目名称:加大文化惠民力度",
            "项目内容:",
            "新建城市书房1个。",
            "责任单位:县文广旅局",
            "进展与成效:",
            "城市书房已确定建设地址。",
        ]
    )
    plan = interpret_document(read_text_document(text, file="汇报.txt", sha256="0"))
    assert [(t.title, t.target, t.responsible_units, t.progress) for t in plan.tasks()] == [
        ("提升县域生态环境", "新建城区公共厕所5座。", ["县城管局"], "已确定5座公厕建厕位置。\n已完成开标。"),
        ("加大文化惠民力度", "新建城市书房1个。", ["县文广旅局"], "城市书房已确定建设地址。"),
    ]

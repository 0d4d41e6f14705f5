"""三色督办: the office's ladder, the 督办单 a run of lagging rounds calls for, issued once, signed
for and answered by the unit, and 约谈 records; every refused step in Chinese."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.common.refusals import Refused
from duban.plans.choices import LeaderKind
from duban.plans.models import Task, TaskLeader
from duban.reporting.choices import Claim
from duban.reporting.models import ReportingRound
from duban.reporting.services.instructions import instruction_answers_save, open_instructions
from duban.reporting.services.rounds import round_close, round_open
from duban.reporting.services.transitions import ReportContent, report_transition
from duban.supervision.choices import NoticeLevel
from duban.supervision.models import SupervisionNotice
from duban.supervision.selectors import flagged_task_ids, ladder_rungs, notice_proposals
from duban.supervision.services.escalation import (
    RungValues,
    interview_record,
    ladder_save,
    notice_issue,
    notice_receive,
    notice_reply,
    notices_issue_for_round,
)
from duban.units.models import Unit

pytestmark = pytest.mark.django_db


def closed_rounds(
    task: Task, wang: User, months: list[int], *, filed: User | None = None
) -> list[ReportingRound]:
    """One round per month, due the 10th and closed; the reports stay unfiled unless ``filed`` files them."""
    rounds = []
    for month in months:
        round_ = round_open(
            actor=wang, plan=task.plan, label=f"2025年{month}月", due_date=dt.date(2025, month, 10)
        )
        if filed is not None:
            report = round_.reports.get(task=task)
            answers = {i.pk: "已按批示推进" for i in open_instructions(task.pk)}  # a 批示件 must answer them
            instruction_answers_save(report=report, answers=answers)
            content = ReportContent("主体结构施工中", Claim.IN_PROGRESS)
            report_transition(
                actor=filed, report=report, action="submit", expected_version=report.version, content=content
            )
        rounds.append(round_close(actor=wang, round_=round_))
    return rounds


def test_the_default_ladder_is_blue_yellow_red_after_one_two_three_rounds(wang: User) -> None:
    ladder = [(r.label, r.rounds, r.reply_workdays, r.flagged) for r in ladder_rungs()]
    assert ladder == [("蓝色督办单", 1, 5, False), ("黄色督办单", 2, 3, False), ("红色督办单", 3, 2, True)]


def ladder_values(blue: int = 1, yellow: int = 2, red: int = 4) -> dict[NoticeLevel, RungValues]:
    return {
        NoticeLevel.BLUE: RungValues(blue, 5, False, "请加快推进"),
        NoticeLevel.YELLOW: RungValues(yellow, 3, False, "请主要负责人研究"),
        NoticeLevel.RED: RungValues(red, 2, True, "挂牌督办，限期整改"),
    }


def test_the_office_sets_the_ladder_and_it_is_logged(wang: User) -> None:
    ladder_save(actor=wang, values=ladder_values(red=4))
    assert [r.rounds for r in ladder_rungs()] == [1, 2, 4]
    entry = AuditEntry.objects.latest("pk")
    assert entry.message.startswith("设置三色督办规则：蓝色督办单连续1轮、5个工作日")


def test_a_ladder_that_does_not_rise_is_refused_and_nothing_changes(wang: User) -> None:
    with pytest.raises(Refused, match="连续滞后轮次须逐级递增"):
        ladder_save(actor=wang, values=ladder_values(blue=2, yellow=2))
    assert [r.rounds for r in ladder_rungs()] == [1, 2, 3]


def test_only_the_office_sets_the_ladder(li: User, zhang: User) -> None:
    for actor in (li, zhang):
        with pytest.raises(Refused, match="只有督办员可以设置三色督办规则"):
            ladder_save(actor=actor, values=ladder_values())


def test_one_lagging_round_calls_for_a_blue_notice_to_the_lead_unit_only(
    item: Task, wang: User, qingyang: Unit
) -> None:
    (october,) = closed_rounds(item, wang, [10])
    (proposal,) = notice_proposals(october)
    assert (proposal.task, proposal.unit, proposal.rung.level) == (item, qingyang, "blue")
    assert proposal.problem == "本轮推进不力（2025年10月：未填报）。"


def test_a_round_the_unit_filed_calls_for_nothing(item: Task, wang: User, li: User) -> None:
    (october,) = closed_rounds(item, wang, [10], filed=li)
    assert notice_proposals(october) == []


def test_an_open_round_calls_for_nothing_yet(item: Task, wang: User) -> None:
    october = round_open(actor=wang, plan=item.plan, label="2025年10月", due_date=dt.date(2025, 10, 10))
    assert notice_proposals(october) == []


def test_a_filed_round_breaks_the_run(item: Task, wang: User, li: User) -> None:
    closed_rounds(item, wang, [8])
    closed_rounds(item, wang, [9], filed=li)
    (october,) = closed_rounds(item, wang, [10])
    assert [p.rung.level for p in notice_proposals(october)] == ["blue"]


def test_the_batch_issues_the_ticked_notices_numbered_with_a_working_day_limit(
    item: Task, wang: User
) -> None:
    (october,) = closed_rounds(item, wang, [10])
    (proposal,) = notice_proposals(october)
    (notice,) = notices_issue_for_round(actor=wang, round_=october, chosen=[proposal.key])
    assert notice.number == "霞督单〔2025〕1号"
    assert notice.due_on == dt.date(2025, 11, 27)  # five working days from Thursday 20 November
    assert (notice.level, notice.flagged, notice.copied_to) == ("blue", False, "")
    assert notice.requirement.startswith("请认真分析滞后原因")
    entry = AuditEntry.objects.filter(object_type="plans.Task", object_id=str(item.pk)).latest("pk")
    assert entry.message == "向青阳镇签发蓝色督办单霞督单〔2025〕1号（2025年11月27日前办复）"
    assert entry.actor == wang


def test_nothing_is_issued_twice_for_the_same_task_round_and_level(
    item: Task, wang: User, qingyang: Unit
) -> None:
    (october,) = closed_rounds(item, wang, [10])
    (proposal,) = notice_proposals(october)
    notices_issue_for_round(actor=wang, round_=october, chosen=[proposal.key])
    assert notice_proposals(october) == []
    with pytest.raises(Refused, match="请至少勾选一项"):
        notices_issue_for_round(actor=wang, round_=october, chosen=[proposal.key])
    with pytest.raises(Refused, match="青阳镇本轮已收到蓝色督办单，不重复签发"):
        notice_issue(
            actor=wang, task=item, unit=qingyang, level=NoticeLevel.BLUE, problem="滞后", round_=october
        )
    assert SupervisionNotice.objects.count() == 1


def test_three_lagging_rounds_call_for_red_flagged_and_copied_to_the_leader_in_charge(
    item: Task, wang: User, zhang: User
) -> None:
    TaskLeader.objects.create(task=item, name="张局长", kind=LeaderKind.IN_CHARGE, user=zhang)
    TaskLeader.objects.create(task=item, name="钱副局长", kind=LeaderKind.RESPONSIBLE)
    *_, october = closed_rounds(item, wang, [8, 9, 10])
    (proposal,) = notice_proposals(october)
    assert proposal.rung.level == "red"
    assert proposal.problem == "连续3轮推进不力（2025年8月：未填报；2025年9月：未填报；2025年10月：未填报）。"
    (notice,) = notices_issue_for_round(actor=wang, round_=october, chosen=[proposal.key])
    assert (notice.flagged, notice.copied_to, list(notice.copied_users.all())) == (
        True,
        "分管领导张局长",
        [zhang],
    )
    assert notice.due_on == dt.date(2025, 11, 24)
    assert flagged_task_ids([item.pk]) == {item.pk}


def test_two_rounds_call_for_yellow(item: Task, wang: User) -> None:
    *_, october = closed_rounds(item, wang, [9, 10])
    assert [p.rung.level for p in notice_proposals(october)] == ["yellow"]


def test_only_the_office_issues_a_notice_and_it_names_a_problem(
    item: Task, wang: User, li: User, qingyang: Unit
) -> None:
    with pytest.raises(Refused, match="只有督办员可以签发督办单"):
        notice_issue(actor=li, task=item, unit=qingyang, level=NoticeLevel.BLUE, problem="滞后")
    with pytest.raises(Refused, match="请填写督办单的“存在问题”"):
        notice_issue(actor=wang, task=item, unit=qingyang, level=NoticeLevel.BLUE, problem="  ")
    assert not SupervisionNotice.objects.exists()


@pytest.fixture
def notice(item: Task, wang: User, qingyang: Unit) -> SupervisionNotice:
    return notice_issue(
        actor=wang, task=item, unit=qingyang, level=NoticeLevel.YELLOW, problem="连续两月未报送进展"
    )


def test_the_unit_signs_for_its_notice_once(notice: SupervisionNotice, li: User) -> None:
    notice_receive(actor=li, notice=notice)
    assert notice.received_by == li
    assert notice.received_at is not None
    with pytest.raises(Refused, match="已于2025-11-20 09:30签收"):
        notice_receive(actor=li, notice=notice)
    entry = AuditEntry.objects.latest("pk")
    assert entry.message == f"青阳镇签收黄色督办单{notice.number}"


def test_another_unit_and_the_office_cannot_sign_for_it(
    notice: SupervisionNotice, zhou: User, wang: User
) -> None:
    for actor in (zhou, wang):
        with pytest.raises(Refused, match="只有受文单位的填报员或审核人可以签收督办单"):
            notice_receive(actor=actor, notice=notice)
    notice.refresh_from_db()
    assert notice.received_at is None


def test_the_unit_answers_and_the_answer_signs_for_it(
    notice: SupervisionNotice, qing_reviewer: User, zhou: User
) -> None:
    with pytest.raises(Refused, match="请填写办理情况"):
        notice_reply(actor=qing_reviewer, notice=notice, text="")
    with pytest.raises(Refused, match="只有受文单位"):
        notice_reply(actor=zhou, notice=notice, text="已整改")
    notice_reply(actor=qing_reviewer, notice=notice, text="已召开专题会，12月底前完成")
    notice.refresh_from_db()
    assert (notice.reply, notice.replied_by, notice.received_by) == (
        "已召开专题会，12月底前完成",
        qing_reviewer,
        qing_reviewer,
    )


def test_the_office_records_an_interview_on_the_item(item: Task, wang: User, qingyang: Unit) -> None:
    interview = interview_record(
        actor=wang, task=item, unit=qingyang, held_on=dt.date(2025, 11, 19),
        people="青阳镇镇长王某", held_by="张局长", notes="要求月底前完成封顶",
    )  # fmt: skip
    assert list(item.interviews.all()) == [interview]
    entry = AuditEntry.objects.filter(object_type="plans.Task", object_id=str(item.pk)).latest("pk")
    assert entry.message == "登记约谈：张局长约谈青阳镇青阳镇镇长王某（2025年11月19日）"


def test_an_interview_is_the_offices_and_not_in_the_future(
    item: Task, wang: User, li: User, qingyang: Unit
) -> None:
    values = {"task": item, "unit": qingyang, "people": "王某", "held_by": "张局长", "notes": "谈话"}
    with pytest.raises(Refused, match="只有督办员可以登记约谈"):
        interview_record(actor=li, held_on=dt.date(2025, 11, 19), **values)
    with pytest.raises(Refused, match="约谈日期不能晚于今天"):
        interview_record(actor=wang, held_on=dt.date(2025, 11, 21), **values)
    assert not item.interviews.exists()

"""领导批示: a leader (or the office in his name) writes one on a task; the lead unit must answer it
in its next report; the accepted report closes it with its answer; the office follows those awaiting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.common.refusals import Refused
from duban.core.clock import today
from duban.reporting.choices import InstructionStatus, ReportStatus
from duban.reporting.models import InstructionAnswer, LeaderInstruction, ProgressReport
from duban.reporting.services.instructions import instruction_give
from duban.web.inbox import Inbox

DAY = dt.date(2025, 11, 18)


def _give(report: ProgressReport, leader: User, text: str = "加快设备安装，月底前投产") -> LeaderInstruction:
    return instruction_give(actor=leader, task=report.task, text=text, given_on=DAY)


def _file(client: Client, report: ProgressReport, action: str, **data: object) -> object:
    report.refresh_from_db()
    url = reverse("reporting:act", args=[report.pk, action])
    body = {"version": str(report.version), "progress": "设备已进场安装", "claim": "in_progress", **data}
    return client.post(url, body, follow=True)


def test_a_leader_writes_an_instruction_on_a_task_from_its_page(
    qingyang_report: ProgressReport, zhang: User, client_for: Callable[[User], Client]
) -> None:
    task = qingyang_report.task
    client_for(zhang).post(
        reverse("reporting:instruction_new", args=[task.pk]), {"text": "抓紧投产", "given_on": "2025-11-18"}
    )
    instruction = task.instructions.get()
    assert (instruction.leader, instruction.entered_by, instruction.given_on) == (zhang, zhang, DAY)
    entry = AuditEntry.objects.filter(object_type="plans.Task", object_id=str(task.pk)).last()
    assert entry is not None and entry.message == "录入领导批示（zhang2025年11月18日批示）"
    page = client_for(zhang).get(reverse("plans:task", args=[task.pk])).content.decode()
    assert "<strong>zhang</strong> 2025年11月18日批示：抓紧投产" in page and "待答复" in page


def test_the_office_types_an_instruction_for_a_leader_and_both_names_are_kept(
    qingyang_report: ProgressReport, wang: User, zhang: User, client_for: Callable[[User], Client]
) -> None:
    url = reverse("reporting:instruction_new", args=[qingyang_report.task_id])
    page = client_for(wang).post(url, {"text": "抓紧投产", "given_on": "2025-11-18"}, follow=True)
    assert "请选择作出批示的领导" in page.content.decode()
    client_for(wang).post(url, {"text": "抓紧投产", "given_on": "2025-11-18", "leader": str(zhang.pk)})
    instruction = LeaderInstruction.objects.get()
    assert (instruction.leader, instruction.entered_by) == (zhang, wang)
    entry = AuditEntry.objects.filter(message__startswith="录入领导批示").get()
    assert entry.actor_id == wang.pk and entry.message == "录入领导批示（zhang2025年11月18日批示，wang代录）"
    assert entry.changes == {"批示领导": "zhang", "录入人": "wang", "批示内容": "抓紧投产"}


def test_a_unit_cannot_write_an_instruction_nor_can_one_be_dated_tomorrow(
    qingyang_report: ProgressReport, li: User, zhang: User, client_for: Callable[[User], Client]
) -> None:
    url = reverse("reporting:instruction_new", args=[qingyang_report.task_id])
    assert client_for(li).post(url, {"text": "抓紧", "given_on": "2025-11-18"}).status_code == 403
    with pytest.raises(Refused, match="批示日期2025年11月21日晚于今天"):
        instruction_give(
            actor=zhang, task=qingyang_report.task, text="抓紧", given_on=today() + dt.timedelta(1)
        )
    assert not LeaderInstruction.objects.exists()


def test_the_report_form_shows_the_instruction_and_refuses_a_submit_without_its_answer(
    qingyang_report: ProgressReport, li: User, zhang: User, client_for: Callable[[User], Client]
) -> None:
    instruction = _give(qingyang_report, zhang)
    client = client_for(li)
    form = client.get(reverse("reporting:report", args=[qingyang_report.pk])).content.decode()
    assert "zhang</strong> 2025年11月18日批示：加快设备安装，月底前投产" in form
    assert f'name="answer_{instruction.pk}"' in form
    page = _file(client, qingyang_report, "submit").content.decode()
    assert "提交前请逐条答复领导批示：zhang2025年11月18日批示“加快设备安装，月底前投产”" in page
    qingyang_report.refresh_from_db()
    assert qingyang_report.status == ReportStatus.DRAFT and qingyang_report.version == 1
    assert not InstructionAnswer.objects.exists()


def test_a_draft_keeps_the_answer_and_the_accepted_report_closes_the_instruction(
    qingyang_report: ProgressReport,
    li: User,
    wang: User,
    zhang: User,
    client_for: Callable[[User], Client],
) -> None:
    instruction = _give(qingyang_report, zhang)
    client = client_for(li)
    _file(client, qingyang_report, "save", **{f"answer_{instruction.pk}": "已协调厂家加派人手"})
    form = client.get(reverse("reporting:report", args=[qingyang_report.pk])).content.decode()
    assert "已协调厂家加派人手</textarea>" in form
    _file(client, qingyang_report, "submit", **{f"answer_{instruction.pk}": "设备11月28日投产"})
    assert Inbox(wang).entries and {e.key: e.count for e in Inbox(wang).entries}["instructions"] == 1
    _file(client_for(wang), qingyang_report, "accept")
    instruction.refresh_from_db()
    assert instruction.status == InstructionStatus.ANSWERED and instruction.answer == "设备11月28日投产"
    assert instruction.answered_by_report == qingyang_report
    task_page = client_for(li).get(reverse("plans:task", args=[qingyang_report.task_id])).content.decode()
    assert "答复（青阳镇，2025年11月填报）：设备11月28日投产" in task_page
    assert {e.key: e.count for e in Inbox(wang).entries}["instructions"] == 0
    assert {e.key: e.count for e in Inbox(zhang).entries}["instructions_answered"] == 1


def test_the_office_follows_every_instruction_and_a_leader_the_answers_to_his_own(
    qingyang_report: ProgressReport,
    shared_report: ProgressReport,
    wang: User,
    zhang: User,
    client_for: Callable[[User], Client],
) -> None:
    other_leader = User.objects.create(username="zhao_shi", full_name="赵市长", role="leader")
    _give(qingyang_report, zhang, "月底前投产")
    instruction_give(actor=other_leader, task=shared_report.task, text="加强校地合作", given_on=DAY)
    office = client_for(wang).get(reverse("reporting:instructions")).content.decode()
    assert "月底前投产" in office and "加强校地合作" in office and "批示待答复（2）" in office
    mine = client_for(zhang).get(reverse("reporting:instructions")).content.decode()
    assert "月底前投产" in mine and "加强校地合作" not in mine


def test_an_item_assigned_from_a_leaders_instruction_carries_it_for_the_unit_to_answer(
    wang: User, zhang: User, qingyang: object, client_for: Callable[[User], Client]
) -> None:
    client_for(wang).post(
        reverse("supervision:assign"),
        {
            "source": "instruction",
            "reference": "张局长批示",
            "title": "加快推进青阳镇科创园二期建设",
            "target": "年底前完成主体结构封顶",
            "lead_units": "青阳镇",
            "leader": str(zhang.pk),
        },
    )
    instruction = LeaderInstruction.objects.get()
    assert (instruction.text, instruction.leader, instruction.entered_by) == (
        "年底前完成主体结构封顶",
        zhang,
        wang,
    )
    assert instruction.task.number == "霞督〔2025〕1号"


def test_a_closed_item_takes_no_instruction(qingyang_report: ProgressReport, zhang: User) -> None:
    task = qingyang_report.task
    task.closed_on = DAY
    task.save(update_fields=["closed_on"])
    with pytest.raises(Refused, match="已于2025年11月18日销号，不能再修改"):
        _give(qingyang_report, zhang)
    assert not LeaderInstruction.objects.exists()

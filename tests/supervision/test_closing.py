"""办结 → 阅示 → 销号 → 回头看, every step and every refused step, per role."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from duban.accounts.models import User
from duban.common.refusals import Refused
from duban.common.roles import Role
from duban.ingest import IngestError
from duban.plans.models import Plan, Task
from duban.reporting.choices import Claim
from duban.reporting.services.extensions import extension_request
from duban.reporting.services.rounds import round_open
from duban.reporting.services.transitions import ReportContent, report_transition
from duban.supervision.choices import CloseRequestStatus, ItemState, RecheckState
from duban.supervision.models import CloseRequest, Lifecycle
from duban.supervision.services.closing import (
    close_request_decide,
    close_request_file,
    recheck_decide,
    rechecks_come_due,
)
from tests.supervision.conftest import JPEG
from tests.web.conftest import _user

pytestmark = pytest.mark.django_db


def state(task: Task) -> str:
    return Lifecycle.objects.get(task=task).state


@pytest.fixture
def filed(item: Task, li: User) -> CloseRequest:
    return close_request_file(actor=li, task=item, text="主体结构已封顶", files=[("封顶.jpg", [JPEG])])


def test_the_lead_unit_files_a_closing_report_with_evidence(filed: CloseRequest, item: Task) -> None:
    assert filed.status == CloseRequestStatus.PENDING
    assert [e.file_name for e in filed.evidence.all()] == ["封顶.jpg"]
    assert state(item) == ItemState.CLOSE_REQUESTED


@pytest.mark.parametrize("who", ["zhou", "wang", "zhang"])
def test_only_the_lead_unit_files_it(item: Task, who: str, request: pytest.FixtureRequest) -> None:
    with pytest.raises(Refused, match="只有牵头单位"):
        close_request_file(actor=request.getfixturevalue(who), task=item, text="已完成")


def test_an_empty_report_is_refused(item: Task, li: User) -> None:
    with pytest.raises(Refused, match="请填写办结情况"):
        close_request_file(actor=li, task=item, text="  ")


def test_a_second_report_while_one_waits_is_refused(item: Task, li: User, filed: CloseRequest) -> None:
    with pytest.raises(Refused, match="办结待审核"):
        close_request_file(actor=li, task=item, text="再报一次")


def test_evidence_that_is_not_what_it_says_is_refused_and_nothing_is_kept(item: Task, li: User) -> None:
    with pytest.raises(IngestError, match=r"文件内容与扩展名 \.jpg 不符"):
        close_request_file(actor=li, task=item, text="已完成", files=[("假.jpg", [b"not a jpeg"])])
    assert not CloseRequest.objects.exists()
    assert state(item) == ItemState.OPEN


def test_the_office_returns_it_with_a_reason(filed: CloseRequest, wang: User, item: Task) -> None:
    with pytest.raises(Refused, match="退回时请写明理由"):
        close_request_decide(actor=wang, request=filed, step="return")
    close_request_decide(actor=wang, request=filed, step="return", note="缺少验收材料")
    assert filed.status == CloseRequestStatus.RETURNED
    assert state(item) == ItemState.OPEN


def test_a_batch_item_cannot_be_closed_before_its_leader_has_read_it(filed: CloseRequest, wang: User) -> None:
    with pytest.raises(Refused, match="须先呈批示领导阅示"):
        close_request_decide(actor=wang, request=filed, step="close")


def test_the_full_path_forward_read_close(
    filed: CloseRequest, wang: User, zhang: User, li: User, item: Task
) -> None:
    close_request_decide(actor=wang, request=filed, step="forward")
    assert state(item) == ItemState.LEADER_REVIEW
    with pytest.raises(Refused, match="只有批示领导"):
        close_request_decide(actor=wang, request=filed, step="read")
    close_request_decide(actor=zhang, request=filed, step="read", note="同意销号")
    assert (filed.status, filed.leader_note) == (CloseRequestStatus.READ, "同意销号")
    close_request_decide(actor=wang, request=filed, step="close", recheck_on=dt.date(2026, 3, 1))
    lifecycle = Lifecycle.objects.get(task=item)
    assert (lifecycle.state, lifecycle.closing_number, lifecycle.closed_on) == (
        ItemState.CLOSED,
        "霞销〔2025〕1号",
        dt.date(2025, 11, 20),
    )
    item.refresh_from_db()
    assert item.closed_on == dt.date(2025, 11, 20)
    with pytest.raises(Refused, match="督办件霞督〔2025〕1号已于2025年11月20日销号，不能再修改"):
        close_request_file(actor=li, task=item, text="补充")
    with pytest.raises(Refused, match="已于2025年11月20日销号"):
        extension_request(actor=li, task=item, new_deadline=dt.date(2026, 6, 30), reason="再延")


def test_another_leader_cannot_read_it(filed: CloseRequest, wang: User, db: None) -> None:
    li_ju = _user("liju", Role.LEADER)
    close_request_decide(actor=wang, request=filed, step="forward")
    with pytest.raises(Refused, match="只有批示领导可以阅示"):
        close_request_decide(actor=li_ju, request=filed, step="read")


def test_a_new_instruction_reopens_the_item_as_a_new_round(
    filed: CloseRequest, wang: User, zhang: User, li: User, item: Task
) -> None:
    close_request_decide(actor=wang, request=filed, step="forward")
    with pytest.raises(Refused, match="请写下新的批示内容"):
        close_request_decide(actor=zhang, request=filed, step="instruct")
    close_request_decide(actor=zhang, request=filed, step="instruct", note="二期配套道路一并推进")
    lifecycle = Lifecycle.objects.get(task=item)
    assert (lifecycle.state, lifecycle.work_round) == (ItemState.OPEN, 2)
    again = close_request_file(actor=li, task=item, text="道路也已建成")
    assert again.work_round == 2


def test_a_plan_task_without_a_leader_is_closed_directly(plan_2025: Plan, li: User, wang: User) -> None:
    row_14 = plan_2025.tasks.get(seq="14", section__position=1)
    filed = close_request_file(actor=li, task=row_14, text="已投产")
    with pytest.raises(Refused, match="没有批示领导，无需呈阅"):
        close_request_decide(actor=wang, request=filed, step="forward")
    close_request_decide(actor=wang, request=filed, step="close")
    assert state(row_14) == ItemState.CLOSED


def test_a_closed_item_refuses_report_writes(plan_2025: Plan, li: User, wang: User) -> None:
    november = round_open(actor=wang, plan=plan_2025, label="2025年11月", due_date=dt.date(2025, 11, 25))
    row_14 = plan_2025.tasks.get(seq="14", section__position=1)
    report = november.reports.get(task=row_14)
    filed = close_request_file(actor=li, task=row_14, text="已投产")
    close_request_decide(actor=wang, request=filed, step="close")
    report.task.refresh_from_db()
    with pytest.raises(Refused, match="已于2025年11月20日销号"):
        report_transition(
            actor=li,
            report=report,
            action="save",
            expected_version=report.version,
            content=ReportContent("补一句", Claim.IN_PROGRESS),
        )


def test_recheck_comes_due_and_the_office_holds_or_reopens(
    filed: CloseRequest, wang: User, zhang: User, item: Task, clock: time_machine.Traveller
) -> None:
    close_request_decide(actor=wang, request=filed, step="forward")
    close_request_decide(actor=zhang, request=filed, step="read")
    with pytest.raises(Refused, match="回头看日期应晚于今天"):
        close_request_decide(actor=wang, request=filed, step="close", recheck_on=dt.date(2025, 11, 20))
    close_request_decide(actor=wang, request=filed, step="close", recheck_on=dt.date(2026, 3, 2))
    assert rechecks_come_due(today=dt.date(2026, 3, 1)) == []
    lifecycle = Lifecycle.objects.get(task=item)
    with pytest.raises(Refused, match="没有到期的回头看"):
        recheck_decide(actor=wang, lifecycle=lifecycle, hold=True)
    assert [lc.task_id for lc in rechecks_come_due(today=dt.date(2026, 3, 2))] == [item.pk]
    lifecycle.refresh_from_db()
    with pytest.raises(Refused, match="只有督办员可以回头看"):
        recheck_decide(actor=zhang, lifecycle=lifecycle, hold=True)
    with pytest.raises(Refused, match="重新办理时请写明原因"):
        recheck_decide(actor=wang, lifecycle=lifecycle, hold=False)
    recheck_decide(actor=wang, lifecycle=lifecycle, hold=False, note="二期厂房空置")
    item.refresh_from_db()
    assert (lifecycle.state, lifecycle.recheck_state, lifecycle.work_round, item.closed_on) == (
        ItemState.OPEN,
        RecheckState.REOPENED,
        2,
        None,
    )


def test_a_held_recheck_keeps_the_item_closed(
    filed: CloseRequest, wang: User, zhang: User, item: Task
) -> None:
    close_request_decide(actor=wang, request=filed, step="forward")
    close_request_decide(actor=zhang, request=filed, step="read")
    close_request_decide(actor=wang, request=filed, step="close", recheck_on=dt.date(2026, 3, 2))
    rechecks_come_due(today=dt.date(2026, 3, 2))
    lifecycle = recheck_decide(actor=wang, lifecycle=Lifecycle.objects.get(task=item), hold=True)
    assert (lifecycle.state, lifecycle.recheck_state) == (ItemState.CLOSED, RecheckState.HELD)

"""The pages: numbers where people look, one-click 签收, the office's lists, the forms' messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.core.clock import OFFICE_ZONE
from duban.plans.models import Plan, Task
from duban.supervision.models import Acknowledgement, CloseRequest, Lifecycle, NumberPattern
from duban.web.inbox import Inbox
from tests.supervision.conftest import JPEG

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]


def text(response: HttpResponse) -> str:
    return response.content.decode()


def test_the_task_page_shows_the_number_and_li_signs_with_one_click(
    item: Task, li: User, client_for: Login
) -> None:
    client = client_for(li)
    page = text(client.get(reverse("plans:task", args=[item.pk])))
    assert "霞督〔2025〕1号" in page
    assert ">签收</button>" in page
    response = client.post(reverse("supervision:sign", args=[item.pk]), follow=True)
    assert "已签收霞督〔2025〕1号" in text(response)
    assert "li 11月20日 09:30 已签收" in text(response)


def test_the_unit_list_shows_what_waits_for_signing(item: Task, zhou: User, client_for: Login) -> None:
    client = client_for(zhou)
    assert "加快推进青阳镇科创园二期建设" in text(client.get(reverse("supervision:to_sign")))
    client.post(reverse("supervision:sign", args=[item.pk]), {"next": "list"})
    assert "没有待签收的事项" in text(client.get(reverse("supervision:to_sign")))


def test_the_office_sees_late_receipts_and_reminds(
    item: Task, wang: User, client_for: Login, clock: time_machine.Traveller
) -> None:
    clock.move_to(dt.datetime(2025, 11, 26, 9, 0, tzinfo=OFFICE_ZONE))
    client = client_for(wang)
    page = text(client.get(reverse("supervision:office")))
    assert page.count("霞督〔2025〕1号") == 2  # 青阳镇 and 月城镇, four working days each
    ack = Acknowledgement.objects.get(task=item, unit__name="月城镇")
    response = client.post(reverse("supervision:remind", args=[ack.pk]), follow=True)
    assert "已催签：月城镇" in text(response)


def test_the_office_changes_a_pattern_and_a_bad_one_is_explained(wang: User, client_for: Login) -> None:
    client = client_for(wang)
    url = reverse("supervision:patterns")
    bad = client.post(url, {"source": "meeting", "pattern": "霞议〔{year}〕"}, follow=True)
    assert "缺少序号" in text(bad)
    assert 'value="霞议〔{year}〕"' in text(bad)  # what was typed is not lost
    client.post(url, {"source": "meeting", "pattern": "霞议〔{year}〕{n:02}号"})
    assert NumberPattern.objects.get(source="meeting").pattern == "霞议〔{year}〕{n:02}号"


def test_assign_numbers_the_item_and_names_its_leader(
    wang: User, zhang: User, qingyang: object, client_for: Login
) -> None:
    body = {
        "source": "instruction",
        "reference": "张局长批示",
        "title": "研究制定科创载体扶持办法",
        "lead_units": "青阳镇",
        "leader": str(zhang.pk),
    }
    response = client_for(wang).post(reverse("supervision:assign"), body, follow=True)
    assert "已交办霞督〔2025〕1号：研究制定科创载体扶持办法" in text(response)
    lifecycle = Lifecycle.objects.get(task__number="霞督〔2025〕1号")
    assert lifecycle.leader == zhang


def test_a_closing_report_with_evidence_through_the_page(item: Task, li: User, client_for: Login) -> None:
    photo = SimpleUploadedFile("封顶.jpg", JPEG, "image/jpeg")
    response = client_for(li).post(
        reverse("supervision:close_request", args=[item.pk]),
        {"text": "主体已封顶", "evidence": [photo]},
        follow=True,
    )
    assert "办结申请已提交" in text(response)
    assert CloseRequest.objects.get().evidence.get().file_name == "封顶.jpg"


def test_the_leader_reads_and_the_office_closes_through_the_page(
    item: Task, li: User, wang: User, zhang: User, client_for: Login
) -> None:
    client_for(li).post(reverse("supervision:close_request", args=[item.pk]), {"text": "主体已封顶"})
    request = CloseRequest.objects.get()
    office, leader = client_for(wang), client_for(zhang)
    office.post(reverse("supervision:decide", args=[request.pk, "forward"]))
    assert "待我阅示" in text(leader.get(reverse("supervision:office")))
    leader.post(reverse("supervision:decide", args=[request.pk, "read"]), {"note": "同意"})
    refused = office.post(reverse("supervision:decide", args=[request.pk, "return"]), follow=True)
    assert "退回时请写明理由" in text(refused)
    office.post(reverse("supervision:decide", args=[request.pk, "close"]), {"recheck_on": "2026-03-02"})
    page = text(office.get(reverse("plans:task", args=[item.pk])))
    assert "销号编号：霞销〔2025〕1号（2025年11月20日）" in page
    assert "回头看：2026年3月2日（待回头看）" in page


def test_the_plan_table_shows_each_rows_number(plan_2025: Plan, wang: User, client_for: Login) -> None:
    page = text(client_for(wang).get(reverse("plans:detail", args=[plan_2025.pk])))
    assert '<div class="small text-muted task-number">霞重〔2025〕001号</div>' in page


def _inbox(user: User) -> dict[str, int]:
    return {entry.key: entry.count for entry in Inbox(user).entries}


def test_the_inboxes_carry_the_items_to_sign_and_the_closing_steps(
    item: Task, li: User, wang: User, zhang: User, clock: time_machine.Traveller
) -> None:
    assert _inbox(li)["to_sign"] == 1
    assert _inbox(wang)["unsigned"] == 0  # not late yet
    clock.move_to(dt.datetime(2025, 11, 26, 9, tzinfo=OFFICE_ZONE))  # the fourth working day
    assert _inbox(wang)["unsigned"] == 2  # 青阳镇 and 月城镇
    assert (_inbox(wang)["close_requests"], _inbox(zhang)["leader_review"]) == (0, 0)

"""三色督办 pages: the ladder, the round's batch, the task page's section, the unit's list and the
督办单 .docx opened by LibreOffice; who may do what, and who gets 403 or 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.models import AuditEntry
from duban.exports import docx_to_pdf
from duban.plans.choices import LeaderKind
from duban.plans.models import Task, TaskLeader
from duban.reporting.services.rounds import round_close, round_open
from duban.supervision.choices import NoticeLevel
from duban.supervision.models import EscalationRung, SupervisionNotice
from duban.supervision.selectors import ladder_rungs
from duban.supervision.services.escalation import notice_issue, notice_receive
from duban.units.models import Unit
from duban.web.inbox import Inbox
from tests.exports.pdftools import pdf_text
from tests.supervision.test_documents import docx_text

pytestmark = pytest.mark.django_db
Clients = Callable[[User], Client]


def counts(user: User) -> dict[str, int]:
    return {entry.key: entry.count for entry in Inbox(user).entries}


@pytest.fixture
def red(item: Task, wang: User, zhang: User, qingyang: Unit) -> SupervisionNotice:
    TaskLeader.objects.create(task=item, name="张局长", kind=LeaderKind.IN_CHARGE, user=zhang)
    return notice_issue(
        actor=wang, task=item, unit=qingyang, level=NoticeLevel.RED, problem="连续3轮未报送进展"
    )


def test_the_office_saves_the_ladder_on_its_page(wang: User, client_for: Clients) -> None:
    client = client_for(wang)
    assert "三色督办规则" in client.get(reverse("supervision:ladder")).content.decode()
    values = {
        "blue_rounds": 1,
        "yellow_rounds": 2,
        "red_rounds": 5,
        "blue_days": 7,
        "yellow_days": 5,
        "red_days": 3,
    }
    texts = {f"{level}_requirement": "请整改" for level in NoticeLevel}
    response = client.post(
        reverse("supervision:ladder"), {**values, **texts, "red_flagged": "on"}, follow=True
    )
    assert "已保存三色督办规则" in response.content.decode()
    assert EscalationRung.objects.get(level="red").rounds == 5
    assert not EscalationRung.objects.get(level="yellow").flagged


def test_a_bad_ladder_is_refused_on_the_page_with_the_field_named(wang: User, client_for: Clients) -> None:
    response = client_for(wang).post(reverse("supervision:ladder"), {"blue_rounds": "x"})
    page = response.content.decode()
    assert "蓝色：连续滞后轮次" in page
    assert not EscalationRung.objects.exists() and ladder_rungs()[0].rounds == 1  # nothing saved


def test_the_round_page_proposes_and_issues_in_one_go(item: Task, wang: User, client_for: Clients) -> None:
    october = round_open(actor=wang, plan=item.plan, label="2025年10月", due_date=dt.date(2025, 10, 10))
    round_close(actor=wang, round_=october)
    url = reverse("supervision:round_notices", kwargs={"round_pk": october.pk})
    client = client_for(wang)
    round_page = client.get(reverse("reporting:round", kwargs={"pk": october.pk})).content.decode()
    assert url in round_page  # the closed round's page leads to its notices
    page = client.get(url).content.decode()
    assert "本轮推进不力（2025年10月：未填报）" in page
    response = client.post(
        url, {"chosen": [f"{item.pk}-{item.assignments.get(role='lead').unit_id}"]}, follow=True
    )
    assert "已签发督办单1份：霞督单〔2025〕1号" in response.content.decode()
    assert "本轮没有需要签发督办单的事项" in response.content.decode()


def test_the_task_page_issues_a_notice_and_records_an_interview(
    item: Task, wang: User, qingyang: Unit, client_for: Clients
) -> None:
    client = client_for(wang)
    task_url = reverse("plans:task", kwargs={"pk": item.pk})
    assert 'data-testid="notice-form"' in client.get(task_url).content.decode()
    new = reverse("supervision:notice_new", kwargs={"task_pk": item.pk})
    client.post(new, {"level": "blue", "unit": qingyang.pk, "problem": "进度明显滞后"})
    talk = reverse("supervision:interview_new", kwargs={"task_pk": item.pk})
    values = {
        "held_on": "2025-11-19",
        "unit": qingyang.pk,
        "people": "镇长王某",
        "held_by": "张局长",
        "notes": "限期整改",
    }
    client.post(talk, values)
    page = client.get(task_url).content.decode()
    assert "霞督单〔2025〕1号" in page
    assert "张局长约谈青阳镇镇长王某" in page
    assert "向青阳镇签发蓝色督办单霞督单〔2025〕1号（2025年11月27日前办复）" in page  # the history


def test_the_unit_sees_its_notices_unsigned_first_and_signs_from_the_list(
    item: Task, wang: User, li: User, qingyang: Unit, client_for: Clients
) -> None:
    first = notice_issue(actor=wang, task=item, unit=qingyang, level=NoticeLevel.BLUE, problem="滞后")
    notice_receive(actor=li, notice=first)
    second = notice_issue(actor=wang, task=item, unit=qingyang, level=NoticeLevel.YELLOW, problem="仍滞后")
    client = client_for(li)
    page = client.get(reverse("supervision:notices")).content.decode()
    assert page.index(second.number) < page.index(first.number)
    client.post(reverse("supervision:notice_receive", kwargs={"pk": second.pk}), {"next": "list"})
    second.refresh_from_db()
    assert second.received_by == li
    task_page = client.get(reverse("plans:task", kwargs={"pk": item.pk})).content.decode()
    assert "答复办理情况" in task_page
    assert 'data-testid="notice-form"' not in task_page


def test_another_town_does_not_see_the_notice_anywhere(
    red: SupervisionNotice, zhou: User, client_for: Clients
) -> None:
    client = client_for(zhou)
    assert red.number not in client.get(reverse("supervision:notices")).content.decode()
    assert client.get(reverse("supervision:notice_docx", kwargs={"pk": red.pk})).status_code == 404
    assert client.post(reverse("supervision:notice_receive", kwargs={"pk": red.pk})).status_code == 404


def test_the_red_notice_opens_in_libreoffice_with_its_number_unit_and_copy_line(
    red: SupervisionNotice, li: User, client_for: Clients, tmp_path: Path
) -> None:
    response = client_for(li).get(reverse("supervision:notice_docx", kwargs={"pk": red.pk}))
    assert response.status_code == 200
    assert (
        AuditEntry.objects.filter(action=Action.EXPORT, actor=li)
        .latest("pk")
        .message.startswith("红色督办单-")
    )
    assert "霞科办督办单" in docx_text(response.content)
    pdf = tmp_path / "督办单.pdf"
    pdf.write_bytes(docx_to_pdf(response.content))
    text = pdf_text(pdf)
    for expected in (
        "霞科办督办单",
        "霞督单〔2025〕1号",
        "红色督办单",
        "青阳镇：",
        "霞督〔2025〕1号",
        "加快推进青阳镇科创园二期建设",
        "连续3轮未报送进展",
        "本事项列为挂牌督办事项",
        "请于2025年11月24日前将办理情况书面报送霞科办",
        "抄送：分管领导张局长",
    ):
        assert expected in text.replace("\n", ""), expected


def test_the_task_page_shows_the_flagged_marker(
    red: SupervisionNotice, zhang: User, client_for: Clients
) -> None:
    page = client_for(zhang).get(reverse("plans:task", kwargs={"pk": red.task_id})).content.decode()
    assert 'data-testid="flagged"' in page


def test_the_unit_finds_the_notice_in_its_inbox_until_it_signs(
    red: SupervisionNotice, li: User, qing_reviewer: User, zhou: User
) -> None:
    assert (counts(li)["notices"], counts(qing_reviewer)["notices"], counts(zhou)["notices"]) == (1, 1, 0)
    notice_receive(actor=li, notice=red)
    assert counts(qing_reviewer)["notices"] == 0


def test_the_leader_in_charge_finds_the_red_notice_copied_to_him(
    red: SupervisionNotice, zhang: User, wang: User, client_for: Clients
) -> None:
    assert counts(zhang)["copied_notices"] == 1
    listed = client_for(zhang).get(reverse("web:inbox_list", args=["copied_notices"])).content.decode()
    assert "红色督办单，主送青阳镇，2025年11月24日前办复" in listed
    assert "copied_notices" not in counts(wang)


def test_the_dashboard_counts_notices_by_colour_and_lists_flagged_items(
    red: SupervisionNotice, item: Task, wang: User, zhang: User, qingyang: Unit, client_for: Clients
) -> None:
    notice_issue(actor=wang, task=item, unit=qingyang, level=NoticeLevel.BLUE, problem="滞后")
    page = client_for(zhang).get(reverse("dashboards:home")).content.decode()
    assert 'data-testid="notice-count-blue">蓝色督办单 1<' in page
    assert 'data-testid="notice-count-yellow">黄色督办单 0<' in page
    assert 'data-testid="notice-count-red">红色督办单 1<' in page
    assert "挂牌督办事项（1）" in page


def test_the_units_ledger_lists_its_notices_and_the_plan_table_marks_the_flagged_item(
    red: SupervisionNotice, li: User, wang: User, qingyang: Unit, client_for: Clients
) -> None:
    ledger = client_for(li).get(reverse("units:detail", kwargs={"pk": qingyang.pk})).content.decode()
    assert "督办单（1）" in ledger
    assert red.number in ledger
    table = client_for(wang).get(reverse("plans:detail", kwargs={"pk": red.task.plan_id})).content.decode()
    assert '<span class="badge text-bg-dark me-1 task-flagged">挂牌督办</span>' in table


def test_a_notice_from_the_task_page_counts_for_the_latest_closed_round(
    item: Task, wang: User, qingyang: Unit, client_for: Clients
) -> None:
    october = round_open(actor=wang, plan=item.plan, label="2025年10月", due_date=dt.date(2025, 10, 10))
    round_close(actor=wang, round_=october)
    client = client_for(wang)
    task_page = client.get(reverse("plans:task", kwargs={"pk": item.pk})).content.decode()
    assert "按规则应签发蓝色督办单（本轮推进不力（2025年10月：未填报）。）" in task_page
    new = reverse("supervision:notice_new", kwargs={"task_pk": item.pk})
    client.post(new, {"level": "blue", "unit": qingyang.pk, "problem": "十月未报送进展"})
    assert SupervisionNotice.objects.get().round == october
    again = client.post(new, {"level": "blue", "unit": qingyang.pk, "problem": "十月未报送进展"}, follow=True)
    assert "青阳镇本轮已收到蓝色督办单，不重复签发" in again.content.decode()
    batch = client.get(reverse("supervision:round_notices", kwargs={"round_pk": october.pk})).content.decode()
    assert "本轮没有需要签发督办单的事项" in batch

"""The reporting pages: a unit files, the office reviews, a stale page keeps what was typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.accounts.models import User
from duban.core.clock import today
from duban.core.workdays import package_calendar
from duban.plans.models import Plan, Task
from duban.reporting.models import ProgressReport, ReportingRound
from duban.reporting.services.rounds import round_open
from tests.reporting.conftest import task


def _post(client: Client, report: ProgressReport, action: str, **data: str) -> object:
    report.refresh_from_db()
    return client.post(
        reverse("reporting:act", args=[report.pk, action]), {"version": str(report.version), **data}
    )


def test_the_unit_sees_everything_it_owes_deadlines_first(
    november: ReportingRound, li: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(li).get(reverse("reporting:mine")).content.decode()
    owed = november.reports.filter(unit=li.unit).count()
    mine, shared = page.split("本单位配合的事项")
    assert mine.count("2025年11月25日") == owed and shared.count("2025年11月25日") > owed
    assert "源容电气高性能电容器生产项目" in page and "本单位配合的事项" in page


def test_the_units_list_costs_the_same_queries_for_one_round_or_two(
    november: ReportingRound, plan_2025: Plan, li: User, wang: User, client_for: Callable[[User], Client]
) -> None:
    """Each report listed is read with its round, task and plan in one query: none a row."""
    client = client_for(li)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("reporting:mine")).status_code == 200
        return len(captured.captured_queries)

    queries()  # the first request of a session reads what later ones keep
    one_round = queries()
    december = round_open(actor=wang, plan=plan_2025, label="2025年12月", due_date=dt.date(2025, 12, 25))
    assert december.reports.filter(unit=li.unit).exists()
    assert queries() == one_round


def test_a_unit_files_the_office_returns_the_unit_revises_the_office_accepts(
    qingyang_report: ProgressReport, li: User, wang: User, client_for: Callable[[User], Client]
) -> None:
    unit, office = client_for(li), client_for(wang)
    _post(unit, qingyang_report, "submit", progress="厂房竣工，设备入驻。", claim="done")
    response = _post(office, qingyang_report, "return", comment="请写明投产时间")
    assert response.status_code == 302
    page = unit.get(reverse("reporting:report", args=[qingyang_report.pk])).content.decode()
    assert "已退回" in page and "意见：请写明投产时间" in page
    _post(unit, qingyang_report, "submit", progress="厂房竣工，设备入驻，10月投产。", claim="done")
    _post(office, qingyang_report, "accept")
    qingyang_report.refresh_from_db()
    assert qingyang_report.status == "accepted"
    page = office.get(reverse("reporting:report", args=[qingyang_report.pk])).content.decode()
    assert '<span class="diff-new">，10月投产</span>' in page


def test_a_stale_page_is_refused_with_the_newer_text_and_keeps_what_was_typed(
    qingyang_report: ProgressReport, li: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(li)
    _post(client, qingyang_report, "save", progress="同事先保存的内容", claim="in_progress")
    response = client.post(
        reverse("reporting:act", args=[qingyang_report.pk, "save"]),
        {"version": "1", "progress": "我在旧页面上写了半小时的内容", "claim": "in_progress"},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "您的修改未保存" in page and "我在旧页面上写了半小时的内容" in page
    assert 'name="version" value="2"' in page  # resubmitting now works against the newer version


def test_a_refused_submit_keeps_the_text_and_says_why(
    qingyang_report: ProgressReport, li: User, client_for: Callable[[User], Client]
) -> None:
    response = _post(client_for(li), qingyang_report, "submit", progress="土建完成70%", claim="not_done")
    page = response.content.decode()
    assert response.status_code == 400 and "必须说明理由" in page and "土建完成70%" in page


def test_another_units_report_is_not_found(
    november: ReportingRound, plan_2025: Plan, li: User, client_for: Callable[[User], Client]
) -> None:
    other = november.reports.get(task=task(plan_2025, "12"))  # 月城镇's
    client = client_for(li)
    assert client.get(reverse("reporting:report", args=[other.pk])).status_code == 404
    assert client.post(reverse("reporting:act", args=[other.pk, "save"]), {"version": "1"}).status_code == 404


def test_the_office_opens_a_round_from_the_plan_page(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    response = client.post(
        reverse("reporting:round_new", args=[plan_2025.pk]), {"label": "2025年11月", "due_date": "2025-11-25"}
    )
    round_ = ReportingRound.objects.get()
    assert response.url == reverse("reporting:round", args=[round_.pk])
    page = client.get(reverse("plans:detail", args=[plan_2025.pk])).content.decode()
    assert "已提交 0/73" in page


def test_the_round_page_lists_the_units_that_have_not_submitted(
    november: ReportingRound, wang: User, client_for: Callable[[User], Client]
) -> None:
    november.reports.exclude(unit__name="月城镇").update(status="submitted")
    page = client_for(wang).get(reverse("reporting:round", args=[november.pk])).content.decode()
    assert "尚未提交的单位（1）" in page and "月城镇" in page
    waiting = client_for(wang).get(reverse("reporting:round", args=[november.pk]), {"status": "submitted"})
    assert "尚未提交的单位（1）" in waiting.content.decode()  # the list is filtered, the count is not


def test_the_plan_page_shows_each_tasks_light(
    november: ReportingRound, plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    row54 = task(plan_2025, "54")
    row54.deadline = dt.date(2025, 10, 31)
    row54.save()
    page = client_for(wang).get(reverse("plans:detail", args=[plan_2025.pk])).content.decode()
    assert 'data-light="overdue"' in page and 'data-light="done"' in page


def test_the_office_assigns_an_adhoc_task_with_a_default_deadline(
    wang: User, qingyang: object, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    response = client.post(
        reverse("supervision:assign"),
        {
            "source": "instruction",
            "reference": "市领导批示〔2025〕12号",
            "title": "加快推进青阳镇污水管网改造",
            "target": "年底前完成主管网",
            "lead_units": "青阳镇",
            "responsible_units": "市住建局、市水利局",
        },
    )
    adhoc = Task.objects.get(title="加快推进青阳镇污水管网改造")
    assert response.url == reverse("plans:task", args=[adhoc.pk])
    assert adhoc.plan.title.endswith("年交办事项") and adhoc.section.title == "领导批示"
    # 15 working days from Thursday 20 November 2025: weekends do not count.
    assert adhoc.deadline == dt.date(2025, 12, 11)
    assert package_calendar().workdays_between(today(), adhoc.deadline) == 15
    assert [a.unit.name for a in adhoc.assignments.order_by("role", "position")] == [
        "青阳镇",
        "市住建局",
        "市水利局",
    ]


def test_the_old_adhoc_page_sends_the_office_on_to_assign_with_a_number(
    wang: User, li: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(wang).get(reverse("reporting:adhoc_new")).url == reverse("supervision:assign")
    assert client_for(li).get(reverse("reporting:adhoc_new")).status_code == 403


def test_an_adhoc_tasks_source_document_is_kept_under_its_own_name(
    wang: User, qingyang: object, client_for: Callable[[User], Client]
) -> None:
    minutes = b"%PDF-1.4\n"
    client_for(wang).post(
        reverse("supervision:assign"),
        {
            "source": "instruction",
            "title": "加快推进青阳镇污水管网改造",
            "lead_units": "青阳镇",
            "document": SimpleUploadedFile("市领导批示.pdf", minutes, content_type="application/pdf"),
        },
    )
    adhoc = Task.objects.get(title="加快推进青阳镇污水管网改造").adhoc
    assert adhoc.document_name == "市领导批示.pdf"
    assert (settings.UPLOAD_DIR / adhoc.document_path).read_bytes() == minutes


def test_unfinished_tasks_carry_over_into_next_years_plan(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    client_for(wang).post(reverse("reporting:carry_over", args=[plan_2025.pk]))
    target = Plan.objects.get(title="霞客湾科学城2026年重点工作安排表")
    carried = list(target.tasks.order_by("position").values_list("title", flat=True))
    assert len(carried) == 5 and "重大项目招引" in carried
    row41 = task(plan_2025, "41")
    assert row41.carried_to.task.plan == target


@pytest.mark.parametrize(("field", "label"), [("progress", "完成情况"), ("shortfall_reason", "未完成理由")])
def test_a_nul_byte_in_a_report_field_is_refused_naming_the_field(
    field: str, label: str, qingyang_report: ProgressReport, li: User, client_for: Callable[[User], Client]
) -> None:
    data = {"progress": "已完成", "claim": "in_progress", "shortfall_reason": "", field: "坏\x00字符"}
    url = reverse("reporting:act", args=[qingyang_report.pk, "save"])
    response = client_for(li).post(url, {"version": str(qingyang_report.version), **data})
    assert response.status_code == 400
    assert f"“{label}”中含有空字符" in response.content.decode()
    qingyang_report.refresh_from_db()
    assert "\x00" not in qingyang_report.progress

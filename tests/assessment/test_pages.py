"""The assessment pages per persona: the office sets schemes, leaders read and add, units see their own."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from duban.accounts.models import User
from duban.assessment.models import AssessmentScheme, LeaderPoints
from duban.assessment.selectors import unit_scores
from duban.auditlog.models import AuditEntry
from duban.plans.models import Plan, Task
from duban.reporting.models import ReportingRound
from duban.units.models import Unit
from duban.workdays.selectors import work_calendar
from tests.assessment.conftest import lead_task, make_plan

AFTER_DUE = {"as_of": "2025-12-01"}  # the november round's drafts are missing by then
CEILING = 15


def _ranking(scheme: AssessmentScheme) -> str:
    return reverse("assessment:ranking", args=[scheme.pk])


def _unit(scheme: AssessmentScheme, unit: Unit) -> str:
    return reverse("assessment:unit", args=[scheme.pk, unit.pk])


def _page(client: Client, url: str, params: dict[str, str] | None = None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>" not in page and "style=" not in page  # the CSP forbids inline script and styles
    return page


def test_the_office_creates_a_scheme_and_lands_on_its_ranking(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    _page(client, reverse("assessment:scheme_new"))
    data = {
        "year": "2025",
        "name": "2025年度重点工作考核",
        "base_score": "100",
        "missing_report_points": "3",
        "missing_report_cap": "10",
        "late_report_points": "1",
        "returned_report_points": "0.5",
        "finding_points": "1",
        "overdue_task_points": "2",
        "late_ack_points": "0",
    }
    response = client.post(reverse("assessment:scheme_new"), data)
    scheme = AssessmentScheme.objects.get()
    assert response.status_code == 302 and response["Location"] == _ranking(scheme)
    assert scheme.missing_report_cap == Decimal(10) and scheme.late_report_cap is None
    assert AuditEntry.objects.filter(action="create", object_type="assessment.AssessmentScheme").exists()
    client.post(reverse("assessment:scheme_edit", args=[scheme.pk]), {**data, "base_score": "90"})
    scheme.refresh_from_db()
    assert scheme.base_score == Decimal(90)
    change = AuditEntry.objects.get(action="update", object_type="assessment.AssessmentScheme")
    assert change.changes == {"base_score": ["100", "90"]}


def test_a_negative_point_value_is_refused_with_a_reason(
    wang: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(wang).post(
        reverse("assessment:scheme_new"),
        {
            "year": "2025",
            "name": "考核",
            "base_score": "100",
            "missing_report_points": "-1",
            "late_report_points": "1",
            "returned_report_points": "1",
            "finding_points": "1",
            "overdue_task_points": "1",
        },
    )
    assert response.status_code == 200 and not AssessmentScheme.objects.exists()
    assert "确保该值大于或等于0" in response.content.decode()


def test_the_office_and_a_leader_see_every_unit_ranked(
    scheme: AssessmentScheme,
    november: ReportingRound,
    wang: User,
    zhang: User,
    client_for: Callable[[User], Client],
) -> None:
    for persona in (wang, zhang):
        page = _page(client_for(persona), _ranking(scheme), AFTER_DUE)
        assert "霞科办" in page and "青阳镇" in page and "月城镇" in page
        assert page.count('data-testid="score-row"') == len(unit_scores(scheme, dt.date(2025, 12, 1))) == 16
    assert "导出 Excel" in page and "修改方案" not in page  # the leader exports but does not set schemes
    listed = _page(client_for(zhang), reverse("assessment:schemes"))
    assert _ranking(scheme) in listed and reverse("assessment:scheme_new") not in listed


def test_a_unit_sees_only_its_own_row_and_its_own_deductions(
    scheme: AssessmentScheme,
    november: ReportingRound,
    li: User,
    qingyang: Unit,
    yuecheng: Unit,
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(li)
    page = _page(client, _ranking(scheme), AFTER_DUE)
    assert page.count('data-testid="score-row"') == 1 and "青阳镇" in page and "霞科办" not in page
    assert "导出 Excel" not in page
    own = _page(client, _unit(scheme, qingyang), AFTER_DUE)
    assert own.count('data-testid="deduction"') == 4 and "录入领导评价" not in own  # 青阳镇 leads 4 rows
    assert client.get(_unit(scheme, yuecheng), AFTER_DUE).status_code == 404
    assert AuditEntry.objects.filter(action="denied", message__startswith="考核单位").exists()


def test_each_deduction_links_to_its_task_and_shows_its_date(
    scheme: AssessmentScheme,
    november: ReportingRound,
    plan_2025: Plan,
    qingyang: Unit,
    wang: User,
    client_for: Callable[[User], Client],
) -> None:
    page = _page(client_for(wang), _unit(scheme, qingyang), AFTER_DUE)
    task = plan_2025.tasks.get(seq="14", section__position=1)
    assert reverse("plans:task", args=[task.pk]) in page and "源容电气高性能电容器生产项目" in page
    assert "2025年11月25日" in page and "2025年11月填报截至2025年11月25日未提交" in page


@pytest.mark.parametrize("persona", ["shen", "zhao"])
def test_the_auditor_and_the_system_administrator_are_refused(
    persona: str,
    scheme: AssessmentScheme,
    qingyang_task: Task,
    qingyang: Unit,
    request: pytest.FixtureRequest,
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(request.getfixturevalue(persona))
    urls = [
        reverse("assessment:schemes"),
        reverse("assessment:scheme_new"),
        reverse("assessment:scheme_edit", args=[scheme.pk]),
        _ranking(scheme),
        _unit(scheme, qingyang),
        reverse("assessment:export", args=[scheme.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [403] * len(urls)
    add = reverse("assessment:points_add", args=[scheme.pk, qingyang.pk])
    assert client.post(add, {"points": "5", "reason": "好"}).status_code == 403


def test_only_the_office_sets_schemes(
    scheme: AssessmentScheme, zhang: User, li: User, client_for: Callable[[User], Client]
) -> None:
    for persona in (zhang, li):
        client = client_for(persona)
        assert client.get(reverse("assessment:scheme_new")).status_code == 403
        assert client.get(reverse("assessment:scheme_edit", args=[scheme.pk])).status_code == 403
    assert client_for(li).get(reverse("assessment:export", args=[scheme.pk])).status_code == 403


def test_a_leader_adds_points_on_the_unit_page_and_a_unit_cannot(
    scheme: AssessmentScheme,
    qingyang_task: Task,
    qingyang: Unit,
    zhang: User,
    li: User,
    client_for: Callable[[User], Client],
) -> None:
    url = reverse("assessment:points_add", args=[scheme.pk, qingyang.pk])
    assert client_for(li).post(url, {"points": "5", "reason": "自评"}).status_code == 403
    leader = client_for(zhang)
    assert leader.post(url, {"points": "3", "reason": "招商成效突出"}).status_code == 302
    page = _page(leader, _unit(scheme, qingyang))
    assert "+3" in page and "招商成效突出" in page and "103" in page
    entry = LeaderPoints.objects.get()
    assert AuditEntry.objects.filter(action="create", object_type="assessment.LeaderPoints").exists()
    assert leader.post(reverse("assessment:points_delete", args=[entry.pk])).status_code == 302
    assert not LeaderPoints.objects.exists() and AuditEntry.objects.filter(action="delete").exists()


def test_points_for_a_unit_outside_the_year_are_refused(
    scheme: AssessmentScheme,
    qingyang_task: Task,
    yuecheng: Unit,
    zhang: User,
    client_for: Callable[[User], Client],
) -> None:
    url = reverse("assessment:points_add", args=[scheme.pk, yuecheng.pk])
    response = client_for(zhang).post(url, {"points": "3", "reason": "好"}, follow=True)
    assert "不在2025年考核范围内" in response.content.decode() and not LeaderPoints.objects.exists()


def test_the_export_opens_with_openpyxl_has_the_ranking_and_is_audited(
    scheme: AssessmentScheme, november: ReportingRound, zhang: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(zhang).get(reverse("assessment:export", args=[scheme.pk]), AFTER_DUE)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    ranking, details = workbook["考核排名"], workbook["扣分明细"]
    assert ranking["A1"].value == "2025年度重点工作考核（截至2025年12月1日）"
    header = [c.value for c in ranking[2]]
    assert header[:3] == ["排名", "单位", "基础分"] and header[-1] == "总分"
    rows = [[c.value for c in row] for row in ranking.iter_rows(min_row=3)]
    expected = unit_scores(scheme, dt.date(2025, 12, 1))
    assert [(r[0], r[1], r[-1]) for r in rows] == [(s.rank, s.unit.name, s.total) for s in expected]
    assert details.max_row - 2 == sum(len(s.deductions) for s in expected)
    entry = AuditEntry.objects.get(action="export")
    assert entry.object_type == "assessment.AssessmentScheme" and entry.changes["as_of"] == "2025-12-01"


def test_a_unit_name_that_looks_like_a_formula_is_exported_as_text(
    scheme: AssessmentScheme, small_plan: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    lead_task(
        small_plan, Unit.objects.create(name='=HYPERLINK("http://x")镇'), "1", deadline=dt.date(2025, 3, 1)
    )
    response = client_for(wang).get(reverse("assessment:export", args=[scheme.pk]), AFTER_DUE)
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook["考核排名"]["B3"].value == '\'=HYPERLINK("http://x")镇'
    assert workbook["扣分明细"]["A3"].value == '\'=HYPERLINK("http://x")镇'
    assert workbook["考核排名"]["B3"].data_type == "s"


def test_the_ranking_page_does_not_query_per_unit(
    scheme: AssessmentScheme, november: ReportingRound, wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    work_calendar()  # kept across requests until the next write: build it before counting
    with CaptureQueriesContext(connection) as sixteen_units:
        _page(client, _ranking(scheme), AFTER_DUE)
    more = make_plan("2025年交办事项")
    for seq in range(1, 11):
        lead_task(more, Unit.objects.create(name=f"新单位{seq}"), str(seq), deadline=dt.date(2025, 3, 1))
    with CaptureQueriesContext(connection) as twenty_six_units:
        page = _page(client, _ranking(scheme), AFTER_DUE)
    assert page.count('data-testid="score-row"') == 26
    assert len(sixteen_units) == len(twenty_six_units) <= CEILING


def test_the_ranking_card_shows_the_top_units_with_their_totals(
    scheme: AssessmentScheme, november: ReportingRound
) -> None:
    ranking = unit_scores(scheme, dt.date(2025, 12, 1))
    card = render_to_string("assessment/_ranking_card.html", {"ranking": ranking})
    assert card.count("<tr>") == 1 + 5  # the header and the top five
    assert ranking[0].unit.name in card and ranking[5].unit.name not in card
    assert reverse("assessment:ranking", args=[scheme.pk]) in card
    top_three = render_to_string("assessment/_ranking_card.html", {"ranking": ranking, "limit": 3})
    assert top_three.count("<tr>") == 1 + 3


def test_the_nav_shows_the_assessment_to_the_office_and_leaders_only(
    plan_2025: Plan, wang: User, zhang: User, li: User, client_for: Callable[[User], Client]
) -> None:
    link = f'href="{reverse("assessment:schemes")}"'
    assert link in _page(client_for(wang), reverse("plans:list"))
    assert link in _page(client_for(zhang), reverse("plans:list"))
    assert link not in _page(client_for(li), reverse("plans:list"))


def test_the_dashboard_shows_this_years_ranking_card(
    make_scheme: Callable[..., AssessmentScheme],
    qingyang: Unit,
    zhang: User,
    client_for: Callable[[User], Client],
) -> None:
    year = timezone.localdate().year
    lead_task(make_plan(f"{year}年重点工作安排表", year, year), qingyang, "1")
    scheme = make_scheme(year=year, name=f"{year}年度重点工作考核")
    page = _page(client_for(zhang), reverse("dashboards:home"))
    card = page.split('data-testid="assessment-card"')[1]
    assert "青阳镇" in card and reverse("assessment:ranking", args=[scheme.pk]) in card

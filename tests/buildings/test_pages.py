"""Every page opens for the office on the demo data; goals bound to measures show live values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.buildings.demo import demo_buildings_load
from duban.buildings.models import Building, Carrier, EvaluationScheme, GoalBinding, Renovation
from duban.buildings.selectors import live_values_for_plan
from duban.demo import BUILDINGS_PLAN_2022
from duban.plans.models import Plan
from duban.plans.services.imports import plan_import_apply, plan_import_file
from duban.units.models import Unit


@pytest.fixture
def plan_2022(wang: User) -> Plan:
    batch = plan_import_file(actor=wang, path=BUILDINGS_PLAN_2022)
    return plan_import_apply(actor=wang, batch=batch, unit_choices={})


@pytest.fixture
def demo(plan_2022: Plan, wang: User) -> Plan:
    demo_buildings_load(actor=wang)
    return plan_2022


def test_the_demo_is_safe_to_load_twice(demo: Plan, wang: User) -> None:
    counts = (Building.objects.count(), Carrier.objects.count(), Renovation.objects.count())
    again = demo_buildings_load(actor=wang)
    assert (Building.objects.count(), Carrier.objects.count(), Renovation.objects.count()) == counts
    assert counts[0] >= 30
    assert "新增 0 栋" in again[0]
    assert EvaluationScheme.objects.filter(year=2024).get().results.filter(outcome="warning").exists()
    assert all(b.name.startswith("演示·") for b in Building.objects.all())


def test_the_plans_goals_are_counted_live(demo: Plan) -> None:
    live = live_values_for_plan(demo, today=dt.date(2025, 6, 1))
    by_metric = {GoalBinding.objects.get(indicator_id=pk).indicator.metric: v for pk, v in live.items()}
    assert by_metric["改造楼宇数量"].value == 14
    assert by_metric["5万平方米以上改造楼宇"].value == 2
    assert len(by_metric["改造楼宇数量"].items) == 14
    assert by_metric["科创飞地"].unit == "平方米"
    assert len(by_metric["科创飞地"].breakdown) == 4 * 3  # four towns × 2022–2024


def test_a_town_user_sees_only_its_own_items_behind_a_live_value(demo: Plan, li: User) -> None:
    live = live_values_for_plan(demo, user=li)
    renovated = next(v for v in live.values() if v.unit == "栋" and v.value == 14)
    assert renovated.value == 14  # the city-wide count
    assert {b.unit.name for b in renovated.items} == {"青阳镇"}


def test_the_snippet_renders_a_bound_indicator_and_nothing_for_an_unbound_one(demo: Plan) -> None:
    live = live_values_for_plan(demo)
    template = Template("{% load buildings %}{% for i in indicators %}{% live_value live i %}{% endfor %}")
    bound = demo.indicators.get(metric="改造楼宇数量", goal__isnull=False)
    html = template.render(Context({"live": live, "indicators": [bound]}))
    assert "实时统计 14栋 · 未达到" in html
    assert "同一楼宇多次改造只计一次" in html
    unbound = demo.indicators.get(metric="高层次人才")
    assert template.render(Context({"live": live, "indicators": [unbound]})).strip() == ""


def test_the_office_binds_an_indicator_to_a_measure(
    plan_2022: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    indicator = plan_2022.indicators.get(metric="5万平方米以上改造楼宇", goal__isnull=False)
    url = reverse("buildings:goal_bind", args=[indicator.pk])
    response = client_for(wang).post(url, {"measure": "renovated_buildings", "min_floor_area": "50000"})
    assert response.status_code == 302
    binding = GoalBinding.objects.get(indicator=indicator)
    assert (binding.measure, binding.params) == ("renovated_buildings", {"min_floor_area": "50000"})
    client_for(wang).post(url, {"measure": ""})
    assert not GoalBinding.objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "buildings:list",
        "buildings:new",
        "buildings:carriers",
        "buildings:carrier_new",
        "buildings:schemes",
        "buildings:scheme_new",
        "buildings:goals",
        "buildings:import_new",
    ],
)
def test_every_page_opens_for_the_office(
    name: str, demo: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(wang).get(reverse(name)).status_code == 200


def test_object_pages_open_for_the_office(
    demo: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    building = Building.objects.get(name="演示·高新区科创大厦")
    scheme = EvaluationScheme.objects.get(year=2024)
    urls = [
        reverse("buildings:detail", args=[building.pk]),
        reverse("buildings:edit", args=[building.pk]),
        reverse("buildings:renovation_new", args=[building.pk]),
        reverse("buildings:renovation_edit", args=[building.renovations.first().pk]),  # type: ignore[union-attr]
        reverse("buildings:carrier_edit", args=[building.carriers.first().pk]),  # type: ignore[union-attr]
        reverse("buildings:scheme", args=[scheme.pk]),
        reverse("buildings:scheme_edit", args=[scheme.pk]),
        reverse("buildings:scores", args=[scheme.pk]),
        reverse("buildings:scores_export", args=[scheme.pk]),
        reverse("buildings:goal_bind", args=[demo.indicators.first().pk]),  # type: ignore[union-attr]
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_a_finished_renovation_marks_the_building_renovated_on_that_day(
    wang: User, qingyang: Unit, client_for: Callable[[User], Client]
) -> None:
    from duban.buildings.services.buildings import building_create

    building = building_create(
        actor=wang,
        values={"name": "待改造楼", "unit": qingyang, "owner_type": "state", "floor_area_m2": Decimal(900)},
    )
    data = {"title": "整体改造", "started_on": "2023-03-01", "finished_on": "2024-05-31"}
    assert (
        client_for(wang).post(reverse("buildings:renovation_new", args=[building.pk]), data).status_code
        == 302
    )
    building.refresh_from_db()
    assert building.building_state == "renovated"
    state = building.changes.get(field="building_state")
    assert (state.old, state.new, state.on) == ("闲置", "已改造", dt.date(2024, 5, 31))


def test_scores_import_previews_then_stores(
    demo: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    import io

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    scheme = EvaluationScheme.objects.get(year=2024)
    client = client_for(wang)
    exported = client.get(reverse("buildings:scores_export", args=[scheme.pk])).content
    workbook = openpyxl.load_workbook(io.BytesIO(exported))
    sheet = workbook.active
    sheet.cell(row=2, column=3).value = 99
    out = io.BytesIO()
    workbook.save(out)
    upload = SimpleUploadedFile("得分.xlsx", out.getvalue())
    response = client.post(reverse("buildings:scores_import", args=[scheme.pk]), {"file": upload})
    assert response.status_code == 302
    preview_url = response["Location"]
    assert "99" in client.get(preview_url).content.decode()
    assert client.post(preview_url).status_code == 302
    carrier = Carrier.objects.get(name=sheet.cell(row=2, column=1).value)
    assert carrier.scores.get(indicator__name="入驻率", indicator__scheme=scheme).value == Decimal(99)


def test_a_reimported_plan_gets_its_measures_back_by_the_indicators_text(
    demo: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    bound = GoalBinding.objects.filter(plan=demo).count()
    plan_import_apply(
        actor=wang, batch=plan_import_file(actor=wang, path=BUILDINGS_PLAN_2022), unit_choices={}
    )
    # The re-import replaced every indicator; the import itself relinks the measures by text.
    assert len(live_values_for_plan(demo)) == bound == 7
    client = client_for(wang)
    assert (
        "失去了对应的指标" not in client.get(reverse("buildings:goals"), {"plan": demo.pk}).content.decode()
    )
    goal = GoalBinding.objects.get(plan=demo, indicator_text="改造楼宇数量不低于30栋")
    assert goal.indicator is not None and goal.indicator.goal_id is not None

"""List pages cost the same number of queries whatever the number of rows (no query per row)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.accounts.models import User
from duban.demo import BUILDINGS_PLAN_2022
from duban.plans.models import Plan
from duban.plans.services.imports import plan_import_apply, plan_import_file
from duban.units.models import Unit

CEILING = 27  # the page computed in full, its kept parts checked first (one query each)


def _queries(client: Client, url: str, params: dict[str, str] | None = None) -> int:
    cache.clear()  # the whole page computed, not the parts kept until the next write
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def plan_2022(plan_2025: Plan, wang: User) -> Plan:
    batch = plan_import_file(actor=wang, path=BUILDINGS_PLAN_2022)
    return plan_import_apply(actor=wang, batch=batch, unit_choices={})


@pytest.mark.parametrize("persona", ["wang", "li"])
def test_the_plan_page_does_not_query_per_row(
    persona: str, plan_2025: Plan, request: pytest.FixtureRequest, client_for: Callable[[User], Client]
) -> None:
    client = client_for(request.getfixturevalue(persona))
    url = reverse("plans:detail", args=[plan_2025.pk])
    every_row = _queries(client, url)
    four_rows = _queries(client, url, {"category": "要素保障"})
    assert every_row == four_rows <= CEILING


def test_the_unit_page_does_not_query_per_row(
    plan_2022: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    busy, quiet = Unit.objects.get(name="霞科办"), Unit.objects.get(name="市审计局")
    assert busy.task_assignments.count() > 5 * quiet.task_assignments.count() > 0
    costs = [_queries(client, reverse("units:detail", args=[unit.pk])) for unit in (busy, quiet)]
    assert costs[0] == costs[1] <= CEILING


def test_the_search_page_does_not_query_per_row(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    many = _queries(client, reverse("plans:search"), {"q": "项目"})
    few = _queries(client, reverse("plans:search"), {"q": "北越新能源"})
    assert many == few <= CEILING


def test_the_plan_list_does_not_query_per_plan(
    plan_2022: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    assert _queries(client_for(wang), reverse("plans:list")) <= CEILING

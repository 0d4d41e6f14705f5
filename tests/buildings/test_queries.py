"""The building list costs the same number of queries for three buildings as for thirty."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.accounts.models import User
from duban.buildings.models import Carrier, Renovation
from duban.units.models import Unit
from tests.buildings.conftest import MakeBuilding

CEILING = 12


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("persona", ["wang", "li"])
def test_the_building_list_does_not_query_per_row(
    persona: str,
    request: pytest.FixtureRequest,
    qingyang: Unit,
    make_building: MakeBuilding,
    renovate: Callable[..., Renovation],
    make_carrier: Callable[..., Carrier],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(request.getfixturevalue(persona))
    url = reverse("buildings:list")

    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            building = make_building(qingyang, f"楼宇{n}", 1000 + n)
            renovate(building, dt.date(2023, 1, 1))
            make_carrier(building, f"载体{n}")

    add(3, 0)
    few = _queries(client, url)
    add(27, 3)
    many = _queries(client, url)
    assert few == many <= CEILING


def test_the_building_page_does_not_query_per_change(
    wang: User, qingyang: Unit, make_building: MakeBuilding, client_for: Callable[[User], Client]
) -> None:
    from duban.buildings.services.buildings import building_update

    building = make_building(qingyang, "历史很长的楼")
    client = client_for(wang)
    url = reverse("buildings:detail", args=[building.pk])
    short = _queries(client, url)
    for n in range(10):
        building_update(actor=wang, building=building, values={"owner": f"产权人{n}"})
    assert _queries(client, url) == short <= CEILING

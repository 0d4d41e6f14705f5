"""The web personas (王科长 wang supervises, 李主任 li files for 青阳镇, 周 zhou for 月城镇, 张局长 zhang
leads, 赵工 zhao administers, 沈 shen audits), plus buildings made through the real services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from duban.accounts.models import User
from duban.buildings.choices import CarrierKind, CarrierLevel, OwnerType
from duban.buildings.models import Building, Carrier, Renovation
from duban.buildings.services.buildings import building_create, carrier_save, renovation_save
from duban.units.choices import UnitKind
from duban.units.models import Unit
from tests.web.conftest import *  # noqa: F403 — the personas and client_for, shared with the web tests

MakeBuilding = Callable[..., Building]


@pytest.fixture
def gaoxin(db: None) -> Unit:
    return Unit.objects.get_or_create(name="高新区", defaults={"kind": UnitKind.PARK})[0]


@pytest.fixture
def make_building(wang: User) -> MakeBuilding:
    def make(unit: Unit, name: str, area: int | str = 10000, **values: Any) -> Building:
        data = {"name": name, "unit": unit, "owner_type": OwnerType.STATE, "floor_area_m2": Decimal(area)}
        return building_create(actor=wang, values=data | values)

    return make


@pytest.fixture
def renovate(wang: User) -> Callable[..., Renovation]:
    def make(building: Building, finished: dt.date | None, started: dt.date | None = None) -> Renovation:
        values = {
            "title": f"{building.name}改造",
            "started_on": started or dt.date(2022, 1, 1),
            "finished_on": finished,
        }
        return renovation_save(actor=wang, building=building, values=values)

    return make


@pytest.fixture
def make_carrier(wang: User) -> Callable[..., Carrier]:
    def make(building: Building, name: str, **values: Any) -> Carrier:
        data = {
            "name": name,
            "building": building,
            "kind": CarrierKind.INCUBATOR,
            "level": CarrierLevel.CITY,
            "area_m2": Decimal(1000),
            "established_on": dt.date(2023, 1, 1),
        }
        return carrier_save(actor=wang, values=data | values)

    return make


@pytest.fixture
def qingyang_building(qingyang: Unit, make_building: MakeBuilding) -> Building:
    return make_building(qingyang, "演示·青阳镇原纺织厂办公楼", 8600, address="青阳镇演示路1号")


@pytest.fixture
def yuecheng_building(yuecheng: Unit, make_building: MakeBuilding) -> Building:
    return make_building(yuecheng, "演示·月城镇原丝绸厂厂房", 15600)

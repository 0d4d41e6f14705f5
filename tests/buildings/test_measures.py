"""Plan goals counted from the database: the boundaries a leader would ask about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from duban.buildings.choices import CarrierKind, CarrierLevel
from duban.buildings.measures import (
    LiveValue,
    carriers_by_level,
    enclave_area_per_town_year,
    renovated_buildings,
    renovated_large_buildings,
)
from duban.buildings.models import Building, Carrier, Renovation
from duban.units.models import Unit
from tests.buildings.conftest import MakeBuilding

START, END = dt.date(2022, 1, 1), dt.date(2024, 12, 31)


def test_a_renovation_finished_on_the_last_day_counts_and_the_day_after_does_not(
    qingyang: Unit, make_building: MakeBuilding, renovate: Callable[..., Renovation]
) -> None:
    on_time = make_building(qingyang, "最后一天完工")
    late = make_building(qingyang, "次日完工")
    renovate(on_time, END)
    renovate(late, END + dt.timedelta(days=1))
    live = renovated_buildings(start=START, end=END)
    assert live.value == 1
    assert live.items == [on_time]
    assert live.unit == "栋"
    assert "2022年1月1日至2024年12月31日" in live.explanation
    assert "只计一次" in live.explanation


def test_a_renovation_finished_before_the_period_does_not_count(
    qingyang: Unit, make_building: MakeBuilding, renovate: Callable[..., Renovation]
) -> None:
    early = make_building(qingyang, "前一年完工")
    renovate(early, START - dt.timedelta(days=1), started=dt.date(2021, 1, 1))
    assert renovated_buildings(start=START, end=END).value == 0


def test_an_unfinished_renovation_does_not_count(
    qingyang: Unit, make_building: MakeBuilding, renovate: Callable[..., Renovation]
) -> None:
    renovate(make_building(qingyang, "在建"), None)
    assert renovated_buildings(start=START, end=END).value == 0


def test_a_building_renovated_twice_counts_once(
    qingyang: Unit, make_building: MakeBuilding, renovate: Callable[..., Renovation]
) -> None:
    building = make_building(qingyang, "两次改造")
    renovate(building, dt.date(2022, 6, 30))
    renovate(building, dt.date(2024, 6, 30), started=dt.date(2024, 1, 1))
    live = renovated_buildings(start=START, end=END)
    assert live.value == 1
    assert live.items == [building]


def test_exactly_fifty_thousand_square_metres_counts_as_large(
    qingyang: Unit, make_building: MakeBuilding, renovate: Callable[..., Renovation]
) -> None:
    exactly = make_building(qingyang, "正好五万", 50000)
    just_under = make_building(qingyang, "差一点", "49999.99")
    for building in (exactly, just_under):
        renovate(building, dt.date(2023, 5, 1))
    live = renovated_large_buildings(start=START, end=END)
    assert live.value == 1
    assert live.items == [exactly]
    assert "不低于50,000平方米" in live.explanation
    assert "含50,000平方米本数" in live.explanation


def test_enclave_area_is_summed_per_founding_town_and_year_and_the_weakest_is_the_value(
    qingyang: Unit,
    yuecheng: Unit,
    gaoxin: Unit,
    make_building: MakeBuilding,
    make_carrier: Callable[..., Carrier],
) -> None:
    host = make_building(gaoxin, "高新区科创大厦", 60000)

    def enclave(name: str, town: Unit, area: int, on: dt.date) -> None:
        make_carrier(
            host, name, kind=CarrierKind.ENCLAVE, founding_unit=town, area_m2=Decimal(area), established_on=on
        )

    enclave("青阳飞地一", qingyang, 3000, dt.date(2022, 3, 1))
    enclave("青阳飞地二", qingyang, 2500, dt.date(2022, 12, 31))  # same town, same year: summed
    enclave("月城飞地", yuecheng, 5000, dt.date(2022, 7, 1))
    enclave("青阳下一年", qingyang, 4000, dt.date(2023, 1, 1))
    make_carrier(
        host, "不是飞地", founding_unit=qingyang, area_m2=Decimal(9000), established_on=dt.date(2023, 2, 1)
    )
    live = enclave_area_per_town_year(
        start=START,
        end=dt.date(2023, 12, 31),
        towns=[qingyang.pk, yuecheng.pk],
        target=Decimal(5000),
        today=dt.date(2025, 1, 1),
    )
    rows = {row.label: (row.value, row.short) for row in live.breakdown}
    assert rows == {
        "青阳镇 2022年": (Decimal(5500), False),
        "青阳镇 2023年": (Decimal(4000), True),
        "月城镇 2022年": (Decimal(5000), False),
        "月城镇 2023年": (Decimal(0), True),
    }
    assert live.value == 0
    assert live.unit == "平方米"
    assert "月城镇 2023年 0平方米" in live.explanation
    assert {c.name for c in live.items} == {"青阳飞地一", "青阳飞地二", "月城飞地", "青阳下一年"}


def test_enclave_years_still_to_come_are_not_counted_as_short(
    qingyang: Unit, gaoxin: Unit, make_building: MakeBuilding, make_carrier: Callable[..., Carrier]
) -> None:
    host = make_building(gaoxin, "高新区孵化园")
    make_carrier(
        host,
        "青阳飞地",
        kind=CarrierKind.ENCLAVE,
        founding_unit=qingyang,
        area_m2=Decimal(6000),
        established_on=dt.date(2022, 5, 1),
    )
    live = enclave_area_per_town_year(start=START, end=END, towns=[qingyang.pk], today=dt.date(2022, 12, 1))
    assert [row.label for row in live.breakdown] == ["青阳镇 2022年"]
    assert live.value == 6000


def test_carriers_are_counted_by_level_at_the_end_of_the_period(
    qingyang: Unit, make_building: MakeBuilding, make_carrier: Callable[..., Carrier]
) -> None:
    building = make_building(qingyang, "载体楼")
    make_carrier(building, "国家级孵化器", level=CarrierLevel.NATIONAL, established_on=dt.date(2022, 5, 1))
    make_carrier(building, "省级众创空间", level=CarrierLevel.PROVINCIAL, established_on=dt.date(2023, 5, 1))
    make_carrier(building, "后来的国家级", level=CarrierLevel.NATIONAL, established_on=dt.date(2025, 1, 1))
    live = carriers_by_level(start=START, end=END, level=CarrierLevel.NATIONAL)
    assert live.value == 1
    assert [c.name for c in live.items] == ["国家级孵化器"]
    assert {row.label: row.value for row in live.breakdown}["省级"] == 1
    assert "国家级科创载体" in live.explanation


@pytest.mark.parametrize(
    ("comparator", "value", "target", "met"),
    [
        (">=", 30, 30, True),
        (">=", 29, 30, False),
        (">", 15, 15, False),
        ("=", 16, 15, True),
        ("<=", 3, 2, False),
    ],
)
def test_a_live_value_meets_its_indicator_by_the_indicators_comparator(
    comparator: str, value: int, target: int, met: bool
) -> None:
    assert LiveValue(Decimal(value), "栋", "").meets(comparator, Decimal(target)) is met


def test_a_new_building_is_idle_until_said_otherwise(qingyang_building: Building) -> None:
    assert qingyang_building.is_idle

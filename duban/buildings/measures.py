"""Plan goals counted live from the building database.

Each measure is a plain function of a period (and a few parameters) returning a
``LiveValue``: the number, its unit, a sentence in Chinese saying exactly how it
was counted, and the buildings or carriers it counted, so that a leader can check
the 30 栋 against the list behind it. ``MEASURES`` names them for ``GoalBinding``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from duban.buildings.choices import CarrierKind, CarrierLevel
from duban.buildings.models import Building, Carrier
from duban.core import clock
from duban.core.dates import cn_date
from duban.units.choices import UnitKind
from duban.units.models import Unit

LARGE_FLOOR_AREA = Decimal(50_000)  # 5万平方米以上: the plan counts exactly 50,000 m² in


@dataclass(frozen=True)
class LiveRow:
    """One line of a breakdown: 青阳镇 2023年 6,000 平方米."""

    label: str
    value: Decimal
    short: bool = False  # below what the goal asks, where the goal applies per line


@dataclass
class LiveValue:
    value: Decimal
    unit: str
    explanation: str
    items: Sequence[Building | Carrier] = field(default_factory=list)  # what was counted
    breakdown: list[LiveRow] = field(default_factory=list)

    def meets(self, comparator: str, target: Decimal) -> bool:
        checks: dict[str, Callable[[Decimal, Decimal], bool]] = {
            ">=": lambda v, t: v >= t,
            ">": lambda v, t: v > t,
            "<=": lambda v, t: v <= t,
            "<": lambda v, t: v < t,
            "=": lambda v, t: v >= t,  # a plan's "建成15个" is met by 15 or more
            "≈": lambda v, t: v >= t * Decimal("0.95"),
        }
        return checks.get(comparator, checks[">="])(self.value, target)

    def percent_of(self, target: Decimal) -> int:
        """How far towards the target, 0–100, for a progress bar."""
        if target <= 0:
            return 100
        return int(min(Decimal(100), self.value * 100 / target))


def area(value: Decimal) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text}平方米"


def _period(start: dt.date, end: dt.date) -> str:
    return f"{cn_date(start)}至{cn_date(end)}"


def renovated_buildings(*, start: dt.date, end: dt.date, min_floor_area: Decimal | None = None) -> LiveValue:
    """Buildings with a renovation finished in the period, each building once."""
    buildings = Building.objects.filter(renovations__finished_on__range=(start, end))
    condition = ""
    if min_floor_area is not None:
        buildings = buildings.filter(floor_area_m2__gte=min_floor_area)
        condition = f"且建筑面积不低于{area(min_floor_area)}（含{area(min_floor_area)}本数）"
    items = list(buildings.select_related("unit").distinct().order_by("unit__name", "name"))
    explanation = (
        f"统计改造项目完工日期在{_period(start, end)}之间{condition}的楼宇，"
        f"同一楼宇多次改造只计一次：共{len(items)}栋。"
    )
    return LiveValue(Decimal(len(items)), "栋", explanation, items)


def renovated_large_buildings(
    *, start: dt.date, end: dt.date, min_floor_area: Decimal | None = None
) -> LiveValue:
    """Of the renovated buildings, those of 5万平方米 and more (50,000 m² itself counts)."""
    return renovated_buildings(start=start, end=end, min_floor_area=min_floor_area or LARGE_FLOOR_AREA)


def enclave_area_per_town_year(
    *,
    start: dt.date,
    end: dt.date,
    towns: list[int] | None = None,
    target: Decimal | None = None,
    today: dt.date | None = None,
) -> LiveValue:
    """科创飞地 area per founding town per year; the value is the weakest town-year.

    The goal (每个镇街每年不低于5000平方米) must hold for every town in every year,
    so the least of them is what meets it or not. Years still to come are left out.
    """
    today = today or clock.today()
    units = list(_towns(towns))
    years = list(range(start.year, min(end.year, today.year) + 1))
    enclaves = Carrier.objects.filter(
        kind=CarrierKind.ENCLAVE, established_on__range=(start, end), founding_unit__in=units
    )
    sums = {
        (row["founding_unit"], row["established_on__year"]): row["total"]
        for row in enclaves.order_by()
        .values("founding_unit", "established_on__year")
        .annotate(total=Sum("area_m2"))
    }
    rows = [
        LiveRow(f"{unit.name} {year}年", sums.get((unit.pk, year)) or Decimal(0))
        for unit in units
        for year in years
    ]
    if target is not None:
        rows = [LiveRow(r.label, r.value, r.value < target) for r in rows]
    items = list(enclaves.select_related("building", "founding_unit").order_by("established_on", "name"))
    if not rows:
        explanation = "尚无可统计的镇街或年度（请在目标口径中选择镇街）。"
        return LiveValue(Decimal(0), "平方米", explanation, items, rows)
    weakest = min(rows, key=lambda r: r.value)
    explanation = (
        f"按设立单位和设立年份合计科创飞地面积（设立日期在{_period(start, end)}之间，"
        f"{len(units)}个镇街 × {len(years)}个年度）；目标要求每个镇街每年都达到，"
        f"因此取最低的一项：{weakest.label} {area(weakest.value)}。"
    )
    return LiveValue(weakest.value, "平方米", explanation, items, rows)


def _towns(ids: list[int] | None) -> list[Unit]:
    units = Unit.objects.filter(pk__in=ids) if ids else Unit.objects.filter(kind=UnitKind.TOWN)
    return list(units.order_by("name"))


def carriers_by_level(*, start: dt.date, end: dt.date, level: str | None = None) -> LiveValue:
    """Carriers in existence at the end of the period, by level (国家级/省级/市级)."""
    carriers = Carrier.objects.filter(Q(established_on__isnull=True) | Q(established_on__lte=end))
    counts = dict.fromkeys(CarrierLevel.values, 0)
    for value in carriers.values_list("level", flat=True):
        counts[value] += 1
    rows = [LiveRow(CarrierLevel(key).label, Decimal(n)) for key, n in counts.items()]
    chosen = carriers.filter(level=level) if level else carriers
    items = list(chosen.select_related("building").order_by("level", "name"))
    what = f"{CarrierLevel(level).label}科创载体" if level else "各级科创载体"
    explanation = f"统计截至{cn_date(end)}已设立（或未填设立日期）的{what}：共{len(items)}个。"
    return LiveValue(Decimal(len(items)), "个", explanation, items, rows)


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str
    compute: Callable[..., LiveValue]
    params: tuple[str, ...] = ()  # what a binding may set besides the period


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure("renovated_buildings", "改造完成的楼宇数量", "栋", renovated_buildings, ("min_floor_area",)),
        Measure(
            "renovated_large_buildings",
            "改造完成的5万平方米以上楼宇数量",
            "栋",
            renovated_large_buildings,
            ("min_floor_area",),
        ),
        Measure(
            "enclave_area_per_town_year",
            "各镇街每年设立的科创飞地面积（取最低）",
            "平方米",
            enclave_area_per_town_year,
            ("towns",),
        ),
        Measure("carriers_by_level", "各级科创载体数量", "个", carriers_by_level, ("level",)),
    )
}
MEASURE_CHOICES = [(m.key, m.label) for m in MEASURES.values()]

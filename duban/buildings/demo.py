"""Demo buildings: a plausible, clearly fictional 信息库 (every name starts with 演示·).

About thirty buildings across the four towns, 澄江街道 and 高新区; some renovated in
2022–2024 (two of 5万平方米 and more), a few 科创飞地 set up by the towns, the
2023 and 2024 carrier evaluations, and the 2022 plan's goals bound to live measures.
Safe to run twice: what exists is left as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from duban.accounts.models import User
from duban.buildings.choices import BuildingState, CarrierKind, CarrierLevel, Outcome, OwnerType
from duban.buildings.models import Building, Carrier, EvaluationResult, EvaluationScheme, GoalBinding
from duban.buildings.services.buildings import building_create, carrier_save, renovation_save
from duban.buildings.services.evaluations import (
    appeal_decide,
    appeal_file,
    evaluation_compute,
    scheme_save,
    scores_set,
)
from duban.buildings.services.goals import goal_bind
from duban.common.roles import Role
from duban.plans.models import Indicator
from duban.units.models import Unit
from duban.units.services import unit_create

TOWNS = ("徐霞客镇", "月城镇", "青阳镇", "祝塘镇")
DATABASE_OPENED = dt.date(2022, 3, 31)  # 摸排全市闲置楼宇，建立信息库: 2022年3月
HOSTS = ("澄江街道", "高新区")
D = dt.date


class Demo(NamedTuple):
    unit: str
    name: str
    owner_type: OwnerType
    owner: str
    floor: int
    land: int | None
    land_use: str
    idle_since: dt.date | None
    renovated: tuple[dt.date, dt.date | None] | None = None  # (started, finished)
    investor: str = ""


S, C, E = OwnerType.STATE, OwnerType.COLLECTIVE, OwnerType.ENTERPRISE
BUILDINGS = (
    Demo(
        "高新区",
        "演示·高新区科创大厦",
        S,
        "演示·高新区建设发展公司",
        62000,
        18000,
        "科研",
        D(2020, 6, 1),
        (D(2022, 3, 1), D(2023, 6, 30)),
        "演示·人才发展集团",
    ),
    Demo(
        "高新区",
        "演示·高新区原电子厂综合楼",
        E,
        "演示·某电子有限公司",
        50000,
        21000,
        "工业",
        D(2019, 9, 1),
        (D(2023, 2, 1), D(2024, 9, 30)),
        "演示·人才发展集团",
    ),
    Demo(
        "高新区",
        "演示·高新区孵化园一号楼",
        S,
        "演示·高新区建设发展公司",
        18500,
        6000,
        "科研",
        D(2021, 3, 1),
        (D(2022, 1, 10), D(2022, 10, 31)),
        "演示·高新区建设发展公司",
    ),
    Demo(
        "高新区",
        "演示·高新区孵化园二号楼",
        S,
        "演示·高新区建设发展公司",
        16800,
        5600,
        "科研",
        D(2021, 3, 1),
        (D(2022, 4, 1), D(2023, 3, 31)),
    ),
    Demo("高新区", "演示·高新区原物流中心", E, "演示·某物流有限公司", 24000, 30000, "仓储", D(2022, 1, 1)),
    Demo(
        "高新区",
        "演示·高新区双创中心",
        S,
        "演示·高新区建设发展公司",
        32000,
        9000,
        "Mx新型复合产业用地",
        D(2021, 1, 1),
        (D(2024, 3, 1), None),
    ),
    Demo(
        "澄江街道",
        "演示·澄江街道原百货大楼",
        S,
        "演示·市商业集团",
        21000,
        4200,
        "商业",
        D(2018, 5, 1),
        (D(2022, 2, 15), D(2022, 12, 20)),
        "演示·市商业集团",
    ),
    Demo(
        "澄江街道",
        "演示·澄江街道原纺织机械厂办公楼",
        E,
        "演示·某纺织机械有限公司",
        9800,
        7600,
        "工业",
        D(2020, 11, 1),
        (D(2023, 4, 1), D(2024, 1, 31)),
    ),
    Demo(
        "澄江街道",
        "演示·澄江街道人民路科技楼",
        S,
        "演示·澄江街道资产公司",
        12500,
        3100,
        "商务办公",
        D(2021, 7, 1),
        (D(2022, 6, 1), D(2023, 5, 31)),
    ),
    Demo(
        "澄江街道",
        "演示·澄江街道原印刷厂",
        C,
        "演示·澄江街道某社区股份经济合作社",
        6400,
        5200,
        "工业",
        D(2019, 1, 1),
    ),
    Demo(
        "澄江街道",
        "演示·澄江街道滨江商务楼",
        E,
        "演示·某置业有限公司",
        27000,
        5800,
        "商务办公",
        D(2022, 8, 1),
    ),
    Demo(
        "青阳镇",
        "演示·青阳镇原纺织厂办公楼",
        C,
        "演示·青阳镇某村股份经济合作社",
        8600,
        6500,
        "工业",
        D(2019, 4, 1),
        (D(2022, 5, 1), D(2023, 9, 30)),
        "演示·青阳镇资产公司",
    ),
    Demo("青阳镇", "演示·青阳镇原农机站大楼", S, "演示·青阳镇资产公司", 4200, 3800, "工业", D(2020, 2, 1)),
    Demo(
        "青阳镇",
        "演示·青阳镇商贸楼",
        E,
        "演示·某商贸有限公司",
        7300,
        2100,
        "商业",
        D(2021, 10, 1),
        (D(2024, 5, 1), None),
    ),
    Demo("青阳镇", "演示·青阳镇原供销社仓库", C, "演示·青阳镇供销合作社", 3500, 4800, "仓储", D(2017, 8, 1)),
    Demo("青阳镇", "演示·青阳镇工业园研发楼", E, "演示·某机械有限公司", 11200, 8400, "工业", D(2022, 3, 1)),
    Demo(
        "月城镇",
        "演示·月城镇原丝绸厂厂房",
        C,
        "演示·月城镇某村股份经济合作社",
        15600,
        12000,
        "工业",
        D(2018, 12, 1),
        (D(2022, 7, 1), D(2023, 12, 31)),
    ),
    Demo(
        "月城镇", "演示·月城镇原镇政府老楼", S, "演示·月城镇资产公司", 5200, 2600, "公共管理", D(2021, 1, 1)
    ),
    Demo(
        "月城镇",
        "演示·月城镇科技服务中心",
        S,
        "演示·月城镇资产公司",
        9000,
        3000,
        "科研",
        D(2020, 5, 1),
        (D(2023, 8, 1), D(2024, 6, 30)),
    ),
    Demo("月城镇", "演示·月城镇原粮管所", S, "演示·月城镇粮食购销站", 2800, 4100, "仓储", D(2016, 6, 1)),
    Demo(
        "月城镇",
        "演示·月城镇工业集中区标准厂房",
        E,
        "演示·某精密制造有限公司",
        13400,
        15000,
        "工业",
        D(2023, 2, 1),
    ),
    Demo(
        "徐霞客镇",
        "演示·徐霞客镇原化纤厂办公楼",
        E,
        "演示·某化纤有限公司",
        10400,
        9100,
        "工业",
        D(2019, 7, 1),
        (D(2022, 9, 1), D(2023, 8, 31)),
    ),
    Demo(
        "徐霞客镇", "演示·徐霞客镇文旅服务楼", S, "演示·徐霞客镇文旅公司", 6100, 2900, "商业", D(2021, 4, 1)
    ),
    Demo(
        "徐霞客镇",
        "演示·徐霞客镇原砖瓦厂",
        C,
        "演示·徐霞客镇某村股份经济合作社",
        3900,
        11000,
        "工业",
        D(2015, 3, 1),
    ),
    Demo(
        "徐霞客镇",
        "演示·徐霞客镇智造产业楼",
        E,
        "演示·某智能装备有限公司",
        14200,
        7000,
        "工业",
        D(2022, 6, 1),
        (D(2024, 2, 1), D(2024, 11, 30)),
    ),
    Demo(
        "祝塘镇",
        "演示·祝塘镇原针织厂厂房",
        E,
        "演示·某针织有限公司",
        12800,
        10500,
        "工业",
        D(2018, 10, 1),
        (D(2022, 4, 1), D(2022, 11, 30)),
    ),
    Demo("祝塘镇", "演示·祝塘镇原供销大楼", C, "演示·祝塘镇供销合作社", 4600, 1800, "商业", D(2020, 9, 1)),
    Demo(
        "祝塘镇",
        "演示·祝塘镇电商产业园",
        S,
        "演示·祝塘镇资产公司",
        8800,
        6200,
        "商务办公",
        D(2021, 6, 1),
        (D(2023, 3, 1), D(2024, 4, 30)),
    ),
    Demo("祝塘镇", "演示·祝塘镇原文化站", S, "演示·祝塘镇资产公司", 1900, 1500, "公共管理", D(2019, 2, 1)),
    Demo("祝塘镇", "演示·祝塘镇工业园综合楼", E, "演示·某纺织品有限公司", 6900, 5100, "工业", D(2023, 5, 1)),
)


class DemoCarrier(NamedTuple):
    building: str
    name: str
    kind: CarrierKind
    level: CarrierLevel
    operator: str
    area: int
    established: dt.date
    founder: str = ""


K, L = CarrierKind, CarrierLevel
CARRIERS = (
    DemoCarrier(
        "演示·高新区科创大厦",
        "演示·霞客湾科创孵化器",
        K.INCUBATOR,
        L.NATIONAL,
        "演示·某创业服务有限公司",
        22000,
        D(2023, 7, 1),
    ),
    DemoCarrier(
        "演示·高新区科创大厦",
        "演示·青阳镇科创飞地",
        K.ENCLAVE,
        L.UNRATED,
        "演示·青阳镇资产公司",
        6000,
        D(2023, 9, 1),
        "青阳镇",
    ),
    DemoCarrier(
        "演示·高新区科创大厦",
        "演示·月城镇科创飞地",
        K.ENCLAVE,
        L.UNRATED,
        "演示·月城镇资产公司",
        5000,
        D(2023, 10, 15),
        "月城镇",
    ),
    DemoCarrier(
        "演示·高新区原电子厂综合楼",
        "演示·先进制造新型研发机构",
        K.RESEARCH_INSTITUTE,
        L.PROVINCIAL,
        "演示·某研究院有限公司",
        15000,
        D(2024, 10, 1),
    ),
    DemoCarrier(
        "演示·高新区原电子厂综合楼",
        "演示·徐霞客镇科创飞地",
        K.ENCLAVE,
        L.UNRATED,
        "演示·徐霞客镇资产公司",
        5500,
        D(2024, 10, 20),
        "徐霞客镇",
    ),
    DemoCarrier(
        "演示·高新区孵化园一号楼",
        "演示·智能装备众创空间",
        K.MAKER_SPACE,
        L.PROVINCIAL,
        "演示·某众创空间管理有限公司",
        4800,
        D(2022, 11, 15),
    ),
    DemoCarrier(
        "演示·高新区孵化园一号楼",
        "演示·祝塘镇科创飞地",
        K.ENCLAVE,
        L.UNRATED,
        "演示·祝塘镇资产公司",
        5200,
        D(2022, 11, 20),
        "祝塘镇",
    ),
    DemoCarrier(
        "演示·高新区孵化园二号楼",
        "演示·新材料专业孵化器",
        K.INCUBATOR,
        L.CITY,
        "演示·某孵化器管理有限公司",
        9000,
        D(2023, 4, 15),
    ),
    DemoCarrier(
        "演示·澄江街道原百货大楼",
        "演示·青阳镇澄江科创飞地",
        K.ENCLAVE,
        L.UNRATED,
        "演示·青阳镇资产公司",
        5000,
        D(2022, 12, 28),
        "青阳镇",
    ),
    DemoCarrier(
        "演示·澄江街道原百货大楼",
        "演示·数字经济众创空间",
        K.MAKER_SPACE,
        L.CITY,
        "演示·某数字科技有限公司",
        3600,
        D(2023, 1, 10),
    ),
    DemoCarrier(
        "演示·澄江街道人民路科技楼",
        "演示·生物医药孵化器",
        K.INCUBATOR,
        L.PROVINCIAL,
        "演示·某生物科技服务有限公司",
        8200,
        D(2023, 6, 15),
    ),
    DemoCarrier(
        "演示·澄江街道原纺织机械厂办公楼",
        "演示·月城镇澄江科创飞地",
        K.ENCLAVE,
        L.UNRATED,
        "演示·月城镇资产公司",
        5600,
        D(2024, 3, 1),
        "月城镇",
    ),
    DemoCarrier(
        "演示·青阳镇原纺织厂办公楼",
        "演示·青阳镇众创空间",
        K.MAKER_SPACE,
        L.CITY,
        "演示·青阳镇资产公司",
        2600,
        D(2023, 11, 1),
    ),
    DemoCarrier(
        "演示·月城镇原丝绸厂厂房",
        "演示·月城镇智能制造孵化器",
        K.INCUBATOR,
        L.CITY,
        "演示·月城镇资产公司",
        7000,
        D(2024, 2, 1),
    ),
    DemoCarrier(
        "演示·祝塘镇原针织厂厂房",
        "演示·祝塘镇纺织创新中心",
        K.RESEARCH_INSTITUTE,
        L.CITY,
        "演示·某纺织研究院",
        4000,
        D(2023, 2, 20),
    ),
)

INDICATORS = (
    {"name": "入驻率", "unit": "%", "weight": Decimal(30), "max_value": Decimal(100)},
    {"name": "在孵企业数", "unit": "家", "weight": Decimal(30), "max_value": Decimal(60)},
    {"name": "人才项目数", "unit": "个", "weight": Decimal(20), "max_value": Decimal(20)},
    {"name": "引进投资额", "unit": "万元", "weight": Decimal(20), "max_value": Decimal(5000)},
)
# Per carrier: 入驻率, 在孵企业数, 人才项目数, 引进投资额 (2023, then 2024).
SCORES = {
    2023: {
        "演示·霞客湾科创孵化器": (88, 52, 16, 4200),
        "演示·智能装备众创空间": (76, 30, 9, 1500),
        "演示·新材料专业孵化器": (70, 26, 8, 2600),
        "演示·数字经济众创空间": (48, 12, 3, 300),
        "演示·生物医药孵化器": (82, 35, 14, 3800),
        "演示·祝塘镇纺织创新中心": (70, 20, 8, 1500),
    },
    2024: {
        "演示·霞客湾科创孵化器": (92, 58, 19, 5200),
        "演示·智能装备众创空间": (80, 33, 10, 1800),
        "演示·新材料专业孵化器": (74, 30, 11, 2900),
        "演示·数字经济众创空间": (52, 14, 4, 400),
        "演示·生物医药孵化器": (85, 40, 15, 4100),
        "演示·祝塘镇纺织创新中心": (72, 22, 8, 1600),
        "演示·青阳镇众创空间": (45, 8, 2, 150),
        "演示·月城镇智能制造孵化器": (66, 20, 6, 1200),
    },
}


class DemoAppeal(NamedTuple):
    carrier: str
    reason: str
    decision: tuple[Outcome, str] | None = None


APPEALS = {
    2023: (
        DemoAppeal(
            "演示·数字经济众创空间",
            "年中更换运营机构，下半年入驻率已回升到70%以上，请求不予亮牌",
            (Outcome.WARNING, "按全年数据评定，入驻率和在孵企业数仍居末位，维持亮牌警示"),
        ),
    ),
    2024: (
        DemoAppeal(
            "演示·青阳镇众创空间",
            "2024年11月才完成扩容，开放运营不足两个月，请求按开放时间折算入驻率后复核",
        ),
    ),
}
BINDINGS: dict[str, tuple[str, dict[str, object]]] = {  # plan indicator metric → measure and params
    "改造楼宇数量": ("renovated_buildings", {}),
    "改造楼宇": ("renovated_buildings", {}),
    "5万平方米以上改造楼宇": ("renovated_large_buildings", {}),
    "改造5000平方米以上楼宇": ("renovated_buildings", {"min_floor_area": "5000"}),
    "科创飞地": ("enclave_area_per_town_year", {"towns": TOWNS}),
}
BUILDINGS_PLAN = "江阴市科技赋能楼宇三年行动实施方案"


def _unit(name: str) -> Unit:
    return Unit.objects.filter(name=name).first() or unit_create(actor=None, name=name)


def demo_buildings_load(actor: User) -> list[str]:
    """Add the demo buildings, carriers, evaluations and bindings as the office; returns what was done."""
    done = []
    added = sum(_building_ensure(actor, demo) for demo in BUILDINGS)
    done.append(
        f"演示楼宇：新增 {added} 栋，共 {Building.objects.filter(name__startswith='演示·').count()} 栋"
    )
    added = sum(_carrier_ensure(actor, demo) for demo in CARRIERS)
    done.append(f"演示科创载体：新增 {added} 个")
    for year in sorted(SCORES):
        done.append(_scheme_ensure(actor, year))
    done.append(_bindings_ensure(actor))
    return done


def _building_ensure(actor: User, demo: Demo) -> int:
    unit = _unit(demo.unit)
    if Building.objects.filter(unit=unit, name=demo.name).exists():
        return 0
    values = {
        "name": demo.name,
        "unit": unit,
        "address": f"江阴市{demo.unit}演示路{len(demo.name) * 7}号",
        "owner_type": demo.owner_type,
        "owner": demo.owner,
        "floor_area_m2": Decimal(demo.floor),
        "land_area_m2": Decimal(demo.land) if demo.land else None,
        "land_tenure": "集体" if demo.owner_type == OwnerType.COLLECTIVE else "国有",
        "land_use": demo.land_use,
        "building_state": BuildingState.IDLE if demo.idle_since else BuildingState.IN_USE,
        "idle_since": demo.idle_since,
    }
    entered = max(DATABASE_OPENED, demo.idle_since or DATABASE_OPENED)
    building = building_create(actor=actor, values=values, on=entered)
    if demo.renovated:
        started, finished = demo.renovated
        title = f"{demo.name.removeprefix('演示·')}科技赋能改造"
        area = Decimal(demo.floor) * Decimal("0.8")
        values = {"title": title, "investor": demo.investor or demo.owner, "area_m2": area}
        values |= {"planned_start": started, "started_on": started, "finished_on": finished}
        renovation_save(actor=actor, building=building, values=values)
    return 1


def _carrier_ensure(actor: User, demo: DemoCarrier) -> int:
    building = Building.objects.filter(name=demo.building).first()
    if building is None or Carrier.objects.filter(building=building, name=demo.name).exists():
        return 0
    values = {
        "name": demo.name,
        "kind": demo.kind,
        "level": demo.level,
        "operator": demo.operator,
        "area_m2": Decimal(demo.area),
        "building": building,
        "founding_unit": _unit(demo.founder) if demo.founder else None,
        "established_on": demo.established,
    }
    carrier_save(actor=actor, values=values)
    return 1


def _scheme_ensure(actor: User, year: int) -> str:
    if EvaluationScheme.objects.filter(year=year).exists():
        return f"已存在：{year}年科创载体考评"
    rules = {
        "year": year,
        "title": f"{year}年度科创载体绩效考评（演示）",
        "award_top_n": 2,
        "award_min_score": Decimal(85),
        "warning_bottom_n": 1,
        "warning_line": Decimal(40),
        "pass_line": Decimal(50),
    }
    scheme = scheme_save(actor=actor, values=rules, indicators=list(INDICATORS))
    indicators = list(scheme.indicators.all())
    carriers = {c.name: c.pk for c in Carrier.objects.filter(name__in=list(SCORES[year]))}
    values = {
        (carriers[name], indicator.pk): Decimal(value)
        for name, row in SCORES[year].items()
        if name in carriers
        for indicator, value in zip(indicators, row, strict=True)
    }
    scores_set(actor=actor, scheme=scheme, values=values)
    results = evaluation_compute(actor=actor, scheme=scheme)
    _appeals_add(actor, results, APPEALS.get(year, ()))
    return f"演示考评：{scheme.title}（{len(results)} 个载体）"


def _appeals_add(actor: User, results: list[EvaluationResult], appeals: tuple[DemoAppeal, ...]) -> None:
    """A town appeals its warning card; the office answers some of them."""
    by_name = {r.carrier.name: r for r in results}
    for demo in appeals:
        result = by_name.get(demo.carrier)
        if result is None:
            continue
        town = result.carrier.building.unit
        filer = User.objects.filter(unit=town, role__in=[Role.REPORTER, Role.UNIT_REVIEWER]).first() or actor
        appeal = appeal_file(actor=filer, result=result, reason=demo.reason)
        if demo.decision is not None:
            outcome, note = demo.decision
            appeal_decide(actor=actor, appeal=appeal, outcome=outcome, note=note)


def _bindings_ensure(actor: User) -> str:
    indicators = Indicator.objects.filter(plan__title=BUILDINGS_PLAN, metric__in=list(BINDINGS))
    bound = 0
    towns = [u.pk for u in Unit.objects.filter(name__in=TOWNS)]
    for indicator in indicators:
        if GoalBinding.objects.filter(indicator=indicator).exists():
            continue
        measure, params = BINDINGS[indicator.metric]
        params = {**params, "towns": towns} if "towns" in params else params
        goal_bind(actor=actor, indicator=indicator, measure=measure, params=params)
        bound += 1
    return f"目标统计口径：新绑定 {bound} 项"

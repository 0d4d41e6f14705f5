"""Tests for duban.core.quantities: numbers, quantities and indicators in Chinese text."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.quantities import (
    Indicator,
    Quantity,
    comparable,
    extract_indicators,
    find_quantities,
    parse_number,
)

# --- helpers ------------------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"


def _section(n: int) -> str:
    """Write 0 < n < 10000 in Chinese with the usual 零 rules."""
    out, zero = "", False
    for place, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // place % 10
        if digit == 0:
            zero = zero or bool(out)
            continue
        out += ("零" if zero else "") + _CN_DIGITS[digit] + name
        zero = False
    return out


def _below_yi(n: int) -> str:
    """Write 0 < n < 10**8 in Chinese."""
    wan, rest = divmod(n, 10**4)
    out = _section(wan) + "万" if wan else ""
    if rest:
        out += ("零" if wan and rest < 1000 else "") + _section(rest)
    return out


def to_chinese(n: int, counting: bool = False) -> str:
    """Write a non-negative integer in Chinese numerals (一百零五, 十二, 一亿零五)."""
    if n == 0:
        return "零"
    high, low = divmod(n, 10**8)
    out = _below_yi(high) + "亿" if high else ""
    if low:
        out += ("零" if high and low < 10**7 else "") + _below_yi(low)
    if out.startswith("一十"):
        out = out[1:]  # 十二, not 一十二
    if counting and out == "二":
        out = "两"  # counting says 两个; 二个 reads as an ordinal
    return out


def _full_width(text: str) -> str:
    return text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))


def _shape(indicator: Indicator) -> tuple[str, Decimal, str]:
    return indicator.comparator, indicator.value, indicator.unit


def _assert_indicators(text: str, expected: list[tuple[str, int | str, str, str]]) -> list[Indicator]:
    """Check comparator, value, unit and a metric substring for every indicator, in order."""
    found = extract_indicators(text)
    assert [_shape(i) for i in found] == [(c, Decimal(v), u) for c, v, u, _ in expected], found
    for indicator, (*_, metric) in zip(found, expected, strict=True):
        assert metric in indicator.metric, (indicator.metric, metric)
    return found


def _values(text: str) -> list[tuple[Decimal, str]]:
    return [(q.value, q.unit) for q in find_quantities(text)]


# --- parse_number -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5", 5),
        ("5.5", "5.5"),
        ("５", 5),
        ("1,234", 1234),
        ("三", 3),
        ("十二", 12),
        ("两", 2),
        ("二十五", 25),
        ("一百零五", 105),
        ("3.5万", 35000),
        ("150亿", 15000000000),
        ("150 亿", 15000000000),
        ("３.５万", 35000),
        ("三点五万", 35000),
        ("一万五", 15000),
        ("两千五", 2500),
        ("二〇二五", 2025),
        ("十万", 100000),
        ("一亿零五", 100000005),
        ("0.9495亿", 94950000),
    ],
)
def test_parse_number_reads_one_number(text: str, expected: int | str) -> None:
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["万", "亿", "千万", "百", "三里路", "十四五", "三五", "", "5个", "abc"])
def test_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


# --- the 2022-2024 plan's goals: exactly these ten indicators --------------------------------------

GOAL_BUILDINGS = (
    "孵化载体目标：改造楼宇数量不低于30栋。其中，5万平方米以上不低于3栋。其它镇（街道）每年在高新区、"
    "临港开发区、澄江街道，利用闲置楼宇设立不低于5000平方米的“科创飞地”。"
)
GOAL_INSTITUTIONS = (
    "机构资源目标：建成15个科技人才创新创业服务平台，引进国内外知名的专业运营机构超15家，"
    "在澄注册登记的股权投资机构超 15 家，风险投资、创业投资类基金规模超 150 亿元。"
)
GOAL_TALENT = (
    "人才科创目标：新增 600 个各级各类创新创业人才项目，新增产学研合作项目 300 个，集聚 1000 名高层次人才。"
)


def test_goal_buildings() -> None:
    _assert_indicators(
        GOAL_BUILDINGS,
        [
            (">=", 30, "栋", "改造楼宇"),
            (">=", 3, "栋", "5万平方米以上"),
            (">=", 5000, "平方米", "科创飞地"),
        ],
    )


def test_goal_institutions() -> None:
    _assert_indicators(
        GOAL_INSTITUTIONS,
        [
            ("=", 15, "个", "服务平台"),
            (">", 15, "家", "运营机构"),
            (">", 15, "家", "投资机构"),
            (">", 15000000000, "元", "基金规模"),
        ],
    )


def test_goal_talent() -> None:
    _assert_indicators(
        GOAL_TALENT,
        [
            ("=", 600, "个", "人才项目"),
            ("=", 300, "个", "产学研合作项目"),
            ("=", 1000, "人", "高层次人才"),
        ],
    )


def test_three_goals_give_ten_indicators() -> None:
    assert sum(len(extract_indicators(g)) for g in (GOAL_BUILDINGS, GOAL_INSTITUTIONS, GOAL_TALENT)) == 10


def test_indicator_text_is_the_clause() -> None:
    second = extract_indicators(GOAL_BUILDINGS)[1]
    assert second.text == "5万平方米以上不低于3栋"


# --- the 2025 table: targets and reports ----------------------------------------------------------


def test_qualified_project_targets_pair_with_report() -> None:
    target = "围绕高端装备、新一代信息技术、空天技术等产业，招引落地10亿元以上项目5个，1亿元以上项目8个。"
    report = (
        "签约10亿元以上项目4个，芯片级金刚石封装基板制造总部项目、江阴机械新能源汽车功能部件及涡轮增压器"
        "零部件项目、莱煌移动充储机器人及无人机生产项目、新建环保彩线及总部基地项目（待认定）；1亿元以上项目11个。"
    )
    goals = _assert_indicators(target, [("=", 5, "个", "10亿元以上项目"), ("=", 8, "个", "1亿元以上项目")])
    done = _assert_indicators(report, [("=", 4, "个", "10亿元以上项目"), ("=", 11, "个", "1亿元以上项目")])
    assert [g.metric for g in goals] == [d.metric for d in done]
    assert all(comparable(g, d) for g, d in zip(goals, done, strict=True))


def test_qualifier_amounts_are_not_quantities() -> None:
    assert _values("招引落地10亿元以上项目5个，1亿元以上项目8个。") == [(5, "个"), (8, "个")]
    assert _values("否（10亿元以上项目洽谈推进中）") == []
    assert _values("新增5个1亿元以上项目") == [(5, "个")]
    assert extract_indicators("新增5个1亿元以上项目")[0].metric == "1亿元以上项目"


def test_building_names_are_not_counts_but_rates_are() -> None:
    text = "旌阳湖科创园一期二栋、三栋商业整体招商意向及合同签约率达50%，完成招商商业入驻25%。"
    _assert_indicators(text, [(">=", 50, "%", "签约率"), ("=", 25, "%", "入驻")])
    assert _values(text) == [(50, "%"), (25, "%")]


def test_area_in_wan_fang_and_square_metres() -> None:
    target = "霞客湾创智园、锡澄协同发展科创园、旌阳湖科创园、智能装备产业园完成5万方载体招商。"
    report = "霞客湾创智园、锡澄协同发展科创园、旌阳湖科创园、智能装备产业园完成招商面积57544平方米。"
    [goal] = _assert_indicators(target, [("=", 50000, "平方米", "载体招商")])
    [done] = _assert_indicators(report, [("=", 57544, "平方米", "招商面积")])
    assert comparable(goal, done)


def test_events_and_contacts() -> None:
    target = (
        "组织招商主题活动不少于1场。统筹协调市级各部门资源，对接重点央企、头部民企、知名外企、头部基金、"
        "数字科技企业等不少于50家。"
    )
    _assert_indicators(target, [(">=", 1, "场", "招商主题活动"), (">=", 50, "家", "企业")])
    _assert_indicators("累计拜访对接重点企业和机构60余家", [(">=", 60, "家", "重点企业")])


def test_talent_projects_pair() -> None:
    [goal] = _assert_indicators(
        "推荐申报创新创业领军人才项目不少于10个。", [(">=", 10, "个", "领军人才项目")]
    )
    [done] = _assert_indicators("推荐申报创新创业领军人才项目34个。", [("=", 34, "个", "领军人才项目")])
    assert goal.metric == done.metric


def test_people_trained() -> None:
    _assert_indicators("组织开展技术经理人培训不少于50人。", [(">=", 50, "人", "技术经理人")])
    assert _values("组织技术经理人初级培训班，全市97人获批拿证。举办两期技术经理人实训营。") == [(97, "人")]


def test_farmland_in_mu() -> None:
    text = "完成小桥村775亩，里旺里村1708亩，塘头桥村1162亩，悟空村770亩高标准农田建设。"
    _assert_indicators(
        text,
        [("=", 775, "亩", "小桥村"), ("=", 1708, "亩", "里旺里村"), ("=", 1162, "亩", "塘头桥村"),
         ("=", 770, "亩", "悟空村")],
    )  # fmt: skip


def test_percent_rates_and_dates() -> None:
    assert _values("烟火街巷项目完成100%的招商率") == [(100, "%")]
    report = "烟火街巷项目截至目前完成89.4%的招商率，计划12月31日前完成100%招商率"
    assert _values(report) == [(Decimal("89.4"), "%"), (100, "%")]
    assert all("招商率" in i.metric for i in extract_indicators(report))


def test_wan_ping() -> None:
    assert _values("累计完成考古范围内清理1.35万平，旧路面破除0.12万平。") == [
        (13500, "平方米"),
        (1200, "平方米"),
    ]


def test_debt_and_platforms() -> None:
    text = "全年预计完成隐债化解36.41亿元，预计完成平台退出22家（已退出20家，预计还能退出2家）。"
    assert _values(text) == [(3641000000, "元"), (22, "家"), (20, "家"), (2, "家")]


@pytest.mark.parametrize(
    "text",
    [
        "三里路暂未开工",
        "一期项目（1#厂房、综合楼）完工。",
        "S229江阴段（暨南大道—惠山界）",
        "校地合作“八个一”工作清单",
        "2025年9月项目竣工。",
        "项目1号车间一层柱浇筑完成",
        "第五届“创响江阴·创赢未来”全民创业创新大赛",
        "“三重一大”实施细则",
        "按照1+N的模式",
        "锡澄轨道S1线",
        "2022 年",
        "9月初顺利并网，11月18日定标",
        "第九届精英人才徒步活动",
        "聚焦奋进“十四五”",
        "提供一站式服务，集投融资于一体，推出新一批文创产品",
        "一季度",
        "每年在高新区设立",
        "持续推进集团四大板块投融资",
        "完成马镇城市更新项目3号地块征迁",
        "二层结构楼面模板安装结束",
        "5G基站",
        "《江阴市5年行动方案》",
        "江阴市科技赋能楼宇三年行动实施方案",
        "2022至2024年",
        "为每一栋闲置楼宇量身定做方案",
        "一次性补贴",
    ],
)
def test_names_dates_and_ordinals_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("新增融资授信共70亿元", 7000000000),
        ("完成提款29.06亿元", 2906000000),
        ("成功获批全国首批新型政策性金融工具0.9495亿元", 94950000),
        ("市财政设置 1 亿元的专项资金", 100000000),
        ("补贴50万元", 500000),
        ("五十万元", 500000),
    ],
)
def test_money_in_yuan(text: str, value: int) -> None:
    assert _values(text) == [(Decimal(value), "元")]


# --- units, comparators, ranges -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("58%", 58, "%"),
        ("５８％", 58, "%"),
        ("百分之五十八", 58, "%"),
        ("1,234平方米", 1234, "平方米"),
        ("500平米", 500, "平方米"),
        ("500㎡", 500, "平方米"),
        ("3万平方米", 30000, "平方米"),
        ("1.5万㎡", 15000, "平方米"),
        ("1000名", 1000, "人"),
        ("500人次", 500, "人次"),
        ("两个", 2, "个"),
        ("二十个", 20, "个"),
        ("2万人次", 20000, "人次"),
        ("3个月", 3, "月"),
        ("10万千瓦", 100000, "kW"),
        ("5公里", 5, "km"),
        ("提高2个百分点", 2, "百分点"),
        ("近三年", 3, "年"),
    ],
)
def test_units_are_normalised(text: str, value: int, unit: str) -> None:
    assert _values(text) == [(Decimal(value), unit)]


@pytest.mark.parametrize(
    ("text", "comparator"),
    [
        ("不低于30栋", ">="),
        ("不少于50家", ">="),
        ("至少3个", ">="),
        ("15家以上", ">="),
        ("5000平方米以上", ">="),
        ("达到50%", ">="),
        ("签约率达50%", ">="),
        ("60余家", ">="),
        ("超 15 家", ">"),
        ("超过15家", ">"),
        ("突破100亿元", ">"),
        ("10多家", ">"),
        ("不超过5%", "<="),
        ("控制在5%以内", "<="),
        ("30人以下", "<="),
        ("约50人", "≈"),
        ("50人左右", "≈"),
        ("签约10个", "="),
        ("节约50万元", "="),
        ("下达5个", "="),
    ],
)
def test_comparators(text: str, comparator: str) -> None:
    [quantity] = find_quantities(text)
    assert quantity.comparator == comparator


@pytest.mark.parametrize("text", ["3-5个", "3至5个", "3～5个", "三至五个", "3~5个"])
def test_ranges_keep_the_lower_bound(text: str) -> None:
    assert find_quantities(text) == [Quantity(Decimal(3), "个", text, ">=", 0, len(text))]


def test_range_multiplier_applies_to_both_bounds() -> None:
    assert _values("投资3-5万元") == [(30000, "元")]
    assert _values("增长5%-10%") == [(5, "%")]


def test_quantity_spans_and_raw() -> None:
    text = "基金规模超 150 亿元，载体5万方"
    first, second = find_quantities(text)
    assert (first.raw, first.comparator, first.value, first.unit) == ("150 亿元", ">", 15000000000, "元")
    assert text[first.start : first.end] == first.raw
    assert (second.raw, text[second.start : second.end]) == ("5万方", "5万方")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("实现两位数增长", []),
        ("一户一策", []),
        ("三五家企业", []),
        ("建成5个数字化车间", [(5, "个")]),
        ("引进3家化工企业", [(3, "家")]),
        ("3万余人", [(30000, "人")]),
    ],
)
def test_idioms_and_estimates(text: str, expected: list[tuple[int, str]]) -> None:
    assert _values(text) == expected


def test_qualifier_before_de_stays_in_the_metric() -> None:
    [indicator] = extract_indicators("改造5000平方米以上的楼宇3栋")
    assert (indicator.value, indicator.unit) == (3, "栋")
    assert "5000平方米以上的楼宇" in indicator.metric
    # With no count after it, the amount itself is the target.
    [enclave] = extract_indicators("设立5000平方米以上的科创飞地")
    assert (enclave.comparator, enclave.value, enclave.unit, enclave.metric) == (
        ">=",
        5000,
        "平方米",
        "科创飞地",
    )


def test_bare_numbers_are_not_quantities() -> None:
    assert find_quantities("1. 孵化载体目标") == []
    assert find_quantities("总投资150亿") == []
    assert find_quantities("三方协议，一方面") == []


def test_as_dict_is_json_friendly() -> None:
    whole = Indicator("t", "m", "=", Decimal("50000.0"), "平方米").as_dict()
    assert whole == {"text": "t", "metric": "m", "comparator": "=", "value": 50000, "unit": "平方米"}
    assert isinstance(whole["value"], int)
    assert Indicator("t", "m", "=", Decimal("89.4"), "%").as_dict()["value"] == pytest.approx(89.4)


def test_comparable_needs_the_same_unit() -> None:
    area = Quantity(Decimal(1), "平方米", "1平方米", "=", 0, 4)
    assert comparable(area, Indicator("t", "m", ">=", Decimal(5), "平方米"))
    assert not comparable(area, Indicator("t", "m", ">=", Decimal(5), "亩"))


def test_wrapped_line_does_not_split_a_metric() -> None:
    [indicator] = extract_indicators("在澄注册登记的股权投\n\n资机构超 15 家")
    assert indicator.metric == "股权投资机构"


# --- properties -----------------------------------------------------------------------------------

_integers = st.integers(min_value=0, max_value=10**12 - 1)


@given(_integers)
def test_integer_spellings_agree(n: int) -> None:
    spellings = [str(n), _full_width(str(n)), f"{n:,}", to_chinese(n)]
    if n and n % 10**4 == 0:
        spellings.append(f"{n // 10**4}万")
        if n < 10**8:  # 一万二千五百万 is not written; above 万万 it is 亿
            spellings.append(to_chinese(n // 10**4) + "万")
    for spelling in spellings:
        assert parse_number(spelling) == n, spelling
    for spelling in [*spellings[:3], to_chinese(n, counting=True)]:
        assert _values(f"{spelling}个") == [(n, "个")], spelling


@given(
    st.integers(min_value=0, max_value=99999),
    st.integers(min_value=0, max_value=9999),
    st.sampled_from([4, 8]),
)
def test_decimal_with_multiplier_agrees_with_decimal_arithmetic(
    whole: int, fraction: int, power: int
) -> None:
    written = f"{whole}.{fraction}"
    multiplier = "万" if power == 4 else "亿"
    expected = Decimal(written) * 10**power
    assert parse_number(written + multiplier) == expected
    assert _values(f"{written}{multiplier}元") == [(expected, "元")]
    assert _values(f"{_full_width(written)}{multiplier}平方米") == [(expected, "平方米")]


_small = st.integers(min_value=0, max_value=999)
_names = st.one_of(
    st.sampled_from("一二两三四五六七八九十").map(lambda d: f"{d}里路"),
    _small.map(lambda n: f"{n}#厂房"),
    _small.map(lambda n: f"S{n}"),
    _small.map(lambda n: f"S{n}线"),
    st.integers(min_value=1949, max_value=2100).map(lambda y: f"{y}年"),
    st.integers(min_value=1949, max_value=2100).map(lambda y: f"{y} 年度"),
    st.integers(min_value=1949, max_value=2100).map(
        lambda y: "".join("〇一二三四五六七八九"[int(c)] for c in str(y)) + "年"
    ),
    st.integers(min_value=1, max_value=99).map(lambda n: f"第{to_chinese(n)}届"),
    _small.map(lambda n: f"{n}号车间"),
    st.integers(min_value=1, max_value=12).map(lambda m: f"{m}月{m}日"),
)


@given(_names, st.sampled_from(["{}", "完成{}建设。", "推进{}，"]))
def test_names_never_become_quantities(name: str, context: str) -> None:
    assert find_quantities(context.format(name)) == []

"""The yearly evaluation as the office runs it: scheme, scores, ranking, outcomes and 复核, all audited."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.buildings.choices import AppealStatus, Outcome
from duban.buildings.models import Building, Carrier, EvaluationScheme
from duban.buildings.services.evaluations import (
    appeal_decide,
    appeal_file,
    evaluation_compute,
    scheme_save,
    scores_set,
)

INDICATORS = [
    {"name": "入驻率", "unit": "%", "weight": Decimal(40), "max_value": Decimal(100)},
    {"name": "在孵企业数", "unit": "家", "weight": Decimal(60), "max_value": Decimal(50)},
]


def _scheme(wang: User, year: int, **rules: object) -> EvaluationScheme:
    values = {"year": year, "title": f"{year}年度科创载体绩效考评", **rules}
    return scheme_save(actor=wang, values=values, indicators=INDICATORS)


def _score(wang: User, scheme: EvaluationScheme, values: dict[Carrier, tuple[int, int]]) -> None:
    indicators = list(scheme.indicators.all())
    scores_set(
        actor=wang,
        scheme=scheme,
        values={
            (carrier.pk, indicator.pk): Decimal(v)
            for carrier, row in values.items()
            for indicator, v in zip(indicators, row, strict=True)
        },
    )


@pytest.fixture
def carriers(
    qingyang_building: Building, yuecheng_building: Building, make_carrier: Callable[..., Carrier]
) -> list[Carrier]:
    return [
        make_carrier(qingyang_building, "青阳孵化器"),
        make_carrier(yuecheng_building, "月城众创空间"),
        make_carrier(yuecheng_building, "月城研发机构"),
        make_carrier(qingyang_building, "青阳飞地"),
    ]


def test_weights_must_sum_to_a_hundred(wang: User) -> None:
    wrong = [{**INDICATORS[0], "weight": Decimal(50)}, INDICATORS[1]]
    with pytest.raises(ValidationError, match="权重之和应为100，现为110"):
        scheme_save(actor=wang, values={"year": 2024, "title": "2024"}, indicators=wrong)
    assert not EvaluationScheme.objects.exists()


def test_the_ranking_weighs_ranks_with_ties_and_applies_the_rules(
    wang: User, carriers: list[Carrier]
) -> None:
    scheme = _scheme(wang, 2024, award_top_n=1, warning_bottom_n=1)
    qing, yue_space, yue_lab, enclave = carriers
    _score(wang, scheme, {qing: (90, 45), yue_space: (80, 30), yue_lab: (80, 30), enclave: (20, 5)})
    results = {r.carrier: r for r in evaluation_compute(actor=wang, scheme=scheme)}
    assert results[qing].total == Decimal("90.00")  # 40 × 0.9 + 60 × 0.9
    assert [results[c].rank for c in carriers] == [1, 2, 2, 4]
    assert [results[c].outcome for c in carriers] == [
        Outcome.AWARD,
        Outcome.PASS,
        Outcome.PASS,
        Outcome.WARNING,
    ]
    assert results[enclave].reason == "倒数第1名（后1名亮牌）"
    assert AuditEntry.objects.filter(
        object_type="buildings.EvaluationScheme", message="计算考评结果"
    ).exists()


def test_two_years_below_the_pass_line_brings_a_warning_card(wang: User, carriers: list[Carrier]) -> None:
    qing, yue_space, *_ = carriers
    last_year = _scheme(wang, 2023, pass_line=Decimal(60))
    _score(wang, last_year, {qing: (50, 25), yue_space: (90, 45)})  # qing: 20 + 30 = 50
    evaluation_compute(actor=wang, scheme=last_year)
    this_year = _scheme(wang, 2024, pass_line=Decimal(60))
    _score(wang, this_year, {qing: (60, 25), yue_space: (50, 25)})  # 54 and 50: both below
    results = {r.carrier: r for r in evaluation_compute(actor=wang, scheme=this_year)}
    assert results[qing].outcome == Outcome.WARNING
    assert "连续两年低于合格线" in results[qing].reason
    assert results[yue_space].outcome == Outcome.PASS  # above the line last year


def test_an_appeal_is_filed_decided_and_kept_through_a_recompute(
    wang: User, zhou: User, carriers: list[Carrier]
) -> None:
    scheme = _scheme(wang, 2024, warning_bottom_n=1)
    qing, yue_space, *_ = carriers
    _score(wang, scheme, {qing: (90, 45), yue_space: (30, 10)})
    result = {r.carrier: r for r in evaluation_compute(actor=wang, scheme=scheme)}[yue_space]
    assert result.outcome == Outcome.WARNING
    appeal = appeal_file(actor=zhou, result=result, reason="在孵企业数漏报了 12 家，附名单")
    with pytest.raises(ValidationError, match="已有待复核"):
        appeal_file(actor=zhou, result=result, reason="再次申请")
    appeal_decide(actor=wang, appeal=appeal, outcome=Outcome.PASS, note="核实漏报属实，改为合格")
    appeal.refresh_from_db()
    result.refresh_from_db()
    assert (appeal.status, appeal.outcome_before, appeal.outcome_after) == (
        AppealStatus.CHANGED,
        "warning",
        "pass",
    )
    assert (result.computed_outcome, result.outcome) == (Outcome.WARNING, Outcome.PASS)
    evaluation_compute(actor=wang, scheme=scheme)
    result.refresh_from_db()
    assert result.outcome == Outcome.PASS  # the decision stands while the computed outcome is unchanged
    trail = AuditEntry.objects.filter(object_type="buildings.Appeal", object_id=str(appeal.pk)).order_by("at")
    assert [(e.actor_name, e.message) for e in trail] == [("zhou", "申请复核"), ("wang", "复核答复")]
    with pytest.raises(ValidationError, match="已改变结果"):
        appeal_decide(actor=wang, appeal=appeal, outcome=Outcome.AWARD, note="再改")


def test_an_upheld_appeal_keeps_the_outcome(wang: User, li: User, carriers: list[Carrier]) -> None:
    scheme = _scheme(wang, 2024, warning_line=Decimal(50))
    qing = carriers[0]
    _score(wang, scheme, {qing: (10, 5)})
    result = evaluation_compute(actor=wang, scheme=scheme)[0]
    appeal = appeal_decide(
        actor=wang,
        appeal=appeal_file(actor=li, result=result, reason="请求复核"),
        outcome=Outcome.WARNING,
        note="维持",
    )
    assert appeal.status == AppealStatus.UPHELD
    result.refresh_from_db()
    assert result.outcome == Outcome.WARNING


def test_a_town_may_appeal_only_its_own_carriers_result(
    wang: User, li: User, carriers: list[Carrier], client_for: Callable[[User], Client]
) -> None:
    scheme = _scheme(wang, 2024, warning_bottom_n=1)
    qing, yue_space, *_ = carriers
    _score(wang, scheme, {qing: (90, 45), yue_space: (30, 10)})
    results = {r.carrier: r for r in evaluation_compute(actor=wang, scheme=scheme)}
    client = client_for(li)
    response = client.post(
        reverse("buildings:appeal_new", args=[results[yue_space].pk]), {"reason": "不是我的"}
    )
    assert response.status_code == 404
    response = client.post(reverse("buildings:appeal_new", args=[results[qing].pk]), {"reason": "数据有误"})
    assert response.status_code == 302
    assert results[qing].appeals.get().filed_by == li


def test_a_town_sees_only_its_own_carriers_in_the_ranking(
    wang: User, li: User, zhang: User, carriers: list[Carrier], client_for: Callable[[User], Client]
) -> None:
    scheme = _scheme(wang, 2024)
    _score(wang, scheme, {c: (50, 25) for c in carriers})
    evaluation_compute(actor=wang, scheme=scheme)
    url = reverse("buildings:scheme", args=[scheme.pk])
    town_page = client_for(li).get(url).content.decode()
    assert "青阳孵化器" in town_page and "月城众创空间" not in town_page
    leader_page = client_for(zhang).get(url).content.decode()
    assert "青阳孵化器" in leader_page and "月城众创空间" in leader_page
    assert "计算排名" not in leader_page


def test_the_office_enters_scores_in_the_grid(
    wang: User, carriers: list[Carrier], client_for: Callable[[User], Client]
) -> None:
    scheme = _scheme(wang, 2024)
    indicator = scheme.indicators.get(name="入驻率")
    key = f"score_{carriers[0].pk}_{indicator.pk}"
    response = client_for(wang).post(reverse("buildings:scores", args=[scheme.pk]), {key: "88.5"})
    assert response.status_code == 302
    assert carriers[0].scores.get(indicator=indicator).value == Decimal("88.5")

"""The yearly carrier evaluation: the office's scheme, the scores, the results and the appeals (复核).

Each function is one audited transaction. The ranking rules themselves are pure
(``duban.buildings.rules``); this module feeds them and stores what they decide.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.buildings.choices import AppealStatus, Outcome
from duban.buildings.models import (
    Appeal,
    EvaluationIndicator,
    EvaluationResult,
    EvaluationScheme,
    EvaluationScore,
)
from duban.buildings.rules import Ranked, Rules, Weight, rank, weighted_total
from duban.core import clock

FULL_WEIGHT = Decimal(100)
RULE_FIELDS = ("award_top_n", "award_min_score", "warning_bottom_n", "warning_line", "pass_line")


def _check_indicators(indicators: list[dict[str, Any]]) -> None:
    if not indicators:
        raise ValidationError("至少需要一项考评指标")
    names = [i["name"] for i in indicators]
    if len(set(names)) != len(names):
        raise ValidationError("指标名称不能重复")
    total = sum((Decimal(i["weight"]) for i in indicators), Decimal(0))
    if total != FULL_WEIGHT:
        raise ValidationError(f"各项指标的权重之和应为100，现为{total.normalize():f}")


def scheme_save(
    *,
    actor: User,
    values: dict[str, Any],
    indicators: list[dict[str, Any]],
    scheme: EvaluationScheme | None = None,
) -> EvaluationScheme:
    """Create or change a scheme and its weighted indicators (matched by name, so scores survive)."""
    _check_indicators(indicators)
    with transaction.atomic():
        created = scheme is None
        scheme = scheme or EvaluationScheme()
        before = {k: str(getattr(scheme, k)) for k in ("year", "title", *RULE_FIELDS)}
        for name, value in values.items():
            setattr(scheme, name, value)
        scheme.full_clean()
        scheme.save()
        _indicators_sync(scheme, indicators)
        after = {k: str(getattr(scheme, k)) for k in before}
        changes: dict[str, Any] = {k: [before[k], v] for k, v in after.items() if before[k] != v}
        changes["indicators"] = [f"{i['name']} {i['weight']}%（满分值{i['max_value']}）" for i in indicators]
        audit_record(
            actor=actor, action=Action.CREATE if created else Action.UPDATE, obj=scheme, changes=changes
        )
    return scheme


def _indicators_sync(scheme: EvaluationScheme, indicators: list[dict[str, Any]]) -> None:
    stored = {i.name: i for i in scheme.indicators.all()}
    for position, data in enumerate(indicators):
        indicator = stored.pop(data["name"], None) or EvaluationIndicator(scheme=scheme, name=data["name"])
        indicator.unit, indicator.position = data.get("unit", ""), position
        indicator.weight, indicator.max_value = Decimal(data["weight"]), Decimal(data["max_value"])
        indicator.full_clean()
        indicator.save()
    EvaluationIndicator.objects.filter(pk__in=[i.pk for i in stored.values()]).delete()


def scores_set(
    *, actor: User, scheme: EvaluationScheme, values: Mapping[tuple[int, int], Decimal | None]
) -> dict[str, list[Any]]:
    """Store (carrier, indicator) → value; None removes a value. Returns what changed."""
    indicators = {i.pk: i for i in scheme.indicators.all()}
    if any(indicator not in indicators for _, indicator in values):
        raise ValidationError("指标不属于该考评方案")
    with transaction.atomic():
        stored = {
            (s.carrier_id, s.indicator_id): s
            for s in EvaluationScore.objects.filter(indicator__scheme=scheme).select_related("carrier")
        }
        changes: dict[str, list[Any]] = {}
        for (carrier, indicator), value in values.items():
            score = stored.get((carrier, indicator))
            old = score.value if score else None
            if old == value:
                continue
            if value is None:
                if score is not None:  # always so: a blank over a blank was skipped above
                    score.delete()
            elif score is not None:
                score.value = value
                score.full_clean()
                score.save(update_fields=["value"])
            else:
                score = EvaluationScore(carrier_id=carrier, indicator_id=indicator, value=value)
                score.full_clean()
                score.save()
            changes[f"{carrier}·{indicators[indicator].name}"] = [_plain(old), _plain(value)]
        if changes:
            audit_record(
                actor=actor, action=Action.UPDATE, obj=scheme, changes=changes, message="录入考评得分"
            )
    return changes


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _below_pass_last_year(scheme: EvaluationScheme) -> set[int]:
    previous = EvaluationScheme.objects.filter(year=scheme.year - 1).first()
    line = (previous.pass_line if previous else None) or scheme.pass_line
    if previous is None or line is None:
        return set()
    return set(previous.results.filter(total__lt=line).values_list("carrier_id", flat=True))


def _rules(scheme: EvaluationScheme) -> Rules:
    return Rules(**{name: getattr(scheme, name) for name in RULE_FIELDS})


def evaluation_compute(*, actor: User, scheme: EvaluationScheme) -> list[EvaluationResult]:
    """Weigh, rank and judge every scored carrier; keep appeal decisions that still apply."""
    weights = [Weight(i.pk, i.weight, i.max_value) for i in scheme.indicators.all()]
    if sum((w.weight for w in weights), Decimal(0)) != FULL_WEIGHT:
        raise ValidationError("各项指标的权重之和应为100，请先修改考评方案")
    values: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for score in EvaluationScore.objects.filter(indicator__scheme=scheme):
        values[score.carrier_id][score.indicator_id] = score.value
    totals = {carrier: weighted_total(v, weights) for carrier, v in values.items()}
    ranked = rank(totals, _rules(scheme), _below_pass_last_year(scheme))
    with transaction.atomic():
        stored = {r.carrier_id: r for r in scheme.results.prefetch_related("appeals")}
        results = [_result_save(scheme, stored.pop(r.carrier, None), r) for r in ranked]
        EvaluationResult.objects.filter(pk__in=[r.pk for r in stored.values()], appeals__isnull=True).delete()
        scheme.computed_at = clock.now()
        scheme.save(update_fields=["computed_at"])
        outcomes = {str(o.label): sum(1 for r in results if r.outcome == o) for o in Outcome}
        audit_record(actor=actor, action=Action.UPDATE, obj=scheme, changes=outcomes, message="计算考评结果")
    return results


def _result_save(
    scheme: EvaluationScheme, result: EvaluationResult | None, ranked: Ranked
) -> EvaluationResult:
    result = result or EvaluationResult(scheme=scheme, carrier_id=ranked.carrier)
    decided = _decided_appeal(result) if result.pk else None
    result.total, result.rank = ranked.total, ranked.rank
    result.computed_outcome, result.reason = ranked.outcome, "；".join(ranked.reasons)[:300]
    # An appeal's decision stands while the computed outcome is still the one appealed against.
    keep = decided is not None and decided.outcome_before == ranked.outcome
    result.outcome = decided.outcome_after if keep and decided else ranked.outcome
    result.save()
    return result


def _decided_appeal(result: EvaluationResult) -> Appeal | None:
    decided = [a for a in result.appeals.all() if a.status == AppealStatus.CHANGED]
    return max(decided, key=lambda a: (a.decided_at or a.filed_at, a.pk)) if decided else None


def appeal_file(*, actor: User, result: EvaluationResult, reason: str) -> Appeal:
    reason = reason.strip()
    if not reason:
        raise ValidationError("请写明复核理由")
    with transaction.atomic():
        result = EvaluationResult.objects.select_for_update().get(pk=result.pk)
        if result.appeals.filter(status=AppealStatus.PENDING).exists():
            raise ValidationError("该结果已有待复核的申请，请等待办公室答复")
        appeal = Appeal(result=result, reason=reason, filed_by=actor, outcome_before=result.outcome)
        appeal.full_clean()
        appeal.save()
        audit_record(
            actor=actor,
            action=Action.CREATE,
            obj=appeal,
            changes={"结果": result.get_outcome_display(), "理由": reason},
            message="申请复核",
        )
    return appeal


def appeal_decide(*, actor: User, appeal: Appeal, outcome: Outcome, note: str) -> Appeal:
    """Keep or change the outcome, with the office's note; the result shows the decision."""
    note = note.strip()
    if not note:
        raise ValidationError("请填写复核意见")
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().select_related("result").get(pk=appeal.pk)
        if appeal.status != AppealStatus.PENDING:
            raise ValidationError(f"该复核申请已{appeal.get_status_display()}，不能再次答复")
        upheld = outcome == appeal.outcome_before
        appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.CHANGED
        appeal.outcome_after, appeal.decision_note = outcome, note
        appeal.decided_by, appeal.decided_at = actor, clock.now()
        appeal.full_clean()
        appeal.save()
        result = appeal.result
        result.outcome = outcome
        result.save(update_fields=["outcome"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=appeal,
            changes={
                "状态": [AppealStatus.PENDING.label, appeal.get_status_display()],
                "结果": [Outcome(appeal.outcome_before).label, Outcome(outcome).label],
                "复核意见": note,
            },
            message="复核答复",
        )
    return appeal

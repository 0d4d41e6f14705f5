"""基层减负: the office's cap on 填报 rounds a plan opens per month, which the burden ledger checks."""

from __future__ import annotations

from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.refusals import Refused
from duban.common.roles import Role
from duban.reporting.models import RoundCap

DEFAULT_MONTHLY_ROUNDS = 2  # 每月一报 plus one 补报: more than that is asked of a unit only by choice
MAX_MONTHLY_ROUNDS = 31


def round_cap() -> int:
    """The cap in force: the office's setting, or the default."""
    row = RoundCap.objects.order_by("pk").values_list("monthly_rounds", flat=True).first()
    return row if row is not None else DEFAULT_MONTHLY_ROUNDS


@transaction.atomic
def round_cap_set(*, actor: User, monthly_rounds: int) -> RoundCap:
    """The 督办员 sets how many rounds a plan may open per month before the ledger warns."""
    if actor.role != Role.SUPERVISOR:
        raise Refused("只有督办员可以设置填报轮次上限")
    if not 1 <= monthly_rounds <= MAX_MONTHLY_ROUNDS:
        raise Refused(f"每月填报轮次上限应在1到{MAX_MONTHLY_ROUNDS}之间，填写的是{monthly_rounds}")
    before = round_cap()
    cap = RoundCap.objects.order_by("pk").first() or RoundCap(monthly_rounds=monthly_rounds)
    cap.monthly_rounds, cap.updated_by = monthly_rounds, actor
    cap.full_clean()
    cap.save()
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=cap,
        changes={"monthly_rounds": [before, monthly_rounds]},
        message=f"设置每个计划每月最多填报轮次：{before} → {monthly_rounds}",
    )
    return cap

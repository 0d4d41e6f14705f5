"""A write moves the versions of what it touched, and only those: kept pages of other plans stay."""

from __future__ import annotations

import pytest
from django.db import transaction

from duban.auditlog.choices import Action, Result
from duban.auditlog.services import audit_record
from duban.common.freshness import (
    ALL_PLANS,
    EVERYTHING,
    SHARED,
    data_changed,
    data_stamp,
    plan_scope,
    plan_status_scope,
)
from duban.common.memo import until_next_write

pytestmark = pytest.mark.django_db


def test_a_write_to_one_plan_moves_that_plan_and_everything_only() -> None:
    before = {s: data_stamp(s) for s in (plan_scope(1), plan_scope(2), SHARED, EVERYTHING)}
    data_changed(plan_scope(1))
    moved = {s for s, stamp in before.items() if data_stamp(s) != stamp}
    assert moved == {plan_scope(1), EVERYTHING}


def test_a_report_moves_its_plans_status_only_and_a_plan_edit_moves_every_plans_texts() -> None:
    structure = (plan_scope(1), ALL_PLANS)
    before = data_stamp(*structure)
    data_changed(plan_status_scope(1))
    assert data_stamp(*structure) == before
    data_changed(plan_scope(2))
    assert data_stamp(plan_scope(1)) == data_stamp(plan_scope(1)) and data_stamp(ALL_PLANS) != before


def test_a_write_that_names_no_plan_moves_what_every_plan_shares() -> None:
    before = data_stamp(SHARED, plan_scope(2))
    data_changed()
    assert data_stamp(SHARED, plan_scope(2)) != before


def test_every_audited_write_moves_everything_but_a_denial_or_an_export_does_not() -> None:
    before = data_stamp()
    audit_record(actor=None, action=Action.DENIED, result=Result.FAILURE, message="计划 7")
    audit_record(actor=None, action=Action.EXPORT, message="导出审计日志")
    audit_record(actor=None, action=Action.UPDATE, result=Result.FAILURE, message="导入失败")
    assert data_stamp() == before
    audit_record(actor=None, action=Action.UPDATE, message="修改", scope=plan_scope(3))
    assert data_stamp() != before


def test_a_rolled_back_write_moves_nothing() -> None:
    before = data_stamp(plan_scope(4))
    with pytest.raises(RuntimeError), transaction.atomic():
        data_changed(plan_scope(4))
        raise RuntimeError("保存失败")
    assert data_stamp(plan_scope(4)) == before


def test_a_kept_page_of_one_plan_survives_a_write_to_another() -> None:
    calls: list[str] = []

    def page(name: str) -> str:
        calls.append(name)
        return name

    def view(pk: int) -> str:
        return until_next_write(f"plan{pk}", lambda: page(f"plan{pk}"), scopes=(SHARED, plan_scope(pk))).value

    view(1), view(2)
    data_changed(plan_scope(2))
    view(1), view(2)
    assert calls == ["plan1", "plan2", "plan2"]

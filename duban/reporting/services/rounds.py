"""Opening reporting rounds, by hand or from a schedule."""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.freshness import plan_status_scope
from duban.core.dates import cn_date
from duban.plans.choices import UnitRole
from duban.plans.models import Plan
from duban.reporting.choices import CLAIM_BY_COMPLETED, SUBMITTED_STATES, Recurrence, RoundStatus
from duban.reporting.models import ProgressReport, ReportingRound, RoundRule
from duban.reporting.signals import round_closed


def round_open(
    *, actor: User | None, plan: Plan, label: str, due_date: dt.date, rule: RoundRule | None = None
) -> ReportingRound:
    """Open a round: every task gets one draft report owned by its (first) lead unit.

    The draft starts from the unit's last filed report, so nobody retypes last month.
    """
    label = label.strip()
    if not label:
        raise ValidationError("请填写轮次名称，如“2025年11月”")
    with transaction.atomic():
        if ReportingRound.objects.filter(plan=plan, label=label).exists():
            raise ValidationError(f"《{plan.title}》已有“{label}”轮次")
        round_ = ReportingRound.objects.create(
            plan=plan, label=label, due_date=due_date, rule=rule, opened_by=actor
        )
        ProgressReport.objects.bulk_create(_draft_reports(plan, round_))
        audit_record(
            actor=actor,
            action=Action.CREATE,
            obj=round_,
            changes={"due_date": [None, due_date.isoformat()], "reports": round_.reports.count()},
            message=f"发起“{label}”填报，截止{cn_date(due_date)}",
            scope=plan_status_scope(plan.pk),
        )
    return round_


def _draft_reports(plan: Plan, round_: ReportingRound) -> list[ProgressReport]:
    """Each task's draft starts from its lead unit's last filed report (上期填报): its three parts,
    claim and reason; a task never reported on starts from the table's 完成情况, 是否完成 and 理由."""
    tasks = plan.tasks.prefetch_related("assignments").order_by("position")
    latest = _latest_filed(plan)
    reports = []
    for task in tasks:
        leads = [a.unit_id for a in task.assignments.all() if a.role == UnitRole.LEAD and a.unit_id]
        unit_id = leads[0] if leads else None
        last = latest.get((task.pk, unit_id))
        if last is not None:
            reports.append(
                ProgressReport(
                    round=round_,
                    task=task,
                    unit_id=unit_id,
                    progress=last.progress,
                    claim=last.claim,
                    shortfall_reason=last.shortfall_reason,
                    problems=last.problems,
                    next_steps=last.next_steps,
                    carried_from=last,
                )
            )
            continue
        reports.append(
            ProgressReport(
                round=round_,
                task=task,
                unit_id=unit_id,
                progress=task.progress,
                claim=CLAIM_BY_COMPLETED[task.completed],
                shortfall_reason=task.shortfall_reason,
            )
        )
    return reports


def _latest_filed(plan: Plan) -> dict[tuple[int, int | None], ProgressReport]:
    """Per task and unit, the report of the latest earlier round that was filed (submitted or
    accepted); where none was, the latest saved draft with text in it."""
    rows = (
        ProgressReport.objects.filter(task__plan=plan)
        .filter(Q(status__in=SUBMITTED_STATES) | ~Q(progress=""))
        .select_related("round")
        .order_by("task_id", "round__due_date", "round__opened_at")
    )
    latest: dict[tuple[int, int | None], ProgressReport] = {}
    for row in rows:  # later rounds overwrite earlier ones; a draft never overwrites a filed report
        key = (row.task_id, row.unit_id)
        kept = latest.get(key)
        if kept is None or row.is_submitted or not kept.is_submitted:
            latest[key] = row
    return latest


def round_close(*, actor: User | None, round_: ReportingRound) -> ReportingRound:
    with transaction.atomic():
        round_.status = RoundStatus.CLOSED
        round_.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=round_,
            changes={"status": ["open", "closed"]},
            message=f"结束“{round_.label}”填报",
            scope=plan_status_scope(round_.plan_id),
        )
        round_closed.send(sender=ReportingRound, round_=round_)
    return round_


def rule_period(rule: RoundRule, today: dt.date) -> tuple[str, dt.date]:
    """The label and due date of the rule's period that contains today."""
    year, month = today.year, today.month
    if rule.recurrence == Recurrence.MONTHLY:
        return f"{year}年{month}月", _day(year, month, rule.due_day)
    if rule.recurrence == Recurrence.QUARTERLY:
        quarter = (month - 1) // 3 + 1
        return f"{year}年第{'一二三四'[quarter - 1]}季度", _day(year, quarter * 3, rule.due_day)
    return f"{year}年度", _day(year, 12, rule.due_day)


def _day(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def rounds_open_from_rules(*, today: dt.date) -> list[ReportingRound]:
    """Open the current period's round for every active rule that has none yet (run daily)."""
    opened = []
    for rule in RoundRule.objects.filter(active=True).select_related("plan"):
        label, due = rule_period(rule, today)
        if not ReportingRound.objects.filter(plan=rule.plan, label=label).exists():
            opened.append(round_open(actor=None, plan=rule.plan, label=label, due_date=due, rule=rule))
    return opened


def round_rule_set(*, actor: User, plan: Plan, recurrence: Recurrence, due_day: int) -> RoundRule:
    """Open the plan's rounds on a schedule from now on (one rule per plan; a new one replaces it)."""
    if not 1 <= due_day <= 31:
        raise ValidationError("截止日应在1到31之间")
    with transaction.atomic():
        plan.round_rules.update(active=False)
        rule = RoundRule.objects.create(plan=plan, recurrence=recurrence, due_day=due_day)
        audit_record(
            actor=actor,
            action=Action.CREATE,
            obj=rule,
            changes={"rule": str(rule)},
            message=f"设置填报周期：{rule}",
        )
    return rule

"""Scores from the recorded facts: each rule at its boundary, caps, ties, leader points, query counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localdate
from time_machine import Traveller

from duban.accounts.models import User
from duban.assessment.choices import Rule
from duban.assessment.models import AssessmentScheme
from duban.assessment.selectors import UnitScore, assessment_ranking_for_dashboard, unit_score, unit_scores
from duban.assessment.services import leader_points_add
from duban.plans.models import Plan, Task, TaskUnit
from duban.reporting.models import ReportingRound, ReportVersion
from duban.reporting.services.rounds import round_open
from duban.supervision.choices import SourceKind
from duban.supervision.models import Acknowledgement
from duban.supervision.services.acknowledgements import acknowledgement_sign
from duban.supervision.services.numbers import items_issue
from duban.units.models import Unit, UnitGroup
from duban.verification.services import finding_reply_add, finding_reply_decide
from tests.assessment.conftest import (
    DUE,
    act,
    confirmed_finding,
    file,
    lead_task,
    local,
    make_plan,
    report_of,
)

DAY = dt.timedelta(days=1)


def _score(scheme: AssessmentScheme, unit: Unit, as_of: dt.date) -> UnitScore:
    score = unit_score(scheme, unit.pk, as_of)
    assert score is not None
    return score


def _rules(score: UnitScore) -> list[Rule]:
    return [d.rule for d in score.deductions]


def test_a_draft_is_not_missing_on_the_due_date_and_is_the_day_after(
    scheme: AssessmentScheme, small_round: ReportingRound, qingyang: Unit
) -> None:
    assert _score(scheme, qingyang, DUE).deductions == []
    missing = _score(scheme, qingyang, DUE + DAY)
    assert _rules(missing) == [Rule.MISSING_REPORT]
    assert missing.total == Decimal(98) and missing.deductions[0].date == DUE


def test_a_report_submitted_on_the_due_date_is_not_late_and_one_day_after_is(
    scheme: AssessmentScheme,
    small_round: ReportingRound,
    qingyang_task: Task,
    yuecheng_task: Task,
    li: User,
    zhou: User,
    qingyang: Unit,
    yuecheng: Unit,
    clock: Traveller,
) -> None:
    file(clock, li, report_of(small_round, qingyang_task), local(DUE, 23, 59))
    file(clock, zhou, report_of(small_round, yuecheng_task), local(DUE + DAY, 0, 5))
    as_of = DUE + 10 * DAY
    assert _score(scheme, qingyang, as_of).deductions == []
    late = _score(scheme, yuecheng, as_of)
    assert _rules(late) == [Rule.LATE_REPORT] and late.deductions[0].date == DUE + DAY
    assert "2025年11月26日提交" in late.deductions[0].note and late.total == Decimal(99)


def test_a_report_not_yet_submitted_on_the_as_of_day_is_missing_not_late(
    scheme: AssessmentScheme,
    small_round: ReportingRound,
    yuecheng_task: Task,
    zhou: User,
    yuecheng: Unit,
    clock: Traveller,
) -> None:
    file(clock, zhou, report_of(small_round, yuecheng_task), local(DUE + 5 * DAY))
    assert _rules(_score(scheme, yuecheng, DUE + 4 * DAY)) == [Rule.MISSING_REPORT]
    assert _rules(_score(scheme, yuecheng, DUE + 5 * DAY)) == [Rule.LATE_REPORT]


def test_each_return_costs_points_and_a_revision_after_the_due_date_is_not_also_late(
    scheme: AssessmentScheme,
    small_round: ReportingRound,
    qingyang_task: Task,
    li: User,
    wang: User,
    qingyang: Unit,
    clock: Traveller,
) -> None:
    report = report_of(small_round, qingyang_task)
    file(clock, li, report, local(DUE - 3 * DAY))
    act(clock, wang, report, "return", local(DUE - DAY))
    file(clock, li, report, local(DUE + 2 * DAY))
    act(clock, wang, report, "return", local(DUE + 3 * DAY))
    score = _score(scheme, qingyang, DUE + 10 * DAY)
    assert _rules(score) == [Rule.RETURNED_REPORT, Rule.RETURNED_REPORT]
    assert [d.date for d in score.deductions] == [DUE - DAY, DUE + 3 * DAY]
    assert "被督办员退回：请补充投产时间" in score.deductions[0].note and score.total == Decimal(99)
    assert _rules(_score(scheme, qingyang, DUE)) == [Rule.RETURNED_REPORT]  # the second came later


def test_a_return_by_the_units_own_reviewer_counts_too(
    scheme: AssessmentScheme,
    small_round: ReportingRound,
    qingyang_task: Task,
    li: User,
    qing_reviewer: User,
    qingyang: Unit,
    clock: Traveller,
) -> None:
    report = report_of(small_round, qingyang_task)
    file(clock, li, report, local(DUE - 2 * DAY))
    act(clock, qing_reviewer, report, "unit_return", local(DUE - DAY))
    score = _score(scheme, qingyang, DUE + DAY)
    assert _rules(score) == [Rule.RETURNED_REPORT] and "单位审核人退回" in score.deductions[0].note


def test_only_findings_the_office_confirmed_cost_points(
    scheme: AssessmentScheme, qingyang_task: Task, yuecheng_task: Task, wang: User, qingyang: Unit
) -> None:
    confirmed_finding(qingyang_task, wang, dt.date(2025, 10, 8))
    confirmed_finding(qingyang_task, wang, dt.date(2025, 10, 9), state="open", seq="1a")
    confirmed_finding(qingyang_task, wang, dt.date(2025, 10, 9), state="resolved", seq="1b")
    score = _score(scheme, qingyang, dt.date(2025, 12, 1))
    assert _rules(score) == [Rule.FINDING] and score.deductions[0].date == dt.date(2025, 10, 8)
    assert _score(scheme, qingyang, dt.date(2025, 10, 7)).deductions == []


def test_a_task_not_done_is_overdue_the_day_after_its_deadline(
    scheme: AssessmentScheme, small_plan: Plan, qingyang: Unit, yuecheng: Unit
) -> None:
    deadline = dt.date(2025, 6, 30)
    lead_task(small_plan, qingyang, "1", deadline=deadline)
    lead_task(small_plan, yuecheng, "2", deadline=deadline, status="done")
    assert _score(scheme, qingyang, deadline).deductions == []
    overdue = _score(scheme, qingyang, deadline + DAY)
    assert _rules(overdue) == [Rule.OVERDUE_TASK] and overdue.deductions[0].date == deadline
    assert _score(scheme, yuecheng, deadline + DAY).deductions == []


def test_each_deduction_names_its_task_and_date(
    scheme: AssessmentScheme,
    small_round: ReportingRound,
    small_plan: Plan,
    qingyang_task: Task,
    wang: User,
    qingyang: Unit,
) -> None:
    late_task = lead_task(small_plan, qingyang, "3", deadline=dt.date(2025, 9, 30))
    confirmed_finding(late_task, wang, dt.date(2025, 10, 20))
    score = _score(scheme, qingyang, dt.date(2025, 12, 1))
    named = [(d.rule, d.task.pk, d.date) for d in score.deductions]
    assert named == [
        (Rule.OVERDUE_TASK, late_task.pk, dt.date(2025, 9, 30)),
        (Rule.FINDING, late_task.pk, dt.date(2025, 10, 20)),
        (Rule.MISSING_REPORT, qingyang_task.pk, DUE),
    ]
    assert all(d.note for d in score.deductions)


def test_a_cap_stops_a_rule_and_the_deduction_reaching_it_counts_in_part(
    make_scheme: Callable[..., AssessmentScheme], small_plan: Plan, qingyang: Unit
) -> None:
    scheme = make_scheme(overdue_task_cap=Decimal(5))
    for seq in ("1", "2", "3", "4"):
        lead_task(small_plan, qingyang, seq, deadline=dt.date(2025, 3, int(seq)))
    score = _score(scheme, qingyang, dt.date(2025, 12, 1))
    assert [d.points for d in score.deductions] == [2, 2, 1, 0]
    assert score.total == Decimal(95) and "已达上限" in score.deductions[2].note
    assert len(score.deductions) == 4  # every fact is still named


def test_leader_points_add_and_subtract(
    scheme: AssessmentScheme, qingyang_task: Task, zhang: User, wang: User, qingyang: Unit
) -> None:
    leader_points_add(actor=zhang, scheme=scheme, unit=qingyang, points=Decimal(3), reason="招商成效突出")
    leader_points_add(actor=wang, scheme=scheme, unit=qingyang, points=Decimal("-0.5"), reason="会议缺席")
    score = _score(scheme, qingyang, dt.date(2025, 12, 1))
    assert score.total == Decimal("102.5") and score.added == Decimal("2.5")
    assert [(a.points, a.by) for a in score.additions] == [(Decimal(3), "zhang"), (Decimal("-0.5"), "wang")]


def test_ties_share_a_rank(scheme: AssessmentScheme, small_plan: Plan) -> None:
    towns = [Unit.objects.create(name=name) for name in ("祝塘镇", "徐霞客镇", "璜土镇")]
    for seq, town in enumerate(towns, start=1):
        lead_task(small_plan, town, str(seq), deadline=dt.date(2025, 5, 1) if seq == 3 else None)
    scores = unit_scores(scheme, dt.date(2025, 12, 1))
    assert [(s.unit.name, s.rank, s.total) for s in scores] == [
        ("徐霞客镇", 1, Decimal(100)),
        ("祝塘镇", 1, Decimal(100)),
        ("璜土镇", 3, Decimal(98)),
    ]


def test_units_assessed_lead_a_task_in_a_plan_of_the_year(
    scheme: AssessmentScheme, small_plan: Plan, qingyang: Unit, yuecheng: Unit
) -> None:
    responsible_only, group_member = Unit.objects.create(name="市科技局"), Unit.objects.create(name="璜土镇")
    task = lead_task(small_plan, qingyang, "1")
    TaskUnit.objects.create(task=task, unit=responsible_only, role="responsible")
    towns = UnitGroup.objects.create(name="各镇街园区")
    towns.members.add(group_member)
    TaskUnit.objects.create(task=task, group=towns, role="lead")
    lead_task(make_plan("2024年重点工作安排表", 2024, 2024), yuecheng, "1")
    assert [s.unit.name for s in unit_scores(scheme, dt.date(2025, 12, 1))] == ["青阳镇"]


def test_facts_of_another_year_in_a_multi_year_plan_do_not_count(
    scheme: AssessmentScheme, qingyang: Unit, wang: User
) -> None:
    plan = make_plan("三年行动方案", 2024, 2026)
    lead_task(plan, qingyang, "1", deadline=dt.date(2024, 12, 31))
    task = lead_task(plan, qingyang, "2", deadline=dt.date(2025, 12, 31))
    round_open(actor=wang, plan=plan, label="2024年度", due_date=dt.date(2024, 12, 25))
    confirmed_finding(task, wang, dt.date(2024, 11, 1))
    score = _score(scheme, qingyang, dt.date(2026, 1, 10))
    assert [(d.rule, d.date) for d in score.deductions] == [(Rule.OVERDUE_TASK, dt.date(2025, 12, 31))]


def _add_towns(count: int, wang: User, scheme: AssessmentScheme) -> None:
    """``count`` more towns, each with a missing report, a return, a confirmed finding, an overdue task
    and leader points: every query of the scoring runs."""
    plan = make_plan(f"{count}个单位的安排表")
    first = Unit.objects.count()
    towns = [Unit.objects.create(name=f"测试镇{first + n:02d}") for n in range(count)]
    tasks = [lead_task(plan, town, str(n + 1), deadline=dt.date(2025, 6, 30)) for n, town in enumerate(towns)]
    round_ = round_open(actor=wang, plan=plan, label="2025年10月", due_date=dt.date(2025, 10, 25))
    for report in round_.reports.all():
        report.versions.create(version=2, action="return", status="returned", claim="in_progress", actor=wang)
    ReportVersion.objects.filter(report__round=round_).update(at=local(dt.date(2025, 10, 28)))
    for task in tasks:
        confirmed_finding(task, wang, dt.date(2025, 11, 1))
    for town in towns:
        leader_points_add(actor=wang, scheme=scheme, unit=town, points=Decimal(1), reason="表现良好")


def _scoring_cost(scheme: AssessmentScheme, units: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        scores = unit_scores(scheme, dt.date(2025, 12, 1))
        pages_read = [(d.task.plan.title, d.task.title) for s in scores for d in s.deductions]
    assert len(scores) == units and len(pages_read) == 4 * units
    assert {s.total for s in scores} == {Decimal("95.5")}  # 100 - 2 - 1 - 2 - 0.5 + 1
    return len(captured.captured_queries)


def test_scoring_costs_the_same_queries_for_2_units_and_for_20(scheme: AssessmentScheme, wang: User) -> None:
    _add_towns(2, wang, scheme)
    two = _scoring_cost(scheme, 2)
    _add_towns(18, wang, scheme)
    # five, and two for the working-day calendar the 逾期 notes count with (built again after a write)
    assert two == _scoring_cost(scheme, 20) == 7


def test_the_dashboard_gets_the_latest_scheme_of_the_year(
    make_scheme: Callable[..., AssessmentScheme], qingyang_task: Task
) -> None:
    assert assessment_ranking_for_dashboard(2025) is None
    make_scheme(name="试行方案")
    latest = make_scheme(name="正式方案", base_score=Decimal(90))
    ranking = assessment_ranking_for_dashboard(2025)
    assert ranking is not None and [(s.unit.name, s.total, s.scheme_id) for s in ranking] == [
        ("青阳镇", Decimal(90), latest.pk)
    ]


def test_a_unit_named_twice_as_lead_on_a_row_is_deducted_once(
    scheme: AssessmentScheme, small_plan: Plan, qingyang: Unit
) -> None:
    task = lead_task(small_plan, qingyang, "1", deadline=dt.date(2025, 3, 1))
    TaskUnit.objects.create(task=task, unit=qingyang, role="lead", position=1, written_as="青阳")
    assert _rules(_score(scheme, qingyang, dt.date(2025, 12, 1))) == [Rule.OVERDUE_TASK]


def test_a_receipt_signed_after_three_working_days_or_not_at_all_costs_points(
    scheme: AssessmentScheme, small_plan: Plan, qingyang: Unit, yuecheng: Unit, li: User, clock: Traveller
) -> None:
    AssessmentScheme.objects.filter(pk=scheme.pk).update(late_ack_points=Decimal("0.5"))
    scheme.refresh_from_db()
    first, second = lead_task(small_plan, qingyang, "1"), lead_task(small_plan, yuecheng, "2")
    items_issue(actor=None, tasks=[first, second], source=SourceKind.PLAN)  # Thursday 20 November
    clock.move_to(local(dt.date(2025, 11, 26)))  # Wednesday: the fourth working day
    acknowledgement_sign(actor=li, ack=Acknowledgement.objects.select_related("task", "unit").get(task=first))
    assert _score(scheme, qingyang, dt.date(2025, 11, 25)).deductions == []
    late = _score(scheme, qingyang, dt.date(2025, 11, 26)).deductions
    assert [(d.rule, d.date, d.note) for d in late] == [
        (
            Rule.LATE_ACK,
            dt.date(2025, 11, 26),
            "交办于2025年11月20日，2025年11月26日才签收（应在3个工作日内）",
        )
    ]
    unsigned = _score(scheme, yuecheng, dt.date(2025, 11, 26)).deductions
    assert [(d.rule, d.date, d.points) for d in unsigned] == [
        (Rule.LATE_ACK, dt.date(2025, 11, 25), Decimal("0.5"))
    ]


def test_receipts_cost_nothing_until_the_office_sets_points_for_them(
    scheme: AssessmentScheme, small_plan: Plan, yuecheng: Unit
) -> None:
    items_issue(actor=None, tasks=[lead_task(small_plan, yuecheng, "1")], source=SourceKind.PLAN)
    assert _score(scheme, yuecheng, dt.date(2025, 12, 31)).deductions == []


def test_after_a_reply_only_an_upheld_finding_costs_points(
    scheme: AssessmentScheme,
    qingyang_task: Task,
    wang: User,
    li: User,
    qingyang: Unit,
) -> None:
    upheld = confirmed_finding(qingyang_task, wang, dt.date(2025, 10, 8))
    withdrawn = confirmed_finding(qingyang_task, wang, dt.date(2025, 10, 9), seq="1a")
    first = finding_reply_add(actor=li, finding=upheld, text="设备已到货，正在安装，并非未开工")
    second = finding_reply_add(actor=li, finding=withdrawn, text="该项已于9月投产，见验收单")
    assert _score(scheme, qingyang, dt.date(2025, 12, 1)).deductions == []  # both wait for the office
    finding_reply_decide(actor=wang, reply=first, decision="upheld", note="安装未完成即不算投产")
    finding_reply_decide(actor=wang, reply=second, decision="withdrawn", note="验收单属实")
    score = _score(scheme, qingyang, dt.date(2025, 12, 1))
    upheld.refresh_from_db()  # dated the upholding: the office confirmed it again then
    assert _rules(score) == [Rule.FINDING] and score.deductions[0].date == localdate(upheld.reviewed_at)

"""任务逾期 in the assessment: a task without a deadline falls due at its plan's period end, and
the note counts the working days late across the 元旦 holiday."""

from __future__ import annotations

import datetime as dt

from duban.assessment.choices import Rule
from duban.assessment.models import AssessmentScheme
from duban.assessment.selectors import unit_score
from duban.plans.models import Plan
from duban.units.models import Unit
from tests.assessment.conftest import lead_task


def test_a_task_without_a_deadline_is_overdue_after_the_plans_period_end(
    scheme: AssessmentScheme, small_plan: Plan, qingyang: Unit
) -> None:
    undated = lead_task(small_plan, qingyang, "1")
    on_time = unit_score(scheme, qingyang.pk, dt.date(2025, 12, 31))
    assert on_time is not None and on_time.deductions == []
    late = unit_score(scheme, qingyang.pk, dt.date(2026, 1, 10))
    assert late is not None
    assert [(d.rule, d.task.pk, d.date) for d in late.deductions] == [
        (Rule.OVERDUE_TASK, undated.pk, dt.date(2025, 12, 31))
    ]
    # 1月1—3日放假, 4日(日)调休上班, 5—9日, 10日(六): 6 working days
    assert late.deductions[0].note == "计划期限（未写完成时限）2025年12月31日已过6个工作日，任务尚未完成"


def test_a_dated_task_names_its_working_days_late(
    scheme: AssessmentScheme, small_plan: Plan, qingyang: Unit
) -> None:
    lead_task(small_plan, qingyang, "1", deadline=dt.date(2025, 9, 30))
    score = unit_score(scheme, qingyang.pk, dt.date(2025, 10, 9))
    assert score is not None
    # 国庆中秋 2025: 10月1—8日放假; 9日(四) is the first working day after the deadline
    assert score.deductions[0].note == "完成时限2025年9月30日已过1个工作日，任务尚未完成"

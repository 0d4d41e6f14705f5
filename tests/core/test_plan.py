"""The plan comes back from its interchange JSON exactly as it went in."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.deadlines import DeadlineKind
from duban.core.plan import (
    SCHEDULE_STATUSES,
    GoalDoc,
    MilestoneDoc,
    ParseWarning,
    PlanDoc,
    ProgressEntryDoc,
    SectionDoc,
    SourceRef,
    TaskDoc,
)
from duban.core.quantities import Indicator
from duban.demo import BUILDINGS_PLAN_2022, KEY_WORK_2025
from duban.ingest import parse_file


def _through_json(plan: PlanDoc) -> PlanDoc:
    """The plan as an import batch keeps it: JSON text, read back."""
    return PlanDoc.from_dict(json.loads(json.dumps(plan.as_dict(), ensure_ascii=False)))


@pytest.mark.parametrize("seed", [KEY_WORK_2025, BUILDINGS_PLAN_2022], ids=lambda p: p.stem)
def test_each_seed_plan_comes_back_from_its_json_unchanged(seed: Path) -> None:
    plan = parse_file(seed)
    assert _through_json(plan) == plan
    assert PlanDoc.from_dict(plan.as_dict()).as_dict() == plan.as_dict()


def test_the_2022_plan_keeps_its_deadlines_goals_and_unsaid_claims_typed() -> None:
    task = _through_json(parse_file(BUILDINGS_PLAN_2022)).sections[1].tasks[0]
    assert task.deadline == dt.date(2022, 1, 31) and task.deadline_kind is DeadlineKind.DATE
    assert task.completed is None
    assert task.source_ref is not None and task.source_ref.cells["seq"] == (2, 1)


# Values that survive as_dict: Decimals that a JSON number (int or float) can carry.
_values = st.integers(-(10**15), 10**15).map(Decimal) | st.floats(allow_nan=False, allow_infinity=False).map(
    lambda f: Decimal(str(f))
)
_comparators = st.sampled_from([">=", ">", "<=", "<", "=", "≈"])
_indicators = st.builds(Indicator, st.text(), st.text(), _comparators, _values, st.text())
_days = st.none() | st.dates()
_source_refs = st.none() | st.builds(
    SourceRef,
    table=st.text(),
    row=st.integers(1, 10_000),
    line=st.none() | st.integers(1, 10_000),
    cells=st.dictionaries(st.text(), st.tuples(st.integers(1, 999), st.integers(1, 99)), max_size=4),
    guessed=st.dictionaries(st.text(), st.floats(0, 1), max_size=2),
)
_tasks = st.builds(
    TaskDoc,
    seq=st.text(),
    title=st.text(),
    category=st.text(),
    target=st.text(),
    progress=st.text(),
    completed=st.none() | st.booleans(),
    shortfall_reason=st.text(),
    lead_units=st.lists(st.text(), max_size=3),
    responsible_units=st.lists(st.text(), max_size=3),
    deadline=_days,
    deadline_text=st.text(),
    deadline_kind=st.sampled_from(DeadlineKind),
    indicators=st.lists(_indicators, max_size=3),
    source_ref=_source_refs,
    leaders=st.lists(st.text(), max_size=2),
    milestones=st.lists(st.builds(MilestoneDoc, st.text(), _days), max_size=2),
    progress_entries=st.lists(st.builds(ProgressEntryDoc, st.text(), st.text()), max_size=2),
    status=st.sampled_from(["", *SCHEDULE_STATUSES]),
)
_plans = st.builds(
    PlanDoc,
    title=st.text(),
    file=st.text(),
    sha256=st.text("0123456789abcdef", min_size=64, max_size=64),
    attachment_label=st.text(),
    period_start=_days,
    period_end=_days,
    goals=st.lists(st.builds(GoalDoc, st.text(), st.lists(_indicators, max_size=2)), max_size=2),
    sections=st.lists(st.builds(SectionDoc, st.text(), st.lists(_tasks, max_size=3)), max_size=3),
    warnings=st.lists(st.builds(ParseWarning, st.text(), st.text()), max_size=2),
)


@given(_plans)
def test_any_plan_comes_back_from_its_json_unchanged(plan: PlanDoc) -> None:
    assert _through_json(plan) == plan


def test_a_fractional_indicator_value_keeps_its_digits() -> None:
    indicator = Indicator("完成率不低于58.5%", "完成率", ">=", Decimal("58.5"), "%")
    assert Indicator.from_dict(indicator.as_dict()) == indicator
    assert Indicator.from_dict({**indicator.as_dict(), "value": 0.1}).value == Decimal("0.1")

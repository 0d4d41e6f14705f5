"""What an audit finds: a severity, the evidence it rests on, and the finding itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Severity(StrEnum):
    """How urgently a 督办员 should act; the values are the labels shown to users."""

    HINT = "提示"
    WARNING = "警告"
    SERIOUS = "严重"


# What each check is called wherever a user reads it (pages, audit log); the codes stay in code.
CHECK_NAMES: dict[str, str] = {
    "claimed_done_below_target": "称已完成但数值未达目标",
    "claimed_done_but_pending": "称已完成但关键环节尚未完成",
    "not_done_without_reason": "未完成但未说明理由",
    "reason_repeats_task": "未完成理由只是重复任务",
    "quantitative_target_without_number": "量化目标未报数字",
    "progress_copied": "进展与其他任务或上期雷同",
    "progress_copies_target": "进展照抄目标",
    "deadline_passed_not_done": "已过时限仍未完成",
    "milestone_exceeds_goal": "年度分解超过总体目标",
    "milestones_cannot_reach_goal": "年度分解合计达不到总体目标",
}


def check_name(code: str) -> str:
    """Return the Chinese name of a check; an unknown code is shown as 其他核查项, never as code."""
    return CHECK_NAMES.get(code, "其他核查项")


# Most serious first: the order findings are listed in.
SEVERITY_ORDER: tuple[Severity, ...] = (Severity.SERIOUS, Severity.WARNING, Severity.HINT)


def json_number(value: Decimal | None) -> int | float | None:
    """Return value as an int when integral, else a float; None stays None."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True)
class Evidence:
    """What was asked against what was reported, with the passage the report comes from."""

    target: str  # what the report is held against: target, goal, deadline, or a text it copies
    actual: str  # what the report says, as written
    target_value: Decimal | None = None
    actual_value: Decimal | None = None
    unit: str = ""
    source_text: str = ""  # the clause or text the actual was read from

    def as_dict(self) -> dict[str, str | int | float | None]:
        """Return a JSON-friendly dict; values are ints when integral."""
        return {
            "target": self.target,
            "actual": self.actual,
            "target_value": json_number(self.target_value),
            "actual_value": json_number(self.actual_value),
            "unit": self.unit,
            "source_text": self.source_text,
        }


@dataclass(frozen=True)
class Finding:
    """One problem with one task (or one row of a plan's yearly breakdown)."""

    section: str
    seq: str
    task_title: str
    check: str  # stable English code, e.g. claimed_done_below_target
    severity: Severity
    message: str  # Chinese, naming the numbers, something a 督办员 can act on
    evidence: list[Evidence] = field(default_factory=list)

    def key(self) -> tuple[str, str, str]:
        """Return (section, seq, check): what tests and comparisons use to name a finding."""
        return self.section, self.seq, self.check

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-friendly dict; the severity is its Chinese label."""
        return {
            "section": self.section,
            "seq": self.seq,
            "task_title": self.task_title,
            "check": self.check,
            "severity": self.severity.value,
            "message": self.message,
            "evidence": [e.as_dict() for e in self.evidence],
        }

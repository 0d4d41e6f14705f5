"""Consistency audit of a key-work table: does what each unit reports support what it claims?

``audit_plan(plan, today=..., previous_progress=...)`` runs every check and returns
findings, most serious first. The checks and their thresholds are described in
docs/audit.md and in the docstring of each check. Like the rest of duban.core this
package never imports Django.
"""

from __future__ import annotations

from duban.core.consistency.audit import CHECKS, PLAN_CHECKS, TASK_CHECKS, audit_plan
from duban.core.consistency.checks import TaskContext
from duban.core.consistency.model import CHECK_NAMES, SEVERITY_ORDER, Evidence, Finding, Severity, check_name
from duban.core.consistency.report import render_findings

__all__ = [
    "CHECKS",
    "CHECK_NAMES",
    "PLAN_CHECKS",
    "SEVERITY_ORDER",
    "TASK_CHECKS",
    "Evidence",
    "Finding",
    "Severity",
    "TaskContext",
    "audit_plan",
    "check_name",
    "render_findings",
]

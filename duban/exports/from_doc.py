"""Exports straight from a parsed file (``duban.ingest.parse_file``), for the CLI and the tests.

The web app builds the same dataclasses from its database selectors instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from duban.core import clock
from duban.core.dates import cn_date
from duban.core.plan import PlanDoc, TaskDoc
from duban.exports.model import (
    LEAD_ROLE,
    SHARED_ROLE,
    AssignmentRow,
    ExportRow,
    ExportSection,
    LaggingRow,
    PlanExport,
    RoundBulletinExport,
    UnitAssignmentExport,
)
from duban.exports.text import period_label


def plan_export_from_doc(
    plan: PlanDoc, *, generated_on: dt.date | None = None, numbers: Sequence[str] = ()
) -> PlanExport:
    """The plan in the office's table layout, section by section; ``numbers`` are a stored
    plan's 督办编号, one per task in the document's order (a parsed file has none)."""
    given = iter(numbers)
    return PlanExport(
        title=plan.title,
        attachment_label=plan.attachment_label,
        period_label=period_label(plan.period_start, plan.period_end),
        sections=[
            ExportSection(s.title, [export_row(t, next(given, "")) for t in s.tasks]) for s in plan.sections
        ],
        generated_on=generated_on or clock.today(),
    )


def export_row(task: TaskDoc, number: str = "") -> ExportRow:
    return ExportRow(
        number=number,
        seq=task.seq,
        category=task.category,
        title=task.title,
        target=task.target,
        progress=task.progress,
        completed_text=completed_text(task.completed, task.shortfall_reason),
        lead_units=list(task.lead_units),
        responsible_units=list(task.responsible_units),
        deadline_text=deadline_text(task.deadline, task.deadline_text),
    )


def completed_text(completed: bool | None, reason: str) -> str:
    """是 / 否（理由） / "": the office's own wording, which the parser reads back."""
    if completed is None:
        return ""
    if completed:
        return "是"
    return f"否（{reason}）" if reason else "否"


def deadline_text(deadline: dt.date | None, text: str) -> str:
    """The deadline as written in the source, else the date in Chinese form."""
    if text.strip():
        return text
    return cn_date(deadline) if deadline else ""


def unit_assignment_from_doc(
    plan: PlanDoc, unit: str, *, issued_on: dt.date, office: str, numbers: Sequence[str] = ()
) -> UnitAssignmentExport:
    """The 交办单 for one unit: every task it leads or shares (``numbers`` as for the plan's table)."""
    given = iter(numbers)
    numbered = [(task, next(given, "")) for task in plan.tasks()]
    rows = [
        _assignment_row(t, unit, number)
        for t, number in numbered
        if unit in (*t.lead_units, *t.responsible_units)
    ]
    return UnitAssignmentExport(unit, plan.title, rows, issued_on=issued_on, office=office)


def _assignment_row(task: TaskDoc, unit: str, number: str) -> AssignmentRow:
    return AssignmentRow(
        number=number,
        seq=task.seq,
        title=task.title,
        role=LEAD_ROLE if unit in task.lead_units else SHARED_ROLE,
        target=task.target,
        deadline=task.deadline,
        deadline_text=task.deadline_text,
        category=task.category,
    )


def round_bulletin_from_doc(
    plan: PlanDoc, *, round_label: str, issued_on: dt.date, office: str = ""
) -> RoundBulletinExport:
    """A 通报 from what the table itself claims: 已完成, 未完成, 未填报."""
    tasks = plan.tasks()
    counts = [
        ("已完成", sum(t.completed is True for t in tasks)),
        ("未完成", sum(t.completed is False for t in tasks)),
        ("未填报", sum(t.completed is None for t in tasks)),
    ]
    lagging = [
        LaggingRow(t.seq, t.title, list(t.lead_units), "未完成", t.shortfall_reason)
        for t in tasks
        if t.completed is False
    ]
    return RoundBulletinExport(
        plan.title, round_label, [c for c in counts if c[1]], lagging, issued_on=issued_on, office=office
    )

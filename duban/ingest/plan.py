"""The plan as the office means it: what interpretation produces and ``--json`` prints.

The shape is the plan interchange format documented in docs/plan-format.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from duban.core.deadlines import DeadlineKind
from duban.core.quantities import Indicator


@dataclass(frozen=True)
class SourceRef:
    """Where a task came from: table (or sheet), row, and the cell of each field."""

    table: str
    row: int
    line: int | None = None
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)  # field -> (row, column)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"table": self.table, "row": self.row}
        if self.line is not None:
            data["line"] = self.line
        data["cells"] = {name: list(rc) for name, rc in self.cells.items()}
        return data


@dataclass
class TaskDoc:
    seq: str
    title: str
    category: str = ""
    target: str = ""
    progress: str = ""
    completed: bool | None = None
    shortfall_reason: str = ""
    lead_units: list[str] = field(default_factory=list)
    responsible_units: list[str] = field(default_factory=list)
    deadline: dt.date | None = None
    deadline_text: str = ""
    deadline_kind: DeadlineKind = DeadlineKind.NONE
    indicators: list[Indicator] = field(default_factory=list)
    source_ref: SourceRef | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "category": self.category,
            "title": self.title,
            "target": self.target,
            "progress": self.progress,
            "completed": self.completed,
            "shortfall_reason": self.shortfall_reason,
            "lead_units": self.lead_units,
            "responsible_units": self.responsible_units,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_text": self.deadline_text,
            "deadline_kind": self.deadline_kind.value,
            "indicators": [i.as_dict() for i in self.indicators],
            "source_ref": self.source_ref.as_dict() if self.source_ref else None,
        }


@dataclass
class SectionDoc:
    title: str
    tasks: list[TaskDoc] = field(default_factory=list)


@dataclass
class GoalDoc:
    text: str
    indicators: list[Indicator] = field(default_factory=list)


@dataclass(frozen=True)
class ParseWarning:
    where: str
    message: str


@dataclass
class PlanDoc:
    title: str
    file: str
    sha256: str
    attachment_label: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    goals: list[GoalDoc] = field(default_factory=list)
    sections: list[SectionDoc] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)

    def tasks(self) -> list[TaskDoc]:
        return [t for s in self.sections for t in s.tasks]

    def units(self) -> list[str]:
        """Every unit named, in order of first appearance."""
        seen: dict[str, None] = {}
        for task in self.tasks():
            for name in (*task.lead_units, *task.responsible_units):
                seen.setdefault(name, None)
        return list(seen)

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "attachment_label": self.attachment_label,
            "period": {
                "start": self.period_start.isoformat() if self.period_start else None,
                "end": self.period_end.isoformat() if self.period_end else None,
            },
            "source": {"file": self.file, "sha256": self.sha256},
            "goals": [
                {"text": g.text, "indicators": [i.as_dict() for i in g.indicators]} for g in self.goals
            ],
            "sections": [{"title": s.title, "tasks": [t.as_dict() for t in s.tasks]} for s in self.sections],
            "warnings": [{"where": w.where, "message": w.message} for w in self.warnings],
        }

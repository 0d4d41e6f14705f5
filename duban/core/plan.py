"""The plan as the office means it: what interpretation produces and ``--json`` prints.

The shape is the plan interchange format documented in docs/plan-format.md. Each part
has ``as_dict`` and its exact inverse ``from_dict``: the plan crosses the code typed,
and is JSON only at rest (an import batch keeps it so until the office confirms).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
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
    # field -> confidence below 1.0 when the value was guessed (a rebuilt row, a realigned cell)
    guessed: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"table": self.table, "row": self.row}
        if self.line is not None:
            data["line"] = self.line
        data["cells"] = {name: list(rc) for name, rc in self.cells.items()}
        if self.guessed:
            data["guessed"] = dict(self.guessed)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SourceRef:
        cells = {name: (row, column) for name, (row, column) in data["cells"].items()}
        guessed = {name: float(value) for name, value in data.get("guessed", {}).items()}
        return cls(table=data["table"], row=data["row"], line=data.get("line"), cells=cells, guessed=guessed)


@dataclass(frozen=True)
class MilestoneDoc:
    """One dated step of a task's 进度安排 (①3月底前完成设计；②6月底前开工 …)."""

    text: str
    date: dt.date | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"date": _iso(self.date), "text": self.text}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MilestoneDoc:
        return cls(text=data["text"], date=_date(data["date"]))


@dataclass(frozen=True)
class ProgressEntryDoc:
    """Progress reported for one period, from a table with one progress column per period (1-10月, 1-11月)."""

    period: str
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"period": self.period, "text": self.text}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProgressEntryDoc:
        return cls(period=data["period"], text=data["text"])


# What a 达序/滞后 column says about schedule, as opposed to 是否完成 (done or not).
SCHEDULE_STATUSES = ("done", "on_schedule", "behind", "not_done")


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
    leaders: list[str] = field(default_factory=list)  # people: 分管领导 / 责任领导 / 牵头领导
    milestones: list[MilestoneDoc] = field(default_factory=list)
    progress_entries: list[ProgressEntryDoc] = field(default_factory=list)
    status: str = ""  # one of SCHEDULE_STATUSES, or "" when the document says nothing

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
            "deadline": _iso(self.deadline),
            "deadline_text": self.deadline_text,
            "deadline_kind": self.deadline_kind.value,
            "indicators": [i.as_dict() for i in self.indicators],
            "source_ref": self.source_ref.as_dict() if self.source_ref else None,
            "leaders": self.leaders,
            "milestones": [m.as_dict() for m in self.milestones],
            "progress_entries": [e.as_dict() for e in self.progress_entries],
            "status": self.status,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TaskDoc:
        """The task back; keys added after version 1 of the format default to empty."""
        source_ref = data["source_ref"]
        return cls(
            seq=data["seq"],
            title=data["title"],
            category=data["category"],
            target=data["target"],
            progress=data["progress"],
            completed=data["completed"],
            shortfall_reason=data["shortfall_reason"],
            lead_units=list(data["lead_units"]),
            responsible_units=list(data["responsible_units"]),
            deadline=_date(data["deadline"]),
            deadline_text=data["deadline_text"],
            deadline_kind=DeadlineKind(data["deadline_kind"]),
            indicators=[Indicator.from_dict(i) for i in data["indicators"]],
            source_ref=SourceRef.from_dict(source_ref) if source_ref is not None else None,
            leaders=list(data.get("leaders", [])),
            milestones=[MilestoneDoc.from_dict(m) for m in data.get("milestones", [])],
            progress_entries=[ProgressEntryDoc.from_dict(e) for e in data.get("progress_entries", [])],
            status=data.get("status", ""),
        )


@dataclass
class SectionDoc:
    title: str
    tasks: list[TaskDoc] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "tasks": [t.as_dict() for t in self.tasks]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SectionDoc:
        return cls(title=data["title"], tasks=[TaskDoc.from_dict(t) for t in data["tasks"]])


@dataclass
class GoalDoc:
    text: str
    indicators: list[Indicator] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "indicators": [i.as_dict() for i in self.indicators]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GoalDoc:
        return cls(text=data["text"], indicators=[Indicator.from_dict(i) for i in data["indicators"]])


@dataclass(frozen=True)
class ParseWarning:
    where: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"where": self.where, "message": self.message}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ParseWarning:
        return cls(where=data["where"], message=data["message"])


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
            "period": {"start": _iso(self.period_start), "end": _iso(self.period_end)},
            "source": {"file": self.file, "sha256": self.sha256},
            "goals": [g.as_dict() for g in self.goals],
            "sections": [s.as_dict() for s in self.sections],
            "warnings": [w.as_dict() for w in self.warnings],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PlanDoc:
        """The plan back from the interchange format: ``PlanDoc.from_dict(plan.as_dict()) == plan``."""
        return cls(
            title=data["title"],
            file=data["source"]["file"],
            sha256=data["source"]["sha256"],
            attachment_label=data["attachment_label"],
            period_start=_date(data["period"]["start"]),
            period_end=_date(data["period"]["end"]),
            goals=[GoalDoc.from_dict(g) for g in data["goals"]],
            sections=[SectionDoc.from_dict(s) for s in data["sections"]],
            warnings=[ParseWarning.from_dict(w) for w in data["warnings"]],
        )


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None

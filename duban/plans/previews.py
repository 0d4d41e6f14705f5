"""What an import will do, shown before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from duban.plans.choices import UnitRole
from duban.plans.models import ImportBatch, Plan, Task, TaskUnit
from duban.plans.selectors import existing_plan_for, task_key
from duban.units.choices import NameMatch
from duban.units.models import Unit
from duban.units.selectors import UnitNameMatch, unit_names_match

DIFF_FIELDS = {
    "category": "主要任务",
    "title": "重点工作",
    "target": "年度主要目标",
    "progress": "完成情况",
    "completed": "是否完成",
    "shortfall_reason": "未完成理由",
    "deadline_text": "完成时限",
    "lead_units": "牵头单位",
    "responsible_units": "责任单位",
}
# The lengths the database keeps; a longer value would be cut, so it is refused instead.
LIMITS = {"seq": 20, "category": 200, "deadline_text": 100}


@dataclass
class RowChange:
    kind: str  # added / changed / removed / unchanged
    section: str
    seq: str
    title: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # label -> (old, new)


@dataclass
class ImportPreview:
    batch: ImportBatch
    data: dict[str, Any]
    units: list[UnitNameMatch]
    existing: Plan | None
    changes: list[RowChange]
    errors: list[str]

    @property
    def task_count(self) -> int:
        return sum(len(s["tasks"]) for s in self.data["sections"])

    def changes_of(self, kind: str) -> list[RowChange]:
        return [c for c in self.changes if c.kind == kind]

    def needs_choice(self) -> list[UnitNameMatch]:
        return [u for u in self.units if u.match in (NameMatch.SIMILAR, NameMatch.NEW)]


def import_preview(batch: ImportBatch) -> ImportPreview:
    data = batch.parsed
    existing = existing_plan_for(data)
    return ImportPreview(
        batch=batch,
        data=data,
        units=unit_names_match(_unit_names(data)),
        existing=existing,
        changes=_changes(existing, data) if existing else [],
        errors=_errors(data),
    )


def _unit_names(data: dict[str, Any]) -> list[str]:
    names: dict[str, None] = {}
    for section in data["sections"]:
        for task in section["tasks"]:
            for name in (*task["lead_units"], *task["responsible_units"]):
                names.setdefault(name, None)
    return list(names)


def _errors(data: dict[str, Any]) -> list[str]:
    errors = []
    for name in _unit_names(data):
        if len(name) > Unit._meta.get_field("name").max_length:  # type: ignore[operator]
            errors.append(f"单位名称过长（超过100字）：“{name[:30]}…”")
    for section in data["sections"]:
        for task in section["tasks"]:
            for name, limit in LIMITS.items():
                if len(task[name]) > limit:
                    errors.append(f"{section['title']} 第{task['seq']}项：{name} 超过 {limit} 字")
    return errors


def _stored_rows(plan: Plan) -> dict[tuple[str, str], dict[str, Any]]:
    tasks = plan.tasks.select_related("section").prefetch_related("assignments")
    return {task_key(t.section.title, t.seq, t.title): _stored_row(t) for t in tasks}


def _stored_row(task: Task) -> dict[str, Any]:
    assignments: list[TaskUnit] = list(task.assignments.all())
    row = {name: getattr(task, name) for name in DIFF_FIELDS if hasattr(task, name)}
    row["lead_units"] = [a.written_as for a in assignments if a.role == UnitRole.LEAD]
    row["responsible_units"] = [a.written_as for a in assignments if a.role == UnitRole.RESPONSIBLE]
    row["_title"] = task.title
    return row


def _changes(plan: Plan, data: dict[str, Any]) -> list[RowChange]:
    stored = _stored_rows(plan)
    changes = []
    for section in data["sections"]:
        for task in section["tasks"]:
            old = stored.pop(task_key(section["title"], task["seq"], task["title"]), None)
            changes.append(_row_change(section["title"], task, old))
    for (section_title, seq), old in stored.items():
        changes.append(RowChange("removed", section_title, seq, old["_title"]))
    return changes


def _row_change(section: str, task: dict[str, Any], old: dict[str, Any] | None) -> RowChange:
    if old is None:
        return RowChange("added", section, task["seq"], task["title"])
    fields = {
        label: (old[name], task[name]) for name, label in DIFF_FIELDS.items() if old[name] != task[name]
    }
    return RowChange("changed" if fields else "unchanged", section, task["seq"], task["title"], fields)

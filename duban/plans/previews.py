"""What an import will do, shown before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import models

from duban.core.plan import PlanDoc, TaskDoc
from duban.plans.interchange import task_as_doc
from duban.plans.models import ImportBatch, Plan
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
    """What importing a batch would do. Each part is worked out when first asked for: the
    page shows them all, while confirming needs the unit matches only if units changed."""

    batch: ImportBatch
    doc: PlanDoc
    existing: Plan | None  # the stored plan with the same title and period, updated in place

    @cached_property
    def units(self) -> list[UnitNameMatch]:
        return unit_names_match(self.doc.units())

    @cached_property
    def changes(self) -> list[RowChange]:
        return _changes(self.existing, self.doc) if self.existing else []

    @cached_property
    def errors(self) -> list[str]:
        return _errors(self.doc)

    @property
    def task_count(self) -> int:
        return len(self.doc.tasks())

    def changes_of(self, kind: str) -> list[RowChange]:
        return [c for c in self.changes if c.kind == kind]

    def needs_choice(self) -> list[UnitNameMatch]:
        return [u for u in self.units if u.match in (NameMatch.SIMILAR, NameMatch.NEW)]


def import_preview(batch: ImportBatch) -> ImportPreview:
    return ImportPreview(batch=batch, doc=batch.doc, existing=existing_plan_for(batch.doc))


def _errors(doc: PlanDoc) -> list[str]:
    errors = []
    name_field = Unit._meta.get_field("name")
    assert isinstance(name_field, models.CharField) and name_field.max_length  # as Unit declares it
    for name in doc.units():
        if len(name) > name_field.max_length:
            errors.append(f"单位名称过长（超过{name_field.max_length}字）：“{name[:30]}…”")
    for section in doc.sections:
        for task in section.tasks:
            for name, limit in LIMITS.items():
                if len(getattr(task, name)) > limit:
                    errors.append(f"{section.title} 第{task.seq}项：{name} 超过 {limit} 字")
    return errors


def _stored_tasks(plan: Plan) -> dict[tuple[str, str], TaskDoc]:
    """The plan's tasks as stored, in the fields an import compares."""
    tasks = plan.tasks.select_related("section").prefetch_related("assignments")
    return {task_key(t.section.title, t.seq, t.title): task_as_doc(t) for t in tasks}


def _changes(plan: Plan, doc: PlanDoc) -> list[RowChange]:
    stored = _stored_tasks(plan)
    changes = []
    for section in doc.sections:
        for task in section.tasks:
            old = stored.pop(task_key(section.title, task.seq, task.title), None)
            changes.append(_row_change(section.title, task, old))
    for (section_title, seq), old in stored.items():
        changes.append(RowChange("removed", section_title, seq, old.title))
    return changes


def _row_change(section: str, task: TaskDoc, old: TaskDoc | None) -> RowChange:
    if old is None:
        return RowChange("added", section, task.seq, task.title)
    fields = {
        label: (getattr(old, name), getattr(task, name))
        for name, label in DIFF_FIELDS.items()
        if getattr(old, name) != getattr(task, name)
    }
    return RowChange("changed" if fields else "unchanged", section, task.seq, task.title, fields)

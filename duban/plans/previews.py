"""What an import will do, shown before anything is stored.

A re-import (same title and period as a stored plan) is compared row by row with the plan as
stored: every changed row is listed with a character diff per field, and the summary counts
are counted from the same rows. 完成情况 / 是否完成 / 未完成理由 that an accepted report wrote
(``Task.progress_origin``) are kept unless the office ticks the row's 采用表格内容; the
rows where that choice exists are named before confirming. Nothing stored is deleted: a row
the file no longer has is kept and marked 文件中已无此项, and rows created in duban (上年结转任务,
tasks added by hand) are kept as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.db import models

from duban.core.plan import PlanDoc, TaskDoc
from duban.core.textdiff import text_diff
from duban.plans.interchange import TASK_DETAILS, task_as_doc
from duban.plans.models import ImportBatch, Plan, Task
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
    "leaders": "责任领导",
    "milestones": "进度安排",
    "progress_entries": "分期进展",
    "status": "进度",
}
# Kept in their own tables: written again for a row only when one of them changed.
DETAIL_FIELDS = ("leaders", "milestones", "progress_entries")
# Written by accepted reports: kept on re-import unless the office takes the table's text.
REPORTED_FIELDS = ("progress", "completed", "shortfall_reason")
# The lengths the database keeps; a longer value would be cut, so it is refused instead.
LIMITS = {"seq": 20, "category": 200, "deadline_text": 100}

ADDED, CHANGED, UNCHANGED = "added", "changed", "unchanged"
MISSING = "missing"  # stored from an earlier file, no longer in this one: kept and marked
KEPT = "kept"  # created in duban (结转, added by hand), so never in the file: kept as it is
KIND_LABELS = {
    ADDED: "新增",
    CHANGED: "修改",
    MISSING: "文件中已无此项",
    KEPT: "系统中新建",
    UNCHANGED: "不变",
}


@dataclass
class FieldChange:
    """One field of a row, as stored and as the file gives it, for the page's character diff."""

    name: str
    label: str
    old: str
    new: str
    kept: bool = False  # an accepted report's value, kept unless the row takes the table's text

    @cached_property
    def segments(self) -> list[tuple[str, str]]:
        return text_diff(self.old, self.new)


@dataclass
class RowChange:
    kind: str  # ADDED / CHANGED / UNCHANGED / MISSING / KEPT
    section: str
    seq: str
    title: str
    fields: list[FieldChange] = field(default_factory=list)
    task_id: int | None = None  # the stored task it updates or keeps
    origin: str = ""  # the accepted report the stored 完成情况 came from

    def changes_any(self, names: tuple[str, ...]) -> bool:
        return any(f.name in names for f in self.fields)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def held(self) -> list[FieldChange]:
        """The fields an accepted report wrote that the file would change: kept by default."""
        return [f for f in self.fields if f.kept]

    @property
    def overwrite_note(self) -> str:
        """将覆盖：第54项 完成情况、是否完成（来自2025年11月填报通过）— what ticking the row overwrites."""
        labels = "、".join(f.label for f in self.held)
        return f"第{self.seq}项 {labels}（来自{self.origin}）"


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
    def stored(self) -> dict[tuple[str, str], Task]:
        """The existing plan's tasks by their identity across re-imports (see ``task_key``)."""
        if self.existing is None:
            return {}
        tasks = self.existing.tasks.select_related("section").prefetch_related(*TASK_DETAILS)
        return {task_key(t.section.title, t.seq, t.title): t for t in tasks.order_by("position")}

    @cached_property
    def changes(self) -> list[RowChange]:
        """Every row of the file, then the stored rows it no longer has (all added for a new plan)."""
        return _changes(self.doc, self.stored)

    @cached_property
    def errors(self) -> list[str]:
        return _errors(self.doc)

    @property
    def task_count(self) -> int:
        return len(self.doc.tasks())

    @cached_property
    def counts(self) -> dict[str, int]:
        """Rows of each kind, counted from the rows the page lists."""
        counts = dict.fromkeys(KIND_LABELS, 0)
        for change in self.changes:
            counts[change.kind] += 1
        return counts

    def changes_of(self, kind: str) -> list[RowChange]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def listed(self) -> list[RowChange]:
        """The rows the page lists: every row that is not unchanged."""
        return [c for c in self.changes if c.kind != UNCHANGED]

    @property
    def held(self) -> list[RowChange]:
        """Rows whose accepted-report values the file would change: the office chooses per row."""
        return [c for c in self.changes if c.held]

    def prepare(self) -> None:
        """Every part the import's apply reads, worked out now (before the write lock)."""
        for part in ("units", "changes", "errors", "counts"):  # cached properties
            getattr(self, part)

    def needs_choice(self) -> list[UnitNameMatch]:
        return [u for u in self.units if u.match in (NameMatch.SIMILAR, NameMatch.NEW)]


def import_preview(batch: ImportBatch) -> ImportPreview:
    return ImportPreview(batch=batch, doc=batch.doc, existing=existing_plan_for(batch.doc))


def came_from_file(task: Task) -> bool:
    """Whether an import created the task (its source names a table); else duban did."""
    return "table" in task.source_ref


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


def _changes(doc: PlanDoc, stored: dict[tuple[str, str], Task]) -> list[RowChange]:
    left = dict(stored)
    changes = []
    for section in doc.sections:
        for task_doc in section.tasks:
            task = left.pop(task_key(section.title, task_doc.seq, task_doc.title), None)
            changes.append(_row_change(section.title, task_doc, task))
    for (section_title, _), task in left.items():
        kind = MISSING if came_from_file(task) else KEPT
        changes.append(RowChange(kind, section_title, task.seq, task.title, task_id=task.pk))
    return changes


def _row_change(section: str, new: TaskDoc, task: Task | None) -> RowChange:
    if task is None:
        return RowChange(ADDED, section, new.seq, new.title)
    old = task_as_doc(task)
    fields = [
        FieldChange(name, label, before, after, kept=bool(task.progress_origin) and name in REPORTED_FIELDS)
        for name, label in DIFF_FIELDS.items()
        if (before := field_text(old, name)) != (after := field_text(new, name))
    ]
    kind = CHANGED if fields or task.missing_from_file else UNCHANGED
    return RowChange(kind, section, new.seq, new.title, fields, task_id=task.pk, origin=task.progress_origin)


def field_text(task: TaskDoc, name: str) -> str:
    """A field as the table prints it, for comparing and for the diff."""
    if name == "completed":
        return {True: "是", False: "否", None: ""}[completed_of(task)]
    if name == "status":
        return "滞后" if task.status == "behind" else ""
    if name == "milestones":
        return "；".join(f"{m.date.isoformat() + ' ' if m.date else ''}{m.text}" for m in task.milestones)
    if name == "progress_entries":
        return "；".join(f"{e.period}：{e.text}" for e in task.progress_entries)
    value = getattr(task, name)
    if isinstance(value, list):
        return "、".join(value)
    return str(value)


def completed_of(task: TaskDoc) -> bool | None:
    """是否完成 as the row says it, or as its schedule column does (done → 是, not done → 否);
    on schedule and behind say nothing about it (behind is kept as the task's 滞后 flag)."""
    if task.completed is not None:
        return task.completed
    return {"done": True, "not_done": False}.get(task.status)

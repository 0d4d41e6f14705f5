"""Importing a plan through the intake pipeline: upload → preview (a selector) → confirm.

The parsed plan is kept on the batch as the interchange format (docs/plan-format.md),
so the office confirms exactly what it previewed, and a re-import of the same plan
(same title and period) updates it in place instead of duplicating it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.core import clock, quantities
from duban.core.deadlines import DeadlineKind as CoreDeadlineKind
from duban.core.deadlines import parse_deadline
from duban.core.plan import GoalDoc, PlanDoc, SectionDoc, TaskDoc
from duban.ingest.interpret import interpret_document
from duban.ingest.layout import Layout as LayoutSpec
from duban.ingest.model import Document
from duban.intake.importers import Applied, Importer
from duban.intake.models import Layout
from duban.intake.services import intake_apply, intake_remap, intake_upload, intake_upload_file
from duban.plans.choices import STATUS_BY_COMPLETED, DeadlineKind
from duban.plans.models import Goal, ImportBatch, Indicator, Plan, Section, Task
from duban.plans.previews import ImportPreview, import_preview
from duban.plans.selectors import task_key, unit_names_written
from duban.plans.services.tasks import (
    UnitResolver,
    section_get_or_create,
    task_assign_units,
    task_create,
)
from duban.plans.signals import plan_imported, plan_indicators_replaced
from duban.workdays.selectors import work_calendar

TASK_FIELDS = ("category", "title", "target", "progress", "completed", "shortfall_reason", "deadline_text")


def plan_import_upload(*, actor: User | None, chunks: Iterable[bytes], file_name: str) -> ImportBatch:
    """Store and parse an uploaded file; a file that cannot be read leaves nothing behind."""
    return intake_upload(importer=PlanImporter(actor=actor), chunks=chunks, file_name=file_name)


def plan_import_file(
    *, actor: User | None, path: Path, layout: LayoutSpec | None = None, saved_layout: Layout | None = None
) -> ImportBatch:
    """The CLI's way in: the same upload, fed from a file on disk, read with a layout if given."""
    importer = PlanImporter(actor=actor)
    return intake_upload_file(importer=importer, path=path, layout=layout, saved_layout=saved_layout)


def plan_import_remap(*, actor: User | None, batch: ImportBatch, layout: LayoutSpec) -> ImportBatch:
    """Read a kept upload again with the columns the office mapped (the mapping step)."""
    return intake_remap(importer=PlanImporter(actor=actor), batch=batch, layout=layout)


def plan_import_apply(*, actor: User | None, batch: ImportBatch, unit_choices: Mapping[str, str]) -> Plan:
    """Store the previewed plan in one transaction: units resolved, plan created or updated in place.

    unit_choices maps a name as written to ``new`` or to the id of an existing unit
    (the name then becomes that unit's alias); names without a choice keep what the
    preview proposed (existing, alias or group; new for unknown names).
    """
    intake_apply(importer=PlanImporter(actor=actor, unit_choices=unit_choices), batch=batch)
    assert batch.plan is not None  # PlanImporter.apply set it, or intake_apply raised
    return batch.plan


@dataclass
class PlanImporter(Importer[ImportBatch, PlanDoc, ImportPreview]):
    """A key-work table or a plan in prose, stored as a plan with its sections, tasks and goals."""

    actor: User | None
    unit_choices: Mapping[str, str] = field(default_factory=dict)
    mappable: ClassVar[bool] = True

    def new_batch(self) -> ImportBatch:
        return ImportBatch()

    def read(self, document: Document) -> PlanDoc:
        return interpret_document(document)

    def read_with_layout(self, document: Document, layout: LayoutSpec) -> PlanDoc:
        return interpret_document(document, layout)

    def dump(self, doc: PlanDoc) -> dict[str, Any]:
        return doc.as_dict()

    def preview(self, batch: ImportBatch) -> ImportPreview:
        return import_preview(batch)

    def apply(self, batch: ImportBatch, preview: ImportPreview) -> Applied:
        resolver = UnitResolver(actor=self.actor, choices=self.unit_choices, matches=preview.units)
        created = preview.existing is None
        plan = _plan_save(preview.existing, preview.doc, batch)
        counts = _sections_sync(self.actor, plan, preview.doc.sections, resolver)
        _goals_replace(plan, preview.doc.goals)
        plan_indicators_replaced.send(sender=Plan, plan=plan, actor=self.actor)
        plan_imported.send(sender=Plan, plan=plan)
        batch.plan = plan
        return Applied(subject=plan, changes={"created": created, **counts}, batch_fields=("plan",))


def _plan_save(plan: Plan | None, doc: PlanDoc, batch: ImportBatch) -> Plan:
    plan = plan or Plan()
    plan.title, plan.attachment_label = doc.title, doc.attachment_label
    plan.period_start, plan.period_end = doc.period_start, doc.period_end
    plan.source_name, plan.source_sha256, plan.source_path = batch.file_name, batch.sha256, batch.stored_path
    plan.full_clean(validate_constraints=False)
    plan.save()
    return plan


def _sections_sync(
    actor: User | None, plan: Plan, sections: list[SectionDoc], resolver: UnitResolver
) -> dict[str, int]:
    """Create, update in place or delete sections and tasks so the plan matches the file."""
    existing = {task_key(t.section.title, t.seq, t.title): t for t in plan.tasks.select_related("section")}
    kept_sections: set[int] = set()
    counts = {"added": 0, "changed": 0, "removed": 0, "unchanged": 0}
    position = 0
    for section_position, section_doc in enumerate(sections, start=1):
        section = _section_placed(plan, section_doc.title, section_position)
        kept_sections.add(section.pk)
        for task_doc in section_doc.tasks:
            position += 1
            key = task_key(section.title, task_doc.seq, task_doc.title)
            outcome = _task_save(actor, existing.pop(key, None), plan, section, position, task_doc, resolver)
            counts[outcome] += 1
    for task in existing.values():
        audit_record(actor=actor, action=Action.DELETE, obj=task, message="重新导入时文件中已无此任务")
        task.delete()
        counts["removed"] += 1
    plan.sections.exclude(pk__in=kept_sections).delete()
    return counts


def _section_placed(plan: Plan, title: str, position: int) -> Section:
    """The plan's section of this title at the place the file gives it (files reorder sections)."""
    section = section_get_or_create(plan=plan, title=title, position=position)
    if section.position != position:
        section.position = position
        section.save(update_fields=["position"])
    return section


def _task_fields(task_doc: TaskDoc, stored: Task | None = None) -> dict[str, Any]:
    """A row's fields as the import stores them."""
    values = {name: getattr(task_doc, name) for name in TASK_FIELDS}
    values.update(
        seq=task_doc.seq,
        deadline=_deadline(task_doc, stored),
        deadline_kind=DeadlineKind(task_doc.deadline_kind.value),
        source_ref=task_doc.source_ref.as_dict() if task_doc.source_ref else {},
    )
    return values


def _deadline(task_doc: TaskDoc, stored: Task | None) -> dt.date | None:
    """The row's deadline; "7个工作日内" counts working days from the day the task is first
    imported (交办), and keeps that date while the cell says the same on a later import."""
    if task_doc.deadline_kind != CoreDeadlineKind.WORKDAYS:
        return task_doc.deadline
    if stored is not None and stored.deadline and stored.deadline_text == task_doc.deadline_text:
        return stored.deadline
    return parse_deadline(task_doc.deadline_text).resolve(work_calendar(), clock.today())


def _task_save(
    actor: User | None,
    task: Task | None,
    plan: Plan,
    section: Section,
    position: int,
    task_doc: TaskDoc,
    resolver: UnitResolver,
) -> str:
    fields = _task_fields(task_doc, task)
    units_before = unit_names_written(task) if task else None
    if task is None:
        task, outcome = task_create(section=section, position=position, **fields), "added"
    else:
        outcome = "changed" if _task_update(actor, task, section, position, fields) else "unchanged"
    units_after = (task_doc.lead_units, task_doc.responsible_units)
    if units_before != units_after:
        task_assign_units(task=task, leads=units_after[0], responsible=units_after[1], resolver=resolver)
        outcome = "added" if outcome == "added" else "changed"
    _task_indicators_replace(plan, task, task_doc.indicators)
    return outcome


def _task_update(
    actor: User | None, task: Task, section: Section, position: int, fields: dict[str, Any]
) -> bool:
    """Write the file's row over the stored one; audit and say whether a field changed."""
    values = fields | {"status": STATUS_BY_COMPLETED[fields["completed"]]}
    before = {name: getattr(task, name) for name in TASK_FIELDS}
    for name, value in values.items():
        setattr(task, name, value)
    task.section, task.position = section, position
    task.full_clean()
    task.save()
    changes = {k: [v, values[k]] for k, v in before.items() if v != values[k]}
    if changes:
        audit_record(actor=actor, action=Action.UPDATE, obj=task, changes=changes, message="重新导入")
    return bool(changes)


def _task_indicators_replace(plan: Plan, task: Task, indicators: list[quantities.Indicator]) -> None:
    task.indicators.all().delete()
    Indicator.objects.bulk_create(
        _indicator(plan, i, position, task=task) for position, i in enumerate(indicators)
    )


def _goals_replace(plan: Plan, goals: list[GoalDoc]) -> None:
    plan.goals.all().delete()
    for position, goal_doc in enumerate(goals, start=1):
        goal = Goal.objects.create(plan=plan, text=goal_doc.text, position=position)
        Indicator.objects.bulk_create(
            _indicator(plan, i, number, goal=goal) for number, i in enumerate(goal_doc.indicators)
        )


def _indicator(
    plan: Plan,
    found: quantities.Indicator,
    position: int,
    *,
    goal: Goal | None = None,
    task: Task | None = None,
) -> Indicator:
    return Indicator(
        plan=plan,
        goal=goal,
        task=task,
        text=found.text,
        metric=found.metric[:200],
        comparator=found.comparator,
        value=found.value,
        unit=found.unit,
        position=position,
    )

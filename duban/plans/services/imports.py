"""Importing a plan through the intake pipeline: upload → preview (a selector) → confirm.

The parsed plan is kept on the batch as the interchange format (docs/plan-format.md),
so the office confirms exactly what it previewed, and a re-import of the same plan
(same title and period) updates it in place instead of duplicating it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from django.db import connection
from django.db.models import DecimalField

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.core import clock, quantities
from duban.core.deadlines import DeadlineKind as CoreDeadlineKind
from duban.core.deadlines import parse_deadline
from duban.core.plan import GoalDoc, PlanDoc, TaskDoc
from duban.ingest.interpret import interpret_document
from duban.ingest.layout import Layout as LayoutSpec
from duban.ingest.model import Document
from duban.intake.importers import Applied, Importer
from duban.intake.models import Layout
from duban.intake.services import intake_apply, intake_remap, intake_upload, intake_upload_file
from duban.plans.choices import STATUS_BY_COMPLETED, DeadlineKind
from duban.plans.models import Goal, ImportBatch, Indicator, Plan, Section, Task
from duban.plans.previews import (
    DETAIL_FIELDS,
    MISSING,
    REPORTED_FIELDS,
    UNCHANGED,
    ImportPreview,
    RowChange,
    completed_of,
    import_preview,
)
from duban.plans.selectors import import_basis
from duban.plans.services.follow_up import plan_stored_follow_up
from duban.plans.services.tasks import (
    NewTasks,
    UnitResolver,
    rows_insert,
    sections_place,
    task_details_replace_bulk,
    task_units_assign_bulk,
    tasks_insert_bulk,
    tasks_prepare,
    tasks_update_bulk,
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


def plan_import_apply(
    *,
    actor: User | None,
    batch: ImportBatch,
    unit_choices: Mapping[str, str],
    take_table: Collection[int] = (),
) -> Plan:
    """Store the previewed plan in one transaction: units resolved, plan created or updated in place.

    unit_choices maps a name as written to ``new`` or to the id of an existing unit
    (the name then becomes that unit's alias); names without a choice keep what the
    preview proposed (existing, alias or group; new for unknown names).
    take_table names the stored tasks whose 完成情况 / 是否完成 / 未完成理由, written by an
    accepted report, the file's text replaces (the preview's 采用表格内容); the others keep them.
    """
    importer = PlanImporter(actor=actor, unit_choices=unit_choices, take_table=frozenset(take_table))
    intake_apply(importer=importer, batch=batch)
    assert batch.plan is not None  # PlanImporter.apply set it, or intake_apply raised
    return batch.plan


@dataclass
class PlanImporter(Importer[ImportBatch, PlanDoc, ImportPreview]):
    """A key-work table or a plan in prose, stored as a plan with its sections, tasks and goals."""

    actor: User | None
    unit_choices: Mapping[str, str] = field(default_factory=dict)
    mappable: ClassVar[bool] = True
    take_table: frozenset[int] = frozenset()
    # The new rows of the preview ``prepare`` was given, made ready before the write lock.
    prepared: tuple[ImportPreview, NewTasks] | None = field(default=None, init=False)

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

    def basis(self, batch: ImportBatch) -> tuple[object, ...]:
        return import_basis(batch.doc)

    def prepare(self, preview: ImportPreview) -> None:
        preview.prepare()
        self.prepared = (preview, _new_tasks(preview))

    def apply(self, batch: ImportBatch, preview: ImportPreview) -> Applied:
        """Everything is worked out in memory first, then written in a fixed number of
        statements whatever the number of rows (bulk inserts and updates), so the write lock
        is held briefly; a changed row of a re-import is audited on its task."""
        resolver = UnitResolver(actor=self.actor, choices=self.unit_choices, matches=preview.units)
        created = preview.existing is None
        plan = _plan_save(preview.existing, preview.doc, batch)
        rows = _Rows(actor=self.actor, plan=plan, take_table=self.take_table)
        prepared = self.prepared[1] if self.prepared and self.prepared[0] is preview else None
        rows.store(preview, prepared or _new_tasks(preview))
        task_units_assign_bulk(named=rows.units, resolver=resolver, fresh=rows.fresh)
        _indicators_replace(plan, rows.indicators, fresh=rows.fresh)
        _goals_replace(plan, preview.doc.goals)
        plan_indicators_replaced.send(sender=Plan, plan=plan, actor=self.actor)
        plan_imported.send(sender=Plan, plan=plan)
        batch.plan = plan
        counts = {kind: n for kind, n in preview.counts.items() if n}
        changes: dict[str, Any] = {"created": created, "rows": preview.task_count, **counts}
        if rows.taken:
            changes["taken_from_table"] = rows.taken
        return Applied(subject=plan, changes=changes, batch_fields=("plan",))

    def committed(self, applied: Applied) -> None:
        assert isinstance(applied.subject, Plan)  # as apply returned it
        plan_stored_follow_up(plan=applied.subject, actor=self.actor)


def _plan_save(plan: Plan | None, doc: PlanDoc, batch: ImportBatch) -> Plan:
    plan = plan or Plan()
    plan.title, plan.attachment_label = doc.title, doc.attachment_label
    plan.period_start, plan.period_end = doc.period_start, doc.period_end
    plan.source_name, plan.source_sha256, plan.source_path = batch.file_name, batch.sha256, batch.stored_path
    plan.after_import_pending = True  # until plan_stored's receivers are done (plan_stored_follow_up)
    plan.full_clean(validate_constraints=False)
    plan.save()
    return plan


# Fields an import writes on a stored task when its row changed (besides the table's own).
PLACE_FIELDS = ("section", "position", "seq", "deadline", "deadline_kind", "source_ref", "behind_schedule")
STATE_FIELDS = ("status", "progress_origin", "missing_from_file")
UNIT_FIELDS = ("lead_units", "responsible_units")
AUDITED_FIELDS = (*TASK_FIELDS, "behind_schedule")


@dataclass
class _Rows:
    """The file's rows matched to the stored tasks, turned into inserts and updates."""

    actor: User | None
    plan: Plan
    take_table: frozenset[int]
    # By the task's position while the file's rows are read, by its id once they are stored.
    units: list[tuple[int, list[str], list[str]]] = field(default_factory=list)
    indicators: list[tuple[int, list[quantities.Indicator]]] = field(default_factory=list)
    details: list[tuple[int, TaskDoc]] = field(default_factory=list)  # leaders, 进度安排, 分期进展
    taken: list[str] = field(default_factory=list)  # 序号 of rows whose reported values the table replaced
    fresh: frozenset[int] = frozenset()  # ids of the tasks this import inserted: nothing of theirs to replace

    def store(self, preview: ImportPreview, new: NewTasks) -> None:
        """The file's rows written: ``new`` holds the values of its added rows, in order."""
        doc = preview.doc
        sections = sections_place(plan=self.plan, titles=[s.title for s in doc.sections])
        stored = {t.pk: t for t in preview.stored.values()}
        changes = iter(preview.changes)  # the file's rows in order, then the rows it no longer has
        new_sections: list[int] = []  # each added row's section
        updated: list[Task] = []
        position = 0
        for section_doc in doc.sections:
            for task_doc in section_doc.tasks:
                position, change = position + 1, next(changes)
                section = sections[section_doc.title]
                if change.task_id is None:
                    new_sections.append(section.pk)
                else:
                    task = stored[change.task_id]
                    if self._update(task, section, position, task_doc, change):
                        updated.append(task)
                    if change.kind == UNCHANGED:
                        continue
                if change.task_id is None or change.changes_any(UNIT_FIELDS):
                    self.units.append((position, task_doc.lead_units, task_doc.responsible_units))
                if change.task_id is None or change.changes_any(DETAIL_FIELDS):
                    self.details.append((position, task_doc))
                self.indicators.append((position, task_doc.indicators))
        for change in changes:  # not in the file: kept, after the file's rows, never deleted
            position += 1
            task = stored[change.task_id or 0]
            if (task.position, task.missing_from_file) != (position, change.kind == MISSING):
                task.position, task.missing_from_file = position, change.kind == MISSING
                updated.append(task)
        tasks_update_bulk(tasks=updated, fields=[*TASK_FIELDS, *PLACE_FIELDS, *STATE_FIELDS])
        # After the updates: every task then has its own position.
        ids = tasks_insert_bulk(plan=self.plan, sections=new_sections, new=new)
        self.fresh = frozenset(ids[position] for position in _added_positions(preview))
        self.units = [(ids[position], leads, responsible) for position, leads, responsible in self.units]
        self.indicators = [(ids[position], found) for position, found in self.indicators]
        details = [(ids[position], task_doc) for position, task_doc in self.details]
        task_details_replace_bulk(
            task_ids=[task_id for task_id, _ in details],
            leaders=[(task_id, name) for task_id, doc in details for name in doc.leaders],
            milestones=[(task_id, m.date, m.text) for task_id, doc in details for m in doc.milestones],
            progress_entries=[
                (task_id, e.period, e.text) for task_id, doc in details for e in doc.progress_entries
            ],
            fresh=self.fresh,
        )

    def _update(
        self, task: Task, section: Section, position: int, task_doc: TaskDoc, change: RowChange
    ) -> bool:
        """The file's row over the stored task, keeping an accepted report's values unless the
        office took the table's; audited when a field changed (its units and details too).
        False when the task's own row is as the file gives it (nothing to write)."""
        values = _task_fields(task_doc, task)
        taking = bool(change.held) and task.pk in self.take_table
        if change.held and not taking:
            for name in REPORTED_FIELDS:
                values.pop(name)
        else:
            values["status"] = STATUS_BY_COMPLETED[values["completed"]]
        if taking:
            values["progress_origin"] = ""
            self.taken.append(change.seq)
        values |= {"section": section, "position": position, "missing_from_file": False}
        before = {name: getattr(task, name) for name in values}
        audited = {name: [before[name], values[name]] for name in AUDITED_FIELDS if name in values}
        audited = {name: pair for name, pair in audited.items() if pair[0] != pair[1]}
        audited |= {f.name: [f.old, f.new] for f in change.fields if f.name in (*UNIT_FIELDS, *DETAIL_FIELDS)}
        if audited:
            message = "重新导入（采用表格内容）" if taking else "重新导入"
            audit_record(actor=self.actor, action=Action.UPDATE, obj=task, changes=audited, message=message)
        if before == values:
            return False
        for name, value in values.items():
            setattr(task, name, value)
        return True


def _new_tasks(preview: ImportPreview) -> NewTasks:
    """The file's added rows, in order, as new tasks' values ready for the database."""
    docs = [task_doc for section in preview.doc.sections for task_doc in section.tasks]
    return tasks_prepare([_new_task(position, docs[position - 1]) for position in _added_positions(preview)])


def _added_positions(preview: ImportPreview) -> list[int]:
    """The places (1, 2, …) in the file of the rows no stored task matches."""
    rows = preview.changes[: preview.task_count]  # the file's rows come first, in order
    return [position for position, change in enumerate(rows, start=1) if change.task_id is None]


def _new_task(position: int, task_doc: TaskDoc) -> dict[str, Any]:
    values = _task_fields(task_doc)
    status = STATUS_BY_COMPLETED[values["completed"]]
    return {"position": position, "status": status, **values}


def _task_fields(task_doc: TaskDoc, stored: Task | None = None) -> dict[str, Any]:
    """A row's fields as the import stores them."""
    values = {name: getattr(task_doc, name) for name in TASK_FIELDS}
    values.update(
        completed=completed_of(task_doc),
        behind_schedule=task_doc.status == "behind",
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


def _indicators_replace(
    plan: Plan, found: list[tuple[int, list[quantities.Indicator]]], *, fresh: frozenset[int]
) -> None:
    """The written tasks' indicators, as the file's targets give them: one delete (of the tasks
    stored before, not the ones just inserted), one insert."""
    stale = [task_id for task_id, _ in found if task_id not in fresh]
    if stale:
        Indicator.objects.filter(task_id__in=stale).delete()
    value = Indicator._meta.get_field("value")
    assert isinstance(value, DecimalField)  # as Indicator declares it
    rows = [
        (
            plan.pk,
            None,
            task_id,
            i.text,
            i.metric[:200],
            i.comparator,
            value.get_db_prep_save(i.value, connection),
            i.unit,
            n,
        )
        for task_id, indicators in found
        for n, i in enumerate(indicators)
    ]
    rows_insert(Indicator, INDICATOR_FIELDS, rows)


INDICATOR_FIELDS = ("plan", "goal", "task", "text", "metric", "comparator", "value", "unit", "position")


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

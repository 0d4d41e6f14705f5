"""Writing tasks: the one home of the rows a plan is made of (sections, tasks, the units named on them).

Reporting's workflows decide whether a task changes (交办, 结转, a granted 延期, an accepted
report); these functions make the change. They run in the caller's transaction
(``savepoint=False``: nested, they cost no queries), and an audit row the workflow step
has always written stays the step's own.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.models import Max
from django.db.models.constants import OnConflict

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record, field_changes
from duban.common.freshness import plan_scope
from duban.common.refusals import Refused
from duban.core import clock
from duban.core.dates import cn_date
from duban.plans.choices import STATUS_BY_COMPLETED, DeadlineKind, UnitRole
from duban.plans.models import (
    ORIGIN_LENGTH,
    Plan,
    Section,
    SubTask,
    Task,
    TaskLeader,
    TaskMilestone,
    TaskProgressEntry,
    TaskUnit,
)
from duban.plans.search import index_kept_by_triggers
from duban.plans.services.leaders import leader_accounts_by_name, person_name
from duban.plans.tasks import search_index_after_commit
from duban.units.choices import NameMatch
from duban.units.models import Unit, UnitGroup
from duban.units.selectors import UnitNameMatch, unit_names_match
from duban.units.services import unit_alias_add, units_create

NEW_UNIT = "new"  # an import preview's choice: this name is a new unit, however similar it looks


def plan_get_or_create(*, title: str, year: int) -> Plan:
    """The plan of this title for a calendar year, created empty the first time it is needed."""
    plan, _ = Plan.objects.get_or_create(
        title=title, period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31)
    )
    return plan


def section_get_or_create(*, plan: Plan, title: str, position: int | None = None) -> Section:
    """The plan's section of this title, as it is; a new one goes at ``position``, or after the others."""
    section = plan.sections.filter(title=title).first()
    if section is not None:
        return section
    position = plan.sections.count() + 1 if position is None else position
    section = Section(plan=plan, title=title, position=position)
    section.full_clean()
    section.save()
    return section


def task_create(
    *,
    section: Section,
    title: str,
    category: str = "",
    target: str = "",
    seq: str | None = None,
    position: int | None = None,
    deadline: dt.date | None = None,
    deadline_kind: DeadlineKind = DeadlineKind.NONE,
    deadline_text: str = "",
    progress: str = "",
    completed: bool | None = None,
    shortfall_reason: str = "",
    source_ref: dict[str, Any] | None = None,
) -> Task:
    """A new row in the section: by default the plan's last row, numbered after the section's rows.

    Its status follows ``completed``, as a row read from a year-end table says it.
    """
    plan = section.plan
    if position is None:
        position = (plan.tasks.aggregate(last=Max("position"))["last"] or 0) + 1
    task = Task(
        plan=plan,
        section=section,
        position=position,
        seq=str(section.tasks.count() + 1) if seq is None else seq,
        category=category,
        title=title,
        target=target,
        deadline=deadline,
        deadline_kind=deadline_kind,
        deadline_text=deadline_text,
        progress=progress,
        completed=completed,
        shortfall_reason=shortfall_reason,
        status=STATUS_BY_COMPLETED[completed],
        source_ref=source_ref or {},
    )
    task.full_clean(exclude=["plan", "section"])  # both were read from the database just now
    task.save()
    return task


class UnitResolver:
    """Names as written → the units or groups they mean, each looked up once; unknown names are created.

    ``choices`` is an import preview's answer per name: ``NEW_UNIT``, or the id of the unit
    a new or similar name means (the name then becomes that unit's alias). A name without
    a choice is its unit, its alias's unit or its group, and otherwise a new unit.
    ``matches`` are the directory matches a preview already made: they stay true while the
    import stores, since it adds units and aliases only under the name being resolved — another
    name can at most turn from new to similar, and those two resolve alike.
    """

    def __init__(
        self,
        *,
        actor: User | None,
        choices: Mapping[str, str] | None = None,
        matches: Iterable[UnitNameMatch] = (),
    ) -> None:
        self.actor, self.choices = actor, choices or {}
        self.known = {match.name: match for match in matches}
        self.resolved: dict[str, Unit | UnitGroup] = {}

    def resolve(self, names: Sequence[str]) -> list[Unit | UnitGroup]:
        """Each name's unit or group; names not matched before are matched against the directory at once."""
        unseen = [name for name in dict.fromkeys(names) if name not in self.resolved]
        unknown = [name for name in unseen if name not in self.known]
        self.known |= {match.name: match for match in (unit_names_match(unknown) if unknown else [])}
        found = {name: self._target(self.known[name]) for name in unseen}
        new = [name for name, target in found.items() if target is None]
        created = dict(zip(new, units_create(actor=self.actor, names=new), strict=True)) if new else {}
        self.resolved |= {name: target or created[name] for name, target in found.items()}
        return [self.resolved[name] for name in names]

    def _target(self, match: UnitNameMatch) -> Unit | UnitGroup | None:
        """The name's unit or group; None where a new unit is to be made of it."""
        choice = self.choices.get(match.name, "")
        if choice not in ("", NEW_UNIT) and match.match in (NameMatch.SIMILAR, NameMatch.NEW):
            unit = Unit.objects.get(pk=int(choice))
            unit_alias_add(actor=self.actor, unit=unit, name=match.name)
            return unit
        return match.unit or match.group


def sections_place(*, plan: Plan, titles: Sequence[str]) -> dict[str, Section]:
    """The plan's sections of these titles at the places given (1, 2, …), found, moved or created
    in three queries whatever their number. Sections not named keep their place if they come
    first (上年结转任务 at 0) and otherwise follow the named ones; none is deleted."""
    found = {s.title: s for s in plan.sections.all()}
    named = list(dict.fromkeys(titles))
    new, moved = [], []
    for position, title in enumerate(named, start=1):
        section = found.get(title)
        if section is None:
            section = found[title] = Section(plan=plan, title=title, position=position)
            section.full_clean(exclude=["plan"])
            new.append(section)
        elif section.position != position:
            section.position = position
            moved.append(section)
    others = sorted((s for s in found.values() if s.title not in set(named) and s.position), key=_place)
    for position, section in enumerate(others, start=len(named) + 1):
        if section.position != position:
            section.position = position
            moved.append(section)
    Section.objects.bulk_create(new)
    Section.objects.bulk_update(moved, ["position"])
    return found


def _place(section: Section) -> int:
    return section.position


@dataclass(frozen=True)
class NewTasks:
    """New tasks an import built, their values made ready for the database before the write
    lock: every field but the plan, the section, ``updated_at`` and ``search_pending``, which are
    known inside it."""

    names: tuple[str, ...]
    rows: list[tuple[Any, ...]]


# Fields a new task's values leave out: they are given as the rows are inserted.
_GIVEN_AT_INSERT = ("plan", "section", "updated_at", "search_pending")
# Fields whose values the database takes only once prepared (JSON text, dates, decimals).
_TYPED_FIELDS = (models.JSONField, models.DateField, models.DecimalField)


def tasks_prepare(rows: Sequence[Mapping[str, Any]]) -> NewTasks:
    """New rows an import built (field name → value, without plan and section) made ready for
    ``tasks_insert_bulk``. No model instance is built: the values were checked by the import's
    preview (the lengths the columns keep, typed values)."""
    db = _resolved()
    fields = [f for f in Task._meta.concrete_fields if not f.primary_key and f.name not in _GIVEN_AT_INSERT]
    typed = {f.name for f in fields if isinstance(f, _TYPED_FIELDS)}

    def value(field: models.Field[Any, Any], row: Mapping[str, Any]) -> Any:
        raw = row[field.name]
        return field.get_db_prep_save(raw, db) if field.name in typed else _plain(raw)

    full = ({**TASK_DEFAULTS, **row} for row in rows)
    prepared = [tuple(value(f, row) for f in fields) for row in full]
    return NewTasks(tuple(f.name for f in fields), prepared)


def tasks_insert_bulk(*, plan: Plan, sections: Sequence[int], new: NewTasks) -> dict[int, int]:
    """Prepared new tasks inserted with one ``executemany``, each in its section (ids, in the
    rows' order); returns every task of the plan's id by its position. Positions must be unique
    in the plan, as an import numbers every row, for the ids to be read back by position.
    Where search is indexed by triggers, the worker indexes the rows after the caller's commit."""
    stamp = _concrete(Task, "updated_at").get_db_prep_save(clock.now(), _resolved())
    pending = index_kept_by_triggers()
    rows = zip(sections, new.rows, strict=True)
    values = [(plan.pk, section, *row, stamp, pending) for section, row in rows]
    rows_insert(Task, ["plan", "section", *new.names, "updated_at", "search_pending"], values)
    search_index_after_commit()
    return dict(plan.tasks.values_list("position", "id"))


# What a new task holds where an import's row does not say.
TASK_DEFAULTS: dict[str, Any] = {
    "progress_origin": "",
    "behind_schedule": False,
    "missing_from_file": False,
    "number": None,  # given by duban/supervision once the import is stored
    "closed_on": None,
}


def _resolved() -> Any:
    """The thread's own connection: ``django.db.connection`` is a proxy that looks it up again
    on every attribute, which thousands of values prepared in a write lock pay for each."""
    return connections[DEFAULT_DB_ALIAS]


def _plain(value: Any) -> Any:
    """A choice as its value (a driver may store an enum's name), a model as its id."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, models.Model):
        return value.pk
    return value


def tasks_update_bulk(*, tasks: list[Task], fields: Sequence[str]) -> None:
    """Rows an import changed in memory, written back in one statement (per batch the database allows)."""
    now, db = clock.now(), _resolved()
    for task in tasks:
        task.updated_at = now
        task.full_clean(exclude=["plan", "section"], validate_unique=False, validate_constraints=False)
    columns = [_concrete(Task, name) for name in (*fields, "updated_at")]
    rows = [(*(f.get_db_prep_save(getattr(t, f.attname), db) for f in columns), t.pk) for t in tasks]
    rows_update(Task, [f.name for f in columns], rows)


@transaction.atomic(savepoint=False)
def task_units_assign_bulk(
    *,
    named: Sequence[tuple[int, Sequence[str], Sequence[str]]],
    resolver: UnitResolver,
    fresh: Collection[int] = frozenset(),
) -> int:
    """Each task's lead and responsible units become these names, as ``task_assign_units`` does
    for one, with every distinct name resolved once and one delete and one insert in all.
    fresh: tasks just inserted, which hold nothing to delete. Returns the number of rows written."""
    resolver.resolve([name for _, leads, responsible in named for name in (*leads, *responsible)])
    rows: list[tuple[Any, ...]] = []
    for task_id, leads, responsible in named:
        targets = [(name, resolver.resolved[name]) for name in (*leads, *responsible)]  # resolved above
        for role, part in (
            (UnitRole.LEAD, targets[: len(leads)]),
            (UnitRole.RESPONSIBLE, targets[len(leads) :]),
        ):
            rows += [
                (task_id, unit.pk if unit else None, group.pk if group else None, role, position, name)
                for unit, group, position, name in _assignments(part)
            ]
    stale = [task_id for task_id, _, _ in named if task_id not in fresh]
    if stale:
        TaskUnit.objects.filter(task_id__in=stale).delete()
    return rows_insert(TaskUnit, ("task", "unit", "group", "role", "position", "written_as"), rows)


@transaction.atomic(savepoint=False)
def task_details_replace_bulk(
    *,
    task_ids: Sequence[int],
    leaders: Sequence[tuple[int, str]],
    milestones: Sequence[tuple[int, dt.date | None, str]],
    progress_entries: Sequence[tuple[int, str, str]],
    fresh: Collection[int] = frozenset(),
) -> None:
    """These tasks' leaders (task id, name as written), 进度安排 steps (task id, date, text) and
    period progress (task id, period, text) become the ones given, in order: three deletes and
    at most three inserts whatever the number of tasks. A leader's kind is left empty (the table's
    column says 领导); his account is the one linked before under the same name, or the 领导
    account his name matches (duban/plans/services/leaders.py). fresh: tasks just inserted,
    which hold nothing to delete or keep."""
    stale = [task_id for task_id in task_ids if task_id not in fresh]
    kept, accounts = _leader_links(stale), leader_accounts_by_name()
    for model in (TaskLeader, TaskMilestone, TaskProgressEntry):
        if stale:
            model._default_manager.filter(task_id__in=stale).delete()
    date, db = TaskMilestone._meta.get_field("date"), _resolved()
    assert isinstance(date, models.DateField)  # as TaskMilestone declares it
    rows_insert(
        TaskLeader,
        ("task", "name", "kind", "user", "position"),
        _numbered(
            [(t, name, "", kept.get((t, name)) or accounts.get(person_name(name))) for t, name in leaders]
        ),
    )
    rows_insert(
        TaskMilestone,
        ("task", "date", "text", "position"),
        [
            (task_id, date.get_db_prep_save(day, db), text, n)
            for task_id, day, text, n in _numbered(milestones)
        ],
    )
    rows_insert(TaskProgressEntry, ("task", "period", "text", "position"), _numbered(progress_entries))


def _leader_links(task_ids: Sequence[int]) -> dict[tuple[int, str], int]:
    """(task, name as written) → the 领导 account it was linked to, kept across a re-import."""
    kept = TaskLeader.objects.filter(task_id__in=task_ids, user__isnull=False)
    return {
        (task_id, name): user_id for task_id, name, user_id in kept.values_list("task_id", "name", "user_id")
    }


def _numbered(rows: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Each row (task id first) with its position among its task's rows appended."""
    counts: dict[int, int] = {}
    numbered = []
    for row in rows:
        n = counts[row[0]] = counts.get(row[0], -1) + 1
        numbered.append((*row, n))
    return numbered


def rows_insert(
    model: type[models.Model],
    fields: Sequence[str],
    rows: list[tuple[Any, ...]],
    *,
    ignore_conflicts: bool = False,
) -> int:
    """Plain rows of an import inserted in one ``executemany``: no model instance and no SQL
    compiled per row (Django's bulk_create spends most of a 4,000-row import doing both).
    Values must be what the database takes (ids for foreign keys; decimals and dates as such).
    ignore_conflicts: a row a unique constraint already holds is skipped, as bulk_create's."""
    if not rows:
        return 0
    ops, quote = connection.ops, connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    marks = ", ".join(["%s"] * len(fields))
    conflict = OnConflict.IGNORE if ignore_conflicts else None
    insert = ops.insert_statement(on_conflict=conflict)
    suffix = ops.on_conflict_suffix_sql([], conflict, [], []) if conflict else ""
    sql = f"{insert} {quote(model._meta.db_table)} ({columns}) VALUES ({marks}) {suffix}"
    with connection.cursor() as cursor:
        cursor.executemany(sql.rstrip(), rows)
    return len(rows)


def records_insert(
    model: type[models.Model],
    records: Sequence[Mapping[str, Any]],
    *,
    common: Mapping[str, Any] | None = None,
    ignore_conflicts: bool = False,
) -> int:
    """Rows given by field name (an id for a foreign key), all naming the same fields, the values
    of ``common`` in every row and the model's defaults for the others, inserted with
    ``rows_insert``. Each distinct value of a field is prepared for the database once (a
    4,000-row issue repeats one timestamp): values must be hashable."""
    if not records:
        return 0
    common = common or {}
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    given = [f for f in fields if f.name in records[0]]
    shared = [f for f in fields if f.name in common]
    silent = [f for f in fields if f.name not in records[0] and f.name not in common]
    db = _resolved()
    same = (
        *(f.get_db_prep_save(_plain(common[f.name]), db) for f in shared),
        *(f.get_db_prep_save(_plain(f.get_default()), db) for f in silent),
    )
    prepared: dict[str, dict[Any, Any]] = {f.name: {} for f in given}

    def value(field: models.Field[Any, Any], raw: Any) -> Any:
        done = prepared[field.name]
        if raw not in done:
            done[raw] = field.get_db_prep_save(_plain(raw), db)
        return done[raw]

    rows = [(*(value(f, record[f.name]) for f in given), *same) for record in records]
    names = [f.name for f in (*given, *shared, *silent)]
    return rows_insert(model, names, rows, ignore_conflicts=ignore_conflicts)


def rows_update(model: type[models.Model], fields: Sequence[str], rows: list[tuple[Any, ...]]) -> int:
    """Plain rows updated by primary key in one ``executemany`` (each row: the values, then the
    id): Django's ``bulk_update`` builds a CASE expression per row and field, which for an
    import's thousands of rows costs seconds inside the write transaction."""
    if not rows:
        return 0
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(_column(model, name))} = %s" for name in fields)
    primary = quote(model._meta.pk.column) if model._meta.pk else "id"
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {primary} = %s", rows)
    return len(rows)


def _column(model: type[models.Model], name: str) -> str:
    return _concrete(model, name).column


def _concrete(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # a concrete field, not a reverse relation
    return field


@transaction.atomic(savepoint=False)
def task_assign_units(
    *, task: Task, leads: Sequence[str], responsible: Sequence[str], resolver: UnitResolver
) -> list[TaskUnit]:
    """The task's lead and responsible units become these names, in order, each unit once per role."""
    names = [*leads, *responsible]
    named = list(zip(names, resolver.resolve(names), strict=True))
    rows = [
        TaskUnit(task=task, unit=unit, group=group, role=role, position=position, written_as=name)
        for role, part in ((UnitRole.LEAD, named[: len(leads)]), (UnitRole.RESPONSIBLE, named[len(leads) :]))
        for unit, group, position, name in _assignments(part)
    ]
    task.assignments.all().delete()
    return TaskUnit.objects.bulk_create(rows)


def _assignments(
    named: list[tuple[str, Unit | UnitGroup]],
) -> list[tuple[Unit | None, UnitGroup | None, int, str]]:
    """(unit, group, position, name as written) for one role's names, each unit or group once."""
    rows: list[tuple[Unit | None, UnitGroup | None, int, str]] = []
    seen: set[tuple[type, int]] = set()
    for position, (name, target) in enumerate(named):
        if (type(target), target.pk) in seen:  # two spellings of one unit in the same cell
            continue
        seen.add((type(target), target.pk))
        unit, group = (target, None) if isinstance(target, Unit) else (None, target)
        rows.append((unit, group, position, name))
    return rows


def task_refuse_if_closed(task: Task) -> None:
    """Every write on a 督办件 asks this first: a closed (销号) item is read-only."""
    if task.closed_on is not None:
        label = task.number or f"第{task.seq}项"
        raise Refused(f"督办件{label}已于{cn_date(task.closed_on)}销号，不能再修改")


@transaction.atomic  # a savepoint: refused, none of the tasks is numbered
def task_numbers_set(*, numbers: Mapping[int, str]) -> None:
    """督办编号 for many tasks at once (task id → number; an imported plan's thousands): one
    update whatever their number, refused — none of them numbered — if any already holds one."""
    if not numbers:
        return
    stamp = _concrete(Task, "updated_at").get_db_prep_save(clock.now(), _resolved())
    table, quote = Task._meta.db_table, connection.ops.quote_name
    sql = f"UPDATE {quote(table)} SET number = %s, updated_at = %s WHERE id = %s AND number IS NULL"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(number, stamp, pk) for pk, number in numbers.items()])
        if cursor.rowcount != len(numbers):  # the sum over the rows, in both drivers
            raise Refused("该事项已有督办编号，编号不能更改")


def task_closed_set(*, task: Task, closed_on: dt.date | None) -> Task:
    """销号 (a date) or its reopening (None); the decision is audited by its caller."""
    task.closed_on = closed_on
    task.save(update_fields=["closed_on", "updated_at"])
    return task


def task_deadline_extend(*, task: Task, deadline: dt.date) -> Task:
    """A granted extension: the new date, with the deadline it replaces kept in the text the table shows.

    The decision on the extension is audited by its caller, with this change in it.
    """
    replaced = task.deadline_text or "无"
    task.deadline, task.deadline_kind = deadline, DeadlineKind.DATE
    task.deadline_text = f"{cn_date(deadline)}（经批准延期，原{replaced}）"
    task.save(update_fields=["deadline", "deadline_kind", "deadline_text", "updated_at"])
    return task


@transaction.atomic(savepoint=False)
def task_progress_roll_up(
    *,
    actor: User,
    task_id: int,
    progress: str,
    completed: bool | None,
    shortfall_reason: str,
    message: str,
    keep_completed: bool = False,
) -> Task:
    """An accepted report's words become the task's 完成情况, 是否完成 and 未完成理由 (the year-end table).

    ``keep_completed``: the report makes no claim (推进中), so the task's 是否完成 and 未完成理由
    stay as they are — a report that says nothing about them never blanks them.
    The task is read afresh: its values before are what the audit row compares against. The
    message names the report (e.g. "2025年11月填报通过") and is kept as the values' origin, so a
    re-import of the table keeps them unless the office chooses the table's text.
    """
    task = Task.objects.get(pk=task_id)
    before = {
        "progress": task.progress,
        "completed": task.completed,
        "shortfall_reason": task.shortfall_reason,
    }
    if keep_completed:
        completed, shortfall_reason = task.completed, task.shortfall_reason
    task.progress, task.completed, task.shortfall_reason = progress, completed, shortfall_reason
    task.status = STATUS_BY_COMPLETED[completed]
    task.progress_origin = message[:ORIGIN_LENGTH]
    task.save(
        update_fields=["progress", "completed", "shortfall_reason", "status", "progress_origin", "updated_at"]
    )
    after = {"progress": progress, "completed": completed, "shortfall_reason": shortfall_reason}
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=task,
        changes=field_changes(before, after),
        message=message,
        scope=plan_scope(task.plan_id),
    )
    return task


def task_units_merge(*, source: Unit, target: Unit, **_: Any) -> dict[str, int]:
    """``unit_merging``: source's places on tasks go to target; where target already holds the
    same role on a task, source's copy is dropped."""
    moved = 0
    for assignment in TaskUnit.objects.filter(unit=source):
        if TaskUnit.objects.filter(task_id=assignment.task_id, role=assignment.role, unit=target).exists():
            assignment.delete()
        else:
            assignment.unit = target
            assignment.save(update_fields=["unit"])
            moved += 1
    split = SubTask.objects.filter(unit=source).update(unit=target)
    SubTask.objects.filter(owner=source).update(owner=target)
    return {"tasks": moved, "subtasks": split} if split else {"tasks": moved}

"""督办编号: a number per item from the office's pattern for its source, never handed out twice.

A counter row per (source, year) only grows, under a row lock (PostgreSQL) or the write lock of
an IMMEDIATE transaction (SQLite), so two 交办 at once get two numbers, and deleting an item
frees nothing. Issuing an item also writes its 签收 rows, one per unit named on it.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.constants import OnConflict

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.freshness import plan_scope
from duban.common.refusals import Refused
from duban.common.roles import Role
from duban.core import clock
from duban.plans.choices import UnitRole
from duban.plans.models import Plan, Task, TaskUnit
from duban.plans.services.tasks import records_insert, task_numbers_set
from duban.supervision.choices import SourceKind
from duban.supervision.models import (
    Acknowledgement,
    Lifecycle,
    NumberCounter,
    NumberPattern,
    SupervisionNotice,
)
from duban.units.models import UnitGroup

DEFAULT_PATTERNS = {
    SourceKind.INSTRUCTION: "霞督〔{year}〕{n}号",
    SourceKind.MEETING: "霞议〔{year}〕{n}号",
    SourceKind.PLAN: "霞重〔{year}〕{n:03}号",
    SourceKind.OTHER: "霞交〔{year}〕{n}号",
    SourceKind.CLOSING: "霞销〔{year}〕{n}号",
    SourceKind.NOTICE: "霞督单〔{year}〕{n}号",
}
# reporting's 交办 sources → the numbering source
ADHOC_SOURCES = {
    "instruction": SourceKind.INSTRUCTION,
    "minutes": SourceKind.MEETING,
    "other": SourceKind.OTHER,
}
_MAX_LENGTH = 60  # Task.number's max_length


def pattern_check(pattern: str) -> None:
    """Refuse a pattern that has no {n}, names other fields, or cannot be filled in."""
    where = f"编号格式“{pattern}”"
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError as error:
        raise Refused(f"{where}写法有误（{error}）：如 霞督〔{{year}}〕{{n}}号") from None
    if fields - {"n", "year"}:
        raise Refused(f"{where}只能用 {{year}} 和 {{n}}，不认识：{'、'.join(sorted(fields - {'n', 'year'}))}")
    if "n" not in fields:
        raise Refused(f"{where}缺少序号 {{n}}（可写 {{n}} 或补零的 {{n:03}}）")
    try:
        sample = pattern.format(year=2025, n=99999)
    except ValueError as error:
        raise Refused(f"{where}写法有误（{error}）：序号补零写作 {{n:03}}") from None
    if len(sample) > _MAX_LENGTH:
        raise Refused(f"{where}太长：编号不能超过{_MAX_LENGTH}个字")


def pattern_for(source: SourceKind) -> str:
    row = NumberPattern.objects.filter(source=source).values_list("pattern", flat=True).first()
    return row or DEFAULT_PATTERNS[source]


@transaction.atomic
def pattern_save(*, actor: User, source: SourceKind, pattern: str) -> NumberPattern:
    """The 督办员 sets a source's pattern; numbers already given keep their old form."""
    if actor.role != Role.SUPERVISOR:
        raise Refused("只有督办员可以设置督办编号格式")
    pattern = pattern.strip()
    pattern_check(pattern)
    before = pattern_for(source)
    row, _ = NumberPattern.objects.update_or_create(
        source=source, defaults={"pattern": pattern, "updated_by": actor}
    )
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=row,
        changes={"pattern": [before, pattern]},
        message=f"{actor.display_name()}将{source.label}编号格式设为“{pattern}”",
    )
    return row


def number_next(*, source: SourceKind, year: int) -> str:
    """The next number of this source and year; a number a task or a 销号 already holds is skipped."""
    return numbers_next(source=source, year=year, count=1)[0]


@transaction.atomic
def numbers_next(*, source: SourceKind, year: int, count: int) -> list[str]:
    """The next ``count`` numbers of this source and year, in order, the counter moved once;
    numbers a task or a 销号 already holds (an older pattern may have given them) are skipped."""
    pattern = pattern_for(source)
    counter, _ = NumberCounter.objects.select_for_update().get_or_create(source=source, year=year)
    given: list[str] = []
    last = counter.last
    while len(given) < count:
        candidates = [pattern.format(year=year, n=n) for n in range(last + 1, last + 1 + count - len(given))]
        taken = _numbers_held(candidates)
        given += [number for number in candidates if number not in taken]
        last += len(candidates)
    NumberCounter.objects.filter(pk=counter.pk).update(last=last)
    return given


# Where a number may already be held: a task (any plan's, shown or not), a 销号, a 督办单.
_HOLDERS = ((Task, "number"), (Lifecycle, "closing_number"), (SupervisionNotice, "number"))


def _numbers_held(candidates: list[str]) -> set[str]:
    """The candidates some row already holds, by plain SQL on each holder's column: an imported
    plan asks about thousands at once, in a write transaction, where the ORM's lookup would
    prepare every one of them three times."""
    db = connections[DEFAULT_DB_ALIAS]
    held: set[str] = set()
    with db.cursor() as cursor:
        for model, field in _HOLDERS:
            table = db.ops.quote_name(model._meta.db_table)
            column = db.ops.quote_name(field)  # a CharField's column is its name
            for start in range(0, len(candidates), IDS_PER_STATEMENT):
                chunk = candidates[start : start + IDS_PER_STATEMENT]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"SELECT {column} FROM {table} WHERE {column} IN ({marks})", chunk)
                held.update(number for (number,) in cursor.fetchall())
    return held


@dataclass(frozen=True)
class _Unissued:
    """What issuing reads of a task: an imported plan issues thousands, read as plain rows."""

    pk: int
    plan_id: int
    year: int  # the year its number is counted in
    number: str | None


def _plan_year(plan: Plan) -> int:
    return plan.period_start.year if plan.period_start else clock.today().year


@transaction.atomic
def items_issue(
    *, actor: User | None, tasks: Sequence[Task], source: SourceKind, leader: User | None = None
) -> int:
    """Number the tasks and open their lifecycle, with a 签收 row per unit named on each; returns
    the number issued. The tasks' numbers are set on them too."""
    unissued = [_Unissued(t.pk, t.plan_id, _plan_year(t.plan), t.number) for t in tasks]
    numbers = _issue(actor=actor, unissued=unissued, source=source, leader=leader, known=tasks)
    for task in tasks:
        task.number = numbers.get(task.pk, task.number)
    return len(tasks)


def _issue(
    *,
    actor: User | None,
    unissued: Sequence[_Unissued],
    source: SourceKind,
    leader: User | None = None,
    known: Sequence[Task] = (),
) -> dict[int, str]:
    """Plain inserts and one update, as an imported plan issues thousands at once. Returns the
    numbers given (task id → number); known: the tasks as instances, where the caller has them."""
    if leader is not None and leader.role != Role.LEADER:
        raise Refused(f"{leader.display_name()}不是领导账户，不能作为批示领导")
    now = clock.now()
    given = _number(unissued, source)
    opened = {"source": source, "issued_at": now, "leader": _pk(leader), "issued_by": _pk(actor)}
    records_insert(Lifecycle, [{"task": item.pk} for item in unissued], common=opened)
    _acknowledgements_insert([item.pk for item in unissued], now)
    for plan_id in sorted({item.plan_id for item in unissued}):
        items = [item for item in unissued if item.plan_id == plan_id]
        numbers = [given.get(item.pk) or item.number or "" for item in items]
        audit_record(
            actor=actor,
            action=Action.CREATE,
            obj=_task(items[0].pk, known) if len(items) == 1 else None,
            message=_issue_message(source, numbers, leader),
            scope=plan_scope(plan_id),
        )
    return given


def _task(pk: int, known: Sequence[Task]) -> Task:
    return next((task for task in known if task.pk == pk), None) or Task.objects.get(pk=pk)


def _pk(user: User | None) -> int | None:
    return user.pk if user is not None else None


def _number(unissued: Sequence[_Unissued], source: SourceKind) -> dict[int, str]:
    """Number the unnumbered tasks, in order, a block of numbers per year (task id → number)."""
    by_year: dict[int, list[int]] = {}
    for item in unissued:
        if not item.number:
            by_year.setdefault(item.year, []).append(item.pk)
    given: dict[int, str] = {}
    for year, unnumbered in sorted(by_year.items()):
        numbers = numbers_next(source=source, year=year, count=len(unnumbered))
        given |= dict(zip(unnumbered, numbers, strict=True))
    task_numbers_set(numbers=given)
    return given


def _issue_message(source: SourceKind, numbers: list[str], leader: User | None) -> str:
    shown = "、".join(numbers[:3]) + (f"等{len(numbers)}项" if len(numbers) > 3 else "")
    by = f"，批示领导{leader.display_name()}" if leader else ""
    return f"交办{source.label}{shown}{by}"


def _acknowledgements_insert(task_ids: list[int], now: Any) -> None:
    """One 签收 row per (task, unit) for units named directly or through a group, written by the
    database from the tasks' assignments (an imported plan owes thousands, inside its write
    lock): the leads first, so that a unit named both ways stays a lead; rows already there stay."""
    db = connections[DEFAULT_DB_ALIAS]
    ops, quote = db.ops, db.ops.quote_name
    receipts, assignments = (quote(m._meta.db_table) for m in (Acknowledgement, TaskUnit))
    members = quote(UnitGroup.members.through._meta.db_table)
    conflict = OnConflict.IGNORE
    insert = (
        f"{ops.insert_statement(on_conflict=conflict)} {receipts} (task_id, unit_id, role, issued_at) "
        "SELECT DISTINCT tu.task_id, COALESCE(tu.unit_id, m.unit_id), tu.role, %s "
        f"FROM {assignments} tu LEFT JOIN {members} m ON m.unitgroup_id = tu.group_id "
        "WHERE tu.role = %s AND COALESCE(tu.unit_id, m.unit_id) IS NOT NULL AND tu.task_id IN ({ids}) "
        f"{ops.on_conflict_suffix_sql([], conflict, [], [])}"
    )
    issued = Acknowledgement._meta.get_field("issued_at").get_db_prep_save(now, db)
    with db.cursor() as cursor:
        for role in (UnitRole.LEAD, UnitRole.RESPONSIBLE):
            for start in range(0, len(task_ids), IDS_PER_STATEMENT):
                chunk = task_ids[start : start + IDS_PER_STATEMENT]
                sql = insert.format(ids=", ".join(["%s"] * len(chunk)))
                cursor.execute(sql.rstrip(), [issued, role.value, *chunk])


IDS_PER_STATEMENT = 5000  # well under the bound parameters SQLite and PostgreSQL take


@transaction.atomic
def items_issue_for_plan(*, plan: Plan, actor: User | None = None, **_: Any) -> int:
    """``plan_stored``: an imported plan's new tasks become numbered 计划任务 (签收 rows), in a
    transaction after the import's own (sent again by plans' job should it not have finished)."""
    _plan_lock(plan.pk)
    pending = plan.tasks.filter(lifecycle__isnull=True).order_by("position").values_list("pk", "number")
    year = _plan_year(plan)
    unissued = [_Unissued(pk, plan.pk, year, number) for pk, number in pending]
    if unissued:
        _issue(actor=actor, unissued=unissued, source=SourceKind.PLAN)
    return len(unissued)


def items_backfill(*, actor: User | None = None) -> int:
    """Every task still without a lifecycle is issued: 交办 items by their source, the rest as 计划任务.

    ``duban demo`` calls it; it also numbers tasks made before numbering existed.
    """
    plans = Task.objects.filter(lifecycle__isnull=True).values_list("plan_id", flat=True)
    return sum(_plan_backfill(actor, plan_id) for plan_id in sorted(set(plans)))


@transaction.atomic
def _plan_backfill(actor: User | None, plan_id: int) -> int:
    _plan_lock(plan_id)
    pending = Task.objects.filter(plan_id=plan_id, lifecycle__isnull=True).select_related("plan", "adhoc")
    by_source: dict[SourceKind, list[Task]] = {}
    for task in pending.order_by("position"):
        adhoc = getattr(task, "adhoc", None)
        source = ADHOC_SOURCES[adhoc.source] if adhoc is not None else SourceKind.PLAN
        by_source.setdefault(source, []).append(task)
    return sum(items_issue(actor=actor, tasks=tasks, source=source) for source, tasks in by_source.items())


def _plan_lock(plan_id: int) -> None:
    """One process issues a plan's tasks at a time (PostgreSQL's row lock; on SQLite the
    IMMEDIATE transaction already holds the write lock): the import's request and the job never
    both find the same tasks unissued."""
    list(Plan.objects.select_for_update().filter(pk=plan_id).values_list("pk", flat=True))

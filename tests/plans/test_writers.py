"""Only duban/plans writes plans, sections, tasks and task units: a scan of every other module holds it.

The scan reads the code, not the running program: it sees a write by what is written to
(``Task.objects.create``, ``Task(...)``, ``task.save()``, ``plan.tasks.filter(...).update()``,
``task.assignments.all().delete()``), so a new write outside plans fails here before review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "duban"
MODELS = {"Plan", "Section", "Task", "TaskUnit"}
# What the code calls those rows and their related managers (plan.tasks, task.assignments).
ROWS = {"plan", "section", "sections", "task", "tasks", "assignment", "assignments", "task_assignments"}
WRITES = {
    "save",
    "delete",
    "update",
    "create",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
}
QUERYSET_STEPS = {
    "all",
    "filter",
    "exclude",
    "order_by",
    "select_related",
    "prefetch_related",
    "only",
    "defer",
}
# Known writers outside plans, each with the reason it may stay.
ALLOWED = {
    "demo/city.py": "the demo city is generated in bulk, straight into every table, for speed",
}


def _written(receiver: ast.expr) -> str:
    """What a write goes to: ``tasks`` in plan.tasks.filter(…).update(), ``Task`` in Task.objects.create()."""
    while (
        isinstance(receiver, ast.Call)
        and isinstance(receiver.func, ast.Attribute)
        and receiver.func.attr in QUERYSET_STEPS
    ):
        receiver = receiver.func.value
    if isinstance(receiver, ast.Attribute) and receiver.attr == "objects":
        receiver = receiver.value
    if isinstance(receiver, ast.Attribute):
        return receiver.attr
    return receiver.id if isinstance(receiver, ast.Name) else ""


def _is_write(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):  # Task(...): a row built to be saved or bulk-created
        return func.id in MODELS
    return isinstance(func, ast.Attribute) and func.attr in WRITES and _written(func.value) in MODELS | ROWS


class _Writes(ast.NodeVisitor):
    """Collects each write as path:function:line (function is empty at module level)."""

    def __init__(self, where: str) -> None:
        self.where, self.function, self.found = where, "", list[str]()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call) -> None:
        if _is_write(node):
            self.found.append(f"{self.where}:{self.function}:{node.lineno}")
        self.generic_visit(node)


def writes_in(source: str, where: str) -> list[str]:
    writes = _Writes(where)
    writes.visit(ast.parse(source))
    return writes.found


def _allowed(hit: str) -> bool:
    path, function, _ = hit.rsplit(":", 2)
    return path in ALLOWED or f"{path}:{function}" in ALLOWED


def test_no_module_outside_plans_writes_plans_sections_tasks_or_task_units() -> None:
    outside = [p for p in sorted(PACKAGE.rglob("*.py")) if "plans" not in p.relative_to(PACKAGE).parts[:1]]
    hits = [
        hit
        for path in outside
        if "migrations" not in path.parts
        for hit in writes_in(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))
    ]
    assert [hit for hit in hits if not _allowed(hit)] == [], "write through duban/plans/services"


def test_every_allowed_writer_still_writes() -> None:
    """An exception that no longer writes is taken off the list, so the list only shrinks."""
    for allowed in ALLOWED:
        path = allowed.split(":")[0]
        hits = writes_in((PACKAGE / path).read_text(encoding="utf-8"), path)
        assert any(allowed in (path, hit.rsplit(":", 1)[0]) for hit in hits), allowed


IMPORTS = "from duban.plans.models import Plan, Section, Task, TaskUnit\n"


@pytest.mark.parametrize(
    "code",
    [
        "Task.objects.create(title='建设')",
        "Plan.objects.get_or_create(title='计划')",
        "TaskUnit.objects.bulk_create(rows)",
        "Task.objects.filter(pk=1).update(status='done')",
        "section = Section(plan=plan, title='一、科技创新', position=1)",
        "def f(task):\n    task.save(update_fields=['deadline'])",
        "def f(report):\n    report.task.save()",
        "def f(plan):\n    plan.tasks.filter(seq='1').update(status='done')",
        "def f(task):\n    task.assignments.all().delete()",
        "def f(plan):\n    plan.sections.exclude(pk__in=[1]).delete()",
    ],
)
def test_the_scan_sees_each_shape_of_write(code: str) -> None:
    assert writes_in(IMPORTS + code, "reporting/example.py")


@pytest.mark.parametrize(
    "code",
    [
        "Task.objects.filter(plan=plan).count()",
        "def f(plan):\n    plan.round_rules.update(active=False)",
        "def f(report):\n    report.save(update_fields=['status'])",
        "def f(task):\n    return task.assignments.all()",
        "def f(task: Task) -> Task:\n    return task",
    ],
)
def test_the_scan_leaves_reads_and_other_rows_alone(code: str) -> None:
    assert writes_in(IMPORTS + code, "reporting/example.py") == []

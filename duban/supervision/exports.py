"""The item's 交办单: the plan's notice layout, one row, the 督办编号 under the title."""

from __future__ import annotations

from duban.core import clock
from duban.exports import LEAD_ROLE, SHARED_ROLE, AssignmentRow, UnitAssignmentExport
from duban.plans.choices import UnitRole
from duban.plans.models import Task
from duban.units.models import Unit


def item_assignment_export(task: Task, unit: Unit, *, office: str) -> UnitAssignmentExport:
    leads = task.named_units.get(UnitRole.LEAD, set())
    row = AssignmentRow(
        seq="1",
        title=task.title,
        role=LEAD_ROLE if unit.pk in leads else SHARED_ROLE,
        target=task.target,
        deadline=task.deadline,
        deadline_text=task.deadline_text,
        category=task.category,
    )
    title = f"{task.plan.title}·{task.category}" if task.category else task.plan.title
    return UnitAssignmentExport(
        unit.name, title, [row], issued_on=clock.today(), office=office, number=task.number or ""
    )

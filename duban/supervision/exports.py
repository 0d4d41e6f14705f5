"""The item's 交办单 (the plan's notice layout, one row, the 督办编号 under the title) and its 督办单."""

from __future__ import annotations

from duban.core import clock
from duban.exports import LEAD_ROLE, SHARED_ROLE, AssignmentRow, NoticeExport, UnitAssignmentExport
from duban.plans.choices import UnitRole
from duban.plans.models import Task
from duban.supervision.models import SupervisionNotice
from duban.supervision.selectors import local
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


def notice_export(notice: SupervisionNotice) -> NoticeExport:
    """A 督办单 as issued: the issuing office is the unit of the 督办员 who signed it."""
    issuer = notice.issued_by
    return NoticeExport(
        number=notice.number,
        level_label=notice.get_level_display(),
        office=issuer.unit.name if issuer is not None and issuer.unit else "",
        unit=notice.unit.name,
        item_number=notice.task.number or "",
        item_title=notice.task.title,
        problem=notice.problem,
        requirement=notice.requirement,
        due_on=notice.due_on,
        flagged=notice.flagged,
        copied_to=notice.copied_to,
        issued_on=local(notice.issued_at).date(),
    )

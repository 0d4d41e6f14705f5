"""归档: one .zip per year of closed items — per item its history as .docx in the official layout,
its evidence and report attachments — with ``manifest.sha256`` in sha256sum's format."""

from __future__ import annotations

import hashlib
import io
import zipfile

from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.freshness import plan_status_scope
from duban.common.refusals import Refused
from duban.core import clock
from duban.core.dates import cn_date
from duban.exports.item_docx import ItemEvent, ItemHistoryExport, render_item_history_docx
from duban.intake.storage import upload_path
from duban.plans.choices import UnitRole
from duban.reporting.models import ReportAttachment
from duban.supervision.access import is_office
from duban.supervision.models import CloseEvidence, Lifecycle
from duban.supervision.selectors import closed_in_year, item_history, local


def archive_year(*, actor: User | None, year: int) -> tuple[bytes, int]:
    """The year's archive and how many items it holds; refused when no item was closed that year."""
    if actor is not None and not is_office(actor):
        raise Refused("只有督办员可以归档")
    items = list(closed_in_year(year))
    if not items:
        raise Refused(f"{year}年没有已销号的督办件，无需归档")
    office = actor.unit.name if actor is not None and actor.unit else ""
    manifest: list[str] = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def put(name: str, data: bytes) -> None:
            archive.writestr(name, data)
            manifest.append(f"{hashlib.sha256(data).hexdigest()}  {name}")

        for lifecycle in items:
            folder = _folder(lifecycle)
            put(f"{folder}/办理情况.docx", render_item_history_docx(_export(lifecycle, office)))
            for kind, name, stored in _files(lifecycle):
                put(f"{folder}/{kind}/{name}", upload_path(stored).read_bytes())
        archive.writestr("manifest.sha256", "\n".join(manifest) + "\n")
    _mark_archived(actor, items, year)
    return buffer.getvalue(), len(items)


@transaction.atomic
def _mark_archived(actor: User | None, items: list[Lifecycle], year: int) -> None:
    """Each item records the day it went into an archive package (again, if archived once more)."""
    today = clock.today()
    Lifecycle.objects.filter(pk__in=[lc.pk for lc in items]).update(archived_on=today)
    who = actor.display_name() if actor is not None else "系统"
    for lifecycle in items:
        audit_record(
            actor=actor,
            action=Action.EXPORT,
            obj=lifecycle.task,
            message=f"{who}将督办件{lifecycle.task.number or ''}归入{year}年归档包",
            scope=plan_status_scope(lifecycle.task.plan_id),
        )


def _folder(lifecycle: Lifecycle) -> str:
    return (lifecycle.task.number or f"任务{lifecycle.task_id}").replace("/", "／")


def _files(lifecycle: Lifecycle) -> list[tuple[str, str, str]]:
    evidence = CloseEvidence.objects.filter(request__task=lifecycle.task_id)
    attachments = ReportAttachment.objects.filter(report__task=lifecycle.task_id)
    return [("佐证材料", e.file_name, e.stored_path) for e in evidence] + [
        ("填报附件", a.file_name, a.stored_path) for a in attachments
    ]


def _export(lifecycle: Lifecycle, office: str) -> ItemHistoryExport:
    task = lifecycle.task
    units = task.assignments.select_related("unit", "group")
    leads = "、".join(a.name for a in units if a.role == UnitRole.LEAD)
    responsible = "、".join(a.name for a in units if a.role == UnitRole.RESPONSIBLE)
    particulars = [
        ("督办编号", task.number or ""),
        ("来源", lifecycle.get_source_display()),
        ("督办事项", task.title),
        ("工作要求", task.target),
        ("牵头单位", leads),
        ("责任单位", responsible or "—"),
        ("批示领导", lifecycle.leader.display_name() if lifecycle.leader else "—"),
        ("完成时限", task.deadline_text or "—"),
        ("销号编号", lifecycle.closing_number),
        ("销号日期", cn_date(lifecycle.closed_on) if lifecycle.closed_on else ""),
    ]
    events = [
        ItemEvent(f"{local(line.at):%Y-%m-%d %H:%M}", line.actor, line.text) for line in item_history(task)
    ]
    return ItemHistoryExport(
        number=task.number or "",
        title=task.title,
        particulars=particulars,
        events=events,
        issued_on=clock.today(),
        office=office,
    )

"""The office's edits to a 纪要 / 批示 proposal, and confirming it: every kept item 交办ed at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from django.db import transaction

from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.refusals import Refused
from duban.intake.choices import ImportStatus
from duban.intake.importers import Applied
from duban.intake.services import intake_apply
from duban.supervision.minutes import MinutesImporter, MinutesProposal, ProposedItem
from duban.supervision.models import MinutesBatch


@transaction.atomic
def minutes_confirm(
    *, importer: MinutesImporter, batch: MinutesBatch, reference: str, items: Sequence[ProposedItem]
) -> Applied:
    """Keep the office's edits on the batch, then 交办 every kept item in the same transaction:
    a refusal of any item (no lead unit, a refused name) leaves nothing behind."""
    if batch.status != ImportStatus.PENDING:
        raise Refused(f"该导入已{batch.get_status_display()}，不能再次操作")
    proposal = MinutesProposal.from_dict(batch.parsed)
    if len(items) != len(proposal.items):
        raise Refused("事项数目与识别结果不符，请重新打开预览页")
    proposal.reference, proposal.items = reference.strip()[:200], list(items)
    batch.parsed = asdict(proposal)
    batch.save(update_fields=["parsed"])
    dropped = sum(not item.keep for item in items)
    audit_record(
        actor=importer.actor,
        action=Action.UPDATE,
        obj=batch,
        changes={"reference": proposal.reference, "kept": len(items) - dropped, "dropped": dropped},
        message=f"确认纪要批示识别结果：保留{len(items) - dropped}项，删去{dropped}项",
    )
    return intake_apply(importer=importer, batch=batch)

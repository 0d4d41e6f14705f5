"""会议纪要 and 批示 through the import pipeline: a file or pasted text → proposed items → 交办.

The splitter (``duban.ingest.minutes``) proposes the items; this importer matches their units
against the directory, resolves working-day deadlines with the calendar (or gives the kind's
default), and keeps the proposal as the batch's JSON, where the office's edits land too.
Confirming 交办s every kept item through ``item_assign``: each gets its 督办编号 and 签收 rows
and points at the stored file and its 文号.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from duban.accounts.models import User
from duban.common.roles import Role
from duban.core.dates import cn_date
from duban.core.deadlines import DeadlineKind
from duban.ingest import IngestError, Where
from duban.ingest.minutes import Minutes, MinutesItem, split_minutes
from duban.ingest.model import Document
from duban.intake.importers import Applied, Importer
from duban.plans.models import Task
from duban.reporting.choices import AdhocSource
from duban.reporting.services.adhoc import AdhocRequest, default_deadline
from duban.supervision.models import MinutesBatch
from duban.supervision.selectors import unit_directory
from duban.supervision.services.assign import item_assign
from duban.workdays.selectors import work_calendar

READABLE = {".docx", ".doc", ".wps", ".txt", ".pdf"}
PASTED_NAME = "粘贴的文本.txt"


@dataclass
class ProposedItem:
    """One item as the preview shows it and the office edits it."""

    title: str
    text: str
    lead_units: str  # names as the office writes them, 、-separated
    responsible_units: str
    deadline: str  # ISO date; empty means the kind's default
    deadline_text: str  # the phrase the deadline was read from, as written
    source: str  # AdhocSource value
    keep: bool = True


@dataclass
class MinutesProposal:
    title: str
    reference: str
    issued_on: str
    leaders: list[str]
    items: list[ProposedItem] = field(default_factory=list)

    @property
    def issued_in_words(self) -> str:
        """成文日期 as the office writes a day: 2025年11月18日."""
        return cn_date(dt.date.fromisoformat(self.issued_on)) if self.issued_on else ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MinutesProposal:
        items = [ProposedItem(**item) for item in data.get("items", [])]
        return cls(**{**data, "items": items})


@dataclass(frozen=True)
class MinutesPreview:
    proposal: MinutesProposal
    errors: list[str]

    @property
    def kept(self) -> list[ProposedItem]:
        return [item for item in self.proposal.items if item.keep]


class MinutesImporter(Importer[MinutesBatch, MinutesProposal, MinutesPreview]):
    def __init__(self, *, actor: User, today: dt.date, source: str = "", leader: User | None = None) -> None:
        self.actor, self.today, self.source, self.leader = actor, today, source, leader
        self.office = actor  # the pipeline's actor may be None (the command line); 交办 needs a person

    def admit(self, file_name: str) -> None:
        if Path(file_name).suffix.lower() not in READABLE:
            raise IngestError("会议纪要或批示请上传 Word、PDF 或文本文件", where=Where(file=file_name))

    def new_batch(self) -> MinutesBatch:
        return MinutesBatch(source=self.source, leader=self.leader)

    def read(self, document: Document) -> MinutesProposal:
        paragraphs = [p.text for p in document.paragraphs()]
        minutes = split_minutes(paragraphs, directory=unit_directory(), today=self.today)
        if not minutes.items:
            raise IngestError(
                "没有找到议定事项：请确认是会议纪要或批示的正文", where=Where(file=document.file)
            )
        self.leader = self.leader or _leader_named(minutes.leaders)  # read before the batch is made
        return self._proposal(minutes)

    def dump(self, doc: MinutesProposal) -> dict[str, Any]:
        return asdict(doc)

    def preview(self, batch: MinutesBatch) -> MinutesPreview:
        proposal = MinutesProposal.from_dict(batch.parsed)
        return MinutesPreview(proposal, _problems(proposal))

    def apply(self, batch: MinutesBatch, preview: MinutesPreview) -> Applied:
        numbers = [self._assign(batch, preview.proposal, item).number for item in preview.kept]
        return Applied(subject=batch, changes={"items": len(numbers), "numbers": numbers})

    def _assign(self, batch: MinutesBatch, proposal: MinutesProposal, item: ProposedItem) -> Task:
        request = AdhocRequest(
            source=AdhocSource(item.source),
            reference=proposal.reference,
            title=item.title,
            target=item.text,
            lead_units=item.lead_units,
            responsible_units=item.responsible_units,
            deadline=dt.date.fromisoformat(item.deadline) if item.deadline else None,
            document_name=batch.file_name,
            document_path=batch.stored_path,
        )
        return item_assign(actor=self.office, request=request, today=self.today, leader=batch.leader)

    def _proposal(self, minutes: Minutes) -> MinutesProposal:
        issued_on = minutes.issued_on or self.today
        return MinutesProposal(
            title=minutes.title[:200],
            reference=minutes.reference,
            issued_on=issued_on.isoformat(),
            leaders=list(minutes.leaders),
            items=[self._item(item, issued_on) for item in minutes.items],
        )

    def _item(self, item: MinutesItem, issued_on: dt.date) -> ProposedItem:
        return ProposedItem(
            title=item.title,
            text=item.text,
            lead_units="、".join([*item.lead_units, *item.unmatched_units]),
            responsible_units="、".join(item.responsible_units),
            deadline=self._deadline(item, issued_on).isoformat(),
            deadline_text=item.deadline.text if item.deadline else "",
            source=self.source,
        )

    def _deadline(self, item: MinutesItem, issued_on: dt.date) -> dt.date:
        """The stated deadline (working days counted on the calendar), else the kind's default."""
        found = item.deadline
        if found is not None and found.kind == DeadlineKind.WORKDAYS:
            day = found.resolve(work_calendar(), issued_on)
        else:
            day = found.date if found is not None else None
        return day or default_deadline(AdhocSource(self.source), self.today)


def _leader_named(names: Sequence[str]) -> User | None:
    """The leader whose 批示 it is (张明同志批示), when one of the office's leaders has that name."""
    if not names:
        return None
    leaders = User.objects.filter(role=Role.LEADER, is_active=True, full_name__in=names)
    return leaders.order_by("pk").first()


def _problems(proposal: MinutesProposal) -> list[str]:
    """What stops 交办: an item kept without a title or a lead unit, or nothing kept at all."""
    kept = [(n, item) for n, item in enumerate(proposal.items, start=1) if item.keep]
    if not kept:
        return ["没有保留任何事项：至少保留一项才能交办"]
    problems = [f"第{n}项：请填写交办事项" for n, item in kept if not item.title.strip()]
    problems += [f"第{n}项：请填写牵头单位" for n, item in kept if not item.lead_units.strip()]
    return problems

"""Returned 填报表 (回收表): the unit's form sent out, read back, matched, previewed and filed.

An upload stores nothing but its batches (one per file, each one unit's): confirming files the
matched rows as drafts, or submits them, in the round — as the unit's 填报员 when the unit
uploads, as 代报 when the office does (the audit row is the 督办员's and names the unit). A
change to what only the office may change (年度目标, 完成时限, units) is flagged, never applied.
"""

from __future__ import annotations

import contextlib
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError

from duban.accounts.models import User
from duban.common.refusals import Refused
from duban.ingest.errors import IngestError, Where
from duban.ingest.model import Document
from duban.ingest.returned import Candidate, Match, ReturnedTable, guarded_changes, match_rows, read_returned
from duban.intake.importers import Applied, Importer
from duban.intake.services import intake_discard, intake_upload
from duban.reporting.choices import Claim, ReportStatus, RoundStatus
from duban.reporting.models import ProgressReport, ReportingRound, ReturnBatch
from duban.reporting.selectors import unit_names_by_role
from duban.reporting.services.transitions import ReportContent, report_transition
from duban.units.models import Unit

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
ZIP_MEMBERS = 50  # a .zip of every town's table is a few dozen files
_CLAIMS = {"done": Claim.DONE, "not_done": Claim.NOT_DONE, "in_progress": Claim.IN_PROGRESS}


@dataclass(frozen=True)
class ReturnItem:
    """One matched row: the report as it stands beside what the file says, and what is flagged."""

    report: ProgressReport
    row: int
    how: str  # key / title
    new: ReportContent | None  # None: the row's 是否完成 could not be read
    flags: list[str]
    note: str = ""  # why the row will not be filed (already submitted …)

    @property
    def changed(self) -> bool:
        r, n = self.report, self.new
        if n is None:
            return False
        now = (r.progress, r.claim, r.shortfall_reason, r.problems, r.next_steps)
        return now != (n.progress, n.claim, n.shortfall_reason, n.problems, n.next_steps)

    @property
    def files(self) -> bool:
        return self.new is not None and not self.note and self.changed


@dataclass
class ReturnPreview:
    """What confirming one returned file would file, and what it would not."""

    unit: Unit
    items: list[ReturnItem] = field(default_factory=list)
    unmatched: list[Match] = field(default_factory=list)
    others: list[Match] = field(default_factory=list)  # rows of the whole table that other units lead
    missing: list[ProgressReport] = field(default_factory=list)  # the unit's reports no row matched
    errors: list[str] = field(default_factory=list)

    @property
    def to_file(self) -> list[ReturnItem]:
        return [item for item in self.items if item.files]


class ReturnImporter(Importer[ReturnBatch, ReturnedTable, ReturnPreview]):
    """A returned 填报表 for one round: the unit is the uploader's, or the one the file names."""

    def __init__(
        self,
        *,
        actor: User,
        round_: ReportingRound,
        upload: uuid.UUID,
        submit: bool = False,
        unit: Unit | None = None,
    ) -> None:
        self.actor = self.user = actor  # ``actor`` may be None for other importers; here never
        self.round, self.upload, self.submit = round_, upload, submit
        self.unit_given = unit  # the office's choice, for copies that do not name their unit
        self.unit: Unit | None = None

    def new_batch(self) -> ReturnBatch:
        assert self.unit is not None  # read() found it or refused the file
        return ReturnBatch(round=self.round, unit=self.unit, upload=self.upload)

    def read(self, document: Document) -> ReturnedTable:
        returned = read_returned(document)
        _refuse_other_round(returned, self.round, document.file)
        self.unit = self._unit_of(returned, document.file)
        return returned

    def _unit_of(self, returned: ReturnedTable, file: str) -> Unit:
        if self.user.is_unit_user:
            if returned.unit and returned.unit != (self.user.unit.name if self.user.unit else ""):
                raise IngestError(
                    f"这是{returned.unit}的填报表，只能上传本单位的填报表", where=Where(file=file)
                )
            assert self.user.unit is not None
            return self.user.unit
        named = Unit.objects.filter(name=returned.unit).first() if returned.unit else None
        return named or self.unit_given or self._unit_by_keys(returned, file)

    def _unit_by_keys(self, returned: ReturnedTable, file: str) -> Unit:
        task_ids = {row.key[1] for row in returned.rows if row.key}
        reports = self.round.reports.filter(task_id__in=task_ids, unit__isnull=False)
        units = {report.unit for report in reports.select_related("unit") if report.unit is not None}
        if len(units) != 1:
            raise IngestError(
                "无法判断这份表是哪个单位的：请在上传时选择单位，或在表上方写明“填报单位：××”",
                where=Where(file=file),
            )
        return units.pop()

    def dump(self, doc: ReturnedTable) -> dict[str, Any]:
        return doc.as_dict()

    def preview(self, batch: ReturnBatch) -> ReturnPreview:
        returned = ReturnedTable.from_dict(batch.parsed)
        reports = list(
            batch.round.reports.filter(unit=batch.unit)
            .select_related("task", "unit", "round")
            .prefetch_related("task__assignments__unit", "task__assignments__group")
        )
        by_task = {report.task_id: report for report in reports}
        candidates = [Candidate(r.task_id, r.task.seq, r.task.title) for r in reports]
        preview = ReturnPreview(unit=batch.unit)
        if batch.round.status != RoundStatus.OPEN:
            preview.errors.append(f"{batch.round.label}填报已结束，不能再上传回收表")
        for match in match_rows(returned.rows, candidates, round_id=batch.round_id):
            if match.task_id is None:
                theirs = _led_by_others(match, batch.unit.name)
                (preview.others if theirs else preview.unmatched).append(match)
                continue
            preview.items.append(_item(batch, by_task[match.task_id], match))
        matched = {item.report.pk for item in preview.items}
        preview.missing = [r for r in reports if r.pk not in matched]
        preview.errors.extend(_unreadable(preview.items, returned.file))
        return preview

    def apply(self, batch: ReturnBatch, preview: ReturnPreview) -> Applied:
        on_behalf = not self.user.is_unit_user
        to_file = preview.to_file  # taken first: a filed report no longer differs from its row
        for item in to_file:
            try:
                report_transition(
                    actor=self.user,
                    report=item.report,
                    action="submit" if self.submit else "save",
                    expected_version=item.report.version,
                    content=item.new,
                    on_behalf=on_behalf,
                )
            except ValidationError as error:
                task = item.report.task
                raise ValidationError(
                    f"第{task.seq}项“{task.title}”：" + "；".join(error.messages)
                ) from error
        changes = {
            "unit": batch.unit.name,
            "filed": len(to_file),
            "submitted": self.submit,
            "unmatched": len(preview.unmatched),
            "flagged": sum(bool(item.flags) for item in preview.items),
        }
        if on_behalf:
            changes["on_behalf_of"] = batch.unit.name
        return Applied(subject=batch, changes=changes)


def _led_by_others(match: Match, unit: str) -> bool:
    """A row of the office's whole table whose 牵头单位 names other units, not this one."""
    lead = match.row.values.get("lead", "")
    return bool(lead.strip()) and unit not in lead


def _refuse_other_round(returned: ReturnedTable, round_: ReportingRound, file: str) -> None:
    """A form made for another round names it: refused, saying whether that round is over."""
    others = returned.round_ids() - {round_.pk}
    label = returned.round_label if returned.round_label and returned.round_label != round_.label else ""
    if not others and not label:
        return
    other = ReportingRound.objects.filter(pk__in=others).first() if others else None
    name = other.label if other else label
    if other is not None and other.status != RoundStatus.OPEN:
        raise IngestError(f"这是{name}的填报表，该轮次已结束，不能再上传", where=Where(file=file))
    raise IngestError(f"这是{name}的填报表，请到该轮次上传（当前为{round_.label}）", where=Where(file=file))


def _item(batch: ReturnBatch, report: ProgressReport, match: Match) -> ReturnItem:
    row = match.row
    claim = row.claim()
    new = None
    if claim is not None:
        new = ReportContent(
            progress=row.values.get("progress", report.progress),
            claim=_CLAIMS[claim[0]],
            shortfall_reason=claim[1],
            problems=row.values.get("problems", report.problems),
            next_steps=row.values.get("next_steps", report.next_steps),
        )
    flags = [f"{batch.unit.name}在回收表中修改了{label}" for label in guarded_changes(row, _current(report))]
    note = "" if report.status in EDITABLE else f"已{report.get_status_display()}，本次不修改"
    return ReturnItem(report, row.row, match.how, new, flags, note)


def _current(report: ProgressReport) -> dict[str, str]:
    task = report.task
    names = unit_names_by_role(task)
    return {
        "target": task.target,
        "deadline": task.deadline_text,
        "lead": " ".join(names["lead"]),
        "responsible": " ".join(names["responsible"]),
    }


def _unreadable(items: list[ReturnItem], file: str) -> list[str]:
    return [
        f"{file} 第{item.row}行：“是否完成”应填“是”“否”或“推进中”"
        for item in items
        if item.new is None and not item.note
    ]


def returns_upload(
    *,
    actor: User,
    round_: ReportingRound,
    files: Iterable[tuple[str, IO[bytes]]],
    unit: Unit | None = None,
) -> tuple[uuid.UUID, list[ReturnBatch], list[str]]:
    """Read each file (a .zip's members one by one) into a pending batch; nothing is filed.

    Returns the upload's id, its batches and, per file that could not be read, why (file, row, column).
    ``unit`` is the office's choice for files that name no unit (a copy of its own table).
    """
    if round_.status != RoundStatus.OPEN:
        raise Refused(f"{round_.label}填报已结束，不能再上传回收表")
    upload = uuid.uuid4()
    batches: list[ReturnBatch] = []
    refusals: list[str] = []
    for name, stream in _members(files, refusals):
        importer = ReturnImporter(actor=actor, round_=round_, upload=upload, unit=unit)
        try:
            batches.append(intake_upload(importer=importer, chunks=_chunks(stream), file_name=name))
        except IngestError as error:
            refusals.append(str(error))
    _refuse_second_copies(actor, batches, refusals)
    return upload, batches, refusals


def _members(files: Iterable[tuple[str, IO[bytes]]], refusals: list[str]) -> Iterator[tuple[str, IO[bytes]]]:
    for name, stream in files:
        if PurePath(name).suffix.lower() != ".zip":
            yield name, stream
            continue
        try:
            archive = zipfile.ZipFile(stream)
        except zipfile.BadZipFile:
            refusals.append(f"{name}：压缩包已损坏，无法打开")
            continue
        yield from _zip_members(name, archive, refusals)


def _zip_members(name: str, archive: zipfile.ZipFile, refusals: list[str]) -> Iterator[tuple[str, IO[bytes]]]:
    members = [m for m in archive.infolist() if not m.is_dir() and not _is_furniture(m.filename)]
    if len(members) > ZIP_MEMBERS:
        refusals.append(f"{name}：压缩包中有{len(members)}个文件，一次最多{ZIP_MEMBERS}个")
        return
    for member in members:
        if member.file_size > settings.MAX_UPLOAD_BYTES:
            refusals.append(f"{name} 中的 {_member_name(member)}：文件过大")
            continue
        with archive.open(member) as stream:
            yield _member_name(member), stream


def _member_name(member: zipfile.ZipInfo) -> str:
    """The member's own name; Windows zips Chinese names in GBK without saying so."""
    raw = member.filename
    if not member.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            raw = raw.encode("cp437").decode("gb18030")
    return PurePath(raw).name


def _is_furniture(name: str) -> bool:
    return name.startswith("__MACOSX/") or PurePath(name).name.startswith((".", "~$"))


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    return iter(lambda: stream.read(64 * 1024), b"")


def _refuse_second_copies(actor: User, batches: list[ReturnBatch], refusals: list[str]) -> None:
    """One preview per unit: a second file for a unit already in the upload is named, not merged."""
    seen: dict[int, str] = {}
    for batch in list(batches):
        if batch.unit_id in seen:
            refusals.append(
                f"{batch.file_name}：与“{seen[batch.unit_id]}”同为{batch.unit.name}的填报表，只预览第一份"
            )
            batches.remove(batch)
            intake_discard(actor=actor, batch=batch)
        else:
            seen[batch.unit_id] = batch.file_name

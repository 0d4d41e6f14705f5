"""The intake pipeline: a file is stored and read into a batch, then confirmed once or discarded,
every step audited, and a confirmation either stores everything or nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.core.plan import PlanDoc
from duban.demo import BUILDINGS_PLAN_2022, KEY_WORK_2025
from duban.ingest import IngestError, parse_file
from duban.ingest.model import Document
from duban.intake.importers import Applied
from duban.intake.services import intake_apply, intake_discard, intake_upload, intake_upload_file
from duban.intake.storage import upload_path
from duban.plans.models import ImportBatch, Plan, Task
from duban.plans.previews import ImportPreview
from duban.plans.services.imports import PlanImporter
from duban.units.models import Unit


class FailingAfterStoring(PlanImporter):
    """Stores the whole plan, then fails: what a late error (a full disk, a bug) looks like."""

    def apply(self, batch: ImportBatch, preview: ImportPreview) -> Applied:
        super().apply(batch, preview)
        raise ValidationError("写入中途失败")


class TooLongNumber(PlanImporter):
    """Reads the plan with a 序号 longer than the database keeps, which its preview refuses."""

    def read(self, document: Document) -> PlanDoc:
        plan = super().read(document)
        plan.sections[0].tasks[0].seq = "1" * 30
        return plan


@pytest.fixture
def upload(wang: User) -> Callable[..., ImportBatch]:
    def make(path: Path = KEY_WORK_2025, importer: PlanImporter | None = None) -> ImportBatch:
        return intake_upload_file(importer=importer or PlanImporter(actor=wang), path=path)

    return make


def _imports_audited() -> int:
    return AuditEntry.objects.filter(action="import").count()


def test_an_upload_keeps_its_file_under_a_new_name_and_the_plan_read_from_it(
    upload: Callable[..., ImportBatch], wang: User
) -> None:
    batch = upload(BUILDINGS_PLAN_2022)
    stored = upload_path(batch.stored_path)
    assert stored.read_bytes() == BUILDINGS_PLAN_2022.read_bytes()
    assert stored.name != BUILDINGS_PLAN_2022.name and batch.stored_path.startswith("imports/")
    assert batch.sha256 == hashlib.sha256(BUILDINGS_PLAN_2022.read_bytes()).hexdigest()
    assert batch.status == "pending" and batch.created_by == wang
    assert ImportBatch.objects.get().doc == parse_file(BUILDINGS_PLAN_2022)
    entry = AuditEntry.objects.get(action="upload")
    assert entry.result == "success" and entry.changes == {"sha256": batch.sha256, "size": batch.size}


def test_a_file_the_gate_refuses_leaves_no_file_no_batch_and_one_audit_row_of_refusal(wang: User) -> None:
    folder = Path(settings.UPLOAD_DIR) / "imports"
    before = set(folder.glob("*"))
    fake = [b"%PDF-1.7 not a word file"]
    with pytest.raises(IngestError, match="这其实是PDF 文件"):
        intake_upload(importer=PlanImporter(actor=wang), chunks=fake, file_name="安排表.docx")
    assert set(folder.glob("*")) == before
    assert not ImportBatch.objects.exists()
    assert AuditEntry.objects.get(action="upload").result == "failure"


def test_a_batch_cannot_be_applied_twice(upload: Callable[..., ImportBatch], wang: User) -> None:
    batch = upload()
    intake_apply(importer=PlanImporter(actor=wang), batch=batch)
    with pytest.raises(ValidationError, match="已导入，不能再次操作"):
        intake_apply(importer=PlanImporter(actor=wang), batch=batch)
    assert Plan.objects.count() == 1 and _imports_audited() == 1


def test_a_copy_read_before_the_batch_was_applied_cannot_apply_it_again(
    upload: Callable[..., ImportBatch], wang: User
) -> None:
    batch = upload()
    second_tab = ImportBatch.objects.get(pk=batch.pk)
    intake_apply(importer=PlanImporter(actor=wang), batch=batch)
    assert second_tab.status == "pending"
    with pytest.raises(ValidationError, match="已导入"):
        intake_apply(importer=PlanImporter(actor=wang), batch=second_tab)
    assert _imports_audited() == 1 and Task.objects.count() == 73


def test_a_discarded_batch_cannot_be_applied_nor_discarded_again(
    upload: Callable[..., ImportBatch], wang: User
) -> None:
    batch = upload()
    intake_discard(actor=wang, batch=batch)
    with pytest.raises(ValidationError, match="已放弃"):
        intake_apply(importer=PlanImporter(actor=wang), batch=batch)
    with pytest.raises(ValidationError, match="已放弃"):
        intake_discard(actor=wang, batch=batch)
    assert not Plan.objects.exists()
    assert AuditEntry.objects.get(action="update").changes == {"status": ["pending", "discarded"]}


def test_discarding_deletes_the_stored_file_once_committed(
    upload: Callable[..., ImportBatch], wang: User, django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    batch = upload()
    stored = upload_path(batch.stored_path)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        intake_discard(actor=wang, batch=batch)
        assert stored.exists()  # kept until the discard is committed
    assert not stored.exists()
    assert ImportBatch.objects.get().status == "discarded"


def test_a_failing_apply_leaves_nothing_behind_and_no_audit_row_of_success(
    upload: Callable[..., ImportBatch], wang: User
) -> None:
    batch = upload()
    units, audited = Unit.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="写入中途失败"):
        intake_apply(importer=FailingAfterStoring(actor=wang), batch=batch)
    assert not (Plan.objects.exists() or Task.objects.exists())
    assert Unit.objects.count() == units  # the units it created went with it
    assert AuditEntry.objects.count() == audited and _imports_audited() == 0
    assert ImportBatch.objects.get().status == "pending"
    assert upload_path(batch.stored_path).exists()  # the office may still confirm or discard it


def test_a_batch_whose_preview_shows_errors_is_refused_with_them(
    upload: Callable[..., ImportBatch], wang: User
) -> None:
    importer = TooLongNumber(actor=wang)
    batch = upload(importer=importer)
    with pytest.raises(ValidationError) as refused:
        intake_apply(importer=importer, batch=batch)
    assert refused.value.messages == [f"霞客湾科学城2025年重点工作安排表 第{'1' * 30}项：seq 超过 20 字"]
    assert not Plan.objects.exists() and _imports_audited() == 0

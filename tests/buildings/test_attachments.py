"""What a building attachment's gate accepts, and what it keeps of a file's name."""

from __future__ import annotations

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.models import AuditEntry
from duban.buildings.models import Building
from duban.buildings.services.attachments import attachment_add

PDF = b"%PDF-1.4\n" + b"0" * 64


def test_a_very_long_pdf_name_is_shortened_keeping_its_extension(
    qingyang_building: Building, wang: User
) -> None:
    long_name = "楼" * 296 + ".pdf"
    attachment = attachment_add(actor=wang, building=qingyang_building, chunks=[PDF], file_name=long_name)
    assert attachment.kind == "pdf"
    assert len(attachment.file_name) <= 200 and attachment.file_name.endswith("….pdf")
    entry = AuditEntry.objects.get(action=Action.UPLOAD, object_id=str(attachment.pk))
    assert entry.changes["file_name"] == long_name

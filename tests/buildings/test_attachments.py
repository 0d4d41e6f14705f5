"""What a building attachment's gate accepts, and what it keeps of a file's name."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.models import AuditEntry
from duban.buildings.models import Building
from duban.buildings.services.attachments import ALLOWED, attachment_add
from duban.ingest.errors import IngestError

PDF = b"%PDF-1.4\n" + b"0" * 64 + b"\n%%EOF\n"


def test_a_very_long_pdf_name_is_shortened_keeping_its_extension(
    qingyang_building: Building, wang: User
) -> None:
    long_name = "楼" * 296 + ".pdf"
    attachment = attachment_add(actor=wang, building=qingyang_building, chunks=[PDF], file_name=long_name)
    assert attachment.kind == "pdf"
    assert len(attachment.file_name) <= 200 and attachment.file_name.endswith("….pdf")
    entry = AuditEntry.objects.get(action=Action.UPLOAD, object_id=str(attachment.pk))
    assert entry.changes["file_name"] == long_name


def test_the_refusal_lists_every_kind_the_gate_accepts(qingyang_building: Building, wang: User) -> None:
    with pytest.raises(IngestError) as refused:
        attachment_add(actor=wang, building=qingyang_building, chunks=[b"MZ"], file_name="setup.exe")
    listed = set(re.findall(r"\.([a-z]+)", refused.value.message))
    assert listed == set(ALLOWED) and {"txt", "csv", "wps"} <= listed


def test_a_text_file_is_accepted_as_the_message_says(qingyang_building: Building, wang: User) -> None:
    note = "楼宇情况说明".encode()
    attachment = attachment_add(actor=wang, building=qingyang_building, chunks=[note], file_name="说明.txt")
    assert attachment.kind == "txt"


@pytest.mark.parametrize("name", ["空照片.jpg", "空说明.docx"])
def test_an_empty_attachment_is_refused_with_a_message_naming_it(
    name: str, li: User, qingyang_building: Building, client_for: Callable[[User], Client]
) -> None:
    url = reverse("buildings:attachment_upload", args=[qingyang_building.pk])
    page = client_for(li).post(url, {"file": SimpleUploadedFile(name, b"")}, follow=True).content.decode()
    assert f"附件未保存：{name}：文件是空的（0 字节）" in page
    assert not qingyang_building.attachments.exists()

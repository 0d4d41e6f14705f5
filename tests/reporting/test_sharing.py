"""Contributions, attachments and deadline extensions around a report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.models import AuditEntry
from duban.common.refusals import Refused
from duban.ingest import IngestError
from duban.reporting.models import ProgressReport
from duban.reporting.services.attachments import attachment_add
from duban.reporting.services.contributions import contribution_add
from duban.reporting.services.extensions import extension_decide, extension_request

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_responsible_unit_adds_its_part_and_it_is_attributed(
    shared_report: ProgressReport, li: User
) -> None:
    contribution_add(actor=li, report=shared_report, text="青阳镇已完成周边道路配套。")
    contribution_add(actor=li, report=shared_report, text="青阳镇已完成周边道路和管网配套。")
    assert [(c.unit.name, c.author) for c in shared_report.contributions.all()] == [
        ("青阳镇", li),
        ("青阳镇", li),
    ]


def test_the_lead_unit_does_not_contribute_to_its_own_report(
    qingyang_report: ProgressReport, li: User
) -> None:
    with pytest.raises(Refused, match="责任单位"):
        contribution_add(actor=li, report=qingyang_report, text="……")


def test_an_attachment_is_checked_stored_and_served_only_to_readers(
    qingyang_report: ProgressReport, li: User, zhou: User, client_for: Callable[[User], Client]
) -> None:
    attachment = attachment_add(actor=li, report=qingyang_report, chunks=[PNG], file_name="现场照片.png")
    assert len(attachment.sha256) == 64 and attachment.stored_path.startswith("attachments/")
    url = reverse("reporting:attachment", args=[attachment.pk])
    response = client_for(li).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E7%8E%B0" in response["Content-Disposition"]
    assert client_for(zhou).get(url).status_code == 404


def test_a_renamed_file_is_refused_as_an_attachment(qingyang_report: ProgressReport, li: User) -> None:
    with pytest.raises(IngestError, match="不符"):
        attachment_add(
            actor=li, report=qingyang_report, chunks=[b"MZ\x90\x00 not a photo"], file_name="照片.png"
        )
    with pytest.raises(IngestError, match="只接受"):
        attachment_add(actor=li, report=qingyang_report, chunks=[b"#!/bin/sh"], file_name="run.sh")


def test_an_extension_is_requested_approved_and_both_dates_are_kept(
    qingyang_report: ProgressReport, li: User, wang: User
) -> None:
    task = qingyang_report.task
    task.deadline, task.deadline_text = dt.date(2025, 11, 30), "2025年11月"
    task.save()
    extension = extension_request(
        actor=li, task=task, new_deadline=dt.date(2026, 3, 31), reason="设备延迟到货"
    )
    extension_decide(actor=wang, extension=extension, approve=True, note="同意，请按期完成")
    task.refresh_from_db()
    assert task.deadline == dt.date(2026, 3, 31) and "原2025年11月" in task.deadline_text
    extension.refresh_from_db()
    assert (extension.old_deadline, extension.new_deadline, extension.status) == (
        dt.date(2025, 11, 30),
        dt.date(2026, 3, 31),
        "approved",
    )


def test_an_extension_is_for_the_lead_unit_and_decided_by_the_office(
    shared_report: ProgressReport, li: User, wang: User
) -> None:
    with pytest.raises(Refused, match="牵头单位"):
        extension_request(actor=li, task=shared_report.task, new_deadline=dt.date(2026, 1, 31), reason="……")
    lead_task = ProgressReport.objects.get(
        round=shared_report.round, task__seq="14", task__section__position=1
    ).task
    extension = extension_request(actor=li, task=lead_task, new_deadline=dt.date(2026, 1, 31), reason="天气")
    with pytest.raises(Refused, match="督办员"):
        extension_decide(actor=li, extension=extension, approve=True)
    extension_decide(actor=wang, extension=extension, approve=False, note="理由不充分")
    lead_task.refresh_from_db()
    assert lead_task.deadline is None


def test_the_upload_form_on_the_report_page(
    qingyang_report: ProgressReport, li: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(li)
    upload = SimpleUploadedFile("照片.png", PNG)
    client.post(reverse("reporting:attach", args=[qingyang_report.pk]), {"file": upload})
    page = client.get(reverse("reporting:report", args=[qingyang_report.pk])).content.decode()
    assert "照片.png" in page


def test_an_empty_attachment_is_refused_with_a_message_naming_it(
    qingyang_report: ProgressReport, li: User, client_for: Callable[[User], Client]
) -> None:
    upload = SimpleUploadedFile("现场照片.pdf", b"")
    url = reverse("reporting:attach", args=[qingyang_report.pk])
    page = client_for(li).post(url, {"file": upload}, follow=True).content.decode()
    assert "现场照片.pdf：文件是空的（0 字节）" in page
    assert not qingyang_report.attachments.exists()


def test_an_upload_without_a_file_is_told_to_choose_one(
    qingyang_report: ProgressReport, li: User, client_for: Callable[[User], Client]
) -> None:
    url = reverse("reporting:attach", args=[qingyang_report.pk])
    assert "请选择要上传的附件" in client_for(li).post(url, {}, follow=True).content.decode()


def test_a_very_long_pdf_name_is_shortened_keeping_its_extension(
    qingyang_report: ProgressReport, li: User
) -> None:
    long_name = "报" * 296 + ".pdf"
    pdf = b"%PDF-1.4\n" + b"0" * 64
    attachment = attachment_add(actor=li, report=qingyang_report, chunks=[pdf], file_name=long_name)
    assert len(attachment.file_name) <= 255 and attachment.file_name.endswith("….pdf")
    entry = AuditEntry.objects.get(action=Action.UPLOAD, object_id=str(qingyang_report.pk))
    assert entry.changes["attachment"] == long_name

"""Uploading an attachment from the report form saves what was typed with it, and a refused file
shows the form again with the text still in it."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.reporting.choices import Claim, ReportStatus
from duban.reporting.models import ProgressReport
from tests.reporting.test_sharing import PNG

TYPED = {
    "progress": "设备安装完成，正在调试。",
    "claim": "not_done",
    "shortfall_reason": "进口设备到货晚两周",
}


def _typed(report: ProgressReport, **extra: object) -> dict[str, object]:
    report.refresh_from_db()
    return {"version": str(report.version), **TYPED, **extra}


def test_an_upload_from_the_form_saves_the_typed_text_and_the_file(
    qingyang_report: ProgressReport, li: User, client_for: Callable[[User], Client]
) -> None:
    url = reverse("reporting:attach", args=[qingyang_report.pk])
    response = client_for(li).post(url, _typed(qingyang_report, file=SimpleUploadedFile("现场.png", PNG)))
    assert response.status_code == 302
    qingyang_report.refresh_from_db()
    assert qingyang_report.progress == TYPED["progress"] and qingyang_report.claim == Claim.NOT_DONE
    assert qingyang_report.shortfall_reason == "进口设备到货晚两周"
    assert qingyang_report.status == ReportStatus.DRAFT and qingyang_report.version == 2
    assert [a.file_name for a in qingyang_report.attachments.all()] == ["现场.png"]


def test_a_refused_upload_shows_the_form_again_with_the_typed_text(
    qingyang_report: ProgressReport, li: User, client_for: Callable[[User], Client]
) -> None:
    url = reverse("reporting:attach", args=[qingyang_report.pk])
    renamed = SimpleUploadedFile("现场.png", b"not a picture at all")
    response = client_for(li).post(url, _typed(qingyang_report, file=renamed))
    page = response.content.decode()
    assert response.status_code == 400
    assert "文件内容与扩展名 .png 不符" in page
    assert "设备安装完成，正在调试。" in page and "进口设备到货晚两周" in page
    assert '<option value="not_done" selected>' in page
    assert not qingyang_report.attachments.exists()


def test_a_file_chosen_before_pressing_submit_goes_up_with_the_report(
    qingyang_report: ProgressReport, li: User, client_for: Callable[[User], Client]
) -> None:
    url = reverse("reporting:act", args=[qingyang_report.pk, "submit"])
    client_for(li).post(url, _typed(qingyang_report, file=SimpleUploadedFile("验收单.pdf", b"%PDF-1.4\n")))
    qingyang_report.refresh_from_db()
    assert qingyang_report.status == ReportStatus.SUBMITTED
    assert [a.file_name for a in qingyang_report.attachments.all()] == ["验收单.pdf"]


def test_a_stale_form_keeps_the_text_and_uploads_nothing(
    qingyang_report: ProgressReport, li: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(li)
    client.post(reverse("reporting:act", args=[qingyang_report.pk, "save"]), _typed(qingyang_report))
    url = reverse("reporting:attach", args=[qingyang_report.pk])
    stale = {**_typed(qingyang_report), "version": "1", "progress": "旧页面上新写的一段"}
    response = client.post(url, {**stale, "file": SimpleUploadedFile("现场.png", PNG)})
    assert response.status_code == 409 and "旧页面上新写的一段" in response.content.decode()
    assert not qingyang_report.attachments.exists()

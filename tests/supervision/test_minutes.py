"""会议纪要 and 批示 into items: paste or upload, correct the proposal, confirm — numbered and linked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.display import entries_in_words
from duban.auditlog.models import AuditEntry
from duban.intake.choices import ImportStatus
from duban.plans.models import Task
from duban.reporting.models import AdhocAssignment
from duban.supervision.models import Acknowledgement, Lifecycle, MinutesBatch
from duban.units.models import Unit, UnitAlias

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]
CORPUS = Path(__file__).parent.parent / "ingest" / "minutes"

# A test input in the shape of a county's 专题会议纪要 (the real ones are in tests/ingest/minutes).
MINUTES = """霞浦县人民政府专题会议纪要
霞政纪〔2025〕12号
2025年11月18日
出席：王县长
会议议定如下：
一、由青阳镇牵头，月城镇配合，两周内完成老旧小区安全排查。
二、请月城7个工作日内报送整改方案。
三、会议要求各单位加强安全生产宣传。"""


def text(response: HttpResponse) -> str:
    return response.content.decode()


@pytest.fixture
def batch(wang: User, qingyang: Unit, yuecheng: Unit, client_for: Login) -> MinutesBatch:
    UnitAlias.objects.create(name="月城", unit=yuecheng)
    body = {"source": "minutes", "text": MINUTES}
    response = client_for(wang).post(reverse("supervision:minutes"), body)
    assert response.status_code == 302, text(response)
    return MinutesBatch.objects.get()


def confirm_body(batch: MinutesBatch, **changes: dict[str, Any]) -> dict[str, str]:
    """The preview's form as the browser sends it, with the office's changes per item index
    (None leaves a field out, as an unticked box is left out)."""
    items = batch.parsed["items"]
    body = {
        "form-TOTAL_FORMS": str(len(items)),
        "form-INITIAL_FORMS": str(len(items)),
        "reference": "霞政纪〔2025〕12号",
    }
    for n, item in enumerate(items):
        fields = {
            key: item[key] for key in ("title", "lead_units", "responsible_units", "deadline", "source")
        }
        fields |= {"keep": "on"} | changes.get(f"item{n}", {})
        body |= {f"form-{n}-{key}": value for key, value in fields.items() if value is not None}
    return body


def test_pasted_minutes_become_proposed_items_with_units_and_deadlines(batch: MinutesBatch) -> None:
    proposal = batch.parsed
    assert proposal["reference"] == "霞政纪〔2025〕12号"
    first, second, third = proposal["items"]
    assert (first["lead_units"], first["responsible_units"]) == ("青阳镇", "月城镇")
    assert (first["deadline"], first["deadline_text"]) == ("2025-12-02", "两周内")
    # the alias 月城 is 月城镇; seven working days from 18 November
    assert (second["lead_units"], second["deadline"]) == ("月城镇", "2025-11-27")
    assert third["lead_units"] == "" and third["deadline_text"] == ""  # the default for 会议纪要


def test_the_preview_page_shows_each_item_with_its_phrase(
    batch: MinutesBatch, wang: User, client_for: Login
) -> None:
    page = text(client_for(wang).get(reverse("supervision:minutes_batch", args=[batch.pk])))
    assert page.count('data-testid="proposed-item"') == 3
    assert "原文：两周内" in page and "原文未写，按来源默认" in page
    assert "成文日期：2025年11月18日" in page


def test_confirming_numbers_each_kept_item_and_links_the_document(
    batch: MinutesBatch, wang: User, li: User, client_for: Login
) -> None:
    body = confirm_body(batch, item0={"title": "完成老旧小区安全排查"}, item2={"keep": None})
    url = reverse("supervision:minutes_batch", args=[batch.pk])
    page = text(client_for(wang).post(url, body, follow=True))
    assert "已交办2项：霞议〔2025〕1号、霞议〔2025〕2号" in page
    first = Task.objects.get(number="霞议〔2025〕1号")
    assert first.title == "完成老旧小区安全排查" and first.deadline == dt.date(2025, 12, 2)
    assert first.target.startswith("由青阳镇牵头，月城镇配合")
    source = AdhocAssignment.objects.get(task=first)
    assert (source.reference, source.document_name) == ("霞政纪〔2025〕12号", "粘贴的文本.txt")
    assert set(Acknowledgement.objects.filter(task=first).values_list("unit__name", flat=True)) == {
        "青阳镇",
        "月城镇",
    }
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED
    (imported,) = entries_in_words(AuditEntry.objects.filter(action=Action.IMPORT, changes__items=2))
    assert {"交办事项数", "督办编号"} <= {change.label for change in imported.changes}
    download = client_for(li).get(reverse("supervision:source_document", args=[first.pk]))
    assert b"".join(download.streaming_content).decode().startswith("霞浦县人民政府专题会议纪要")  # type: ignore[attr-defined]


def test_an_item_kept_without_a_lead_unit_refuses_the_whole_confirmation(
    batch: MinutesBatch, wang: User, client_for: Login
) -> None:
    url = reverse("supervision:minutes_batch", args=[batch.pk])
    page = text(client_for(wang).post(url, confirm_body(batch), follow=True))
    assert "第3项：请填写牵头单位" in page
    assert not Task.objects.exists() and not Lifecycle.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PENDING


def test_a_form_with_items_missing_is_refused_whole(
    batch: MinutesBatch, wang: User, client_for: Login
) -> None:
    body = confirm_body(batch) | {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2"}
    url = reverse("supervision:minutes_batch", args=[batch.pk])
    page = text(client_for(wang).post(url, body, follow=True))
    assert "事项数目与识别结果不符" in page
    assert not Task.objects.exists()


def test_a_word_file_of_real_minutes_is_read_into_items(wang: User, client_for: Login) -> None:
    docx = (CORPUS / "linyi_zhujian_2021_2.docx").read_bytes()
    upload = SimpleUploadedFile("局长办公会纪要.docx", docx)
    response = client_for(wang).post(
        reverse("supervision:minutes"), {"source": "minutes", "document": upload}
    )
    assert response.status_code == 302
    batch = MinutesBatch.objects.get()
    assert batch.parsed["reference"] == "局长办公会会议纪要【2021】第2号"
    assert len(batch.parsed["items"]) == 3


def test_a_spreadsheet_is_refused_in_chinese(wang: User, client_for: Login) -> None:
    upload = SimpleUploadedFile("台账.csv", "事项,单位\n".encode())
    response = client_for(wang).post(
        reverse("supervision:minutes"), {"source": "minutes", "document": upload}
    )
    assert "会议纪要或批示请上传 Word、PDF 或文本文件" in text(response)
    assert not MinutesBatch.objects.exists()


def test_discarding_keeps_nothing(batch: MinutesBatch, wang: User, client_for: Login) -> None:
    client_for(wang).post(reverse("supervision:minutes_discard", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DISCARDED


def test_an_instruction_names_its_leader_when_the_office_has_one_of_that_name(
    wang: User, zhang: User, qingyang: Unit, client_for: Login
) -> None:
    zhang.full_name = "张明"
    zhang.save(update_fields=["full_name"])
    body = {"source": "instruction", "text": "张明同志批示：“请青阳镇三个工作日内核实情况并报告。”"}
    client_for(wang).post(reverse("supervision:minutes"), body)
    batch = MinutesBatch.objects.get()
    assert batch.leader == zhang
    (item,) = batch.parsed["items"]
    assert (item["lead_units"], item["deadline"]) == ("青阳镇", "2025-11-25")

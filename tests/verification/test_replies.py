"""申辩: a unit answers the findings on its own tasks, with a file if it has one; the office
upholds or withdraws with a note the unit reads; every step is in the audit log."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.common.refusals import Refused
from duban.plans.models import Plan
from duban.verification.models import Finding, FindingReply
from duban.verification.services import Upload, finding_reply_add, finding_reply_decide
from tests.reporting.conftest import task

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
def finding(plan_2025: Plan) -> Finding:
    """A finding on row 14, which 青阳镇 leads."""
    row14 = task(plan_2025, "14")
    return Finding.objects.create(
        plan=plan_2025,
        task=row14,
        section=row14.section.title,
        seq=row14.seq,
        check_code="claimed_done_but_pending",
        severity="严重",
        message="填报称已完成，但进展写“厂房主体在建，尚未竣工”",
        evidence=[{"target": "项目竣工。", "actual": "尚未竣工", "source_text": "厂房主体在建，尚未竣工。"}],
        last_seen=timezone.now(),
    )


def test_the_unit_sees_the_findings_on_its_own_tasks_only(
    finding: Finding, li: User, zhou: User, client_for: Callable[[User], Client]
) -> None:
    own = client_for(li).get(reverse("verification:mine")).content.decode()
    assert "厂房主体在建" in own and "称已完成但关键环节尚未完成" in own and "提交申辩" in own
    other = client_for(zhou).get(reverse("verification:mine")).content.decode()
    assert "厂房主体在建" not in other and "本单位牵头的任务暂无核查发现" in other
    refused = client_for(zhou).post(reverse("verification:reply", args=[finding.pk]), {"text": "与我无关"})
    assert refused.status_code == 404 and not FindingReply.objects.exists()


def test_the_unit_replies_with_a_file_and_the_office_reads_it(
    finding: Finding, li: User, wang: User, zhou: User, client_for: Callable[[User], Client]
) -> None:
    upload = SimpleUploadedFile("竣工验收单.jpg", JPEG, content_type="image/jpeg")
    data = {"text": "厂房已于11月10日竣工验收，进展写的是上月情况", "file": upload}
    response = client_for(li).post(reverse("verification:reply", args=[finding.pk]), data, follow=True)
    assert "申辩已提交，等待督办员裁定" in response.content.decode()
    reply = FindingReply.objects.get()
    assert reply.unit.name == "青阳镇" and reply.file_name == "竣工验收单.jpg" and reply.size == len(JPEG)
    waiting = client_for(wang).get(reverse("verification:replies")).content.decode()
    assert "厂房已于11月10日竣工验收" in waiting and "竣工验收单.jpg" in waiting
    file_url = reverse("verification:reply_file", args=[reply.pk])
    assert b"".join(client_for(wang).get(file_url).streaming_content) == JPEG
    assert client_for(zhou).get(file_url).status_code == 404
    line = AuditEntry.objects.filter(object_type="verification.Finding", action="create").get()
    assert line.message == "青阳镇申辩：厂房已于11月10日竣工验收，进展写的是上月情况"


def test_a_refused_file_keeps_the_text_typed(
    finding: Finding, li: User, client_for: Callable[[User], Client]
) -> None:
    upload = SimpleUploadedFile("验收单.jpg", b"not a picture", content_type="image/jpeg")
    data = {"text": "厂房已竣工验收", "file": upload}
    response = client_for(li).post(reverse("verification:reply", args=[finding.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400 and "文件内容与扩展名 .jpg 不符" in page
    assert ">厂房已竣工验收</textarea>" in page and not FindingReply.objects.exists()


def test_one_reply_waits_at_a_time_and_only_the_lead_unit_replies(
    finding: Finding, li: User, qing_reviewer: User, wang: User
) -> None:
    finding_reply_add(actor=qing_reviewer, finding=finding, text="已竣工")
    with pytest.raises(Refused, match="等待督办员裁定"):
        finding_reply_add(actor=li, finding=finding, text="再说一次")
    with pytest.raises(Refused, match="牵头单位"):
        finding_reply_add(actor=wang, finding=finding, text="……")
    finding_reply_decide(actor=wang, reply=FindingReply.objects.get(), decision="upheld", note="尚未验收")
    with pytest.raises(Refused, match="申辩理由"):
        finding_reply_add(actor=li, finding=finding, text=" ")
    finding_reply_add(actor=li, finding=finding, text="12月1日已验收，附验收单")  # upheld: may answer again
    assert FindingReply.objects.filter(decision="pending").count() == 1


def test_the_office_withdraws_a_finding_and_the_unit_reads_why(
    finding: Finding, li: User, wang: User, client_for: Callable[[User], Client]
) -> None:
    reply = finding_reply_add(actor=li, finding=finding, text="厂房已于11月10日竣工验收", upload=None)
    url = reverse("verification:decide", args=[reply.pk])
    refused = client_for(wang).post(url, {"decision": "withdrawn", "note": ""}, follow=True)
    assert "请填写裁定意见" in refused.content.decode()
    client_for(wang).post(url, {"decision": "withdrawn", "note": "验收单属实，撤销"})
    finding.refresh_from_db()
    assert finding.state == "withdrawn" and finding.get_state_display() == "已撤销"
    own = client_for(li).get(reverse("verification:mine")).content.decode()
    assert "申辩撤销" in own and "裁定意见：验收单属实，撤销" in own and 'data-testid="reply-form"' not in own
    line = AuditEntry.objects.filter(object_type="verification.Finding", action="update").latest("id")
    assert line.message == "申辩裁定：撤销。验收单属实，撤销"
    assert line.changes == {"状态": ["待核实", "已撤销"]}
    assert "暂无待裁定的申辩" in client_for(wang).get(reverse("verification:replies")).content.decode()


def test_upload_names_its_file(finding: Finding, li: User) -> None:
    with pytest.raises(Exception, match="空的"):
        finding_reply_add(actor=li, finding=finding, text="见附件", upload=Upload("空.pdf", [b""]))

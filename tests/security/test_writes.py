"""POSTs whose refusal happens inside the service (a redirect with a message, so an empty body looks
OK in the matrix): a valid body from a role without the right stores nothing, and the same body
from the role with the right does store it (so the body really is valid)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duban.reporting.choices import ExtensionStatus
from duban.reporting.models import Contribution, DeadlineExtension, ProgressReport, ReportAttachment
from duban.supervision.models import Acknowledgement, CloseRequest, SupervisionNotice
from tests.security.conftest import JPEG, World

pytestmark = pytest.mark.django_db


def _contribution(world: World) -> tuple[str, dict[str, Any], Callable[[], int]]:
    report = ProgressReport.objects.get(pk=world.resolve("reporting:report")["pk"])
    shared = report.round.reports.get(task__seq="6", task__section__position=1)  # 青阳镇 responsible
    url = reverse("reporting:contribute", kwargs={"pk": shared.pk})
    return url, {"text": "已配合完成征地。"}, Contribution.objects.filter(report=shared).count


def _attachment(world: World) -> tuple[str, dict[str, Any], Callable[[], int]]:
    url = reverse("reporting:attach", kwargs=world.resolve("reporting:attach"))
    return url, {"file": SimpleUploadedFile("现场2.jpg", JPEG, "image/jpeg")}, ReportAttachment.objects.count


def _extension(world: World) -> tuple[str, dict[str, Any], Callable[[], int]]:
    DeadlineExtension.objects.update(status=ExtensionStatus.REFUSED)  # nothing pending blocks a new one
    url = reverse("reporting:extension_new", kwargs=world.resolve("reporting:extension_new"))
    body = {"new_deadline": "2028-06-30", "reason": "设备到货推迟"}
    return url, body, DeadlineExtension.objects.filter(status=ExtensionStatus.PENDING).count


def _submit(world: World) -> tuple[str, dict[str, Any], Callable[[], int]]:
    report = ProgressReport.objects.get(pk=world.resolve("reporting:act")["pk"])
    url = reverse("reporting:act", kwargs={"pk": report.pk, "action": "submit"})
    body = {"version": report.version, "progress": "厂房已封顶。", "claim": "in_progress"}
    return url, body, lambda: ProgressReport.objects.get(pk=report.pk).version


def _sign(world: World) -> tuple[str, dict[str, Any], Callable[[], int]]:
    url = reverse("supervision:sign", kwargs=world.resolve("supervision:sign"))
    return url, {}, Acknowledgement.objects.filter(acknowledged_at__isnull=False).count


def _return_close(world: World) -> tuple[str, dict[str, Any], Callable[[], int]]:
    pk = world.resolve("supervision:decide")["pk"]
    url = reverse("supervision:decide", kwargs={"pk": pk, "step": "return"})
    return url, {"note": "缺少验收报告"}, CloseRequest.objects.filter(status="returned").count


def _notice_receive(world: World) -> tuple[str, dict[str, Any], Callable[[], int]]:
    url = reverse("supervision:notice_receive", kwargs=world.resolve("supervision:notice_receive"))
    return url, {}, SupervisionNotice.objects.filter(received_at__isnull=False).count


def _notice_reply(world: World) -> tuple[str, dict[str, Any], Callable[[], int]]:
    url = reverse("supervision:notice_reply", kwargs=world.resolve("supervision:notice_reply"))
    return url, {"text": "已整改到位"}, SupervisionNotice.objects.exclude(reply="").count


# name -> (how to build the request, the column that may, the columns that may not)
WRITES = {
    "contribute": (_contribution, "reporter", ["supervisor", "unit_reviewer", "leader"]),
    "attach": (_attachment, "reporter", ["supervisor", "unit_reviewer", "leader"]),
    "extension_new": (_extension, "reporter", ["supervisor", "leader"]),
    "submit": (_submit, "reporter", ["supervisor", "unit_reviewer", "leader"]),
    "sign": (_sign, "reporter", ["supervisor", "leader"]),
    "return_close": (_return_close, "supervisor", ["reporter", "unit_reviewer", "leader"]),
    "notice_receive": (_notice_receive, "reporter", ["supervisor", "leader"]),
    "notice_reply": (_notice_reply, "unit_reviewer", ["supervisor", "leader"]),
}
CASES = [
    pytest.param(name, column, allowed, id=f"{name}-{column}")
    for name, (_, may, may_not) in WRITES.items()
    for column, allowed in [(may, True), *((c, False) for c in may_not)]
]


@pytest.mark.parametrize(("name", "column", "allowed"), CASES)
def test_a_valid_body_is_stored_only_for_the_role_with_the_right(
    world: World, name: str, column: str, allowed: bool
) -> None:
    make, _, _ = WRITES[name]
    url, body, measure = make(world)
    before = measure()
    response = world.client(column).post(url, body)
    assert response.status_code in (302, 400), response.status_code
    assert (measure() != before) is allowed, f"{column} POST {url}: stored={measure() != before}"

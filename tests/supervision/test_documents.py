"""The item's 交办单 and its archive: real .docx files, opened by LibreOffice and read back from the PDF."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.cli import build_parser
from duban.common.refusals import Refused
from duban.exports import docx_to_pdf
from duban.plans.models import Task
from duban.supervision.models import Lifecycle
from duban.supervision.services.archive import archive_year
from duban.supervision.services.closing import close_request_decide, close_request_file
from duban.units.models import Unit
from tests.exports.pdftools import pdf_text
from tests.supervision.conftest import JPEG

pytestmark = pytest.mark.django_db


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "".join("".join(p.text for p in document.paragraphs) + "".join(cells))


def test_the_items_assignment_notice_carries_its_number_and_the_unit(
    item: Task, wang: User, qingyang: Unit, client_for: Callable[[User], Client], tmp_path: Path
) -> None:
    url = reverse("supervision:assignment", kwargs={"task_pk": item.pk, "unit_pk": qingyang.pk})
    response = client_for(wang).get(url)
    assert response.status_code == 200
    data = response.content
    assert "霞督〔2025〕1号" in docx_text(data)
    pdf = tmp_path / "交办单.pdf"
    pdf.write_bytes(docx_to_pdf(data))
    text = pdf_text(pdf)
    assert "交办单" in text
    assert "青阳镇：" in text
    assert "霞督〔2025〕1号" in text
    assert "加快推进青阳镇科创园二期建设" in text


@pytest.fixture
def closed(item: Task, li: User, wang: User, zhang: User) -> Task:
    filed = close_request_file(actor=li, task=item, text="主体结构已封顶", files=[("封顶照片.jpg", [JPEG])])
    close_request_decide(actor=wang, request=filed, step="forward")
    close_request_decide(actor=zhang, request=filed, step="read", note="同意销号")
    close_request_decide(actor=wang, request=filed, step="close")
    return item


def test_the_years_archive_holds_the_items_history_its_evidence_and_a_true_manifest(
    closed: Task, wang: User, tmp_path: Path
) -> None:
    data, count = archive_year(actor=wang, year=2025)
    assert count == 1
    assert Lifecycle.objects.get(task=closed).archived_on == dt.date(2025, 11, 20)
    archive = zipfile.ZipFile(io.BytesIO(data))
    folder = "霞督〔2025〕1号"
    assert sorted(archive.namelist()) == sorted(
        ["manifest.sha256", f"{folder}/办理情况.docx", f"{folder}/佐证材料/封顶照片.jpg"]
    )
    for line in archive.read("manifest.sha256").decode().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest
    history = archive.read(f"{folder}/办理情况.docx")
    text = docx_text(history)
    for step in (
        "交办，督办编号霞督〔2025〕1号",
        "青阳镇办结申请：主体结构已封顶",
        "阅示：已阅：同意销号",
        "销号，销号编号霞销〔2025〕1号",
    ):
        assert step in text
    pdf = tmp_path / "办理情况.pdf"
    pdf.write_bytes(docx_to_pdf(history))
    assert "督办件办理情况" in pdf_text(pdf)


def test_a_year_without_closed_items_is_refused(item: Task, wang: User) -> None:
    with pytest.raises(Refused, match="2024年没有已销号的督办件"):
        archive_year(actor=wang, year=2024)


def test_the_archive_page_downloads_the_zip(
    closed: Task, wang: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(wang).post(reverse("supervision:archive"), {"year": "2025"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "manifest.sha256" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()


def test_the_archive_items_verb_writes_the_zip(closed: Task, tmp_path: Path) -> None:
    target = tmp_path / "2025.zip"
    out = io.StringIO()
    call_command("archive_items", "--year", "2025", "--out", str(target), stdout=out)
    assert f"已归档2025年督办件1项：{target}" in out.getvalue()
    assert "manifest.sha256" in zipfile.ZipFile(target).namelist()
    args = build_parser().parse_args(["archive-items", "--year", "2025"])
    assert (args.verb, args.year, args.out) == ("archive-items", 2025, None)


def test_the_verb_refuses_a_year_without_closed_items_in_chinese(item: Task, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="2024年没有已销号的督办件"):
        call_command("archive_items", "--year", "2024", "--out", str(tmp_path / "x.zip"))

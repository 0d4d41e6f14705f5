"""Exports from the web app: the office's layout, only one's own rows for a unit, every export audited."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.common.freshness import data_changed, plan_scope
from duban.plans.models import Plan, Task
from duban.reporting.models import ReportingRound
from tests.exports.pdftools import pdf_text


def _body(response: object) -> bytes:
    return response.content  # type: ignore[attr-defined,no-any-return]


def test_the_office_exports_the_plan_as_word_and_excel(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    word = client.get(reverse("plans:export", args=[plan_2025.pk, "docx"]))
    assert word["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    document = docx.Document(io.BytesIO(_body(word)))
    assert "北越新能源锂电池项目" in "".join(c.text for r in document.tables[0].rows for c in r.cells)
    sheet = openpyxl.load_workbook(
        io.BytesIO(_body(client.get(reverse("plans:export", args=[plan_2025.pk, "xlsx"]))))
    ).active
    assert sheet.merged_cells.ranges
    assert AuditEntry.objects.filter(action="export", actor=wang).count() == 2


def test_a_unit_exports_only_its_own_rows(
    plan_2025: Plan, li: User, client_for: Callable[[User], Client]
) -> None:
    data = _body(client_for(li).get(reverse("plans:export", args=[plan_2025.pk, "xlsx"])))
    text = " ".join(
        str(c.value) for row in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows() for c in row
    )
    assert "清华大学宽视场巡天望远镜" in text and "江阴机械年产360万件" not in text


def test_a_pdf_of_the_plan_comes_from_libreoffice(
    plan_2025: Plan, zhang: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(zhang).get(reverse("plans:export", args=[plan_2025.pk, "pdf"]))
    assert _body(response).startswith(b"%PDF")


def test_a_second_pdf_of_an_unchanged_plan_is_the_kept_one_and_a_change_makes_a_new_one(
    plan_2025: Plan, zhang: User, client_for: Callable[[User], Client], tmp_path: Path
) -> None:
    url = reverse("plans:export", args=[plan_2025.pk, "pdf"])
    client = client_for(zhang)
    first = _body(client.get(url))
    started = time.monotonic()
    assert _body(client.get(url)) == first  # LibreOffice's seconds are spent once
    assert time.monotonic() - started < 1
    # A write to the plan, as every service makes it: the row, and its audit row moving the plan's scope.
    Task.objects.filter(plan=plan_2025, seq="14", section__position=1).update(progress="厂房封顶，设备进场。")
    data_changed(plan_scope(plan_2025.pk))
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(_body(client.get(url)))
    assert "厂房封顶，设备进场。" in pdf_text(changed)
    assert AuditEntry.objects.filter(action="export", actor=zhang).count() == 3  # each download audited


def test_a_download_asked_for_with_a_ready_token_sets_the_cookie_the_page_waits_for(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    url = reverse("plans:export", args=[plan_2025.pk, "xlsx"])
    response = client_for(wang).get(url, {"ready": "abc123xyz"})
    assert response.cookies["duban_ready_abc123xyz"].value == "1"
    assert "duban_ready_" not in str(client_for(wang).get(url, {"ready": "../bad"}).cookies)
    page = client_for(wang).get(reverse("plans:detail", args=[plan_2025.pk]), {"ready": "abc123xyz"})
    assert "duban_ready_abc123xyz" not in page.cookies  # a page is not a finished download


def test_the_office_exports_a_units_assignment_sheet(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    unit_id = Task.objects.get(plan=plan_2025, seq="14", section__position=1).assignments.get().unit_id
    response = client_for(wang).get(reverse("plans:assignment", args=[plan_2025.pk, unit_id]))
    document = docx.Document(io.BytesIO(_body(response)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "交办单" in text and "青阳镇" in text
    row14 = Task.objects.get(plan=plan_2025, seq="14", section__position=1)
    seq_cells = [row.cells[0].text for row in document.tables[0].rows]
    assert f"14\n{row14.number}" in seq_cells  # the 督办编号 under the 序号


def test_the_round_bulletin_names_who_has_not_filed(
    november: ReportingRound, zhang: User, li: User, client_for: Callable[[User], Client]
) -> None:
    november.reports.exclude(unit__name="月城镇").update(status="accepted")
    response = client_for(zhang).get(reverse("reporting:bulletin", args=[november.pk]))
    document = docx.Document(io.BytesIO(_body(response)))
    cells = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "月城镇" in cells and "江阴机械年产360万件" in cells
    assert client_for(li).get(reverse("reporting:bulletin", args=[november.pk])).status_code == 403


def test_a_stored_plans_table_ends_with_each_tasks_number(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    """督办编号 is the last column: the office's own columns keep their places (and 序号 its text)."""
    client = client_for(wang)
    first = plan_2025.tasks.order_by("position").first()
    assert first is not None and first.number
    data = _body(client.get(reverse("plans:export", args=[plan_2025.pk, "xlsx"])))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(row for row in rows if row[0] == "序号")
    assert header[-1] == "督办编号" and header[:3] == ["序号", "主要任务", "重点工作"]
    [row] = [row for row in rows if row[2] == first.title]
    assert row[-1] == first.number and row[0] == first.seq
    table = docx.Document(io.BytesIO(_body(client.get(reverse("plans:export", args=[plan_2025.pk, "docx"])))))
    assert table.tables[0].rows[0].cells[-1].text == "督办编号"
    assert first.number in [row.cells[-1].text for row in table.tables[0].rows]

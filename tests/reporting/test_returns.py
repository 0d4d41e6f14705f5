"""The per-unit 填报表 out and back: exported, filled as a unit would, uploaded, previewed, filed.

青阳镇 leads four rows of the 2025 table in the November round: 14 (源容电气), 34 (乡村振兴),
49 (悟空·宋韵游园) and 54 (土地征迁清障).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import openpyxl
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.demo import KEY_WORK_2025
from duban.plans.models import Plan
from duban.reporting.choices import Claim, ReportStatus, RoundStatus
from duban.reporting.models import ProgressReport, ReportingRound, ReturnBatch
from duban.units.models import Unit
from tests.builders import spec_from_text_table, write_docx
from tests.reporting.conftest import task

KEY_WORK_COLUMNS = {"category": 2, "title": 3, "lead": 7, "responsible": 8}
XLSX_FIRST_ROW = 5  # title, 填报单位 line, instructions, header
PROGRESS, CLAIM, REASON, TARGET = 8, 9, 10, 4  # 1-based columns of the form


def download(client: Client, round_: ReportingRound, unit: Unit, fmt: str) -> bytes:
    response = client.get(reverse("reporting:unit_form", args=[round_.pk, unit.pk, fmt]))
    assert response.status_code == 200, response.content[:300]
    return response.content


def upload(
    client: Client, round_: ReportingRound, *files: tuple[str, bytes], follow: bool = False, unit: str = ""
) -> Any:
    uploads = [_named(name, content) for name, content in files]
    data = {"files": uploads, "unit": unit}
    return client.post(reverse("reporting:returns_new", args=[round_.pk]), data, follow=follow)


def _named(name: str, content: bytes) -> io.BytesIO:
    stream = io.BytesIO(content)
    stream.name = name
    return stream


def preview_url(response: Any) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return str(response["Location"])


def report(round_: ReportingRound, seq: str) -> ProgressReport:
    return round_.reports.get(task=task(round_.plan, seq))


def filled_xlsx(data: bytes) -> bytes:
    """青阳镇 fills its form as a town would in Excel: new text on 14 and 54, a lower target on 34,
    the row of 49 deleted, 54 moved to the top, and a row typed in by hand at the end."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    ws = workbook.active
    rows = {str(ws.cell(r, 1).value): [c.value for c in ws[r]] for r in range(XLSX_FIRST_ROW, ws.max_row + 1)}
    assert set(rows) == {"14", "34", "49", "54"}
    rows["14"][PROGRESS - 1], rows["14"][CLAIM - 1] = "项目已竣工，11月投产。", "是"
    rows["34"][TARGET - 1] = "完成小桥村500亩"
    rows["34"][PROGRESS - 1] = "小桥村已完成400亩。"
    rows["54"][PROGRESS - 1], rows["54"][CLAIM - 1] = "余下3户未签约。", "否"
    rows["54"][REASON - 1] = "3户诉求未统一"
    typed = [
        "55",
        "",
        "青阳镇人居环境整治",
        "",
        "",
        "青阳镇",
        "",
        "已完成村庄清洁行动。",
        "是",
        "",
        "",
        "",
        None,
    ]
    order = [rows["54"], rows["14"], rows["34"], typed]
    ws.delete_rows(XLSX_FIRST_ROW, ws.max_row)
    for offset, values in enumerate(order):
        for column, value in enumerate(values, start=1):
            ws.cell(XLSX_FIRST_ROW + offset, column, value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_town_returns_its_filled_xlsx_and_its_reports_match_without_loss(
    november: ReportingRound, qingyang: Unit, li: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(li)
    returned = filled_xlsx(download(client, november, qingyang, "xlsx"))
    target_before = task(november.plan, "34").target

    page = client.get(preview_url(upload(client, november, ("青阳镇回收表.xlsx", returned)))).content.decode()
    assert "青阳镇在回收表中修改了年度目标" in page
    assert "青阳镇人居环境整治" in page and "没有找到序号和标题相符的任务" in page  # listed, not dropped
    assert "悟空·宋韵游园" in page  # the deleted row's task: named as not in the file, left alone
    assert not ProgressReport.objects.filter(progress="项目已竣工，11月投产。").exists()  # nothing yet

    batch = ReturnBatch.objects.get(round=november)
    confirmed = client.post(
        reverse("reporting:returns_confirm", args=[batch.upload]), {"mode": "submit"}, follow=True
    )
    assert "青阳镇：已提交3项填报" in confirmed.content.decode()
    fourteen, thirty_four, fifty_four = (report(november, s) for s in ("14", "34", "54"))
    assert (fourteen.progress, fourteen.claim, fourteen.status) == (
        "项目已竣工，11月投产。",
        Claim.DONE,
        ReportStatus.SUBMITTED,
    )
    assert (fifty_four.claim, fifty_four.shortfall_reason) == (Claim.NOT_DONE, "3户诉求未统一")
    assert thirty_four.progress == "小桥村已完成400亩。"
    assert task(november.plan, "34").target == target_before  # flagged, never applied
    assert report(november, "49").status == ReportStatus.DRAFT
    assert fourteen.updated_by == li


def filled_docx(data: bytes) -> bytes:
    """The office fills 青阳镇's Word form for it: text in the shaded columns, a changed target on
    34, the row of 49 deleted, 54 moved first, and a row added by hand."""
    document = docx.Document(io.BytesIO(data))
    table = document.tables[0]
    rows = {row.cells[0].paragraphs[0].runs[0].text: row for row in table.rows[1:]}
    rows["14"].cells[PROGRESS - 1].text = "设备安装完成，进入调试。"
    rows["34"].cells[TARGET - 1].text = "完成小桥村500亩"
    rows["34"].cells[PROGRESS - 1].text = "里旺里村已完成。"
    rows["54"].cells[PROGRESS - 1].text = "余下民房已全部签约。"
    rows["54"].cells[CLAIM - 1].text = "是"
    table._tbl.remove(rows["49"]._tr)
    table._tbl.remove(rows["54"]._tr)
    table.rows[0]._tr.addnext(rows["54"]._tr)
    added = table.add_row().cells
    added[0].text, added[2].text, added[PROGRESS - 1].text = "56", "村级道路硬化", "已完成2公里。"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_office_files_a_towns_word_copy_on_its_behalf_and_both_names_are_kept(
    november: ReportingRound, qingyang: Unit, wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    returned = filled_docx(download(client, november, qingyang, "docx"))
    page = client.get(preview_url(upload(client, november, ("青阳镇.docx", returned)))).content.decode()
    assert "青阳镇在回收表中修改了年度目标" in page and "村级道路硬化" in page

    batch = ReturnBatch.objects.get(round=november)
    client.post(reverse("reporting:returns_confirm", args=[batch.upload]), {"mode": "save"})
    fourteen, fifty_four = report(november, "14"), report(november, "54")
    assert (fourteen.progress, fourteen.status) == ("设备安装完成，进入调试。", ReportStatus.DRAFT)
    assert (fifty_four.progress, fifty_four.claim) == ("余下民房已全部签约。", Claim.DONE)
    assert report(november, "34").progress == "里旺里村已完成。"
    entry = AuditEntry.objects.filter(object_id=str(fourteen.pk)).order_by("-pk").first()
    assert entry is not None and entry.actor_id == wang.pk
    assert "代报（wang代青阳镇）" in entry.message and entry.changes["on_behalf_of"] == "青阳镇"
    versions = client.get(reverse("reporting:report", args=[fourteen.pk])).content.decode()
    assert "wang（霞科办） · 代青阳镇填报（代报）" in versions


def test_a_copy_of_the_offices_own_2025_table_is_matched_by_title(
    november: ReportingRound, qingyang: Unit, li: User, client_for: Callable[[User], Client], tmp_path: Path
) -> None:
    spec = spec_from_text_table(KEY_WORK_2025.read_text("utf-8"), merge_columns=KEY_WORK_COLUMNS)
    for row in spec.rows:
        if isinstance(row, list) and row[0] == "14":
            row[2] = "源容电气高性能电容器生产项目（一期）"  # the town retyped the title a little
            row[4], row[5] = "厂房封顶，设备进场。", "否（设备延期到货）"
    path = write_docx(spec, tmp_path / "霞客湾科学城2025年重点工作安排表（青阳镇）.docx")
    client = client_for(li)

    page = client.get(preview_url(upload(client, november, (path.name, path.read_bytes())))).content.decode()
    assert "按序号和标题匹配" in page and "其他单位牵头的行" in page

    batch = ReturnBatch.objects.get(round=november)
    client.post(reverse("reporting:returns_confirm", args=[batch.upload]), {"mode": "save"})
    fourteen = report(november, "14")
    assert (fourteen.progress, fourteen.claim, fourteen.shortfall_reason) == (
        "厂房封顶，设备进场。",
        Claim.NOT_DONE,
        "设备延期到货",
    )


def test_the_office_picks_the_unit_for_a_copy_of_its_own_table_that_names_none(
    november: ReportingRound, qingyang: Unit, wang: User, client_for: Callable[[User], Client], tmp_path: Path
) -> None:
    spec = spec_from_text_table(KEY_WORK_2025.read_text("utf-8"), merge_columns=KEY_WORK_COLUMNS)
    path = write_docx(spec, tmp_path / "安排表.docx")
    client = client_for(wang)
    refused = upload(client, november, (path.name, path.read_bytes()), follow=True).content.decode()
    assert "安排表.docx：无法判断这份表是哪个单位的：请在上传时选择单位" in refused
    page = client.get(
        preview_url(upload(client, november, (path.name, path.read_bytes()), unit=str(qingyang.pk)))
    ).content.decode()
    assert 'data-unit="青阳镇"' in page and "匹配4项" in page


def test_the_office_uploads_several_towns_in_one_zip_and_gets_one_preview_each(
    november: ReportingRound, qingyang: Unit, yuecheng: Unit, wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("青阳镇.xlsx", download(client, november, qingyang, "xlsx"))
        zipped.writestr("月城镇.docx", download(client, november, yuecheng, "docx"))
        zipped.writestr("说明.txt", "请查收".encode())
        zipped.writestr("青阳镇（重发）.xlsx", download(client, november, qingyang, "xlsx"))
    response = upload(client, november, ("回收表.zip", archive.getvalue()))
    page = client.get(preview_url(response)).content.decode()
    assert {b.unit.name for b in ReturnBatch.objects.filter(round=november)} == {"青阳镇", "月城镇"}
    assert page.count('data-testid="return-unit"') == 2
    assert "青阳镇（重发）.xlsx：与“青阳镇.xlsx”同为青阳镇的填报表，只预览第一份" in page


def test_a_town_cannot_download_or_upload_another_towns_table(
    november: ReportingRound, qingyang: Unit, li: User, zhou: User, client_for: Callable[[User], Client]
) -> None:
    qingyang_form = download(client_for(li), november, qingyang, "xlsx")
    zhou_client = client_for(zhou)
    refused = zhou_client.get(reverse("reporting:unit_form", args=[november.pk, qingyang.pk, "xlsx"]))
    assert refused.status_code == 404
    response = upload(zhou_client, november, ("青阳镇.xlsx", qingyang_form), follow=True)
    assert "这是青阳镇的填报表，只能上传本单位的填报表" in response.content.decode()
    assert not ReturnBatch.objects.exists()


def test_a_form_for_a_closed_round_is_refused_with_the_rounds_name(
    november: ReportingRound, plan_2025: Plan, qingyang: Unit, li: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(li)
    form = download(client, november, qingyang, "xlsx")
    november.status = RoundStatus.CLOSED
    november.save(update_fields=["status"])
    response = upload(client, november, ("青阳镇.xlsx", form), follow=True)
    assert "2025年11月填报已结束，不能再上传回收表" in response.content.decode()
    assert not ReturnBatch.objects.exists()


def test_a_broken_file_is_named_and_the_others_in_the_upload_still_read(
    november: ReportingRound, qingyang: Unit, wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    good = download(client, november, qingyang, "xlsx")
    response = upload(
        client, november, ("青阳镇.xlsx", good), ("坏文件.xlsx", b"PK\x03\x04broken"), follow=True
    )
    page = response.content.decode()
    assert "未读入：坏文件.xlsx" in page
    assert ReturnBatch.objects.filter(round=november).count() == 1


def test_an_unreadable_claim_names_its_row_and_nothing_is_filed(
    november: ReportingRound, qingyang: Unit, li: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(li)
    workbook = openpyxl.load_workbook(io.BytesIO(download(client, november, qingyang, "xlsx")))
    workbook.active.cell(XLSX_FIRST_ROW, PROGRESS, "已竣工")
    workbook.active.cell(XLSX_FIRST_ROW, CLAIM, "差不多")
    out = io.BytesIO()
    workbook.save(out)
    page = client.get(preview_url(upload(client, november, ("青阳镇.xlsx", out.getvalue())))).content.decode()
    assert "青阳镇.xlsx 第5行：“是否完成”应填“是”“否”或“推进中”" in page
    batch = ReturnBatch.objects.get(round=november)
    response = client.post(
        reverse("reporting:returns_confirm", args=[batch.upload]), {"mode": "save"}, follow=True
    )
    assert "导入失败，未保存任何内容" in response.content.decode()
    assert not ProgressReport.objects.filter(round=november, progress="已竣工").exists()

"""The idle-building survey comes in as .xlsx: upload → preview → confirm, all or nothing."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.buildings.exports import render_buildings_xlsx
from duban.buildings.models import Building, BuildingImport
from duban.buildings.previews import building_import_preview
from duban.buildings.services.imports import building_import_apply, building_import_upload, score_import_apply
from duban.ingest import IngestError
from duban.units.models import Unit

HEADER = [
    "楼宇名称",
    "所属镇街园区",
    "地址",
    "产权类型",
    "建筑面积（平方米）",
    "土地面积（平方米）",
    "房屋状态",
    "闲置起始日期",
]
ROWS = [
    ["演示·青阳镇原纺织厂办公楼", "青阳镇", "青阳镇演示路1号", "集体", 8600, 6500, "闲置", "2019年4月1日"],
    ["演示·青阳镇原农机站大楼", "青阳镇", "青阳镇演示路2号", "国有", "4,200", None, "闲置", "2020-02-01"],
    ["演示·月城镇原丝绸厂厂房", "月城镇", "", "集体", 15600.5, 12000, "改造中", None],
]


def _xlsx(
    rows: list[list[object]], header: list[str] = HEADER, title: str | None = "江阴市闲置楼宇调查表"
) -> bytes:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    if title:
        ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(actor: User, content: bytes, name: str = "楼宇调查.xlsx") -> BuildingImport:
    return building_import_upload(actor=actor, chunks=[content], file_name=name)


def test_the_preview_shows_each_row_and_confirming_stores_them(
    wang: User, qingyang: Unit, yuecheng: Unit, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    upload = SimpleUploadedFile("楼宇调查.xlsx", _xlsx(ROWS))
    response = client.post(reverse("buildings:import_new"), {"file": upload})
    batch = BuildingImport.objects.get()
    assert response["Location"] == reverse("buildings:import_preview", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert "新增 <strong>3</strong> 栋" in page
    assert "15,600.5" not in page and "15600.5" in page  # shown as it will be stored
    assert not Building.objects.exists()  # nothing stored before the confirmation
    response = client.post(reverse("buildings:import_preview", args=[batch.pk]))
    assert response.status_code == 302
    stored = {b.name: b for b in Building.objects.select_related("unit")}
    assert stored["演示·青阳镇原农机站大楼"].floor_area_m2 == Decimal(4200)
    assert stored["演示·青阳镇原纺织厂办公楼"].idle_since.isoformat() == "2019-04-01"
    assert stored["演示·月城镇原丝绸厂厂房"].building_state == "renovating"
    assert stored["演示·月城镇原丝绸厂厂房"].unit == yuecheng
    assert stored["演示·青阳镇原纺织厂办公楼"].changes.get().source == "import"


def test_a_non_numeric_floor_area_is_refused_with_its_row_and_column_and_nothing_is_stored(
    wang: User, qingyang: Unit, yuecheng: Unit
) -> None:
    rows = [ROWS[0], [*ROWS[1][:4], "约四千二", *ROWS[1][5:]], ROWS[2]]
    batch = _upload(wang, _xlsx(rows))
    preview = building_import_preview(batch, wang)
    assert [str(p) for p in preview.errors] == [
        "第4行第5列（建筑面积（平方米））：“约四千二”不是数字，请只填写平方米数"
    ]
    assert [r.kind for r in preview.rows] == ["new", "invalid", "new"]
    with pytest.raises(ValidationError, match="第4行第5列"):
        building_import_apply(actor=wang, batch=batch)
    assert not Building.objects.exists()
    batch.refresh_from_db()
    assert batch.status == "pending"


def test_the_confirm_page_refuses_a_broken_file_and_says_so(
    wang: User, qingyang: Unit, yuecheng: Unit, client_for: Callable[[User], Client]
) -> None:
    batch = _upload(wang, _xlsx([[*ROWS[0][:4], "abc", *ROWS[0][5:]]]))
    client = client_for(wang)
    page = client.get(reverse("buildings:import_preview", args=[batch.pk])).content.decode()
    assert "第3行第5列" in page and 'data-testid="confirm"' not in page
    response = client.post(reverse("buildings:import_preview", args=[batch.pk]), follow=True)
    assert "导入失败，未保存任何内容" in response.content.decode()
    assert not Building.objects.exists()


def test_an_unknown_unit_a_missing_column_and_a_duplicate_row_are_errors(wang: User, qingyang: Unit) -> None:
    rows = [
        ROWS[0],
        [*ROWS[0][:1], "青阳镇", *ROWS[0][2:]],
        ["某楼", "不存在镇", "", "国有", 1, None, "", None],
    ]
    preview = building_import_preview(_upload(wang, _xlsx(rows)), wang)
    messages = [str(p) for p in preview.errors]
    assert "第4行：与第3行重复（同一镇街园区的同名楼宇）" in messages
    assert any(m.startswith("第5行第2列（所属镇街园区）：“不存在镇”不在单位目录中") for m in messages)
    missing = building_import_preview(
        _upload(wang, _xlsx([["某楼", "青阳镇"]], header=["楼宇名称", "所属镇街园区"])), wang
    )
    assert "缺少必填列“建筑面积（平方米）”" in [str(p) for p in missing.problems]


def test_a_file_that_fails_the_gate_leaves_nothing(wang: User, tmp_path: Path) -> None:
    with pytest.raises(IngestError):
        _upload(wang, b"PK\x03\x04 this is no workbook")
    with pytest.raises(IngestError, match="只接受 Excel"):
        _upload(wang, "楼宇名称,所属镇街园区\n".encode(), name="楼宇.csv")
    assert not BuildingImport.objects.exists()


def test_a_reimport_updates_matched_buildings_and_records_their_history(
    wang: User, qingyang: Unit, yuecheng: Unit
) -> None:
    building_import_apply(actor=wang, batch=_upload(wang, _xlsx(ROWS)))
    changed = [[*ROWS[0][:4], 9000, *ROWS[0][5:6], "已改造", *ROWS[0][7:]], ROWS[1]]
    batch = _upload(wang, _xlsx(changed))
    preview = building_import_preview(batch, wang)
    assert [r.kind for r in preview.rows] == ["updated", "unchanged"]
    assert preview.rows[0].changes == {"建筑面积（平方米）": ("8600", "9000"), "房屋状态": ("闲置", "已改造")}
    assert building_import_apply(actor=wang, batch=batch) == {"new": 0, "updated": 1, "unchanged": 1}
    building = Building.objects.get(name=ROWS[0][0])
    history = {(c.label, c.old, c.new) for c in building.changes.filter(source="import")}
    assert ("建筑面积（平方米）", "8600", "9000") in history
    assert ("房屋状态", "闲置", "已改造") in history
    assert Building.objects.count() == 3  # the 月城镇 row, absent from the file, is left alone
    with pytest.raises(ValidationError, match="已导入"):
        building_import_apply(actor=wang, batch=batch)


def test_a_building_survey_is_refused_as_scores_and_stays_pending(wang: User, qingyang: Unit) -> None:
    batch = _upload(wang, _xlsx(ROWS[:1]))
    with pytest.raises(ValidationError, match="不是考评得分"):
        score_import_apply(actor=wang, batch=batch)
    batch.refresh_from_db()
    assert batch.status == "pending"


def test_a_town_user_may_import_only_its_own_towns_rows(li: User, qingyang: Unit, yuecheng: Unit) -> None:
    preview = building_import_preview(_upload(li, _xlsx(ROWS)), li)
    assert [str(p) for p in preview.errors] == ["第5行第2列（所属镇街园区）：只能导入本单位（青阳镇）的楼宇"]


def test_another_users_batch_answers_404(
    li: User, zhou: User, qingyang: Unit, client_for: Callable[[User], Client]
) -> None:
    batch = _upload(li, _xlsx(ROWS[:1]))
    assert client_for(zhou).get(reverse("buildings:import_preview", args=[batch.pk])).status_code == 404


def test_an_export_imports_back_unchanged_and_formulas_are_defused(
    wang: User, qingyang: Unit, make_building: Callable[..., Building]
) -> None:
    make_building(
        qingyang, '=HYPERLINK("http://example.com")', 1200, owner="+86 产权人", note="@备注", land_use="-工业"
    )
    make_building(qingyang, "演示·普通楼宇", "52000.5", idle_since=None, land_area_m2=Decimal(3000))
    content = render_buildings_xlsx(Building.objects.select_related("unit"))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]  # nothing a spreadsheet would run
    assert '\'=HYPERLINK("http://example.com")' in [c.value for c in cells]
    assert sheet.cell(row=1, column=6).value == "建筑面积（平方米）"
    preview = building_import_preview(_upload(wang, content, "楼宇信息库.xlsx"), wang)
    assert not preview.errors
    assert [r.kind for r in preview.rows] == ["unchanged", "unchanged"]

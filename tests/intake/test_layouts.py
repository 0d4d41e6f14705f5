"""A table auto-detection cannot read is kept for mapping; a confirmed mapping is remembered as a
版式 and reads next month's file by itself; the office keeps its layouts, every change audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.common.refusals import Refused
from duban.ingest import IngestError
from duban.ingest.layout import ColumnMap, LeadRule
from duban.ingest.layout import Layout as LayoutSpec
from duban.intake.choices import ImportStatus, LayoutOrigin
from duban.intake.layouts import layout_delete, layout_export, layout_import, layout_rename
from duban.intake.models import Layout
from duban.intake.storage import upload_path
from duban.plans.models import ImportBatch
from duban.plans.services.imports import plan_import_apply, plan_import_file, plan_import_remap

HEADER = "编 号\t名目\t标准\t经办\t盯办人\t1-10月进展\t是否达序"
OCTOBER = [
    "2025年民生实事项目推进表",
    HEADER,
    "一、教育",
    "1\t新建公办幼儿园\t新增学位600个\t市教育局、市住建局\t王强\t主体封顶\t是",
    "2\t改造薄弱学校\t改造10所\t市教育局\t王强\t完成招标\t否",
]
NOVEMBER = [
    "2025年民生实事项目推进表（11月）",
    HEADER,
    "一、卫生健康",
    "1\t建设社区医院\t新建2家\t市卫健委、市财政局\t赵云\t完成选址\t是",
]


def _file(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _mapping(name: str = "") -> LayoutSpec:
    columns = (
        ColumnMap(1, "seq"),
        ColumnMap(2, "title"),
        ColumnMap(3, "target"),
        ColumnMap(4, "responsible"),
        ColumnMap(5, "leaders"),
        ColumnMap(6, "progress_entry", "1-10月"),
        ColumnMap(7, "status"),
    )
    return LayoutSpec(header_rows=(1,), columns=columns, lead_rule=LeadRule.FIRST_LISTED, name=name)


def _saved(wang: User, tmp_path: Path, name: str = "民生实事推进表") -> Layout:
    batch = plan_import_file(actor=wang, path=_file(tmp_path, "十月.txt", OCTOBER))
    plan_import_remap(actor=wang, batch=batch, layout=_mapping(name))
    plan_import_apply(actor=wang, batch=batch, unit_choices={})
    return Layout.objects.get()


def test_a_table_auto_detection_cannot_read_is_kept_waiting_for_its_mapping(
    wang: User, tmp_path: Path
) -> None:
    batch = plan_import_file(actor=wang, path=_file(tmp_path, "十月.txt", OCTOBER))
    assert batch.status == ImportStatus.NEEDS_MAPPING and batch.get_status_display() == "待映射"
    assert upload_path(batch.stored_path).exists()
    upload = AuditEntry.objects.filter(action="upload").latest("pk")
    assert upload.message.startswith("自动识别未能读出，待映射：")


def test_a_document_with_no_grid_at_all_is_still_refused_and_nothing_is_kept(
    wang: User, tmp_path: Path
) -> None:
    path = _file(tmp_path, "通报.txt", ["关于全市重点工作推进情况的通报", "各单位要抓紧推进，按时报送进度。"])
    with pytest.raises(IngestError):
        plan_import_file(actor=wang, path=path)
    assert not ImportBatch.objects.exists()


def test_the_mapped_batch_reads_as_mapped_and_confirming_remembers_the_layout(
    wang: User, tmp_path: Path
) -> None:
    batch = plan_import_file(actor=wang, path=_file(tmp_path, "十月.txt", OCTOBER))
    plan_import_remap(actor=wang, batch=batch, layout=_mapping())
    batch.refresh_from_db()
    assert (batch.status, batch.layout_origin) == (ImportStatus.PENDING, LayoutOrigin.MAPPED)
    first = batch.doc.tasks()[0]
    assert first.title == "新建公办幼儿园" and first.lead_units == ["市教育局"]
    assert first.responsible_units == ["市住建局"] and first.leaders == ["王强"]
    plan = plan_import_apply(actor=wang, batch=batch, unit_choices={})
    layout = Layout.objects.get()
    assert layout.name == "2025年民生实事项目推进表"  # no name given: the title
    assert (layout.fingerprint, layout.times_used, layout.created_by) == (batch.layout_fingerprint, 1, wang)
    assert layout.header[1] == "名目"
    created = AuditEntry.objects.get(action="create", object_type="intake.Layout")
    assert created.message == "保存版式「2025年民生实事项目推进表」"
    imported = AuditEntry.objects.filter(action="import").latest("pk")
    assert imported.changes["layout"] == layout.name and imported.object_id == str(plan.pk)


def test_next_months_file_with_the_same_header_imports_with_the_saved_layout(
    wang: User, tmp_path: Path
) -> None:
    _saved(wang, tmp_path)
    batch = plan_import_file(actor=wang, path=_file(tmp_path, "十一月.txt", NOVEMBER))
    assert (batch.status, batch.layout_origin) == (ImportStatus.PENDING, LayoutOrigin.SAVED)
    assert batch.layout["name"] == "民生实事推进表"
    [task] = batch.doc.tasks()
    assert (task.title, task.lead_units, task.responsible_units) == (
        "建设社区医院",
        ["市卫健委"],
        ["市财政局"],
    )
    plan_import_apply(actor=wang, batch=batch, unit_choices={})
    assert Layout.objects.get().times_used == 2


def test_a_mapping_that_names_no_task_column_is_refused_in_chinese_and_the_batch_waits(
    wang: User, tmp_path: Path
) -> None:
    batch = plan_import_file(actor=wang, path=_file(tmp_path, "十月.txt", OCTOBER))
    with pytest.raises(IngestError, match="表头在第9行"):
        plan_import_remap(
            actor=wang, batch=batch, layout=LayoutSpec(header_rows=(9,), columns=(ColumnMap(2, "title"),))
        )
    batch.refresh_from_db()
    assert batch.status == ImportStatus.NEEDS_MAPPING


def test_renaming_exporting_importing_and_deleting_a_layout_are_audited(wang: User, tmp_path: Path) -> None:
    layout = _saved(wang, tmp_path)
    layout_rename(actor=wang, layout=layout, name="民生实事月报")
    assert AuditEntry.objects.filter(
        action="update", message="版式「民生实事推进表」改名为「民生实事月报」"
    ).exists()
    exported = layout_export(actor=wang, layout=layout)
    data = json.loads(exported)
    assert (data["format"], data["name"], data["fingerprint"]) == (
        "duban-layout",
        "民生实事月报",
        layout.fingerprint,
    )
    assert AuditEntry.objects.filter(action="export", message="导出版式「民生实事月报」").exists()
    layout_delete(actor=wang, layout=layout)
    assert not Layout.objects.exists()
    assert AuditEntry.objects.filter(action="delete", message="删除版式「民生实事月报」").exists()
    imported = layout_import(actor=wang, content=exported)
    assert (imported.name, imported.fingerprint, imported.spec) == (
        data["name"],
        data["fingerprint"],
        data["layout"],
    )
    assert AuditEntry.objects.filter(action="create", message="从文件导入版式「民生实事月报」").exists()
    batch = plan_import_file(actor=wang, path=_file(tmp_path, "十一月.txt", NOVEMBER))
    assert batch.layout_origin == LayoutOrigin.SAVED and batch.layout["name"] == "民生实事月报"


def test_a_name_another_layout_has_is_refused(wang: User, tmp_path: Path) -> None:
    layout = _saved(wang, tmp_path)
    other = layout_import(
        actor=wang,
        content=json.dumps(
            {
                "format": "duban-layout",
                "version": 1,
                "name": "另一个",
                "fingerprint": "a" * 32,
                "layout": layout.spec,
            }
        ).encode(),
    )
    with pytest.raises(Refused, match="已有名为「民生实事推进表」的版式"):
        layout_rename(actor=wang, layout=other, name="民生实事推进表")
    with pytest.raises(Refused, match="请填写版式名称"):
        layout_rename(actor=wang, layout=other, name="  ")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe not json", "不是有效的 JSON 文件"),
        (b'{"name": "x"}', "不是 duban 导出的版式文件"),
        (b'{"format": "duban-layout", "version": 7}', "版本（7）不受支持"),
        (
            '{"format": "duban-layout", "version": 1, "name": "x", "fingerprint": "%s", '
            '"layout": {"columns": []}}' % ("b" * 32),
            "版式文件有误：版式文件格式不正确",
        ),
        (
            '{"format": "duban-layout", "version": 1, "name": "x", "fingerprint": "%s", '
            '"layout": {"header_rows": [1], "columns": [{"column": 1, "field": "seq"}]}}' % ("b" * 32),
            "请指定哪一列是“工作任务”",
        ),
        (
            '{"format": "duban-layout", "version": 1, "name": "x", "fingerprint": "nope", "layout": {}}',
            "表头指纹（fingerprint）不正确",
        ),
    ],
)
def test_a_bad_layout_file_is_refused_in_chinese(wang: User, content: bytes | str, message: str) -> None:
    data = content.encode() if isinstance(content, str) else content
    with pytest.raises(Refused, match=message.replace("（", "\\（").replace("）", "\\）")):
        layout_import(actor=wang, content=data)
    assert not Layout.objects.exists()

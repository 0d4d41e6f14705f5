"""The mapping step: a table auto-detection cannot read goes to a page where the office says what
each column holds; the preview follows the mapping, and confirming remembers it as a 版式."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.demo import KEY_WORK_2025
from duban.intake.choices import ImportStatus
from duban.intake.models import Layout
from duban.intake.storage import upload_path
from duban.plans.mapping import IGNORE
from duban.plans.models import ImportBatch, Plan
from duban.plans.services.imports import plan_import_file

HEADER = "编 号\t名目\t标准\t经办\t盯办人\t1-10月进展\t是否达序"
OCTOBER = "\n".join(
    [
        "2025年民生实事项目推进表",
        HEADER,
        "一、教育",
        "1\t新建公办幼儿园\t新增学位600个\t市教育局、市住建局\t王强\t主体封顶\t是",
        "2\t改造薄弱学校\t改造10所\t市教育局\t王强\t完成招标\t否",
    ]
)
NOVEMBER = "\n".join(
    ["2025年民生实事项目推进表（11月）", HEADER, "1\t建设社区医院\t新建2家\t市卫健委\t赵云\t完成选址\t是"]
)
MAPPED = {
    "table": "1",
    "header_rows": ["1"],
    "field_1": "seq",
    "field_2": "title",
    "field_3": "target",
    "field_4": "responsible",
    "field_5": "leaders",
    "field_6": "progress_entry",
    "period_6": "1-10月",
    "field_7": "status",
    "unit_separator": "",
    "lead_rule": "first_listed",
    "name": "民生实事推进表",
}


def _upload(client: Client, name: str, text: str) -> HttpResponse:
    upload = SimpleUploadedFile(name, text.encode())
    response: HttpResponse = client.post(reverse("plans:import_new"), {"file": upload}, follow=True)
    return response


def _batch() -> ImportBatch:
    return ImportBatch.objects.latest("created_at")


def test_a_table_auto_detection_refuses_goes_to_the_mapping_step_not_a_dead_end(
    wang: User, client_for: Callable[[User], Client]
) -> None:
    page = _upload(client_for(wang), "民生实事.txt", OCTOBER).content.decode()
    assert "自动识别未能读出这份文件" in page and "按此映射识别" in page
    assert "第2列：名目" in page and 'name="field_2"' in page and "新建公办幼儿园" in page
    assert 'data-testid="confirm"' not in page
    assert _batch().status == ImportStatus.NEEDS_MAPPING


def test_the_mapped_columns_give_the_preview_and_confirming_saves_the_layout_named(
    wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    _upload(client, "民生实事.txt", OCTOBER)
    batch = _batch()
    page = client.post(reverse("plans:import_mapping", args=[batch.pk]), MAPPED, follow=True).content.decode()
    assert "导入预览：2025年民生实事项目推进表" in page and "确认导入" in page
    assert "新建公办幼儿园" in page and "人工映射" in page
    badges = page[page.index('<tr id="mapping-badges">') :]
    title_column = badges[badges.index('<th data-column="2">') :].split("</th>")[0]
    assert ">人工</span>" in title_column  # the person named it: auto-detection had not
    client.post(reverse("plans:import_preview", args=[batch.pk]), {})
    assert Plan.objects.get().title == "2025年民生实事项目推进表"
    layout = Layout.objects.get()
    assert layout.name == "民生实事推进表" and layout.spec["columns"][1] == {
        "column": 2,
        "field": "title",
        "period": "",
    }


def test_with_htmx_a_changed_choice_answers_with_the_preview_read_as_now_mapped(
    wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    _upload(client, "民生实事.txt", OCTOBER)
    url = reverse("plans:import_mapping", args=[_batch().pk])
    response = client.post(url, MAPPED | {"lead_rule": "all_lead"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="preview-table"' in page and 'value="all_lead" selected' in page
    assert _batch().doc.tasks()[0].lead_units == ["市教育局", "市住建局"]


def test_a_mapping_without_a_task_column_is_refused_in_chinese_and_keeps_what_was_chosen(
    wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    _upload(client, "民生实事.txt", OCTOBER)
    batch = _batch()
    choice = MAPPED | {"field_2": "", "name": "我起的名字", "period_6": "十月"}
    page = client.post(reverse("plans:import_mapping", args=[batch.pk]), choice).content.decode()
    assert "映射未生效：" in page and "请指定哪一列是“工作任务”" in page
    assert 'value="我起的名字"' in page and 'value="十月"' in page and 'value="responsible" selected' in page
    assert _batch().status == ImportStatus.NEEDS_MAPPING


def test_next_months_file_is_read_with_the_saved_layout_and_the_preview_says_so(
    wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    _upload(client, "十月.txt", OCTOBER)
    client.post(reverse("plans:import_mapping", args=[_batch().pk]), MAPPED)
    client.post(reverse("plans:import_preview", args=[_batch().pk]), {})
    page = _upload(client, "十一月.txt", NOVEMBER).content.decode()
    assert "按已保存版式「民生实事推进表」识别" in page and "建设社区医院" in page
    assert _batch().status == ImportStatus.PENDING


def test_a_table_auto_detection_reads_shows_its_mapping_folded_with_confidences(
    wang: User, client_for: Callable[[User], Client]
) -> None:
    batch = plan_import_file(actor=wang, path=KEY_WORK_2025)
    page = client_for(wang).get(reverse("plans:import_preview", args=[batch.pk])).content.decode()
    assert 'data-testid="mapping">' in page  # folded: not open
    assert "自动识别" in page and ">高</span>" in page and 'value="title" selected' in page


def test_cells_the_reading_guessed_are_highlighted(wang: User, client_for: Callable[[User], Client]) -> None:
    batch = plan_import_file(actor=wang, path=KEY_WORK_2025)
    task = batch.parsed["sections"][0]["tasks"][0]
    task["source_ref"]["guessed"] = {"title": 0.6}
    row, _column = task["source_ref"]["cells"]["title"]
    batch.save()
    page = client_for(wang).get(reverse("plans:import_preview", args=[batch.pk])).content.decode()
    grid = page[page.index('data-testid="mapping-grid"') :]
    row_html = grid[grid.index(f'data-row="{row}"') :].split("</tr>")[0]
    assert row_html.count('class="table-warning"') == 1


def test_a_file_with_no_grid_is_still_refused_with_the_parsers_message(
    wang: User, client_for: Callable[[User], Client], tmp_path: Path
) -> None:
    page = _upload(
        client_for(wang), "通报.txt", "关于重点工作推进情况的通报\n各单位要抓紧推进。"
    ).content.decode()
    assert 'data-testid="upload-error"' in page
    assert not ImportBatch.objects.exists()


def test_a_batch_waiting_for_its_mapping_can_be_discarded_and_its_file_goes(
    wang: User, client_for: Callable[[User], Client], django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(wang)
    _upload(client, "民生实事.txt", OCTOBER)
    batch = _batch()
    stored = upload_path(batch.stored_path)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("plans:import_discard", args=[batch.pk]), follow=True).content.decode()
    assert "已放弃导入“民生实事.txt”" in page
    assert _batch().status == ImportStatus.DISCARDED and not stored.exists()
    again = client.post(reverse("plans:import_mapping", args=[batch.pk]), MAPPED, follow=True)
    assert "“民生实事.txt”的导入已放弃，不能再次操作" in again.content.decode()
    page = client.get(reverse("plans:import_preview", args=[batch.pk])).content.decode()
    assert "该导入已放弃" in page and "按此映射识别" not in page


XINJIAN = Path(__file__).parent.parent / "ingest" / "corpus" / "xinjian_2024_minsheng_piaojue.txt"
XINJIAN_MAPPED = {
    "table": "1",
    "header_rows": ["1", "2"],
    **{f"field_{n}": IGNORE for n in (1, 3, 4, 8)},
    "field_2": "lead",
    "field_5": "title",
    "field_6": "responsible",
    "field_7": "progress",
    "unit_separator": " ",
    "lead_rule": "column",
    "short_rows": "merged_left",
    "name": "民生实事进度表（网页复制）",
}


def test_a_page_copy_that_lost_its_merged_cells_is_mapped_with_short_rows_aligned_by_content(
    wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    page = _upload(client, XINJIAN.name, XINJIAN.read_text("utf-8")).content.decode()
    assert "比表头多 1 个" in page and 'name="short_rows"' in page  # sent to the mapping step
    assert _batch().status == ImportStatus.NEEDS_MAPPING
    url = reverse("plans:import_mapping", args=[_batch().pk])
    page = client.post(url, XINJIAN_MAPPED, follow=True).content.decode()
    assert 'value="merged_left" selected' in page and "确认导入" in page
    tasks = _batch().doc.tasks()
    assert [t.title for t in tasks[:2]] == ["文化中心北路", "乐业路"]
    assert tasks[1].lead_units == ["区住建局"] and tasks[1].responsible_units == ["区城管局"]
    assert tasks[5].responsible_units == ["区城管局", "区水投"]


def test_the_short_rows_choice_is_kept_in_the_saved_layout(
    wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    _upload(client, XINJIAN.name, XINJIAN.read_text("utf-8"))
    batch = _batch()
    client.post(reverse("plans:import_mapping", args=[batch.pk]), XINJIAN_MAPPED)
    client.post(reverse("plans:import_preview", args=[batch.pk]), {})
    assert Layout.objects.get().spec["short_rows"] == "merged_left"
    assert Plan.objects.get().tasks.count() == 10

"""Import: parse → preview → confirm, all or nothing, and re-import updates in place."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.demo import BUILDINGS_PLAN_2022, KEY_WORK_2025
from duban.ingest import parse_file
from duban.plans.models import ImportBatch, Plan, Task, TaskUnit
from duban.plans.services.imports import plan_import_apply, plan_import_file
from duban.units.models import Unit, UnitAlias


def _upload(client: Client, path: Path, name: str | None = None) -> object:
    upload = SimpleUploadedFile(name or path.name, path.read_bytes())
    return client.post(reverse("plans:import_new"), {"file": upload})


def _csv_of_seed(tmp_path: Path, *, edit: Callable[[list[list[str]]], None] | None = None) -> Path:
    """The 2025 table as a CSV, one row per task, optionally edited."""
    plan = parse_file(KEY_WORK_2025)
    rows = [
        [
            "序号",
            "主要任务",
            "重点工作",
            "年度主要目标",
            "年度任务完成情况",
            "是否完成",
            "牵头单位",
            "责任单位",
        ]
    ]
    for task in plan.sections[0].tasks:
        claim = {True: "是", False: f"否（{task.shortfall_reason}）", None: ""}[task.completed]
        rows.append(
            [
                task.seq,
                task.category,
                task.title,
                task.target,
                task.progress,
                claim,
                "、".join(task.lead_units),
                "、".join(task.responsible_units),
            ]
        )
    if edit:
        edit(rows)
    path = tmp_path / "霞客湾科学城2025年重点工作安排表.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["霞客湾科学城2025年重点工作安排表"], *rows])
    return path


def test_upload_preview_confirm_stores_every_row(wang: User, client_for: Callable[[User], Client]) -> None:
    client = client_for(wang)
    response = _upload(client, KEY_WORK_2025)
    batch = ImportBatch.objects.get()
    assert response.url == reverse("plans:import_preview", args=[batch.pk])
    preview = client.get(response.url).content.decode()
    assert preview.count('class="seq"') == 73 and "校地合作“八个一”工作清单" in preview
    assert "新单位" in preview and not Plan.objects.exists()
    response = client.post(response.url, {})
    plan = Plan.objects.get()
    assert response.url == reverse("plans:detail", args=[plan.pk])
    assert plan.tasks.count() == 73 and plan.sections.count() == 2
    assert Unit.objects.filter(name="市自然资源规划局").exists()
    assert plan.source_sha256 == batch.sha256 and plan.source_path.startswith("imports/")


def test_every_unit_named_in_the_table_exists_with_its_tasks(plan_2025: Plan) -> None:
    names = {n for t in parse_file(KEY_WORK_2025).tasks() for n in (*t.lead_units, *t.responsible_units)}
    assert names == set(Unit.objects.filter(task_assignments__isnull=False).values_list("name", flat=True))
    led = sum("霞科办" in t.lead_units for t in parse_file(KEY_WORK_2025).tasks())
    assert TaskUnit.objects.filter(task__plan=plan_2025, unit__name="霞科办", role="lead").count() == led


def test_a_similar_name_can_be_mapped_to_an_existing_unit(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    preview_url = _upload(client, BUILDINGS_PLAN_2022).url
    page = client.get(preview_url).content.decode()
    assert "市自然资源和规划局" in page and "可能是“市自然资源规划局”" in page
    existing = Unit.objects.get(name="市自然资源规划局")
    form = {}
    batch = ImportBatch.objects.get(status="pending")
    from duban.plans.forms import UnitChoiceForm
    from duban.plans.previews import import_preview

    choice_form = UnitChoiceForm(preview=import_preview(batch))
    for key, name in choice_form.names.items():
        form[key] = str(existing.pk) if name == "市自然资源和规划局" else "new"
    client.post(preview_url, form)
    assert UnitAlias.objects.get(name="市自然资源和规划局").unit == existing
    assert not Unit.objects.filter(name="市自然资源和规划局").exists()
    plan = Plan.objects.get(title="江阴市科技赋能楼宇三年行动实施方案")
    assert plan.tasks.filter(assignments__unit=existing).count() == 8
    assert plan.goals.count() == 3 and plan.indicators.filter(goal__isnull=False).count() == 10


def test_a_file_that_fails_on_row_40_leaves_no_trace(
    wang: User, client_for: Callable[[User], Client], tmp_path: Path
) -> None:
    path = _csv_of_seed(tmp_path, edit=lambda rows: rows[40].append("多出的一列"))
    response = _upload(client_for(wang), path)
    page = response.content.decode()
    assert response.status_code == 200 and "比表头多" in page and "第42行" in page
    assert not (
        Plan.objects.exists() or Task.objects.exists() or Unit.objects.exclude(name="霞科办").exists()
    )
    assert not ImportBatch.objects.exists()
    assert AuditEntry.objects.filter(action="upload", result="failure").count() == 1


def test_a_failure_while_storing_rolls_everything_back(wang: User, tmp_path: Path) -> None:
    def break_row_40(rows: list[list[str]]) -> None:
        rows[40][0] = "4" * 30  # 序号 longer than the column: refused when stored

    batch = plan_import_file(actor=wang, path=_csv_of_seed(tmp_path, edit=break_row_40))
    units_before = Unit.objects.count()
    with pytest.raises(ValidationError):
        plan_import_apply(actor=wang, batch=batch, unit_choices={})
    assert not Plan.objects.exists() and not Task.objects.exists()
    assert Unit.objects.count() == units_before
    assert not AuditEntry.objects.filter(action="import").exists()


def test_the_preview_refuses_a_file_it_could_not_store(
    wang: User, client_for: Callable[[User], Client], tmp_path: Path
) -> None:
    path = _csv_of_seed(tmp_path, edit=lambda rows: rows[40].__setitem__(0, "4" * 30))
    client = client_for(wang)
    preview_url = _upload(client, path).url
    page = client.get(preview_url).content.decode()
    assert "无法导入" in page and 'data-testid="confirm"' not in page
    client.post(preview_url, {})
    assert not Plan.objects.exists()


def test_reimporting_the_same_plan_updates_in_place_and_deletes_nothing(
    plan_2025: Plan, wang: User, tmp_path: Path
) -> None:
    def edit(rows: list[list[str]]) -> None:
        rows[13][4] = "1号车间主体完工，设备调试完成，已投入运营。"  # row 13: progress changed
        rows[12][7] = "市住建局"  # row 12: a responsible unit added
        del rows[55]  # row 55 dropped

    task_ids = set(plan_2025.tasks.values_list("id", flat=True))
    batch = plan_import_file(actor=wang, path=_csv_of_seed(tmp_path, edit=edit))
    from duban.plans.previews import import_preview

    preview = import_preview(batch)
    assert preview.existing == plan_2025
    changed = {c.seq: c for c in preview.changes_of("changed")}
    assert set(changed) == {"12", "13"} and [f.label for f in changed["13"].fields] == ["完成情况"]
    assert [c.seq for c in preview.changes_of("missing")] == ["55", *[str(n) for n in range(1, 19)]]
    plan = plan_import_apply(actor=wang, batch=batch, unit_choices={})
    assert plan.pk == plan_2025.pk and Plan.objects.count() == 1
    assert set(plan.tasks.values_list("id", flat=True)) == task_ids  # nothing deleted
    assert plan.tasks.filter(missing_from_file=True).count() == 19
    row13 = plan.tasks.get(seq="13", section__position=1)
    assert row13.progress.endswith("已投入运营。")
    history = AuditEntry.objects.filter(object_type="plans.Task", object_id=str(row13.pk), action="update")
    assert history.get().changes["progress"][1].endswith("已投入运营。")
    row12 = plan.tasks.get(seq="12", section__position=1)
    assert "市住建局" in row12.assignments.values_list("unit__name", flat=True)


def test_the_reimport_preview_counts_what_it_lists_and_shows_unit_names(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client], tmp_path: Path
) -> None:
    def edit(rows: list[list[str]]) -> None:
        rows[13][4] = "1号车间主体完工，设备调试完成，已投入运营。"

    client = client_for(wang)
    page = client.get(_upload(client, _csv_of_seed(tmp_path, edit=edit)).url).content.decode()
    assert "新增 0 项，修改 1 项，不变 54 项；文件中已无此项 18 项" in page
    assert page.count('data-kind="changed"') == 1 and page.count('data-kind="missing"') == 18
    assert '设备调试<span class="diff-old">中</span><span class="diff-new">完成，已投入运营</span>。' in page
    assert "{{" not in page and "join:" not in page
    assert "<div>霞科办</div>" in page


def test_a_discarded_import_stores_nothing(wang: User, client_for: Callable[[User], Client]) -> None:
    client = client_for(wang)
    _upload(client, KEY_WORK_2025)
    batch = ImportBatch.objects.get()
    client.post(reverse("plans:import_discard", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "discarded"
    assert client.post(reverse("plans:import_preview", args=[batch.pk]), {}).status_code == 200
    assert not Plan.objects.exists()


def test_a_hostile_upload_is_refused_with_its_reason(
    wang: User, client_for: Callable[[User], Client]
) -> None:
    fake = SimpleUploadedFile("安排表.docx", b"%PDF-1.7 not a word file")
    page = client_for(wang).post(reverse("plans:import_new"), {"file": fake}).content.decode()
    assert "这其实是PDF 文件（.pdf），但扩展名是 .docx" in page
    assert not ImportBatch.objects.exists()


def test_the_import_is_audited(plan_2025: Plan, wang: User) -> None:
    entry = AuditEntry.objects.get(action="import")
    assert entry.actor == wang and entry.object_repr == plan_2025.title
    assert entry.changes["added"] == 73


def test_the_preview_names_what_ticking_overwrites_and_the_tick_takes_the_table(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client], tmp_path: Path
) -> None:
    from duban.plans.services.tasks import task_progress_roll_up

    row54 = plan_2025.tasks.get(seq="54", section__position=1)
    task_progress_roll_up(
        actor=wang,
        task_id=row54.pk,
        progress="民房已全部签约。",
        completed=True,
        shortfall_reason="",
        message="2025年11月填报通过",
    )
    client = client_for(wang)
    preview_url = _upload(client, _csv_of_seed(tmp_path)).url
    page = client.get(preview_url).content.decode()
    assert "修改 1 项" in page
    assert "将覆盖：第54项 完成情况、是否完成、未完成理由（来自2025年11月填报通过）" in page
    assert f'name="take_table" value="{row54.pk}"' in page
    client.post(preview_url, {"take_table": [str(row54.pk)]})
    row54.refresh_from_db()
    assert row54.progress.endswith("完成50%签约工作。") and row54.completed is False

"""The office's page for its remembered layouts (版式): list, rename, export, import, delete."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.core import clock
from duban.ingest.layout import header_fingerprint
from duban.intake.models import Layout

SPEC = {"header_rows": [1], "columns": [{"column": 1, "field": "seq"}, {"column": 2, "field": "title"}]}


def _layout(name: str = "民生实事推进表") -> Layout:
    return Layout.objects.create(
        name=name,
        fingerprint=header_fingerprint(["编号", "项目名称"]),
        spec=SPEC,
        header=["编号", "项目名称"],
        created_at=clock.now(),
        updated_at=clock.now(),
    )


def test_the_office_renames_exports_deletes_and_imports_a_layout_back(
    wang: User, client_for: Callable[[User], Client]
) -> None:
    client, layout = client_for(wang), _layout()
    listed = client.get(reverse("intake:layouts")).content.decode()
    assert "民生实事推进表" in listed and "编号 | 项目名称" in listed
    renamed = client.post(
        reverse("intake:layout_rename", args=[layout.pk]), {"name": "民生实事月报"}, follow=True
    )
    assert "版式「民生实事推进表」已改名为「民生实事月报」" in renamed.content.decode()
    exported = client.get(reverse("intake:layout_export", args=[layout.pk]))
    assert exported["Content-Type"].startswith("application/json")
    assert "filename*=utf-8''%E7%89%88%E5%BC%8F-" in exported["Content-Disposition"]
    content = exported.content
    assert json.loads(content)["name"] == "民生实事月报"
    deleted = client.post(reverse("intake:layout_delete", args=[layout.pk]), follow=True).content.decode()
    assert "已删除版式「民生实事月报」" in deleted and not Layout.objects.exists()
    upload = SimpleUploadedFile("版式.json", content)
    imported = client.post(reverse("intake:layout_import"), {"file": upload}, follow=True).content.decode()
    assert "已导入版式「民生实事月报」" in imported
    assert Layout.objects.get().spec["columns"][1]["field"] == "title"
    actions = list(
        AuditEntry.objects.filter(object_type="intake.Layout").order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["update", "export", "delete", "create"]


def test_a_bad_layout_file_is_named_and_refused_in_chinese(
    wang: User, client_for: Callable[[User], Client]
) -> None:
    upload = SimpleUploadedFile("别的.json", b'{"format": "something-else"}')
    page = (
        client_for(wang).post(reverse("intake:layout_import"), {"file": upload}, follow=True).content.decode()
    )
    assert "版式文件“别的.json”未导入：这不是 duban 导出的版式文件" in page
    assert not Layout.objects.exists()


def test_a_taken_name_is_refused_and_the_layout_keeps_its_own(
    wang: User, client_for: Callable[[User], Client]
) -> None:
    first = _layout("甲")
    Layout.objects.create(
        name="乙", fingerprint="d" * 32, spec=SPEC, created_at=clock.now(), updated_at=clock.now()
    )
    page = client_for(wang).post(
        reverse("intake:layout_rename", args=[first.pk]), {"name": "乙"}, follow=True
    )
    assert "版式「甲」未改名：已有名为「乙」的版式，请换一个名称" in page.content.decode()
    first.refresh_from_db()
    assert first.name == "甲"


def test_only_the_office_keeps_layouts(li: User, client_for: Callable[[User], Client]) -> None:
    assert client_for(li).get(reverse("intake:layouts")).status_code == 403


def test_the_list_of_layouts_takes_the_same_queries_for_many(
    wang: User, client_for: Callable[[User], Client], django_assert_max_num_queries: Any
) -> None:
    for n in range(12):
        Layout.objects.create(
            name=f"版式{n}",
            fingerprint=f"{n:032x}",
            spec=SPEC,
            created_by=wang,
            updated_by=wang,
            created_at=clock.now(),
            updated_at=clock.now(),
        )
    client = client_for(wang)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("intake:layouts")).content.decode()
    assert page.count('data-testid="layout-row"') == 12
    assert page.count(f" {wang.display_name()}</td>") == 24  # who saved and who changed each one

"""What the import pages say when a batch is discarded or a confirmation is refused."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.demo import KEY_WORK_2025
from duban.plans.models import Plan
from duban.plans.services.imports import plan_import_apply, plan_import_file


def test_discarding_says_so_and_discarding_again_says_why_not(
    wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    batch = plan_import_file(actor=wang, path=KEY_WORK_2025)
    url = reverse("plans:import_discard", args=[batch.pk])
    assert f"已放弃导入“{KEY_WORK_2025.name}”" in client.post(url, follow=True).content.decode()
    again = client.post(url, follow=True).content.decode()
    assert "不能再次操作" in again and "已放弃导入“" not in again


def test_confirming_an_imported_batch_again_says_that_nothing_was_stored(
    wang: User, client_for: Callable[[User], Client]
) -> None:
    batch = plan_import_file(actor=wang, path=KEY_WORK_2025)
    plan_import_apply(actor=wang, batch=batch, unit_choices={})
    page = client_for(wang).post(reverse("plans:import_preview", args=[batch.pk]), {}).content.decode()
    assert "导入失败，未保存任何内容：" in page and "不能再次操作" in page
    assert Plan.objects.count() == 1

"""A unit's 台账 as its readers see it: the rows written out in Python, with their lights."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.plans.models import Plan, Task


def test_a_ledger_row_escapes_its_texts_and_shortens_a_long_target(
    plan_2025: Plan, wang: User, li: User, client_for: Callable[[User], Client]
) -> None:
    task = Task.objects.filter(plan=plan_2025, assignments__unit=li.unit_id).order_by("pk").first()
    assert task is not None
    Task.objects.filter(pk=task.pk).update(title="<b>厂房</b>建设", target="目标" * 100)
    page = client_for(wang).get(reverse("units:detail", args=[li.unit_id])).content.decode()
    row = next(r for r in page.split("<tr>") if f'href="{reverse("plans:task", args=[task.pk])}"' in r)
    assert "&lt;b&gt;厂房&lt;/b&gt;建设" in row and "<b>" not in row
    assert f"{('目标' * 60)[:117]}...</td>" in row  # Django's zh-hans truncation mark
    assert "data-light=" in row and ("牵头单位" in row or "责任单位" in row)

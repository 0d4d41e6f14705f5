"""The people, steps, period progress and flags an import stored, on the task page and the plan's table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.plans.services.imports import plan_import_apply
from tests.plans.test_imports import leaders_batch


def test_the_task_page_shows_leaders_steps_period_progress_and_behind_schedule(
    wang: User, client_for: Callable[[User], Client], tmp_path: Path
) -> None:
    plan = plan_import_apply(actor=wang, batch=leaders_batch(wang, tmp_path), unit_choices={})
    first = plan.tasks.order_by("position").first()
    assert first is not None
    page = client_for(wang).get(reverse("plans:task", args=[first.pk])).content.decode()
    assert '<span class="me-2">张明</span><span class="me-2">李华</span>' in page
    assert "<li>3月31日前 完成设计</li><li>11月30日前 完工</li>" in page
    assert "<strong>1-10月</strong>：已完成设计" in page and "<strong>1-11月</strong>：已开工" in page
    assert "进度滞后" in page


def test_the_plan_table_names_each_tasks_leaders_and_steps(
    wang: User, client_for: Callable[[User], Client], tmp_path: Path
) -> None:
    plan = plan_import_apply(actor=wang, batch=leaders_batch(wang, tmp_path), unit_choices={})
    page = client_for(wang).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert '<div class="small text-muted task-leaders">责任领导：张明、李华</div>' in page
    assert "进度安排：3月31日前 完成设计；11月30日前 完工" in page
    assert '<div class="small text-muted task-leaders">责任领导：赵敏</div>' in page
    assert page.count("进度滞后") == 1

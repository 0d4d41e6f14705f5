"""The plan table's rows, written out in Python, escape what users typed and keep the layout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.plans.models import Plan


def test_typed_text_is_escaped_and_line_breaks_kept(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    task = plan_2025.tasks.get(seq="14", section__position=1)
    task.title = '<script>alert("x")</script>源容电气'
    task.target = "第一行\r\n第二行 & <b>"
    task.completed, task.shortfall_reason = False, "受<疫情>影响"
    task.save()
    page = client_for(wang).get(reverse("plans:detail", args=[plan_2025.pk])).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;源容电气" in page
    assert '<td class="col-text">第一行<br>第二行 &amp; &lt;b&gt;</td>' in page
    assert '<td class="claim">否（受&lt;疫情&gt;影响）</td>' in page
    assert f'<a href="/plans/tasks/{task.pk}/">' in page


def test_merged_category_cells_span_their_rows(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(wang).get(reverse("plans:detail", args=[plan_2025.pk])).content.decode()
    spans = sum(int(part.split('"')[0]) for part in page.split('<td class="category" rowspan="')[1:])
    assert spans == plan_2025.tasks.count()  # every row under exactly one category cell


def test_each_row_shows_its_own_tasks_light(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    overdue = plan_2025.tasks.get(seq="54", section__position=1)
    overdue.deadline, overdue.deadline_text = dt.date(2025, 10, 31), "2025年10月底"
    overdue.save()
    page = client_for(wang).get(reverse("plans:detail", args=[plan_2025.pk])).content.decode()
    row = next(row for row in page.split("<tr>") if f'href="/plans/tasks/{overdue.pk}/"' in row)
    assert '<span class="light light-overdue" data-light="overdue">逾期</span>' in row
    assert page.count('data-light="overdue"') == 1

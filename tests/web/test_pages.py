"""The pages read like the office's own table, in Chinese, for each role."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.plans.models import Plan, Task


def test_the_plan_page_is_laid_out_like_the_office_table(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(wang).get(reverse("plans:detail", args=[plan_2025.pk])).content.decode()
    assert "霞客湾科学城2025年重点工作安排表" in page
    assert "校地合作“八个一”工作清单" in page
    for header in (
        "序号",
        "主要任务",
        "重点工作",
        "年度主要目标",
        "年度任务完成情况",
        "牵头单位",
        "责任单位",
    ):
        assert f"<th>{header}</th>" in page
    assert 'rowspan="5"' in page  # 体制机制 merged over its five rows, as in the original


def test_filters_by_unit_category_status_and_text(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    url = reverse("plans:detail", args=[plan_2025.pk])
    yuecheng = plan_2025.tasks.get(seq="12", section__position=1).assignments.get().unit
    by_unit = client.get(url, {"unit": yuecheng.pk}).content.decode()
    assert "江阴机械年产360万件" in by_unit and "清华大学宽视场" not in by_unit
    by_status = client.get(url, {"status": "not_done"}).content.decode()
    assert by_status.count('class="seq"') == 5
    by_category = client.get(url, {"category": "要素保障"}).content.decode()
    assert by_category.count('class="seq"') == 4
    by_text = client.get(url, {"text": "北越"}).content.decode()
    assert by_text.count('class="seq"') == 1


def test_htmx_filtering_returns_only_the_table(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(wang).get(
        reverse("plans:detail", args=[plan_2025.pk]), {"category": "双招双引"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<table class="table table-bordered office-table"')
    assert "<html" not in body


def test_the_task_page_shows_units_and_history(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    task = plan_2025.tasks.get(seq="13", section__position=1)
    page = client_for(wang).get(reverse("plans:task", args=[task.pk])).content.decode()
    assert "北越新能源锂电池项目" in page and "月城镇" in page
    assert "历史" in page


def test_the_unit_page_lists_everything_the_unit_leads_or_shares(
    plan_2025: Plan, li: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(li).get(reverse("units:detail", args=[li.unit_id])).content.decode()
    qingyang_tasks = Task.objects.filter(assignments__unit=li.unit_id).distinct().count()
    assert page.count("/plans/tasks/") == qingyang_tasks
    assert "牵头单位" in page and "责任单位" in page


def test_the_login_page_is_in_chinese(client: Client) -> None:
    page = client.get(reverse("accounts:login")).content.decode()
    assert "登录" in page and "用户名" in page and 'lang="zh-CN"' in page


def test_home_sends_each_role_to_its_first_page(
    wang: User, li: User, shen: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(wang).get("/").url == reverse("dashboards:home")
    assert client_for(li).get("/").url == reverse("reporting:mine")
    assert client_for(shen).get("/").url == reverse("auditlog:list")


def test_authenticated_pages_are_never_cached(wang: User, client_for: Callable[[User], Client]) -> None:
    assert client_for(wang).get(reverse("plans:list"))["Cache-Control"] == "no-store"

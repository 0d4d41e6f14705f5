"""Search finds Chinese text by any substring, through the trigram index or a short scan."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.plans import views
from duban.plans.models import Plan
from duban.plans.search import search_tasks


def _titles(user: User, query: str) -> set[str]:
    return {t.title for t in search_tasks(user, query)}


def test_three_characters_or_more_use_the_trigram_index(plan_2025: Plan, wang: User) -> None:
    assert _titles(wang, "锂电池") == {"北越新能源锂电池项目"}
    assert "开展招才引智工作" in _titles(wang, "领军人才项目")  # found in the target text


def test_progress_text_is_searched_too(plan_2025: Plan, wang: User) -> None:
    assert "北越新能源锂电池项目" in _titles(wang, "设备调试中")


def test_two_characters_are_found_by_a_scan(plan_2025: Plan, wang: User) -> None:
    assert "北越新能源锂电池项目" in _titles(wang, "北越")


def test_an_updated_task_is_found_by_its_new_text(plan_2025: Plan, wang: User) -> None:
    task = plan_2025.tasks.get(seq="13", section__position=1)
    task.progress = "已于12月投产运营"
    task.save()
    assert _titles(wang, "投产运营") == {"北越新能源锂电池项目"}
    assert "北越新能源锂电池项目" not in _titles(wang, "设备调试中")


def test_quotes_in_a_query_are_harmless(plan_2025: Plan, wang: User) -> None:
    assert _titles(wang, '"八个一" OR x') == set()


def test_the_index_exists_for_this_database(db: None) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'plans_task_fts'")
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = 'plans_task_title_trgm'")
        assert cursor.fetchone() is not None


def test_the_search_page_shows_a_page_at_a_time_and_links_the_rest(
    plan_2025: Plan, wang: User, client_for: Callable[[User], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "SEARCH_PAGE_SIZE", 20)  # the seed plan has 73 tasks, the page 50
    client = client_for(wang)
    total = search_tasks(wang, "项目").count()
    assert 40 < total <= 60
    url = reverse("plans:search")
    pages = [client.get(url, {"q": "项目", "page": n}).content.decode() for n in (1, 2, 3)]
    assert f"找到 {total} 项，每页 20 项" in pages[0]
    assert [page.count('href="/plans/tasks/') for page in pages] == [20, 20, total - 40]
    assert "?q=%E9%A1%B9%E7%9B%AE&amp;page=2" in pages[0]  # 下一页 keeps the query
    assert "第 3 / 3 页" in pages[2]

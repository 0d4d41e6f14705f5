"""Search finds Chinese text by any substring, through the trigram index or a short scan."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.demo import KEY_WORK_2025
from duban.plans import views
from duban.plans.models import Plan, Task
from duban.plans.search import index_kept_by_triggers, search_tasks
from duban.plans.services.imports import plan_import_apply, plan_import_file
from duban.plans.services.search_index import search_index_pending
from duban.units.models import Unit


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


def _indexed(query: str) -> set[int]:
    """Task ids SQLite's trigram index itself answers for the query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM plans_task_fts WHERE plans_task_fts MATCH %s", [f'"{query}"'])
        return {row[0] for row in cursor.fetchall()}


def _index_is_sound() -> None:
    with connection.cursor() as cursor:  # FTS5 compares the index with the table's texts
        cursor.execute("INSERT INTO plans_task_fts(plans_task_fts, rank) VALUES ('integrity-check', 1)")


sqlite_only = pytest.mark.skipif(not index_kept_by_triggers(), reason="PostgreSQL's index is the table's own")


def test_an_import_leaves_the_search_index_to_after_its_write_lock(wang: User, qingyang: Unit) -> None:
    batch = plan_import_file(actor=wang, path=KEY_WORK_2025)
    plan_import_apply(actor=wang, batch=batch, unit_choices={})
    pending = Task.objects.filter(search_pending=True).count()
    assert pending == (Task.objects.count() if index_kept_by_triggers() else 0)


def test_tasks_waiting_for_the_index_are_found_by_a_scan(plan_2025: Plan, wang: User) -> None:
    assert _titles(wang, "锂电池") == {"北越新能源锂电池项目"}
    assert Task.objects.get(title="北越新能源锂电池项目").search_pending == index_kept_by_triggers()


@sqlite_only
def test_the_index_catches_up_in_batches_and_then_answers_alone(plan_2025: Plan, wang: User) -> None:
    lithium = Task.objects.get(title="北越新能源锂电池项目")
    assert lithium.pk not in _indexed("锂电池")
    assert search_index_pending(batch=10) == plan_2025.tasks.count()
    assert not Task.objects.filter(search_pending=True).exists()
    assert _indexed("锂电池") == {lithium.pk}
    assert _titles(wang, "锂电池") == {"北越新能源锂电池项目"}
    _index_is_sound()


@sqlite_only
def test_a_task_changed_or_deleted_while_waiting_leaves_the_index_sound(plan_2025: Plan, wang: User) -> None:
    lithium = Task.objects.get(title="北越新能源锂电池项目")
    lithium.progress = "已于12月投产运营"
    lithium.save()
    other = plan_2025.tasks.exclude(pk=lithium.pk).first()
    assert other is not None
    other.delete()
    search_index_pending()
    assert _indexed("投产运营") == {lithium.pk}
    assert not _indexed("设备调试中") & {lithium.pk}
    _index_is_sound()


@sqlite_only
def test_the_import_indexes_its_tasks_once_it_commits(
    wang: User, qingyang: Unit, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        plan_import_apply(actor=wang, batch=plan_import_file(actor=wang, path=KEY_WORK_2025), unit_choices={})
    assert not Task.objects.filter(search_pending=True).exists()
    assert _indexed("锂电池") == {Task.objects.get(title="北越新能源锂电池项目").pk}
    _index_is_sound()

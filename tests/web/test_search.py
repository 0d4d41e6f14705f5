"""Search finds Chinese text by any substring, through the trigram index or a short scan."""

from __future__ import annotations

from django.db import connection

from duban.accounts.models import User
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

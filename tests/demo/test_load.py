"""The plain demo: both seeds, one account per role, and a 领导 who opens on his own portfolio."""

from __future__ import annotations

import pytest

from duban.accounts.models import User
from duban.core.clock import today
from duban.dashboards.selectors import leader_portfolio
from duban.demo.load import PORTFOLIO_TOWNS, demo_load
from duban.plans.models import Task
from duban.units.models import Unit

pytestmark = pytest.mark.django_db


def test_the_demo_leader_opens_on_the_towns_tasks_he_is_in_charge_of() -> None:
    demo_load()
    portfolio = leader_portfolio(User.objects.get(username="lingdao"), today=today())
    assert portfolio
    towns = set(Unit.objects.filter(name__in=PORTFOLIO_TOWNS).values_list("pk", flat=True))
    assert all(row.task.named_units["lead"] & towns for row in portfolio)


def test_loading_the_demo_twice_gives_the_leader_no_second_portfolio() -> None:
    demo_load()
    assert not any(line.startswith("分管领导") for line in demo_load())


def test_the_demo_leaves_no_task_waiting_for_the_search_index() -> None:
    demo_load()
    assert Task.objects.exists()
    assert not Task.objects.filter(search_pending=True).exists()

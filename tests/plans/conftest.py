"""A small 2025 plan written through the plans services, with 青阳镇 and 月城镇 in the directory."""

from __future__ import annotations

import pytest

from duban.plans.models import Plan, Section
from duban.plans.services.tasks import plan_get_or_create, section_get_or_create
from tests.web.conftest import *  # noqa: F403  (the personas)


@pytest.fixture
def plan(db: None) -> Plan:
    return plan_get_or_create(title="霞客湾科学城2025年重点工作安排表", year=2025)


@pytest.fixture
def section(plan: Plan) -> Section:
    return section_get_or_create(plan=plan, title="一、科技创新")

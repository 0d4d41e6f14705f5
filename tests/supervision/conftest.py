"""A 批示 item handed by 王科长 (wang) to 青阳镇 (lead) and 月城镇 (responsible), with 张局长 (zhang)
as the instructing leader; the 2025 table imported as numbered 计划任务."""

from __future__ import annotations

import datetime as dt

import pytest

from duban.accounts.models import User
from duban.core import clock
from duban.plans.models import Task
from duban.reporting.choices import AdhocSource
from duban.reporting.services.adhoc import AdhocRequest
from duban.supervision.services.assign import item_assign
from tests.web.conftest import *  # noqa: F403  (the personas)

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def instruction(title: str = "加快推进青阳镇科创园二期建设") -> AdhocRequest:
    return AdhocRequest(
        source=AdhocSource.INSTRUCTION,
        reference="张局长批示（2025年11月18日）",
        title=title,
        target="年底前完成主体结构封顶",
        lead_units="青阳镇",
        responsible_units="月城镇",
        deadline=dt.date(2025, 12, 31),
    )


@pytest.fixture
def item(wang: User, zhang: User, qingyang: object, yuecheng: object) -> Task:
    return item_assign(actor=wang, request=instruction(), today=clock.today(), leader=zhang)

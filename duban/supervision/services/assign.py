"""交办 with a number: reporting's ad-hoc task, numbered by its source, with the instructing leader."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from duban.accounts.models import User
from duban.plans.models import Task
from duban.reporting.choices import AdhocSource
from duban.reporting.services.adhoc import AdhocRequest, adhoc_task_create
from duban.reporting.services.instructions import instruction_give
from duban.supervision.services.numbers import ADHOC_SOURCES, items_issue


@transaction.atomic
def item_assign(*, actor: User, request: AdhocRequest, today: dt.date, leader: User | None = None) -> Task:
    """The office hands a 批示 / 会议议定事项 to its units: the task, its 督办编号 and 签收 rows at once.

    A 批示 item carries the leader's 批示 (its 工作要求) for the unit to answer in its next report."""
    task = adhoc_task_create(actor=actor, request=request, today=today)
    items_issue(actor=actor, tasks=[task], source=ADHOC_SOURCES[str(request.source)], leader=leader)
    if request.source == AdhocSource.INSTRUCTION and leader is not None:
        text = request.target.strip() or request.title.strip()
        instruction_give(actor=actor, task=task, text=text, given_on=today, leader=leader)
    return task

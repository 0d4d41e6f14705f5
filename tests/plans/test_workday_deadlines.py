"""A 完成时限 written in working days ("7个工作日内") is counted from the day the task is imported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import time_machine

from duban.accounts.models import User
from duban.core.clock import OFFICE_ZONE
from duban.plans.choices import DeadlineKind
from duban.plans.models import Task
from duban.plans.services.imports import plan_import_apply, plan_import_file
from duban.units.models import Unit
from tests.builders import TableSpec, write_xlsx
from tests.web.conftest import *  # noqa: F403  (the personas)


def _table(deadline: str) -> TableSpec:
    return TableSpec(
        headings=["2026年春节前后督办事项"],
        header=["序号", "重点工作", "牵头单位", "完成时限"],
        rows=[
            ["1", "做好春节期间安全生产检查", "青阳镇", deadline],
            ["2", "摸排返乡人员就业需求", "青阳镇", "2026年3月底"],
        ],
    )


def test_seven_working_days_from_an_import_on_12_february_2026_end_on_28_february(
    wang: User, qingyang: Unit, tmp_path: Path, clock: time_machine.Traveller
) -> None:
    clock.move_to(dt.datetime(2026, 2, 12, 10, 0, tzinfo=OFFICE_ZONE))
    path = write_xlsx(_table("7个工作日内"), tmp_path / "督办事项.xlsx")
    plan_import_apply(actor=wang, batch=plan_import_file(actor=wang, path=path), unit_choices={})
    task = Task.objects.get(title="做好春节期间安全生产检查")
    assert task.deadline_kind == DeadlineKind.WORKDAYS and task.deadline_text == "7个工作日内"
    # 13日(五) 14日(六，调休上班) | 15—23日放假 | 24 25 26 27日 28日(六，调休上班)
    assert task.deadline == dt.date(2026, 2, 28)
    assert Task.objects.get(title="摸排返乡人员就业需求").deadline == dt.date(2026, 3, 31)


def test_a_later_import_keeps_the_date_while_the_cell_is_unchanged(
    wang: User, qingyang: Unit, tmp_path: Path, clock: time_machine.Traveller
) -> None:
    clock.move_to(dt.datetime(2026, 2, 12, 10, 0, tzinfo=OFFICE_ZONE))
    path = write_xlsx(_table("7个工作日内"), tmp_path / "督办事项.xlsx")
    plan_import_apply(actor=wang, batch=plan_import_file(actor=wang, path=path), unit_choices={})
    clock.move_to(dt.datetime(2026, 3, 2, 10, 0, tzinfo=OFFICE_ZONE))
    plan_import_apply(actor=wang, batch=plan_import_file(actor=wang, path=path), unit_choices={})
    assert Task.objects.get(title="做好春节期间安全生产检查").deadline == dt.date(2026, 2, 28)
    changed = write_xlsx(_table("3个工作日内"), tmp_path / "督办事项（修改）.xlsx")
    plan_import_apply(actor=wang, batch=plan_import_file(actor=wang, path=changed), unit_choices={})
    assert Task.objects.get(title="做好春节期间安全生产检查").deadline == dt.date(2026, 3, 5)  # 3, 4, 5 March

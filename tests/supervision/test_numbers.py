"""督办编号: from the office's pattern per source, unique, never reused."""

from __future__ import annotations

import pytest

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.common.refusals import Refused
from duban.core import clock
from duban.demo import KEY_WORK_2025
from duban.plans.models import Plan, Task
from duban.plans.services.imports import plan_import_apply, plan_import_file
from duban.plans.services.tasks import task_numbers_set
from duban.plans.signals import plan_stored
from duban.plans.tasks import plans_follow_up
from duban.supervision.choices import SourceKind
from duban.supervision.models import Acknowledgement, Lifecycle, NumberPattern
from duban.supervision.services.assign import item_assign
from duban.supervision.services.numbers import items_backfill, items_issue_for_plan, number_next, pattern_save
from duban.units.models import Unit
from tests.supervision.conftest import instruction

pytestmark = pytest.mark.django_db


def test_a_batch_item_gets_the_next_number_of_its_source(item: Task, wang: User, zhang: User) -> None:
    second = item_assign(actor=wang, request=instruction("第二项批示"), today=clock.today(), leader=zhang)
    assert item.number == "霞督〔2025〕1号"
    assert second.number == "霞督〔2025〕2号"


def test_the_office_sets_a_padded_pattern_and_later_numbers_follow_it(wang: User, zhang: User) -> None:
    pattern_save(actor=wang, source=SourceKind.INSTRUCTION, pattern="霞督办〔{year}〕{n:03}号")
    task = item_assign(actor=wang, request=instruction(), today=clock.today(), leader=zhang)
    assert task.number == "霞督办〔2025〕001号"
    assert AuditEntry.objects.filter(message="wang将批示件编号格式设为“霞督办〔{year}〕{n:03}号”").exists()


def test_a_deleted_item_does_not_free_its_number(item: Task, wang: User, zhang: User) -> None:
    item.delete()
    again = item_assign(actor=wang, request=instruction("另一项"), today=clock.today(), leader=zhang)
    assert again.number == "霞督〔2025〕2号"


def test_a_changed_pattern_never_hands_out_a_number_already_held(item: Task, wang: User) -> None:
    pattern_save(actor=wang, source=SourceKind.INSTRUCTION, pattern="霞督〔{year}〕{n}号")
    # the counter is at 1; a pattern for meetings that writes the same form would meet 霞督〔2025〕1号
    pattern_save(actor=wang, source=SourceKind.MEETING, pattern="霞督〔{year}〕{n}号")
    assert number_next(source=SourceKind.MEETING, year=2025) == "霞督〔2025〕2号"


@pytest.mark.parametrize(
    ("pattern", "says"),
    [
        ("霞督〔{year}〕号", "缺少序号"),
        ("霞督〔{year}〕{n}号{unit}", "不认识：unit"),
        ("霞督〔{year}〕{n号", "写法有误"),
        ("霞" * 60 + "{n}", "太长"),
    ],
)
def test_a_bad_pattern_is_refused_saying_what_is_wrong(wang: User, pattern: str, says: str) -> None:
    with pytest.raises(Refused, match=says):
        pattern_save(actor=wang, source=SourceKind.INSTRUCTION, pattern=pattern)
    assert not NumberPattern.objects.exists()


def test_only_the_office_sets_patterns(li: User, zhang: User) -> None:
    for user in (li, zhang):
        with pytest.raises(Refused, match="只有督办员"):
            pattern_save(actor=user, source=SourceKind.PLAN, pattern="{n}")


def test_an_imported_plan_is_numbered_row_by_row_with_receipts_for_its_units(plan_2025: Plan) -> None:
    tasks = list(plan_2025.tasks.order_by("position"))
    assert [t.number for t in tasks[:2]] == ["霞重〔2025〕001号", "霞重〔2025〕002号"]
    assert len({t.number for t in tasks}) == len(tasks)
    row_14 = plan_2025.tasks.get(seq="14", section__position=1)
    assert Acknowledgement.objects.filter(task=row_14, unit__name="青阳镇", role="lead").exists()


def test_an_import_is_issued_after_its_own_transaction_and_audited_after_it(plan_2025: Plan) -> None:
    imported = AuditEntry.objects.get(action="import", object_id=str(plan_2025.pk))
    issued = AuditEntry.objects.get(message__startswith="交办计划任务霞重〔2025〕001号")
    assert imported.pk < issued.pk  # the 交办 follows the import's commit, by the one who imported
    assert issued.actor_name == imported.actor_name


def _stops(**_: object) -> None:
    raise OSError("进程在导入提交后中止")


def test_a_plan_whose_import_stopped_before_issuing_is_issued_by_the_job(wang: User, qingyang: Unit) -> None:
    plan_stored.disconnect(dispatch_uid="duban.supervision.issue")  # the process stops after the commit
    plan_stored.connect(_stops, dispatch_uid="tests.stops")
    try:
        plan = plan_import_apply(
            actor=wang, batch=plan_import_file(actor=wang, path=KEY_WORK_2025), unit_choices={}
        )
    finally:
        plan_stored.disconnect(dispatch_uid="tests.stops")
        plan_stored.connect(items_issue_for_plan, dispatch_uid="duban.supervision.issue")
    plan.refresh_from_db()
    assert plan.after_import_pending and not plan.tasks.exclude(number=None).exists()
    assert plans_follow_up.call_local() == 1
    first = plan.tasks.order_by("position").first()
    assert first is not None and first.number == "霞重〔2025〕001号"
    assert Acknowledgement.objects.filter(task__plan=plan, unit=qingyang, role="lead").exists()
    plan.refresh_from_db()
    assert not plan.after_import_pending
    assert plans_follow_up.call_local() == 0


def test_tasks_no_import_left_unissued_are_not_issued_by_the_job(plan_2025: Plan) -> None:
    last = plan_2025.tasks.order_by("position").last()
    assert last is not None
    Lifecycle.objects.filter(task=last).delete()  # as a task of before numbering: `duban demo` issues those
    assert plans_follow_up.call_local() == 0
    assert not Lifecycle.objects.filter(task=last).exists()


def test_a_number_once_given_is_never_replaced_and_the_others_are_not_numbered(plan_2025: Plan) -> None:
    first, second = plan_2025.tasks.order_by("position")[:2]
    Task.objects.filter(pk=second.pk).update(number=None)
    with pytest.raises(Refused, match="已有督办编号"):
        task_numbers_set(numbers={second.pk: "霞重〔2025〕998号", first.pk: "霞重〔2025〕999号"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, second.number) == ("霞重〔2025〕001号", None)


def test_backfill_numbers_tasks_made_before_numbering_with_fresh_numbers(plan_2025: Plan) -> None:
    last = plan_2025.tasks.order_by("position").last()
    assert last is not None and last.number is not None
    Lifecycle.objects.filter(task=last).delete()
    Task.objects.filter(pk=last.pk).update(number=None)  # as a task made before numbering existed
    assert items_backfill() == 1
    last.refresh_from_db()
    assert last.number is not None and last.number > "霞重〔2025〕0"
    assert Task.objects.filter(number=last.number).count() == 1
    assert items_backfill() == 0


def test_the_item_names_its_leader_in_the_audit_log(item: Task) -> None:
    messages = AuditEntry.objects.filter(object_type="plans.Task", object_id=str(item.pk)).values_list(
        "message", flat=True
    )
    assert "交办批示件霞督〔2025〕1号，批示领导zhang" in messages

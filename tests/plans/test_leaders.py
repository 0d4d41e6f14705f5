"""A task's leaders: entered by the office on the task page, read from a table and linked to 领导
accounts by the person's name, and the names no account matched linked in bulk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.common.roles import Role
from duban.plans.models import Plan, Task, TaskLeader
from duban.plans.services.imports import plan_import_apply
from duban.plans.services.leaders import person_name
from tests.plans.test_imports import leaders_batch


def _leader(username: str, full_name: str) -> User:
    return User.objects.create(username=username, full_name=full_name, role=Role.LEADER)


def _first(plan: Plan) -> Task:
    task = plan.tasks.order_by("position").first()
    assert task is not None
    return task


def test_a_name_loses_its_spaces_and_one_trailing_title_but_keeps_two_characters() -> None:
    assert person_name("张 明") == "张明"
    assert person_name("张明同志") == "张明"
    assert person_name("张明副市长") == "张明"
    assert person_name("欧阳明华书记") == "欧阳明华"
    assert person_name("王主任") == "王主任"  # a surname alone is not a name


def test_imported_names_are_linked_to_the_leader_accounts_they_name(wang: User, tmp_path: Path) -> None:
    zhang_ming = _leader("zhangming", "张明")
    _leader("lihua1", "李华")
    _leader("lihua2", "李 华")  # two accounts bear the name: the office chooses
    plan = plan_import_apply(actor=wang, batch=leaders_batch(wang, tmp_path), unit_choices={})
    assert [(leader.name, leader.user) for leader in _first(plan).leaders.all()] == [
        ("张明", zhang_ming),
        ("李华", None),
    ]


def test_a_reimport_keeps_the_accounts_the_office_linked(wang: User, tmp_path: Path) -> None:
    wang_qiang = _leader("wq", "王强局长")
    zhou_yong = _leader("zy", "周副主任")  # his account names him otherwise: the office links him
    batch = leaders_batch(wang, tmp_path, leaders="王强、周勇")
    plan = plan_import_apply(actor=wang, batch=batch, unit_choices={})
    TaskLeader.objects.filter(name="周勇").update(user=zhou_yong)
    batch = leaders_batch(wang, tmp_path, leaders="周勇、王强、赵敏")
    plan_import_apply(actor=wang, batch=batch, unit_choices={})
    second = plan.tasks.order_by("position")[1]
    assert [(leader.name, leader.user) for leader in second.leaders.all()] == [
        ("周勇", zhou_yong),
        ("王强", wang_qiang),
        ("赵敏", None),
    ]


def test_the_office_enters_a_tasks_leaders_on_the_task_page(
    wang: User, zhang: User, client_for: Callable[[User], Client], tmp_path: Path
) -> None:
    plan = plan_import_apply(actor=wang, batch=leaders_batch(wang, tmp_path), unit_choices={})
    zhang_ming = _leader("zhangming", "张明")
    first = _first(plan)
    client_for(wang).post(
        reverse("plans:task_leaders", args=[first.pk]),
        {
            "leader_name": ["张明同志", "", ""],
            "leader_kind": ["in_charge", "responsible", ""],
            "leader_user": ["", str(zhang.pk), ""],
        },
    )
    assert [(leader.label, leader.user) for leader in first.leaders.all()] == [
        ("张明同志（分管领导）", zhang_ming),
        ("zhang（责任领导）", zhang),
    ]
    entry = AuditEntry.objects.filter(object_type="plans.Task", object_id=str(first.pk)).last()
    assert entry is not None and entry.message == "修改任务领导"
    assert entry.changes == {"责任领导": ["张明、李华", "张明同志（分管领导）、zhang（责任领导）"]}
    page = client_for(wang).get(reverse("plans:task", args=[first.pk])).content.decode()
    assert '<span class="me-2">张明同志（分管领导）</span><span class="me-2">zhang（责任领导）</span>' in page


def test_a_leaders_row_that_names_a_unit_user_is_refused_whole(
    wang: User, li: User, client_for: Callable[[User], Client], tmp_path: Path
) -> None:
    plan = plan_import_apply(actor=wang, batch=leaders_batch(wang, tmp_path), unit_choices={})
    first = _first(plan)
    url = reverse("plans:task_leaders", args=[first.pk])
    data = {"leader_name": ["赵敏", ""], "leader_kind": ["", ""], "leader_user": ["", str(li.pk)]}
    page = client_for(wang).post(url, data, follow=True).content.decode()
    assert "第2行：所选领导账号不存在或已停用" in page
    assert list(first.leaders.values_list("name", flat=True)) == ["张明", "李华"]
    assert client_for(li).post(url, data).status_code == 403


def test_the_office_links_an_unmatched_name_on_every_task_at_once(
    wang: User, zhang: User, client_for: Callable[[User], Client], tmp_path: Path
) -> None:
    plan = plan_import_apply(actor=wang, batch=leaders_batch(wang, tmp_path, leaders="张明"), unit_choices={})
    page = client_for(wang).get(reverse("plans:leaders")).content.decode()
    assert "<td>张明</td><td>2项</td>" in page and "<td>赵敏</td><td>1项</td>" in page
    client_for(wang).post(reverse("plans:leaders"), {"name": "张明", "user": str(zhang.pk)}, follow=True)
    assert set(TaskLeader.objects.filter(name="张明").values_list("user", flat=True)) == {zhang.pk}
    linked = AuditEntry.objects.filter(message="将“张明”关联到领导账号zhang")
    assert sorted(int(e.object_id) for e in linked) == sorted(
        plan.tasks.filter(leaders__name="张明").values_list("pk", flat=True)
    )
    page = client_for(wang).get(reverse("plans:leaders")).content.decode()
    assert "<td>张明</td>" not in page


def test_a_name_is_linked_to_a_leader_account_only(
    wang: User, li: User, client_for: Callable[[User], Client], tmp_path: Path
) -> None:
    plan_import_apply(actor=wang, batch=leaders_batch(wang, tmp_path), unit_choices={})
    page = client_for(wang).post(reverse("plans:leaders"), {"name": "赵敏", "user": str(li.pk)}, follow=True)
    assert "请为“赵敏”选择领导账号" in page.content.decode()
    assert not TaskLeader.objects.filter(name="赵敏", user__isnull=False).exists()

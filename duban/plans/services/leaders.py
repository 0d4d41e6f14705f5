"""A task's leaders (分管领导 / 责任领导 / 牵头领导): entered by the office, or read from a table and
linked to 领导 accounts by the person's name.

Matching is deliberately plain so the office can predict it: spaces go, one trailing title
goes (张明同志, 张明副市长 → 张明), and the rest must equal one active 领导 account's name
(its 姓名 treated the same way). A name two accounts share stays unlinked for the office to choose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.freshness import plan_scope
from duban.common.refusals import Refused
from duban.common.roles import Role
from duban.plans.choices import LeaderKind
from duban.plans.models import Task, TaskLeader

# Titles that follow a name in the office's tables, longest first so 副市长 goes before 市长.
TITLES = sorted(
    (
        *("同志", "市长", "副市长", "书记", "副书记", "主任", "副主任", "局长", "副局长", "部长", "副部长"),
        *("区长", "副区长", "县长", "副县长", "镇长", "副镇长", "秘书长", "副秘书长", "主席", "副主席"),
    ),
    key=len,
    reverse=True,
)


def person_name(written: str) -> str:
    """The name without spaces and one trailing title; at least two characters of name are kept."""
    name = re.sub(r"\s+", "", written)
    for title in TITLES:
        if name.endswith(title) and len(name) - len(title) >= 2:
            return name[: -len(title)]
    return name


def leader_accounts_by_name() -> dict[str, int]:
    """Each name that exactly one active 领导 account bears → that account."""
    found: dict[str, list[int]] = {}
    for pk, full_name in User.objects.filter(role=Role.LEADER, is_active=True).values_list("pk", "full_name"):
        if full_name.strip():
            found.setdefault(person_name(full_name), []).append(pk)
    return {name: ids[0] for name, ids in found.items() if len(ids) == 1}


@dataclass(frozen=True)
class LeaderEntry:
    """One leader as the office enters him: a typed name, or an account (whose name is used)."""

    name: str
    kind: str = ""
    user: User | None = None


@transaction.atomic
def task_leaders_set(*, actor: User, task: Task, leaders: Sequence[LeaderEntry]) -> list[TaskLeader]:
    """The task's leaders become these, in order; a typed name is linked to the account it names."""
    accounts = leader_accounts_by_name()
    before = "、".join(leader.label for leader in task.leaders.all())
    rows = [_leader_row(task, entry, position, accounts) for position, entry in enumerate(leaders)]
    task.leaders.all().delete()
    TaskLeader.objects.bulk_create(rows)
    after = "、".join(leader.label for leader in rows)
    if before != after:
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=task,
            changes={"责任领导": [before or "（空）", after or "（空）"]},
            scope=plan_scope(task.plan_id),
            message="修改任务领导",
        )
    return rows


def _leader_row(task: Task, entry: LeaderEntry, position: int, accounts: dict[str, int]) -> TaskLeader:
    if entry.user is not None and entry.user.role != Role.LEADER:
        raise Refused(f"第{position + 1}行：{entry.user.display_name()}不是领导账号")
    name = entry.name.strip() or (entry.user.display_name() if entry.user else "")
    if not name:
        raise Refused(f"第{position + 1}行：请填写领导姓名或选择领导账号")
    if entry.kind and entry.kind not in LeaderKind.values:
        raise Refused(f"第{position + 1}行：未知的领导类别“{entry.kind}”")
    user_id = entry.user.pk if entry.user else accounts.get(person_name(name))
    row = TaskLeader(task=task, name=name, kind=entry.kind, position=position, user_id=user_id)
    row.full_clean(exclude=["task"])
    return row


@transaction.atomic
def task_leader_link(*, actor: User, name: str, user: User) -> int:
    """Every task on which this name (as written) is still unlinked is linked to the 领导 account."""
    if user.role != Role.LEADER:
        raise Refused(f"{user.display_name()}不是领导账号，不能关联“{name}”")
    rows = TaskLeader.objects.filter(name=name, user__isnull=True).select_related("task")
    tasks = {row.task for row in rows}
    if not tasks:
        raise Refused(f"没有待关联的领导“{name}”，可能已被关联")
    rows.update(user=user)
    for task in tasks:
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=task,
            changes={"领导账号": [name, user.display_name()]},
            scope=plan_scope(task.plan_id),
            message=f"将“{name}”关联到领导账号{user.display_name()}",
        )
    return len(tasks)

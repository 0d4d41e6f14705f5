"""Demo data: both seed documents as plans, the unit groups they name, one account per role."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from duban.accounts.models import User
from duban.accounts.policy import DEMO_PASSWORD
from duban.buildings.demo import demo_buildings_load
from duban.common.roles import Role
from duban.demo import BUILDINGS_PLAN_2022, KEY_WORK_2025
from duban.plans.choices import LeaderKind, UnitRole
from duban.plans.models import Plan, Task
from duban.plans.previews import import_preview
from duban.plans.services.imports import plan_import_apply, plan_import_file
from duban.plans.services.leaders import LeaderEntry, task_leaders_set
from duban.plans.services.search_index import search_index_pending
from duban.supervision.services.numbers import items_backfill
from duban.units.models import Unit, UnitGroup
from duban.units.services import unit_create

TOWNS = ("徐霞客镇", "月城镇", "青阳镇", "祝塘镇")
GROUPS = {"功能区四镇": TOWNS, "各镇街园区": TOWNS, "市属国有企业": ()}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    full_name: str
    unit: str = ""


ACCOUNTS = (
    DemoAccount("xitong", Role.SYSADMIN, "赵工", "市数据局"),
    DemoAccount("duban", Role.SUPERVISOR, "王科长", "霞科办"),
    DemoAccount("qingyang", Role.REPORTER, "李主任", "青阳镇"),
    DemoAccount("qingyang_sh", Role.UNIT_REVIEWER, "青阳镇审核人", "青阳镇"),
    DemoAccount("lingdao", Role.LEADER, "张局长", "市科技局"),
    DemoAccount("anquan", Role.SECADMIN, "安全管理员"),
    DemoAccount("shenji", Role.AUDITOR, "审计管理员"),
)


def demo_load() -> list[str]:
    """Load the demo; safe to run twice. Returns what was done, for the console."""
    done = _groups_ensure()
    supervisor = _account_ensure(ACCOUNTS[1])
    for seed in (KEY_WORK_2025, BUILDINGS_PLAN_2022):
        done.append(_seed_import(supervisor, seed))
    for account in ACCOUNTS:
        _account_ensure(account)
    done.extend(demo_buildings_load(actor=supervisor))
    done.extend(_portfolio_ensure(supervisor))
    numbered = items_backfill(actor=supervisor)  # tasks made before numbering existed
    if numbered:
        done.append(f"督办编号：补编{numbered}项")
    search_index_pending()  # the seeds' tasks, searchable through the index before the worker starts
    return done


# The demo's 领导 分管 the 2025 table's tasks led by these towns: his dashboard opens on 我分管的.
PORTFOLIO_TOWNS = ("青阳镇", "月城镇")


def _portfolio_ensure(supervisor: User) -> list[str]:
    leader = User.objects.get(username="lingdao")
    tasks = Task.objects.filter(
        plan__source_sha256=hashlib.sha256(KEY_WORK_2025.read_bytes()).hexdigest(),
        assignments__role=UnitRole.LEAD,
        assignments__unit__name__in=PORTFOLIO_TOWNS,
        leaders__isnull=True,
    ).distinct()
    entry = LeaderEntry(name="", kind=LeaderKind.IN_CHARGE, user=leader)
    count = sum(1 for task in tasks if task_leaders_set(actor=supervisor, task=task, leaders=[entry]))
    return [f"分管领导：{leader.display_name()}分管{count}项任务"] if count else []


def _unit(name: str) -> Unit:
    return Unit.objects.filter(name=name).first() or unit_create(actor=None, name=name)


def _groups_ensure() -> list[str]:
    done = []
    with transaction.atomic():
        for name, members in GROUPS.items():
            group, created = UnitGroup.objects.get_or_create(name=name)
            group.members.add(*(_unit(m) for m in members))
            if created:
                done.append(f"单位组：{name}")
    return done


def _seed_import(actor: User, path: Path) -> str:
    existing = Plan.objects.filter(source_sha256=hashlib.sha256(path.read_bytes()).hexdigest()).first()
    if existing is not None:
        return f"已存在：{existing.title}"
    batch = plan_import_file(actor=actor, path=path)
    preview = import_preview(batch)
    # The office would map these in the preview: take every suggested match.
    choices = {m.name: str(m.suggestion.pk) for m in preview.needs_choice() if m.suggestion}
    plan = plan_import_apply(actor=actor, batch=batch, unit_choices=choices)
    return f"已导入：{plan.title}（{plan.tasks.count()} 项任务）"


def _account_ensure(account: DemoAccount) -> User:
    user = User.objects.filter(username=account.username).first() or User(username=account.username)
    user.role, user.full_name = account.role, account.full_name
    user.unit = _unit(account.unit) if account.unit else None
    user.set_password(DEMO_PASSWORD)
    user.full_clean()
    user.save()
    return user

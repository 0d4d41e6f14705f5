from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from duban.plans.demo import ACCOUNTS, DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "建立数据库并载入演示数据（两份原始文件、每个角色一个演示账户）；可重复运行"

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        for line in demo_load():
            self.stdout.write(line)
        self.stdout.write(f"\n演示账户（密码均为 {DEMO_PASSWORD}）：")
        for account in ACCOUNTS:
            unit = f"，{account.unit}" if account.unit else ""
            self.stdout.write(f"  {account.username:<12} {account.role.label}（{account.full_name}{unit}）")

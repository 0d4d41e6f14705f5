from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from duban.accounts.models import User
from duban.accounts.services import superusers_revoke


class Command(BaseCommand):
    help = "取消所有账户的超级用户标志（本系统只通过角色授权）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="只列出超级用户，不修改")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            names = list(User.objects.filter(is_superuser=True).values_list("username", flat=True))
            self.stdout.write("超级用户：" + ("、".join(names) or "无"))
            return
        names = superusers_revoke()
        self.stdout.write("已取消超级用户：" + ("、".join(names) or "无"))

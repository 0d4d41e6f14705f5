from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.accounts.models import User
from duban.accounts.services import admin_account_ensure
from duban.common.roles import ADMIN_ROLES, Role


class Command(BaseCommand):
    help = (
        "在服务器上建立或重置三员账户（系统管理员、安全管理员、审计管理员）：打印临时密码，"
        "首次登录须修改密码并绑定验证器。网页上任何人都不能授予这三个角色。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        roles = sorted(r.value for r in ADMIN_ROLES)
        parser.add_argument("username", help="用户名")
        parser.add_argument("--role", required=True, choices=roles, help="sysadmin、secadmin 或 auditor")
        parser.add_argument("--full-name", default="", help="姓名")
        parser.add_argument("--dry-run", action="store_true", help="只显示将做什么，不保存")

    def handle(self, *args: Any, **options: Any) -> None:
        username, role = options["username"], Role(options["role"])
        existing = User.objects.filter(username=username).first()
        if existing is not None and existing.role not in ADMIN_ROLES:
            raise CommandError(f"“{username}”是{existing.get_role_display()}账户；三员须使用单独的账户")
        verb = "重置" if existing else "建立"
        if options["dry_run"]:
            self.stdout.write(f"将{verb}{role.label}账户 {username}（未保存）")
            return
        user, password = admin_account_ensure(username=username, role=role, full_name=options["full_name"])
        self.stdout.write(f"已{verb}{role.label}账户 {user.username}，临时密码：{password}")
        self.stdout.write("首次登录须修改密码并绑定两步验证器。")

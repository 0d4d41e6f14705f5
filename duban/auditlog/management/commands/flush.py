"""Django's `flush`, able to empty the append-only audit table as part of emptying everything.

`flush` erases every table; the audit table's triggers would (rightly) refuse that, so
this command lifts them for the one transaction of the flush and puts them back
(duban/auditlog/guard.py). The test suite relies on it: pytest-django flushes the
database after each TransactionTestCase-style test. In production it is the same
irreversible "erase the whole database" operation as before, now saying plainly that the
audit log goes with it.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections

from duban.auditlog.guard import guard_lifted


class Command(DjangoFlush):
    help = "清空数据库中的全部数据（包括审计日志），不可恢复；只用于测试或重建，生产环境请勿使用"

    def handle(self, **options: Any) -> None:
        database = options["database"]
        if options["interactive"]:
            name = connections[database].settings_dict["NAME"]
            try:
                answer = input(
                    f"将清空数据库“{name}”中的全部数据，包括审计日志（审计日志平时只能追加，不能删除）。\n"
                    "此操作不可恢复。请先用 duban backup 备份，"
                    "并按需用 duban audit-log export 归档审计日志。\n"
                    "确认清空请输入 yes："
                )
            except EOFError:
                answer = ""
            if answer.strip() != "yes":
                self.stdout.write("已取消，未做任何改动。")
                return
            options["interactive"] = False
        with guard_lifted(database):
            super().handle(**options)

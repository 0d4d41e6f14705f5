from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from duban.accounts.policy import DEMO_PASSWORD
from duban.demo.load import ACCOUNTS, demo_load


class Command(BaseCommand):
    help = (
        "建立数据库并载入演示数据（两份原始文件、每个角色一个演示账户）；可重复运行。"
        "--scale city 另外生成城市规模数据（150 个单位、10 年计划、约 36 万条填报、2000 栋楼宇）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=("demo", "city"),
            default="demo",
            help="demo：演示数据（默认）；city：再生成城市规模数据，用于性能测试",
        )
        parser.add_argument(
            "--seed", type=int, default=20250101, help="城市规模数据的随机种子（同种子同数据）"
        )
        parser.add_argument("--years", type=int, default=10, help="城市规模：年数（默认 10，截至今年）")
        parser.add_argument(
            "--tasks-per-year", type=int, default=3000, help="城市规模：每年任务数（默认 3000）"
        )
        parser.add_argument("--units", type=int, default=150, help="城市规模：单位数（默认 150）")
        parser.add_argument("--plans-per-year", type=int, default=10, help="城市规模：每年计划数（默认 10）")
        parser.add_argument("--buildings", type=int, default=2000, help="城市规模：楼宇数（默认 2000）")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        for line in demo_load():
            self.stdout.write(line)
        if options["scale"] == "city":
            self._city(options)
        self.stdout.write(f"\n演示账户（密码均为 {DEMO_PASSWORD}）：")
        for account in ACCOUNTS:
            unit = f"，{account.unit}" if account.unit else ""
            self.stdout.write(f"  {account.username:<12} {account.role.label}（{account.full_name}{unit}）")
        if options["scale"] == "city":
            self.stdout.write(
                "  tb001…        单位填报员（每个单位一个，按单位顺序编号）\n"
                "  duban01…10    督办员（霞科办）\n"
                "  lingdao01…10  领导（市科技局）"
            )
        if settings.DUBAN_DEMO_NO_TOTP:
            self.stdout.write(
                "两步验证：DUBAN_DEMO_NO_TOTP=true，演示时督办员和三员登录不要求验证码（仅限本机演示）。"
            )
        else:
            self.stdout.write("两步验证：督办员和三员首次登录时按页面提示用手机验证器扫码绑定。")

    def _city(self, options: dict[str, Any]) -> None:
        from duban.demo.city import CityScale, city_load

        scale = CityScale(
            units=options["units"],
            years=options["years"],
            tasks_per_year=options["tasks_per_year"],
            plans_per_year=options["plans_per_year"],
            buildings=options["buildings"],
            seed=options["seed"],
        )

        def progress(line: str) -> None:
            self.stderr.write(line)
            self.stderr.flush()
            sys.stderr.flush()

        counts = city_load(scale, progress=progress)
        if counts.plans:
            self.stdout.write(counts.summary())

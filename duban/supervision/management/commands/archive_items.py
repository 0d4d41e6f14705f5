"""`duban archive-items --year 2025`: the year's closed 督办件 as one .zip, written to a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.supervision.services.archive import archive_year


class Command(BaseCommand):
    help = "把某年已销号的督办件导出为一个归档包（.zip，含 manifest.sha256）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", help="写入的文件（默认写到数据目录下的 archives/）")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        target = Path(options["out"] or Path(settings.DATA_DIR) / "archives" / f"督办件归档-{year}年.zip")
        try:
            data, count = archive_year(actor=None, year=year)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from None
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.stdout.write(f"已归档{year}年督办件{count}项：{target}")

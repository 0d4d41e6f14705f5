"""`duban backup [DIR]`: the database and the uploaded files, with a checksum manifest."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from duban.auditlog.choices import Action, Result
from duban.auditlog.services import audit_record
from duban.backup.services import BackupError, create_backup, default_backup_dir


class Command(BaseCommand):
    help = "备份数据库和上传的文件（附校验清单 manifest.json）；默认写到数据目录下的 backups/"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", nargs="?", type=Path, help="备份存放的目录（默认：数据目录/backups）")
        parser.add_argument("--tar", action="store_true", help="打包成一个 .tar 文件，而不是文件夹")

    def handle(self, *args: Any, **options: Any) -> None:
        target = options["dir"] or default_backup_dir()
        try:
            done = create_backup(target, tar=options["tar"])
        except BackupError as error:
            with contextlib.suppress(DatabaseError):  # the error is reported even when the log cannot be
                audit_record(
                    actor=None, action=Action.EXPORT, result=Result.FAILURE, message=f"备份失败：{error}"
                )
            raise CommandError(str(error)) from None
        manifest = done.manifest
        database = manifest["database"]
        audit_record(
            actor=None,
            action=Action.EXPORT,
            changes={
                "backup": done.path.name,
                "database_sha256": database["sha256"],
                "files": len(manifest["files"]),
            },
            message=f"备份数据库和上传文件：{done.path}",
        )
        self.stdout.write(
            f"备份完成：{done.path}\n"
            f"  数据库（{database['vendor']}）：{database['file']}，{database['size']:,} 字节，"
            f"SHA-256 {database['sha256']}\n"
            f"  上传文件：{manifest['total_files']} 个，共 {manifest['total_bytes']:,} 字节\n"
            "请把备份复制到另一台机器或离线介质保存；恢复：duban restore 备份路径"
        )

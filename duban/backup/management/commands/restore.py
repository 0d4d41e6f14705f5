"""`duban restore PATH`: check every checksum, then replace the database and the uploaded files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from duban.auditlog import guard, integrity, keys
from duban.auditlog.chain import Verification, verify_stored
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.backup.services import BackupError, create_backup, default_backup_dir, restore_backup


class Command(BaseCommand):
    help = "从备份恢复数据库和上传的文件；先核对校验值，不符则拒绝。请先停止网站和后台任务再恢复"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="备份文件夹或 .tar 文件")
        parser.add_argument("--yes", action="store_true", help="不询问，直接恢复")
        parser.add_argument(
            "--no-safety-backup",
            action="store_true",
            help="恢复前不先备份当前数据（默认会先备份到 backups/）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"找不到备份：{path}")
        if not options["yes"]:
            try:
                answer = input(
                    f"将用备份“{path}”替换当前的数据库和全部上传文件。\n"
                    "请确认网站（duban serve）和后台任务（duban worker）都已停止。继续请输入 yes："
                )
            except EOFError:
                answer = ""
            if answer.strip() != "yes":
                # A refusal, not a success: a script that runs restore must see that nothing was restored.
                raise CommandError("已取消恢复（未输入 yes），未做任何改动。")
        if not options["no_safety_backup"]:
            try:
                safety = create_backup(default_backup_dir() / "before-restore")
            except BackupError as error:
                raise CommandError(f"恢复前备份当前数据失败，未做任何改动：{error}") from None
            self.stdout.write(f"已先备份当前数据：{safety.path}")
        try:
            manifest = restore_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        try:
            self._record(path, manifest)
        except DatabaseError:
            self.stdout.write(
                f"恢复完成（备份于 {manifest['created']}，duban {manifest['duban_version']}），"
                "但数据库结构比当前程序旧：请运行 duban manage migrate，再启动网站。"
            )
            return

    def _record(self, path: Path, manifest: dict[str, Any]) -> None:
        audit_record(
            actor=None,
            action=Action.IMPORT,
            changes={
                "backup": path.name,
                "created": manifest["created"],
                "database_sha256": manifest["database"]["sha256"],
            },
            message=f"从备份恢复数据库和上传文件：{path}（备份时间 {manifest['created']}）",
        )
        done = (
            f"恢复完成：数据库（{manifest['database']['vendor']}，备份于 {manifest['created']}，"
            f"duban {manifest['duban_version']}）和 {len(manifest['files'])} 个上传文件。"
        )
        problems = _audit_problems()
        if problems:
            # Restored, but the restored audit log cannot be trusted: a script must see that.
            raise CommandError(done + "但" + "；".join(problems), returncode=2)
        self.stdout.write(
            done
            + "审计日志完整，只追加保护完好。\n若备份来自旧版本，请先运行 duban manage migrate，再启动网站。"
        )


def _audit_problems() -> list[str]:
    """What is wrong with the restored audit log: a broken chain, a missing key, altered triggers.

    Daily checkpoints are not compared: after restoring an older backup the checkpoints written
    since then are legitimately ahead of the restored log (`duban audit-log verify` compares them).
    """
    try:
        chain: Verification = verify_stored()
    except keys.KeyFileError as error:
        return [f"审计日志无法校验：{error}"]
    problems = []
    if chain.broken is not None:
        problems.append(f"审计日志校验未通过：第 #{chain.broken.id} 条起（{chain.broken.reason}）")
    if chain.unverifiable:
        problems.append(integrity.unverifiable_message(chain))
    if triggers := guard.trigger_problems():
        problems.append(f"审计表的只追加触发器被动过：{'；'.join(triggers)}")
    return problems

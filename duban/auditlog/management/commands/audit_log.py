"""`duban audit-log verify [FILE]` and `duban audit-log export --before DATE FILE`.

verify: recompute the chain's MACs and hashes (of the database, or of an archive file) and
name the first broken row; for the database also check the append-only triggers and the
daily checkpoints. Exit 0 when intact, 2 when tampered or when a row's key is missing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from duban.auditlog import archive, chain, checkpoints, integrity, keys
from duban.auditlog.choices import Action
from duban.auditlog.retention import retention_days
from duban.core import clock

EXIT_TAMPERED = 2


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期应写作 YYYY-MM-DD：{text}", returncode=EXIT_TAMPERED) from None


def _when(at: dt.datetime | None) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S") if at else "—"


def broken_message(result: chain.Verification, where: str = "审计日志") -> str:
    assert result.broken is not None
    row = result.broken
    return (
        f"{where}已被篡改：第一处断点是第 #{row.id} 条（{_when(row.at)}）。{row.reason}。"
        f"（已核对 {result.checked} 条）"
    )


def intact_message(result: chain.Verification, where: str = "审计日志") -> str:
    if result.checked == 0:
        return f"{where}为空，没有需要校验的记录。"
    return (
        f"{where}完整：共 {result.checked} 条，哈希链校验通过。{integrity.keyed_message(result)}\n"
        f"最后一条：#{result.head_id}（{_when(result.head_at)}），哈希 {result.head_hash}"
    )


class Command(BaseCommand):
    help = "审计日志：verify 校验哈希链（数据库或归档文件）；export 导出为带签名的归档文件"

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="verify|export|checkpoint")
        verify = verbs.add_parser("verify", help="重新计算哈希链，报告第一处被篡改的记录")
        verify.add_argument("file", nargs="?", type=Path, help="归档文件（不填则校验数据库中的审计日志）")
        export = verbs.add_parser("export", help="把某日之前的审计记录导出为带签名的 JSON 行文件（不删除）")
        export.add_argument("--before", required=True, help="导出此日（YYYY-MM-DD）零点之前的记录")
        export.add_argument("--after", help="只导出此日（YYYY-MM-DD）零点及之后的记录（接续上一次归档）")
        export.add_argument("file", type=Path, help="写入的文件，如 审计日志-2025.jsonl")
        verbs.add_parser("checkpoint", help="把哈希链当前的末条（编号、MAC、时间）写入今天的检查点文件")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "verify":
            self._verify(options["file"])
        elif options["verb"] == "checkpoint":
            self._checkpoint()
        else:
            self._export(
                options["file"], _day(options["before"]), options["after"] and _day(options["after"])
            )

    def _verify(self, path: Path | None) -> None:
        if path is None:
            result = self._verify_database()
            self.stdout.write(intact_message(result))
            if result.checked:
                self.stdout.write("请把最后一条的编号和哈希记入值班记录，日后可据此发现末尾记录被删除。")
            self.stdout.write(f"保存期限：至少 {retention_days()} 天；本系统从不删除审计记录。")
            return
        try:
            checked = archive.verify_archive(path)
        except (archive.ArchiveError, keys.KeyFileError) as error:
            raise CommandError(str(error), returncode=EXIT_TAMPERED) from None
        where = f"归档文件“{path.name}”"
        if not checked.verification.intact:
            raise CommandError(broken_message(checked.verification, where), returncode=EXIT_TAMPERED)
        if checked.verification.unverifiable:
            raise CommandError(
                integrity.unverifiable_message(checked.verification, where), returncode=EXIT_TAMPERED
            )
        if not checked.signature_ok:
            raise CommandError(
                f"{where}的签名不符：文件被改动过，或不是用本系统当前的密钥（SECRET_KEY）导出的。",
                returncode=EXIT_TAMPERED,
            )
        self.stdout.write(intact_message(checked.verification, where))
        self.stdout.write("签名有效（HMAC-SHA256，本系统密钥）。")

    def _verify_database(self) -> chain.Verification:
        try:
            result = chain.verify_stored()
        except keys.KeyFileError as error:
            raise CommandError(str(error), returncode=EXIT_TAMPERED) from None
        failures = [] if result.intact else [broken_message(result)]
        problems, compared = integrity.database_problems(result)
        failures += problems
        if failures:
            raise CommandError("\n".join(failures), returncode=EXIT_TAMPERED)
        if compared:
            self.stdout.write(f"已与 {compared} 个每日检查点核对，全部相符。")
        return result

    def _checkpoint(self) -> None:
        written = checkpoints.checkpoint_write(day=clock.today())
        target = checkpoints.checkpoint_path(clock.today())
        if written is None:
            self.stdout.write(f"未写入：今天的检查点已存在（{target}），或审计日志为空。")
        else:
            self.stdout.write(f"已写入检查点 {written}。请把检查点目录与归档一起复制到服务器之外。")

    def _export(self, path: Path, before: dt.date, after: dt.date | None) -> None:
        from duban.auditlog.services import audit_record

        if after is not None and after >= before:
            raise CommandError("--after 应早于 --before", returncode=EXIT_TAMPERED)
        try:
            done = archive.export(path, before=before, after=after)
        except OSError as error:
            raise CommandError(
                f"无法写入 {path}：{error.strerror or error}", returncode=EXIT_TAMPERED
            ) from None
        span = f"{after.isoformat()} 至 {before.isoformat()} 之前" if after else f"{before.isoformat()} 之前"
        audit_record(
            actor=None,
            action=Action.EXPORT,
            changes={"count": done.count, "first_id": done.first_id, "last_id": done.last_id},
            message=f"命令行导出审计日志归档（{span}）：{path.name}",
        )
        if done.count == 0:
            self.stdout.write(f"{span}没有审计记录；已写入空的归档文件 {path}")
            return
        self.stdout.write(
            f"已导出 {done.count} 条审计记录（#{done.first_id}–#{done.last_id}，{span}）到 {path}\n"
            f"末条哈希 {done.head_hash}。审计记录仍保留在数据库中（本系统不删除审计日志）。\n"
            f"校验归档：duban audit-log verify {path}"
        )

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.ingest import IngestError
from duban.intake.services import intake_discard
from duban.plans.previews import ImportPreview, import_preview
from duban.plans.services.imports import plan_import_apply, plan_import_file


class Command(BaseCommand):
    help = "导入重点工作表或方案文件：先显示预览，确认后在一个事务中保存"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="不询问，直接确认导入")
        parser.add_argument("--dry-run", action="store_true", help="只显示预览，不保存")
        parser.add_argument(
            "--accept-suggestions", action="store_true", help="疑似已有单位的名称按建议作为别名归并"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            batch = plan_import_file(actor=None, path=options["file"])
        except IngestError as error:
            raise CommandError(str(error)) from error
        preview = import_preview(batch)
        self._print_preview(preview)
        if preview.errors or options["dry_run"] or not (options["yes"] or self._confirm()):
            intake_discard(actor=None, batch=batch)  # as the office's 放弃: audited, the file deleted
            self.stdout.write("未导入。")
            return
        choices = {}
        if options["accept_suggestions"]:
            choices = {m.name: str(m.suggestion.pk) for m in preview.needs_choice() if m.suggestion}
        plan = plan_import_apply(actor=None, batch=batch, unit_choices=choices)
        self.stdout.write(self.style.SUCCESS(f"已导入《{plan.title}》，{plan.tasks.count()} 项任务。"))

    def _print_preview(self, preview: ImportPreview) -> None:
        doc = preview.doc
        self.stdout.write(f"标题：{doc.title}；{len(doc.sections)} 个部分，{preview.task_count} 项任务")
        if preview.existing:
            counts = {
                kind: len(preview.changes_of(kind)) for kind in ("added", "changed", "removed", "unchanged")
            }
            summary = "新增 {added}，修改 {changed}，删除 {removed}，不变 {unchanged}".format(**counts)
            self.stdout.write(f"已有同名同期间计划，将原地更新：{summary}")
        for match in preview.units:
            if match.match != "existing":
                hint = f" → {match.suggestion or match.unit or match.group}" if match.match != "new" else ""
                self.stdout.write(f"  单位“{match.name}”：{match.match.label}{hint}")
        for error in preview.errors:
            self.stderr.write(f"错误：{error}")

    def _confirm(self) -> bool:
        return input("确认导入？[y/N] ").strip().lower() in {"y", "yes", "是"}

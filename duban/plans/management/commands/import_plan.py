from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.ingest import IngestError
from duban.ingest.layout import Layout as LayoutSpec
from duban.intake.choices import ImportStatus
from duban.intake.layouts import layout_from_file, layout_named
from duban.intake.models import Layout
from duban.intake.services import intake_discard
from duban.plans.previews import ImportPreview, import_preview
from duban.plans.services.imports import plan_import_apply, plan_import_file
from duban.plans.services.search_index import search_index_pending


class Command(BaseCommand):
    help = "导入重点工作表或方案文件：先显示预览，确认后在一个事务中保存"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="不询问，直接确认导入")
        parser.add_argument("--dry-run", action="store_true", help="只显示预览，不保存")
        parser.add_argument(
            "--accept-suggestions", action="store_true", help="疑似已有单位的名称按建议作为别名归并"
        )
        parser.add_argument("--layout", help="按版式识别：已保存版式的名称，或版式 .json 文件")

    def handle(self, *args: Any, **options: Any) -> None:
        layout, saved = _layout_option(options["layout"]) if options["layout"] else (None, None)
        try:
            batch = plan_import_file(actor=None, path=options["file"], layout=layout, saved_layout=saved)
        except IngestError as error:
            raise CommandError(str(error)) from error
        if batch.status == ImportStatus.NEEDS_MAPPING:
            intake_discard(actor=None, batch=batch)
            raise CommandError(
                f"自动识别未能读出“{batch.file_name}”的表头，未导入。请用 --layout 指定版式"
                "（已保存版式的名称，或版式 .json 文件；在网页导入时指定列映射并确认后即保存为版式）"
            )
        if batch.layout_origin == "saved":
            self.stdout.write(f"按已保存版式「{batch.layout.get('name', '')}」识别")
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
        search_index_pending()  # at once: the command line has no worker to wait for
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


def _layout_option(value: str) -> tuple[LayoutSpec | None, Layout | None]:
    """--layout: a saved layout's name, or a .json file (exported from the 版式 page, or bare)."""
    saved = layout_named(value)
    if saved is not None:
        return None, saved
    path = Path(value)
    if path.suffix.lower() == ".json" and path.is_file():
        try:
            return layout_from_file(path.read_bytes()), None
        except ValidationError as error:
            raise CommandError(f"版式文件“{path.name}”有误：" + "；".join(error.messages)) from error
    raise CommandError(
        f"没有名为「{value}」的版式，也没有这个 .json 文件（用 duban layouts list 查看已保存的版式）"
    )

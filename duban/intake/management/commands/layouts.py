from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from duban.intake.layouts import layout_export, layout_import, layout_named, layouts_listed


class Command(BaseCommand):
    help = "已保存的版式：list 列出；export 名称 导出为 .json；import 文件 从 .json 导入"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=("list", "export", "import"))
        parser.add_argument("target", nargs="?", help="export：版式名称；import：.json 文件")
        parser.add_argument("--output", "-o", type=Path, help="export 写入的文件（不填则输出到屏幕）")

    def handle(self, *args: Any, **options: Any) -> None:
        action, target = options["action"], options["target"]
        if action == "list":
            self._list()
            return
        if not target:
            raise CommandError("export 需要版式名称，import 需要 .json 文件")
        if action == "export":
            layout = layout_named(target)
            if layout is None:
                raise CommandError(f"没有名为「{target}」的版式（用 duban layouts list 查看）")
            data = layout_export(actor=None, layout=layout)
            if options["output"]:
                options["output"].write_bytes(data)
                self.stdout.write(f"已导出版式「{layout.name}」到 {options['output']}")
            else:
                self.stdout.write(data.decode())
            return
        path = Path(target)
        if not path.is_file():
            raise CommandError(f"找不到版式文件：{path}")
        try:
            layout = layout_import(actor=None, content=path.read_bytes())
        except ValidationError as error:
            raise CommandError(f"版式文件“{path.name}”未导入：" + "；".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"已导入版式「{layout.name}」"))

    def _list(self) -> None:
        layouts = layouts_listed()
        if not layouts:
            self.stdout.write("还没有保存的版式。")
        for layout in layouts:
            header = " | ".join(t for t in layout.header if t)
            self.stdout.write(f"{layout.name}\t使用 {layout.times_used} 次\t表头：{header}")

"""The `duban` command line: thin verbs over the services, messages in Chinese."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from duban.ingest import IngestError, parse_file
from duban.ingest.summary import render_summary

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse with its complaints in Chinese."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"错误：命令参数不正确（{message}）。用 duban --help 查看用法。\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="duban", description="重点工作督查督办平台")
    verbs = parser.add_subparsers(dest="verb", metavar="命令", parser_class=_Parser)
    parse = verbs.add_parser("parse", help="读取重点工作表或方案文件（.docx .xlsx .csv .txt 及旧格式）")
    parse.add_argument("file", type=Path, help="要读取的文件")
    parse.add_argument("--json", action="store_true", help="以计划交换格式（JSON）输出")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.verb == "parse":
        return _parse(args.file, as_json=args.json)
    build_parser().print_help()
    return EXIT_BAD_INPUT


def _parse(path: Path, *, as_json: bool) -> int:
    try:
        plan = parse_file(path)
    except IngestError as error:
        print(f"错误：{error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:  # a bug of ours must still not show the user a traceback
        print(
            f"错误：{path.name}：读取时发生意外错误（{type(error).__name__}），请把文件交给系统管理员",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if as_json:
        json.dump(plan.as_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(render_summary(plan))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The `duban` command line: thin verbs over the services, messages in Chinese.

`parse` (and `audit` on a file) never touch Django; the other verbs set Django up
and run its management commands.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from duban.core import clock
from duban.core.consistency import audit_plan, render_findings
from duban.core.plan import PlanDoc
from duban.ingest import IngestError, parse_file
from duban.ingest.summary import render_summary

EXIT_BAD_INPUT = 2
DJANGO_VERBS = {
    "demo": "建立数据库并载入演示数据（可重复运行）",
    "serve": "启动网站（gunicorn），默认 http://127.0.0.1:8000",
    "import": "导入重点工作表或方案文件（先预览，确认后保存）",
    "worker": "运行后台任务（每日催办、按规则发起填报轮次）",
    "check": "部署前检查（Django 安全检查、超级用户、演示开关、演示密码）",
    "manage": "运行 Django 管理命令（migrate、createsuperuser 以外的维护操作）",
    "backup": "备份数据库和上传的文件（附校验清单），默认写到数据目录下的 backups/",
    "restore": "从备份恢复数据库和上传的文件（先核对校验值；请先停止网站）",
    "audit-log": "审计日志：verify 校验哈希链；export 导出带签名的归档文件；checkpoint 写入每日检查点",
    "layouts": "已保存的版式（列映射）：list 列出；export 名称 导出；import 文件 导入",
    "archive-items": "把某年已销号的督办件导出为归档包（办理情况 .docx、附件、manifest.sha256）",
}


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
    audit = verbs.add_parser("audit", help="核查填报内容与“是否完成”是否一致，列出问题")
    audit.add_argument("file", type=Path, help="要核查的文件，或系统中计划的编号/标题")
    audit.add_argument("--json", action="store_true", help="以 JSON 列表输出问题")
    audit.add_argument("--today", type=_day, help="核查截至日期 YYYY-MM-DD（默认今天；核查旧表时填填报日期）")
    serve = verbs.add_parser("serve", help=DJANGO_VERBS["serve"])
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2)
    serve.add_argument(
        "--no-worker", action="store_true", help="不同时启动后台任务（已另行运行 duban worker 时使用）"
    )
    demo = verbs.add_parser("demo", help=DJANGO_VERBS["demo"])
    demo.add_argument(
        "--scale",
        choices=("demo", "city"),
        default="demo",
        help="demo：演示数据（默认）；city：另外生成城市规模数据"
        "（150 个单位、10 年、约 36 万条填报），用于性能测试",
    )
    demo.add_argument("--seed", type=int, help="城市规模数据的随机种子（同种子同数据）")
    verbs.add_parser("worker", help=DJANGO_VERBS["worker"])
    check = verbs.add_parser("check", help=DJANGO_VERBS["check"])
    check.add_argument("--deploy", action="store_true", help="按生产环境要求检查")
    imp = verbs.add_parser("import", help=DJANGO_VERBS["import"])
    imp.add_argument("file")
    imp.add_argument("--yes", action="store_true", help="不询问，直接确认导入")
    imp.add_argument("--dry-run", action="store_true", help="只显示预览，不保存")
    imp.add_argument("--accept-suggestions", action="store_true", help="疑似已有单位的名称按建议归并")
    imp.add_argument("--layout", help="按版式识别：已保存版式的名称，或版式 .json 文件")
    layouts = verbs.add_parser("layouts", help=DJANGO_VERBS["layouts"])
    layout_verbs = layouts.add_subparsers(
        dest="layout_verb", metavar="list|export|import", parser_class=_Parser
    )
    layout_verbs.required = True
    layout_verbs.add_parser("list", help="列出已保存的版式")
    layout_export = layout_verbs.add_parser("export", help="把一个版式导出为 .json（默认输出到屏幕）")
    layout_export.add_argument("name", help="版式名称")
    layout_export.add_argument("--output", "-o", help="写入的文件")
    layout_import = layout_verbs.add_parser("import", help="从 .json 文件导入版式")
    layout_import.add_argument("file", help="版式 .json 文件")
    manage = verbs.add_parser("manage", help=DJANGO_VERBS["manage"])
    manage.add_argument("args", nargs=argparse.REMAINDER)
    backup = verbs.add_parser("backup", help=DJANGO_VERBS["backup"])
    backup.add_argument("dir", nargs="?", help="备份存放的目录")
    backup.add_argument("--tar", action="store_true", help="打包成一个 .tar 文件")
    restore = verbs.add_parser("restore", help=DJANGO_VERBS["restore"])
    restore.add_argument("path", help="备份文件夹或 .tar 文件")
    restore.add_argument("--yes", action="store_true", help="不询问，直接恢复")
    restore.add_argument("--no-safety-backup", action="store_true", help="恢复前不先备份当前数据")
    audit_log = verbs.add_parser("audit-log", help=DJANGO_VERBS["audit-log"])
    log_verbs = audit_log.add_subparsers(
        dest="log_verb", metavar="verify|export|checkpoint", parser_class=_Parser
    )
    log_verbs.required = True
    verify = log_verbs.add_parser("verify", help="重新计算哈希链，报告第一处被篡改的记录（完整 0，被篡改 2）")
    verify.add_argument("file", nargs="?", help="归档文件（不填则校验数据库）")
    export = log_verbs.add_parser("export", help="把某日之前的审计记录导出为带签名的归档文件（不删除）")
    export.add_argument("--before", required=True, type=_day, help="导出此日零点之前的记录（YYYY-MM-DD）")
    export.add_argument("--after", type=_day, help="只导出此日零点及之后的记录（YYYY-MM-DD）")
    export.add_argument("file", help="写入的文件")
    log_verbs.add_parser("checkpoint", help="把哈希链当前的末条写入今天的检查点文件（每日一次，可放入 cron）")
    items = verbs.add_parser("archive-items", help=DJANGO_VERBS["archive-items"])
    items.add_argument("--year", type=int, required=True, help="销号年度，如 2025")
    items.add_argument("--out", help="写入的 .zip 文件（默认写到数据目录下的 archives/）")
    return parser


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写作 YYYY-MM-DD：{text}") from None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.verb == "parse":
        return _parse(args.file, as_json=args.json)
    if args.verb == "audit":
        return _audit(args.file, as_json=args.json, today=args.today or clock.today())
    if args.verb == "serve":
        return _serve(args.host, args.port, args.workers, with_jobs=not args.no_worker)
    if args.verb in DJANGO_VERBS:
        return _django(args)
    build_parser().print_help()
    return EXIT_BAD_INPUT


def _parse(path: Path, *, as_json: bool) -> int:
    plan = _read_plan(path)
    if plan is None:
        return EXIT_BAD_INPUT
    if as_json:
        json.dump(plan.as_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(render_summary(plan))
    return 0


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    import django

    django.setup()


def _django(args: argparse.Namespace) -> int:
    _django_setup()
    from django.core.management import CommandError, call_command

    try:
        if args.verb == "demo":
            seed = ["--seed", str(args.seed)] if args.seed is not None else []
            call_command("demo", "--scale", args.scale, *seed)
        elif args.verb == "worker":
            call_command("run_huey")
        elif args.verb == "check":
            call_command("check", deploy=args.deploy, databases=["default"], fail_level="WARNING")
        elif args.verb == "import":
            flags = [f for f, on in (("--yes", args.yes), ("--dry-run", args.dry_run)) if on]
            flags += ["--accept-suggestions"] if args.accept_suggestions else []
            flags += ["--layout", args.layout] if args.layout else []
            call_command("import_plan", args.file, *flags)
        elif args.verb == "layouts":
            target = (
                [args.name]
                if args.layout_verb == "export"
                else [args.file]
                if args.layout_verb == "import"
                else []
            )
            output = ["--output", args.output] if args.layout_verb == "export" and args.output else []
            call_command("layouts", args.layout_verb, *target, *output)
        elif args.verb == "backup":
            call_command("backup", *([args.dir] if args.dir else []), *(["--tar"] if args.tar else []))
        elif args.verb == "restore":
            flags = [
                f for f, on in (("--yes", args.yes), ("--no-safety-backup", args.no_safety_backup)) if on
            ]
            call_command("restore", args.path, *flags)
        elif args.verb == "archive-items":
            call_command(
                "archive_items", "--year", str(args.year), *(["--out", args.out] if args.out else [])
            )
        elif args.verb == "audit-log" and args.log_verb == "verify":
            call_command("audit_log", "verify", *([args.file] if args.file else []))
        elif args.verb == "audit-log" and args.log_verb == "checkpoint":
            call_command("audit_log", "checkpoint")
        elif args.verb == "audit-log":
            after = ["--after", args.after.isoformat()] if args.after else []
            call_command("audit_log", "export", "--before", args.before.isoformat(), *after, args.file)
        else:
            from django.core.management import execute_from_command_line

            execute_from_command_line(["duban manage", *args.args])
    except CommandError as error:
        print(f"错误：{error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


def _serve(host: str, port: int, workers: int, *, with_jobs: bool) -> int:
    """collectstatic, then gunicorn in the foreground (a real server, not runserver), and beside
    it the job worker unless the deployment runs its own (``--no-worker``)."""
    _django_setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"duban 已启动：http://{host}:{port}/  （按 Ctrl+C 停止）", flush=True)
    command = [sys.executable, "-m", "gunicorn", "duban.wsgi:application", "--bind", f"{host}:{port}"]
    # gunicorn 27 shares one control socket per user by default: two instances would fight over it.
    command += ["--workers", str(workers), "--threads", "4", "--access-logfile", "-", "--no-control-socket"]
    # The jobs (audits, the dashboard's count) yield the CPU to people's requests on a shared host.
    worker = [sys.executable, "-m", "duban.cli", "worker"]
    jobs = subprocess.Popen(worker, preexec_fn=_nice) if with_jobs else None
    site = subprocess.Popen(command)
    signal.signal(signal.SIGTERM, lambda *_: site.terminate())  # systemd's stop: gunicorn ends gracefully
    try:
        return _wait(site)
    finally:
        if jobs is not None:
            jobs.terminate()
            jobs.wait(timeout=30)


JOBS_NICENESS = 10


def _nice() -> None:
    os.nice(JOBS_NICENESS)


def _wait(process: subprocess.Popen[bytes]) -> int:
    """The process's exit status; Ctrl+C reaches it too (same process group), so wait for it."""
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            continue


def _audit(target: Path, *, as_json: bool, today: dt.date) -> int:
    """Audit a file through the parser, or a stored plan (by id or title) when no such file exists."""
    plan = _read_plan(target) if target.exists() else _stored_plan(str(target))
    if plan is None:
        return EXIT_BAD_INPUT
    findings = audit_plan(plan, today=today)
    if as_json:
        json.dump([f.as_dict() for f in findings], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(render_findings(plan, findings, today))
    return 0


def _read_plan(path: Path) -> PlanDoc | None:
    """The parsed file, or None after telling the user why not (in Chinese, never a traceback)."""
    try:
        return parse_file(path)
    except IngestError as error:
        print(f"错误：{error}", file=sys.stderr)
    except Exception as error:  # a bug of ours must still not show the user a traceback
        print(
            f"错误：{path.name}：读取时发生意外错误（{type(error).__name__}），请把文件交给系统管理员",
            file=sys.stderr,
        )
    return None


def _stored_plan(key: str) -> PlanDoc | None:
    _django_setup()
    from duban.plans.interchange import plan_as_doc
    from duban.plans.models import Plan

    plans = Plan.objects.filter(pk=int(key)) if key.isdigit() else Plan.objects.filter(title=key)
    plan = plans.first()
    if plan is None:
        print(f"错误：找不到文件或计划“{key}”", file=sys.stderr)
        return None
    return plan_as_doc(plan)


if __name__ == "__main__":
    sys.exit(main())

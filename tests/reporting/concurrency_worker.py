"""One process of the concurrency test (tests/reporting/test_concurrency.py); sets Django up itself.

    python tests/reporting/concurrency_worker.py setup
    python tests/reporting/concurrency_worker.py writer N BARRIER_DIR [SAVES]
    python tests/reporting/concurrency_worker.py verify

The database is whatever duban.settings picks from the environment (DUBAN_DATA_DIR for
SQLite, DATABASE_URL for PostgreSQL); run `python -m duban.cli demo` first. Every mode
prints exactly one JSON line on stdout.

Targets: writers 0–7 all save the SAME report, row 14 (源容电气, led by 青阳镇) of the
“2025年11月” round. Writers 8–15 each save a report of their own. The demo's 2025 plan
has only four rows 青阳镇 leads (14, 34, 49, 54), so `setup` opens three rounds
(2025年10月, 11月, 12月): that gives eleven 青阳镇 reports besides the shared one, and
writers 8–15 take the first eight, one each, so no two of them touch the same row and
none of them should ever see a stale save. With fewer candidates (another seed) the
list is reused round-robin and the test stops expecting zero retries there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
import time
import traceback
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_DIR))

WRITERS, SHARED_WRITERS, SAVES = 16, 8, 25
ROUNDS = (
    ("2025年10月", dt.date(2025, 10, 25)),
    ("2025年11月", dt.date(2025, 11, 25)),
    ("2025年12月", dt.date(2025, 12, 25)),
)
HOT_ROUND, HOT_ROW = "2025年11月", "14"
BARRIER_TIMEOUT, RUN_TIMEOUT = 120.0, 110.0


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    import django

    django.setup()


def _plan_2025():
    from duban.demo import KEY_WORK_2025
    from duban.plans.models import Plan

    return Plan.objects.get(source_sha256=hashlib.sha256(KEY_WORK_2025.read_bytes()).hexdigest())


def targets() -> list[int]:
    """Report id per writer: the shared row for 0–7, then one other 青阳镇 report each."""
    from duban.accounts.models import User
    from duban.reporting import access
    from duban.reporting.models import ProgressReport

    qingyang = User.objects.get(username="qingyang")
    reports = ProgressReport.objects.filter(round__plan=_plan_2025(), round__label__in=[r[0] for r in ROUNDS])
    reports = reports.select_related("round", "task").order_by("round__due_date", "task__position")
    hot = reports.get(round__label=HOT_ROUND, task__seq=HOT_ROW, task__section__position=1)
    others = [r.pk for r in reports if r.pk != hot.pk and access.is_lead_reporter(qingyang, r.task)]
    if not others:
        raise SystemExit("青阳镇 leads no report besides row 14: nothing for writers 8–15")
    return [hot.pk] * SHARED_WRITERS + [others[i % len(others)] for i in range(WRITERS - SHARED_WRITERS)]


def setup() -> dict[str, object]:
    from duban.accounts.models import User
    from duban.reporting.services.rounds import round_open

    supervisor, plan = User.objects.get(username="duban"), _plan_2025()
    for label, due in ROUNDS:
        round_open(actor=supervisor, plan=plan, label=label, due_date=due)
    ids = targets()
    return {"targets": ids, "distinct_others": len(set(ids[SHARED_WRITERS:])) == WRITERS - SHARED_WRITERS}


def writer(n: int, barrier: Path, saves: int) -> dict[str, object]:
    """`saves` saves as qingyang on this writer's report; a stale save is re-read and retried.

    `landed` lists [report, version read, version made, text] for every save that went in.
    """
    from django.db import connection

    from duban.accounts.models import User
    from duban.reporting.choices import Claim
    from duban.reporting.models import ProgressReport
    from duban.reporting.services.transitions import ReportContent, StaleReport, report_transition

    actor = User.objects.get(username="qingyang")
    report_id = targets()[n]
    ProgressReport.objects.get(pk=report_id)  # connection open, caches warm: the race starts at "go"
    (barrier / f"ready-{n}").touch()
    waited = time.monotonic()
    while not (barrier / "go").exists():
        if time.monotonic() - waited > BARRIER_TIMEOUT:
            return {"writer": n, "saves": 0, "retries": 0, "landed": [], "errors": ["no start signal"]}
        time.sleep(0.002)
    started = time.time()
    done, retries, landed, errors = 0, 0, [], []
    for i in range(saves):
        text = f"writer {n} save {i}"
        while True:
            if time.time() - started > RUN_TIMEOUT:
                errors.append(f"save {i}: gave up after {RUN_TIMEOUT:.0f} s")
                break
            try:
                report = ProgressReport.objects.select_related("round", "task").get(pk=report_id)
                read = report.version  # report_transition refreshes `report` in place
                saved = report_transition(
                    actor=actor,
                    report=report,
                    action="save",
                    expected_version=read,
                    content=ReportContent(text, Claim.IN_PROGRESS),
                )
            except StaleReport:
                retries += 1
                continue
            except Exception as error:  # anything else, "database is locked" above all, is a failure
                errors.append(f"save {i}: {type(error).__name__}: {error}")
                traceback.print_exc(file=sys.stderr)
                break
            done += 1
            landed.append([report_id, read, saved.version, text])
            break
    finished = time.time()
    connection.close()
    return {
        "writer": n,
        "report": report_id,
        "saves": done,
        "retries": retries,
        "errors": errors,
        "landed": landed,
        "started": started,
        "finished": finished,
    }


def verify() -> dict[str, object]:
    """Per target report: its version and text now, every ReportVersion row, its audit rows."""
    from duban.auditlog.models import AuditEntry
    from duban.reporting.models import ProgressReport, ReportVersion

    out = {}
    for pk in sorted(set(targets())):
        report = ProgressReport.objects.get(pk=pk)
        rows = ReportVersion.objects.filter(report=report).order_by("version", "pk")
        audits = AuditEntry.objects.filter(object_type="reporting.ProgressReport", object_id=str(pk))
        out[str(pk)] = {
            "version": report.version,
            "progress": report.progress,
            "status": report.status,
            "rows": [[r.version, r.progress, r.action] for r in rows],
            "audits": audits.count(),
        }
    return out


def main(argv: list[str]) -> int:
    _django()
    mode = argv[0] if argv else ""
    if mode == "setup":
        result = setup()
    elif mode == "writer":
        result = writer(int(argv[1]), Path(argv[2]), int(argv[3]) if len(argv) > 3 else SAVES)
    elif mode == "verify":
        result = verify()
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

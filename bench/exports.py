"""Benchmark: exporting a 2,000-row plan in the office's layout against the bare libraries.

Run from the repository root::

    .venv/bin/python bench/exports.py [--rows 2000] [--repeat 5]

The plan is the one bench/ingest.py reads (the seed's real texts cycled and varied by
row number, 主要任务 over runs of 5–10 rows, 牵头/责任单位 over runs of 2–4 rows, a section
every 500 rows, fixed random seed), as a ``PlanExport``. "Ours" is
``duban.exports.render_plan_docx`` / ``render_plan_xlsx``: the office's layout with its
fonts, widths, borders, merged cells and section rows. "Bare" is the floor: the same
cells written with the library alone, the fastest way it allows. For python-docx three
ways are timed and the quickest is the floor: ``table.add_row().cells`` per row (the
obvious way, slow on long tables), ``add_table(rows=n)`` then each ``w:tc`` filled, and
one row made through python-docx then copied as XML per row. For openpyxl, write-only
mode and ``ws.append(row)``. Both save to memory. Every run happens in a fresh
interpreter, imports and the building of the rows done before the clock starts; the
best of ``--repeat`` wall-clock times is kept. Goal: ours ≤ 1.5 × bare. Exit status 1
when missed.

"View" is what the office waits for: in a fresh process, a fresh SQLite database with
the same plan imported through the import service, a logged-in 督查科 supervisor GETs
the export URL through Django's test client, nothing kept (the cache cleared before each
GET): the plan's read, the render and the audit row. Median of ``--repeat`` GETs,
reported beside the render-only ratio (setting it up takes about a minute).
"""

from __future__ import annotations

import argparse
import atexit
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SECRET, machine, verdict

ROOT = Path(__file__).resolve().parent.parent
MAX_RATIO = 1.5
FORMATS = ("docx", "xlsx")
HEADINGS = [
    "序号",
    "主要任务",
    "重点工作",
    "年度主要目标",
    "年度任务完成情况",
    "是否完成",
    "牵头单位",
    "责任单位",
]


def plan_export(rows: int):  # type: ignore[no-untyped-def]
    """The ingest benchmark's table as a PlanExport: merged cells carried down, as the reader does."""
    import datetime as dt

    import ingest  # bench/ingest.py

    from duban.exports import ExportRow, ExportSection, PlanExport

    spec = ingest.bench_spec(rows)
    sections: list[ExportSection] = [ExportSection("")]
    carried: list[str] = [""] * 8
    for row in spec.rows:
        if isinstance(row, str):
            sections.append(ExportSection(row))
            carried = [""] * 8
            continue
        values = [carried[i] if v is None else v for i, v in enumerate(row)]
        carried = values
        seq, category, title, target, progress, done, lead, responsible = values
        sections[-1].rows.append(
            ExportRow(
                seq=seq,
                category=category,
                title=title,
                target=target,
                progress=progress,
                completed_text=done,
                lead_units=lead.split("\n"),
                responsible_units=responsible.split("\n"),
            )
        )
    title = "霞客湾科学城2025年重点工作安排表"
    return PlanExport(title, sections, attachment_label="附件1", generated_on=dt.date(2025, 12, 31))


def cells_of(plan) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [
        [r.seq, r.category, r.title, r.target, r.progress, r.completed_text, "\n".join(r.lead_units),
         "\n".join(r.responsible_units)]
        for r in plan.rows()
    ]  # fmt: skip


def ours(kind: str, plan) -> Callable[[], int]:  # type: ignore[no-untyped-def]
    from duban.exports import render_plan_docx, render_plan_xlsx

    render = render_plan_docx if kind == "docx" else render_plan_xlsx
    return lambda: len(render(plan))


def bare(kind: str, plan, way: str) -> Callable[[], int]:  # type: ignore[no-untyped-def]
    """The floor: the same cells written with the library alone, the fastest way it allows."""
    cells = cells_of(plan)
    if kind == "docx":
        return BARE_DOCX[way](cells)
    return bare_xlsx(cells)


def _docx_table(rows: int):  # type: ignore[no-untyped-def]
    import docx

    document = docx.Document()
    table = document.add_table(rows=rows, cols=len(HEADINGS))
    return document, table


def _saved(document) -> int:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    document.save(out)
    return len(out.getvalue())


def docx_add_row(cells: list[list[str]]) -> Callable[[], int]:
    """The obvious way: ``table.add_row().cells`` per row (python-docx walks the whole grid each time)."""

    def write() -> int:
        document, table = _docx_table(1)
        for cell, heading in zip(table.rows[0].cells, HEADINGS, strict=True):
            cell.text = heading
        for values in cells:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
        return _saved(document)

    return write


def docx_filled(cells: list[list[str]]) -> Callable[[], int]:
    """``add_table(rows=n)`` at once, then each ``w:tc`` filled through python-docx's ``_Cell.text``."""
    from docx.table import _Cell

    def write() -> int:
        document, table = _docx_table(len(cells) + 1)
        for tr, values in zip(table._tbl.tr_lst, [HEADINGS, *cells], strict=True):
            for tc, value in zip(tr.tc_lst, values, strict=True):
                _Cell(tc, table).text = value
        return _saved(document)

    return write


def docx_copied(cells: list[list[str]]) -> Callable[[], int]:
    """One row made through python-docx, then copied as XML per row with its ``w:t`` texts replaced
    (a text with line breaks goes through python-docx's ``CT_R.text``, which writes the ``w:br``)."""
    from copy import deepcopy

    from docx.oxml.ns import qn

    def write() -> int:
        document, table = _docx_table(1)
        for cell in table.rows[0].cells:
            cell.text = "x"
        template = table._tbl.tr_lst[0]
        for values in [HEADINGS, *cells]:
            tr = deepcopy(template)
            for t, value in zip(list(tr.iter(qn("w:t"))), values, strict=True):
                if "\n" in value:
                    t.getparent().text = value
                else:
                    t.text = value
            table._tbl.append(tr)
        table._tbl.remove(template)
        return _saved(document)

    return write


BARE_DOCX = {"add_row": docx_add_row, "filled": docx_filled, "copied": docx_copied}


def bare_xlsx(cells: list[list[str]]) -> Callable[[], int]:
    """openpyxl's write-only mode (rows streamed as they come), as our export uses it too."""
    import openpyxl

    def write() -> int:
        workbook = openpyxl.Workbook(write_only=True)
        ws = workbook.create_sheet()
        ws.append(HEADINGS)
        for values in cells:
            ws.append(values)
        out = io.BytesIO()
        workbook.save(out)
        return len(out.getvalue())

    return write


def measure_once(task: str, kind: str, rows: int, way: str) -> dict[str, float]:
    plan = plan_export(rows)
    work = ours(kind, plan) if task == "ours" else bare(kind, plan, way)
    start = time.perf_counter()
    size = work()
    return {"seconds": time.perf_counter() - start, "bytes": size, "rows": len(plan.rows())}


def through_view(rows: int, repeat: int) -> dict[str, dict[str, float]]:
    """The office (a 督查科 supervisor) downloads the plan: median of ``repeat`` GETs of the export URL.

    Each GET finds nothing kept (the cache is cleared before it, as any report saved would make
    it): it reads the plan, renders the file and writes its audit row, on a fresh SQLite database
    holding only this plan, imported through the office's import service before the clock starts."""
    client, urls = _office_and_plan(rows)
    from django.core.cache import cache

    found: dict[str, dict[str, float]] = {}
    for kind, url in urls.items():
        times = []
        for _ in range(repeat):
            cache.clear()
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise SystemExit(f"bench: GET {url} answered {response.status_code}")
        found[kind] = {"seconds": statistics.median(times), "bytes": len(response.content), "rows": rows}
    return found


def _office_and_plan(rows: int):  # type: ignore[no-untyped-def]
    """A migrated database in a temporary folder, the bench plan imported, a logged-in supervisor."""
    data = Path(tempfile.mkdtemp(prefix="duban-bench-export-"))
    atexit.register(shutil.rmtree, data, ignore_errors=True)
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(DUBAN_DATA_DIR=str(data), DUBAN_SECRET_KEY=SECRET, DUBAN_ALLOWED_HOSTS="testserver")
    os.environ["DJANGO_SETTINGS_MODULE"] = "duban.settings"
    import django

    django.setup()
    import ingest  # bench/ingest.py
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from duban.accounts.models import User
    from duban.common.roles import Role
    from duban.plans.services.imports import plan_import_apply, plan_import_file
    from duban.units.models import Unit
    from tests.accounts.otp import otp_verify_session

    call_command("migrate", verbosity=0)
    office = User.objects.create(
        username="wang", full_name="王科长", role=Role.SUPERVISOR, unit=Unit.objects.create(name="霞科办")
    )
    batch = plan_import_file(actor=office, path=Path(ingest.build(rows, data)["xlsx"]))
    plan = plan_import_apply(actor=office, batch=batch, unit_choices={})
    client = Client()
    client.force_login(office)
    otp_verify_session(client, office)
    return client, {kind: reverse("plans:export", args=[plan.pk, kind]) for kind in FORMATS}


def child(*args: str) -> Any:
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"bench: child {' '.join(args)} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--measure", nargs=3, metavar=("TASK", "KIND", "WAY"), help=argparse.SUPPRESS)
    parser.add_argument("--view", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))  # for tests.builders, which bench/ingest.py uses
    if args.measure:
        task, kind, way = args.measure
        print(json.dumps(measure_once(task, kind, args.rows, way)))
        return 0
    if args.view:
        print(json.dumps(through_view(args.rows, args.repeat)))
        return 0
    print("\n".join(machine(("python-docx", "openpyxl", "lxml"))), flush=True)
    results = {kind: measure_format(kind, args.rows, args.repeat) for kind in FORMATS}
    views = child("--view", "--rows", str(args.rows), "--repeat", str(args.repeat))
    for kind, found in views.items():
        results[kind]["view"] = found
        print(f"  {kind} view         median {found['seconds']:.3f} s of {args.repeat}", flush=True)
    return 0 if report(results, args.repeat) else 1


def measure_format(kind: str, rows: int, repeat: int) -> dict[str, dict[str, float]]:
    """Ours and each bare way (the floor is the quickest)."""
    ways = [f"bare:{way}" for way in BARE_DOCX] if kind == "docx" else ["bare:"]
    found: dict[str, dict[str, float]] = {}
    for task in ["ours:", *ways]:
        name, way = task.split(":")
        runs = [child("--measure", name, kind, way or "-", "--rows", str(rows)) for _ in range(repeat)]
        found[task] = min(runs, key=lambda r: r["seconds"])
        print(f"  {kind} {task:<12} best {found[task]['seconds']:.3f} s of {repeat}", flush=True)
    found["bare"] = min((found[w] for w in ways), key=lambda r: r["seconds"])
    return found


def report(results: dict[str, dict[str, dict[str, float]]], repeat: int) -> bool:
    print(f"\nbest of {repeat} runs, each in a fresh process; view: median of {repeat} GETs\n")
    print(f"{'format':>7} {'rows':>6} {'ours (s)':>9} {'bare (s)':>9} {'ours/bare':>9} {'view (s)':>9} "
          f"{'view/bare':>9} {'ours KB':>8} {'bare KB':>8} {'≤ 1.5':>6}")  # fmt: skip
    passed = True
    for kind, found in results.items():
        o, b, v = found["ours:"], found["bare"], found["view"]
        ratio = o["seconds"] / b["seconds"]
        passed = passed and ratio <= MAX_RATIO
        print(
            f"{kind:>7} {int(o['rows']):>6} {o['seconds']:>9.3f} {b['seconds']:>9.3f} {ratio:>9.2f} "
            f"{v['seconds']:>9.3f} {v['seconds'] / b['seconds']:>9.2f} {o['bytes'] / 1024:>8.0f} "
            f"{b['bytes'] / 1024:>8.0f} {verdict(ratio <= MAX_RATIO):>6}"
        )
    return passed


if __name__ == "__main__":
    sys.exit(main())

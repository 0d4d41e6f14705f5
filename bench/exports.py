"""Benchmark: exporting a 2,000-row plan in the office's layout against the bare libraries.

Run from the repository root::

    .venv/bin/python bench/exports.py [--rows 2000] [--repeat 5]

The plan is the one bench/ingest.py reads (the seed's real texts cycled and varied by
row number, 主要任务 over runs of 5–10 rows, 牵头/责任单位 over runs of 2–4 rows, a section
every 500 rows, fixed random seed), as a ``PlanExport``. "Ours" is
``duban.exports.render_plan_docx`` / ``render_plan_xlsx``: the office's layout with its
fonts, widths, borders, merged cells and section rows. "Bare" is the quickest way a
developer would write the same cells with the library alone: python-docx
``Document()``, one ``add_table`` with the 8 headings, then per row
``table.add_row().cells`` and ``cell.text = …``; openpyxl ``Workbook()`` and
``ws.append(row)``; both saved to memory. Every run happens in a fresh interpreter,
imports and the building of the rows done before the clock starts; the best of
``--repeat`` wall-clock times is kept. Goal: ours ≤ 1.5 × bare. Exit status 1 when missed.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, verdict

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


def bare(kind: str, plan) -> Callable[[], int]:  # type: ignore[no-untyped-def]
    cells = cells_of(plan)
    if kind == "docx":
        import docx

        def write_docx() -> int:
            document = docx.Document()
            table = document.add_table(rows=1, cols=len(HEADINGS))
            for cell, heading in zip(table.rows[0].cells, HEADINGS, strict=True):
                cell.text = heading
            for values in cells:
                for cell, value in zip(table.add_row().cells, values, strict=True):
                    cell.text = value
            out = io.BytesIO()
            document.save(out)
            return len(out.getvalue())

        return write_docx
    import openpyxl

    def write_xlsx() -> int:
        workbook = openpyxl.Workbook()
        ws = workbook.active
        ws.append(HEADINGS)
        for values in cells:
            ws.append(values)
        out = io.BytesIO()
        workbook.save(out)
        return len(out.getvalue())

    return write_xlsx


def measure_once(task: str, kind: str, rows: int) -> dict[str, float]:
    plan = plan_export(rows)
    work = (ours if task == "ours" else bare)(kind, plan)
    start = time.perf_counter()
    size = work()
    return {"seconds": time.perf_counter() - start, "bytes": size, "rows": len(plan.rows())}


def child(*args: str) -> dict[str, float]:
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"bench: child {' '.join(args)} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--measure", nargs=2, metavar=("TASK", "KIND"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))  # for tests.builders, which bench/ingest.py uses
    if args.measure:
        print(json.dumps(measure_once(args.measure[0], args.measure[1], args.rows)))
        return 0
    print("\n".join(machine(("python-docx", "openpyxl", "lxml"))), flush=True)
    results: dict[str, dict[str, dict[str, float]]] = {}
    for kind in FORMATS:
        for task in ("ours", "bare"):
            runs = [child("--measure", task, kind, "--rows", str(args.rows)) for _ in range(args.repeat)]
            best = min(runs, key=lambda r: r["seconds"])
            results.setdefault(kind, {})[task] = best
            print(f"  {kind} {task:<4} best {best['seconds']:.3f} s of {args.repeat}", flush=True)
    print(f"\nbest of {args.repeat} wall-clock times, each run in a fresh process\n")
    print(f"{'format':>7} {'rows':>6} {'ours (s)':>9} {'bare (s)':>9} {'ours/bare':>9} {'ours KB':>8} "
          f"{'bare KB':>8} {'≤ 1.5':>6}")  # fmt: skip
    passed = True
    for kind, by_task in results.items():
        o, b = by_task["ours"], by_task["bare"]
        ratio = o["seconds"] / b["seconds"]
        ok = ratio <= MAX_RATIO
        passed = passed and ok
        print(
            f"{kind:>7} {int(o['rows']):>6} {o['seconds']:>9.3f} {b['seconds']:>9.3f} {ratio:>9.2f} "
            f"{o['bytes'] / 1024:>8.0f} {b['bytes'] / 1024:>8.0f} {verdict(ok):>6}"
        )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())

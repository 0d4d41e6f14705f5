"""Benchmark: 50 concurrent users for 60 s against ``duban serve`` on the city data, over loopback.

Run from the repository root::

    .venv/bin/python bench/load.py --db sqlite
    .venv/bin/python bench/load.py --db postgres
    .venv/bin/python bench/load.py --db postgres --instances 2   # two app processes, one database
    .venv/bin/python bench/load.py --skip 领导驾驶舱,单位台账      # the mix without those pages

It makes (once a month) the city data set (``duban demo --scale city``), starts the
server(s) on a fresh copy, signs the 50 sessions in beforehand (15 领导, 25 单位填报员 of
different units, 10 督办员 each on a different open round), then runs locust headless
with bench/locustfile.py for ``--duration`` seconds and reads every request it recorded:
throughput, p50/p95/p99 for reads and for writes, and errors. With ``--instances 2`` two
``duban serve`` processes listen on two ports with one gunicorn worker each (the same two
workers as one instance), and the users are spread over them. After the run
``duban audit-log verify`` checks the audit log's hash chain on the copy.
Everything is done ``--runs`` times (3) on fresh copies; the goals are judged on the median
of the runs, printed with the load average of each: 0 errors, p95 ≤ 300 ms for reads and
≤ 1 s for writes. Exit status 1 when missed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    DUBAN,
    OUT,
    ROOT,
    Copy,
    Dataset,
    Http,
    ensure_dataset,
    free_port,
    fresh_copy,
    load_line,
    machine,
    percentile,
    server,
    targets,
    verdict,
)

MAX_READ_P95_MS, MAX_WRITE_P95_MS = 300.0, 1000.0
LOCUST = str(ROOT / ".venv" / "bin" / "locust")


def sign_in(port: int, t: dict[str, object]) -> dict[str, object]:
    """The 50 sessions, logged in through the real login page before the clock starts."""

    def session(username: str) -> dict[str, str]:
        client = Http(port)
        client.login(username)
        client.close()
        return dict(client.cookies)

    leaders = list(t["leaders"])  # type: ignore[call-overload]
    reporters = list(t["reporters"])[:25]  # type: ignore[call-overload]
    supervisors = [s for s in t["supervisors"] if s != "duban"] or list(t["supervisors"])  # type: ignore[attr-defined,call-overload]
    rounds = list(t["open_rounds"])  # type: ignore[call-overload]
    owed = t["owed_by_user"]
    plan: dict[str, object] = {
        "plans": t["plans"],
        "units": t["units"],
        "leaders": [{"cookies": session(leaders[i % len(leaders)])} for i in range(15)],
        "reporters": [
            {"cookies": session(r["username"]), "unit": r["unit"], "owed": owed.get(r["username"], [])}  # type: ignore[attr-defined]
            for r in reporters
        ],
        "supervisors": [
            {"cookies": session(supervisors[i % len(supervisors)]), "round": rounds[i % len(rounds)]}
            for i in range(10)
        ],
    }
    return plan


def run_locust(
    hosts: list[str], plan: dict[str, object], users: int, duration: int, tag: str
) -> list[list[object]]:
    """Run locust headless; every request it made, as [name, milliseconds, failure or ""]."""
    records = OUT / "logs" / f"load-{tag}-records.json"
    plan_file = OUT / "logs" / f"load-{tag}-plan.json"
    records.unlink(missing_ok=True)
    plan_file.write_text(json.dumps({**plan, "hosts": hosts, "records": str(records)}))
    command = [
        LOCUST,
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{duration}s",
        "--stop-timeout",
        "10",
        "--host",
        hosts[0],
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = {**os.environ, "BENCH_PLAN": str(plan_file)}
    log = OUT / "logs" / f"load-{tag}-locust.log"
    with log.open("w") as sink:
        subprocess.run(
            command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT, timeout=duration + 120
        )
    if not records.exists():
        raise SystemExit(f"bench: locust wrote no records; see {log}")
    return json.loads(records.read_text())  # type: ignore[no-any-return]


def summarise(records: list[list[object]], duration: int) -> dict[str, dict[str, float]]:
    groups: dict[str, list[tuple[float, bool]]] = {"reads": [], "writes": [], "all": []}
    by_name: dict[str, list[tuple[float, bool]]] = {}
    for name, ms, failure in records:
        row = (float(ms), bool(failure))  # type: ignore[arg-type]
        groups["writes" if str(name).startswith("W ") else "reads"].append(row)
        groups["all"].append(row)
        by_name.setdefault(str(name), []).append(row)
    out = {}
    for label, rows in [*groups.items(), *sorted(by_name.items())]:
        times = [ms for ms, _ in rows] or [0.0]
        out[label] = {
            "count": len(rows),
            "rps": len(rows) / duration,
            "errors": sum(failed for _, failed in rows),
            "p50": percentile(times, 0.50),
            "p95": percentile(times, 0.95),
            "p99": percentile(times, 0.99),
            "max": max(times),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--instances", type=int, default=1, help="duban serve processes on as many ports")
    parser.add_argument(
        "--workers", type=int, default=0, help="gunicorn workers each (default 2 ÷ instances)"
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument(
        "--skip",
        default="",
        help="pages left out of the mix, by name, comma-separated (e.g. 领导驾驶舱,单位台账)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs, each on a fresh copy (default 3)")
    args = parser.parse_args(argv)
    print("\n".join(machine(("Django", "gunicorn", "psycopg", "locust"))), flush=True)
    city = Dataset("city", args.db)
    marker = ensure_dataset(city)
    print(f"city data: generated in {marker['seconds']} s, {marker['size_mb']} MB", flush=True)
    runs = []
    for n in range(1, args.runs + 1):
        print(f"\n=== run {n} of {args.runs}", flush=True)
        stats, busy = one_run(city, args, n)
        report(stats, args)
        runs.append((stats, busy))
    return report_median(runs, args)


def one_run(city: Dataset, args: argparse.Namespace, n: int) -> tuple[dict[str, dict[str, float]], float]:
    """One run on a fresh copy: its figures and the machine's load average during it."""
    workers = args.workers or max(1, 2 // args.instances)
    tag = f"{args.db}-x{args.instances}" + ("-skip" if args.skip else "") + f"-run{n}"
    copy = fresh_copy(city, f"load{args.instances}")
    try:
        t = targets(copy)
        ports = [free_port() for _ in range(args.instances)]
        with contextlib.ExitStack() as stack:
            hosts = [
                stack.enter_context(
                    server(copy, port=port, workers=workers, label=f"load-{tag}-{i}", jobs=i == 1)
                )
                for i, port in enumerate(ports, start=1)
            ]
            print(
                f"serving on {', '.join(hosts)} ({workers} gunicorn worker(s) × 4 threads each)", flush=True
            )
            plan = sign_in(ports[0], t)
            sessions = sum(len(plan[k]) for k in ("leaders", "reporters", "supervisors"))  # type: ignore[arg-type]
            print(f"signed in {sessions} sessions; {load_line()}", flush=True)
            plan["skip"] = args.skip.split(",")
            records = run_locust(hosts, plan, args.users, args.duration, tag)
            busy = os.getloadavg()[0]
            print(f"after the run: {load_line()}", flush=True)
        _check_chain(copy)
    finally:
        copy.drop()
    _print_failures(records)
    return summarise(records, args.duration), busy


def _check_chain(copy: Copy) -> None:
    """Every write appended to the audit log's hash chain, from however many instances."""
    chain = subprocess.run(
        [*DUBAN, "audit-log", "verify"], cwd=ROOT, env=copy.env, capture_output=True, text=True, check=False
    )
    print(f"audit chain after the run (duban audit-log verify, exit {chain.returncode}):", flush=True)
    print("  " + (chain.stdout + chain.stderr).strip().replace("\n", "\n  "), flush=True)


def _print_failures(records: list[list[object]]) -> None:
    failures: dict[str, int] = {}
    for name, _, failure in records:
        if failure:
            failures[f"{name}: {failure}"] = failures.get(f"{name}: {failure}", 0) + 1
    for text, n in sorted(failures.items(), key=lambda kv: -kv[1])[:10]:
        print(f"  failed {n}×  {text}")


def report_median(runs: list[tuple[dict[str, dict[str, float]], float]], args: argparse.Namespace) -> int:
    """The goals, judged on the median of the runs (one run on a shared machine decides nothing)."""
    errors = sum(stats["all"]["errors"] for stats, _ in runs)
    reads = statistics.median(stats["reads"]["p95"] for stats, _ in runs)
    writes = statistics.median(stats["writes"]["p95"] for stats, _ in runs)
    busy = statistics.median(load for _, load in runs)
    ok = (errors == 0, reads <= MAX_READ_P95_MS, writes <= MAX_WRITE_P95_MS)
    print(
        f"\nmedian of {len(runs)} runs ({args.db}, {args.instances} instance(s), load average at the end "
        f"of each run {', '.join(f'{load:.1f}' for _, load in runs)}; median {busy:.1f} on "
        f"{os.cpu_count()} cores): errors {errors} {verdict(ok[0])}; reads p95 {reads:.0f} ms "
        f"{verdict(ok[1])}; writes p95 {writes:.0f} ms {verdict(ok[2])}"
    )
    return 0 if all(ok) else 1


def report(stats: dict[str, dict[str, float]], args: argparse.Namespace) -> int:
    print(
        f"\n{args.db}, {args.instances} instance(s), {args.users} users for {args.duration} s"
        + (f", without {args.skip}" if args.skip else "")
        + " "
        "(times in ms, client side, to the last byte)\n"
    )
    print(
        f"{'requests':<22} {'count':>7} {'req/s':>7} {'errors':>7} "
        f"{'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}"
    )
    for label, row in stats.items():
        print(
            f"{label:<22} {row['count']:>7} {row['rps']:>7.1f} {row['errors']:>7} {row['p50']:>7.0f} "
            f"{row['p95']:>7.0f} {row['p99']:>7.0f} {row['max']:>7.0f}"
        )
    errors_ok = stats["all"]["errors"] == 0
    reads_ok = stats["reads"]["p95"] <= MAX_READ_P95_MS
    writes_ok = stats["writes"]["p95"] <= MAX_WRITE_P95_MS
    print(
        f"\ngoals: 0 errors {verdict(errors_ok)}; reads p95 ≤ {MAX_READ_P95_MS:.0f} ms {verdict(reads_ok)}; "
        f"writes p95 ≤ {MAX_WRITE_P95_MS:.0f} ms {verdict(writes_ok)}"
    )
    return 0 if errors_ok and reads_ok and writes_ok else 1


if __name__ == "__main__":
    sys.exit(main())

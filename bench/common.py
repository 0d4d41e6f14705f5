"""What the server benchmarks share: the data sets, a fresh copy per run, a server, a client.

Standard library only, so that the orchestrating processes stay small and import no
Django (the parts that need Django run in child processes: ``python bench/common.py
--targets`` and the generator itself).

Data sets are generated once with ``duban demo [--scale city]`` and kept as templates:
a SQLite data directory under ``bench/out/data/<scale>-sqlite`` or a PostgreSQL database
``duban_bench_<scale>``. Every run works on a fresh copy (SQLite's backup API, or
``CREATE DATABASE … TEMPLATE …``), so a run that files reports leaves the template as it
was. A template is made again when it was generated in another month (the current
month's rounds must be the open ones) or with another seed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DATA = OUT / "data"
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
DUBAN = [PYTHON, "-m", "duban.cli"]
PASSWORD = "Duban@2025-demo"
SEED = 20250101
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
SECRET = "bench-secret-key-not-for-production-0123456789abcdef"


# ---------------------------------------------------------------- the machine


def machine(libraries: tuple[str, ...] = ("Django", "gunicorn", "psycopg")) -> list[str]:
    versions = ", ".join(f"{name} {_version(name)}" for name in libraries)
    return [
        f"date     {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %z}",
        f"cpu      {_cpu_model()} ({os.cpu_count()} logical cores), {_memory_gb():.0f} GB RAM",
        f"system   {platform.platform()}",
        f"python   {platform.python_version()} ({platform.python_implementation()})",
        f"packages {versions}",
        f"load     {load_line()}",
    ]


def load_line() -> str:
    """Other work on the machine skews every figure: say how busy it was."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def _cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.processor() or "unknown"
    names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    return names[0] if names else platform.processor() or "unknown"


def _memory_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "missing"


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share in 0…1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# ---------------------------------------------------------------- data sets


@dataclass(frozen=True)
class Dataset:
    scale: str  # demo | city
    db: str  # sqlite | postgres

    @property
    def name(self) -> str:
        return f"{self.scale}-{self.db}"

    @property
    def template_dir(self) -> Path:
        return DATA / self.name

    @property
    def pg_name(self) -> str:
        return f"duban_bench_{self.scale}"

    @property
    def marker(self) -> Path:
        return DATA / f"{self.name}.json"


def ensure_postgres() -> None:
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], check=False).returncode != 0:
        subprocess.run([str(ROOT / "scripts" / "ensure-postgres.sh")], check=True)


def _pg(sql: str, database: str = "postgres") -> None:
    url = PG_ADMIN.rsplit("/", 1)[0] + "/" + database
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True)


def pg_url(database: str) -> str:
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + database


def ensure_dataset(data: Dataset, *, seed: int = SEED, regenerate: bool = False) -> dict[str, object]:
    """The template for this data set, generated when missing or stale; returns its marker."""
    month = dt.date.today().strftime("%Y-%m")
    if not regenerate and data.marker.exists():
        marker = json.loads(data.marker.read_text())
        if marker.get("month") == month and marker.get("seed") == seed:
            _migrate(data)  # the month's data set, brought to the code's migrations
            return marker  # type: ignore[no-any-return]
    print(f"generating {data.name} (seed {seed}); this is done once a month …", flush=True)
    DATA.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(data.template_dir, ignore_errors=True)
    data.template_dir.mkdir(parents=True)
    env = server_env(data.template_dir)
    if data.db == "postgres":
        ensure_postgres()
        _pg(f'DROP DATABASE IF EXISTS "{data.pg_name}"')
        _pg(f'CREATE DATABASE "{data.pg_name}"')
        env["DATABASE_URL"] = pg_url(data.pg_name)
    log = OUT / "logs" / f"generate-{data.name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [*DUBAN, "demo", "--scale", data.scale, "--seed", str(seed)]
    started = time.perf_counter()
    with log.open("w") as sink:
        # The generator's progress lines go to stderr: show them and keep them.
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.PIPE, text=True)
        assert process.stderr is not None
        for line in process.stderr:
            sink.write(line)
            if not line.startswith((" ", "Traceback")):
                print("   ", line.rstrip(), flush=True)
        if process.wait() != 0:
            raise SystemExit(f"bench: generating {data.name} failed; see {log}")
    seconds = time.perf_counter() - started
    _settle(data)
    marker = {
        "month": month,
        "seed": seed,
        "seconds": round(seconds, 1),
        "generated": dt.datetime.now().isoformat(),
    }
    marker["size_mb"] = round(_size_mb(data), 1)
    data.marker.write_text(json.dumps(marker))
    print(f"generated {data.name} in {seconds:.0f} s ({marker['size_mb']} MB)", flush=True)
    return marker


def _migrate(data: Dataset) -> None:
    env = server_env(data.template_dir)
    if data.db == "postgres":
        env["DATABASE_URL"] = pg_url(data.pg_name)
    done = subprocess.run([*DUBAN, "manage", "migrate"], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"bench: migrating {data.name} failed")
    _settle(data)


def _settle(data: Dataset) -> None:
    """The template as a server that has run a while holds it: SQLite's log folded into the file,
    PostgreSQL's planner statistics gathered. Without ANALYZE a copy plans its queries blind
    until autovacuum comes by, and never where autovacuum is off: the city's PostgreSQL
    load went from 1.77 s to 1.37 s p95 on reads once the template was analysed. Copies made
    from the template (CREATE DATABASE … TEMPLATE) carry its statistics."""
    if data.db == "sqlite":
        _checkpoint(data.template_dir / "duban.sqlite3")
    else:
        _pg("ANALYZE", data.pg_name)


def _checkpoint(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def _size_mb(data: Dataset) -> float:
    if data.db == "sqlite":
        return (data.template_dir / "duban.sqlite3").stat().st_size / 1e6
    done = subprocess.run(
        ["psql", PG_ADMIN, "-At", "-c", f"SELECT pg_database_size('{data.pg_name}')"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip()) / 1e6


@dataclass
class Copy:
    """A throw-away copy of a data set: the environment a server or a child needs to use it."""

    data: Dataset
    env: dict[str, str]
    pg_name: str = ""

    def drop(self) -> None:
        if self.pg_name:
            _pg(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        shutil.rmtree(self.env["DUBAN_DATA_DIR"], ignore_errors=True)


def fresh_copy(data: Dataset, run: str) -> Copy:
    """Copy the template: SQLite through the backup API (never a file copy), PostgreSQL by TEMPLATE."""
    run_dir = OUT / "runs" / f"{data.name}-{run}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    env = server_env(run_dir)
    copy = Copy(data, env)
    if data.db == "sqlite":
        source = sqlite3.connect(data.template_dir / "duban.sqlite3")
        target = sqlite3.connect(run_dir / "duban.sqlite3")
        source.backup(target)
        target.execute("PRAGMA journal_mode=WAL")
        target.close()
        source.close()
    else:
        copy.pg_name = f"duban_bench_run_{run}"
        _pg(f'DROP DATABASE IF EXISTS "{copy.pg_name}" WITH (FORCE)')
        _pg(f'CREATE DATABASE "{copy.pg_name}" TEMPLATE "{data.pg_name}"')
        env["DATABASE_URL"] = pg_url(copy.pg_name)
    return copy


def server_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DUBAN_DATA_DIR=str(data_dir),
        DUBAN_SECRET_KEY=SECRET,
        DUBAN_DEMO_NO_TOTP="true",  # scripted logins of 督办员: no authenticator in a benchmark
        DUBAN_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="duban.settings",
        # gunicorn ≥ 23 listens on one control socket per user (~/.gunicorn/gunicorn.ctl): every
        # other gunicorn on the machine would share it, and a "stop" sent to theirs could stop ours.
        GUNICORN_CMD_ARGS="--no-control-socket",
    )
    return env


def targets(copy: Copy) -> dict[str, object]:
    """What the pages and users of a benchmark work on, read from the copy by a Django child."""
    done = subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), "--targets"],
        cwd=ROOT,
        env=copy.env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit("bench: reading the targets failed")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def collect_targets() -> dict[str, object]:
    """In a Django child: plan, unit, rounds and accounts to use (city ones when present)."""
    import django

    django.setup()
    from django.db.models import Count, Q

    from duban.accounts.models import User
    from duban.plans.models import Plan, Task
    from duban.reporting.models import ProgressReport, ReportingRound
    from duban.units.models import Unit

    city = Plan.objects.filter(source_name__endswith="（城市规模演示）")
    year = dt.date.today().year
    plans = (city or Plan.objects.all()).filter(period_start__year=year).annotate(n=Count("tasks"))
    plan = (
        plans.order_by("-n", "pk").first() or Plan.objects.annotate(n=Count("tasks")).order_by("-n").first()
    )
    open_rounds = list(
        ReportingRound.objects.filter(status="open").order_by("pk").values_list("pk", flat=True)
    )
    owed = Q(reports__round__status="open", reports__status__in=["draft", "returned"])
    units = Unit.objects.annotate(owed=Count("reports", filter=owed)).filter(owed__gt=0)
    reporters = {
        u.unit_id: u.username
        for u in User.objects.filter(role="reporter", username__startswith="tb").order_by("pk")
    }
    owing = [
        {"username": reporters[u.pk], "unit": u.pk, "owed": u.owed}
        for u in units.order_by("-owed", "pk")
        if u.pk in reporters
    ]
    owed_reports = ProgressReport.objects.filter(
        round__status="open", status__in=["draft", "returned"], unit__isnull=False
    ).order_by("pk")
    owed_by_user: dict[str, list[int]] = {}
    for report_id, unit_id in owed_reports.values_list("pk", "unit_id"):
        if unit_id in reporters:
            owed_by_user.setdefault(reporters[unit_id], []).append(report_id)
    busiest = Unit.objects.annotate(n=Count("task_assignments")).order_by("-n", "pk")[:10]
    return {
        "plan": plan.pk if plan else None,
        "plans": list(plans.order_by("pk").values_list("pk", flat=True)),
        "units": [u.pk for u in busiest],
        "owed_by_user": owed_by_user,
        "plan_tasks": plan.n if plan else 0,  # type: ignore[attr-defined]
        "unit": Unit.objects.get(name="青阳镇").pk,
        "open_rounds": open_rounds,
        "reporters": owing,
        "supervisors": sorted(User.objects.filter(role="supervisor").values_list("username", flat=True)),
        "leaders": sorted(User.objects.filter(role="leader").values_list("username", flat=True)),
        "owed_reports": owed_reports.count(),
        "tasks": Task.objects.count(),
        "reports": ProgressReport.objects.count(),
    }


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def server(copy: Copy, *, port: int, workers: int = 2, label: str = "", jobs: bool = True) -> Iterator[str]:
    """``duban serve`` (gunicorn, and the job worker unless jobs is false: one per data set) on
    the copy, in its own process group; stopped on exit."""
    log = OUT / "logs" / f"serve-{copy.data.name}-{label or port}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [*DUBAN, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    command += [] if jobs else ["--no-worker"]
    with log.open("w") as sink:
        process = subprocess.Popen(
            command, cwd=ROOT, env=copy.env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            _wait_for(port, process, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)  # gunicorn's master stops its workers
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bench: the server stopped (exit {process.returncode}); see {log}")
        try:
            status = Http(port).get("/accounts/login/").status
        except OSError:
            time.sleep(0.3)
            continue
        if status == 200:
            return
        time.sleep(0.3)
    raise SystemExit(f"bench: the server did not answer on port {port}; see {log}")


# ---------------------------------------------------------------- a keep-alive client


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Http:
    """One browser: a keep-alive connection and its cookies. Times each request to its last byte."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 60.0

    def __post_init__(self) -> None:
        self._connection: http.client.HTTPConnection | None = None

    def _conn(self) -> http.client.HTTPConnection:
        if self._connection is None:
            self._connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Response:
        headers = {"Host": f"127.0.0.1:{self.port}", "Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                connection = self._conn()
                connection.request(method, path, body=body, headers=headers)
                answer = connection.getresponse()
                data = answer.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()  # the server closed an idle keep-alive connection: reconnect once
                if attempt == 2:
                    raise
                continue
            except Exception:
                self.close()  # a timeout or a broken answer: never reuse a connection in that state
                raise
            seconds = time.perf_counter() - started
            for name, value in answer.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            if answer.getheader("Connection", "").lower() == "close":
                self.close()
            return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, data, seconds)
        raise AssertionError("unreachable")

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Response:
        return self.request("POST", path, form)

    def login(self, username: str, password: str = PASSWORD) -> None:
        self.get("/accounts/login/")
        answer = self.post("/accounts/login/", {"username": username, "password": password})
        if answer.status != 302:
            raise SystemExit(f"bench: login as {username} failed (HTTP {answer.status})")
        target = answer.headers.get("location", "")
        if "otp" in target or "password" in target:
            raise SystemExit(f"bench: {username} is held at {target} after login")


VERSION = re.compile(r'name="version" value="(\d+)"')
REPORT_LINK = re.compile(r"/reporting/reports/(\d+)/")


def main() -> int:
    if sys.argv[1:] == ["--targets"]:
        print(json.dumps(collect_targets()))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())

"""16 writer processes × 25 saves on one shared and eight separate reports, on a FILE database.

Django's in-memory test database ignores lock timeouts, so this test builds its own
environment with `python -m duban.cli demo` in a subprocess: a SQLite file under
tmp_path, or a throw-away PostgreSQL database. The writers are separate processes
(tests/reporting/concurrency_worker.py) released together by a start file. Passing
means: no error, no "database is locked", every save landed, and no lost update —
each report's version is 1 + its saves, with exactly one ReportVersion row per
version 2..N, each holding the text of the writer that landed it.

PostgreSQL: TEST_DATABASE_URL, else DATABASE_URL if it is postgres, else
postgresql://postgres@127.0.0.1:5432/ when pg_isready answers. With none reachable
the PostgreSQL case FAILS (CI always has one): it is never skipped silently.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("concurrency_worker.py")
WRITERS, SHARED_WRITERS, SAVES = 16, 8, 25
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/"
LOCKED = "database is locked"


def _is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in {"postgres", "postgresql", "pgsql", "postgis"}


def _server_url() -> str:
    for name in ("TEST_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url and _is_postgres(url):
            return url
    ready = shutil.which("pg_isready")
    if ready is None:
        pytest.fail(
            "PostgreSQL case: no TEST_DATABASE_URL/DATABASE_URL and no pg_isready to look for a local server"
        )
    probe = subprocess.run(
        [ready, "-h", "127.0.0.1", "-p", "5432"], capture_output=True, text=True, timeout=15
    )
    if probe.returncode != 0:
        pytest.fail(
            "PostgreSQL case: TEST_DATABASE_URL/DATABASE_URL not set and no server on 127.0.0.1:5432 "
            f"(pg_isready: {probe.stdout.strip() or probe.returncode}). "
            "Start PostgreSQL or set TEST_DATABASE_URL."
        )
    return DEFAULT_PG_URL


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


@pytest.fixture(params=["sqlite", "postgresql"])
def environment(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The env for every subprocess: its own data dir, and its own database."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DUBAN_TEST_SQLITE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="duban.settings",
        DUBAN_SECRET_KEY="concurrency-test-secret-key-not-for-production-0123456789",
        DUBAN_DATA_DIR=str(tmp_path / "data"),
        DUBAN_STATIC_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
        PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_DIR), os.environ.get("PYTHONPATH", "")])),
    )
    if request.param == "sqlite":
        yield env
        return
    import psycopg

    server = _server_url()
    name = f"duban_concurrency_{uuid.uuid4().hex[:12]}"
    admin = _with_database(server, "postgres")
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        pytest.fail(f"PostgreSQL case: cannot create a database on {server}: {error}")
    env["DATABASE_URL"] = _with_database(server, name)
    try:
        yield env
    finally:
        with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(env: dict[str, str], *args: str, timeout: float = 180) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    assert LOCKED not in done.stdout + done.stderr
    return done.stdout


def _worker(env: dict[str, str], *args: str) -> dict:
    return json.loads(_run(env, str(WORKER), *args).strip().splitlines()[-1])


def test_16_writers_25_saves_each_no_error_no_lock_no_lost_update(
    environment: dict[str, str], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    backend = request.node.callspec.params["environment"]
    begun = time.monotonic()
    _run(environment, "-m", "duban.cli", "demo")
    setup = _worker(environment, "setup")
    targets: list[int] = setup["targets"]
    assert len(targets) == WRITERS and len(set(targets[:SHARED_WRITERS])) == 1
    assert targets[0] not in targets[SHARED_WRITERS:]

    barrier = tmp_path / "barrier"
    barrier.mkdir()
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), "writer", str(n), str(barrier), str(SAVES)],
            cwd=PROJECT_DIR,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    try:
        deadline = time.monotonic() + 120
        while len(list(barrier.glob("ready-*"))) < WRITERS:
            early = [p.args[3] for p in procs if p.poll() is not None]
            assert not early, f"writers {early} exited before the start: {procs[int(early[0])].communicate()}"
            assert time.monotonic() < deadline, "the writers did not all get ready within 120 s"
            time.sleep(0.01)
        go = time.time()
        (barrier / "go").touch()
        outputs = [p.communicate(timeout=max(1.0, deadline + 120 - time.monotonic())) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()

    results, problems = [], []
    for n, (p, (out, err)) in enumerate(zip(procs, outputs, strict=True)):
        if LOCKED in out + err:
            problems.append(f"writer {n}: '{LOCKED}' in its output:\n{err[-2000:]}")
        if p.returncode != 0 or not out.strip():
            problems.append(f"writer {n} exited {p.returncode}:\n{out[-1000:]}\n{err[-2000:]}")
            continue
        results.append(json.loads(out.strip().splitlines()[-1]))
    errors = [f"writer {r['writer']}: {e}" for r in results for e in r["errors"]]
    assert not problems, "\n".join(problems)
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors[:20])
    assert [r["saves"] for r in results] == [SAVES] * WRITERS
    # They really ran at once: every writer began before any of them had finished.
    assert max(r["started"] for r in results) < min(r["finished"] for r in results)

    landed: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for r in results:
        for report_id, read, version, text in r["landed"]:
            # A save goes in only on top of the version its writer read: nobody overwrote unseen text.
            assert version == read + 1, f"writer {r['writer']}: read v{read} of {report_id}, made v{version}"
            landed[report_id].append((version, text))
    state = {int(k): v for k, v in _worker(environment, "verify").items()}
    assert set(state) == set(landed) == set(targets)
    for report_id, saves in landed.items():
        report, n = state[report_id], len(saves)
        expected = list(range(2, n + 2))
        assert n == SAVES * targets.count(report_id)
        assert report["version"] == 1 + n, f"report {report_id}: version {report['version']} after {n} saves"
        assert sorted(v for v, _ in saves) == expected, f"report {report_id}: two saves landed on one version"
        assert [row[0] for row in report["rows"]] == expected, (
            f"report {report_id}: ReportVersion rows gap/dup"
        )
        assert sorted((v, t) for v, t in saves) == [(row[0], row[1]) for row in report["rows"]]
        assert report["progress"] == report["rows"][-1][1]  # the report shows the text of its last version
        assert report["audits"] == n  # one audit row per save, none for a refused stale save
    if setup["distinct_others"]:  # writers 8–15 own their rows: a stale save there would be a bug
        assert all(r["retries"] == 0 for r in results if r["writer"] >= SHARED_WRITERS)

    race = max(r["finished"] for r in results) - go
    total = sum(r["saves"] for r in results)
    retries = sum(r["retries"] for r in results)
    shared = sum(r["retries"] for r in results if r["writer"] < SHARED_WRITERS)
    print(
        f"\n[concurrency {backend}] {WRITERS} writers × {SAVES} saves: {total} saves, "
        f"{retries} stale retries ({shared} on the shared report), 0 errors, 0 locked; race {race:.1f} s, "
        f"whole test {time.monotonic() - begun:.1f} s ({race and total / race:.0f} saves/s)"
    )

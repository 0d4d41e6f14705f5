"""Concurrent appends from separate processes keep one unbroken chain (SQLite file DB and PostgreSQL).

Django's in-memory test database ignores lock timeouts, so each case builds its own
database through `python -m duban.cli manage migrate` in a subprocess. The writers are
processes released together by a start file; passing means no error, every append
landed, one chain with no fork, and `duban audit-log verify` exits 0.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.auditlog.subprocs import PROJECT_DIR, base_env, ok, run, throwaway_database

WORKER = Path(__file__).with_name("append_worker.py")
WRITERS, APPENDS = 8, 30


@pytest.fixture(params=["sqlite", "postgresql"])
def environment(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    if request.param == "sqlite":
        yield base_env(tmp_path / "data")
        return
    with throwaway_database("duban_auditchain") as url:
        yield base_env(tmp_path / "data", url)


def _count(env: dict[str, str]) -> tuple[int, int]:
    code = (
        "import django; django.setup(); from duban.auditlog.models import AuditEntry as A; "
        "print(A.objects.count(), A.objects.values('prev_hash').distinct().count())"
    )
    total, distinct = ok(env, "-c", code).split()
    return int(total), int(distinct)


def test_concurrent_writers_keep_one_chain(environment: dict[str, str], tmp_path: Path) -> None:
    ok(environment, "-m", "duban.cli", "manage", "migrate", "--verbosity=0")
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(n), str(barrier), str(APPENDS)],
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
            early = [p for p in procs if p.poll() is not None]
            assert not early, f"a writer exited before the start: {early[0].communicate()}"
            assert time.monotonic() < deadline, "the writers did not get ready within 120 s"
            time.sleep(0.01)
        (barrier / "go").touch()
        outputs = [p.communicate(timeout=240) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()

    results = []
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0 and out.strip(), f"writer exited {p.returncode}:\n{out}\n{err[-3000:]}"
        results.append(json.loads(out.strip().splitlines()[-1]))
    errors = [e for r in results for e in r["errors"]]
    assert not errors, f"{len(errors)} errors, first: {errors[:5]}"
    assert sum(r["appended"] for r in results) == WRITERS * APPENDS

    total, distinct_prev = _count(environment)
    assert total == WRITERS * APPENDS
    assert distinct_prev == total  # every row follows a different row: no fork
    verify = run(environment, "-m", "duban.cli", "audit-log", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert f"共 {total} 条，哈希链校验通过" in verify.stdout

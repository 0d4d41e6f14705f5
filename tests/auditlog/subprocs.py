"""Running `python -m duban.cli …` in a subprocess against its own data folder and database.

PostgreSQL: TEST_DATABASE_URL, else DATABASE_URL if it is postgres, else
postgresql://postgres@127.0.0.1:5432/ when pg_isready answers. With none reachable the
PostgreSQL cases FAIL: they are never skipped silently.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/"


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in {"postgres", "postgresql", "pgsql"}


def pg_server_url() -> str:
    for name in ("TEST_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url and is_postgres(url):
            return url
    ready = shutil.which("pg_isready")
    if ready is None:
        pytest.fail(
            "PostgreSQL case: no TEST_DATABASE_URL/DATABASE_URL and no pg_isready to find a local server"
        )
    probe = subprocess.run(
        [ready, "-h", "127.0.0.1", "-p", "5432"], capture_output=True, text=True, timeout=15
    )
    if probe.returncode != 0:
        pytest.fail(
            "PostgreSQL case: no server on 127.0.0.1:5432 and TEST_DATABASE_URL/DATABASE_URL not set "
            f"(pg_isready: {probe.stdout.strip() or probe.returncode}). Start PostgreSQL."
        )
    return DEFAULT_PG_URL


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


@contextmanager
def throwaway_database(prefix: str, template: str | None = None) -> Iterator[str]:
    """A new PostgreSQL database `<prefix>_<random>` (its URL), dropped afterwards.

    With `template` (a database URL), the new database is a copy of that one.
    """
    import psycopg

    server = pg_server_url()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = with_database(server, "postgres")
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
            source = f' TEMPLATE "{urlsplit(template).path.lstrip("/")}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{source}')
    except psycopg.Error as error:
        pytest.fail(f"PostgreSQL case: cannot create a database on {server}: {error}")
    try:
        yield with_database(server, name)
    finally:
        with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def base_env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DUBAN_TEST_SQLITE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="duban.settings",
        DUBAN_SECRET_KEY="subprocess-test-secret-key-not-for-production-0123456789",
        DUBAN_DATA_DIR=str(data_dir),
        DUBAN_STATIC_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
        PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_DIR), os.environ.get("PYTHONPATH", "")])),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`python *args` in the project folder; returns the finished process (any exit code)."""
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )


def ok(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    done = run(env, *args, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout

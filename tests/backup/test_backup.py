"""`duban backup` / `duban restore` on a populated database (the demo), SQLite and PostgreSQL.

Each case runs the real command line in subprocesses with its own data folder (and, for
PostgreSQL, a throw-away database `duban_backup_<random>` on the local server, dropped
afterwards; the case FAILS when no server answers). Passing means: after the data and an
uploaded file were changed, restoring brings back the same counts and checksums, the
audit chain verifies, and a backup whose checksums do not match is refused untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.auditlog.subprocs import base_env, ok, run, throwaway_database

ALTER = """
import django; django.setup()
from duban.plans.models import Task
from duban.units.services import unit_create
Task.objects.filter(pk__in=list(Task.objects.values_list("pk", flat=True)[:5])).update(title="被改动的标题")
unit_create(actor=None, name="备份之后新增的单位")
"""
COUNTS = (
    "SELECT (SELECT count(*) FROM plans_plan), (SELECT count(*) FROM plans_task), "
    "(SELECT count(*) FROM units_unit), (SELECT count(*) FROM auditlog_auditentry)"
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    """The demo, installed once per database kind; each test works on a copy of it."""
    data = tmp_path_factory.mktemp("template") / "data"
    if request.param == "sqlite":
        env = base_env(data)
        ok(env, "-m", "duban.cli", "demo")
        yield env
        return
    with throwaway_database("duban_backup") as url:
        env = base_env(data, url)
        ok(env, "-m", "duban.cli", "demo")
        yield env


@pytest.fixture
def site(template: dict[str, str], tmp_path: Path) -> Iterator[dict[str, str]]:
    """A copy of the demo installation (data folder and database): its env for subprocesses."""
    data = tmp_path / "data"
    shutil.copytree(template["DUBAN_DATA_DIR"], data)  # no process has the template open
    if "DATABASE_URL" not in template:
        yield base_env(data)
        return
    with throwaway_database("duban_backup", template=template["DATABASE_URL"]) as url:
        yield base_env(data, url)


def _state(env: dict[str, str]) -> dict[str, object]:
    """Counts of plans, tasks, units and audit rows, and a digest of every task title, read directly."""
    if "DATABASE_URL" in env:
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as conn:
            counts = conn.execute(COUNTS).fetchone()
            titles = [t for (t,) in conn.execute("SELECT title FROM plans_task ORDER BY id")]
    else:
        conn = sqlite3.connect(Path(env["DUBAN_DATA_DIR"]) / "duban.sqlite3")
        try:
            counts = conn.execute(COUNTS).fetchone()
            titles = [t for (t,) in conn.execute("SELECT title FROM plans_task ORDER BY id")]
        finally:
            conn.close()
    assert counts is not None
    return {
        "vendor": "postgresql" if "DATABASE_URL" in env else "sqlite",
        **dict(zip(("plans", "tasks", "units", "audit"), counts, strict=True)),
        "titles": hashlib.sha256("|".join(titles).encode()).hexdigest(),
    }


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _uploads(env: dict[str, str]) -> dict[str, str]:
    root = Path(env["DUBAN_DATA_DIR"]) / "uploads"
    return {p.relative_to(root).as_posix(): _sha(p) for p in sorted(root.rglob("*")) if p.is_file()}


def _backup(env: dict[str, str], target: Path, *flags: str) -> Path:
    out = ok(env, "-m", "duban.cli", "backup", str(target), *flags)
    found = re.search(r"备份完成：(\S+)", out)
    assert found, out
    return Path(found.group(1))


def test_backup_then_restore_brings_back_the_data_and_the_files(site: dict[str, str], tmp_path: Path) -> None:
    before, files = _state(site), _uploads(site)
    assert before["plans"] and before["tasks"] and before["audit"] and files
    backup = _backup(site, tmp_path / "backups")
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["database"]["vendor"] == before["vendor"]
    assert manifest["database"]["sha256"] == _sha(backup / manifest["database"]["file"])
    assert {f["file"]: f["sha256"] for f in manifest["files"]} == {
        f"uploads/{k}": v for k, v in files.items()
    }
    assert manifest["duban_version"] and manifest["created"]
    if before["vendor"] == "sqlite":
        assert (backup / "database.sqlite3").read_bytes().startswith(b"SQLite format 3\x00")
    else:
        assert (backup / "database.dump").read_bytes().startswith(b"PGDMP")

    # Change things: rows, one upload overwritten, one upload added, one more audit row.
    ok(site, "-c", ALTER)
    uploads = Path(site["DUBAN_DATA_DIR"]) / "uploads"
    victim = uploads / next(iter(files))
    victim.write_bytes(b"overwritten")
    (uploads / "extra.txt").write_text("added after the backup", encoding="utf-8")
    changed = _state(site)
    assert changed["titles"] != before["titles"] and changed["units"] == before["units"] + 1

    out = ok(site, "-m", "duban.cli", "restore", "--yes", str(backup))
    assert "恢复完成" in out and "审计日志完整" in out and "已先备份当前数据" in out
    after = _state(site)
    # The backup's own audit row was written after the dump; the restore adds one.
    assert after == dict(before, audit=before["audit"] + 1)
    assert _uploads(site) == files
    verify = run(site, "-m", "duban.cli", "audit-log", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    safety = list((Path(site["DUBAN_DATA_DIR"]) / "backups" / "before-restore").iterdir())
    assert len(safety) == 1 and (safety[0] / "uploads" / "extra.txt").exists()


def test_a_tar_backup_restores_too(site: dict[str, str], tmp_path: Path) -> None:
    before = _state(site)
    backup = _backup(site, tmp_path / "backups", "--tar")
    assert backup.suffix == ".tar" and backup.is_file()
    ok(site, "-c", ALTER)
    ok(site, "-m", "duban.cli", "restore", "--yes", "--no-safety-backup", str(backup))
    assert _state(site) == dict(before, audit=before["audit"] + 1)


def _refused(env: dict[str, str], backup: Path, why: str) -> None:
    state = _state(env)
    done = run(env, "-m", "duban.cli", "restore", "--yes", "--no-safety-backup", str(backup))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "拒绝恢复" in done.stderr and why in done.stderr, done.stderr
    assert _state(env) == state  # nothing changed


def test_a_tampered_backup_is_refused(site: dict[str, str], tmp_path: Path) -> None:
    backup = _backup(site, tmp_path / "backups")
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    ok(site, "-c", ALTER)

    upload = backup / manifest["files"][0]["file"]
    original = upload.read_bytes()
    upload.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    _refused(site, backup, manifest["files"][0]["file"])
    upload.write_bytes(original)

    database = backup / manifest["database"]["file"]
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0xFF
    database.write_bytes(bytes(data))
    _refused(site, backup, manifest["database"]["file"])
    data[len(data) // 2] ^= 0xFF
    database.write_bytes(bytes(data))

    (backup / "uploads" / "smuggled.txt").write_text("not in the manifest", encoding="utf-8")
    _refused(site, backup, "smuggled.txt")
    (backup / "uploads" / "smuggled.txt").unlink()

    upload.unlink()
    _refused(site, backup, "缺少")


@pytest.mark.parametrize("template", ["postgresql"], indirect=True)
def test_postgresql_backup_without_pg_dump_says_so_in_chinese(site: dict[str, str], tmp_path: Path) -> None:
    before = _state(site)
    bare = tmp_path / "bin"
    bare.mkdir()
    os.symlink(sys.executable, bare / "python")
    env = dict(site, PATH=str(bare))
    assert shutil.which("pg_dump", path=env["PATH"]) is None
    done = run(env, "-m", "duban.cli", "backup", str(tmp_path / "backups"))
    assert done.returncode == 2
    assert "找不到 pg_dump" in done.stderr and "PATH" in done.stderr
    assert "Traceback" not in done.stderr
    assert _state(site) == dict(before, audit=before["audit"] + 1)  # the failure is audited, nothing else


@pytest.mark.parametrize("template", ["sqlite"], indirect=True)
def test_a_restored_audit_log_without_its_append_only_trigger_is_reported(
    site: dict[str, str], tmp_path: Path
) -> None:
    database = sqlite3.connect(Path(site["DUBAN_DATA_DIR"]) / "duban.sqlite3")
    triggers = database.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'auditlog_auditentry'"
    ).fetchall()
    assert triggers
    database.execute(f"DROP TRIGGER {triggers[0][0]}")
    database.commit()
    database.close()
    backup = _backup(site, tmp_path / "backups")

    done = run(site, "-m", "duban.cli", "restore", "--yes", "--no-safety-backup", str(backup))

    assert done.returncode == 2, done.stdout + done.stderr
    assert "恢复完成" in done.stderr and "只追加触发器被动过" in done.stderr, done.stderr

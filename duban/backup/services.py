"""Backing up and restoring the database and the uploaded files.

A backup is one folder `duban-backup-YYYYMMDD-HHMMSS/` (or the same packed as a .tar):

    manifest.json        format, duban version, created time, the database dump's
                         vendor/size/sha256, and every uploaded file's path/size/sha256
    database.sqlite3     SQLite: a consistent copy made with the backup API (never a file copy)
    database.dump        PostgreSQL: `pg_dump --format=custom`
    uploads/…            the files under settings.UPLOAD_DIR

The database is copied first and the files second: uploads are written before the rows
that point at them, so every row in the dump finds its file (at worst a file is extra).
Restoring checks every checksum first and changes nothing when one does not match.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, TypedDict

from django.conf import settings
from django.db import connections

from duban.auditlog.archive import duban_version
from duban.core import clock

FORMAT = "duban-backup"
MANIFEST = "manifest.json"
UPLOADS = "uploads"
CHUNK = 1024 * 1024
DUMP_FILE = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
PG_TIMEOUT = 60 * 60


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message (Chinese) is for the administrator."""


class ManifestFile(TypedDict):
    """One uploaded file as manifest.json lists it, by its path inside the backup."""

    file: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict[str, Any]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_hashing(source: Path, target: Path) -> tuple[int, str]:
    """Copy one file, hashing what was written; return (size, sha256)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with source.open("rb") as src, target.open("wb") as out:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    shutil.copystat(source, target)
    return size, digest.hexdigest()


def _vendor(using: str = "default") -> str:
    vendor = connections[using].vendor
    if vendor not in DUMP_FILE:
        raise BackupError(f"不支持备份此类数据库：{vendor}（仅支持 SQLite 和 PostgreSQL）")
    return vendor


# --- the database ----------------------------------------------------------------------------


def _sqlite_path(using: str = "default") -> Path:
    return Path(connections[using].settings_dict["NAME"])


def _sqlite_backup(target: Path, using: str = "default") -> None:
    """A consistent copy through SQLite's online backup API, while the site keeps running."""
    source_path = _sqlite_path(using)
    if not source_path.exists():
        raise BackupError(f"找不到数据库文件 {source_path}（尚未初始化？先运行 duban demo 或 duban serve）")
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=60)
    target_db = sqlite3.connect(target)
    try:
        source.backup(target_db)
        # A self-contained file: no -wal/-shm companions needed to read it.
        target_db.execute("PRAGMA journal_mode=DELETE")
        (result,) = target_db.execute("PRAGMA integrity_check").fetchone()
        if result != "ok":
            raise BackupError(f"备份出的数据库未通过完整性检查：{result}")
    finally:
        target_db.close()
        source.close()


def _pg_env(using: str = "default") -> dict[str, str]:
    """libpq settings for pg_dump/pg_restore from the Django settings (password not on the command line)."""
    config = connections[using].settings_dict
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if config.get(key):
            env[name] = str(config[key])
    env["PGDATABASE"] = str(config["NAME"])
    options = config.get("OPTIONS") or {}
    for key, name in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if options.get(key):
            env[name] = str(options[key])
    return env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"找不到 {name}：PostgreSQL 的备份与恢复需要它。"
            "请安装与数据库服务器同版本或更新的 PostgreSQL 客户端"
            "（Debian/Ubuntu：apt-get install postgresql-client；"
            "麒麟/统信等系统请安装对应的 postgresql 客户端包），并确认它所在的目录在 PATH 中。"
        )
    return found


def _run_pg(command: list[str], using: str, what: str) -> None:
    try:
        done = subprocess.run(
            command, env=_pg_env(using), capture_output=True, text=True, timeout=PG_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise BackupError(f"{what}超过 {PG_TIMEOUT // 60} 分钟仍未完成，已中止") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip()[-2000:]
        raise BackupError(f"{what}失败（{Path(command[0]).name} 退出码 {done.returncode}）：\n{detail}")


def _pg_dump(target: Path, using: str = "default") -> None:
    command = [_pg_tool("pg_dump"), "--format=custom", "--no-password", f"--file={target}"]
    _run_pg(command, using, "pg_dump 导出数据库")


# --- backup --------------------------------------------------------------------------------


def default_backup_dir() -> Path:
    return Path(settings.DATA_DIR) / "backups"


def _upload_files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def create_backup(target_dir: Path | None = None, *, tar: bool = False, using: str = "default") -> Backup:
    """Back up the database and the uploaded files into a new timestamped folder (or .tar)."""
    vendor = _vendor(using)
    target_dir = Path(target_dir or default_backup_dir())
    target_dir.mkdir(parents=True, exist_ok=True)
    created = clock.local_now()
    name = f"duban-backup-{created:%Y%m%d-%H%M%S}"
    n = 1
    while (target_dir / name).exists() or (target_dir / f"{name}.tar").exists():
        n += 1
        name = f"duban-backup-{created:%Y%m%d-%H%M%S}-{n}"
    work = target_dir / f".{name}.partial"
    work.mkdir(mode=0o700)
    try:
        dump = work / DUMP_FILE[vendor]
        if vendor == "sqlite":
            _sqlite_backup(dump, using)
        else:
            _pg_dump(dump, using)
        upload_root = Path(settings.UPLOAD_DIR)
        files: list[ManifestFile] = []
        for source in _upload_files(upload_root):
            relative = source.relative_to(upload_root).as_posix()
            size, sha = _copy_hashing(source, work / UPLOADS / relative)
            files.append({"file": f"{UPLOADS}/{relative}", "size": size, "sha256": sha})
        manifest = {
            "format": FORMAT,
            "version": 1,
            "duban_version": duban_version(),
            "created": created.isoformat(timespec="seconds"),
            "database": {
                "vendor": vendor,
                "name": str(Path(str(connections[using].settings_dict["NAME"])).name),
                "file": dump.name,
                "size": dump.stat().st_size,
                "sha256": _sha256(dump),
            },
            "files": files,
            "total_files": len(files),
            "total_bytes": sum(f["size"] for f in files),
        }
        (work / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        for path in work.rglob("*"):
            path.chmod(0o700 if path.is_dir() else 0o600)
        if tar:
            final = target_dir / f"{name}.tar"
            partial_tar = target_dir / f".{name}.tar.partial"
            with tarfile.open(partial_tar, "w") as archive:
                archive.add(work, arcname=name)
            partial_tar.chmod(0o600)
            partial_tar.replace(final)
            shutil.rmtree(work)
        else:
            final = target_dir / name
            work.replace(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Backup(final, manifest)


# --- checking and restoring ------------------------------------------------------------------


@contextmanager
def opened(path: Path) -> Iterator[Path]:
    """The backup folder: `path` itself, or a .tar unpacked into a temporary folder."""
    path = Path(path)
    if path.is_dir():
        yield path
        return
    if not path.is_file() or not tarfile.is_tarfile(path):
        raise BackupError(f"{path} 不是备份文件夹，也不是备份 .tar 文件")
    with tempfile.TemporaryDirectory(prefix="duban-restore-", dir=path.parent) as temp:
        with tarfile.open(path) as archive:
            archive.extractall(temp, filter="data")  # refuses absolute paths, "..", links out
        folders = [p for p in Path(temp).iterdir() if p.is_dir()]
        if len(folders) != 1:
            raise BackupError(f"{path.name} 中应只有一个备份文件夹")
        yield folders[0]


def _safe_relative(name: str) -> PurePosixPath:
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BackupError(f"清单中的路径不安全：{name}")
    return relative


def check_backup(folder: Path) -> dict[str, Any]:
    """The manifest, after every checksum matched; BackupError naming the first file that does not."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{folder.name} 中没有 {MANIFEST}，不是 duban 备份") from None
    except (ValueError, UnicodeDecodeError):
        raise BackupError(f"{folder.name}/{MANIFEST} 已损坏（不是有效的 JSON）") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{folder.name}/{MANIFEST} 不是 duban 备份清单")
    database = manifest["database"]
    entries = [{"file": database["file"], "size": database["size"], "sha256": database["sha256"]}]
    entries += manifest.get("files", [])
    for entry in entries:
        path = folder / _safe_relative(entry["file"])
        if not path.is_file():
            raise BackupError(f"备份不完整：缺少 {entry['file']}，拒绝恢复")
        if path.stat().st_size != entry["size"] or _sha256(path) != entry["sha256"]:
            raise BackupError(f"备份已被改动或损坏：{entry['file']} 的校验值与清单不符，拒绝恢复")
    listed = {str(_safe_relative(entry["file"])) for entry in entries} | {MANIFEST}
    extra = sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.relative_to(folder).as_posix() not in listed
    )
    if extra:
        raise BackupError(f"备份中有清单未列出的文件：{', '.join(extra[:5])}，拒绝恢复")
    return manifest


def _sqlite_restore(dump: Path, using: str) -> None:
    """Copy the backup into the live database through the backup API (locks it; one transaction)."""
    live = _sqlite_path(using)
    live.parent.mkdir(parents=True, exist_ok=True)
    connections[using].close()
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    target = sqlite3.connect(live, timeout=60)
    try:
        source.backup(target)
        (result,) = target.execute("PRAGMA integrity_check").fetchone()
        if result != "ok":
            raise BackupError(f"恢复后的数据库未通过完整性检查：{result}")
    finally:
        target.close()
        source.close()


def _pg_restore(dump: Path, using: str) -> None:
    connections[using].close()
    command = [
        _pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        "--no-password",
        f"--dbname={connections[using].settings_dict['NAME']}",
        str(dump),
    ]
    _run_pg(command, using, "pg_restore 恢复数据库")


def _swap_uploads(folder: Path, manifest: dict[str, Any]) -> Path:
    """Copy the backup's uploads beside UPLOAD_DIR (checking again), to be swapped in afterwards."""
    upload_root = Path(settings.UPLOAD_DIR)
    upload_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".uploads-restoring-", dir=upload_root.parent))
    for entry in manifest.get("files", []):
        relative = _safe_relative(entry["file"])
        inner = PurePosixPath(*relative.parts[1:])
        size, sha = _copy_hashing(folder / relative, staging / inner)
        if (size, sha) != (entry["size"], entry["sha256"]):
            shutil.rmtree(staging, ignore_errors=True)
            raise BackupError(f"复制 {entry['file']} 时校验值不符，已中止")
    return staging


def restore_backup(path: Path, *, using: str = "default") -> dict[str, Any]:
    """Replace the database and the uploaded files with the backup's, after checking it.

    Nothing is changed when a checksum does not match. Run it while the site is stopped.
    """
    vendor = _vendor(using)
    with opened(Path(path)) as folder:
        manifest = check_backup(folder)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                f"这是 {manifest['database']['vendor']} 数据库的备份，当前配置的是 {vendor}，不能直接恢复"
            )
        staging = _swap_uploads(folder, manifest)
        try:
            dump = folder / _safe_relative(manifest["database"]["file"])
            if vendor == "sqlite":
                _sqlite_restore(dump, using)
            else:
                _pg_restore(dump, using)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    upload_root = Path(settings.UPLOAD_DIR)
    old = upload_root.with_name(f".uploads-before-restore-{clock.local_now():%Y%m%d-%H%M%S}")
    if upload_root.exists():
        upload_root.replace(old)
    staging.replace(upload_root)
    shutil.rmtree(old, ignore_errors=True)
    return manifest

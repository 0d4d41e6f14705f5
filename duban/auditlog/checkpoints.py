"""Daily checkpoints of the audit chain's head, kept as files beside the archives.

Once a day (the worker's `audit_checkpoint` job, or `duban audit-log checkpoint` from cron)
the chain's head — its id, MAC, time, key id and algorithm — is written to
DUBAN_AUDIT_CHECKPOINT_DIR as `audit-head-YYYY-MM-DD.json`, one file per day, never
overwritten. `duban audit-log verify` compares every checkpoint with the database: a
checkpointed row that is gone (the tail of the log deleted, which leaves a valid chain) or
whose MAC differs (the chain rewritten by someone holding the key) is reported. Copy the
folder off the server with the archives; a copy the database's writer cannot reach is
what makes it evidence.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from duban.auditlog import chain
from duban.core import clock

FORMAT = "duban-auditlog-checkpoint"


def checkpoint_dir() -> Path:
    return Path(settings.DUBAN_AUDIT_CHECKPOINT_DIR)


def checkpoint_path(day: dt.date) -> Path:
    return checkpoint_dir() / f"audit-head-{day.isoformat()}.json"


def checkpoint_write(*, day: dt.date, using: str = "default") -> Path | None:
    """Write the day's checkpoint of the current head; None when the day has one or the log is empty."""
    from duban.auditlog.models import AuditEntry

    path = checkpoint_path(day)
    head = AuditEntry.objects.using(using).order_by("-id").values(*chain.COLUMNS).first()
    if path.exists() or head is None:
        return None
    record = {
        "format": FORMAT,
        "version": 1,
        "day": day.isoformat(),
        "written": chain.iso_utc(clock.now()),
        "head_id": head["id"],
        "head_at": chain.iso_utc(head["at"]),
        "head_hash": head["hash"],
        "key_id": head["key_id"],
        "algorithm": head["algorithm"],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    partial.replace(path)
    return path


@dataclass(frozen=True)
class CheckpointCheck:
    checked: int
    problems: tuple[str, ...]


def _read(path: Path) -> dict[str, Any] | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("format") == FORMAT else None


def checkpoints_compare(using: str = "default") -> CheckpointCheck:
    """Compare every checkpoint file with the stored rows."""
    from duban.auditlog.models import AuditEntry

    paths = sorted(checkpoint_dir().glob("audit-head-*.json"))
    stored = dict(
        AuditEntry.objects.using(using)
        .filter(id__in=[r["head_id"] for p in paths if (r := _read(p)) and isinstance(r.get("head_id"), int)])
        .values_list("id", "hash")
    )
    problems: list[str] = []
    for path in paths:
        record = _read(path)
        if record is None:
            problems.append(f"检查点文件 {path.name} 无法读取或格式不对")
        elif record["head_id"] not in stored:
            problems.append(
                f"检查点 {path.name} 记载的第 #{record['head_id']} 条已不在数据库中：末尾记录被删除"
            )
        elif stored[record["head_id"]] != record["head_hash"]:
            problems.append(
                f"第 #{record['head_id']} 条的 MAC 与检查点 {path.name} 记载的不同：此条及之前的链被改写"
            )
    return CheckpointCheck(len(paths), tuple(problems))

"""Archiving the audit log to a signed JSON-lines file, and checking such a file.

Nothing is deleted: an archive is a copy, kept off the server (the log itself is
never pruned by the app). Format, one JSON object per line, UTF-8:

    {"format": "duban-auditlog-export", "version": 1, ...header: range, count, hashes}
    {"id": 1, "at": "…", …, "prev_hash": "…", "hash": "…"}      one line per row, id order
    {"signature": {"algorithm": "HMAC-SHA256", "salt": "duban.auditlog.export", "value": "…"}}

The rows carry their chain MACs (or, for unkeyed rows, hashes) and key ids, so an archive
verifies on its own given the audit key file (each row's hash
recomputed, each row linked to the one before; the first links to header.prev_hash,
which is the hash of the last row of the previous archive, or 64 zeros). The signature
is an HMAC over every byte before the signature line, keyed with the site's SECRET_KEY:
it shows the file came from this installation unaltered.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from django.db.models import Max, Min
from django.utils import timezone
from django.utils.crypto import salted_hmac

from duban.auditlog import chain, keys
from duban.core import clock

FORMAT = "duban-auditlog-export"
SALT = "duban.auditlog.export"


class ArchiveError(Exception):
    """An archive that cannot be read or does not verify; the message is for the user."""


def duban_version() -> str:
    try:
        return metadata.version("duban")
    except metadata.PackageNotFoundError:
        return "unknown"


def day_start(day: dt.date) -> dt.datetime:
    """00:00 of that day in the site's time zone (TIME_ZONE, 北京时间 by default)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class Exported:
    count: int
    first_id: int | None
    last_id: int | None
    head_hash: str


def export(path: Path, *, before: dt.date, after: dt.date | None = None, using: str = "default") -> Exported:
    """Write rows from `after` (inclusive, default the first row) up to `before` (exclusive).

    The range is taken as an id range (first row on/after `after` to the last row before
    `before`), so the archive is one unbroken piece of the chain.
    """
    from duban.auditlog.models import AuditEntry

    rows = AuditEntry.objects.using(using)
    last_id = rows.filter(at__lt=day_start(before)).aggregate(v=Max("id"))["v"]
    first_id = rows.aggregate(v=Min("id"))["v"]
    if after is not None:
        first_id = rows.filter(at__gte=day_start(after)).aggregate(v=Min("id"))["v"]
    if last_id is None or first_id is None or first_id > last_id:
        first_id = last_id = None
        prev_hash = head_hash = chain.GENESIS
        count = 0
    else:
        prev_hash = rows.filter(id=first_id).values_list("prev_hash", flat=True).get()
        head_hash = rows.filter(id=last_id).values_list("hash", flat=True).get()
        count = rows.filter(id__gte=first_id, id__lte=last_id).count()
    header = {
        "format": FORMAT,
        "version": 1,
        "duban_version": duban_version(),
        "created": chain.iso_utc(clock.now()),
        "before": before.isoformat(),
        "after": after.isoformat() if after else None,
        "time_zone": timezone.get_current_timezone_name(),
        "count": count,
        "first_id": first_id,
        "last_id": last_id,
        "prev_hash": prev_hash,
        "head_hash": head_hash,
        "hash_algorithm": (
            "each row's algorithm (HMAC-SHA256 or HMAC-SM3 with the key key_id; SHA-256 when null) "
            "over JSON (sorted keys, no spaces, UTF-8) of the row without 'hash'"
        ),
    }
    mac = salted_hmac(SALT, b"", algorithm="sha256")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as out:

        def write(obj: dict[str, Any]) -> None:
            line = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode() + b"\n"
            mac.update(line)
            out.write(line)

        write(header)
        written = 0
        if first_id is not None:
            for row in chain.stored_rows(using, id__gte=first_id, id__lte=last_id):
                write(chain.canonical_dict(row))
                written += 1
        if written != count:
            raise ArchiveError(f"导出过程中记录数变化（{count} → {written}），请重试")
        signature = {"algorithm": "HMAC-SHA256", "salt": SALT, "key": "SECRET_KEY", "value": mac.hexdigest()}
        out.write(json.dumps({"signature": signature}, ensure_ascii=False).encode() + b"\n")
    partial.replace(path)
    return Exported(count, first_id, last_id, head_hash)


@dataclass(frozen=True)
class ArchiveCheck:
    header: dict[str, Any]
    verification: chain.Verification
    signature_ok: bool


def verify_archive(path: Path) -> ArchiveCheck:
    """Check an archive: its signature, then its chain. Raises ArchiveError when unreadable."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ArchiveError(f"无法读取归档文件 {path}：{error.strerror or error}") from None
    lines = data.splitlines(keepends=True)
    if len(lines) < 2:
        raise ArchiveError(f"{path.name} 不是审计日志归档文件（内容不完整）")
    try:
        header = json.loads(lines[0])
        trailer = json.loads(lines[-1])
        rows = [json.loads(line) for line in lines[1:-1]]
    except (ValueError, UnicodeDecodeError):
        raise ArchiveError(f"{path.name} 不是审计日志归档文件（不是有效的 JSON 行）") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT or "signature" not in trailer:
        raise ArchiveError(f"{path.name} 不是审计日志归档文件（缺少文件头或签名）")
    mac = salted_hmac(SALT, b"".join(lines[:-1]), algorithm="sha256")
    signature_ok = hmac.compare_digest(mac.hexdigest(), str(trailer["signature"].get("value", "")))
    for row in rows:
        row["at"] = dt.datetime.fromisoformat(row["at"])
    verification = chain.verify_rows(
        rows, prev_hash=header.get("prev_hash", chain.GENESIS), ring=keys.configured()
    )
    if verification.intact and (
        verification.checked != header.get("count") or verification.head_hash != header.get("head_hash")
    ):
        verification = chain.Verification(
            verification.checked,
            broken=chain.Break(
                verification.head_id or 0,
                verification.head_at or clock.now(),
                f"文件头记载 {header.get('count')} 条，实际 {verification.checked} 条：末尾记录被删除或追加",
            ),
        )
    return ArchiveCheck(header, verification, signature_ok)

"""The audit log's hash chain: how a row is hashed, appended and verified.

Each row stores `prev_hash` (the previous row's `hash`; 64 zeros for the first row) and
`hash` = SHA-256 over a canonical serialisation of the row: JSON with sorted keys, no
spaces, UTF-8, of id, at (ISO 8601 in UTC, microseconds), actor_id, actor_name, role, ip,
action, object_type, object_id, object_repr, changes, result, message and prev_hash.
This form is frozen: changing it would make every stored row fail verification.

Since migration 0004 a row is sealed with a key (duban/auditlog/keys.py): `hash` is then
HMAC-SHA256 or HMAC-SM3, keyed with the secret named by the row's `key_id`, over the same
serialisation plus "key_id" and "algorithm". Someone who can write the database but has
not the key cannot recompute the chain after editing a row. Rows without a key id (written
before, or without DUBAN_AUDIT_KEY_FILE) keep the plain SHA-256 form; once a keyed row has
been written, an unkeyed row after it is a break (a rewrite that dropped the key).

Appending is serialised so that concurrent writers still form one chain: the head is
read and the new row inserted while holding, until the surrounding transaction ends,
`pg_advisory_xact_lock` on PostgreSQL; on SQLite the IMMEDIATE transaction holds the
database's write lock from BEGIN. The row's id is taken before the insert (the hash
covers it): `nextval` of the table's sequence on PostgreSQL, one past the highest id
ever used on SQLite. A unique constraint on `prev_hash` makes a fork impossible even if
the lock were bypassed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connections, transaction
from django.utils import timezone

from duban.auditlog import keys

GENESIS = "0" * 64
TABLE = "auditlog_auditentry"
# pg_advisory_xact_lock key: "dubanAL" as a number; only the audit append takes it.
ADVISORY_LOCK_KEY = int.from_bytes(b"dubanAL", "big")
# The stored columns of the plain SHA-256 form (frozen: migration 0002 chains with them).
LEGACY_COLUMNS = (
    "id",
    "at",
    "actor_id",
    "actor_name",
    "role",
    "ip",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "result",
    "message",
    "prev_hash",
    "hash",
)
# The stored columns that go into the hash or MAC, in the order rows are read for verification.
COLUMNS = (*LEGACY_COLUMNS[:-2], "key_id", "algorithm", "prev_hash", "hash")


def _json_value(value: Any) -> Any:
    """JSON as PostgreSQL's jsonb gives it back: integral floats are integers (1e20 → 100000…)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return value


def normalise_changes(changes: Mapping[str, Any] | None) -> dict[str, Any]:
    """The `changes` value exactly as it will read back from the database."""
    stored: dict[str, Any] = json.loads(json.dumps(dict(changes or {}), ensure_ascii=False))
    return {key: _json_value(value) for key, value in stored.items()}


def iso_utc(at: dt.datetime) -> str:
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(row: Mapping[str, Any]) -> bytes:
    """The bytes that are hashed for one row (`row` holds the COLUMNS; `hash` is ignored)."""
    payload = {
        "id": int(row["id"]),
        "at": iso_utc(row["at"]),
        "actor_id": None if row["actor_id"] is None else int(row["actor_id"]),
        "actor_name": str(row["actor_name"] or ""),
        "role": str(row["role"] or ""),
        "ip": row["ip"] or None,
        "action": str(row["action"]),
        "object_type": str(row["object_type"] or ""),
        "object_id": str(row["object_id"] or ""),
        "object_repr": str(row["object_repr"] or ""),
        "changes": _json_value(row["changes"] if row["changes"] is not None else {}),
        "result": str(row["result"]),
        "message": str(row["message"] or ""),
        "prev_hash": str(row["prev_hash"]),
    }
    if row.get("algorithm"):
        payload |= {"key_id": str(row["key_id"]), "algorithm": str(row["algorithm"])}
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


class MissingKey(Exception):
    """The row was sealed with a key that is not in the key file."""


def row_hash(row: Mapping[str, Any], ring: keys.KeyRing | None = None) -> str:
    """Plain SHA-256 for an unkeyed row; else the row's algorithm keyed with its key.

    The key comes from `ring`, by default the configured one; MissingKey when it is not there.
    """
    if not row.get("algorithm"):
        return hashlib.sha256(canonical(row)).hexdigest()
    ring = ring or keys.configured()
    secret = ring.keys.get(str(row["key_id"])) if ring else None
    if secret is None:
        raise MissingKey(str(row["key_id"]))
    return keys.mac(str(row["algorithm"]), secret, canonical(row))


def canonical_dict(row: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical payload plus the stored hash (one line of an export)."""
    payload: dict[str, Any] = json.loads(canonical(row))
    payload["hash"] = row["hash"]
    payload.setdefault("key_id", None)
    payload.setdefault("algorithm", None)
    return payload


def lock_and_head(using: str) -> tuple[int, str]:
    """Inside a transaction: serialise appends; return (the new row's id, the chain head's hash)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
            cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{TABLE}', 'id'))")
            new_id = int(cursor.fetchone()[0])
        cursor.execute(f"SELECT id, hash FROM {TABLE} ORDER BY id DESC LIMIT 1")
        head = cursor.fetchone()
        if connection.vendor != "postgresql":
            used = [head[0] if head else 0]
            if connection.vendor == "sqlite":  # AUTOINCREMENT never reuses an id, even a removed one
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [TABLE])
                used += [seq for (seq,) in cursor.fetchall() if seq is not None]
            new_id = max(used) + 1
    return new_id, head[1] if head else GENESIS


@dataclass(frozen=True)
class Break:
    """The first row where the chain does not hold."""

    id: int
    at: dt.datetime
    reason: str


@dataclass(frozen=True)
class Unverifiable:
    """Rows whose key is not in the key file: their links were checked, their MACs could not be."""

    key_id: str
    first_id: int
    last_id: int
    count: int


@dataclass(frozen=True)
class Verification:
    checked: int
    head_id: int | None = None
    head_at: dt.datetime | None = None
    head_hash: str = GENESIS
    broken: Break | None = None
    legacy: int = 0  # rows only hash-chained (plain SHA-256, no key)
    unverifiable: tuple[Unverifiable, ...] = ()

    @property
    def intact(self) -> bool:
        return self.broken is None


def _link_break(row: Mapping[str, Any], last: Mapping[str, Any] | None) -> Break:
    reason = (
        f"与上一条（#{last['id']}）的链接断开：两条之间的记录被删除或插入，或上一条连同哈希被改写"
        if last
        else "第一条记录的“上一条哈希”与链首不符：前面的记录被删除"
    )
    return Break(int(row["id"]), row["at"], reason)


def _content_break(row: Mapping[str, Any], keyed_before: bool, ring: keys.KeyRing | None) -> Break | None:
    """Why this row's own seal does not hold, or None; raises MissingKey."""
    if not row.get("algorithm"):
        if keyed_before:
            return Break(
                int(row["id"]),
                row["at"],
                "此条没有密钥封存，而它之前的记录已用密钥封存：记录被改写后去掉密钥重算了哈希",
            )
        if row_hash(row) != row["hash"]:
            return Break(int(row["id"]), row["at"], "内容与其哈希不符：此条记录被修改")
        return None
    if row["algorithm"] not in keys.ALGORITHMS:
        return Break(int(row["id"]), row["at"], f"未知的封存算法“{row['algorithm']}”：此条记录被修改")
    if not hmac.compare_digest(row_hash(row, ring), str(row["hash"])):
        return Break(int(row["id"]), row["at"], "内容与其 MAC 不符：此条记录被修改，或有人不持密钥重算了 MAC")
    return None


def verify_rows(
    rows: Iterable[Mapping[str, Any]], *, prev_hash: str = GENESIS, ring: keys.KeyRing | None = None
) -> Verification:
    """Walk rows in id order; stop at the first one whose content or link does not match.

    Rows whose key is missing from `ring` are link-checked and listed as unverifiable.
    """
    checked, legacy, last = 0, 0, None
    expected_prev, keyed_before = prev_hash, False
    missing: dict[str, list[int]] = {}
    for row in rows:
        checked += 1
        if row["prev_hash"] != expected_prev:
            return Verification(checked, broken=_link_break(row, last), legacy=legacy)
        try:
            broken = _content_break(row, keyed_before, ring)
        except MissingKey as error:
            span = missing.setdefault(str(error), [int(row["id"]), int(row["id"]), 0])
            span[1:] = [int(row["id"]), span[2] + 1]
            broken = None
        if broken is not None:
            return Verification(checked, broken=broken, legacy=legacy)
        legacy += not row.get("algorithm")
        keyed_before = keyed_before or bool(row.get("algorithm"))
        expected_prev, last = row["hash"], row
    unverifiable = tuple(Unverifiable(key_id, *span) for key_id, span in missing.items())
    if last is None:
        return Verification(0, head_hash=expected_prev)
    return Verification(checked, int(last["id"]), last["at"], last["hash"], None, legacy, unverifiable)


def stored_rows(using: str = "default", chunk_size: int = 2000, **filters: Any) -> Iterator[dict[str, Any]]:
    """Rows in id order, read by one statement (one consistent snapshot) in chunks."""
    from duban.auditlog.models import AuditEntry

    rows = AuditEntry.objects.using(using).filter(**filters).order_by("id").values(*COLUMNS)
    yield from rows.iterator(chunk_size=chunk_size)


def verify_stored(using: str = "default") -> Verification:
    """Recompute the whole chain from the database; read-only.

    PostgreSQL reads inside a transaction (a plain server-side cursor, blocking nobody);
    SQLite reads in autocommit, since an IMMEDIATE transaction would hold the write lock.
    """
    ring = keys.configured()
    if connections[using].vendor == "postgresql":
        with transaction.atomic(using=using):
            return verify_rows(stored_rows(using), ring=ring)
    return verify_rows(stored_rows(using), ring=ring)

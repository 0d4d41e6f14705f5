"""The keyed chain: someone who can write the database but lacks the key cannot rewrite it unnoticed.

Runs on SQLite and, with DATABASE_URL=postgresql://…, on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog import chain, keys
from duban.auditlog.checks import audit_key_check, audit_key_readable_check
from duban.auditlog.choices import Action
from duban.auditlog.guard import trigger_problems
from duban.auditlog.models import AuditEntry
from duban.auditlog.services import audit_record
from tests.auditlog.subprocs import PROJECT_DIR
from tests.auditlog.tamper import tamper


def _append(count: int, label: str = "行") -> list[AuditEntry]:
    return [
        audit_record(actor=None, action=Action.UPDATE, message=f"{label}{n}", changes={"n": n})
        for n in range(count)
    ]


def _stored() -> list[dict[str, Any]]:
    return list(chain.stored_rows())


def _rewrite_from(victim_id: int, seal: Any, **edit: Any) -> None:
    """The attack: edit one row behind the triggers, then re-seal it and every later row with `seal`."""
    rows = _stored()
    prev = next(r["prev_hash"] for r in rows if r["id"] == victim_id)
    for row in rows:
        if row["id"] < victim_id:
            continue
        if row["id"] == victim_id:
            row |= edit
        row["prev_hash"] = prev
        row["hash"] = seal(row)
        tamper(
            "UPDATE auditlog_auditentry SET message = %s, key_id = %s, algorithm = %s, prev_hash = %s, "
            "hash = %s WHERE id = %s",
            [row["message"], row["key_id"], row["algorithm"], row["prev_hash"], row["hash"], row["id"]],
        )
        prev = row["hash"]


def _verify_fails() -> str:
    with pytest.raises(CommandError) as failed:
        call_command("audit_log", "verify")
    assert failed.value.returncode == 2
    return str(failed.value)


def test_new_rows_are_sealed_with_the_current_key(db: None, audit_key: Path) -> None:
    rows = _append(3)
    secret = bytes.fromhex(audit_key.read_text().split(":")[1])
    for row in _stored():
        assert (row["key_id"], row["algorithm"]) == ("k1", "HMAC-SHA256")
        assert row["hash"] == hmac.new(secret, chain.canonical(row), hashlib.sha256).hexdigest()
        assert b'"key_id":"k1"' in chain.canonical(row)
    assert chain.verify_stored().intact and chain.verify_stored().legacy == 0
    assert [r.key_id for r in rows] == ["k1"] * 3


def test_rewriting_the_chain_with_a_wrong_key_is_found_at_the_edited_row(db: None) -> None:
    rows = _append(12)
    victim = rows[5]
    wrong = secrets.token_bytes(32)
    _rewrite_from(
        victim.id, lambda r: keys.mac("HMAC-SHA256", wrong, chain.canonical(r)), message="改过的说明"
    )
    assert AuditEntry.objects.get(id=victim.id).message == "改过的说明"
    result = chain.verify_stored()
    assert result.broken is not None and result.broken.id == victim.id
    assert "MAC 不符" in result.broken.reason
    assert f"第一处断点是第 #{victim.id} 条" in _verify_fails()


def test_rewriting_the_chain_with_plain_sha256_is_found_at_the_edited_row(db: None) -> None:
    rows = _append(12)
    victim = rows[5]
    _rewrite_from(victim.id, lambda r: hashlib.sha256(chain.canonical(r)).hexdigest(), message="改过的说明")
    assert f"第一处断点是第 #{victim.id} 条" in _verify_fails()


def test_dropping_the_key_id_and_rehashing_as_legacy_rows_is_found(db: None) -> None:
    """The downgrade: the edited and later rows made to look like unkeyed rows, re-hashed with SHA-256."""
    rows = _append(12)
    victim = rows[5]
    _rewrite_from(victim.id, chain.row_hash, message="改过的说明", key_id=None, algorithm=None)
    result = chain.verify_stored()
    assert result.broken is not None and result.broken.id == victim.id
    assert "去掉密钥" in result.broken.reason


def test_the_same_rewrite_with_the_real_key_would_pass_which_is_what_the_key_protects(db: None) -> None:
    rows = _append(12)
    _rewrite_from(rows[5].id, chain.row_hash, message="改过的说明")
    assert chain.verify_stored().intact


def test_rows_written_before_the_key_verify_as_legacy_and_are_counted(
    db: None, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    key_file = settings.DUBAN_AUDIT_KEY_FILE
    settings.DUBAN_AUDIT_KEY_FILE = ""
    old = _append(4, "旧")
    settings.DUBAN_AUDIT_KEY_FILE = key_file
    _append(3, "新")
    assert {r.key_id for r in old} == {None}
    result = chain.verify_stored()
    assert result.intact and (result.checked, result.legacy) == (7, 4)
    call_command("audit_log", "verify")
    assert "其中 4 条只有哈希链、未用密钥封存" in capsys.readouterr().out


def test_rotation_keeps_older_rows_verifiable_and_a_removed_key_is_named(
    db: None, audit_key: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _append(3, "旧钥")
    k1_line = audit_key.read_text()
    audit_key.write_text(k1_line + f"k2:{secrets.token_hex(32)}\n")
    second = _append(2, "新钥")
    assert [r.key_id for r in first + second] == ["k1"] * 3 + ["k2"] * 2
    call_command("audit_log", "verify")
    assert "全部 5 条以密钥封存" in capsys.readouterr().out

    audit_key.write_text(audit_key.read_text().replace(k1_line, ""))
    message = _verify_fails()
    assert f"密钥 k1：#{first[0].id}–#{first[-1].id} 共 3 条" in message
    assert "k2" not in message


def test_a_row_edited_under_a_missing_key_is_still_found_by_its_link(db: None, audit_key: Path) -> None:
    rows = _append(4)
    audit_key.write_text(f"k9:{secrets.token_hex(32)}\n")
    tamper("DELETE FROM auditlog_auditentry WHERE id = %s", [rows[1].id])
    result = chain.verify_stored()
    assert result.broken is not None and result.broken.id == rows[2].id


def test_hmac_sm3_rows_verify_and_match_the_standard(db: None, settings: Any) -> None:
    settings.DUBAN_AUDIT_MAC = "HMAC-SM3"
    _append(3)
    assert {r["algorithm"] for r in _stored()} == {"HMAC-SM3"}
    assert chain.verify_stored().intact
    # GB/T 32905-2016 example 1, through gmssl's pure-Python SM3.
    from gmssl import sm3

    assert sm3.sm3_hash(list(b"abc")) == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    key, message = secrets.token_bytes(80), b'{"action":"update"}' * 9
    assert keys.hmac_sm3(key, message) == hmac.new(key, message, "sm3").hexdigest()  # OpenSSL's HMAC-SM3
    assert keys.hmac_sm3(key[:32], message) == hmac.new(key[:32], message, "sm3").hexdigest()


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("k1 deadbeef\n", "第 1 行应写作"),
        (f"# 注释\nk1:{'ab' * 32}\nk2:{'cd' * 8}\n", "第 3 行的密钥不足 32 字节"),
        (f"k1:{'ab' * 32}\nk1:{'cd' * 32}\n", "密钥编号 k1 重复"),
        ("\n# 只有注释\n", "没有密钥"),
    ],
)
def test_a_malformed_key_file_is_refused_naming_the_line(text: str, complaint: str, tmp_path: Path) -> None:
    with pytest.raises(keys.KeyFileError, match=complaint):
        keys.parse(text, path=tmp_path / "audit.key")


def test_base64_and_hex_secrets_are_both_read(tmp_path: Path) -> None:
    secret = secrets.token_bytes(32)
    import base64

    ring = keys.parse(f"a:{secret.hex()}\nb:{base64.b64encode(secret).decode()}\n", path=tmp_path / "k")
    assert ring.keys == {"a": secret, "b": secret} and ring.current == "b"


def test_a_dropped_trigger_is_reported_by_verify(db: None) -> None:
    _append(2)
    assert trigger_problems() == []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER auditlog_auditentry_no_update")
            dropped = "auditlog_auditentry_no_update"
        else:
            cursor.execute("DROP TRIGGER auditlog_auditentry_append_only ON auditlog_auditentry")
            dropped = "auditlog_auditentry_append_only"
    assert chain.verify_stored().intact  # the rows themselves are untouched
    message = _verify_fails()
    assert f"缺少触发器 {dropped}（被删除）" in message and "只追加触发器被动过" in message


def test_a_rewritten_or_disabled_trigger_is_reported(db: None) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER auditlog_auditentry_no_delete")
            cursor.execute(
                "CREATE TRIGGER auditlog_auditentry_no_delete BEFORE DELETE ON auditlog_auditentry "
                "WHEN 0 BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能删除（DELETE）'); END"
            )
            expected = "触发器 auditlog_auditentry_no_delete 的定义与迁移 0003 不同"
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE auditlog_auditentry DISABLE TRIGGER auditlog_auditentry_no_truncate")
            expected = "触发器 auditlog_auditentry_no_truncate 已被停用"
    assert expected in _verify_fails()


def test_an_added_trigger_is_reported(db: None) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("CREATE TRIGGER sneaky AFTER INSERT ON auditlog_auditentry BEGIN SELECT 1; END")
        else:
            cursor.execute(
                "CREATE TRIGGER sneaky AFTER INSERT ON auditlog_auditentry "
                "FOR EACH ROW EXECUTE FUNCTION auditlog_append_only()"
            )
    assert "不属于本系统的触发器 sneaky" in _verify_fails()


def test_adding_the_key_columns_does_not_rebuild_the_table_on_sqlite(db: None, tmp_path: Path) -> None:
    """A rebuild on SQLite would drop the append-only triggers; 0004 must stay ALTER TABLE … ADD COLUMN."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUBAN_") and k != "DATABASE_URL"}
    env |= {"DUBAN_DATA_DIR": str(tmp_path), "DUBAN_SECRET_KEY": "sqlmigrate-test"}
    command = [sys.executable, "-m", "django", "sqlmigrate", "auditlog", "0004", "--settings=tests.settings"]
    done = subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("ADD COLUMN") == 2, done.stdout
    assert "CREATE TABLE" not in done.stdout and "DROP TABLE" not in done.stdout
    assert trigger_problems() == []  # the test database went through every migration


def _deploy_ids(settings: Any, key_file: Path | str) -> list[str]:
    settings.DUBAN_AUDIT_KEY_FILE = str(key_file)
    return [message.id or "" for message in audit_key_check() + audit_key_readable_check()]


def test_check_deploy_wants_a_private_key_file_outside_the_data_folder(
    settings: Any, audit_key: Path, tmp_path: Path
) -> None:
    assert _deploy_ids(settings, audit_key) == []
    assert _deploy_ids(settings, "") == ["auditlog.E002"]
    assert _deploy_ids(settings, tmp_path / "missing.key") == ["auditlog.E003"]
    inside = Path(settings.DATA_DIR) / "audit.key"
    inside.write_text(audit_key.read_text())
    inside.chmod(0o600)
    try:
        assert _deploy_ids(settings, inside) == ["auditlog.E004"]
    finally:
        inside.unlink()
    audit_key.chmod(0o640)
    assert _deploy_ids(settings, audit_key) == ["auditlog.E005"]


def test_the_auditors_page_reports_a_dropped_trigger_and_unkeyed_rows(
    shen: User, client_for: Callable[[User], Client], settings: Any
) -> None:
    key_file = settings.DUBAN_AUDIT_KEY_FILE
    settings.DUBAN_AUDIT_KEY_FILE = ""
    _append(2, "旧")
    settings.DUBAN_AUDIT_KEY_FILE = key_file
    auditor = client_for(shen)
    page = auditor.post(reverse("auditlog:verify"), follow=True).content.decode()
    assert "审计日志完整" in page and "其中 2 条只有哈希链" in page and "audit-problem" not in page
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER auditlog_auditentry_no_delete")
        else:
            cursor.execute("DROP TRIGGER auditlog_auditentry_no_truncate ON auditlog_auditentry")
    page = auditor.post(reverse("auditlog:verify"), follow=True).content.decode()
    assert "audit-problem" in page and "缺少触发器" in page and "审计日志完整" not in page


def test_the_auditors_page_says_when_the_key_file_is_unreadable(
    shen: User, client_for: Callable[[User], Client], settings: Any, tmp_path: Path
) -> None:
    auditor = client_for(
        shen
    )  # logging in writes an audit row: with no readable key that fails (fail closed)
    settings.DUBAN_AUDIT_KEY_FILE = str(tmp_path / "gone.key")
    with pytest.raises(keys.KeyFileError), transaction.atomic():
        audit_record(actor=None, action=Action.LOGIN_FAILED)
    page = auditor.post(reverse("auditlog:verify"), follow=True).content.decode()
    assert "无法读取审计密钥文件" in page and "审计日志完整" not in page

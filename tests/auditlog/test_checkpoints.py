"""Daily checkpoints of the chain's head: verify finds a deleted tail and a rewrite made with the key."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command

from duban import cli
from duban.auditlog import chain, checkpoints
from duban.auditlog.choices import Action
from duban.auditlog.models import AuditEntry
from duban.auditlog.services import audit_record
from duban.auditlog.tasks import audit_checkpoint
from tests.auditlog.tamper import tamper


def _append(count: int) -> list[AuditEntry]:
    return [audit_record(actor=None, action=Action.UPDATE, message=f"行{n}") for n in range(count)]


def _verify_fails() -> str:
    with pytest.raises(CommandError) as failed:
        call_command("audit_log", "verify")
    assert failed.value.returncode == 2
    return str(failed.value)


def test_the_daily_job_files_the_head_under_the_day_that_ended(db: None) -> None:
    rows = _append(3)
    with time_machine.travel(dt.datetime(2025, 3, 2, 0, 10, tzinfo=dt.UTC), tick=False):
        assert audit_checkpoint.call_local() is True
        assert audit_checkpoint.call_local() is False  # one file a day, never overwritten
    path = checkpoints.checkpoint_path(dt.date(2025, 3, 1))
    record = json.loads(path.read_text(encoding="utf-8"))
    assert (record["head_id"], record["head_hash"]) == (rows[-1].id, rows[-1].hash)
    assert (record["key_id"], record["algorithm"]) == ("k1", "HMAC-SHA256")


def test_verify_compares_the_checkpoints(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    _append(3)
    assert cli.main(["audit-log", "checkpoint"]) == 0  # the verb cron calls, from the top-level CLI
    assert "已写入检查点" in capsys.readouterr().out
    _append(2)
    call_command("audit_log", "verify")
    assert "已与 1 个每日检查点核对，全部相符" in capsys.readouterr().out


def test_a_deleted_tail_leaves_a_valid_chain_but_not_the_checkpoint(db: None) -> None:
    rows = _append(5)
    checkpoints.checkpoint_write(day=dt.date(2025, 3, 1))
    tamper("DELETE FROM auditlog_auditentry WHERE id >= %s", [rows[3].id])
    assert chain.verify_stored().intact
    assert f"记载的第 #{rows[-1].id} 条已不在数据库中：末尾记录被删除" in _verify_fails()


def test_a_rewrite_with_the_key_is_caught_by_the_checkpoint(db: None) -> None:
    rows = _append(5)
    checkpoints.checkpoint_write(day=dt.date(2025, 3, 1))
    prev = rows[1].prev_hash
    for row in list(chain.stored_rows(id__gte=rows[1].id)):
        row["message"] = "改写" if row["id"] == rows[1].id else row["message"]
        row["prev_hash"] = prev
        row["hash"] = prev = chain.row_hash(row)
        tamper(
            "UPDATE auditlog_auditentry SET message = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [row["message"], row["prev_hash"], row["hash"], row["id"]],
        )
    assert chain.verify_stored().intact
    assert f"第 #{rows[-1].id} 条的 MAC 与检查点" in _verify_fails()


def test_an_unreadable_checkpoint_is_reported(db: None, settings: Any) -> None:
    _append(1)
    (settings.DUBAN_AUDIT_CHECKPOINT_DIR / "audit-head-2025-03-01.json").write_text("{", encoding="utf-8")
    assert "无法读取或格式不对" in _verify_fails()

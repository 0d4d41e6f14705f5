"""The hash chain: verifies after real actions; any edit, removal or re-hash is found and named."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from duban import cli
from duban.accounts.models import User
from duban.auditlog import chain
from duban.auditlog.choices import Action, Result
from duban.auditlog.models import AuditEntry
from duban.auditlog.services import audit_record
from duban.plans.models import Plan
from duban.units.services import unit_create
from tests.auditlog.tamper import tamper


def _rows() -> list[AuditEntry]:
    return list(AuditEntry.objects.order_by("id"))


@pytest.fixture
def history(
    plan_2025: Plan, wang: User, li: User, shen: User, client_for: Callable[[User], Client]
) -> list[AuditEntry]:
    """An import, logins, a denial, a unit created, an audit-log export: a few dozen rows."""
    unit_create(actor=wang, name="链测试镇")
    client_for(li).get(reverse("auditlog:list"))  # 403, audited as a denial
    client_for(shen).get(reverse("auditlog:export"))
    audit_record(actor=None, action=Action.LOGIN_FAILED, result=Result.FAILURE, message="用户名：nobody")
    rows = _rows()
    assert len(rows) >= 10
    assert {Action.IMPORT, Action.LOGIN, Action.DENIED, Action.CREATE, Action.EXPORT} <= {
        r.action for r in rows
    }
    return rows


def test_every_row_links_to_the_one_before(history: list[AuditEntry]) -> None:
    assert history[0].prev_hash == chain.GENESIS
    for before, row in itertools.pairwise(history):
        assert row.prev_hash == before.hash and row.id > before.id
    assert all(len(r.hash) == 64 and r.hash == chain.row_hash(r._chain_values()) for r in history)


def test_the_chain_verifies_after_a_series_of_actions(history: list[AuditEntry]) -> None:
    result = chain.verify_stored()
    assert result.intact and result.checked == len(history)
    assert (result.head_id, result.head_hash) == (history[-1].id, history[-1].hash)


def test_without_a_key_the_hash_is_sha256_of_the_documented_serialisation(wang: User, settings: Any) -> None:
    """Pins the legacy canonical form: changing it would fail every stored unkeyed row."""
    settings.DUBAN_AUDIT_KEY_FILE = ""
    entry = audit_record(actor=wang, action=Action.UPDATE, changes={"b": [1, 2.5], "a": "甲"}, message="说明")
    stored = AuditEntry.objects.get(pk=entry.pk)
    expected = {
        "action": "update",
        "actor_id": wang.pk,
        "actor_name": "wang",
        "at": stored.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "changes": {"a": "甲", "b": [1, 2.5]},
        "id": stored.pk,
        "ip": None,
        "message": "说明",
        "object_id": "",
        "object_repr": "",
        "object_type": "",
        "prev_hash": stored.prev_hash,
        "result": "success",
        "role": wang.get_role_display(),
    }
    text = json.dumps(expected, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert stored.hash == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert stored.at.tzinfo is not None and text.count("+00:00") == 1
    assert stored.key_id is None and stored.algorithm is None


def test_values_that_the_database_rewrites_still_verify(wang: User) -> None:
    """jsonb turns 1e20 into 100000000000000000000, tuples become lists, IPv6 is normalised."""
    from duban.common.context import client_ip

    token = client_ip.set("2001:0db8:0000:0000:0000:0000:0000:0001")
    try:
        audit_record(
            actor=wang,
            action=Action.UPDATE,
            changes={
                "big": 1e20,
                "small": 1e-7,
                "pair": (1, 2),
                3: "int key",
                "nested": {"z": None, "a": True},
            },
        )
    finally:
        client_ip.reset(token)
    assert AuditEntry.objects.get(action=Action.UPDATE).ip == "2001:db8::1"
    assert chain.verify_stored().intact


def test_an_edited_row_is_named(history: list[AuditEntry]) -> None:
    victim = history[len(history) // 2]
    tamper("UPDATE auditlog_auditentry SET message = %s WHERE id = %s", ["改过的说明", victim.id])
    result = chain.verify_stored()
    assert not result.intact and result.broken is not None
    assert result.broken.id == victim.id and result.broken.at == victim.at
    assert "内容与其 MAC 不符" in result.broken.reason


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(history: list[AuditEntry]) -> None:
    victim = history[3]
    values = victim._chain_values() | {"actor_name": "someone_else"}
    tamper(
        "UPDATE auditlog_auditentry SET actor_name = %s, hash = %s WHERE id = %s",
        ["someone_else", chain.row_hash(values), victim.id],
    )
    result = chain.verify_stored()
    assert result.broken is not None and result.broken.id == history[4].id
    assert f"#{victim.id}" in result.broken.reason


def test_a_removed_row_is_found(history: list[AuditEntry]) -> None:
    tamper("DELETE FROM auditlog_auditentry WHERE id = %s", [history[5].id])
    result = chain.verify_stored()
    assert result.broken is not None and result.broken.id == history[6].id


def test_removing_the_first_rows_is_found(history: list[AuditEntry]) -> None:
    tamper("DELETE FROM auditlog_auditentry WHERE id <= %s", [history[1].id])
    result = chain.verify_stored()
    assert result.broken is not None and result.broken.id == history[2].id
    assert "前面的记录被删除" in result.broken.reason


def test_the_command_reports_the_first_broken_row_in_chinese_and_exits_2(
    history: list[AuditEntry], capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("audit_log", "verify")
    assert "审计日志完整" in capsys.readouterr().out
    assert cli.main(["audit-log", "verify"]) == 0
    assert f"共 {len(history)} 条" in capsys.readouterr().out

    victim = history[7]
    tamper("UPDATE auditlog_auditentry SET object_repr = 'x' WHERE id = %s", [victim.id])
    with pytest.raises(CommandError) as failed:
        call_command("audit_log", "verify")
    when = timezone.localtime(victim.at).strftime("%Y-%m-%d %H:%M:%S")
    assert failed.value.returncode == 2
    assert f"第一处断点是第 #{victim.id} 条（{when}）" in str(failed.value)
    assert cli.main(["audit-log", "verify"]) == 2
    err = capsys.readouterr().err
    assert "审计日志已被篡改" in err and f"#{victim.id}" in err


def test_an_empty_log_verifies(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert chain.verify_stored().intact
    call_command("audit_log", "verify")
    assert "审计日志为空" in capsys.readouterr().out

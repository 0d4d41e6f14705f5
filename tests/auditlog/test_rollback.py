"""If the audit row cannot be written, the change it records is not stored either.

These tests commit for real (transactional_db), so their teardown also exercises the
`flush` override that empties the append-only table between tests.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction

from duban.accounts.models import User
from duban.auditlog import chain
from duban.auditlog.choices import Action
from duban.auditlog.guard import installed_triggers
from duban.auditlog.models import AuditEntry
from duban.auditlog.services import audit_record
from duban.common.roles import Role
from duban.units.models import Unit
from duban.units.services import unit_create

FAILING = {
    "sqlite": (
        [
            "CREATE TRIGGER test_audit_insert_fails BEFORE INSERT ON auditlog_auditentry "
            "BEGIN SELECT RAISE(ABORT, 'audit insert failed on purpose'); END"
        ],
        ["DROP TRIGGER IF EXISTS test_audit_insert_fails"],
    ),
    "postgresql": (
        [
            "CREATE FUNCTION test_audit_insert_fails() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'audit insert failed on purpose'; END $$",
            "CREATE TRIGGER test_audit_insert_fails BEFORE INSERT ON auditlog_auditentry "
            "FOR EACH ROW EXECUTE FUNCTION test_audit_insert_fails()",
        ],
        [
            "DROP TRIGGER IF EXISTS test_audit_insert_fails ON auditlog_auditentry",
            "DROP FUNCTION IF EXISTS test_audit_insert_fails()",
        ],
    ),
}


@pytest.fixture
def failing_audit_insert(transactional_db: None) -> Iterator[None]:
    create, drop = FAILING[connection.vendor]
    with connection.cursor() as cursor:
        for sql in create:
            cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for sql in drop:
                cursor.execute(sql)


def test_a_failing_audit_insert_rolls_back_the_change(failing_audit_insert: None) -> None:
    with pytest.raises(DatabaseError, match="audit insert failed on purpose"):
        unit_create(actor=None, name="不该留下的镇")
    assert not Unit.objects.filter(name="不该留下的镇").exists()
    assert not AuditEntry.objects.exists()


def test_a_failing_hash_rolls_back_the_change(
    transactional_db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*row: object) -> str:
        raise RuntimeError("hashing failed on purpose")

    monkeypatch.setattr(chain, "row_hash", broken)
    with pytest.raises(RuntimeError):
        unit_create(actor=None, name="也不该留下的镇")
    assert not Unit.objects.filter(name="也不该留下的镇").exists()


def test_an_append_outside_any_transaction_is_its_own_transaction(transactional_db: None) -> None:
    """Login signals call audit_record in autocommit mode: the append still locks and links."""
    assert connection.get_autocommit()
    first = audit_record(actor=None, action=Action.LOGIN_FAILED, message="用户名：a")
    second = audit_record(actor=None, action=Action.LOGIN_FAILED, message="用户名：b")
    assert second.prev_hash == first.hash and chain.verify_stored().intact


def test_a_rolled_back_append_leaves_no_gap_in_the_chain(transactional_db: None) -> None:
    user = User.objects.create(username="rb", role=Role.SUPERVISOR)
    audit_record(actor=user, action=Action.LOGIN)
    with pytest.raises(IntegrityError), transaction.atomic():
        audit_record(actor=user, action=Action.UPDATE, message="rolled back")
        raise IntegrityError("the change failed")
    audit_record(actor=user, action=Action.LOGOUT)
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == ["login", "logout"]
    assert chain.verify_stored().intact


def test_flush_empties_the_audit_table_and_puts_the_triggers_back(transactional_db: None) -> None:
    audit_record(actor=None, action=Action.LOGIN_FAILED, message="before the flush")
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.exists()
    assert installed_triggers() == sorted(installed_triggers()) and len(installed_triggers()) == 2
    audit_record(actor=None, action=Action.LOGIN_FAILED, message="after the flush")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM auditlog_auditentry")
    assert AuditEntry.objects.get().prev_hash == chain.GENESIS

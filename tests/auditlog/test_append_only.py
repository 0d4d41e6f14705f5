"""The audit table is append-only: the database itself refuses UPDATE, DELETE and TRUNCATE.

Runs on SQLite and, with DATABASE_URL=postgresql://…, on PostgreSQL.
"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.guard import installed_triggers
from duban.auditlog.models import AppendOnlyError, AuditEntry
from duban.auditlog.services import audit_record
from duban.units.services import unit_create

EXPECTED_TRIGGERS = {
    "sqlite": ["auditlog_auditentry_no_delete", "auditlog_auditentry_no_update"],
    "postgresql": ["auditlog_auditentry_append_only", "auditlog_auditentry_no_truncate"],
}


@pytest.fixture
def entry(wang: User) -> AuditEntry:
    unit_create(actor=wang, name="审计测试镇")
    return AuditEntry.objects.get(object_repr="审计测试镇")


def _refused(sql: str, params: list[object] | None = None) -> str:
    with pytest.raises(IntegrityError) as refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])
    return str(refused.value)


def test_the_triggers_are_installed(db: None) -> None:
    assert installed_triggers() == EXPECTED_TRIGGERS[connection.vendor]


def test_the_database_refuses_an_update(entry: AuditEntry) -> None:
    message = _refused("UPDATE auditlog_auditentry SET message = 'changed' WHERE id = %s", [entry.pk])
    assert "审计日志只能追加" in message and "UPDATE" in message
    assert AuditEntry.objects.get(pk=entry.pk).message == entry.message


def test_the_database_refuses_a_delete(entry: AuditEntry) -> None:
    count = AuditEntry.objects.count()
    assert "DELETE" in _refused("DELETE FROM auditlog_auditentry WHERE id = %s", [entry.pk])
    assert "DELETE" in _refused("DELETE FROM auditlog_auditentry")
    assert AuditEntry.objects.count() == count


def test_the_database_refuses_to_empty_the_table(entry: AuditEntry) -> None:
    """TRUNCATE on PostgreSQL (a statement trigger); on SQLite DELETE without WHERE is the same thing."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # run the deferred FK checks, or PostgreSQL refuses first
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        assert "TRUNCATE" in _refused("TRUNCATE auditlog_auditentry")
        assert "TRUNCATE" in _refused("TRUNCATE auditlog_auditentry CASCADE")
    else:
        assert "DELETE" in _refused("DELETE FROM auditlog_auditentry")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_inserting_stays_allowed_after_a_refusal(entry: AuditEntry, wang: User) -> None:
    _refused("UPDATE auditlog_auditentry SET message = 'x'")
    audit_record(actor=wang, action=Action.EXPORT, message="之后照常追加")
    assert AuditEntry.objects.filter(message="之后照常追加").exists()


def test_the_orm_refuses_before_the_database_does(entry: AuditEntry) -> None:
    entry.message = "changed"
    with pytest.raises(AppendOnlyError, match="审计日志只能追加"):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(message="changed")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_create([AuditEntry(action=Action.LOGIN)])
    assert AuditEntry.objects.get(pk=entry.pk).message == ""


def test_an_account_with_audit_rows_cannot_be_deleted(entry: AuditEntry, wang: User) -> None:
    """Its rows would have to change (actor → NULL), and actor_id is hashed: deactivate instead."""
    with pytest.raises(ProtectedError):
        wang.delete()
    assert User.objects.filter(pk=wang.pk).exists()

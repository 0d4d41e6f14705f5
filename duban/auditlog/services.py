"""Writing audit rows. Call inside the transaction of the change being recorded.

A row is appended to the hash chain by `AuditEntry.save()` (duban/auditlog/chain.py),
inside the caller's transaction, or in its own when there is none (login signals): if the
audit insert fails, the change it records is rolled back with it.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from duban.accounts.models import User
from duban.auditlog.choices import Action, Result
from duban.auditlog.context import client_ip
from duban.auditlog.models import AuditEntry


def audit_record(
    *,
    actor: User | None,
    action: Action,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    result: Result = Result.SUCCESS,
    message: str = "",
) -> AuditEntry:
    """Record who did what to which object, with the request's address; append-only."""
    return AuditEntry.objects.create(
        actor=actor if actor and actor.pk else None,
        actor_name=actor.get_username() if actor else "",
        role=actor.get_role_display() if actor else "",
        ip=client_ip.get(),
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes=changes or {},
        result=result,
        message=message,
    )


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value differs."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}

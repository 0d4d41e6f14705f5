"""Writing audit rows. Call inside the transaction of the change being recorded.

Recording a successful write also marks its data as changed (duban/common/freshness.py), so
kept pages are computed again: pass the plan's scope when the write touched one plan only.

A row is appended to the hash chain by `AuditEntry.save()` (duban/auditlog/chain.py),
inside the caller's transaction, or in its own when there is none (login signals): if the
audit insert fails, the change it records is rolled back with it.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from duban.auditlog.choices import Action, Result
from duban.auditlog.models import AuditEntry
from duban.common.access import Person
from duban.common.context import client_ip
from duban.common.freshness import SHARED, data_changed

# What changes data; logins, denials, exports and downloads read it.
WRITES = frozenset({Action.CREATE, Action.UPDATE, Action.DELETE, Action.IMPORT, Action.UPLOAD, Action.MERGE})


def audit_record(
    *,
    actor: Person | None,
    action: Action,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    result: Result = Result.SUCCESS,
    message: str = "",
    scope: str = SHARED,
) -> AuditEntry:
    """Record who did what to which object, with the request's address; append-only."""
    entry = AuditEntry.objects.create(
        actor_id=actor.pk if actor and actor.pk else None,
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
    if result == Result.SUCCESS and action in WRITES:
        data_changed(scope)  # after the append: under the chain's lock, so writers never deadlock here
    return entry


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value differs."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def audit_denial(*, user: Person, what: str, **_: Any) -> None:
    """The receiver of ``access_denied``: a refused request is a failed 越权 attempt on record."""
    audit_record(actor=user, action=Action.DENIED, result=Result.FAILURE, message=what)

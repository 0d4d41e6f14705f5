from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import IntegrityError, models, router, transaction
from django.utils import timezone

from duban.auditlog import chain, keys
from duban.auditlog.choices import Action, Result

APPEND_ONLY = "审计日志只能追加，不能修改或删除"


class AppendOnlyError(IntegrityError):
    """Raised before the database would refuse anyway (its triggers raise the same kind of error)."""

    def __init__(self, what: str = "") -> None:
        super().__init__(f"{APPEND_ONLY}{f'（{what}）' if what else ''}")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("update")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("delete")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("bulk_update")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("bulk_create 绕过哈希链，请逐条用 audit_record 追加")


class AuditEntry(models.Model):
    """One thing someone did, written in the same transaction as the change itself.

    Append-only (database triggers refuse UPDATE/DELETE, see migration 0003) and chained:
    `hash` covers the row and `prev_hash`, the previous row's hash (duban/auditlog/chain.py).
    """

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    # PROTECT: an account with audit rows cannot be deleted (deactivate it instead); the
    # row could not be changed to NULL anyway, and actor_id is part of the hash.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", null=True, blank=True, on_delete=models.PROTECT
    )
    actor_name = models.CharField("用户名", max_length=150, blank=True)
    role = models.CharField("角色", max_length=40, blank=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    object_type = models.CharField("对象类型", max_length=60, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    changes = models.JSONField("变更", default=dict, blank=True)
    result = models.CharField("结果", max_length=10, choices=Result.choices, default=Result.SUCCESS)
    message = models.TextField("说明", blank=True)
    # NULL for a row only hash-chained (plain SHA-256): written before migration 0004 or
    # without DUBAN_AUDIT_KEY_FILE. Nullable so that adding them is an ALTER TABLE ADD COLUMN
    # on SQLite, not a table rebuild that would drop the append-only triggers.
    key_id = models.CharField("密钥编号", max_length=40, null=True, blank=True, editable=False)
    algorithm = models.CharField("封存算法", max_length=20, null=True, blank=True, editable=False)
    prev_hash = models.CharField("上一条哈希", max_length=64, editable=False)
    hash = models.CharField("哈希", max_length=64, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "审计记录"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        constraints = [
            # One chain: no two rows may follow the same row.
            models.UniqueConstraint(fields=["prev_hash"], name="auditlog_one_chain"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args: Any, using: str | None = None, **kwargs: Any) -> None:
        """Append this new row at the head of the chain; a stored row cannot be saved again."""
        if not self._state.adding:
            raise AppendOnlyError("save")
        using = using or router.db_for_write(AuditEntry, instance=self)
        ip_field = self._meta.get_field("ip")
        assert isinstance(ip_field, models.GenericIPAddressField)  # declared above
        self.ip = ip_field.get_prep_value(self.ip) or None
        self.changes = chain.normalise_changes(self.changes)
        if timezone.is_naive(self.at):
            self.at = timezone.make_aware(self.at)
        # savepoint=False: if the insert fails, the caller's whole transaction rolls back.
        with transaction.atomic(using=using, savepoint=False):
            ring = keys.configured()
            self.key_id, self.algorithm = (ring.current, ring.algorithm) if ring else (None, None)
            self.id, self.prev_hash = chain.lock_and_head(using)
            self.hash = chain.row_hash(self._chain_values(), ring)
            super().save(using=using, force_insert=True)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("delete")

    def _chain_values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in chain.COLUMNS}

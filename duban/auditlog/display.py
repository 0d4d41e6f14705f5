"""Audit rows in the office's words: fields as the models name them (完成情况, not ``progress``),
values as the pages show them (是/否/（空）, 草稿 rather than ``draft``), people by name and unit, and
a character diff of each changed text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from duban.auditlog.models import AuditEntry
from duban.core.dates import cn_date
from duban.core.textdiff import text_diff

EMPTY = "（空）"

# Keys some services record that are not model fields.
_KEY_LABELS = {
    "attachment": "附件",
    "bytes": "字节数",
    "carried_over": "结转任务数",
    "contribution": "配合情况",
    "dropped": "删去事项数",
    "file": "文件",
    "filed": "填报项数",
    "filters": "筛选条件",
    "flagged": "标记修改项数",
    "from": "来源计划",
    "milestones": "进度节点数",
    "items": "交办事项数",
    "kept": "保留事项数",
    "numbers": "督办编号",
    "on_behalf_of": "代报单位",
    "public_fields": "公开字段",
    "reference": "文号",
    "reports": "填报项数",
    "rows": "行数",
    "rule": "填报规则",
    "sha256": "SHA-256",
    "source": "来源",
    "subtasks": "分解任务数",
    "subtask": "分解任务",
    "subtask_report": "分解任务填报",
    "submitted": "是否提交",
    "unmatched": "未匹配行数",
}


@dataclass(frozen=True)
class FieldChange:
    """One field of an audit row: its name, its value before and after, and the text diff."""

    label: str
    old: str
    new: str
    diff: list[tuple[str, str]]  # (equal|insert|delete, text); empty when not two texts
    is_change: bool  # a before → after pair, not a single recorded value


@dataclass(frozen=True)
class EntryView:
    entry: AuditEntry
    who: str  # 王芳（霞科办）
    changes: list[FieldChange]


def entries_in_words(entries: Iterable[AuditEntry]) -> list[EntryView]:
    """The rows as a history list shows them; read them with ``select_related("actor__unit")``."""
    return [EntryView(entry, person_of(entry), entry_changes(entry)) for entry in entries]


def person_of(entry: AuditEntry) -> str:
    """Who did it: the person's name with the unit, the recorded name of a removed account, or 系统."""
    actor = entry.actor
    if actor is None:
        return entry.actor_name or "系统"
    name = actor.display_name()
    return f"{name}（{actor.unit.name}）" if actor.unit_id and actor.unit else name


def entry_changes(entry: AuditEntry) -> list[FieldChange]:
    """The row's changes, the model's fields first in the order the model declares them (PostgreSQL
    keeps JSON keys in its own order), then any other keys as recorded."""
    model = _model(entry.object_type)
    order = {f.name: i for i, f in enumerate(model._meta.fields)} if model else {}
    items = sorted((entry.changes or {}).items(), key=lambda item: order.get(item[0], len(order)))
    shown = []
    for key, value in items:
        field = _field(model, key)
        label = str(field.verbose_name) if field is not None else _KEY_LABELS.get(key, key)
        if isinstance(value, list) and len(value) == 2:
            old, new = value
            texts = isinstance(old, str | None) and isinstance(new, str) and not _has_choices(field)
            diff = text_diff(old or "", new) if texts and (old or "") and new else []
            shown.append(
                FieldChange(label, value_in_words(field, old), value_in_words(field, new), diff, True)
            )
        else:
            shown.append(FieldChange(label, "", value_in_words(field, value), [], False))
    return shown


def value_in_words(field: models.Field[Any, Any] | None, value: Any) -> str:
    """是 / 否 / （空）, a choice's label, a list joined with 、, anything else as written."""
    if value is None or value == "" or value == []:
        return EMPTY
    if value is True:
        return "是"
    if value is False:
        return "否"
    if _has_choices(field):
        assert field is not None
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        try:
            return cn_date(dt.date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    return str(value)


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _has_choices(field: models.Field[Any, Any] | None) -> bool:
    return field is not None and bool(field.choices)

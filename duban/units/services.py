"""Changing the unit directory. Each function is one audited transaction."""

from __future__ import annotations

import re
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction

from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.access import Person
from duban.units.choices import UnitKind
from duban.units.models import Unit, UnitAlias, UnitGroup
from duban.units.signals import unit_merging

_KIND_BY_NAME = (
    (re.compile(r"(大学|学院|校区)"), UnitKind.UNIVERSITY),
    (re.compile(r"集团$"), UnitKind.GROUP_COMPANY),
    (re.compile(r"(镇|街道)$"), UnitKind.TOWN),
    (re.compile(r"(园区|开发区|高新区)$"), UnitKind.PARK),
    (re.compile(r"(公司|企业|水务)$"), UnitKind.COMPANY),
    (re.compile(r"^(市|区|县)|局$|委$|办$|中心$|院$|支行$|组$"), UnitKind.BUREAU),
)


def guess_unit_kind(name: str) -> UnitKind:
    """A first guess from the name (青阳镇 → 镇街); the office can change it."""
    for pattern, kind in _KIND_BY_NAME:
        if pattern.search(name):
            return kind
    return UnitKind.OTHER


def _name_taken(name: str, *, except_unit: Unit | None = None) -> bool:
    units = Unit.objects.filter(name=name)
    if except_unit is not None:
        units = units.exclude(pk=except_unit.pk)
    return (
        units.exists()
        or UnitAlias.objects.filter(name=name).exists()
        or UnitGroup.objects.filter(name=name).exists()
    )


def unit_create(*, actor: Person | None, name: str, kind: UnitKind | None = None) -> Unit:
    with transaction.atomic():
        if _name_taken(name):
            raise ValidationError(f"名称“{name}”已被单位、别名或单位组使用")
        unit = Unit(name=name, kind=kind or guess_unit_kind(name))
        unit.full_clean()
        unit.save()
        audit_record(actor=actor, action=Action.CREATE, obj=unit, changes={"name": [None, name]})
    return unit


def unit_alias_add(*, actor: Person | None, unit: Unit, name: str) -> UnitAlias:
    with transaction.atomic():
        if _name_taken(name):
            raise ValidationError(f"名称“{name}”已被单位、别名或单位组使用")
        alias = UnitAlias(unit=unit, name=name)
        alias.full_clean()
        alias.save()
        audit_record(actor=actor, action=Action.CREATE, obj=alias, changes={"alias": [None, name]})
    return alias


def unit_merge(*, actor: Person | None, source: Unit, target: Unit) -> Unit:
    """Fold source into target: whatever names it (tasks, reports, accounts, buildings … through
    ``unit_merging``), its aliases and its groups move; its name becomes an alias."""
    if source.pk == target.pk:
        raise ValidationError("不能把单位合并到它自己")
    with transaction.atomic():
        moved: dict[str, int] = {}
        for _, counts in unit_merging.send(sender=Unit, source=source, target=target):
            moved |= cast(dict[str, int], counts)  # what each receiver moved (duban/units/signals.py)
        source.aliases.update(unit=target)
        for group in source.groups.all():
            group.members.add(target)
        name = source.name
        audit_record(
            actor=actor,
            action=Action.MERGE,
            obj=target,
            changes={"merged": [name, target.name], **moved},
        )
        source.delete()
        UnitAlias.objects.create(unit=target, name=name)
    return target

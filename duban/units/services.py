"""Changing the unit directory. Each function is one audited transaction."""

from __future__ import annotations

import re
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

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
    return bool(_names_taken([name], units=units))


def _names_taken(names: list[str], *, units: QuerySet[Unit] | None = None) -> list[str]:
    """Those of the names a unit, an alias or a group already bears, in three queries."""
    found = {
        *(units if units is not None else Unit.objects.all())
        .filter(name__in=names)
        .values_list("name", flat=True),
        *UnitAlias.objects.filter(name__in=names).values_list("name", flat=True),
        *UnitGroup.objects.filter(name__in=names).values_list("name", flat=True),
    }
    return [name for name in names if name in found]


def unit_create(*, actor: Person | None, name: str, kind: UnitKind | None = None) -> Unit:
    return units_create(actor=actor, names=[name], kind=kind)[0]


def units_create(*, actor: Person | None, names: list[str], kind: UnitKind | None = None) -> list[Unit]:
    """New units of these names (each kind guessed from its name unless given), each audited,
    checked and inserted together: an imported table may name dozens, inside its write lock."""
    with transaction.atomic():
        taken = _names_taken(names)
        if taken:
            raise ValidationError(f"名称“{taken[0]}”已被单位、别名或单位组使用")
        units = [Unit(name=name, kind=kind or guess_unit_kind(name)) for name in dict.fromkeys(names)]
        for unit in units:
            unit.full_clean(validate_unique=False)  # the names were checked above, in one query each
        Unit.objects.bulk_create(units)
        for unit in units:
            audit_record(actor=actor, action=Action.CREATE, obj=unit, changes={"name": [None, unit.name]})
    return units


def unit_alias_add(*, actor: Person | None, unit: Unit, name: str) -> UnitAlias:
    with transaction.atomic():
        if _name_taken(name):
            raise ValidationError(f"名称“{name}”已被单位、别名或单位组使用")
        alias = UnitAlias(unit=unit, name=name)
        alias.full_clean()
        alias.save()
        audit_record(actor=actor, action=Action.CREATE, obj=alias, changes={"alias": [None, name]})
    return alias


def unit_parent_set(*, actor: Person | None, unit: Unit, parent: Unit | None) -> Unit:
    """Put the unit under parent (None: at the top); refuses a unit under itself or under one of
    the units below it, so the directory stays a tree."""
    if parent is not None and unit_is_above(unit, parent):
        raise ValidationError(
            f"不能把“{unit.name}”设为“{parent.name}”的下级：{parent.name}已在{unit.name}之下"
        )
    with transaction.atomic():
        before = unit.parent.name if unit.parent else None
        unit.parent = parent
        unit.save(update_fields=["parent"])
        after = parent.name if parent else None
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=unit,
            changes={"parent": [before, after]},
            message=f"{unit.name}的上级单位设为{after}" if after else f"{unit.name}不再有上级单位",
        )
    return unit


def unit_is_above(unit: Unit, other: Unit) -> bool:
    """unit is other or one of other's ancestors (walks up from other; the tree is shallow)."""
    seen: set[int] = set()
    current: Unit | None = other
    while current is not None and current.pk not in seen:
        if current.pk == unit.pk:
            return True
        seen.add(current.pk)
        current = current.parent
    return False


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
        _children_move(source, target)
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


def _children_move(source: Unit, target: Unit) -> None:
    """The merged unit's sub-units go under the unit it joined; the target itself, if it was one of
    them, takes the source's place in the tree."""
    if target.parent_id == source.pk:
        target.parent_id = source.parent_id
        target.save(update_fields=["parent"])
    Unit.objects.filter(parent=source).exclude(pk=target.pk).update(parent=target)

"""Changing buildings, their renovations and carriers. Each function is one audited transaction.

Every change to a building also lands in its dated history (``BuildingChange``),
which is what the building page shows as a timeline: the 动态管理 of the 信息库.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Field, Model

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.buildings.choices import BuildingState, ChangeSource
from duban.buildings.models import Building, BuildingChange, Carrier, Renovation
from duban.common.refusals import Refused
from duban.core import clock
from duban.core.dates import cn_date
from duban.units.models import Unit

TRACKED = (
    "name",
    "unit",
    "address",
    "owner_type",
    "owner",
    "floor_area_m2",
    "land_area_m2",
    "land_tenure",
    "land_use",
    "building_state",
    "idle_since",
    "note",
)


def shown(obj: Model, name: str) -> str:
    """A field's value as the office reads it: labels for choices, 2023年3月1日 for dates."""
    value = getattr(obj, name)
    field = obj._meta.get_field(name)
    if value is None or value == "":
        return ""
    if getattr(field, "choices", None):
        return str(getattr(obj, f"get_{name}_display")())
    if isinstance(value, dt.date):
        return cn_date(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def field_label(model: type[Model], name: str) -> str:
    """The verbose name of one of the model's own fields (建筑面积（平方米）)."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(f"{model.__name__}.{name} is the far end of a relation, not a field")
    return str(field.verbose_name)


def _phrase(obj: Model, name: str) -> str:
    """改造面积6880平方米, 开工日期2022年5月1日: a field as a phrase of a summary, empty if unset."""
    value = shown(obj, name)
    if not value:
        return ""
    label = field_label(type(obj), name)
    if label.endswith("（平方米）"):
        return f"{label.removesuffix('（平方米）')}{value}平方米"
    return f"{label}{value}"


def _snapshot(building: Building) -> dict[str, str]:
    return {name: shown(building, name) for name in TRACKED}


def history_write(
    building: Building,
    actor: User | None,
    *,
    source: ChangeSource,
    on: dt.date | None,
    rows: list[tuple[str, str, str, str]],  # field, label, old, new
) -> list[BuildingChange]:
    now, today = clock.now(), on or clock.today()
    name = actor.display_name() if actor else "系统"
    return BuildingChange.objects.bulk_create(
        BuildingChange(
            building=building,
            on=today,
            at=now,
            actor=actor if actor and actor.pk else None,
            actor_name=name,
            source=source,
            field=field,
            label=label,
            old=old,
            new=new,
        )
        for field, label, old, new in rows
    )


def building_create(
    *,
    actor: User | None,
    values: dict[str, Any],
    source: ChangeSource = ChangeSource.CREATED,
    on: dt.date | None = None,
) -> Building:
    with transaction.atomic():
        building = Building(**values)
        building.full_clean()
        building.save()
        after = _snapshot(building)
        summary = f"{after['unit']}，建筑面积{after['floor_area_m2']}平方米，{after['building_state']}"
        history_write(building, actor, source=source, on=on, rows=[("", "新建入库", "", summary)])
        changes = {field_label(Building, k): [None, v] for k, v in after.items() if v}
        audit_record(actor=actor, action=Action.CREATE, obj=building, changes=changes)
    return building


def building_update(
    *,
    actor: User | None,
    building: Building,
    values: dict[str, Any],
    on: dt.date | None = None,
    source: ChangeSource = ChangeSource.FORM,
) -> list[BuildingChange]:
    """Apply the values; write one history row per field that really changed."""
    with transaction.atomic():
        building = Building.objects.select_for_update().select_related("unit").get(pk=building.pk)
        before = _snapshot(building)
        for name, value in values.items():
            setattr(building, name, value)
        building.full_clean()
        after = _snapshot(building)
        rows = [(k, field_label(Building, k), before[k], after[k]) for k in TRACKED if before[k] != after[k]]
        if not rows:
            return []
        building.save()
        changes = history_write(building, actor, source=source, on=on, rows=rows)
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=building,
            changes={label: [old, new] for _, label, old, new in rows},
            message=source.label,
        )
    return changes


# ---------------------------------------------------------------- renovations


def _renovation_summary(renovation: Renovation) -> str:
    phrases = (_phrase(renovation, n) for n in ("started_on", "finished_on", "area_m2", "investor"))
    return "，".join([renovation.title, *(p for p in phrases if p)])


def renovation_save(
    *, actor: User | None, building: Building, values: dict[str, Any], renovation: Renovation | None = None
) -> Renovation:
    """Create or change a renovation; the building's state follows it (闲置 → 改造中 → 已改造)."""
    with transaction.atomic():
        created = renovation is None
        renovation = renovation or Renovation(building=building)
        old = "" if created else _renovation_summary(Renovation.objects.get(pk=renovation.pk))
        for name, value in values.items():
            setattr(renovation, name, value)
        renovation.full_clean()
        renovation.save()
        new = _renovation_summary(renovation)
        if old != new:
            on = renovation.finished_on or renovation.started_on
            history_write(
                building, actor, source=ChangeSource.RENOVATION, on=on, rows=[("", "改造项目", old, new)]
            )
            audit_record(
                actor=actor,
                action=Action.CREATE if created else Action.UPDATE,
                obj=renovation,
                changes={"改造项目": [old or None, new]},
            )
        _state_follow(actor, building, renovation)
    return renovation


def _state_follow(actor: User | None, building: Building, renovation: Renovation) -> None:
    state = BuildingState(building.building_state)
    if renovation.finished_on and state in (BuildingState.IDLE, BuildingState.RENOVATING):
        target, on = BuildingState.RENOVATED, renovation.finished_on
    elif renovation.started_on and not renovation.finished_on and state == BuildingState.IDLE:
        target, on = BuildingState.RENOVATING, renovation.started_on
    else:
        return
    building_update(
        actor=actor,
        building=building,
        values={"building_state": target},
        on=min(on, clock.today()),
        source=ChangeSource.RENOVATION,
    )
    building.refresh_from_db()


# ---------------------------------------------------------------- carriers


def _carrier_summary(carrier: Carrier) -> str:
    title = f"{carrier.name}（{carrier.get_kind_display()}，{carrier.get_level_display()}）"
    phrases = (_phrase(carrier, n) for n in ("operator", "area_m2", "founding_unit", "established_on"))
    return "，".join([title, *(p for p in phrases if p)])


def carrier_save(*, actor: User | None, values: dict[str, Any], carrier: Carrier | None = None) -> Carrier:
    """Create or change a carrier; its building's history records it."""
    with transaction.atomic():
        created = carrier is None
        carrier = carrier or Carrier()
        old = "" if created else _carrier_summary(Carrier.objects.get(pk=carrier.pk))
        old_building = None if created else carrier.building_id
        for name, value in values.items():
            setattr(carrier, name, value)
        carrier.full_clean()
        carrier.save()
        new = _carrier_summary(carrier)
        if old == new and old_building == carrier.building_id:
            return carrier
        rows = [("", "科创载体", old, new)]
        history_write(
            carrier.building, actor, source=ChangeSource.CARRIER, on=carrier.established_on, rows=rows
        )
        if old_building not in (None, carrier.building_id):
            moved = [("", "科创载体", old, f"迁往{carrier.building.name}")]
            history_write(
                Building.objects.get(pk=old_building), actor, source=ChangeSource.CARRIER, on=None, rows=moved
            )
        audit_record(
            actor=actor,
            action=Action.CREATE if created else Action.UPDATE,
            obj=carrier,
            changes={"科创载体": [old or None, new]},
        )
    return carrier


def buildings_unit_merge(*, source: Unit, target: Unit, **_: Any) -> dict[str, int]:
    """``unit_merging``: the merged unit's buildings and the carriers it set up move to the unit
    it joined; two buildings of one name would become one town's twins, so that is refused."""
    clash = Building.objects.filter(unit=source, name__in=Building.objects.filter(unit=target).values("name"))
    names = "、".join(clash.values_list("name", flat=True)[:5])
    if names:
        raise Refused(f"无法合并：“{source.name}”和“{target.name}”都有楼宇“{names}”，请先改名")
    return {
        "buildings": Building.objects.filter(unit=source).update(unit=target),
        "carriers": Carrier.objects.filter(founding_unit=source).update(founding_unit=target),
    }

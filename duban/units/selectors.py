"""Reading the unit directory."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from duban.units.choices import NameMatch
from duban.units.models import Unit, UnitAlias, UnitGroup

_FILLER = re.compile(r"[和与及、]")  # 市自然资源和规划局 vs 市自然资源规划局
SIMILARITY = 0.85


@dataclass(frozen=True)
class UnitNameMatch:
    name: str  # as written in the file
    match: NameMatch
    unit: Unit | None = None
    group: UnitGroup | None = None
    suggestion: Unit | None = None  # for SIMILAR: the unit it probably is


def unit_directory() -> QuerySet[Unit]:
    return Unit.objects.select_related("parent").prefetch_related(
        "aliases", Prefetch("groups", queryset=UnitGroup.objects.only("name"))
    )


def unit_groups() -> QuerySet[UnitGroup]:
    return UnitGroup.objects.prefetch_related("members")


def unit_names_match(names: list[str]) -> list[UnitNameMatch]:
    """How each name relates to the directory: existing, alias, group, similar or new."""
    units = {u.name: u for u in Unit.objects.all()}
    aliases = {a.name: a.unit for a in UnitAlias.objects.select_related("unit")}
    groups = {g.name: g for g in UnitGroup.objects.all()}
    return [_match(name, units, aliases, groups) for name in names]


def _match(
    name: str, units: dict[str, Unit], aliases: dict[str, Unit], groups: dict[str, UnitGroup]
) -> UnitNameMatch:
    if name in units:
        return UnitNameMatch(name, NameMatch.EXISTING, unit=units[name])
    if name in aliases:
        return UnitNameMatch(name, NameMatch.ALIAS, unit=aliases[name])
    if name in groups:
        return UnitNameMatch(name, NameMatch.GROUP, group=groups[name])
    similar = similar_unit(name, units)
    if similar is not None:
        return UnitNameMatch(name, NameMatch.SIMILAR, suggestion=similar)
    return UnitNameMatch(name, NameMatch.NEW)


def similar_unit(name: str, units: dict[str, Unit]) -> Unit | None:
    """The existing unit a new name most probably means, if one is close enough."""
    plain = _FILLER.sub("", name)
    best, best_ratio = None, SIMILARITY
    for other, unit in units.items():
        ratio = difflib.SequenceMatcher(None, plain, _FILLER.sub("", other)).ratio()
        if ratio >= best_ratio:
            best, best_ratio = unit, ratio
    return best
